"""Test-wise cues: ways to find the key without knowing the subject.

Each cue is a strategy a test-wise student could follow ("pick the longest option"). For one
item the strategy names a set of candidate options; the student picks one of them at random
(the tie rule), or guesses among all options when the cue names none. The item's score is the
chance that this picks the key: 1/k when the key is one of k candidates, else 0. A family's
rate is the mean score of its items, so 25 % (one in four options) means the cue tells nothing,
and 100 % means it finds the key every time.

A multiple-answer item's key is the set of its R right options. The pick is then right when it
lands on any of them, so the share of right options among the k candidates is the hit rate,
and chance is R/4. Its score is that hit rate moved to the single-choice scale: hit − R/4 +
1/4. So 25 % again means the cue tells nothing, a cue that names exactly the right options
scores 1 − R/4 + 1/4, and one that names only wrong options scores below 25 % (down to −50 %
for R = 3); a single-choice item's score is the same as before. Numeric items have no options:
the cues skip them (``numeric-share`` reports how many there are). Key letters (``cue-letter``,
``letter-run``) are judged on single-choice items only: a select-all key has several letters.
"""

from __future__ import annotations

import math

import re
from collections import Counter
from typing import Callable, Sequence

from ..model import LABELS, Question
from .base import HALADYNA, ISSUE, IWF, Check, Finding, Result, Threshold
from ..similarity import similarity
from .text import content_words, plain, tokens

CUE_LIMIT = Threshold("<=", 0.35)
LETTER_MIN_ITEMS = 30  # below this, a share of key letters is mostly chance (see docs/quality.md)
ERROR_NAME = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b")
NO_ERROR = "(no exception named)"
PRECISION = 9  # similarity means equal to this many places count as a tie

Candidates = tuple[set[int], str]  # option indices the cue points at, and a phrase saying why


CHANCE = 0.25  # one option in four


def _score(q: Question, chosen: set[int]) -> float:
    """The item's cue score (see the module's docstring): for single-choice items the chance a
    pick among ``chosen`` is the key; for multiple-answer items that chance less R/4, plus 1/4."""
    n = len(q.choices)
    pool = chosen or set(range(n))
    keys = {i for i, c in enumerate(q.choices) if c.correct}
    hit = len(pool & keys) / len(pool)
    if q.kind == "multiple":
        return hit - len(keys) / n + CHANCE
    return hit


def _above_chance(q: Question, score: float) -> bool:
    return score > (0 if q.kind == "single" else CHANCE)


def with_options(questions: Sequence[Question]) -> list[Question]:
    """The items a cue can judge: every item that has options (numeric items have none)."""
    return [q for q in questions if q.choices]


def _no_options(questions: Sequence[Question]) -> Result:
    return Result(None, note=f"{len(questions)} numeric items: no options to judge" if questions else None)


def _item_cue(check_id: str, pick: Callable[[Question], Candidates]):
    """A cue judged item by item: findings for items where the cue points at the key."""

    def run(questions: Sequence[Question], bank_size: int) -> Result:
        judged = with_options(questions)
        if not judged:
            return _no_options(questions)
        scores, findings = [], []
        for q in judged:
            chosen, why = pick(q)
            score = _score(q, chosen)
            scores.append(score)
            if chosen and _above_chance(q, score) and len(chosen) < len(q.choices):
                share = "" if len(chosen) == 1 else f" (tied with {len(chosen) - 1} other option{'s' * (len(chosen) > 2)})"
                if q.kind == "multiple":
                    right = sum(q.choices[i].correct for i in chosen)
                    share += f" ({right} of the {len(chosen)} option{'s' * (len(chosen) > 1)} it names are right)"
                findings.append(Finding(q.id, q.family, check_id, why + share))
        return Result(sum(scores) / len(scores), tuple(findings), tuple(scores))

    return run


def _extreme(values: list[float], largest: bool) -> set[int]:
    best = max(values) if largest else min(values)
    return {i for i, v in enumerate(values) if v == best}


def longest(q: Question) -> Candidates:
    lengths = [len(plain(c.text)) for c in q.choices]
    return _extreme(lengths, True), f"the key is the longest option ({max(lengths)} characters)"


def shortest(q: Question) -> Candidates:
    lengths = [len(plain(c.text)) for c in q.choices]
    return _extreme(lengths, False), f"the key is the shortest option ({min(lengths)} characters)"


