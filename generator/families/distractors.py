"""Choosing which wrong options an item shows, so that no surface cue singles out the key.

A family offers more named misconceptions than an item has room for; which three are shown is
chosen here, against the cues ``lstmq audit`` measures (Haladyna's item-writing rules): the key
must not be, more often than chance, the option most like the others (convergence), the longest
or the shortest, the only option naming its exception, or one of few options of the kind most of
the family's keys have. Nothing here decides what is right: every option stays a named
misconception torch judged, and the choice depends only on the texts and a seed string.

Three pickers, one per kind of option text:

- ``pick`` (families whose options are values or shapes): only convergence matters; the key is
  the most similar option in ``CONVERGENT_SHARE`` of items, asked for on purpose, since ties and
  items with no other choice add some.
- ``pick_balanced`` (call families: options of very different lengths): three times in four
  among the triples whose cues, added up, point at the key least, otherwise among all triples.
- ``choose`` (error families: claims about exceptions): among the triples where no cue finds the
  key more often than one guess in two and the cues together sit at chance, one picked by a hash.

The shared measures: ``shown_length``, ``kind_of`` and ``lstmq.similarity`` (the audit's own).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace
from functools import lru_cache
from itertools import combinations
from typing import Iterator, Sequence

from ..model import Candidate
from ..similarity import spelled_similarity, spelling

CONVERGENT_SHARE = 0.15  # below 1 in 4: ties and fallbacks put the key in the middle more often than asked
BALANCED_SHARE = 0.75

_CODE_SPAN = re.compile(r"`([^`]*)`")
_CODE_MARKS = re.compile(r"`+")
_KIND = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b")  # as the audit reads an option's kind


def _normal(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    """The option as the audit reads it: code marks dropped, white space folded."""
    return _normal(_CODE_SPAN.sub(r"\1", text))


def shown_length(text: str) -> int:
    """Characters a student sees: code marks dropped, white space folded."""
    return len(_normal(_CODE_MARKS.sub("", text)))


def kind_of(text: str) -> str:
    """The first exception or warning class an option names ("" when none)."""
    found = _KIND.search(_plain(text))
    return found.group(1) if found else ""


def _distinct(key: Candidate, pool: list[Candidate], fixed: tuple[Candidate, ...] = ()) -> list[Candidate]:
    """The candidates of ``pool`` whose texts differ from the key's, ``fixed``'s and each other's."""
    seen = {_normal(key.text)} | {_normal(c.text) for c in fixed}
    distinct = []
    for c in pool:
        text = _normal(c.text)
        if text not in seen:
            seen.add(text)
            distinct.append(c)
    return distinct


def _similarity_table(texts: Sequence[str]) -> list[list[float]]:
    """Every pair's similarity once (it is symmetric): 15 candidates make 455 triples but 120 pairs."""
    words = [spelling(t) for t in texts]
    table = [[1.0] * len(words) for _ in words]
    for i, j in combinations(range(len(words)), 2):
        table[i][j] = table[j][i] = spelled_similarity(words[i], words[j])
    return table


def _mean_likeness(table: list[list[float]], shown: list[int]) -> list[float]:
    """Each shown option's mean similarity to the others, in the order of ``shown``. The sums run
    in the order of ``shown``, so that equal means tie exactly, however they were reached."""
    return [round(sum(table[i][j] for j in shown if j != i) / (len(shown) - 1), 9) for i in shown]


def _stands_out(means) -> bool:
    """Whether the key (the first of ``means``) is the most similar option, ties included,
    unless every option ties (then nothing stands out)."""
    best = max(means)
    return means[0] == best and any(m != best for m in means)


def _key_share(flags: list[bool], none_or_all: float) -> float:
    """What a student picking among the options a cue flags scores (the key is ``flags[0]``):
    1/k when the key is one of k flagged options, 0 when it is not flagged, and ``none_or_all``
    (a blind guess) when the cue flags no option or every option."""
    flagged = flags.count(True)
    if flagged == 0 or flagged == len(flags):
        return none_or_all
    return 1 / flagged if flags[0] else 0.0


