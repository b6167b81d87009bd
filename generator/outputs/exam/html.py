"""Print-ready HTML for exams: the student copy and the answer key of each version.

The student template never sees a ``Question``: it gets ``StudentQuestion`` records that hold
only what is printed (number, stem, code, lettered option texts), so no solution, hint,
misconception or correct-answer mark can reach the student's file, not even hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

from ...model import LABELS, Question, number_text
from ..jinja import environment
from ..markup import spans
from .versions import ExamInfo, Version, key_answer

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
GRID_ROWS = 10  # answer-grid rows per column for exams up to 40 questions
GRID_MAX_COLUMNS = 4

def html_text(text: str) -> Markup:
    """Prose with Markdown `code spans` (as ``markup.spans`` finds them): the spans become
    <code>, everything else is escaped."""
    return Markup("").join(Markup("<code>%s</code>") % p.text if p.code else escape(p.text) for p in spans(text))


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
    kind: str = "single"
    note: str = ""  # how to answer a multiple-answer or numeric item


SELECT_ALL = "select all that apply"


def answer_note(q: Question) -> str:
    """The printed instruction of a multiple-answer or numeric item ("" for single-choice).
    A numeric item states what to write and the tolerance, which says nothing of the value."""
    if q.kind == "multiple":
        lead = "" if SELECT_ALL in " ".join(q.stem.lower().split()) else "Select all that apply. "
        return lead + "Mark every right option: one box or more."
    if q.kind == "numeric":
        within = (f"answers within \u00b1{number_text(q.answer.tolerance)} of the value count as right"
                  if q.answer.tolerance else "only the exact value counts")
        return f"Write a number ({q.answer.unit}); {within}."
    return ""


def student_view(version: Version) -> list[StudentQuestion]:
    """What a student may see of ``version``: nothing that depends on which option is right."""
    return [
        StudentQuestion(number, q.stem, q.code,
                        tuple(StudentOption(c.label, c.text, c.format) for c in q.choices),
                        q.kind, answer_note(q))
        for number, q in enumerate(version.questions, 1)
    ]


def grid_columns(count: int) -> list[list[int]]:
    """Question numbers split into the answer grid's columns, filled top to bottom."""
    columns = min(GRID_MAX_COLUMNS, max(1, math.ceil(count / GRID_ROWS)))
    rows = math.ceil(count / columns)
    numbers = list(range(1, count + 1))
    return [numbers[i:i + rows] for i in range(0, count, rows)]


class ExamRenderer:
    """The exam templates compiled once, and each text's HTML made once: a bank's question
    prints in every version, so with many versions the same texts come back again and again.
    One renderer serves one exam (its caches grow with the texts it has seen)."""

    def __init__(self) -> None:
        self._text: dict[str, Markup] = {}
        self._option: dict[tuple[str, str], Markup] = {}
        env = environment(autoescape=True, html_text=self.html_text, option_html=self.option_html,
                          css_string=css_string)
        self.student = env.get_template("exam/student.html.j2")
        self.key = env.get_template("exam/key.html.j2")

    def html_text(self, text: str) -> Markup:
        done = self._text.get(text)
        if done is None:
            done = self._text[text] = html_text(text)
        return done

    def option_html(self, text: str, fmt: str) -> Markup:
        done = self._option.get((text, fmt))
        if done is None:
            done = self._option[(text, fmt)] = option_html(text, fmt)
        return done


def _common(info: ExamInfo, version: Version, header_right: str) -> dict:
    # ``kinds``: the page holds a multiple-answer or numeric item, and so the styles and notes
    # for them; a single-choice exam's pages keep their bytes.
    return {"info": info, "version": version.letter, "page_size": PAPER_SIZES[info.paper],
            "count": len(version.questions), "header_right": header_right,
            "kinds": any(q.kind != "single" for q in version.questions)}


def render_student(info: ExamInfo, version: Version, renderer: ExamRenderer | None = None) -> str:
    questions = student_view(version)
    return (renderer or ExamRenderer()).student.render(
        **_common(info, version, f"Version {version.letter}"), questions=questions, labels=LABELS,
        grid=grid_columns(len(questions)),
    )


def render_key(info: ExamInfo, version: Version, renderer: ExamRenderer | None = None) -> str:
    return (renderer or ExamRenderer()).key.render(
        **_common(info, version, f"Version {version.letter} \u00b7 answer key"), questions=list(enumerate(version.questions, 1)),
        strip=_chunks([(n, key_answer(q)) for n, q in enumerate(version.questions, 1)], 10),
        number_text=number_text,
    )


def _chunks(items: Sequence, size: int) -> list[list]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]
