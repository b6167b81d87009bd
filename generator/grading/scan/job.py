"""A whole ``lstmq scan`` batch: read every page, never stop on one, write three outputs at once.

Outputs (one ``Outputs`` transaction, so a stopped run leaves the old ones whole):

- the responses CSV ``lstmq grade`` reads (``student_id,version,q1,...``); a cell whose row
  went to review holds ``?``, which ``lstmq grade`` refuses, so nothing unclear is graded
  before the teacher decides (``lstmq scan --apply``);
- ``review.csv``: every unclear or double mark (several marks on a multiple-answer row are
  its answer, not a double mark), every numeric item's write-in box (a number written by
  hand is for the teacher to read), unreadable student number, unreadable, duplicate or
  missing page, with the reason and an empty ``answer`` column to fill in;
- one annotated PNG per page read, in a folder beside the responses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import LstmqError
from ...outputs.sheet import code as sheet_code
from ...outputs.sheet.layout import PageLayout, layout
from ...outputs.sheet.manifest import Copy, Manifest, read_manifest
from .inputs import PageImage, read_pages
from .locate import PageProblem, locate
from .marks import MarksProblem, PageMarks, read_marks, rectify, student_number

UNCLEAR = "?"
REVIEW_COLUMNS = ("student_id", "version", "copy", "question", "read", "fills", "reason", "source", "page", "answer")
STATE = ".lstmq-scan.json"  # digest of the responses file scan wrote: it may replace that one


class ScanIncomplete(LstmqError):
    """Everything was written, but some marks or pages need the teacher (exit code 1)."""


@dataclass
class ReviewItem:
    reason: str
    source: str = ""
    page: int | str = ""
    student_id: str = ""
    version: str = ""
    copy: int | str = ""
    question: str = ""
    read: str = ""
    fills: str = ""

    def cells(self) -> list[str]:
        return [self.student_id, self.version, str(self.copy), self.question, self.read, self.fills,
                self.reason, self.source, str(self.page), ""]


@dataclass
class ReadPage:
    source: str
    page: int
    code: sheet_code.SheetCode
    copy: Copy
    layout: PageLayout
    marks: PageMarks
    student_id: str
    id_reason: str
    png: bytes


@dataclass
class StudentSheet:
    copy: Copy
    student_id: str
    pages: dict[int, ReadPage] = field(default_factory=dict)


@dataclass
class ScanResult:
    responses: str
    review: list[ReviewItem]
    pngs: dict[str, bytes]
    pages_read: int
    pages_total: int
    sheets: int
    blank: int = 0


class Scanner:
    """Reads pages of one exam; the layouts are built once per copy."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._layouts: dict[int, tuple[PageLayout, ...]] = {}

    def layouts(self, copy: Copy) -> tuple[PageLayout, ...]:
        if copy.copy not in self._layouts:
            self._layouts[copy.copy] = layout(self.manifest.spec(copy))
        return self._layouts[copy.copy]

    def page_of(self, code: sheet_code.SheetCode) -> PageLayout:
        if code.exam != self.manifest.exam:
            raise PageProblem(f"this sheet belongs to another exam (code {code.exam}, this exam is {self.manifest.exam})")
        copy = self.manifest.copy(code.copy)
        if copy is None:
            raise PageProblem(f"copy {code.copy} is not in this exam's sheets.json")
        pages = self.layouts(copy)
        if not 1 <= code.page <= len(pages):
            raise PageProblem(f"copy {code.copy} has no answer-sheet page {code.page}")
        return pages[code.page - 1]

    def read(self, page: PageImage) -> ReadPage:
        from .annotate import annotated_png

        located = locate(page.image, self.page_of)
        copy = self.manifest.copy(located.code.copy)
        sheet_page = self.page_of(located.code)
        flat = rectify(page.image, located.homography, sheet_page)
        try:
            marks = read_marks(flat, sheet_page)
        except MarksProblem as exc:
            raise PageProblem(str(exc)) from None
        if self.manifest.anonymous:
            student, id_reason = student_number(marks.id_rows)
        else:
            student, id_reason = copy.student_id, ""
        who = student if student and not id_reason else "student number unclear"
        heading = (f"{Path(page.source).name} page {page.page}: copy {copy.copy}, version {copy.version}, "
                   f"sheet page {located.code.page}, {who}")
        png = annotated_png(flat, sheet_page, marks, heading)
        return ReadPage(page.source, page.page, located.code, copy, sheet_page, marks, student, id_reason, png)


BLANK_INK = 0.002  # share of dark pixels below which a page is blank paper


def is_blank(image) -> bool:
    small = image[::4, ::4]
    return float((small < 128).mean()) < BLANK_INK


def _digest(page: PageImage) -> str:
    h = hashlib.sha256(repr(page.image.shape).encode())
    h.update(page.image.tobytes())
    return h.hexdigest()


def _png_name(index: int, page: PageImage) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(page.source).stem)[:60]
    return f"{index:04d}-{stem}-p{page.page}.png"