def _extreme_share(values: list, extreme, none_or_all: float) -> float:
    """``_key_share`` for the cue "the options whose value is ``extreme``" (one of ``values``)."""
    flagged = values.count(extreme)
    if flagged == len(values):
        return none_or_all
    return 1 / flagged if values[0] == extreme else 0.0


def key_most_similar(key: str, others: list[str]) -> bool:
    """The convergence cue for one item: is the key the option most like the others?"""
    texts = [key, *others]
    return _stands_out(_mean_likeness(_similarity_table(texts), list(range(len(texts)))))


# --- pick: convergence only -------------------------------------------------------------------

def _subset_likeness(table: list[list[float]], shown: list[list[int]], head: int) -> list:
    """``_mean_likeness`` of each of ``shown``: the first ``head`` rows (the key, then any fixed
    options) with each subset, ``shown`` listing every subset of the other rows in the order of
    ``combinations``. A key with triples, the usual case, is computed in one pass."""
    if head == 1 and shown and len(shown[0]) == 4:
        return _triple_means(table)
    return [_mean_likeness(table, rows) for rows in shown]


def _triple_sums(table: list[list[float]]) -> Iterator[tuple[float, float, float, float]]:
    """The unrounded ``_mean_likeness`` of the key (row 0) with every triple of the other rows, in
    the order of ``combinations``: the same sums in the same order, with the partial sums a
    triple shares with the next one kept (scoring triples is most of lstmq's own time in
    drawing a set)."""
    n = len(table)
    key = table[0]
    for a in range(1, n):
        ta = table[a]
        for b in range(a + 1, n):
            tb = table[b]
            key_ab, a_kb, b_ka = key[a] + key[b], ta[0] + ta[b], tb[0] + tb[a]
            for c in range(b + 1, n):
                tc = table[c]
                yield (key_ab + key[c]) / 3, (a_kb + ta[c]) / 3, (b_ka + tb[c]) / 3, (tc[0] + tc[a] + tc[b]) / 3


def _triple_means(table: list[list[float]]) -> list[tuple[float, float, float, float]]:
    """``_mean_likeness`` of the key with every triple of the other rows (``_triple_sums``, rounded)."""
    return [(round(mine, 9), round(first, 9), round(second, 9), round(third, 9))
            for mine, first, second, third in _triple_sums(table)]


# Means further apart than this round apart, in the same order: round(·, 9) moves a mean by at
# most half of 1e-9. Only means closer than this need rounding to be compared as the audit does.
_CLEARLY_APART = 2e-9


def _key_stands_out(table: list[list[float]], shown: list[list[int]]) -> list[bool]:
    """``_stands_out`` of each subset's ``_subset_likeness`` (the key is row 0, alone in front).
    For triples, the usual case, a key mean clearly above or below the others' decides without
    rounding; the answers are the same, for a fraction of the work."""
    if not (shown and len(shown[0]) == 4):
        return [_stands_out(means) for means in _subset_likeness(table, shown, 1)]
    out = []
    for mine, first, second, third in _triple_sums(table):
        top = max(first, second, third)
        if mine - top > _CLEARLY_APART:
            out.append(True)
        elif top - mine > _CLEARLY_APART:
            out.append(False)
        else:
            out.append(_stands_out((round(mine, 9), round(first, 9), round(second, 9), round(third, 9))))
    return out


def pick(key: Candidate, pool: list[Candidate], seed: str, k: int = 3) -> list[Candidate]:
    """``k`` candidates of ``pool`` (distinct texts, none the key's), the key the most similar
    option in about ``CONVERGENT_SHARE`` of seeds. Fewer distinct candidates are returned as they are."""
    distinct = _distinct(key, pool)
    if len(distinct) <= k:
        return distinct
    subsets = list(combinations(range(len(distinct)), k))
    flagged = _convergent(tuple([key.text, *(c.text for c in distinct)]), k)
    rng = random.Random(f"lstmq-spread:{seed}")
    want = rng.random() < CONVERGENT_SHARE
    group = [s for s, f in zip(subsets, flagged) if f == want] or subsets
    chosen = group[rng.randrange(len(group))]
    return [distinct[i] for i in chosen]


