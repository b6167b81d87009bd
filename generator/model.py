"""The one question model: plain records that every writer reads and nothing else mutates.

A ``Question`` is built once by ``lstmq.engine.assemble`` and then only rendered or written; its
``to_dict`` form is the JSON record stored in a bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS = ("A", "B", "C", "D")
DIFFICULTIES = ("easy", "medium", "hard")
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

    @property
    def correct(self) -> Choice:
        return next(c for c in self.choices if c.correct)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "family": self.family,
            "difficulty": self.difficulty,
            "seed": self.seed,
            "params": self.params,
            "stem": self.stem,
            "code": self.code,
            "choices": [c.to_dict() for c in self.choices],
            "solution": self.solution.to_dict(),
            "evidence": self.evidence,
        }

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
        )
