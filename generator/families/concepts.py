"""concepts: what an LSTM's gates, states, shapes, stacks, directions, projections and padding do.

The items live in ``concept_pool``: each has one right statement and several wrong ones, each
wrong one named after its misconception. Where torch can decide a statement, every option is a
program (the item's setup, then ``holds = bool(check)``) and torch's ``holds`` decides which
options are right; the other items are prose reviewed against torch's documentation, and their
evidence says which page. The draw picks the item; the options and their order come from the
question's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Candidate, Outcome
from .base import Explanation, Family
from .concept_pool import POOL, TOPICS, Claim, Item
from .statements import PROBES, holds_true

__all__ = ["POOL", "TOPICS", "ConceptParams", "Concepts", "program"]

LEVELS = ("easy", "medium")


@dataclass(frozen=True)
class ConceptParams:
    """Which pool item a question asks."""

    item: str

    def to_dict(self) -> dict:
        return {"item": self.item}

    @classmethod
    def from_dict(cls, data: dict) -> "ConceptParams":
        return cls(data["item"])


def program(item: Item, claim: Claim) -> str:
    """The code torch runs to decide ``claim``: the item's setup, then the claim's check."""
    return f"{item.setup}holds = bool({claim.check})\n"


def _keys(difficulty: str) -> list[str]:
    return sorted(k for k, item in POOL.items() if item.level == difficulty)


class Concepts(Family):
    name = "concepts"
    difficulties = LEVELS
    summary = ("What an LSTM's gates and states do, and what shapes, stacking, two directions, projections "
               "and padding change; most statements decided by torch, the rest reviewed against its docs.")
    option_probes = PROBES

    def sample(self, rng, difficulty):
        return ConceptParams(rng.choice(_keys(difficulty)))

    def decode(self, data):
        return ConceptParams.from_dict(data)

    def difficulty_of(self, p):
        return POOL[p.item].level

    def capacity(self, difficulty):
        return len(_keys(difficulty))

    def stem(self, p):
        return POOL[p.item].stem

    def truth(self, p, main):
        return POOL[p.item].right.text

    def options(self, p, main):
        item = POOL[p.item]
        return self._candidate(item, item.right), [self._candidate(item, c) for c in item.wrong]

    @staticmethod
    def _candidate(item: Item, claim: Claim) -> Candidate:
        if item.setup is None:
            return Candidate(claim.text, claim.why, value=claim.text, format="text",
                             misconception=claim.misconception)
        return Candidate(claim.text, claim.why, program=program(item, claim), format="text",
                         misconception=claim.misconception)

    def achieves(self, p, outcome: Outcome) -> bool:
        return holds_true(outcome)

    def evidence_note(self, p) -> dict:
        item = POOL[p.item]
        if item.setup is not None:
            return {}
        return {"reviewed": f"prose, not run: checked against the torch documentation of {item.docs}"}

    def explain(self, p, main, correct):
        item = POOL[p.item]
        return Explanation(item.steps, item.quick_check, item.hint, item.mistakes)
