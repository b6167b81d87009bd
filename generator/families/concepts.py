"""concepts: what an LSTM's gates, states, shapes, stacks, directions, projections and padding do.

Single-answer items live in ``concept_pool.POOL``: one right statement and several wrong ones,
each wrong one named after its misconception. Select-all items live in ``concept_pool.SELECT``:
per topic, one layer and several true and false statements about it. Where torch can decide a
statement, its option is a program (the item's setup, then ``holds = bool(check)``) and torch's
``holds`` decides whether it is right; the other single-answer items are prose reviewed against
torch's documentation, and their evidence says which page. The draw picks the item (and, for a
select-all item, the statement it is built around); the options and their order come from the
question's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Candidate, Outcome
from .base import Explanation, Family
from .concept_pool import POOL, SELECT, TOPICS, Claim
from .statements import PROBES, holds_true

__all__ = ["POOL", "SELECT", "TOPICS", "ConceptParams", "Concepts", "program"]

LEVELS = ("easy", "medium")
WRITABLE_KINDS = ("single", "multiple")


@dataclass(frozen=True)
class ConceptParams:
    """Which item a question asks: a ``POOL`` key (single), or a ``SELECT`` topic and the index
    of the true statement the select-all item is built around (multiple)."""

    item: str
    kind: str = "single"
    statement: int = 0

    def to_dict(self) -> dict:
        if self.kind == "single":
            return {"item": self.item}
        return {"item": self.item, "kind": self.kind, "statement": self.statement}

    @classmethod
    def from_dict(cls, data: dict) -> "ConceptParams":
        return cls(data["item"], data.get("kind", "single"), data.get("statement", 0))


def program(setup: str, claim: Claim) -> str:
    """The code torch runs to decide ``claim``: the item's setup, then the claim's check."""
    return f"{setup}holds = bool({claim.check})\n"


def _keys(difficulty: str) -> list[str]:
    return sorted(k for k, item in POOL.items() if item.level == difficulty)


def _select_draws(difficulty: str) -> list[tuple[str, int]]:
    return [(topic, i) for topic in sorted(SELECT) if SELECT[topic].level == difficulty
            for i in range(len(SELECT[topic].true))]


def _candidate(setup: str | None, claim: Claim) -> Candidate:
    if setup is None:
        return Candidate(claim.text, claim.why, value=claim.text, format="text", misconception=claim.misconception)
    return Candidate(claim.text, claim.why, program=program(setup, claim), format="text",
                     misconception=claim.misconception)


class Concepts(Family):
    name = "concepts"
    difficulties = LEVELS
    # Select-all items are written and tested but not offered in default draws: with them, the
    # single-choice items of a 2,000-question draw fell to about 50 and the key became the most
    # similar option in 36 % of them (the limit is 35 %).
    kinds = ("single",)
    summary = ("What an LSTM's gates and states do, and what shapes, stacking, two directions, projections "
               "and padding change; most statements decided by torch, the rest reviewed against its docs.")
    option_probes = PROBES

    def sample(self, rng, difficulty):
        return ConceptParams(rng.choice(_keys(difficulty)))

    def sample_kind(self, rng, difficulty, kind):
        if kind == "single":
            return self.sample(rng, difficulty)
        if kind not in WRITABLE_KINDS:
            raise ValueError(f"{self.name} writes no {kind} questions")
        topic, index = rng.choice(_select_draws(difficulty))
        return ConceptParams(topic, "multiple", index)

    def kind_of(self, p):
        return p.kind

    def kind_capacity(self, difficulty, kind):
        return len(_select_draws(difficulty)) if kind == "multiple" else self.capacity(difficulty)

    def decode(self, data):
        return ConceptParams.from_dict(data)

    def difficulty_of(self, p):
        return SELECT[p.item].level if p.kind == "multiple" else POOL[p.item].level

    def capacity(self, difficulty):
        return len(_keys(difficulty))

    def stem(self, p):
        return SELECT[p.item].stem if p.kind == "multiple" else POOL[p.item].stem

    def truth(self, p, main):
        return POOL[p.item].right.text

    def options(self, p, main):
        if p.kind == "multiple":
            topic = SELECT[p.item]
            intended = topic.true[p.statement]
            others = [c for c in (*topic.true, *topic.false) if c is not intended]
            return _candidate(topic.setup, intended), [_candidate(topic.setup, c) for c in others]
        item = POOL[p.item]
        return _candidate(item.setup, item.right), [_candidate(item.setup, c) for c in item.wrong]

    def achieves(self, p, outcome: Outcome) -> bool:
        return holds_true(outcome)

    def evidence_note(self, p) -> dict:
        if p.kind == "multiple" or POOL[p.item].setup is not None:
            return {}
        return {"reviewed": f"prose, not run: checked against the torch documentation of {POOL[p.item].docs}"}

    def explain(self, p, main, correct):
        source = SELECT[p.item] if p.kind == "multiple" else POOL[p.item]
        return Explanation(source.steps, source.quick_check, source.hint, source.mistakes)
