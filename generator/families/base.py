"""What every question family provides, and small helpers they share.

A family is a few pure steps over plain data (no torch here):

- ``sample(rng, difficulty)`` draws params;
- ``snippet(params)`` is the code shown to the student and run by torch (or None);
- ``options(params, main)`` proposes the intended answer and wrong candidates, each named
  after the misconception it embodies; a candidate is a claimed ``value`` or a ``program``;
- ``truth(params, main)`` reads the answer off torch's outcome (value options);
- ``achieves(params, outcome)`` says whether an option's program did what was asked;
- ``explain(params, main, correct)`` gives the solution steps, quick check and hint.

``lstmq.engine.assemble`` runs torch, keeps only candidates torch shows to be wrong, places them and
writes the record.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from ..model import Candidate, Outcome

# Sizes a question may draw stay small, so running its code allocates well under a few MB
# (tests/test_limits.py holds every family, wrong options included, to 2 million numbers).
MAX_SIZE = 64
MAX_SEQ_LEN = 32
MAX_BATCH = 16


@dataclass(frozen=True)
class Explanation:
    steps: tuple[str, ...]
    quick_check: str
    hint: str
    # Common mistakes in the family's own words for this item. Empty: the engine falls back
    # to the wrong options' whys, which `lstmq audit` flags as copied.
    mistakes: tuple[str, ...] = ()


class Family:
    name: str = ""
    difficulties: tuple[str, ...] = ()
    summary: str = ""
    kinds: tuple[str, ...] = ("single",)  # lstmq.model.KINDS this family can write
    # Names the runner describes after running the snippet and each option program.
    probes: tuple[str, ...] = ()
    option_probes: tuple[str, ...] = ()
    # Modules of torch the family's snippets load on first use. Worker processes fork from a
    # server that imports these once, so each worker does not pay for them again.
    preload: tuple[str, ...] = ()

    def sample(self, rng: random.Random, difficulty: str) -> Any:
        """Params for one question: a plain dict, or a frozen dataclass the family reads by
        attribute (then ``encode``/``decode`` turn it into the dict a bank stores and back)."""
        raise NotImplementedError

    def sample_kind(self, rng: random.Random, difficulty: str, kind: str) -> Any:
        """Params for a question of ``kind``. A family with more kinds than "single" overrides
        this and records the kind in its params, so ``lstmq check`` re-derives the same kind."""
        if kind != "single":
            raise ValueError(f"{self.name} writes no {kind} questions")
        return self.sample(rng, difficulty)

    def kind_of(self, params: Any) -> str:
        return "single"

    def kind_capacity(self, difficulty: str, kind: str) -> int:
        """How many distinct params of ``kind`` this family can draw at ``difficulty``."""
        return self.capacity(difficulty)

    def accepts(self, params: Any, main: Outcome | None, value: Any) -> bool:
        """Whether a value option is right. Multiple-answer families with several right values
        override this; by default the one truth is right."""
        return value == self.truth(params, main)

    def tolerance(self, params: Any) -> float:
        """How far a numeric answer may be off (numeric items)."""
        return 0

    def unit(self, params: Any) -> str:
        """What a numeric answer counts or how it is rounded, as the student reads it."""
        raise NotImplementedError(f"{self.name} has no numeric items")

    def encode(self, params: Any) -> dict:
        """The params as the JSON object a bank stores (key order is part of the bytes)."""
        return params if isinstance(params, dict) else params.to_dict()

    def decode(self, data: dict) -> Any:
        """The params a bank stored, in the form ``sample`` returns (a dict unless overridden)."""
        return data

    def difficulty_of(self, params: dict) -> str:
        return self.difficulties[0]

    def capacity(self, difficulty: str) -> int:
        """How many distinct params this family can draw at ``difficulty``."""
        raise NotImplementedError

    def snippet(self, params: dict) -> str | None:
        return None

    def stem(self, params: dict) -> str:
        raise NotImplementedError

    def shown_stem(self, params: dict, main: Outcome | None) -> str:
        """The stem as the question shows it: ``stem(params)``, unless the family quotes what its
        snippet's run produced (training-trace shows the log torch wrote)."""
        return self.stem(params)

    def options(self, params: dict, main: Outcome | None) -> tuple[Candidate, list[Candidate]]:
        raise NotImplementedError

    def truth(self, params: dict, main: Outcome | None) -> Any:
        raise NotImplementedError(f"{self.name} has no value options")

    def achieves(self, params: dict, outcome: Outcome) -> bool:
        raise NotImplementedError(f"{self.name} has no code options")

    def explain(self, params: dict, main: Outcome | None, correct: Candidate) -> Explanation:
        raise NotImplementedError

    def evidence_note(self, params: Any) -> dict:
        """Extra evidence for a question torch does not decide (e.g. which documentation page a
        prose item was reviewed against); added to the record's evidence after main and options."""
        return {}


# --- helpers -------------------------------------------------------------------------------

LSTM_DEFAULTS = {
    "num_layers": 1,
    "bias": True,
    "batch_first": False,
    "dropout": 0.0,
    "bidirectional": False,
    "proj_size": 0,
}


def lstm_call(params: dict, positional: bool = False) -> str:
    """``nn.LSTM(...)`` for a configuration, naming only the arguments that differ from torch's defaults."""
    sizes = (
        [str(params["input_size"]), str(params["hidden_size"])]
        if positional
        else [f"input_size={params['input_size']}", f"hidden_size={params['hidden_size']}"]
    )
    extras = [f"{k}={params[k]!r}" for k, default in LSTM_DEFAULTS.items() if k in params and params[k] != default]
    return f"nn.LSTM({', '.join(sizes + extras)})"


def forward_snippet(p: dict) -> str:
    """A layer built from ``p`` run once on random input laid out as ``p`` says (batch first,
    sequence first, or unbatched when ``p["batch"]`` is None)."""
    if p["batch"] is None:
        shape = f"{p['seq_len']}, {p['input_size']}"
    elif p["batch_first"]:
        shape = f"{p['batch']}, {p['seq_len']}, {p['input_size']}"
    else:
        shape = f"{p['seq_len']}, {p['batch']}, {p['input_size']}"
    return (
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        f"lstm = {lstm_call(p)}\n"
        f"x = torch.randn({shape})\n"
        "output, (h_n, c_n) = lstm(x)\n"
    )


def shape_text(shape) -> str:
    """A shape as students write it: ``(4, 2, 3)``; a 1-D shape keeps its comma: ``(3,)``."""
    dims = tuple(int(d) for d in shape)
    return str(dims)


def code_span(text: str) -> str:
    """``text`` as one Markdown code span. A text holding backticks (torch's message about
    unsorted lengths quotes `lengths`) gets a longer fence and a space inside each end."""
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", text)) + 1)
    return f"{fence} {text} {fence}"


def error_text(exc_type: str, message: str) -> str:
    """An option that claims an exception, written as Markdown with the message as code."""
    return f"It raises `{exc_type}`: {code_span(message)}"


def pick(rng: random.Random, options: list | tuple):
    return options[rng.randrange(len(options))]


def distinct_sizes(rng: random.Random, n: int, low: int = 2, high: int = MAX_SIZE) -> list[int]:
    return rng.sample(range(low, high + 1), n)
