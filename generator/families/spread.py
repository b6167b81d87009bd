"""Choosing which distractors an item shows, so that the key is not the option most like the others.

When every wrong option is one slip away from the key, the key sits in the middle of the
options, and a test-wise student who picks "the option most similar to the others" finds it
(convergence). ``pick`` chooses three of a family's verified-wrong candidates so that the key is
the most similar option only about as often as chance (one item in four), whichever misconceptions
are on offer. The choice depends only on the texts and a seed string, so it is deterministic.
"""

from __future__ import annotations

import difflib
import random
from itertools import combinations

from ..model import Candidate

CHANCE = 0.25


def _normal(text: str) -> str:
    return " ".join(text.split())


def key_most_similar(key: str, others: list[str]) -> bool:
    """True when the key's mean similarity to the other options is the highest (ties included)."""
    texts = [key, *others]

    def mean_similarity(i: int) -> float:
        return sum(difflib.SequenceMatcher(None, texts[i], t).ratio()
                   for j, t in enumerate(texts) if j != i) / (len(texts) - 1)

    scores = [mean_similarity(i) for i in range(len(texts))]
    return scores[0] >= max(scores[1:])


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
    flagged = {s: key_most_similar(_normal(key.text), [_normal(distinct[i].text) for i in s]) for s in subsets}
    rng = random.Random(f"lstmq-spread:{seed}")
    want = rng.random() < CHANCE
    group = [s for s in subsets if flagged[s] == want] or subsets
    chosen = group[rng.randrange(len(group))]
    return [distinct[i] for i in chosen]