def mean_similarities(q: Question) -> list[float]:
    """Each option's mean normalised token edit similarity to the other options."""
    toks = [tokens(c.text) for c in q.choices]
    n = len(toks)
    pair = {(i, j): similarity(toks[i], toks[j]) for i in range(n) for j in range(i + 1, n)}
    return [round(sum(pair[min(i, j), max(i, j)] for j in range(n) if j != i) / (n - 1), PRECISION)
            for i in range(n)]


def most_similar(q: Question) -> Candidates:
    means = mean_similarities(q)
    best = _extreme(means, True)
    if len(best) == len(means):
        return set(), ""
    return best, f"the key is the option most like the others (mean similarity {max(means):.2f})"


def kind(text: str) -> str:
    """An option's kind: the first exception or warning class it names, if any."""
    found = ERROR_NAME.search(plain(text))
    return found.group(1) if found else NO_ERROR


def only_of_its_kind(q: Question) -> Candidates:
    kinds = Counter(kind(c.text) for c in q.choices)
    unique = {i for i, c in enumerate(q.choices) if kinds[kind(c.text)] == 1}
    if len(unique) == len(q.choices):  # all different: the kind singles nothing out
        return set(), ""
    return unique, "the key is the only option of its kind (" + kind(q.correct.text) + ")"


def family_kind(questions: Sequence[Question], bank_size: int) -> Result:
    """The kind a student learns from the family: the kind most keys have (each right option of
    a multiple-answer item counts). Picking the options of that kind in each item is the strategy."""
    judged = with_options(questions)
    if not judged:
        return _no_options(questions)
    counts = Counter(kind(c.text) for q in judged for c in q.correct_choices)
    usual = min(counts, key=lambda k: (-counts[k], k))
    scores, findings = [], []
    for q in judged:
        chosen = {i for i, c in enumerate(q.choices) if kind(c.text) == usual}
        if len(chosen) == len(q.choices):
            chosen = set()
        score = _score(q, chosen)
        scores.append(score)
        if chosen and _above_chance(q, score):
            findings.append(Finding(q.id, q.family, "cue-family-kind",
                                    f"the key is {'the only' if len(chosen) == 1 else f'one of {len(chosen)}'} {usual} "
                                    f"option{'s' * (len(chosen) > 1)}, the kind of {counts[usual]} of "
                                    f"{sum(counts.values())} keys in the family"))
    return Result(sum(scores) / len(scores), tuple(findings), tuple(scores))


def stem_words(q: Question) -> Candidates:
    """Options holding a stem word that no other option holds."""
    stem = content_words(q.stem)
    words = [content_words(c.text) & stem for c in q.choices]
    private = {}
    for i, own in enumerate(words):
        others = set().union(*(w for j, w in enumerate(words) if j != i))
        if own - others:
            private[i] = sorted(own - others)
    keys = [i for i, c in enumerate(q.choices) if c.correct]
    shown = ", ".join(sorted({w for i in keys for w in private.get(i, [])})[:3])
    return set(private), f"only the key repeats the stem's word(s) {shown}"


def single_choice(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.kind == "single"]


def letter_balance(questions: Sequence[Question], bank_size: int) -> Result:
    """The share of keys at the most common letter: what "always answer X" scores."""
    questions = single_choice(questions)
    if not questions:
        return Result(None)
    letters = Counter(q.correct.label for q in questions)
    share = max(letters.values()) / len(questions)
    if len(questions) < LETTER_MIN_ITEMS:
        return Result(None, note=f"{len(questions)} items: too few to judge key letters "
                                 f"(at least {LETTER_MIN_ITEMS})")
    if share > CUE_LIMIT.limit:
        odds = len(LABELS) * binomial_tail(max(letters.values()), len(questions), 1 / len(LABELS))
        if odds >= LETTER_CHANCE:
            return Result(share, chance=True, note=(
                f"{max(letters.values())} of {len(questions)} keys at one letter: random placement "
                f"gives this often (p = {min(odds, 1):.2f}), so it is not judged"))
    return Result(share)


