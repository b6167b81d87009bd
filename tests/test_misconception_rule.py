"""The engine's misconception rule (issue 14): an item on which a *named* misconception gives
the key would reward a student who holds it, so the engine redraws its params; an unnamed
candidate that turns out right is only dropped.

``Counting`` is a made-up family (no torch: value options, no snippet) whose params decide
whether its named candidate reads like the key, is judged right under another text, or is
plainly wrong, so each path is forced, not hoped for.
"""

from __future__ import annotations

import pytest

from lstmq.engine.assemble import (MisconceptionScores, TooFewDistractors, draw_question, draws,
                                   make_question)
from lstmq.engine.draw import draw
from lstmq.engine.plan import plan
from lstmq.errors import GenerationError
from lstmq.families.base import Explanation, Family
from lstmq.model import Candidate

from crowded import with_families

def no_run(*request):
    raise AssertionError(f"torch was asked to run {request!r}")


class Counting(Family):
    """The key is ``n``. The named candidate "adds-one" yields ``n + 1``, unless ``clashing``
    (n -> how) says otherwise: "text" makes it read like the key, "value" gives it another
    text whose value is the key's, "unnamed" makes that right candidate unnamed."""

    name = "counting"
    difficulties = ("easy",)
    summary = "test family"

    def __init__(self, clashing=None):
        self.clashing = clashing or {}

    def sample(self, rng, difficulty):
        return {"n": rng.randrange(10, 60)}

    def capacity(self, difficulty):
        return 50

    def stem(self, p):
        return f"How many items are there, counting from {p['n']}?"

    def truth(self, p, main):
        return p["n"]

    def options(self, p, main):
        n = p["n"]
        clash = self.clashing.get(n, "none")
        key = Candidate(str(n), "it is", value=n, format="text")
        if clash == "text":
            named = Candidate(f" {n} ", "adds one", value=n + 1, format="text",
                              misconception="adds-one")  # spacing aside, the key's text
        elif clash in ("value", "value-among-many", "unnamed"):
            named = Candidate(f"{n}.0", "adds one", value=n, format="text",
                              misconception=None if clash == "unnamed" else "adds-one")
        else:
            named = Candidate(str(n + 1), "adds one", value=n + 1, format="text", misconception="adds-one")
        # With "value" only two other wrong candidates exist, so every candidate is judged.
        offsets = (2, 3) if clash == "value" else (2, 3, 4)
        others = [Candidate(str(n + k), f"off by {k}", value=n + k, format="text") for k in offsets]
        return key, [named, *others]

    def explain(self, p, main, correct):
        return Explanation(("count",), "check", "hint")


def test_a_named_misconception_that_reads_like_the_key_stops_the_item():
    with pytest.raises(MisconceptionScores, match="adds-one gives the key"):
        make_question(Counting({7: "text"}), {"n": 7}, 1, no_run)


def test_a_named_misconception_judged_right_stops_the_item():
    with pytest.raises(MisconceptionScores, match="adds-one is right"):
        make_question(Counting({7: "value"}), {"n": 7}, 1, no_run)


def test_a_named_misconception_judged_right_stops_the_item_even_when_enough_others_are_wrong():
    """Three other wrong candidates would fill the item: the named one must still be judged,
    or a student holding the misconception finds the key by it on some seeds."""
    missed = []
    for seed in range(12):
        try:
            make_question(Counting({7: "value-among-many"}), {"n": 7}, seed, no_run)
            missed.append(seed)
        except MisconceptionScores:
            pass
    assert missed == []


def test_an_unnamed_candidate_judged_right_is_only_dropped():
    q = make_question(Counting({7: "unnamed"}), {"n": 7}, 1, no_run)
    assert q.correct.text == "7"
    assert "7.0" not in [c.text for c in q.choices]
    assert sorted(c.text for c in q.choices if not c.correct) == ["10", "11", "9"]
    assert all(c.misconception is None for c in q.choices)


def test_a_plain_item_keeps_its_named_misconception_and_what_it_yields():
    q = make_question(Counting(), {"n": 7}, 1, no_run)
    named = [c for c in q.choices if c.misconception]
    assert [(c.text, c.misconception, c.yields) for c in named] == [("8", "adds-one", "8")]
    assert q.correct.misconception is None and q.correct.yields is None
    assert q.to_dict()["choices"][[c.label for c in q.choices].index(named[0].label)]["misconception"] == \
        {"id": "adds-one", "yields": "8"}


def test_the_misconception_rule_is_a_redraw_not_a_failure():
    """draw_question treats it like a lack of distractors: the next params are tried."""
    assert issubclass(MisconceptionScores, TooFewDistractors)
    first, second, third = [p["n"] for p in list(draws(Counting(), "easy", 5))[:3]]
    assert len({first, second, third}) == 3  # the seed chosen so the three draws differ
    family = Counting({first: "text", second: "text"})
    q = draw_question(family, "easy", 5, no_run)
    assert q.params == {"n": third}  # after two draws that reward the misconception


def test_a_family_whose_misconception_always_scores_cannot_be_drawn():
    family = Counting({n: "text" for n in range(10, 60)})
    with pytest.raises(GenerationError, match="no easy draw"):
        draw_question(family, "easy", 5, no_run)


def test_a_planned_set_with_the_fake_family_never_holds_an_item_the_misconception_answers():
    """Through plan and draw with ``registry=``, as ``lstmq generate`` draws: half the
    params (even n) reward the misconception, and none of them is kept."""
    family = Counting({n: ("text" if n % 4 == 0 else "value") for n in range(10, 60, 2)})
    registry = with_families(family)
    slots = plan(6, [family.name], [], registry)
    questions = list(draw(slots, 3, registry=registry, run=no_run))
    assert len(questions) == 6
    for q in questions:
        assert q.params["n"] % 2 == 1
        assert all(c.yields != q.correct.text for c in q.choices if c.misconception)
