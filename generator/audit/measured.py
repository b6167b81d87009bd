"""The measured figures beside the cues (``lstmq audit --stats stats.json``): how the items a
stats file covers did on a real exam, per family and per item.

An item the stats file does not cover is "not measured": its figures are None, never zero, and
it counts in no mean. A covered item whose p or discrimination the analysis left undefined
counts as covered but adds nothing to that mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..itemstats import ItemStats, StatsFile
from ..model import Question


@dataclass(frozen=True)
class MeasuredRow:
    """One family (or ``all``): its audited items, how many the stats cover, and their means."""

    name: str
    items: int
    measured: int
    mean_p: float | None
    mean_discrimination: float | None


@dataclass(frozen=True)
class Measured:
    stats: StatsFile
    rows: tuple[MeasuredRow, ...]
    overall: MeasuredRow
    items: dict[str, ItemStats | None]  # every audited item, in bank order; None: not measured


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _row(name: str, questions: Sequence[Question], stats: StatsFile) -> MeasuredRow:
    covered = [stats.items[q.id] for q in questions if q.id in stats.items]
    return MeasuredRow(name, len(questions), len(covered), _mean([s.p for s in covered]),
                       _mean([s.discrimination for s in covered]))


def measure(questions: Sequence[Question], families: Sequence[str], stats: StatsFile) -> Measured:
    """The figures of ``questions`` (the audited ones, in bank order) for each of ``families``."""
    rows = tuple(_row(name, [q for q in questions if q.family == name], stats) for name in families)
    return Measured(stats, rows, _row("all", questions, stats),
                    {q.id: stats.items.get(q.id) for q in questions})
