"""The contract every generated question keeps, whatever its family: one helper, used by the
registry's tests over every family and by each family's own tests."""

from __future__ import annotations

import json
import random
import re

from lstmq.engine.assemble import make_question
from lstmq.model import LABELS, Question, labels_line


def assert_question_contract(q: Question, family, params: dict, seed: int) -> None:
    """Four lettered options, one correct (one to three for a select-all item), all reading
    differently, each with its misconception; a full solution whose mistakes are the wrong
    options' whys or the family's own words (then copying none of them) and whose last line names
    the answer; the asked difficulty; a record that survives JSON; and the same bytes when built
    again from the same params and seed."""
    if isinstance(params, dict):
        params = family.decode(params)  # a bank's params: typed again for a family that types them
    assert [c.label for c in q.choices] == list(LABELS)
    right = sum(c.correct for c in q.choices)
    assert right == 1 if q.kind == "single" else 1 <= right <= 3
    texts = [" ".join(c.text.split()) for c in q.choices]
    assert len(set(texts)) == len(texts), texts
    assert all(c.why.strip() for c in q.choices)
    assert q.solution.steps and q.solution.quick_check and q.solution.hint
    whys = tuple(c.why for c in q.choices if not c.correct)
    assert q.solution.mistakes
    if q.solution.mistakes != whys:  # the family's own words: none may copy an option's why
        assert not {_plain(m) for m in q.solution.mistakes} & {_plain(w) for w in whys}, q.solution.mistakes
    if q.kind == "single":
        assert q.solution.final.endswith(f"Option {q.correct.label}")
    else:
        assert q.solution.final == labels_line(q.choices)
    assert q.difficulty == family.difficulty_of(params)
    assert q.id == f"{family.name}-{seed:08x}"
    assert Question.from_dict(json.loads(json.dumps(q.to_dict()))) == q
    again = make_question(family, params, seed)
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(q.to_dict(), sort_keys=True)


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split()).rstrip(".").lower()


def build_checked(family, params: dict, seed: int) -> Question:
    """Build the question, check the contract, return it."""
    q = make_question(family, params, seed)
    assert_question_contract(q, family, params, seed)
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


def drawn_or_none(family, seed: int):
    """(params, question) the family draws for ``seed``, cycling its levels; the question is None
    when the engine would redraw those params."""
    from lstmq.engine.assemble import TooFewDistractors

    p = family.sample(random.Random(seed), family.difficulties[seed % len(family.difficulties)])
    try:
        return p, make_question(family, p, seed)
    except TooFewDistractors:
        return p, None


def select_all_or_none(family, p, seed: int):
    """The select-all question for params ``p``, checked for its shape (a "select all" stem, one
    to three right options), or None when the engine would redraw those params."""
    from lstmq.engine.assemble import TooFewDistractors

    try:
        q = make_question(family, p, seed)
    except TooFewDistractors:
        return None
    assert q.kind == "multiple" and q.stem.endswith("Select all that apply.")
    assert 1 <= len(q.correct_choices) <= 3
    return q
