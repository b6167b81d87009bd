"""The Typst-made files of ``lstmq exam``: answer sheets (``--sheet``) and per-student copies
(``--roster``), with the ``sheets.json`` the scanner reads.

Without a roster, ``--sheet`` adds ``sheet-<version>.pdf`` beside the HTML/WeasyPrint copies:
one anonymous sheet per version (a student-number grid names the student), to print once per
student of that version. With a roster, each student gets a copy of their own, numbered in
roster order: ``copies/<number>-<id>.pdf`` and all of them in ``class.pdf``. Copies compile in
``jobs`` worker processes; each file's bytes depend only on its own data, so the worker count
never changes the output. ``class.pdf`` is the copies joined by PDFium (with a blank page
where a copy would otherwise start on an even page), not compiled a second time: that halves
the work. PDFium writes the clock into the file's information (blanked out, offsets kept) and
a random file identifier (replaced by a digest of the file), so the same copies give the same
bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
from concurrent.futures import ProcessPoolExecutor
from typing import Sequence

from ..exam.versions import ExamInfo, Version, versions_fingerprint
from .copies import Student, copies_pdf, copy_data
from .layout import PAPER_MM, spec_for
from .manifest import Copy, Manifest, manifest_json
from .render import SheetRenderError, SheetText, sheet_pages, sheets_pdf

COPIES_PER_TASK = 10  # enough work per message to the workers; small enough to share it evenly


def copy_file_name(number: int, student: Student, width: int) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in student.id)[:40]
    return f"copies/{number:0{width}d}-{safe}.pdf"


def _compile_batch(info: ExamInfo, batch: list[dict]) -> list[bytes]:
    return [copies_pdf(info, [c]) for c in batch]


def _compile_all(info: ExamInfo, copies: list[dict], jobs: int) -> list[bytes]:
    """Each copy alone, in order."""
    batches = [copies[i:i + COPIES_PER_TASK] for i in range(0, len(copies), COPIES_PER_TASK)]
    if jobs <= 1 or len(copies) < 2 * COPIES_PER_TASK:
        return [pdf for b in batches for pdf in _compile_batch(info, b)]
    import multiprocessing

    # Fresh interpreters, never forks: a process that has compiled with Typst holds its
    # thread pool's locks, and a forked copy of it can hang on them.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = [pool.submit(_compile_batch, info, b) for b in batches]
        return [pdf for f in parts for pdf in f.result()]


_FILE_ID = re.compile(rb"/ID\[<([0-9A-F]{32})><([0-9A-F]{32})>\]")
_CREATED = re.compile(rb"/CreationDate\(D:[0-9+\-Z']{14,24}\)")


def join_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """One file for the printer: every part starts on an odd page; same parts, same bytes."""
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    try:
        for data in pdfs:
            part = pdfium.PdfDocument(data)
            try:
                if len(joined) % 2:
                    width, height = part[0].get_size()
                    joined.new_page(width, height).close()
                joined.import_pages(part)
            finally:
                part.close()
        buf = io.BytesIO()
        joined.save(buf)
    finally:
        joined.close()
    # Same length in, same length out: the cross-reference table's offsets stay right.
    data = _CREATED.sub(lambda m: b" " * len(m.group(0)), buf.getvalue())
    ids = _FILE_ID.findall(data)
    if len(ids) != 1:
        raise SheetRenderError(f"PDFium wrote {len(ids)} file identifiers; expected one")
    stable = hashlib.sha256(_FILE_ID.sub(b"", data)).hexdigest()[:32].upper().encode("ascii")
    return _FILE_ID.sub(b"/ID[<" + stable + b"><" + stable + b">]", data)


def sheet_files(versions: Sequence[Version], info: ExamInfo) -> dict[str, bytes | str]:
    """``--sheet`` without a roster: one anonymous sheet per version, and sheets.json."""
    exam = versions_fingerprint(versions)  # the same as key.csv's exam column
    width, height = PAPER_MM[info.paper]
    files: dict[str, bytes | str] = {}
    copies = []
    for number, v in enumerate(versions, 1):
        options = tuple(len(q.choices) for q in v.questions)
        spec = spec_for(options, info.paper, anonymous=True, kinds=[q.kind for q in v.questions])
        pages = sheet_pages(spec, SheetText(info.title, info.course, f"Version {v.letter}"), exam, number)
        files[f"sheet-{v.letter}.pdf"] = sheets_pdf(pages, width, height, f"{info.title}: answer sheet {v.letter}")
        copies.append(Copy(number, v.letter, options, kinds=spec.kinds))
    files["sheets.json"] = manifest_json(Manifest(exam, info.paper, True, tuple(copies)))
    return files


def roster_files(versions: Sequence[Version], info: ExamInfo, students: Sequence[Student],
                 sheet: bool, jobs: int = 1) -> dict[str, bytes | str]:
    """One copy per student (``versions[i]`` is student i's), the class file, and sheets.json."""
    exam = versions_fingerprint(versions)  # the same as key.csv's exam column
    copies = [copy_data(info, v, n, s, exam if sheet else None, anonymous=False)
              for n, (v, s) in enumerate(zip(versions, students), 1)]
    singles = _compile_all(info, copies, jobs)
    whole = join_pdfs(singles)
    width = len(str(len(students)))
    files: dict[str, bytes | str] = {copy_file_name(n, s, width): pdf
                                     for n, (s, pdf) in enumerate(zip(students, singles), 1)}
    files["class.pdf"] = whole
    if sheet:
        files["sheets.json"] = manifest_json(Manifest(exam, info.paper, False, tuple(
            Copy(n, v.letter, tuple(len(q.choices) for q in v.questions), s.id, s.name,
                 spec_for((), info.paper, False, [q.kind for q in v.questions]).kinds)
            for n, (v, s) in enumerate(zip(versions, students), 1))))
    return files
