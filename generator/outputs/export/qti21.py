"""IMS QTI 2.1 content package: imsmanifest.xml, one assessmentItem per question, one test.

Each item is a single-choice ``choiceInteraction`` (shuffled) with its correct response; the
response processing scores 1 for the correct choice and shows two modal feedbacks after an
answer: the chosen option's own feedback (its misconception, or why it is right) and the
worked solution. The test groups the items in one section per family.
"""

from __future__ import annotations

from ... import __version__
from ...bank.file import Bank
from .. import markup
from ..jinja import render
from .package import zip_bytes

SOLUTION_ID = "SOLUTION"  # the modal feedback every answer shows; choice identifiers are A-D
TEST_ID = "lstmq-test"


def item_identifier(q) -> str:
    return f"lstmq-{q.id}"  # an NCName even if a family name started with a digit


def item_path(q) -> str:
    return f"items/{q.id}.xml"


def item_context(q) -> dict:
    return {
        "identifier": item_identifier(q),
        "title": f"{q.family} ({q.difficulty}) {q.id}",
        "body": markup.question_text(q),
        "correct": q.correct.label,
        "choices": [
            {"id": c.label, "html": markup.option(c), "correct": c.correct, "feedback": markup.why(c)}
            for c in q.choices
        ],
        "solution": markup.solution(q),
    }


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
