"""Moodle XML: parsed back by moodle-xml-parser and checked against what Moodle's importer reads.

Moodle has no schema for its XML format; its importer (question/format/xml/format.php) reads
name/text, questiontext (format, text), generalfeedback, defaultgrade, penalty, single,
shuffleanswers, answernumbering, the answers (fraction attribute, text, feedback), hints and
tags, and files a question in the category named by the last preceding category question.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from moodle_xml_parser import parser as moodle_xml_parser
import pytest

from lstmq.outputs import markup
from lstmq.outputs.export import export_bank
from lstmq.outputs.export.categories import ROOT, categories
from lstmq.outputs.export.moodle import fractions

from export_helpers import tags

NUMBERING = {"none", "abc", "ABCD", "123", "iii", "IIII"}  # what Moodle's multichoice accepts


@pytest.fixture(scope="module")
def moodle_xml(bank300) -> bytes:
    return export_bank(bank300, "moodle")


def text_of(element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"missing {path}"
    return found.text or ""


def test_moodle_xml_structure_matches_the_importer(bank300, moodle_xml):
    root = ET.fromstring(moodle_xml)
    assert root.tag == "quiz"
    by_id = {q.id: q for q in bank300.questions}
    seen, category = [], None
    for question in root:
        assert question.tag == "question"
        if question.get("type") == "category":
            category = text_of(question, "category/text")
            continue
        qid = text_of(question, "name/text")
        q = by_id[qid]
        assert question.get("type") == ("numerical" if q.kind == "numeric" else "multichoice")
        seen.append(qid)
        assert category == f"{ROOT}/{q.family}/{q.difficulty}"
        assert question.find("questiontext").get("format") == "html"
        assert text_of(question, "questiontext/text") == markup.question_text(q)
        assert text_of(question, "generalfeedback/text") == markup.solution(q)
        assert float(text_of(question, "defaultgrade")) == 1
        assert 0 <= float(text_of(question, "penalty")) <= 1
        assert text_of(question, "idnumber") == q.id
        assert [t.text for t in question.findall("tags/tag/text")] == ["lstmq", q.family, q.difficulty]
        answers = question.findall("answer")
        if q.kind == "numeric":  # its answers and traps: test_export_kinds
            assert [float(text_of(a, "text")) for a in answers][0] == q.answer.value
            continue
        assert text_of(question, "single") == ("true" if q.kind == "single" else "false")
        assert text_of(question, "shuffleanswers") == "true"
        assert text_of(question, "answernumbering") in NUMBERING
        assert [a.get("fraction") for a in answers] == fractions(q)
        if q.kind == "single":
            assert [a.get("fraction") for a in answers] == ["100" if c.correct else "0" for c in q.choices]
        for a, c in zip(answers, q.choices):
            assert a.get("format") == "html"
            assert text_of(a, "text") == markup.option(c)
            assert text_of(a, "feedback/text") == markup.why(c)  # the misconception, or why it is right
        assert [text_of(h, "text") for h in question.findall("hint")] == [markup.hint(q)]
    assert sorted(seen) == sorted(by_id)


def test_categories_cover_every_family_and_difficulty(bank300, moodle_xml):
    root = ET.fromstring(moodle_xml)
    paths = [text_of(q, "category/text") for q in root if q.get("type") == "category"]
    assert len(paths) == len(set(paths))  # each category once: the questions are grouped
    assert set(paths) == {f"{ROOT}/{q.family}/{q.difficulty}" for q in bank300.questions}


def test_moodle_xml_parser_reads_every_question(bank300, moodle_xml, capsys):
    parsed = moodle_xml_parser.parse_bytes(moodle_xml)
    # It prints and skips a question it cannot read instead of raising: count, and watch stdout.
    assert capsys.readouterr().out == ""
    # It reads multichoice items (single and select all) and has no reader for numerical ones.
    choice_items = [q for cat in categories(bank300.questions) for q in cat.questions if q.kind != "numeric"]
    questions = parsed["multichoice"]
    assert len(bank300.questions) == 300 and len(questions) == len(choice_items)
    for got, q in zip(questions, choice_items):
        assert got.name == q.id
        assert got.single == (q.kind == "single") and got.shuffle_answers
        assert [o.score_fraction for o in got.options] == [float(f) for f in fractions(q)]
        if q.kind == "single":
            assert [o.score_fraction for o in got.options] == [100.0 if c.correct else 0.0 for c in q.choices]
            assert sum(o.score_fraction == 100 for o in got.options) == 1
        # The parser unescapes entities after reading the text; so does a browser.
        assert got.text_pre_parse == html.unescape(markup.question_text(q)).strip()
        assert [o.answer for o in got.options] == [html.unescape(markup.option(c)).strip() for c in q.choices]
        assert [o.feedback for o in got.options] == [html.unescape(markup.why(c)).strip() for c in q.choices]


def test_hostile_texts_survive_as_text(hostile_bank):
    root = ET.fromstring(export_bank(hostile_bank, "moodle"))
    questions = [q for q in root if q.get("type") == "multichoice"]
    by_id = {q.id: q for q in hostile_bank.questions}
    assert len(questions) == len(by_id)
    for question in questions:
        q = by_id[text_of(question, "name/text")]
        body = text_of(question, "questiontext/text")
        assert body == markup.question_text(q)  # "]]>" survived the CDATA split
        assert tags(body) <= {"p", "pre", "code"}  # no <script>, no <b>: markup stayed text
        for a, c in zip(question.findall("answer"), q.choices):
            assert text_of(a, "text") == markup.option(c)
            assert tags(text_of(a, "text")) <= {"code"}


def test_cdata_end_inside_text_is_split():
    from lstmq.outputs.jinja import cdata

    wrapped = str(cdata("a]]>b"))
    assert ET.fromstring(f"<t>{wrapped}</t>").text == "a]]>b"


def test_counting_catches_what_the_parser_skips(moodle_xml, capsys):
    """The parser prints and drops a question it cannot read: the count above would notice."""
    whole = len(moodle_xml_parser.parse_bytes(moodle_xml)["multichoice"])
    broken = moodle_xml.replace(b'fraction="100"', b'fraction="full"', 1)
    parsed = moodle_xml_parser.parse_bytes(broken)
    assert len(parsed["multichoice"]) == whole - 1
    assert "Error while parsing" in capsys.readouterr().out
