"""Moodle XML: one multiple-choice question (single answer, shuffled) per bank question.

Following Moodle's own importer (question/format/xml): HTML texts in CDATA, fractions 100/0,
a category question before each family/difficulty group, the misconception as each wrong
answer's feedback, the worked solution as general feedback and the hint as a Moodle hint.
"""

from __future__ import annotations

from ... import __version__
from ...bank.file import Bank
from .. import markup
from ..jinja import render
from .categories import categories


def question_context(q) -> dict:
    return {
        "id": q.id,
        "family": q.family,
        "difficulty": q.difficulty,
        "text": markup.question_text(q),
        "solution": markup.solution(q),
        "hint": markup.hint(q),
        "answers": [
            {"fraction": 100 if c.correct else 0, "text": markup.option(c), "feedback": markup.why(c)}
            for c in q.choices
        ],
    }


def export(bank: Bank) -> bytes:
    groups = [
        {"path": cat.path, "info": f"<p>{markup.prose(cat.summary)}</p>",
         "questions": [question_context(q) for q in cat.questions]}
        for cat in categories(bank.questions)
    ]
    return render("moodle.xml.j2", groups=groups, version=__version__)
