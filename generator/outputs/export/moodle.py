"""Moodle XML: one question per bank question, of the Moodle type its kind maps to.

Following Moodle's own importer (question/format/xml): HTML texts in CDATA, a category question
before each family/difficulty group, the misconception as each wrong answer's feedback, the
worked solution as general feedback and the hint as a Moodle hint.

- single: ``multichoice`` with one answer (``single`` true), fractions 100/0.
- multiple: ``multichoice`` with ``single`` false; each right option earns 100/k percent (k right
  options, so they sum to 100) and each wrong one costs 100/w (w wrong options, so ticking every
  box scores 0; Moodle never goes below 0). With four options these are 100, 50 or 33.33333
  and -100, -50 or -33.33333, all among the grades Moodle's importer accepts.
- numeric: ``numerical`` with the value and its tolerance at 100 %, then each trap (a value a
  named mistake gives) as a 0 % answer whose feedback names the mistake; Moodle takes the first
  answer that matches, so the right one comes first. No units are asked for: the question text
  says what to enter.
"""

from __future__ import annotations

from ... import __version__
from ...bank.file import Bank
from ...model import number_text, numeric_line
from .. import markup
from ..jinja import render
from .categories import categories

PARTLY = "Partly right: see the feedback on each option and the solution."


def percent(share: float) -> str:
    """A Moodle fraction in percent, to the 7 decimals of a fraction Moodle stores."""
    return f"{share:.5f}".rstrip("0").rstrip(".")


def fractions(q) -> list[str]:
    """Per option: 100 or 0 for single choice; +100/k and -100/w for select-all items."""
    if q.kind != "multiple":
        return ["100" if c.correct else "0" for c in q.choices]
    right = len(q.correct_choices)
    wrong = len(q.choices) - right
    return [percent(100 / right) if c.correct else "-" + percent(100 / wrong) for c in q.choices]


def question_context(q) -> dict:
    context = {
        "kind": q.kind,
        "id": q.id,
        "family": q.family,
        "difficulty": q.difficulty,
        "text": markup.question_text(q),
        "solution": markup.solution(q),
        "hint": markup.hint(q),
    }
    if q.kind == "numeric":
        tolerance = number_text(q.answer.tolerance)
        context["answers"] = [{"fraction": "100", "value": number_text(q.answer.value), "tolerance": tolerance,
                               "feedback": f"<p>Right: {markup.escape(numeric_line(q.answer))}.</p>"}]
        context["answers"] += [{"fraction": "0", "value": number_text(t.value), "tolerance": tolerance,
                                "feedback": markup.trap_why(t)} for t in q.answer.traps]
        return context
    context["single"] = "false" if q.kind == "multiple" else "true"
    context["partly"] = PARTLY if q.kind == "multiple" else ""
    context["answers"] = [
        {"fraction": fraction, "text": markup.option(c), "feedback": markup.why(c)}
        for c, fraction in zip(q.choices, fractions(q))
    ]
    return context


def export(bank: Bank) -> bytes:
    groups = [
        {"path": cat.path, "info": f"<p>{markup.prose(cat.summary)}</p>",
         "questions": [question_context(q) for q in cat.questions]}
        for cat in categories(bank.questions)
    ]
    return render("moodle.xml.j2", groups=groups, version=__version__)
