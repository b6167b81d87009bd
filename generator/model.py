"""The one question model: plain records that every writer reads and nothing else mutates.

A ``Question`` is built once by ``lstmq.engine.assemble`` and then only rendered or written; its
``to_dict`` form is the JSON record stored in a bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS = ("A", "B", "C", "D")
DIFFICULTIES = ("easy", "medium", "hard")
# single: one right option of four; multiple: one to three right options of four ("select all
# that apply"); numeric: a number typed in, right within a tolerance, no options.
KINDS = ("single", "multiple", "numeric")
# One torch run a question asks for: the code, its seed, and the names to describe afterwards.
Request = tuple[str, int, tuple[str, ...]]


@dataclass(frozen=True)
class Outcome:
    """What one snippet did in torch: an error or not, its warnings, and the probed values.

    Lives here, not in the runner, so families and checkers can read outcomes without torch.
    """

    error: tuple[str, str] | None = None
    warnings: tuple[tuple[str, str], ...] = ()
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict:
        return {
            "error": list(self.error) if self.error else None,
            "warnings": [list(w) for w in self.warnings],
            "values": self.values,
        }


@dataclass(frozen=True)
class Candidate:
    """An option before it is placed: what is shown, why it is right or wrong, how to check it.

    ``value`` is what a value option claims (compared with the truth torch produced);
    ``program`` is code torch runs for a code option (judged by the family on its outcome).
    """

    text: str
    why: str
    value: Any = None
    program: str | None = None
    format: str = "code"  # "code": shown as inline code; "text": shown as prose
    # A wrong candidate names the misconception it embodies (a short kebab-case id such as
    # "ignores-batch-first") and what that misconception gives on this item's numbers
    # (default: the option's text). The engine redraws an item where a named misconception
    # turns out right, so a student holding it cannot score (issue 14).
    misconception: str | None = None
    yields: str | None = None


@dataclass(frozen=True)
class Choice:
    label: str
    text: str
    correct: bool
    why: str
    format: str = "code"
    misconception: str | None = None
    yields: str | None = None

    def to_dict(self) -> dict:
        d = {"label": self.label, "text": self.text, "correct": self.correct,
             "why": self.why, "format": self.format}
        if self.misconception is not None:
            d["misconception"] = {"id": self.misconception, "yields": self.yields}
        return d

    @classmethod
    def from_dict(cls, c: dict) -> "Choice":
        named = c.get("misconception") or {}
        return cls(c["label"], c["text"], c["correct"], c["why"], c.get("format", "code"),
                   named.get("id"), named.get("yields"))


def number_text(x: int | float) -> str:
    """A number as every writer shows it: an int as is, a float without trailing zeros."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"not a number: {x!r}")
    if isinstance(x, int):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return format(x, ".12g")


@dataclass(frozen=True)
class Trap:
    """A wrong value a numeric item anticipates: what a named misconception gives, torch-verified
    outside the tolerance (shown as feedback when a student enters it)."""

    value: int | float
    why: str
    misconception: str | None = None
    yields: str | None = None

    def to_dict(self) -> dict:
        d: dict = {"value": self.value, "why": self.why}
        if self.misconception is not None:
            d["misconception"] = {"id": self.misconception, "yields": self.yields}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Trap":
        named = d.get("misconception") or {}
        return cls(d["value"], d["why"], named.get("id"), named.get("yields"))


# Float slack so a value printed and read back (0.1 + 0.2) still counts as within the tolerance.
_SLACK = 1e-9


@dataclass(frozen=True)
class Numeric:
    """A numeric item's answer: the value torch produced, how far off still counts, and what to
    enter (``unit``: "learnable numbers", "rounded to 3 decimals", ...)."""

    value: int | float
    tolerance: float
    unit: str
    traps: tuple[Trap, ...] = ()

    def accepts(self, x: float) -> bool:
        return abs(x - self.value) <= self.tolerance + _SLACK * max(1.0, abs(self.value))

    def to_dict(self) -> dict:
        return {"value": self.value, "tolerance": self.tolerance, "unit": self.unit,
                "traps": [t.to_dict() for t in self.traps]}

    @classmethod
    def from_dict(cls, d: dict) -> "Numeric":
        return cls(d["value"], d["tolerance"], d["unit"], tuple(Trap.from_dict(t) for t in d["traps"]))


def numeric_line(answer: Numeric) -> str:
    """A numeric item's answer line: the value, what it counts, and the tolerance if any."""
    within = f", accepted within ±{number_text(answer.tolerance)}" if answer.tolerance else ""
    return f"{number_text(answer.value)} ({answer.unit}{within})"


def labels_line(choices) -> str:
    """A multiple-answer item's answer line: every right option's letter."""
    labels = [c.label for c in choices if c.correct]
    if len(labels) == 1:
        return f"Option {labels[0]} only"
    return f"Options {', '.join(labels[:-1])} and {labels[-1]}"


def answer_line(choice: Choice, shown: str | None = None) -> str:
    """A solution's last line: the right option and its letter (again after an exam relabels).
    A writer passes ``shown``, the option's text already in its own markup."""
    return f"{choice.text if shown is None else shown} → Option {choice.label}"


@dataclass(frozen=True)
class Solution:
    steps: tuple[str, ...]
    final: str
    quick_check: str
    hint: str
    mistakes: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"steps": list(self.steps), "final": self.final, "quick_check": self.quick_check,
                "hint": self.hint, "mistakes": list(self.mistakes)}


@dataclass(frozen=True)
class Question:
    id: str
    family: str
    difficulty: str
    seed: int
    params: dict
    stem: str
    code: str | None
    choices: tuple[Choice, ...]
    solution: Solution
    evidence: dict = field(default_factory=dict)
    kind: str = "single"
    answer: Numeric | None = None  # numeric items only

    @property
    def correct(self) -> Choice:
        """The right option (single); for a multiple-answer item, the first right one."""
        return next(c for c in self.choices if c.correct)

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)

    @property
    def correct_labels(self) -> str:
        """The right options' letters run together ("AC"), as key.csv and responses hold them."""
        return "".join(c.label for c in self.choices if c.correct)

    def to_dict(self) -> dict:
        d = {
            "id": self.id,
            "family": self.family,
            "difficulty": self.difficulty,
            "kind": self.kind,
            "seed": self.seed,
            "params": self.params,
            "stem": self.stem,
            "code": self.code,
            "choices": [c.to_dict() for c in self.choices],
        }
        if self.answer is not None:
            d["answer"] = self.answer.to_dict()
        d["solution"] = self.solution.to_dict()
        d["evidence"] = self.evidence
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Question":
        sol = d["solution"]
        return cls(
            id=d["id"], family=d["family"], difficulty=d["difficulty"], seed=d["seed"],
            params=d["params"], stem=d["stem"], code=d["code"],
            choices=tuple(Choice.from_dict(c) for c in d["choices"]),
            solution=Solution(tuple(sol["steps"]), sol["final"], sol["quick_check"],
                              sol["hint"], tuple(sol["mistakes"])),
            evidence=d.get("evidence", {}),
            kind=d.get("kind", "single"),  # schema 1 banks hold single-choice items only
            answer=Numeric.from_dict(d["answer"]) if d.get("answer") is not None else None,
        )
