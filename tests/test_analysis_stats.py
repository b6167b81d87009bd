"""Item statistics: hand-computed cases, two published worked examples, and a property test
against an independent numpy computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.grading.stats import (BLANK, KEY, ItemData, analyse, group_size, kr20, point_biserial,
                                  upper_lower_groups, variance)


def items_from_matrix(matrix, distractors=("x", "y", "z")):
    """0/1 matrix (students × items) to ItemData; a wrong answer picks distractor x."""
    k = len(matrix[0])
    return [ItemData(f"q{i}", distractors, tuple(KEY if row[i] else "x" for row in matrix),
                     {d: f"misconception {d}" for d in distractors}) for i in range(k)]


# --- small cases worked by hand ------------------------------------------------------------

HAND = [[1, 1, 1],
        [1, 1, 0],
        [1, 0, 0],
        [0, 0, 0]]


def test_hand_computed_four_students_three_items():
    # p = .75, .5, .25; Σpq = .1875 + .25 + .1875 = .625; totals 3,2,1,0: mean 1.5, σ² = 1.25;
    # KR-20 = 3/2 · (1 - .625/1.25) = .75; SEM = √1.25 · √.25 = .5590...
    a = analyse(items_from_matrix(HAND), 4)
    assert [i.p for i in a.items] == [0.75, 0.5, 0.25]
    assert a.exam.mean == 1.5 and a.exam.sd == pytest.approx(math.sqrt(1.25))
    assert a.exam.kr20 == pytest.approx(0.75)
    assert a.exam.sem == pytest.approx(math.sqrt(1.25) * 0.5)
    # Item 1 against the rest-score 2,1,0,0: Σxy-dev = .75, Σxx-dev = .75, Σyy-dev = 2.75
    assert a.items[0].point_biserial == pytest.approx(0.75 / math.sqrt(0.75 * 2.75))
    # 27 % of 4 rounds to 1: the upper group is the first student, the lower the last.
    assert [i.upper_lower for i in a.items] == [1.0, 1.0, 1.0]
    key = a.items[1].options[0]
    assert (key.option, key.chosen, key.upper, key.lower) == (KEY, 2, 1.0, 0.0)


def test_group_sizes_round_half_up_and_ties_follow_file_order():
    assert [group_size(n) for n in (0, 1, 2, 4, 10, 100, 200)] == [0, 0, 1, 1, 3, 27, 54]
    upper, lower = upper_lower_groups([2, 2, 2, 0, 5], [0, 1, 2, 3, 4])
    assert upper == [4] and lower == [3]
    upper, lower = upper_lower_groups([1, 1, 1, 1], [0, 1, 2, 3])
    assert upper == [0] and lower == [0]  # all tied: the same student ranks first both ways


def test_degenerate_cases_are_undefined_not_divided_by_zero():
    same = [[1, 0], [1, 0], [1, 0]]
    a = analyse(items_from_matrix(same), 3)
    assert a.exam.kr20 is None and a.exam.sem is None and "same score" in a.exam.kr20_note
    assert a.exam.sd == 0.0
    easy, hard = a.items
    assert easy.point_biserial is None and hard.point_biserial is None
    assert {f.code for f in easy.flags} >= {"too_easy", "discrimination_undefined"}
    assert {f.code for f in hard.flags} >= {"too_hard", "discrimination_undefined"}
    one = analyse(items_from_matrix([[1, 0]]), 1)
    assert one.exam.kr20 is None and one.items[0].upper_lower is None
    assert "two students" in one.exam.kr20_note
    nobody = analyse([ItemData("q", ("x",), ())], 0)
    assert nobody.items[0].p is None and nobody.items[0].flags == () and nobody.exam.mean is None
    assert kr20([[1], [0]]) is None and variance([]) is None
    assert point_biserial([1, 1], [3, 4]) is None


def test_students_with_another_version_are_left_out_of_the_item_and_of_kr20():
    items = [ItemData("a", ("x",), (KEY, "x", None, KEY)), ItemData("b", ("x",), (KEY, KEY, "x", None))]
    a = analyse(items, 4)
    assert [i.students for i in a.items] == [3, 3]
    assert a.exam.kr20 is None and "different questions" in a.exam.kr20_note


def test_flags_name_their_reason():
    # 10 students; the key is chosen by the weak ones, distractor "y" by the strong ones, "z" never.
    picks = ("y", "y", "y", "y", KEY, KEY, KEY, KEY, BLANK, KEY)
    strength = [[1] * 9 if s < 4 else [0] * 9 for s in range(10)]
    others = [ItemData(f"o{i}", ("x",), tuple(KEY if strength[s][i] else "x" for s in range(10)))
              for i in range(9)]
    bad = ItemData("bad", ("x", "y", "z"), picks, {"x": "mx", "y": "my", "z": "mz"})
    a = analyse([bad, *others], 10)
    item = a.items[0]
    codes = [f.code for f in item.flags]
    assert codes == ["negative_discrimination", "unchosen_distractor", "unchosen_distractor",
                     "upper_prefers_distractor"]
    reasons = " | ".join(f.reason for f in item.flags)
    assert "nobody chose: mx" in reasons and "nobody chose: mz" in reasons and ": my" in reasons
    assert a.misconceptions == (("my", 4),)  # the other items name no misconception


def test_too_easy_too_hard_and_low_discrimination_thresholds():
    # 21 students: item 0 right for all (too easy), item 1 right for three (too hard).
    rows = [[1] * 21 for _ in range(21)]
    for s in range(21):
        rows[s][1] = int(s < 3)  # 3/21 = .14 right: too hard
    a = analyse(items_from_matrix(rows), 21)
    assert [f.code for f in a.items[1].flags][0] == "too_hard"
    assert [f.code for f in a.items[0].flags][0] == "too_easy"


# --- published worked examples -------------------------------------------------------------

# K. L. Wuensch, "The Kuder-Richardson 20" (East Carolina University, StatHelp, KR20.txt): ten
# students, a ten-item quiz. The page prints p of each item (.7 .7 .6 .7 .6 .8 .7 .7 .5 .6), their
# p·q summing to 2.18, and the variance of the totals, 5.84; KR-20 = 10/9 · (1 - 2.18/5.84).
WUENSCH = [
    [1, 1, 1, 1, 1, 1, 0, 1, 1, 0],  # A, total 8
    [1, 0, 1, 1, 0, 1, 1, 1, 0, 1],  # B, 7
    [1, 1, 1, 1, 0, 1, 1, 0, 0, 1],  # C, 7
    [0, 0, 1, 0, 0, 0, 1, 0, 0, 0],  # D, 2
    [0, 0, 0, 0, 0, 1, 0, 0, 1, 0],  # E, 2
    [1, 1, 1, 0, 1, 1, 1, 1, 1, 1],  # F, 9
    [1, 1, 0, 1, 1, 1, 0, 1, 1, 1],  # G, 8
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1],  # H, 9
    [0, 1, 0, 1, 1, 1, 1, 1, 0, 1],  # I, 7
    [1, 1, 0, 1, 1, 0, 1, 1, 1, 0],  # J, 7
]


def test_kr20_matches_the_published_worked_example():
    a = analyse(items_from_matrix(WUENSCH), 10)
    assert [round(i.p, 1) for i in a.items] == [.7, .7, .6, .7, .6, .8, .7, .7, .5, .6]
    assert math.fsum(i.p * (1 - i.p) for i in a.items) == pytest.approx(2.18)
    assert a.exam.totals == (8, 7, 7, 2, 2, 9, 8, 9, 7, 7)
    assert a.exam.sd ** 2 == pytest.approx(5.84)
    assert a.exam.kr20 == pytest.approx(10 / 9 * (1 - 2.18 / 5.84))
    assert round(a.exam.kr20, 3) == 0.696


# J. D. Brown, "Point-biserial correlation coefficients", Shiken: JALT Testing & Evaluation SIG
# Newsletter 5(3), 2001, Table 2: eight students with totals 50 45 45 40 35 30 30 25; item 1 right
# for the top four (Mp = 45, Mq = 30), item 2 for the bottom four, item 3 for all; St = 8.29.
# The page prints rpbi = .91, -.91 and .00 from rpbi = (Mp - Mq)/St · √(pq); exact arithmetic
# gives .9045 (the .91 is rounded from rounded inputs). For item 3 lstmq says "undefined":
# an item everyone got right carries no information about discrimination.
BROWN_TOTALS = [50, 45, 45, 40, 35, 30, 30, 25]


def test_point_biserial_matches_the_published_worked_example():
    st_ = math.sqrt(variance(BROWN_TOTALS))
    assert round(st_, 2) == 8.29
    item1, item2 = [1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]
    published_formula = (45 - 30) / st_ * math.sqrt(0.5 * 0.5)
    assert point_biserial(item1, BROWN_TOTALS) == pytest.approx(published_formula)
    assert point_biserial(item2, BROWN_TOTALS) == pytest.approx(-published_formula)
    assert abs(point_biserial(item1, BROWN_TOTALS) - 0.91) < 0.01
    assert point_biserial([1] * 8, BROWN_TOTALS) is None


# --- against numpy ---------------------------------------------------------------------------

def numpy_reference(m: np.ndarray):
    totals = m.sum(axis=1)
    p = m.mean(axis=0)
    k = m.shape[1]
    var = totals.var()
    alpha = k / (k - 1) * (1 - (p * (1 - p)).sum() / var) if var > 0 else None
    rs = []
    for i in range(k):
        x, y = m[:, i], totals - m[:, i]
        rs.append(None if x.std() == 0 or y.std() == 0 else float(np.corrcoef(x, y)[0, 1]))
    return p, alpha, rs


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30).flatmap(lambda n: st.integers(2, 8).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 1), min_size=k, max_size=k), min_size=n, max_size=n))))
def test_figures_match_an_independent_numpy_computation(rows):
    m = np.array(rows, dtype=float)
    p, alpha, rs = numpy_reference(m)
    a = analyse(items_from_matrix(rows), len(rows))
    assert [i.p for i in a.items] == pytest.approx(list(p))
    if alpha is None:
        assert a.exam.kr20 is None
    else:
        assert a.exam.kr20 == pytest.approx(alpha, abs=1e-9)
    for item, r in zip(a.items, rs):
        if r is None:
            assert item.point_biserial is None
        else:
            assert item.point_biserial == pytest.approx(r, abs=1e-9)
