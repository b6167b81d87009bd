"""Choosing three distractors so that no surface cue singles out the key.

``spread.pick`` keeps the key from being the option most like the others; the call families
(constructor, design, missing-argument, wrong-keyword) also offer options of very different
lengths, so the key must not be the longest or the shortest option more often than chance either.
``pick_balanced`` draws, three times in four, among the triples where none of these cues names the
key, and otherwise among all triples: each cue then finds the key at most about one item in four.
Deterministic in the texts and the seed string.
"""

from __future__ import annotations

import random
import re
from itertools import combinations

from ..model import Candidate
from .spread import _key_stands_out, similarity, tokens

SHARE_UNCUED = 0.75
_CODE_MARK = re.compile(r"`+")


def shown_length(text: str) -> int:
    """Characters a student sees: code marks dropped, white space folded (as the audit counts)."""
    return len(" ".join(_CODE_MARK.sub("", text).split()))


def _cued(table, lengths, shown: list[int]) -> bool:
    longest = max(lengths[i] for i in shown)
    shortest = min(lengths[i] for i in shown)
    return (_key_stands_out(table, shown) or lengths[0] == longest or lengths[0] == shortest)


def pick_balanced(key: Candidate, pool: list[Candidate], seed: str, k: int = 3) -> list[Candidate]:
    """``k`` candidates of ``pool`` with distinct texts (none the key's), chosen as described above.
    A named misconception that reads like the key is left in the pool for the engine, which
    redraws such an item (it would reward the misconception)."""
    seen = {" ".join(key.text.split())}
    if any(c.misconception and " ".join(c.text.split()) in seen for c in pool):
        return list(pool)
    distinct = []
    for c in pool:
        text = " ".join(c.text.split())
        if text not in seen:
            seen.add(text)
            distinct.append(c)
    if len(distinct) <= k:
        return distinct
    texts = [key.text, *(c.text for c in distinct)]
    toks = [tokens(" ".join(t.split())) for t in texts]
    lengths = [shown_length(t) for t in texts]
    table = [[1.0] * len(toks) for _ in toks]
    for i, j in combinations(range(len(toks)), 2):
        table[i][j] = table[j][i] = similarity(toks[i], toks[j])
    subsets = list(combinations(range(len(distinct)), k))
    rng = random.Random(f"lstmq-balance:{seed}")
    uncued = [s for s in subsets if not _cued(table, lengths, [0, *(i + 1 for i in s)])]
    group = uncued if uncued and rng.random() < SHARE_UNCUED else subsets
    chosen = group[rng.randrange(len(group))]
    return [distinct[i] for i in chosen]
