"""Answer sheets: the layout both sides share, the QR text, and the Typst rendering."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.limits import MAX_VERSIONS, version_name
from lstmq.outputs.sheet import code as sheet_code
from lstmq.outputs.sheet.layout import CONTENT_BOTTOM, ID_DIGITS, PAPER_MM, Box, SheetSpec, layout
from lstmq.outputs.sheet.render import SheetText, sheet_pages, sheets_pdf

specs = st.builds(SheetSpec, paper=st.sampled_from(sorted(PAPER_MM)),
                  options=st.lists(st.integers(2, 6), min_size=1, max_size=250).map(tuple),
                  id_digits=st.sampled_from([0, ID_DIGITS]))


def overlaps(a: Box, x: float, y: float, r: float) -> bool:
    return a.x - r < x < a.x + a.width + r and a.y - r < y < a.y + a.height + r


@settings(max_examples=60)
@given(specs)
def test_every_question_has_one_row_of_bubbles_that_stay_on_the_page_and_apart(spec):
    pages = layout(spec)
    numbers = [n for p in pages for n in p.questions()]
    assert numbers == list(range(1, len(spec.options) + 1))  # every question once, in order
    for page in pages:
        assert [f.hollow for f in page.fiducials] == [False, False, False, True]  # orientation is known
        for n in page.questions():
            row = page.row(n)
            assert [b.label for b in row] == list("ABCDEF"[:spec.options[n - 1]])
            assert len({b.y for b in row}) == 1
        everything = page.bubbles + page.id_bubbles
        for b in everything:
            assert 0 < b.x - b.r and b.x + b.r < page.width and b.y + b.r < page.height - CONTENT_BOTTOM + 1
            assert not overlaps(page.qr, b.x, b.y, b.r) and not overlaps(page.legend, b.x, b.y, b.r)
            for f in page.fiducials:
                assert abs(b.x - f.x) > f.size or abs(b.y - f.y) > f.size
        for a, b in itertools.combinations(page.bubbles, 2):
            assert np.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r + 1.0  # a mark never reaches the next bubble
        if spec.id_digits:  # every page names its student alone
            assert len(page.id_bubbles) == 10 * spec.id_digits
        else:
            assert not page.id_bubbles


def test_a_long_exam_takes_more_pages_and_a_short_one_one():
    assert len(layout(SheetSpec("a4", (4,) * 20, ID_DIGITS))) == 1
    assert len(layout(SheetSpec("a4", (4,) * 200, 0))) >= 2


@given(st.text("0123456789abcdef", min_size=12, max_size=12), st.integers(1, 10**6), st.integers(1, 99))
def test_sheet_code_round_trips(exam, copy, page):
    code = sheet_code.SheetCode(exam, copy, page)
    assert sheet_code.decode(sheet_code.encode(code)) == code


@given(st.data())
def test_a_changed_character_in_the_code_is_refused(data):
    text = sheet_code.encode(sheet_code.SheetCode("0123456789ab", 12, 1))
    i = data.draw(st.integers(0, len(text) - 1))
    other = data.draw(st.sampled_from("0123456789ABCDEFabcdef/LQ").filter(lambda ch: ch != text[i]))
    assert sheet_code.decode(text[:i] + other + text[i + 1:]) is None


def test_version_names_go_past_z_like_spreadsheet_columns():
    names = [version_name(i) for i in range(MAX_VERSIONS)]
    assert names[:3] == ["A", "B", "C"] and names[25:29] == ["Z", "AA", "AB", "AC"] and names[-1] == "ZZ"
    assert len(set(names)) == MAX_VERSIONS
    with pytest.raises(ValueError):
        version_name(MAX_VERSIONS)


@pytest.fixture(scope="module")
def sheet_pdf() -> bytes:
    spec = SheetSpec("a4", (4,) * 30, ID_DIGITS)
    pages = sheet_pages(spec, SheetText("LSTM midterm <b>&", "CS 412", "Version A"), "0123456789ab", 3)
    return sheets_pdf(pages, *PAPER_MM["a4"], "LSTM midterm")


def test_sheet_pdf_is_the_same_bytes_every_time(sheet_pdf):
    spec = SheetSpec("a4", (4,) * 30, ID_DIGITS)
    pages = sheet_pages(spec, SheetText("LSTM midterm <b>&", "CS 412", "Version A"), "0123456789ab", 3)
    assert sheets_pdf(pages, *PAPER_MM["a4"], "LSTM midterm") == sheet_pdf


def test_sheet_has_real_text_a_title_and_its_qr_code_names_exam_copy_and_page(sheet_pdf):
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(sheet_pdf)
    text = doc[0].get_textpage().get_text_range()
    for words in ("LSTM midterm <b>&", "Fill like this", "Correct like this", "Student number", "Version A"):
        assert words in text  # text a screen reader (and a search) finds, not a picture of it
    assert doc.get_metadata_dict()["Title"] == "LSTM midterm"
    image = doc[0].render(scale=150 / 72, grayscale=True).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [sheet_code.decode(r.text) for r in found] == [sheet_code.SheetCode("0123456789ab", 3, 1)]
    assert found[0].ec_level == "H"
