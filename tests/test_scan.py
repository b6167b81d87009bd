"""`lstmq scan` on a synthetic corpus: every clear mark read right, every unclear one reviewed.

The pages are lstmq's own sheets, rasterised as a printer and scanner would, marked with pen
strokes of known meaning and damaged (``benchmarks/scan_corpus.py``); hypothesis draws the
damage within the ranges the scanner promises to handle. ``benchmarks/scan.py`` runs the same
check over thousands of pages.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from lstmq.cli import cli
from lstmq.grading.scan.inputs import PageImage
from lstmq.grading.scan.job import REVIEW_COLUMNS, Scanner, scan_pages
from lstmq.grading.scan.locate import PageProblem
from lstmq.outputs.sheet.layout import PAPER_MM, layout
from lstmq.outputs.sheet.manifest import Copy, Manifest, manifest_json
from lstmq.outputs.sheet.render import SheetText, sheet_pages, sheets_pdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks/ is not installed: import it from the checkout

from benchmarks.scan_corpus import (CLEAR_KINDS, Damage, degrade, kinds_for, mark_page,  # noqa: E402
                                    rasterise)

EXAM = "5ca17e57c0de"
ANONYMOUS = Manifest(EXAM, "a4", True, (Copy(1, "A", (4,) * 24), Copy(2, "B", (4,) * 24)))
NAMED = Manifest(EXAM, "letter", False, (Copy(1, "A", (4,) * 30, "s-1", "Ada"), Copy(2, "B", (4,) * 30, "s-2", "Alan")))
LONG = Manifest(EXAM, "a4", False, (Copy(1, "A", (4,) * 130, "s-9", "Grace"),))


def sheet_pdf(manifest: Manifest, copy: Copy) -> bytes:
    text = SheetText("Scan test", "CS 412", f"Version {copy.version}", copy.student_name, copy.student_id)
    width, height = PAPER_MM[manifest.paper]
    return sheets_pdf(sheet_pages(manifest.spec(copy), text, manifest.exam, copy.copy), width, height, "Scan test")


_RASTERS: dict = {}


def clean_page(manifest: Manifest, copy: Copy, dpi: int, page: int = 1) -> np.ndarray:
    key = (manifest, copy.copy, dpi)
    if key not in _RASTERS:
        _RASTERS[key] = rasterise(sheet_pdf(manifest, copy), dpi)
    return _RASTERS[key][page - 1]


def as_grey(scan) -> np.ndarray:
    return np.array(Image.open(io.BytesIO(scan)).convert("L")) if isinstance(scan, bytes) else scan


damages = st.builds(
    Damage, dpi=st.sampled_from([150, 200, 300]), rotation=st.floats(-5, 5), scale=st.floats(0.95, 1.05),
    shift=st.tuples(st.floats(-5, 5), st.floats(-5, 5)), perspective=st.floats(0, 1.5), blur=st.floats(0, 1.2),
    noise=st.floats(0, 8), jpeg=st.sampled_from([None, 50, 75]), threshold=st.booleans(),
    upside_down=st.booleans(), seed=st.integers(0, 2**16))


def check_page(manifest: Manifest, damage: Damage, marks_seed: int):
    """Mark, damage and read one page; assert the contract row by row."""
    copy = manifest.copies[marks_seed % len(manifest.copies)]
    page = layout(manifest.spec(copy))[0]
    rng = random.Random(marks_seed)
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 8))) if manifest.anonymous else None
    marked = mark_page(clean_page(manifest, copy, damage.dpi), page, damage.dpi, rng, kinds_for(damage), digits)
    read = Scanner(manifest).read(PageImage("test", 1, as_grey(degrade(marked.image, damage))))
    assert read.copy == copy
    rows = {r.key: r for r in read.marks.rows}
    for truth in marked.rows:
        if truth.key.startswith("id"):
            continue
        got = rows[truth.key]
        if truth.kind in CLEAR_KINDS:
            assert got.clear and got.read == truth.letters, (truth, got)
        else:
            assert not got.clear, (truth, got)  # never read silently as anything
    if digits is not None:
        assert (read.student_id, read.id_reason) == (digits, "")
    else:
        assert read.student_id == copy.student_id


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damages, st.integers(0, 2**16))
def test_anonymous_sheet_every_clear_mark_read_every_unclear_mark_reviewed(damage, marks_seed):
    check_page(ANONYMOUS, damage, marks_seed)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damages, st.integers(0, 2**16))
def test_named_sheet_on_letter_paper_every_clear_mark_read_every_unclear_mark_reviewed(damage, marks_seed):
    check_page(NAMED, damage, marks_seed)


def test_the_worst_corner_of_the_ranges_is_still_read():
    worst = Damage(dpi=150, rotation=-5, scale=0.95, shift=(5, -5), perspective=1.5, blur=1.2, noise=8, jpeg=50,
                   threshold=False, upside_down=True, seed=3)
    check_page(NAMED, worst, 11)
    check_page(ANONYMOUS, Damage(dpi=300, rotation=5, scale=1.05, shift=(-5, 5), perspective=1.5, blur=1.2,
                                 noise=8, threshold=True, seed=4), 12)


def page_image(manifest, copy_index=0, page=1, dpi=150, seed=0, kinds=("full", "blank"), digits="1234") -> np.ndarray:
    copy = manifest.copies[copy_index]
    sheet_page = layout(manifest.spec(copy))[page - 1]
    marked = mark_page(clean_page(manifest, copy, dpi, page), sheet_page, dpi, random.Random(seed), kinds,
                       digits if manifest.anonymous else None)
    return as_grey(degrade(marked.image, Damage(dpi=dpi, rotation=1.0, seed=seed)))


def test_one_bad_page_never_stops_the_batch_and_each_problem_is_named():
    good = page_image(NAMED)
    other_exam = Manifest("000000000000", NAMED.paper, False, NAMED.copies)
    foreign = page_image(other_exam, 1)
    torn = page_image(NAMED, 1, seed=5)
    torn[:, : torn.shape[1] // 5] = 255  # the left fifth lost: two corner squares gone
    blank = np.full_like(good, 255)
    pages = [PageImage("a.png", 1, good), PageImage("b.png", 1, None, "not a readable image"),
             PageImage("c.pdf", 1, foreign), PageImage("c.pdf", 2, torn), PageImage("d.png", 1, blank),
             PageImage("e.png", 1, good.copy()), PageImage("f.png", 1, np.full_like(good, 100))]
    result = scan_pages(NAMED, pages)
    reasons = {(item.source, item.page): item.reason for item in result.review}
    assert result.pages_read == 1 and result.blank == 1 and result.pages_total == 7
    assert "not a readable image" in reasons[("b.png", 1)]
    assert "another exam" in reasons[("c.pdf", 1)]
    assert "corner square" in reasons[("c.pdf", 2)]
    assert "duplicate" in reasons[("e.png", 1)] and "a.png page 1" in reasons[("e.png", 1)]
    assert "no QR code" in reasons[("f.png", 1)]
    assert result.responses.splitlines()[1].startswith("s-1,A,")


def test_the_same_copy_scanned_twice_is_read_once_and_reported():
    first, again = page_image(NAMED, seed=1), page_image(NAMED, seed=2)  # two scans of one sheet
    result = scan_pages(NAMED, [PageImage("one.jpg", 1, first), PageImage("two.jpg", 1, again)])
    assert len(result.responses.splitlines()) == 2
    assert [i.source for i in result.review if "already read from one.jpg" in i.reason] == ["two.jpg"]


def test_pages_of_a_long_sheet_in_any_order_and_a_missing_page_is_reviewed():
    pages = [PageImage("p2.png", 1, page_image(LONG, page=2, seed=3)), PageImage("p1.png", 1, page_image(LONG, page=1))]
    complete = scan_pages(LONG, pages)
    assert not [i for i in complete.review if "page" in i.reason and "missing" in i.reason]
    row = complete.responses.splitlines()[1].split(",")
    assert len(row) == 2 + 130 and "?" not in row
    half = scan_pages(LONG, pages[1:])
    missing = [i for i in half.review if i.reason.startswith("missing page")]
    assert len(missing) == 1 and "sheet page 2" in missing[0].reason
    cells = half.responses.splitlines()[1].split(",")[2:]
    on_page_two = layout(LONG.spec(LONG.copies[0]))[1].questions()
    assert all(cells[n - 1] == "?" for n in on_page_two)


def test_unclear_student_number_is_reviewed_and_gets_a_placeholder_id():
    gap = page_image(ANONYMOUS, digits="12")
    sheet_page = layout(ANONYMOUS.spec(ANONYMOUS.copies[0]))[0]
    result = scan_pages(ANONYMOUS, [PageImage("gap.png", 1, gap)])
    assert result.responses.splitlines()[1].split(",")[:2] == ["12", "A"]
    copy = ANONYMOUS.copies[0]
    marked = mark_page(clean_page(ANONYMOUS, copy, 150), sheet_page, 150, random.Random(1), ("blank",), None)
    empty_id = scan_pages(ANONYMOUS, [PageImage("none.png", 1, marked.image)])
    item = next(i for i in empty_id.review if i.question == "student_id")
    assert "grid is empty" in item.reason
    assert empty_id.responses.splitlines()[1].startswith("?none.png#1,A,")


@pytest.fixture
def exam_dir(tmp_path) -> Path:
    folder = tmp_path / "exam"
    folder.mkdir()
    (folder / "sheets.json").write_text(manifest_json(NAMED), encoding="utf-8")
    return folder


def invoke(*args, cwd: Path):
    import contextlib

    with contextlib.chdir(cwd):
        return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_exit_codes_review_file_and_apply(exam_dir, tmp_path):
    rng = random.Random(4)
    copy = NAMED.copies[0]
    sheet_page = layout(NAMED.spec(copy))[0]
    marked = mark_page(clean_page(NAMED, copy, 200), sheet_page, 200, rng, ("full", "tick", "double"))
    Image.fromarray(as_grey(degrade(marked.image, Damage(dpi=200, rotation=-2, seed=1)))).save(tmp_path / "s1.png")
    clean = mark_page(clean_page(NAMED, NAMED.copies[1], 200), layout(NAMED.spec(NAMED.copies[1]))[0], 200, rng,
                      ("full", "blank"))
    Image.fromarray(clean.image).save(tmp_path / "s2.tif")
    ok = invoke("scan", "s2.tif", "--exam", exam_dir, "-o", "only2.csv", "--review", "r2.csv", cwd=tmp_path)
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "r2.csv").read_text().splitlines() == [",".join(REVIEW_COLUMNS)]
    result = invoke("scan", "s1.png", "s2.tif", "--exam", exam_dir, "-o", "responses.csv", cwd=tmp_path)
    assert result.exit_code == 1 and "need review" in result.output
    assert sorted(p.name for p in (tmp_path / "responses-pages").iterdir() if p.suffix == ".png") == \
        ["0001-s1-p1.png", "0002-s2-p1.png"]
    review = (tmp_path / "review.csv").read_text().splitlines()
    unclear = [r for r in marked.rows if r.kind != "full"]
    assert len(review) == 1 + len(unclear)
    # The teacher decides: the ticked letter counts, a double mark counts as blank.
    import csv

    rows = list(csv.reader(io.StringIO((tmp_path / "review.csv").read_text())))
    truth = {r.key: r for r in marked.rows}
    for row in rows[1:]:
        t = truth[row[3]]
        row[-1] = t.letters if t.kind == "tick" else "blank"
    with open(tmp_path / "review.csv", "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    applied = invoke("scan", "--apply", "review.csv", "-o", "responses.csv", cwd=tmp_path)
    assert applied.exit_code == 0, applied.output
    line = (tmp_path / "responses.csv").read_text().splitlines()[1].split(",")
    expected = [t.letters if t.kind in ("full", "tick") else "" for t in (truth[str(n)] for n in range(1, 31))]
    assert line == ["s-1", "A", *expected]
    again = invoke("scan", "s1.png", "--exam", exam_dir, "-o", "responses.csv", cwd=tmp_path)
    assert again.exit_code == 1  # scan may replace the responses file it wrote (and --apply rewrote)


def test_cli_usage_errors_are_one_line(exam_dir, tmp_path):
    (tmp_path / "mine.csv").write_text("my own notes\n")
    (tmp_path / "s.png").write_bytes(b"not an image")
    cases = [
        (("scan", "--exam", exam_dir), 2, "give the scanned files"),
        (("scan", "s.png"), 2, "--exam DIR is required"),
        (("scan", "s.png", "--exam", tmp_path), 1, "sheets.json: not found"),
        (("scan", "s.png", "--exam", exam_dir, "-o", "mine.csv"), 1, "mine.csv"),
        (("scan", "--apply", "mine.csv", "-o", "x.csv"), 1, "header must be"),
        (("scan", "--apply", "mine.csv", "s.png"), 2, "--apply takes only"),
    ]
    for args, code, words in cases:
        result = invoke(*args, cwd=tmp_path)
        assert result.exit_code == code, (args, result.output)
        assert words in result.output and "Traceback" not in result.output, (args, result.output)
    assert (tmp_path / "mine.csv").read_text() == "my own notes\n"  # never replaced without --force


def test_an_unreadable_file_goes_to_review_and_the_batch_still_writes(exam_dir, tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    result = invoke("scan", "broken.pdf", "--exam", exam_dir, cwd=tmp_path)
    assert result.exit_code == 1
    assert "not a readable PDF" in (tmp_path / "review.csv").read_text()
    assert (tmp_path / "responses.csv").read_text().startswith("student_id,version,q1,")
