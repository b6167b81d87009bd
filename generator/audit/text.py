"""Text helpers the checks share: what a student sees of an option, its tokens and numbers.
The token edit similarity is ``lstmq.similarity``, the measure the families choose distractors by."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Question, number_text

CODE_SPAN = re.compile(r"`([^`]*)`")
TOKEN = re.compile(r"\w+|[^\w\s]")
# A number standing alone: not the 0 of h0 or l0, not part of a longer word.
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]\d|\w)")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words that carry no content of their own; everything else of three letters or more counts.
STOPWORDS = frozenset("""
the and for are was were its it's that this these those with from into onto than then what which
who whom when where why how does did doing done has have had not but all any each every one two
you your yours our out off per via can may must will would should could also only just both such
there their them they here is be of to in on at by as or an a if so no
""".split())


@lru_cache(maxsize=1 << 16)  # banks repeat option texts; every check reads them
def plain(text: str) -> str:
    """The option as a student reads it: Markdown code marks dropped, white space folded."""
    return " ".join(CODE_SPAN.sub(r"\1", text).split())


def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(plain(text)))


def numbers(text: str) -> list[str]:
    return NUMBER.findall(plain(text))


def content_words(text: str) -> set[str]:
    """Lower-cased words of three or more characters that are not function words."""
    return {w.lower() for w in WORD.findall(plain(text)) if len(w) >= 3 and w.lower() not in STOPWORDS}


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` occurs as consecutive items of ``haystack``."""
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def key_texts(q: Question) -> tuple[str, ...]:
    """What a student must give: the right option's text, every right option's text (multiple
    answers, in letter order), or a numeric item's value as ``model.number_text`` writes it."""
    if q.kind == "numeric":
        return (number_text(q.answer.value),)
    return tuple(c.text for c in q.correct_choices)


def key_text(q: Question) -> str:
    """``key_texts`` as one text (a multiple-answer key's options joined by " | ")."""
    return " | ".join(key_texts(q))
