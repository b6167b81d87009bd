"""`lstmq check` and `lstmq audit` on the three question kinds (issue 16).

`check` re-derives items of the made-up ``Divisors`` family (test_kinds_engine), installed in
the registry for the test only, and must notice every edit of what is right: the kind, the set
of right options, a numeric item's value, tolerance, unit or traps. The audit is run on
hand-built items whose cue scores are worked out here from the documented rule.
"""

from __future__ import annotations

import dataclasses

import pytest

from lstmq.audit import audit
from lstmq.audit.cues import longest, _score
from lstmq.engine.assemble import draw_question
from lstmq.engine.check import check_question
from lstmq.families import REGISTRY
from lstmq.model import Trap

from kinds_samples import multiple, numeric, single
from test_kinds_engine import FAMILY


def no_run(*request):
    raise AssertionError(f"torch was asked to run {request!r}")


@pytest.fixture
def divisors(monkeypatch):
    monkeypatch.setitem(REGISTRY, FAMILY.name, FAMILY)
    return {kind: draw_question(FAMILY, "easy", 7, run=no_run, kind=kind) for kind in FAMILY.kinds}


def whats(problems) -> list[str]:
    return [p.what for p in problems]


def test_check_re_derives_every_kind(divisors):
    for q in divisors.values():
        assert check_question(q, no_run) == [], q.kind


def test_check_notices_a_changed_set_of_right_options(divisors):
    q = divisors["multiple"]
    wrong = next(c for c in q.choices if not c.correct)
    edited = dataclasses.replace(q, choices=tuple(dataclasses.replace(c, correct=True) if c is wrong else c
                                                  for c in q.choices))
    problems = check_question(edited, no_run)
    assert whats(problems)[0] == "correct answers"
    assert problems[0].torch_said and wrong.label in problems[0].bank and wrong.label not in problems[0].now


def test_check_notices_a_changed_kind(divisors):
    q = divisors["single"]
    problems = check_question(dataclasses.replace(q, kind="multiple"), no_run)
    assert whats(problems)[0] == "kind" and (problems[0].now, problems[0].bank) == ("single", "multiple")


@pytest.mark.parametrize("edit", [
    lambda a: dataclasses.replace(a, value=a.value + 1),
    lambda a: dataclasses.replace(a, tolerance=0.5),
    lambda a: dataclasses.replace(a, unit="apples"),
    lambda a: dataclasses.replace(a, traps=a.traps[:-1]),
    lambda a: dataclasses.replace(a, traps=tuple(dataclasses.replace(t, value=t.value + 100) for t in a.traps)),
])
def test_check_notices_a_changed_numeric_answer(divisors, edit):
    q = divisors["numeric"]
    assert q.answer.traps  # the family gives wrong values, so there are traps to edit
    problems = check_question(dataclasses.replace(q, answer=edit(q.answer)), no_run)
    assert whats(problems)[0] == "numeric answer" and problems[0].torch_said


# ---- audit ------------------------------------------------------------------------------------

def with_texts(q, texts):
    return dataclasses.replace(q, choices=tuple(dataclasses.replace(c, text=t) for c, t in zip(q.choices, texts)))


def test_a_cue_on_a_select_all_item_is_scored_against_chance_for_its_number_of_keys():
    q = multiple(5, "AC")  # R = 2: chance is 1/2
    assert _score(q, set()) == pytest.approx(0.25)  # no candidate: nothing learned
    assert _score(q, {0, 2}) == pytest.approx(1 - 0.5 + 0.25)  # names exactly the right ones
    assert _score(q, {1, 3}) == pytest.approx(0 - 0.5 + 0.25)  # names only wrong ones
    assert _score(q, {0, 1}) == pytest.approx(0.25)  # half right: as good as chance
    one = multiple(5, "B")  # R = 1: the single-choice scale exactly
    assert _score(one, {1}) == 1.0 and _score(one, {0, 1}) == 0.5 and _score(one, {0}) == 0.0
    s = single(3)
    assert _score(s, {0, 1}) == 0.5 and _score(s, set()) == 0.25


def test_longest_flags_a_select_all_item_whose_right_options_are_the_longest():
    q = with_texts(multiple(5, "AC"), ["a long right option", "short", "another long one!!!", "tiny"])
    chosen, _ = longest(q)
    assert chosen == {0, 2}  # both right options are 19 characters long
    report = audit([q], "x")
    assert report.rows[0].values["cue-longest"] == pytest.approx(1 - 0.5 + 0.25)
    found = next(f for f in report.findings if f.check == "cue-longest")
    assert found.item == q.id and "(2 of the 2 options it names are right)" in found.detail


def test_numeric_items_are_skipped_by_the_cues_and_counted():
    items = [numeric(164), numeric(0.125, 0.001, "rounded"), single(3), multiple(5)]
    report = audit(items, "x")
    by_family = {r.name: r for r in report.rows}
    assert by_family["parameters"].values["cue-longest"] is None  # only numeric items in that family
    assert by_family["parameters"].values["numeric-share"] == 1.0
    assert report.overall.values["numeric-share"] == 0.5
    assert report.overall.values["multiple-share"] == 0.25
    assert report.overall.values["cue-letter"] is None  # one single-choice item: too few


def test_misconception_scores_flags_an_item_whose_named_misconception_yields_the_key():
    clean = [single(3), multiple(5, "AC"), numeric(164)]
    report = audit(clean, "x")
    assert report.overall.values["misconception-scores"] == 0 and report.unmeasured == ()
    assert "misconception-scores" not in report.failures
    # A wrong option whose misconception yields the key's text (spacing aside): the item fails.
    bad = single(4)
    key = bad.correct.text
    bad = dataclasses.replace(bad, choices=tuple(
        dataclasses.replace(c, yields=f" {key} ") if c.label == "B" else c for c in bad.choices))
    # A numeric trap that yields the value, and a select-all distractor yielding a right option.
    trap = numeric(164)
    trap = dataclasses.replace(trap, answer=dataclasses.replace(trap.answer, traps=(
        Trap(124, "forgets the bias", "no-bias", "164"),)))
    sel = multiple(7, "AC")
    sel = dataclasses.replace(sel, choices=tuple(
        dataclasses.replace(c, yields=sel.choices[2].text) if c.label == "B" else c for c in sel.choices))
    report = audit([*clean, bad, trap, sel], "x")
    flagged = sorted(f.item for f in report.findings if f.check == "misconception-scores")
    assert flagged == sorted([bad.id, trap.id, sel.id])
    assert report.overall.values["misconception-scores"] == 3
    assert "misconception-scores" in report.overall.failures


def test_without_named_misconceptions_the_check_is_not_measurable():
    plain_items = [dataclasses.replace(q, choices=tuple(dataclasses.replace(c, misconception=None, yields=None)
                                                       for c in q.choices)) for q in (single(3), single(4))]
    report = audit(plain_items, "x")
    assert [u.id for u in report.unmeasured] == ["misconception-scores"]
    assert report.overall.values["misconception-scores"] is None
    assert report.overall.values["misconception-named"] == 0.0
    named = audit([single(3)], "x")
    assert named.overall.values["misconception-named"] == 1.0  # every wrong option of single() names one
