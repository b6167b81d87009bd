"""Questions grouped by family and difficulty, the categories Moodle (XML and GIFT) files them in."""

from __future__ import annotations

from dataclasses import dataclass

from ...catalogue import BY_NAME, NAMES
from ...model import DIFFICULTIES, Question

ROOT = "$course$/top/lstmq"  # "top" is the root of a course's question bank since Moodle 3.5


@dataclass(frozen=True)
class Category:
    family: str
    difficulty: str
    questions: tuple[Question, ...]

    @property
    def path(self) -> str:
        return f"{ROOT}/{self.family}/{self.difficulty}"

    @property
    def summary(self) -> str:
        return BY_NAME[self.family].summary


def categories(questions: list[Question]) -> list[Category]:
    """Families in catalogue order, difficulties easy to hard; the bank's order inside each."""
    family_rank = {name: i for i, name in enumerate(NAMES)}
    level_rank = {d: i for i, d in enumerate(DIFFICULTIES)}
    groups: dict[tuple[str, str], list[Question]] = {}
    for q in questions:
        groups.setdefault((q.family, q.difficulty), []).append(q)
    ordered = sorted(groups, key=lambda k: (family_rank[k[0]], level_rank[k[1]]))
    return [Category(f, d, tuple(groups[(f, d)])) for f, d in ordered]
