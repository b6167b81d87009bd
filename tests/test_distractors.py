"""The pickers' shortcuts give exactly what the plain definitions give: item bytes depend on it.

``_triple_means`` (one pass over triples) and ``_key_stands_out`` (rounding only close means) must
agree with ``_mean_likeness`` and ``_stands_out`` on every table, ties and near-ties included; and
the pickers' caches must not change a pick.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import distractors
from lstmq.families.distractors import (_key_stands_out, _mean_likeness, _stands_out, _subset_likeness,
                                        _triple_means, choose, pick)
from lstmq.model import Candidate

# Similarities are 1 - d/L for small token counts: few distinct values, so means often tie, and
# sums of thirds reached in different orders can differ in their last bit.
VALUES = [0.0, 0.2, 0.25, 1 / 3, 0.4, 0.5, 0.6, 2 / 3, 0.75, 0.8, 6 / 7, 1.0]


@st.composite
def tables(draw, min_size=5, max_size=9):
    n = draw(st.integers(min_size, max_size))
    nudge = draw(st.sampled_from([0.0, 1e-12, 1.5e-9, 3e-9]))  # near-ties at and past the rounding
    table = [[1.0] * n for _ in range(n)]
    for i, j in combinations(range(n), 2):
        value = draw(st.sampled_from(VALUES)) + draw(st.sampled_from([0.0, nudge, -nudge]))
        table[i][j] = table[j][i] = value
    return table


def triples(n: int) -> list[list[int]]:
    return [[0, *(i + 1 for i in s)] for s in combinations(range(n - 1), 3)]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_triple_means_are_the_mean_likeness_of_each_triple(table):
    shown = triples(len(table))
    assert _triple_means(table) == [tuple(_mean_likeness(table, rows)) for rows in shown]


@settings(max_examples=300, deadline=None)
@given(tables(min_size=4))
def test_the_key_stands_out_exactly_when_its_rounded_mean_says_so(table):
    for size in (2, 3):  # triples take the shortcut; pairs go the plain way
        shown = [[0, *(i + 1 for i in s)] for s in combinations(range(len(table) - 1), size)]
        plain = [_stands_out(_mean_likeness(table, rows)) for rows in shown]
        assert _key_stands_out(table, shown) == plain
        assert [_stands_out(m) for m in _subset_likeness(table, shown, 1)] == plain


words = st.sampled_from(["`ValueError`", "`TypeError`", "input_size", "hidden", "(2, 3)", "(3, 2)", "must", "be",
                         "It raises", "nothing", "a warning", "10", "12"])
texts = st.lists(words, min_size=1, max_size=6).map(" ".join)


def _clear() -> None:
    distractors._convergent.cache_clear()
    distractors._qualifying.cache_clear()


@settings(max_examples=120, deadline=None)
@given(texts, st.lists(texts, min_size=4, max_size=9), st.text(max_size=8), st.text(max_size=8))
def test_the_pickers_caches_do_not_change_a_pick(key, pool, seed, other_seed):
    key_c, pool_c = Candidate(key, ""), [Candidate(t, "") for t in pool]
    _clear()
    cold = [pick(key_c, pool_c, seed), choose(key_c, pool_c, seed)]
    _clear()
    pick(key_c, pool_c, other_seed), choose(key_c, pool_c, other_seed)  # the same candidates, cached
    assert [pick(key_c, pool_c, seed), choose(key_c, pool_c, seed)] == cold