@lru_cache(maxsize=256)  # a family's items offer the same candidates again (two picks in five)
def _convergent(texts: tuple[str, ...], k: int) -> tuple[bool, ...]:
    """For each ``k``-subset of ``texts[1:]`` (in the order of ``combinations``), whether the key
    ``texts[0]`` is the option most like the others when that subset is shown with it."""
    shown = [[0, *(i + 1 for i in s)] for s in combinations(range(len(texts) - 1), k)]
    return tuple(_key_stands_out(_similarity_table(texts), shown))


# --- pick_balanced: lengths, likeness and kinds, for the call families --------------------------

def _balance_score(lengths, kinds, shown, key_stands_out: bool, common_kind: str | None) -> float:
    """The summed chance, over the cues, that a student following one finds the key (``shown[0]``):
    1/k when the key is one of k options a cue names, 1/n when a cue names none or all, else 0.
    ``key_stands_out``: whether the key is the option most like the others."""
    blind = 1 / len(shown)
    shown_lengths = [lengths[i] for i in shown]
    shown_kinds = [kinds[i] for i in shown]
    score = _extreme_share(shown_lengths, max(shown_lengths), blind) + \
        _extreme_share(shown_lengths, min(shown_lengths), blind)
    score += 1.0 if key_stands_out else 0.0
    score += _key_share([shown_kinds.count(k) == 1 for k in shown_kinds], blind)
    if common_kind is not None:
        score += _extreme_share(shown_kinds, common_kind, blind) if common_kind in shown_kinds else blind
    return score


def pick_balanced(key: Candidate, pool: list[Candidate], seed: str, k: int = 3,
                  common_kind: str | None = None) -> list[Candidate]:
    """``k`` candidates of ``pool`` with distinct texts (none the key's), chosen as described above.
    A named misconception that reads like the key is left in the pool for the engine, which
    redraws such an item (it would reward the misconception)."""
    if any(c.misconception and _normal(c.text) == _normal(key.text) for c in pool):
        return list(pool)
    distinct = _distinct(key, pool)
    if len(distinct) <= k:
        return distinct
    texts = [key.text, *(c.text for c in distinct)]
    table = _similarity_table(texts)
    lengths = [shown_length(t) for t in texts]
    kinds = [kind_of(t) for t in texts]
    subsets = list(combinations(range(len(distinct)), k))
    rng = random.Random(f"lstmq-balance:{seed}")
    if rng.random() < BALANCED_SHARE:
        shown = [[0, *(i + 1 for i in s)] for s in subsets]
        stands_out = _key_stands_out(table, shown)
        scores = [round(_balance_score(lengths, kinds, rows, out, common_kind), 9)
                  for rows, out in zip(shown, stands_out)]
        best = min(scores)
        subsets = [s for s, score in zip(subsets, scores) if score == best]
    chosen = subsets[rng.randrange(len(subsets))]
    return [distinct[i] for i in chosen]


# --- choose: claims about exceptions, for the error families -----------------------------------

def _cue_scores(sims, all_lengths: list[int], all_kinds: list[str], shown: list[int],
                usual: str | None) -> tuple[float, ...]:
    """(longest, shortest, most similar, only of its kind) scores of the key ``shown[0]``, and
    with ``usual`` (the kind most of the family's keys have) the score of picking that kind.
    ``sims``: the shown options' mean likeness (``_mean_likeness``)."""
    lengths = [all_lengths[i] for i in shown]
    kinds = [all_kinds[i] for i in shown]
    scores = (_extreme_share(lengths, max(lengths), 0.25), _extreme_share(lengths, min(lengths), 0.25),
              _extreme_share(sims, max(sims), 0.25), _key_share([kinds.count(k) == 1 for k in kinds], 0.25))
    if usual is None:
        return scores
    return (*scores, _extreme_share(kinds, usual, 0.25) if usual in kinds else 0.25)


def _hash(salt: str) -> int:
    return int.from_bytes(hashlib.sha256(salt.encode()).digest()[:8], "big")


