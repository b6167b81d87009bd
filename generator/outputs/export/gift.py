"""GIFT text for Moodle's GIFT importer: one question each, of the GIFT type its kind maps to.

- single: multiple choice, ``=`` before the right answer and ``~`` before the others.
- multiple: every answer weighted, ``~%50%`` for a right one and ``~%-50%`` for a wrong one,
  with the same percentages as the Moodle XML export (``moodle.fractions``).
- numeric: ``{#`` then ``=%100%value:tolerance`` and each trap as ``=%0%value:tolerance`` with
  the mistake it stands for as feedback (Moodle takes the first answer that matches).

Texts are the HTML fragments the other exports use, marked ``[html]``. In them every GIFT
special character (``~ = # { } :`` and the backslash) is escaped with a backslash, and line
breaks are written as ``\\n``, so each question text and each answer is one line: a blank
line (which ends a question in GIFT) can never appear inside one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ... import __version__
from ...bank.file import Bank
from ...errors import LstmqError
from ...model import number_text, numeric_line
from .. import markup
from .categories import categories
from .moodle import fractions

_SPECIAL = re.compile(r"([\\~=#{}:])")
_WEIGHT_LIKE = re.compile(r"%-?[0-9.]*%")  # "~%50%text" would give the answer a weight
_SAFE_CATEGORY = re.compile(r"[$A-Za-z0-9_/-]+")


def escape(text: str) -> str:
    """GIFT-escape one field: specials get a backslash, line breaks become ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def field(html: str) -> str:
    """An HTML fragment as a GIFT field. GIFT has no escape for "->" (which turns a question
    into a matching one); in HTML the same text can always be written "-&gt;"."""
    return escape(html.replace("->", "-&gt;"))


def _answer(html: str) -> str:
    if _WEIGHT_LIKE.match(html):
        html = "&#37;" + html[1:]  # the same text in HTML, but no longer a weight to GIFT
    return field(html)


def decimal(x) -> str:
    """A number as GIFT reads it: digits and a point, never an exponent (1e-05 is 0.00001)."""
    text = number_text(x)
    if "e" not in text.lower():
        return text
    return format(Decimal(text), "f")


def _comment(text: str) -> str:
    return "// " + " ".join(text.split())


def question_gift(q) -> str:
    lines = [
        _comment(f"[id:{q.id}] [tag:lstmq] [tag:{q.family}] [tag:{q.difficulty}]"),
        f"::{escape(q.id)}::[html]{field(markup.question_text(q))}{{",
    ]
    if q.kind == "numeric":
        lines[-1] += "#"
        tolerance = decimal(q.answer.tolerance)
        right = f"<p>Right: {markup.escape(numeric_line(q.answer))}.</p>"
        lines.append(f"=%100%{decimal(q.answer.value)}:{tolerance}#{field(right)}")
        for t in q.answer.traps:
            lines.append(f"=%0%{decimal(t.value)}:{tolerance}#{field(markup.trap_why(t))}")
    elif q.kind == "multiple":
        for c, weight in zip(q.choices, fractions(q)):
            lines.append(f"~%{weight}%{_answer(markup.option(c))}#{field(markup.why(c))}")
    else:
        for c in q.choices:
            mark = "=" if c.correct else "~"
            lines.append(f"{mark}{_answer(markup.option(c))}#{field(markup.why(c))}")
    lines.append(f"####{field(markup.solution(q))}")
    lines.append("}")
    return "\n".join(lines)


def export(bank: Bank) -> bytes:
    header = bank.header
    parts = [_comment(
        f"lstmq {__version__}: {len(bank.questions)} questions verified with torch "
        f"{header['torch_version']}, bank seed {header['seed']}"
    )]
    for cat in categories(bank.questions):
        if not _SAFE_CATEGORY.fullmatch(cat.path):
            raise LstmqError(f"category {cat.path!r} cannot be written in GIFT")
        parts.append(f"$CATEGORY: {cat.path}")
        parts.extend(question_gift(q) for q in cat.questions)
    return ("\n\n".join(parts) + "\n").encode("utf-8")
