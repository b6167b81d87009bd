"""Checks every generated question must pass, whatever its family (shared by the family tests)."""

from __future__ import annotations

import json
import random
import re

from lstmq.engine.assemble import make_question
from lstmq.model import LABELS, Question


def build_checked(family, params: dict, seed: int) -> Question:
    """Build the question twice and check what holds for any family; return it."""
    q = make_question(family, params, seed)
    assert [c.label for c in q.choices] == list(LABELS)
    assert sum(c.correct for c in q.choices) == 1
    texts = [" ".join(c.text.split()) for c in q.choices]
    assert len(set(texts)) == len(texts), texts
    assert all(c.why.strip() for c in q.choices)
    assert q.solution.steps and q.solution.quick_check and q.solution.hint
    assert len(q.solution.mistakes) == len(LABELS) - 1
    assert q.difficulty == family.difficulty_of(params)
    # The record survives JSON, and the same seed gives the same bytes.
    assert Question.from_dict(json.loads(json.dumps(q.to_dict()))) == q
    again = make_question(family, params, seed)
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(q.to_dict(), sort_keys=True)
    return q


def correct_text(q: Question) -> str:
    return q.correct.text


def wrong_texts(q: Question) -> list[str]:
    return [c.text for c in q.choices if not c.correct]


def sampled_situations(family, seed: int, draws: int = 600) -> tuple[set[str], set[str], list[dict]]:
    """Stem templates (numbers replaced by #), difficulty levels and params of many draws, cycling
    the family's difficulties: for the "at least 8 situations, at least 2 levels" contract."""
    rng = random.Random(seed)
    stems, levels, drawn = set(), set(), []
    for i in range(draws):
        p = family.sample(rng, family.difficulties[i % len(family.difficulties)])
        stems.add(re.sub(r"\d+", "#", family.stem(p)))
        levels.add(family.difficulty_of(p))
        drawn.append(p)
    return stems, levels, drawn
