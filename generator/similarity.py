"""How alike two options read: the token edit similarity the families balance and the audit measures.

A student compares options as words and punctuation marks, with Markdown code marks dropped.
Two options are alike in proportion to the edits (insert, delete or replace one token) that turn
one into the other: ``similarity`` is 1 − that distance ÷ the longer token count. The families
(choosing distractors) and the audit (judging the convergence cue) must measure the same thing,
so both use this module.

The distance is RapidFuzz's Levenshtein distance over *spellings*: each distinct token gets one
character of its own, so two token sequences differ exactly where their spellings do. (RapidFuzz
also takes sequences of tokens, but compares them by 64-bit hash.) Choosing distractors compares
every pair of a family's candidates; in Python this was the largest cost of drawing a set that
was not torch's, and in RapidFuzz's C++ it is about fifteen times cheaper.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

_CODE_MARK = re.compile(r"`([^`]*)`")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SURROGATES = 0xD800  # code points from here to 0xDFFF are not characters: skipped


@lru_cache(maxsize=1 << 14)  # families offer the same candidate texts item after item
def tokens(text: str) -> tuple[str, ...]:
    """What a student reads of an option, as words and single punctuation marks."""
    if "`" in text:  # a text with no code span needs no substitution
        text = _CODE_MARK.sub(r"\1", text)
    return tuple(_TOKEN.findall(text))


class _Letters(dict):
    """Each token seen in this process, and its character: a new token gets the next one."""

    def __missing__(self, token: str) -> str:
        n = len(self)
        letter = self[token] = chr(n if n < _SURROGATES else n + 0x800)
        return letter


_LETTERS = _Letters()


def spell(toks: tuple[str, ...]) -> str:
    """``toks`` as a string with one character per token, the same character for the same token.
    Which character a token gets depends on what came before it, but distances do not."""
    return "".join(map(_LETTERS.__getitem__, toks))


@lru_cache(maxsize=1 << 14)
def spelling(text: str) -> str:
    """``spell(tokens(text))``, kept per text: what ``spelled_similarity`` compares."""
    return spell(tokens(text))


def edit_distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Levenshtein distance between token sequences (insert, delete, replace: cost 1 each)."""
    return Levenshtein.distance(spell(a), spell(b))


def spelled_similarity(x: str, y: str) -> float:
    """``similarity`` of two spellings (``spelling``)."""
    longest = max(len(x), len(y))
    return 1.0 if longest == 0 else 1.0 - Levenshtein.distance(x, y) / longest


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1 − token edit distance ÷ the longer token count (1: the same, 0: nothing shared)."""
    return spelled_similarity(spell(a), spell(b))
