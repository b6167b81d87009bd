"""Printed copies with Typst: one per student (``--roster``), each with its answer sheet.

A copy is the student's questions (their own order and option order), then, on a page of its
own, the answer sheet that carries the student's name and number and the QR code of the copy.
The class file holds every copy, each starting on an odd page; the per-copy files are the same
copies compiled alone. Like the HTML copies, the data handed to the template holds nothing
that depends on which option is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..exam.html import answer_note
from ..exam.versions import ExamInfo, Version
from .layout import PAPER_MM
from .render import SheetText, sheet_pages, template, typst_pdf

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def rich(text: str) -> list[list[str]]:
    """Prose with Markdown `code spans` as [kind, text] parts: "t" plain, "c" code."""
    parts, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > last:
            parts.append(["t", text[last:m.start()]])
        code = m.group(2)
        if len(m.group(1)) > 1 and code.startswith(" ") and code.endswith(" "):
            code = code[1:-1]
        parts.append(["c", code])
        last = m.end()
    if last < len(text):
        parts.append(["t", text[last:]])
    return parts


@dataclass(frozen=True)
class Student:
    id: str
    name: str


def copy_label(copy: int, version: str, student: Student | None) -> str:
    return f"Copy {copy} · version {version}" if student else f"Version {version}"


def copy_data(info: ExamInfo, version: Version, copy: int, student: Student | None, exam: str | None,
              anonymous: bool) -> dict:
    """One copy as the template reads it; ``exam`` (the fingerprint) adds the answer sheet."""
    from .layout import spec_for

    label = copy_label(copy, version.letter, student)
    data = {
        "title": info.title, "course": info.course, "date": info.date, "instructions": info.instructions,
        "copy_label": label, "student_name": student.name if student else "",
        "student_id": student.id if student else "",
        "questions": [{"number": n, "stem": rich(q.stem), "code": q.code.rstrip("\n") if q.code else None,
                       "options": [{"label": c.label, "text": c.text if c.format == "code" else rich(c.text),
                                    "code": c.format == "code"} for c in q.choices],
                       **({"kind": q.kind, "note": answer_note(q)} if q.kind != "single" else {})}
                      for n, q in enumerate(version.questions, 1)],
        "sheet": exam is not None, "sheets": [],
    }
    if exam is not None:
        spec = spec_for([len(q.choices) for q in version.questions], info.paper, anonymous,
                        [q.kind for q in version.questions])
        text = SheetText(info.title, info.course, label, data["student_name"], data["student_id"])
        data["sheets"] = sheet_pages(spec, text, exam, copy)
    return data


def copies_pdf(info: ExamInfo, copies: list[dict]) -> bytes:
    width, height = PAPER_MM[info.paper]
    short = info.title if len(info.title) <= 60 else info.title[:57] + "..."
    return typst_pdf(template("copies.typ"), {"title": info.title, "title_short": short, "width": width,
                                              "height": height, "copies": copies})
