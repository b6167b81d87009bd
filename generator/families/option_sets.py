"""Choosing which three wrong options an item shows, so the key cannot be found by its look.

A family offers more named misconceptions than an item has room for. Which three are shown is
chosen here: among the sets of three, keep those where the key is not singled out by length,
by being the option most like the others, or by being the only option of its kind (the cues
``lstmq audit`` measures, restated on option texts), then take one of them by a hash of the
item, so that over a family the key is as often long, short or central as any other option.
Every option stays a named misconception; nothing here decides what is right.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from itertools import combinations

from ..model import Candidate

_CODE = re.compile(r"`([^`]*)`")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_KIND = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b")


def _plain(text: str) -> str:
    return " ".join(_CODE.sub(r"\1", text).split())


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(_plain(text)))


@lru_cache(maxsize=1 << 15)
def _distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    longest = max(len(ta), len(tb))
    return 1.0 if longest == 0 else 1.0 - _distance(ta, tb) / longest


def kind_of(text: str) -> str:
    """The first exception or warning class an option names ("" when none)."""
    found = _KIND.search(_plain(text))
    return found.group(1) if found else ""


def _share(flags: list[bool]) -> float:
    """What a student picking among the flagged options scores (the key is option 0)."""
    chosen = sum(flags)
    if chosen in (0, len(flags)):
        return 0.25
    return 1.0 / chosen if flags[0] else 0.0


def cue_scores(texts: list[str], usual: str | None = None) -> tuple[float, ...]:
    """(longest, shortest, most similar, only of its kind) scores of the key ``texts[0]``, and
    with ``usual`` (the kind most of the family's keys have) the score of picking that kind."""
    lengths = [len(_plain(t)) for t in texts]
    n = len(texts)
    sims = [round(sum(_similarity(texts[i], texts[j]) for j in range(n) if j != i) / (n - 1), 9)
            for i in range(n)]
    kinds = [kind_of(t) for t in texts]
    unique = [kinds.count(k) == 1 for k in kinds]
    if all(unique):
        unique = [False] * n
    scores = (_share([v == max(lengths) for v in lengths]), _share([v == min(lengths) for v in lengths]),
              _share([v == max(sims) for v in sims]), _share(unique))
    if usual is None:
        return scores
    return (*scores, _share([k == usual for k in kinds]))


def _hash(salt: str) -> int:
    return int.from_bytes(hashlib.sha256(salt.encode()).digest()[:8], "big")


def choose(key: Candidate, pool: list[Candidate], salt: str, count: int = 3,
           fixed: tuple[Candidate, ...] = (), usual: str | None = None) -> list[Candidate]:
    """``count`` candidates (distinct texts, none the key's): ``fixed`` ones first, the rest from
    ``pool``, so that they do not single out the key; ``salt`` (from the item's params) picks
    among the sets that qualify. ``usual``: the kind most keys of the family have ("" for none)."""
    seen = {" ".join(key.text.split())} | {" ".join(c.text.split()) for c in fixed}
    count -= len(fixed)
    distinct = []
    for c in pool:
        text = " ".join(c.text.split())
        if text not in seen:
            seen.add(text)
            distinct.append(c)
    if len(distinct) <= count:
        return [*fixed, *distinct]
    scored = []
    for combo in combinations(range(len(distinct)), count):
        cues = cue_scores([key.text] + [c.text for c in fixed] + [distinct[i].text for i in combo], usual)
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
    combo = good[_hash(salt) % len(good)][2]
    return [*fixed, *(distinct[i] for i in combo)]
