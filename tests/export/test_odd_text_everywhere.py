"""The issue's odd text, ``<script>alert(1)</script> ]]> {=~#} | *x*``, appears literally and
harmlessly in every output: one test per output, each reading the output back the way its
consumer would (a browser's text, a PDF's text, an XML parser, gift-pegjs).

The text goes into a bank's stems, options, explanations and solutions (the site and the
exports show those) and into the exam's title and course name (which only the exam prints).
Other tests cover more hostile texts per format: see docs/guarantees.md.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from lstmq.bank.file import load_bank
from lstmq.cli import cli
from lstmq.outputs.export import export_bank

from export_helpers import zip_entries

ODD = "<script>alert(1)</script> ]]> {=~#} | *x*"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


class Page(HTMLParser):
    """What a browser shows (text outside scripts and styles) and what it would run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")
        else:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        self.text.append(" ")

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is None:
            self.text.append(data)


def read_page(markup: str) -> tuple[str, list[str]]:
    page = Page()
    page.feed(markup)
    page.close()
    return " ".join("".join(page.text).split()), page.scripts


def assert_shown_not_run(markup: str, times: int = 1) -> None:
    text, scripts = read_page(markup)
    assert text.count(ODD) >= times, text[:2000]
    assert not any("alert(1)" in s for s in scripts)


@pytest.fixture(scope="module")
def odd_bank_path(bank300_path, tmp_path_factory) -> Path:
    """Four questions of the session's bank (code and text options) with ODD in every text."""
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    kept = [next(q for q in data["questions"] if all(c.get("format") == "text" for c in q["choices"])),
            next(q for q in data["questions"] if all(c.get("format") == "code" for c in q["choices"]))]
    for q in kept:
        q["stem"] = f"{ODD} {q['stem']}"
        for c in q["choices"]:
            c["why"] = f"{ODD} {c['why']}"
            if c["format"] == "text":
                c["text"] = f"{ODD} {c['text']}"
        q["solution"]["steps"] = [ODD, *q["solution"]["steps"]]
        q["solution"]["hint"] = ODD
    data["questions"] = kept
    path = tmp_path_factory.mktemp("odd") / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def odd_bank(odd_bank_path):
    return load_bank(odd_bank_path)


@pytest.fixture(scope="module")
def exam_files(odd_bank_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("odd-exam") / "exams"
    result = CliRunner().invoke(cli, ["exam", "--bank", str(odd_bank_path), "--versions", "1", "--title", ODD,
                                      "--course", ODD, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_site(odd_bank_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--bank", str(odd_bank_path)])
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "site" / "questions" / "practice" / "families").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        # stem, one explanation per option, the first solution step, the hint
        assert_shown_not_run(page.read_text(encoding="utf-8"), times=3)
    text, _ = read_page(next(p for p in pages if "concepts" in p.name).read_text(encoding="utf-8"))
    assert text.count(ODD) >= 4 + 4 + 2  # the four text options too


@pytest.mark.slow
def test_exam_html(exam_files):
    for name in ("exam-A.html", "key-A.html"):
        page = (exam_files / name).read_text(encoding="utf-8")
        assert "<script" not in page  # an exam page has no script at all
        assert_shown_not_run(page, times=3)  # title, course, the stem (at least)
        assert ODD not in page  # never raw: only escaped


@pytest.mark.slow
def test_exam_pdf(exam_files):
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731  PDF text breaks lines where the layout did
    for name in ("exam-A.pdf", "key-A.pdf"):
        reader = pypdf.PdfReader(io.BytesIO((exam_files / name).read_bytes()))
        text = squash("".join(page.extract_text() for page in reader.pages))
        assert text.count(squash(ODD)) >= 3, name
        assert "/JavaScript" not in (exam_files / name).read_bytes().decode("latin-1")
        assert reader.metadata.title.startswith(ODD)


def test_moodle_xml(odd_bank):
    root = ET.fromstring(export_bank(odd_bank, "moodle"))
    for question in (q for q in root if q.get("type") == "multichoice"):
        body = question.find("questiontext/text").text  # HTML carried in CDATA, "]]>" survived
        feedback = [a.find("feedback/text").text for a in question.findall("answer")]
        for fragment in [body, *feedback, question.find("generalfeedback/text").text]:
            assert_shown_not_run(fragment)
            assert "<script" not in fragment


def test_gift(odd_bank, gift_parse):
    parsed = gift_parse(export_bank(odd_bank, "gift").decode("utf-8"))
    assert "ok" in parsed, parsed
    questions = [q for q in parsed["ok"] if q["type"] == "MC"]
    assert len(questions) == 2
    for q in questions:
        assert sum(c["isCorrect"] for c in q["choices"]) == 1  # "=" and "~" stayed text
        for fragment in [q["stem"]["text"], *(c["feedback"]["text"] for c in q["choices"]),
                         q["globalFeedback"]["text"]]:
            assert_shown_not_run(fragment)


@pytest.mark.parametrize("fmt", ["qti21", "canvas"])
def test_qti(odd_bank, fmt):
    entries = zip_entries(export_bank(odd_bank, fmt))
    bodies = [data for name, data in entries.items() if name.endswith(".xml") and b"alert" in data]
    assert bodies
    for data in bodies:
        root = ET.fromstring(data)  # well-formed XML
        assert not [e for e in root.iter() if e.tag.split("}")[-1] == "script"]
        if fmt == "canvas":  # QTI 1.2 carries each HTML fragment as the text of a mattext
            fragments = [e.text or "" for e in root.iter() if e.tag.endswith("mattext")]
            assert any(ODD in read_page(f)[0] for f in fragments)
            assert not any("alert(1)" in s for f in fragments for s in read_page(f)[1])
        else:  # QTI 2.1 carries XHTML inline: the XML's own text is what is shown
            assert ODD in " ".join(" ".join(root.itertext()).split())