def scan_pages(manifest: Manifest, pages) -> ScanResult:
    scanner = Scanner(manifest)
    review: list[ReviewItem] = []
    pngs: dict[str, bytes] = {}
    seen_images: dict[str, tuple[str, int]] = {}
    sheets: dict[tuple[int, str], StudentSheet] = {}
    total = read_count = blank = 0
    for index, page in enumerate(pages, 1):
        total += 1
        if page.image is None:
            review.append(ReviewItem(f"unreadable file: {page.error}", page.source, page.page))
            continue
        if is_blank(page.image):
            blank += 1  # the back of a sheet in a duplex scan: nothing to read, nothing to review
            continue
        digest = _digest(page)
        if digest in seen_images:
            first = seen_images[digest]
            review.append(ReviewItem(f"duplicate: the same image as {first[0]} page {first[1]}; read once",
                                     page.source, page.page))
            continue
        seen_images[digest] = (page.source, page.page)
        try:
            read = scanner.read(page)
        except PageProblem as exc:
            review.append(ReviewItem(f"unreadable page: {exc}", page.source, page.page))
            continue
        except Exception as exc:  # one bad page never stops the batch
            review.append(ReviewItem(f"unreadable page: unexpected {type(exc).__name__}: {exc}", page.source, page.page))
            continue
        read_count += 1
        pngs[_png_name(index, page)] = read.png
        student = read.student_id if read.student_id and not read.id_reason else f"{UNCLEAR}{read.source}#{read.page}"
        if read.id_reason:
            review.append(ReviewItem(read.id_reason, read.source, read.page, student, read.copy.version,
                                     read.copy.copy, "student_id", read.student_id))
        sheet = sheets.setdefault((read.copy.copy, student), StudentSheet(read.copy, student))
        if read.code.page in sheet.pages:
            first = sheet.pages[read.code.page]
            review.append(ReviewItem(f"duplicate: copy {read.copy.copy} sheet page {read.code.page} of this "
                                     f"student was already read from {first.source} page {first.page}; "
                                     "this one was not used", read.source, read.page, student,
                                     read.copy.version, read.copy.copy))
            continue
        sheet.pages[read.code.page] = read
    rows = []
    width = max(len(c.options) for c in manifest.copies)
    for (_, student), sheet in sorted(sheets.items()):
        cells = [""] * len(sheet.copy.options)
        layouts = scanner.layouts(sheet.copy)
        for sheet_page in layouts:
            got = sheet.pages.get(sheet_page.page)
            if got is None:
                for n in sheet_page.questions():
                    cells[n - 1] = UNCLEAR
                review.append(ReviewItem(f"missing page: sheet page {sheet_page.page} of {len(layouts)} was not "
                                         f"scanned (questions {sheet_page.questions()[0]} to "
                                         f"{sheet_page.questions()[-1]})", "", "", student,
                                         sheet.copy.version, sheet.copy.copy))
                continue
            for w in got.layout.write_ins:
                cells[w.question - 1] = UNCLEAR
                review.append(ReviewItem(f"numeric answer written by hand: read the box of question {w.question} "
                                         "and type the number in the answer column", got.source, got.page,
                                         student, sheet.copy.version, sheet.copy.copy, str(w.question)))
            for row in got.marks.rows:
                n = int(row.key)
                if row.clear:
                    cells[n - 1] = row.read
                else:
                    cells[n - 1] = UNCLEAR
                    review.append(ReviewItem(row.reason, got.source, got.page, student, sheet.copy.version,
                                             sheet.copy.copy, str(n), row.read,
                                             " ".join(f"{f:.2f}" for f in row.fills)))
        rows.append([student, sheet.copy.version, *cells, *[""] * (width - len(cells))])
    return ScanResult(responses_csv(rows, width, manifest.exam), review, pngs, read_count, total, len(sheets), blank)


def responses_csv(rows: list[list[str]], width: int, exam: str) -> str:
    """The responses ``lstmq grade`` reads, with the exam's fingerprint from the sheets' QR codes
    in the ``exam`` column, so grading them against another exam's key is refused."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student_id", "version", "exam", *(f"q{k}" for k in range(1, width + 1))])
    writer.writerows([*row[:2], exam, *row[2:]] for row in rows)
    return buf.getvalue()


def review_csv(items: list[ReviewItem]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    writer.writerows(item.cells() for item in items)
    return buf.getvalue()


def state_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def may_replace(path: Path) -> bool:
    """Whether ``path`` is the responses file an earlier scan (or --apply) wrote, unchanged."""
    try:
        state = json.loads((path.parent / STATE).read_text(encoding="utf-8"))
        return state.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError, AttributeError):
        return False


def write_state(outputs, path: Path, responses: str) -> None:
    state_path = path.parent / STATE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            state = {}
    except (OSError, ValueError):
        state = {}
    state[path.name] = state_digest(responses)
    outputs.file(state_path, json.dumps(state, sort_keys=True, indent=1) + "\n", replace_any=True)


def stage_responses(outputs, path: Path, text: str) -> None:
    outputs.file(path, text, replace_any=Path(path).exists() and may_replace(Path(path)))
    write_state(outputs, Path(path), text)


@dataclass(frozen=True)
class ScanPaths:
    responses: Path
    review: Path
    pages: Path


def default_paths(responses: Path, review: Path | None = None, pages: Path | None = None) -> ScanPaths:
    folder = Path(responses).parent
    return ScanPaths(Path(responses), review or folder / "review.csv",
                     pages or folder / f"{Path(responses).stem}-pages")


def run_scan(scans: list[Path], exam: Path, paths: ScanPaths, force: bool = False) -> ScanResult:
    from ...outputs.files import Outputs

    manifest = read_manifest(exam)
    outputs = Outputs(force=force)
    outputs.ensure_folder_writable(paths.pages)  # fail before reading any page
    result = scan_pages(manifest, read_pages(scans))
    with outputs:
        stage_responses(outputs, paths.responses, result.responses)
        outputs.file(paths.review, review_csv(result.review))
        outputs.tree(paths.pages, result.pngs)
    return result
