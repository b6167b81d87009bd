"""GIFT text for Moodle's GIFT importer: one single-answer multiple-choice question each.

Texts are the HTML fragments the other exports use, marked ``[html]``. In them every GIFT
special character (``~ = # { } :`` and the backslash) is escaped with a backslash, and line
breaks are written as ``\\n``, so each question text and each answer is one line: a blank
line (which ends a question in GIFT) can never appear inside one.
"""

from __future__ import annotations

import re

from ... import __version__
from ...bank.file import Bank
from ...errors import LstmqError
from .. import markup
from .categories import categories

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


def _comment(text: str) -> str:
    return "// " + " ".join(text.split())


def question_gift(q) -> str:
    lines = [
        _comment(f"[id:{q.id}] [tag:lstmq] [tag:{q.family}] [tag:{q.difficulty}]"),
        f"::{escape(q.id)}::[html]{field(markup.question_text(q))}{{",
    ]
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
