"""missing-argument and wrong-keyword: what happens when code calls ``nn.LSTM`` (or a wrapper of
it) with an argument missing, misspelt, repeated or out of place.

Each item is a short program in a situation (a bare call, a layer built inside a model class, a
config dict unpacked with ``**``, a ``functools.partial``, a tuple of sizes, a forward call, ...).
Some programs run, some raise ``TypeError``, some fail in other ways (``SyntaxError``,
``ValueError``); torch's own outcome is the key. A claim names the statement that fails, the
exception and its message, or, for a program that runs, the layer it builds: the failing statement
is read off which names the run left behind, never assumed. Every wrong option is a named
misconception computed from the item's numbers.

``scenes`` holds the claims, programs and the ``Situation`` base; ``family`` the machinery both
families share; ``missing`` and ``keyword`` one family each, with a small class per situation.
"""

from .keyword import KEYWORD_SITUATIONS, WrongKeyword
from .missing import MISSING_SITUATIONS, MissingArgument

__all__ = ["KEYWORD_SITUATIONS", "MISSING_SITUATIONS", "MissingArgument", "WrongKeyword"]