# Letters are placed by a random shuffle, so on a hundred items one letter often passes 35 % by
# chance alone. Past the limit, a share counts as a cue only when chance would give it less than
# once in a hundred draws (the tail probability of that many keys at one letter, times 4 letters).
LETTER_CHANCE = 0.01


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space (n up to a bank's 20,000 items)."""
    log_p, log_q = math.log(p), math.log1p(-p)
    log_terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
                 for i in range(k, n + 1)]
    top = max(log_terms)
    return math.exp(top) * sum(math.exp(t - top) for t in log_terms)


def letter_run(questions: Sequence[Question], bank_size: int) -> Result:
    """The longest run of consecutive items (in bank order) whose keys share a letter."""
    best = run = 0
    previous = None
    questions = single_choice(questions)
    for q in questions:
        run = run + 1 if q.correct.label == previous else 1
        previous = q.correct.label
        best = max(best, run)
    return Result(best if questions else None)


CUE_SOURCES = (HALADYNA, IWF, ISSUE)

CHECKS = (
    Check("cue-longest", "cues", "long", "Key is the longest option", "share",
          _item_cue("cue-longest", longest), threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="Length is the number of characters a student sees (Markdown code marks "
                     "dropped, white space folded). The candidates are the options of greatest length. "
                     "For every cue: a select-all item's key is the set of its R right options, and its "
                     "score is the share of right options among the candidates, minus R/4, plus 25 % "
                     "(chance is 25 % for both kinds; a cue pointing at wrong options scores less); "
                     "numeric items have no options and are skipped."),
    Check("cue-shortest", "cues", "short", "Key is the shortest option", "share",
          _item_cue("cue-shortest", shortest), threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="As above, with the options of least length."),
    Check("cue-similar", "cues", "similar", "Key is the option most like the others (convergence)", "share",
          _item_cue("cue-similar", most_similar), threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="Options are split into tokens (runs of letters, digits and _; each other "
                     "non-space character alone). The similarity of two options is 1 − (token edit "
                     "distance ÷ the longer token count). Each option's score is its mean similarity to "
                     "the other three, rounded to 9 places; the candidates are the options with the "
                     "highest mean (equal means are a tie). When all four tie, the cue names none."),
    Check("cue-unique-kind", "cues", "kind", "Key is the only option of its kind", "share",
          _item_cue("cue-unique-kind", only_of_its_kind), threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="An option's kind is the first exception or warning class it names "
                     "(`TypeError`, `UserWarning`, ...) or none. The candidates are the options whose "
                     "kind no other option of the item has; when all four differ, the cue names none."),
    Check("cue-family-kind", "cues", "fam.kind", "Key has the kind most keys of the family have", "share",
          family_kind, threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="The kind a student learns from the family: the kind of most keys (ties: "
                     "alphabetical). The candidates are the item's options of that kind; when all "
                     "four have it, the cue names none."),
    Check("cue-stem-words", "cues", "stem", "Only the key repeats a stem word", "share",
          _item_cue("cue-stem-words", stem_words), threshold=CUE_LIMIT, sources=CUE_SOURCES,
          definition="Content words are words of three or more characters, lower-cased, minus a "
                     "fixed list of function words; code identifiers count. The candidates are the "
                     "options holding a word of the stem (its prose, not its code) that no other "
                     "option holds."),
    Check("cue-letter", "cues", "letter", "Share of keys at the most common letter", "share",
          letter_balance, overall="bank", threshold=CUE_LIMIT, sources=(HALADYNA, ISSUE),
          definition="What always answering one letter scores, over the single-choice items (a select-all "
                     "key has several letters; a numeric one none). Judged only on at least "
                     f"{LETTER_MIN_ITEMS} items: on fewer, chance alone often passes 35 %. lstmq places "
                     "letters by a random shuffle, and on a family's hundred items one letter passes 35 % "
                     "by chance about one time in ten; so a family past the limit fails only when chance "
                     "explains it less than once in a hundred draws (the binomial tail of that many keys "
                     "at one letter, times 4 letters). The whole bank is held to 35 % as it stands."),
    Check("letter-run", "cues", "run", "Longest run of one key letter in bank order", "count",
          letter_run, overall="bank", sources=(HALADYNA,),
          definition="Consecutive single-choice items (within the family, or over the bank) whose keys share a "
                     "letter. Reported, no threshold: for 2,000 random keys a run of about 6 is usual."),
)
