"""Print-ready HTML for exams: the student copy and the answer key of each version.

The student template never sees a ``Question``: it gets ``StudentQuestion`` records that hold
only what is printed (number, stem, code, lettered option texts), so no solution, hint,
misconception or correct-answer mark can reach the student's file, not even hidden.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

from ...model import LABELS
from ..site.pages import environment
from .versions import ExamInfo, Version

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
GRID_ROWS = 10  # answer-grid rows per column for exams up to 40 questions
GRID_MAX_COLUMNS = 4

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def html_text(text: str) -> Markup:
    """Prose with Markdown `code spans`: the spans become <code>, everything else is escaped."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(escape(text[last:m.start()]))
        code = m.group(2)
        if len(m.group(1)) > 1 and code.startswith(" ") and code.endswith(" "):
            code = code[1:-1]  # Markdown strips the padding around a span that holds backticks
        out.append(Markup("<code>%s</code>") % code)
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def option_html(text: str, fmt: str) -> Markup:
    return Markup("<code>%s</code>") % text if fmt == "code" else html_text(text)


def css_string(text: str) -> Markup:
    """A quoted CSS string for @page content: every character outside [A-Za-z0-9 ] hex-escaped,
    so no quote, backslash or ``</style>`` in a user's title can break out of it."""
    body = "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} "
                   for ch in " ".join(text.split()))
    return Markup(f'"{body}"')


@dataclass(frozen=True)
class StudentOption:
    label: str
    text: str
    format: str


@dataclass(frozen=True)
class StudentQuestion:
    number: int
    stem: str
    code: str | None
    options: tuple[StudentOption, ...]


def student_view(version: Version) -> list[StudentQuestion]:
    """What a student may see of ``version``: nothing that depends on which option is right."""
    return [
        StudentQuestion(number, q.stem, q.code,
                        tuple(StudentOption(c.label, c.text, c.format) for c in q.choices))
        for number, q in enumerate(version.questions, 1)
    ]


def grid_columns(count: int) -> list[list[int]]:
    """Question numbers split into the answer grid's columns, filled top to bottom."""
    columns = min(GRID_MAX_COLUMNS, max(1, math.ceil(count / GRID_ROWS)))
    rows = math.ceil(count / columns)
    numbers = list(range(1, count + 1))
    return [numbers[i:i + rows] for i in range(0, count, rows)]


def _environment():
    env = environment(autoescape=True)
    env.filters.update(html_text=html_text, option_html=option_html, css_string=css_string)
    return env


def _common(info: ExamInfo, version: Version, header_right: str) -> dict:
    return {"info": info, "version": version.letter, "page_size": PAPER_SIZES[info.paper],
            "count": len(version.questions), "header_right": header_right}


def render_student(info: ExamInfo, version: Version) -> str:
    questions = student_view(version)
    return _environment().get_template("exam/student.html.j2").render(
        **_common(info, version, f"Version {version.letter}"), questions=questions, labels=LABELS,
        grid=grid_columns(len(questions)),
    )


def render_key(info: ExamInfo, version: Version) -> str:
    return _environment().get_template("exam/key.html.j2").render(
        **_common(info, version, f"Version {version.letter} \u00b7 answer key"), questions=list(enumerate(version.questions, 1)),
        strip=_chunks([(n, q.correct.label) for n, q in enumerate(version.questions, 1)], 10),
    )


def _chunks(items: Sequence, size: int) -> list[list]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]