def choose(key: Candidate, pool: list[Candidate], salt: str, count: int = 3,
           fixed: tuple[Candidate, ...] = (), usual: str | None = None) -> list[Candidate]:
    """``count`` candidates (distinct texts, none the key's): ``fixed`` ones first, the rest from
    ``pool``, so that they do not single out the key; ``salt`` (from the item's params) picks
    among the sets that qualify. ``usual``: the kind most keys of the family have ("" for none)."""
    distinct = _distinct(key, pool, fixed)
    count -= len(fixed)
    if len(distinct) <= count:
        return [*fixed, *distinct]
    texts = (key.text, *(c.text for c in fixed), *(c.text for c in distinct))
    good = _qualifying(texts, 1 + len(fixed), count, usual)
    combo = good[_hash(salt) % len(good)]
    return [*fixed, *(distinct[i] for i in combo)]


@lru_cache(maxsize=256)  # the same claims come back in about one item in four
def _qualifying(texts: tuple[str, ...], heads: int, count: int, usual: str | None) -> tuple[tuple[int, ...], ...]:
    """The ``count``-subsets of ``texts[heads:]`` (indices from 0, in the order of
    ``combinations``) that ``choose`` may show after the key and the fixed options ``texts[:heads]``."""
    table = _similarity_table(texts)
    lengths = [len(_plain(t)) for t in texts]
    kinds = [kind_of(t) for t in texts]
    head = list(range(heads))
    combos = list(combinations(range(len(texts) - heads), count))
    shown = [[*head, *(heads + i for i in combo)] for combo in combos]
    likeness = _subset_likeness(table, shown, heads)
    scored = []
    for combo, rows, sims in zip(combos, shown, likeness):
        cues = _cue_scores(sims, lengths, kinds, rows, usual)
        scored.append((max(cues), sum(cues), combo, sum(c >= 0.5 for c in cues)))
    # Sets where no cue finds the key more often than one guess in two and the cues together sit
    # at chance (four cues at 25 % each): the key is then as often long, short or central as any
    # option, and its absence from the extremes is no cue either. Failing that, sets that do not
    # point at the key; failing that, the sets that point at it least.
    chance = 0.25 * (5 if usual is not None else 4)
    good = [s for s in scored if s[0] <= 0.5 and s[3] <= 1 and chance - 0.25 <= s[1] <= chance + 0.25]
    if not good:
        good = [s for s in scored if s[0] < 0.5 and s[1] <= chance]
    if not good:
        best = min(s[1] for s in scored)
        good = [s for s in scored if s[1] == best]
    return tuple(s[2] for s in good)


# --- what the families share around the pickers -----------------------------------------------

def params_seed(p) -> str:
    """The seed string ``pick`` gets for a family's params (the stored dict, sorted)."""
    return repr(sorted(p.to_dict().items()))


def offer(p, intended: Candidate, wrong: list[Candidate]) -> tuple[Candidate, list[Candidate]]:
    """A family's ``options``: the key and three of its named wrong candidates, chosen by ``pick``."""
    return intended, pick(intended, wrong, params_seed(p))


def named_values(p, table: dict[str, object], truth, show, whys: dict, fmt: str = "code") -> list[Candidate]:
    """One wrong candidate per misconception of ``table`` (id -> the value it gives on ``p``),
    named after it; a misconception with nothing to say (None) or that gives the truth is not
    offered, since it cannot be told apart from knowing the rule on this item."""
    return [Candidate(show(v), whys[name](p, v), value=v, format=fmt, misconception=name)
            for name, v in table.items() if v is not None and v != truth]


def named(misconception: str, candidate: Candidate, yields: str | None = None) -> Candidate:
    """``candidate`` named after the misconception it embodies (what it yields, if not its text)."""
    return replace(candidate, misconception=misconception, yields=yields)


def mistakes(p, wrong: list[Candidate], traps: dict) -> tuple[str, ...]:
    """Common mistakes for the wrong options shown: each misconception's trap in the family's
    words (``traps[id](p, yields)``), not the option's why."""
    return tuple(traps[c.misconception](p, c.yields or c.text) for c in wrong if c.misconception in traps)
