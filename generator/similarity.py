"""How alike two options read: the token edit similarity the families balance and the audit measures.

A student compares options as words and punctuation marks, with Markdown code marks dropped.
Two options are alike in proportion to the edits (insert, delete or replace one token) that turn
one into the other: ``similarity`` is 1 − that distance ÷ the longer token count. The families
(choosing distractors) and the audit (judging the convergence cue) must measure the same thing,
so both use this module.

The distance is computed bit-parallel (Myers 1999, as restated for edit distance by Hyyrö
2001): one pass over ``b`` with a few integer operations per token, where the textbook table
costs a Python loop per pair of tokens. Choosing distractors compares every pair of a family's
candidates, so this was the largest cost of drawing a set that was not torch's.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CODE_MARK = re.compile(r"`([^`]*)`")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1 << 14)  # families offer the same candidate texts item after item
def tokens(text: str) -> tuple[str, ...]:
    """What a student reads of an option, as words and single punctuation marks."""
    return tuple(_TOKEN.findall(_CODE_MARK.sub(r"\1", text)))


@lru_cache(maxsize=1 << 16)  # the same pairs of options come back in many items
def edit_distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Levenshtein distance between token sequences (insert, delete, replace: cost 1 each)."""
    # Options often share a head or a tail ("It raises `ValueError`: ..."), which no edit touches.
    shorter = min(len(a), len(b))
    start = 0
    while start < shorter and a[start] == b[start]:
        start += 1
    end = 0
    while end < shorter - start and a[-1 - end] == b[-1 - end]:
        end += 1
    if start or end:
        a, b = a[start:len(a) - end], b[start:len(b) - end]
    if len(a) < len(b):
        a, b = b, a  # the bit vectors run over the longer sequence, the loop over the shorter
    if len(b) <= 1:  # common once the shared ends are trimmed: "(2, 3, 4)" against "(9, 3, 4)"
        return len(a) - (len(b) == 1 and b[0] in a)
    positions: dict[str, int] = {}
    for i, token in enumerate(a):
        positions[token] = positions.get(token, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    top = 1 << (len(a) - 1)
    plus, minus, distance = mask, 0, len(a)  # vertical +1 and −1 deltas of the table's column
    position = positions.get
    for token in b:
        equal = position(token, 0)
        vertical = equal | minus
        horizontal = (((equal & plus) + plus) ^ plus) | equal
        h_plus = minus | ~(horizontal | plus)
        h_minus = plus & horizontal
        if h_plus & top:
            distance += 1
        elif h_minus & top:
            distance -= 1
        h_plus = (h_plus << 1) | 1  # the table's first row grows by one per token of b
        h_minus <<= 1
        plus = (h_minus | ~(vertical | h_plus)) & mask
        minus = h_plus & vertical & mask
    return distance


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1 − token edit distance ÷ the longer token count (1: the same, 0: nothing shared)."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - edit_distance(a, b) / longest
