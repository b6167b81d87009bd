"""Choosing three distractors so that no surface cue singles out the key.

``spread.pick`` keeps the key from being the option most like the others; the call families
(constructor, design, missing-argument, wrong-keyword) also offer options of very different
lengths, so the key must not be the longest or the shortest option more often than chance either.
Nor, for claims about exceptions, the only option of its kind, or one of just two options of the
kind most keys of the family have. ``pick_balanced`` draws, three times in four, among the triples
where the cues, added up, point at the key least, and otherwise among all triples: each cue then
finds the key about as often as chance, or less.
Deterministic in the texts and the seed string.
"""

from __future__ import annotations

import random
import re
from itertools import combinations

from ..model import Candidate
from .spread import _key_stands_out, similarity, tokens

SHARE_BALANCED = 0.75
_CODE_MARK = re.compile(r"`+")


def shown_length(text: str) -> int:
    """Characters a student sees: code marks dropped, white space folded (as the audit counts)."""
    return len(" ".join(_CODE_MARK.sub("", text).split()))


_KIND = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b")  # as the audit reads an option's kind


def kind(text: str) -> str:
    found = _KIND.search(_CODE_MARK.sub("", text))
    return found.group(1) if found else ""


def _cue_score(table, lengths, kinds, shown: list[int], common_kind: str | None) -> float:
    """The summed chance, over the cues, that a student following one finds the key (index 0):
    1/k when the key is one of k options a cue names, 1/4 when a cue names none, else 0."""
    n = len(shown)

    def share(named: list[int]) -> float:
        if not named or len(named) == n:
            return 1 / n
        return 1 / len(named) if 0 in named else 0.0

    longest = max(lengths[i] for i in shown)
    shortest = min(lengths[i] for i in shown)
    score = share([i for i in shown if lengths[i] == longest]) + share([i for i in shown if lengths[i] == shortest])
    score += 1.0 if _key_stands_out(table, shown) else 0.0
    counts: dict[str, int] = {}
    for i in shown:
        counts[kinds[i]] = counts.get(kinds[i], 0) + 1
    score += share([i for i in shown if counts[kinds[i]] == 1])
    if common_kind is not None:
        score += share([i for i in shown if kinds[i] == common_kind])
    return score


def pick_balanced(key: Candidate, pool: list[Candidate], seed: str, k: int = 3,
                  common_kind: str | None = None) -> list[Candidate]:
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
    kinds = [kind(t) for t in texts]
    table = [[1.0] * len(toks) for _ in toks]
    for i, j in combinations(range(len(toks)), 2):
        table[i][j] = table[j][i] = similarity(toks[i], toks[j])
    subsets = list(combinations(range(len(distinct)), k))
    rng = random.Random(f"lstmq-balance:{seed}")
    if rng.random() < SHARE_BALANCED:
        scores = [round(_cue_score(table, lengths, kinds, [0, *(i + 1 for i in s)], common_kind), 9) for s in subsets]
        best = min(scores)
        subsets = [s for s, score in zip(subsets, scores) if score == best]
    chosen = subsets[rng.randrange(len(subsets))]
    return [distinct[i] for i in chosen]
