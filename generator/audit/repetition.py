"""Repetition and variety: how many different situations a family asks about, how often its
answers repeat, which items are near copies of others, and how many difficulty levels it spans."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Sequence

from ..model import Question
from .base import ISSUE, IWF, Check, Finding, Result, Threshold
from .text import key_text, plain, tokens

DRAW = 100  # answer repetition is judged as in a draw of this many questions
NEAR = 0.9  # token-trigram Jaccard similarity at or above which two items are near copies

_SPAN = re.compile(r"`[^`]*`")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?\b")
_IDENT = re.compile(r"\b[A-Za-z]\w*(?:_\w+|\d)\w*\b")  # snake_case or with digits: names from code


def stem_template(stem: str, code: str | None = None) -> str:
    """The stem with its variable parts replaced (code spans, numbers and code identifiers), and
    the code with its numbers replaced: what is left is the situation the item sets."""
    text = _SPAN.sub("<code>", stem)
    text = _NUMBER.sub("<n>", text)
    text = _IDENT.sub("<id>", text)
    shown = _NUMBER.sub("<n>", code) if code else ""
    return " ".join(text.split()) + "\n" + "\n".join(" ".join(line.split()) for line in shown.splitlines())


def templates(questions: Sequence[Question], bank_size: int) -> Result:
    counts = Counter(stem_template(q.stem, q.code) for q in questions)
    return Result(len(counts) if questions else None)


def draw_repeat_chance(copies: int, bank_size: int, draw: int = DRAW) -> float:
    """Given one item is in a draw of ``draw`` from ``bank_size`` items, the chance that at least
    one of its ``copies - 1`` twins is drawn too (hypergeometric, exact)."""
    if bank_size <= draw:
        return 1.0 if copies > 1 else 0.0
    none = 1.0
    for k in range(copies - 1):
        none *= (bank_size - draw - k) / (bank_size - 1 - k)
    return 1.0 - none


def answer_repetition(questions: Sequence[Question], bank_size: int) -> Result:
    """The expected share of a family's items, in a random 100-question draw from this bank, whose
    key text is also the key text of another item of the family in that draw."""
    if not questions:
        return Result(None)
    keys = Counter(plain(key_text(q)) for q in questions)
    scores = [draw_repeat_chance(keys[plain(key_text(q))], bank_size) for q in questions]
    findings = []
    top, top_count = min(keys.items(), key=lambda kv: (-kv[1], kv[0]))
    for q in questions:
        count = keys[plain(key_text(q))]
        if count > 1 and plain(key_text(q)) == top:
            findings.append(Finding(q.id, q.family, "answer-repeats",
                                    f"its key text is the key of {count} of the family's {len(questions)} items"))
    return Result(sum(scores) / len(scores), tuple(findings), tuple(scores))


def _trigrams(q: Question) -> frozenset:
    words = [*tokens(q.stem), *tokens(q.code or ""), *(t for c in sorted(x.text for x in q.choices) for t in tokens(c))]
    return frozenset(zip(words, words[1:], words[2:]))


def near_duplicates(questions: Sequence[Question], bank_size: int) -> Result:
    """Items whose stem, code and options (as token trigrams) overlap an earlier item's by at
    least 90 % (Jaccard similarity).

    Exact, without comparing every pair: two sets with a Jaccard similarity of at least t share a
    trigram among the first |A| - ceil(t|A|) + 1 of each set, taken in one fixed order (prefix
    filtering, as in Bayardo, Ma & Srikant's All-Pairs). Rare trigrams come first, so few items
    share a prefix trigram by chance.
    """
    grams = [_trigrams(q) for q in questions]
    frequency = Counter(g for item in grams for g in item)
    index: dict[tuple, list[int]] = defaultdict(list)  # prefix trigram -> earlier items holding it
    findings, scores = [], []
    for i, (q, item) in enumerate(zip(questions, grams)):
        ordered = sorted(item, key=lambda g: (frequency[g], g))
        prefix = ordered[:len(ordered) - math.ceil(NEAR * len(ordered)) + 1] if ordered else []
        match = None
        for j in sorted({j for g in prefix for j in index[g]}):
            other = grams[j]
            if len(item & other) / len(item | other) >= NEAR:
                match = questions[j].id
                break
        scores.append(1.0 if match else 0.0)
        if match:
            findings.append(Finding(q.id, q.family, "near-duplicate", f"near copy of {match}"))
        for g in prefix:
            index[g].append(i)
    return Result(sum(scores) / len(scores) if scores else None, tuple(findings), tuple(scores))


def difficulty_levels(questions: Sequence[Question], bank_size: int) -> Result:
    return Result(len({q.difficulty for q in questions}) if questions else None)


CHECKS = (
    Check("stem-templates", "repetition", "templ", "Distinct stem templates", "count", templates,
          overall="min", threshold=Threshold(">=", 8, overall=False), sources=(ISSUE, IWF),
          definition="An item's template is its stem's prose with every code span replaced by <code>, "
                     "every number by <n> and every identifier holding _ or a digit by <id>, followed by "
                     "its code (if any) with every number replaced by <n>. Overall: the fewest of any family."),
    Check("answer-repeats", "repetition", "ans.rep", "Items whose answer text repeats, in a 100-question draw", "share",
          answer_repetition, overall="max", threshold=Threshold("<=", 0.10, overall=False), sources=(ISSUE,),
          definition="For each item, the exact chance (hypergeometric) that a random "
                     f"{DRAW}-question draw from this bank which holds the item also holds another item "
                     "of its family with the same key text (as a student reads it; a select-all item's "
                     "right options together, a numeric item's value); the family's value is "
                     "the mean over its items, i.e. the expected share of its drawn items whose answer "
                     f"repeats. A bank of {DRAW} questions or fewer is the draw itself. Overall: the "
                     "highest of any family."),
    Check("near-duplicate", "repetition", "near", "Items that nearly copy an earlier item", "share",
          near_duplicates, sources=(IWF,),
          definition="The token trigrams of the stem, the code and the options (in sorted order) "
                     f"of two items of a family have a Jaccard similarity of at least {NEAR}. The later "
                     "item is flagged. Reported, no threshold."),
    Check("difficulty-levels", "coverage", "levels", "Difficulty levels used", "count", difficulty_levels,
          overall="min", threshold=Threshold(">=", 2, overall=False), sources=(ISSUE,),
          definition="Distinct `difficulty` values among the family's items (a draw filtered with "
                     "--difficulty has fewer). Overall: the fewest of any family."),
)
