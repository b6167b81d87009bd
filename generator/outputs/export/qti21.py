"""IMS QTI 2.1 content package: imsmanifest.xml, one assessmentItem per question, one test.

- single: a ``choiceInteraction`` (shuffled, one choice) with its correct response; the response
  processing scores 1 for the correct choice and shows two modal feedbacks after an answer: the
  chosen option's own feedback (its misconception, or why it is right) and the worked solution.
- multiple: a ``choiceInteraction`` with ``maxChoices`` 0 (any number) and a ``MAP_RESPONSE``
  scoring: each right option maps to 1/k, each wrong one to -1/w (the Moodle export's shares),
  the sum bounded to 0..1; exactly the right options score 1 (``match``; three shares of
  0.3333333 would make 0.9999999). After an answer every option's feedback shows, and the
  solution.
- numeric: a ``textEntryInteraction`` with a float response; the answer is right when it
  ``equal``s the value within the tolerance (``toleranceMode`` absolute, or exact for none).
  An answer equal to a trap shows the mistake that trap stands for; any other wrong answer a
  short note; then the solution.

The test groups the items in one section per family.
"""

from __future__ import annotations

from ... import __version__
from ...bank.file import Bank
from ...model import number_text, numeric_line
from .. import markup
from ..jinja import render
from .moodle import fractions
from .package import zip_bytes

SOLUTION_ID = "SOLUTION"  # the modal feedback every answer shows; choice identifiers are A-D
TEST_ID = "lstmq-test"


def item_identifier(q) -> str:
    return f"lstmq-{q.id}"  # an NCName even if a family name started with a digit


def item_path(q) -> str:
    return f"items/{q.id}.xml"


def mapped(percent: str) -> str:
    """A Moodle percentage as a QTI mapped value: "50" → "0.5", "-33.33333" → "-0.3333333"."""
    return number_text(round(float(percent) / 100, 7))


def item_context(q) -> dict:
    context = {
        "kind": q.kind,
        "identifier": item_identifier(q),
        "title": f"{q.family} ({q.difficulty}) {q.id}",
        "body": markup.question_text(q),
        "solution": markup.solution(q),
    }
    if q.kind == "numeric":
        answer = q.answer
        context.update(
            value=number_text(answer.value),
            tolerance=number_text(answer.tolerance) if answer.tolerance else "",
            length=max(8, len(number_text(answer.value)) + 2),
            right=f"<p>Right: {markup.escape(numeric_line(answer))}.</p>",
            wrong="<p>Not this value: see the solution for how to get it.</p>",
            traps=[{"id": f"TRAP{i}", "value": number_text(t.value), "feedback": markup.trap_why(t)}
                   for i, t in enumerate(answer.traps, 1)],
        )
        return context
    context["choices"] = [
        {"id": c.label, "html": markup.option(c), "correct": c.correct, "feedback": markup.why(c),
         "mapped": mapped(share)}
        for c, share in zip(q.choices, fractions(q))
    ]
    if q.kind == "single":
        context["correct"] = q.correct.label
    return context


def sections(questions) -> list[dict]:
    by_family: dict[str, list] = {}
    for q in questions:
        by_family.setdefault(q.family, []).append(q)
    return [
        {"identifier": f"section-{family}", "title": family,
         "items": [{"identifier": item_identifier(q), "href": item_path(q)} for q in qs]}
        for family, qs in by_family.items()
    ]


def export(bank: Bank) -> bytes:
    questions = bank.questions
    title = f"lstmq: {len(questions)} questions verified with torch {bank.header['torch_version']}"
    entries = [("imsmanifest.xml", render(
        "qti21_manifest.xml.j2", test_id=TEST_ID, test_href="test.xml",
        items=[{"identifier": item_identifier(q), "href": item_path(q)} for q in questions],
    ))]
    entries.append(("test.xml", render(
        "qti21_test.xml.j2", identifier=TEST_ID, title=title, sections=sections(questions),
        version=__version__,
    )))
    for q in questions:
        entries.append((item_path(q), render(
            "qti21_item.xml.j2", item=item_context(q), solution_id=SOLUTION_ID, version=__version__,
        )))
    return zip_bytes(entries)
