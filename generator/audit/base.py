"""What every audit check shares: the finding it reports, the result it returns, and the check's
description (its threshold and its source), so the report, the docs and the JSON read one list.

A check is a function over plain question records (``lstmq.model.Question``) of one family. It
never changes them and never runs torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..model import Question

# The published guidelines every check cites (docs/quality.md lists them in full).
HALADYNA = "Haladyna, Downing & Rodriguez (2002)"
IWF = "19-criterion item-writing-flaw rubric (Moore et al., 2023)"
ISSUE = "lstmq issue 14"


@dataclass(frozen=True)
class Finding:
    """One item that a check flags, and why, in words a reviewer can act on."""

    item: str
    family: str
    check: str
    detail: str

    def to_dict(self) -> dict:
        return {"item": self.item, "family": self.family, "check": self.check, "detail": self.detail}


@dataclass(frozen=True)
class Result:
    """A check's value over some items, and the items it flags.

    ``value`` is None when the check cannot be judged on these items (``note`` says why).
    ``scores`` holds one number per item for checks whose overall value is the item mean.
    """

    value: float | int | None
    findings: tuple[Finding, ...] = ()
    scores: tuple[float, ...] = ()
    note: str | None = None
    # Past its limit, but by no more than chance explains on this many items (``note`` says how
    # likely): shown, not judged. Only checks of random placement (key letters) set it.
    chance: bool = False


@dataclass(frozen=True)
class Threshold:
    op: str  # "<=" or ">="
    limit: float | int
    overall: bool = True  # also judged on the whole bank, not only per family

    def holds(self, value: float | int) -> bool:
        # Rates are compared after rounding to 4 places, the precision the report prints in JSON,
        # so a printed 0.35 never fails a limit of 0.35 through float noise.
        value = round(value, 4) if isinstance(value, float) else value
        return value <= self.limit if self.op == "<=" else value >= self.limit

    def text(self, unit: str) -> str:
        limit = f"{self.limit:.0%}" if unit == "share" else str(self.limit)
        return f"{self.op.replace('<=', '≤').replace('>=', '≥')} {limit}"

    def to_dict(self) -> dict:
        return {"op": self.op, "limit": self.limit, "overall": self.overall}


@dataclass(frozen=True)
class Check:
    """A named measurement. ``run(questions, bank_size)`` sees the items of one family.

    ``overall`` says how the whole-bank figure is formed: "items" (the mean of every item's
    score), "bank" (the check run once on every item), "min" or "max" (over the families).
    """

    id: str
    group: str  # "cues", "repetition", "explanations", "coverage"
    column: str  # short header for the table
    title: str
    unit: str  # "share" (0 to 1) or "count"
    run: Callable[[Sequence[Question], int], Result]
    overall: str = "items"
    threshold: Threshold | None = None
    sources: tuple[str, ...] = ()
    definition: str = ""

    def describe(self) -> dict:
        return {"id": self.id, "group": self.group, "title": self.title, "unit": self.unit,
                "overall": self.overall,
                "threshold": self.threshold.to_dict() if self.threshold else None,
                "sources": list(self.sources)}


@dataclass(frozen=True)
class Unmeasured:
    """A check the bank does not carry the data for: reported as such, never as a pass."""

    id: str
    title: str
    threshold: str
    reason: str
    sources: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "threshold": self.threshold,
                "reason": self.reason, "sources": list(self.sources)}
