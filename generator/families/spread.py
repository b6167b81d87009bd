"""Choosing which distractors an item shows, so that the key is not the option most like the others.

When every wrong option is one slip away from the key, the key sits in the middle of the
options, and a test-wise student who picks "the option most similar to the others" finds it
(convergence). Similarity is a token edit similarity (words and punctuation marks, Markdown
code marks dropped), the measure the item-writing literature's convergence cue suggests. ``pick`` chooses three of a family's verified-wrong candidates so that the key is
the most similar option no more often than chance (one item in four), whichever misconceptions
are on offer: it asks for that in 15 % of items, since ties and items with no other choice add some. The choice depends only on the texts and a seed string, so it is deterministic.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from itertools import combinations

from ..model import Candidate

CHANCE = 0.15  # below 1 in 4: ties and fallbacks put the key in the middle more often than asked


def _normal(text: str) -> str:
    return " ".join(text.split())


_CODE_MARK = re.compile(r"`([^`]*)`")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> tuple[str, ...]:
    """What a student reads of an option, as words and single punctuation marks."""
    return tuple(_TOKEN.findall(_CODE_MARK.sub(r"\1", text)))


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1 − token edit distance ÷ the longer token count (1: the same, 0: nothing shared)."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return 1.0 - row[-1] / longest


def key_most_similar(key: str, others: list[str]) -> bool:
    """True when the key's mean similarity to the other options is the highest, ties included,
    unless every option ties (then nothing stands out)."""
    toks = [tokens(t) for t in (key, *others)]
    n = len(toks)
    table = [[similarity(toks[i], toks[j]) if i != j else 1.0 for j in range(n)] for i in range(n)]
    return _key_stands_out(table, list(range(n)))


def _key_stands_out(table: list[list[float]], shown: list[int]) -> bool:
    """``key_most_similar`` from a table of similarities: ``shown`` are rows of the table, the
    key first. The sums run in the order of ``shown``, so the rounding is the same either way."""
    means = [round(sum(table[i][j] for j in shown if j != i) / (len(shown) - 1), 9) for i in shown]
    best = max(means)
    return means[0] == best and any(m != best for m in means)


def pick(key: Candidate, pool: list[Candidate], seed: str, k: int = 3) -> list[Candidate]:
    """``k`` candidates of ``pool`` (distinct texts, none the key's), chosen as described above.
    Fewer than ``k`` distinct candidates are returned as they are."""
    seen = {_normal(key.text)}
    distinct = []
    for c in pool:
        text = _normal(c.text)
        if text not in seen:
            seen.add(text)
            distinct.append(c)
    if len(distinct) <= k:
        return distinct
    subsets = list(combinations(range(len(distinct)), k))
    # Every pair's similarity once (edit distance is symmetric), then each subset from the table:
    # a family offering 15 candidates has 455 subsets but only 120 pairs.
    toks = [tokens(_normal(c.text)) for c in (key, *distinct)]
    table = [[1.0] * len(toks) for _ in toks]
    for i, j in combinations(range(len(toks)), 2):
        table[i][j] = table[j][i] = similarity(toks[i], toks[j])
    flagged = {s: _key_stands_out(table, [0, *(i + 1 for i in s)]) for s in subsets}
    rng = random.Random(f"lstmq-spread:{seed}")
    want = rng.random() < CHANCE
    group = [s for s in subsets if flagged[s] == want] or subsets
    chosen = group[rng.randrange(len(group))]
    return [distinct[i] for i in chosen]


# --- what the families share around ``pick`` ---------------------------------------------------

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
