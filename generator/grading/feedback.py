"""One feedback page per student: their score, then every question as printed on their
version with their answer and the key, and for each wrong pick the misconception it shows,
the solution steps and the hint. Questions they got wrong come first.

A page is built from that student's sheet alone, so nothing of one student reaches another's
file. Student ids become file names only through ``file_names``: unsafe characters replaced,
a digest of the id added whenever it was changed, and no two students given one name (also
on case-insensitive file systems).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from ..model import Question, number_text
from ..outputs.exam.html import html_text, option_html
from ..outputs.exam.versions import key_answer
from ..outputs.site.pages import environment
from .grade import AnswerKey, GradeError, KeyEntry, Sheet, score

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
OWN_MARK = "<!-- written by lstmq: student feedback -->"


def _digest(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def safe_name(student_id: str) -> str:
    """A file name stem for ``student_id``: the id itself when it is plainly safe, else its
    safe characters (others become ``_``, at most 40 kept) and a digest of the whole id."""
    if SAFE_NAME.fullmatch(student_id) and student_id.split(".")[0].upper() not in RESERVED \
            and not student_id.endswith("."):
        return student_id
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", student_id).strip("._-")[:40] or "student"
    return f"{cleaned}-{_digest(student_id)}"


def file_names(student_ids: Sequence[str]) -> dict[str, str]:
    """Each id's file stem, all distinct even when compared without case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for sid in student_ids:
        name = safe_name(sid)
        if name.casefold() in taken:
            name = f"{name}-{_digest(sid, 16)}"
        if name.casefold() in taken:
            raise GradeError(f"student {sid!r}: cannot give it a file name of its own")
        taken.add(name.casefold())
        names[sid] = name
    return names


@dataclass(frozen=True)
class OptionView:
    label: str
    text: Markup
    given: bool
    correct: bool


@dataclass(frozen=True)
class QuestionView:
    number: int
    outcome: str  # "wrong", "blank" or "right"
    given: str
    correct: str
    stem: Markup
    code: str | None
    options: tuple[OptionView, ...]
    misconception: str
    steps: tuple[Markup, ...]
    final: Markup
    hint: Markup
    whys: tuple[str, ...] = ()  # each misconception the answer shows (several on a select-all item)


OUTCOME_ORDER = {"wrong": 0, "blank": 1, "right": 2}


def _misconceptions(q: Question, given: str) -> tuple[str, ...]:
    """What a wrong answer shows: the wrong option's why (each wrong option marked, for a
    select-all item), or the trap a numeric answer fell into."""
    if q.kind == "numeric":
        value = float(given)
        return tuple(t.why for t in q.answer.traps if value == t.value)[:1]
    return tuple(c.why for c in q.choices if c.label in given and not c.correct)


def question_views(sheet: Sheet, printed: Sequence[Question], entries: Sequence[KeyEntry] = ()) -> list[QuestionView]:
    views = []
    for number, (given, q) in enumerate(zip(sheet.answers, printed), 1):
        right = key_answer(q)
        entry = entries[number - 1] if entries else None
        ok = entry.right(given) if entry else given == right
        outcome = "blank" if not given else ("right" if ok else "wrong")
        if q.kind == "numeric" and q.answer.tolerance:
            right += f" (± {number_text(q.answer.tolerance)})"
        views.append(QuestionView(
            number, outcome, given, right, html_text(q.stem), q.code,
            tuple(OptionView(c.label, option_html(c.text, c.format), c.label in given if given else False, c.correct)
                  for c in q.choices),
            "; ".join(whys := _misconceptions(q, given) if outcome == "wrong" else ()),
            tuple(html_text(s) for s in q.solution.steps), html_text(q.solution.final), html_text(q.solution.hint),
            whys))
    return sorted(views, key=lambda v: (OUTCOME_ORDER[v.outcome], v.number))


def held_misconceptions(views: Sequence[QuestionView]) -> list[tuple[str, list[int]]]:
    """Each misconception this student's wrong picks show, with the question numbers, most first."""
    held: dict[str, list[int]] = {}
    for v in views:
        for why in v.whys:
            held.setdefault(why, []).append(v.number)
    return sorted(((m, sorted(ns)) for m, ns in held.items()), key=lambda x: (-len(x[1]), x[1][0]))


def feedback_template():
    env = environment(autoescape=True)
    env.filters["md"] = html_text
    return env.get_template("analysis/feedback.html.j2")


def feedback_html(sheet: Sheet, key: AnswerKey, printed: Sequence[Question], template=None,
                  partial: bool = False) -> str:
    """One student's page; pass ``template`` (``feedback_template()``) to compile it only once."""
    result = score(sheet, key, partial)
    views = question_views(sheet, printed, key.versions[sheet.version])
    return (template or feedback_template()).render(
        own_mark=Markup(OWN_MARK), student=sheet.student_id, version=sheet.version, score=result,
        percent=f"{result.percent:.0f}", code=key.exam, questions=views, held=held_misconceptions(views),
        points=number_text(round(result.points, 2)) if result.points is not None else None)


def feedback_files(key: AnswerKey, sheets: Sequence[Sheet], versions: dict[str, Sequence[Question]],
                   pdf: bool = True, partial: bool = False) -> dict[str, str | bytes]:
    names = file_names([s.student_id for s in sheets])
    files: dict[str, str | bytes] = {}
    template = feedback_template()
    for sheet in sheets:
        page = feedback_html(sheet, key, versions[sheet.version], template, partial)
        files[f"{names[sheet.student_id]}.html"] = page
        if pdf:
            from ..outputs.exam.pdf import html_to_pdf

            files[f"{names[sheet.student_id]}.pdf"] = html_to_pdf(page)
    return files
