"""Canvas quiz package: the QTI 1.2 flavour Canvas's course import reads.

The layout and the item structure follow what ``text2qti`` (a widely used Canvas quiz tool)
writes, and the tests compare the two element by element: imsmanifest.xml, then a folder
named after the assessment with ``assessment_meta.xml`` (Canvas's quiz settings) and the
QTI 1.2 assessment. Identifiers derive from the questions, never from a clock or a random
draw: Canvas matches re-imported content by identifier, so one bank always maps to the same
quiz and a different bank never overwrites it.

Kinds, as text2qti writes them: single choice is a ``multiple_choice_question``; a select-all
item a ``multiple_answers_question`` (full marks for exactly the right boxes; Canvas's quiz
settings decide partial credit); a numeric item a ``numerical_question`` that accepts the value
or anything within the tolerance. Canvas has no per-value feedback for a numerical answer, so
a numeric item's traps appear in its solution (the general feedback), not as answers.
"""

from __future__ import annotations

import hashlib

from ...bank.file import Bank
from ...model import number_text
from .. import markup
from ..jinja import render
from .package import zip_bytes

RESPONSE_ID = "response1"


def assessment_identifier(bank: Bank) -> str:
    digest = hashlib.sha256("\n".join(q.id for q in bank.questions).encode("utf-8")).hexdigest()
    return f"lstmq-{digest[:20]}"


QUESTION_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                  "numeric": "numerical_question"}


def item_context(q) -> dict:
    ident = f"lstmq-{q.id}"
    if q.kind == "numeric":
        answer = q.answer
        return {
            "kind": q.kind, "type": QUESTION_TYPES[q.kind], "ident": ident, "title": q.id, "ref": f"{ident}-ref",
            "html": markup.question_text(q), "solution": numeric_solution(q),
            "answer_ids": f"{ident}-answer", "choices": [],
            "exact": number_text(answer.value),
            "low": number_text(answer.value - answer.tolerance),
            "high": number_text(answer.value + answer.tolerance),
        }
    choices = [
        {"ident": f"{ident}-{c.label}", "html": markup.option(c), "feedback": markup.why(c), "correct": c.correct}
        for c in q.choices
    ]
    return {
        "kind": q.kind,
        "type": QUESTION_TYPES[q.kind],
        "ident": ident,
        "title": q.id,
        "ref": f"{ident}-ref",
        "html": markup.question_text(q),
        "solution": markup.solution(q),
        "answer_ids": ",".join(c["ident"] for c in choices),
        "choices": choices,
        "correct": next(c["ident"] for c in choices if c["correct"]),
    }


def numeric_solution(q) -> str:
    """The solution, then the values known mistakes give (Canvas cannot answer them one by one)."""
    html = markup.solution(q)
    if q.answer.traps:
        html += "<p>Values that known mistakes give:</p><ul>" + "".join(
            f"<li>{markup.trap_why(t)}</li>" for t in q.answer.traps) + "</ul>"
    return html


def export(bank: Bank) -> bytes:
    ident = assessment_identifier(bank)
    n = len(bank.questions)
    title = f"lstmq: {n} questions on nn.LSTM"
    description = (f"{n} multiple-choice questions about PyTorch's nn.LSTM; every answer verified "
                   f"with torch {bank.header['torch_version']}.")
    context = {"ident": ident, "title": title, "description": f"<p>{markup.escape(description)}</p>",
               "points": n, "response_id": RESPONSE_ID}
    return zip_bytes([
        ("imsmanifest.xml", render("canvas_manifest.xml.j2", **context)),
        ("non_cc_assessments/", b""),  # Canvas's importer looks for it, as text2qti's packages have
        (f"{ident}/assessment_meta.xml", render("canvas_assessment_meta.xml.j2", **context)),
        (f"{ident}/{ident}.xml", render(
            "canvas_assessment.xml.j2", items=[item_context(q) for q in bank.questions], **context)),
    ])
