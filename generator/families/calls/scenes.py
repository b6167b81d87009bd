"""What the call families' items are made of: claims about a run, the params, the programs, and
``Situation``, the small class each situation of a family is.

A claim's value is ``ok(...)`` (the layer built, by its five facts), ``err(where, type, message)``
(``where`` the failing statement, None when the file does not parse) or ``LATE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..base import code_span
from ..record import DictParams

# --- claims ---------------------------------------------------------------------------------

SYNTAX_PLACE = re.compile(r" \(<question>, line (\d+)\)$")
CLASS_DEFINED = "class Tagger"  # the "where" of a claim that defining the class fails


def ok(i, h, layers=1, bf=False, bi=False) -> tuple:
    return ("ok", (i, h, layers, bf, bi))


def err(where: str | None, exc: str, message: str) -> tuple:
    return ("error", where, exc, message)


def missing(names: list[str], owner: str = "RNNBase.__init__()") -> str:
    quoted = [f"'{n}'" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    s = "" if len(names) == 1 else "s"
    return f"{owner} missing {len(names)} required positional argument{s}: {listed}"


def unexpected(keyword: str) -> str:
    return f"RNNBase.__init__() got an unexpected keyword argument '{keyword}'"


def multiple(name: str) -> str:
    return f"RNNBase.__init__() got multiple values for argument '{name}'"


def layer_text(facts: tuple) -> str:
    i, h, layers, bf, bi = facts
    extra = "".join([f", {layers} layers" if layers != 1 else "", ", batch first" if bf else "",
                     ", both directions" if bi else ""])
    return f"It runs: `lstm` reads {i} features per step into a state of {h}{extra}."


LATE = ("late",)  # a claim that the layer is built and the problem surfaces only with data


def claim_text(value: tuple, code: str, statements: tuple) -> str:
    """What a claim says, as a student reads it. An error names where it happens: the line a
    ``SyntaxError`` reports, or the failing statement (after the one before it, which ran)."""
    if value == LATE:
        return "It builds `lstm`; the missing size is reported only when data first goes through it."
    if value[0] == "ok":
        return layer_text(value[1])
    _, where, exc, message = value
    place = SYNTAX_PLACE.search(message)
    shown = SYNTAX_PLACE.sub("", message)
    if where is None:
        lines = code.splitlines()
        line = int(place.group(1)) if place else 0
        if 1 <= line <= len(lines):
            return f"Line {line}, `{lines[line - 1].strip()}`, does not parse: `{exc}`: {code_span(shown)}"
        return f"The file does not parse: `{exc}`: {code_span(shown)}"
    if where == CLASS_DEFINED:
        return f"Defining `Tagger` raises `{exc}`: {code_span(shown)}"
    texts = [text for _, text in statements]
    before = texts[texts.index(where) - 1] if where in texts and texts.index(where) > 0 else None
    if before:
        return f"`{before}` runs, then `{where}` raises `{exc}`: {code_span(shown)}"
    return f"`{where}` raises `{exc}`: {code_span(shown)}"


def layer_facts(layer: dict) -> tuple:
    return (layer["input_size"], layer["hidden_size"], layer["num_layers"], layer["batch_first"],
            layer["bidirectional"])


@dataclass(frozen=True)
class Scene:
    """One program: its lines, its statements in order as (name they assign, text shown), and
    the traps (claim value, misconception id, why) a student could fall into."""

    code: str
    statements: tuple[tuple[str, str], ...]
    traps: tuple[tuple[tuple, str, str], ...]
    stem: str
    rule: str  # the rule the item turns on, with this item's numbers
    hint: str
    check: str  # a second route to the outcome
    mistakes: tuple[str, ...]


@dataclass(frozen=True)
class CallAsk(DictParams):
    OPTIONAL = ("kind",)  # stored only when not "single": single items keep the params they had before kinds existed

    situation: str
    variant: str
    input_size: int
    hidden_size: int
    other: int  # a second number the situation uses: layers, a second hidden size, a length
    kind: str = "single"  # "multiple": which of several lines fail


# --- programs -----------------------------------------------------------------------------------

HEAD = "import torch.nn as nn\n\n"
TORCH_HEAD = "import torch\nimport torch.nn as nn\n\n"
PARTIAL_IMPORT = "from functools import partial\n\n"


def bare_program(stmt: str) -> tuple[str, tuple]:
    return HEAD + stmt + "\n", (("lstm", stmt),)


def setup_program(name: str, line: str, stmt: str, imports: str = "") -> tuple[str, tuple]:
    """A line that assigns ``name`` (a dict, a tuple, a partial), then the statement that uses it."""
    return imports + HEAD + f"{line}\n{stmt}\n", ((name, line), ("lstm", stmt))


def tagger_program(inner: str, args: str) -> tuple[str, tuple]:
    code = (HEAD + "\nclass Tagger(nn.Module):\n    def __init__(self, n_features, n_hidden):\n"
            f"        super().__init__()\n        self.lstm = {inner}\n\n\nmodel = Tagger({args})\nlstm = model.lstm\n")
    return code, (("model", f"model = Tagger({args})"), ("lstm", "lstm = model.lstm"))


def forward_program(call: str, step: str, i: int, t: int) -> tuple[str, tuple]:
    lines = [f"lstm = {call}", f"x = torch.randn({t}, 3, {i})", step]
    return TORCH_HEAD + "\n".join(lines) + "\n", (("lstm", lines[0]), ("x", lines[1]), ("out", lines[2]))


# --- situations ---------------------------------------------------------------------------------


class Draft(NamedTuple):
    """What a situation writes for one item: the program, its statements in order as (name they
    assign, text shown), the traps, and the rule with the item's numbers."""

    code: str
    statements: tuple[tuple[str, str], ...]
    traps: list
    rule: str


class Situation:
    """One situation a family asks about (a bare call, a config dict, a partial, ...): its level,
    its variants, and the texts every variant shares; ``draft`` writes one item's program, traps
    and rule."""

    name: str = ""
    level: str = ""
    variants: tuple[str, ...] = ()
    stem: str = ""
    hint: str = ""
    check: str = ""
    mistakes: tuple[str, ...] = ()
    # variant -> the misconceptions it cannot tell from the truth (they would give its key)
    dropped: dict[str, tuple[str, ...]] = {}

    def draft(self, p: CallAsk) -> Draft:
        raise NotImplementedError

    def hint_for(self, p: CallAsk) -> str:
        return self.hint

    def scene(self, p: CallAsk) -> Scene:
        code, statements, traps, rule = self.draft(p)
        traps = drop(traps, *self.dropped.get(p.variant, ()))
        return Scene(code, statements, tuple(traps), self.stem, rule, hint=self.hint_for(p), check=self.check,
                     mistakes=self.mistakes)


def by_name(*situations: Situation) -> dict[str, Situation]:
    """The table a family looks its situations up in."""
    return {s.name: s for s in situations}


def drop(traps: list, *ids: str) -> list:
    """The traps without the misconceptions this configuration cannot tell from the truth."""
    return [t for t in traps if t[1] not in ids]
