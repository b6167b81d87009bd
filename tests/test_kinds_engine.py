"""The engine's three question kinds on a made-up family whose options are values (no torch).

``Divisors`` asks about the divisors of n: as a single-choice item (the number of divisors), a
select-all item (which listed numbers divide n) and a numeric item (the sum of the divisors).
Every judgement is the family's own arithmetic, so the tests state what the engine must do with
it: how many options are right, which values become traps, when an item is redrawn.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.bank.schema import validate_question
from lstmq.engine.assemble import MisconceptionScores, draw_question, make_question
from lstmq.engine.plan import plan
from lstmq.families.base import Explanation, Family
from lstmq.model import Candidate, Question


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


class Divisors(Family):
    name = "divisors"
    difficulties = ("easy",)
    summary = "test family"
    kinds = ("single", "multiple", "numeric")

    def sample(self, rng, difficulty):
        return self.sample_kind(rng, difficulty, "single")

    def sample_kind(self, rng, difficulty, kind):
        return {"n": rng.randrange(12, 60), "kind": kind}

    def kind_of(self, params):
        return params["kind"]

    def capacity(self, difficulty):
        return 48

    def stem(self, params):
        return {"single": "How many divisors has {n}?", "multiple": "Which numbers divide {n}? Select all that apply.",
                "numeric": "What is the sum of the divisors of {n}?"}[params["kind"]].format(**params)

    def truth(self, params, main):
        n = params["n"]
        return sum(divisors(n)) if params["kind"] == "numeric" else len(divisors(n))

    def accepts(self, params, main, value):
        if params["kind"] == "multiple":
            return params["n"] % value == 0
        return super().accepts(params, main, value)

    def unit(self, params):
        return "a whole number"

    def options(self, params, main):
        n, kind = params["n"], params["kind"]
        if kind == "multiple":
            values = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
            intended = Candidate(str(divisors(n)[1]), "it divides", value=divisors(n)[1])
            return intended, [Candidate(str(v), f"{v} and {n}", value=v) for v in values]
        truth = self.truth(params, None)
        intended = Candidate(str(truth), "counted", value=truth)
        wrong = [Candidate(str(truth + d), f"off by {d}", value=truth + d, misconception=f"over-by-{d}" if d > 0 else "under-by-1")
                 for d in (1, 2, 3, -1)]
        return intended, wrong

    def explain(self, params, main, correct):
        return Explanation(steps=(f"List the divisors of {params['n']}.",), quick_check="Count again.",
                           hint="Start at 1.", mistakes=("Forgetting 1 or n itself.",))


FAMILY = Divisors()


def valid(record: dict) -> None:
    """The bank's rules for a record (under a real family's name: the bank knows no test family)."""
    validate_question({**record, "family": "concepts"}, "q", "test")


def build(kind: str, seed: int) -> Question:
    return draw_question(FAMILY, "easy", seed, run=lambda *a: None, kind=kind)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_a_select_all_item_marks_exactly_the_options_that_are_right(seed):
    q = build("multiple", seed)
    n = q.params["n"]
    assert q.kind == "multiple" and len(q.choices) == 4
    assert 1 <= len(q.correct_choices) <= 3
    for c in q.choices:
        assert c.correct == (n % int(c.text) == 0)
    assert q.solution.final.startswith("Option")
    valid(q.to_dict())
    assert Question.from_dict(q.to_dict()) == q


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_a_numeric_item_holds_the_truth_and_traps_outside_the_tolerance(seed):
    q = build("numeric", seed)
    assert q.kind == "numeric" and q.choices == ()
    assert q.answer.value == sum(divisors(q.params["n"]))
    assert q.answer.accepts(q.answer.value) and not q.answer.accepts(q.answer.value + 1)
    assert len(q.answer.traps) == 3 and all(not q.answer.accepts(t.value) for t in q.answer.traps)
    assert all(t.misconception and t.misconception.split("-by-")[0] in ("over", "under") for t in q.answer.traps)
    assert q.solution.mistakes == ("Forgetting 1 or n itself.",)  # the family's own words
    valid(q.to_dict())
    assert Question.from_dict(q.to_dict()) == q


def test_select_all_items_vary_how_many_options_are_right():
    counts = {len(build("multiple", seed).correct_choices) for seed in range(60)}
    assert counts == {1, 2, 3}


def test_a_named_misconception_that_gives_the_key_makes_the_item_redraw():
    class Scoring(Divisors):
        def options(self, params, main):
            intended, wrong = super().options(params, main)
            return intended, [*wrong, Candidate(intended.text, "same", value=intended.value, misconception="same")]

    with pytest.raises(MisconceptionScores):
        make_question(Scoring(), {"n": 12, "kind": "single"}, 0, run=lambda *a: None)


def test_a_named_misconception_judged_right_makes_the_item_redraw():
    class Accepting(Divisors):
        def accepts(self, params, main, value):
            return value != 0  # every value "right": the first judged misconception scores

    with pytest.raises(MisconceptionScores):
        make_question(Accepting(), {"n": 12, "kind": "single"}, 0, run=lambda *a: None)


def test_kinds_are_planned_in_turn_and_filtered_by_kind():
    registry = {"divisors": FAMILY}
    slots = plan(9, ["divisors"], [], registry=registry)
    assert [s.kind for s in slots] == ["single", "multiple", "numeric"] * 3
    only = plan(4, ["divisors"], [], registry=registry, kinds=["numeric"])
    assert {s.kind for s in only} == {"numeric"}


def test_old_banks_without_kind_load_as_single_choice():
    q = build("single", 3).to_dict()
    del q["kind"]
    valid(q)
    assert Question.from_dict(q).kind == "single"
