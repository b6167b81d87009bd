"""Select-all and numeric items (issue 16) in every LMS export, read back by the same third-party
readers as single choice: the IMS schemas and citolab-qti-convert (QTI 2.1), gift-pegjs (GIFT,
which reads numerical questions too), text2qti (Canvas), and Moodle XML checked against what
Moodle's importer reads (moodle-xml-parser reads multichoice only: it checks the select-all
items and, by its count, that it skipped the numerical ones).

The questions are built by hand (``kinds_examples``): these tests need no family of either kind.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, strategies as st

from lstmq.bank.file import Bank
from lstmq.model import number_text
from lstmq.outputs import markup
from lstmq.outputs.export import export_bank
from lstmq.outputs.export.categories import categories
from lstmq.outputs.export.moodle import fractions
from lstmq.outputs.export.qti21 import item_path

from export_helpers import shown, tags, zip_entries
from kinds_examples import HOSTILE, every_kind, hostile, multiple

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
HEADER = {"schema_version": 2, "lstmq_version": "0", "torch_version": "2.13.0", "python_version": "3",
          "seed": 0, "options": {}}


def bank_of(questions) -> Bank:
    return Bank(dict(HEADER), list(questions))


@pytest.fixture(scope="module")
def kinds():
    return bank_of(every_kind())


def in_category_order(bank):
    return [q for cat in categories(bank.questions) for q in cat.questions]


# --- the scoring rule shared by Moodle XML, GIFT and QTI ------------------------------------------


def test_select_all_fractions_sum_to_100_and_ticking_everything_scores_0(kinds):
    for q in kinds.questions:
        if q.kind != "multiple":
            continue
        shares = [float(f) for f in fractions(q)]
        right = [s for s, c in zip(shares, q.choices) if c.correct]
        wrong = [s for s, c in zip(shares, q.choices) if not c.correct]
        assert abs(sum(right) - 100) < 1e-4 and all(s > 0 for s in right)
        assert abs(sum(wrong) + 100) < 1e-4 and all(s < 0 for s in wrong)
        # Moodle's importer accepts only its list of grades (to 1e-5): these are on it.
        moodle_grades = {100, 50, 33.33333, 25, 20}
        assert {abs(s) for s in shares} <= moodle_grades


@given(st.lists(st.booleans(), min_size=2, max_size=6).filter(lambda r: any(r) and not all(r)))
def test_any_select_all_item_scores_100_for_the_right_boxes_and_0_for_every_box(right):
    """Whatever options are right: the right ones sum to +100, the wrong ones to -100, each
    share a grade Moodle's importer accepts (its list, to 1e-5)."""
    import dataclasses

    from lstmq.model import Choice

    choices = tuple(Choice("ABCDEF"[i], f"option {i}", r, "why") for i, r in enumerate(right))
    q = dataclasses.replace(multiple(), choices=choices)
    shares = [float(f) for f in fractions(q)]
    assert abs(sum(s for s in shares if s > 0) - 100) < 1e-4
    assert abs(sum(s for s in shares if s < 0) + 100) < 1e-4
    assert [s > 0 for s in shares] == right
    grades = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
              14.28571, 12.5, 11.11111, 10, 5]
    assert all(min(abs(abs(s) - g) for g in grades) < 1e-5 * 100 for s in shares)


# --- Moodle XML -----------------------------------------------------------------------------------


def text_of(element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"missing {path}"
    return found.text or ""


def test_moodle_xml_has_each_kind_as_the_importer_reads_it(kinds):
    root = ET.fromstring(export_bank(kinds, "moodle"))
    by_id = {q.id: q for q in kinds.questions}
    seen = set()
    for question in root:
        if question.get("type") == "category":
            continue
        q = by_id[text_of(question, "name/text")]
        seen.add(q.id)
        assert text_of(question, "questiontext/text") == markup.question_text(q)
        assert text_of(question, "generalfeedback/text") == markup.solution(q)
        answers = question.findall("answer")
        if q.kind == "numeric":
            assert question.get("type") == "numerical"
            assert "Answer with a number (" in text_of(question, "questiontext/text")
            values = [float(text_of(a, "text")) for a in answers]
            assert values == [q.answer.value, *(t.value for t in q.answer.traps)]
            assert [a.get("fraction") for a in answers] == ["100"] + ["0"] * len(q.answer.traps)
            assert {float(text_of(a, "tolerance")) for a in answers} == {q.answer.tolerance}
            for a, t in zip(answers[1:], q.answer.traps):
                assert text_of(a, "feedback/text") == markup.trap_why(t)
            assert text_of(question, "showunits") == "3"  # no unit field: the text says what to enter
            assert question.find("single") is None
        else:
            assert question.get("type") == "multichoice"
            assert text_of(question, "single") == ("false" if q.kind == "multiple" else "true")
            assert [a.get("fraction") for a in answers] == fractions(q)
            assert [text_of(a, "feedback/text") for a in answers] == [markup.why(c) for c in q.choices]
    assert seen == set(by_id)


def test_moodle_xml_parser_reads_the_select_all_items_and_skips_only_numerical(kinds, capsys):
    from moodle_xml_parser import parser as moodle_xml_parser

    parsed = moodle_xml_parser.parse_bytes(export_bank(kinds, "moodle"))
    assert capsys.readouterr().out == ""  # it prints what it could not read
    choice_items = [q for q in in_category_order(kinds) if q.kind != "numeric"]
    got = parsed["multichoice"]
    assert [g.name for g in got] == [q.id for q in choice_items]
    for g, q in zip(got, choice_items):
        assert g.single == (q.kind == "single")
        assert [o.score_fraction for o in g.options] == [float(f) for f in fractions(q)]
        assert [o.answer for o in g.options] == [html.unescape(markup.option(c)).strip() for c in q.choices]


def test_moodle_xml_keeps_hostile_texts_as_text():
    bank = bank_of(hostile())
    root = ET.fromstring(export_bank(bank, "moodle"))
    for question in root:
        if question.get("type") == "category":
            continue
        q = next(x for x in bank.questions if x.id == text_of(question, "name/text"))
        assert text_of(question, "questiontext/text") == markup.question_text(q)
        assert tags(text_of(question, "questiontext/text")) <= {"p", "pre", "code"}
        for a in question.findall("answer"):
            assert tags(text_of(a, "feedback/text")) <= {"p", "code"}


# --- GIFT -----------------------------------------------------------------------------------------


def assert_gift_matches(parsed, questions):
    assert "ok" in parsed, f"gift-pegjs: {parsed.get('error')} (line {parsed.get('line')})"
    got = [g for g in parsed["ok"] if g["type"] != "Category"]
    assert [g["title"] for g in got] == [q.id for q in questions]
    for g, q in zip(got, questions):
        assert g["stem"] == {"format": "html", "text": markup.question_text(q)}
        assert g["globalFeedback"]["text"] == markup.solution(q)
        if q.kind == "numeric":
            assert g["type"] == "Numerical"
            ranges = [(c["text"]["number"], c["text"]["range"], c["weight"]) for c in g["choices"]]
            tol = q.answer.tolerance
            assert ranges == [(q.answer.value, tol, 100), *((t.value, tol, 0) for t in q.answer.traps)]
            assert [c["feedback"]["text"] for c in g["choices"][1:]] == [markup.trap_why(t) for t in q.answer.traps]
        elif q.kind == "multiple":
            assert g["type"] == "MC"
            assert [c["weight"] for c in g["choices"]] == [float(f) for f in fractions(q)]
            assert not any(c["isCorrect"] for c in g["choices"])  # weights, no "=": a select-all item
            assert [c["text"]["text"] for c in g["choices"]] == [markup.option(c).strip() for c in q.choices]
            assert [c["feedback"]["text"] for c in g["choices"]] == [markup.why(c) for c in q.choices]
        else:
            assert g["type"] == "MC"
            assert [c["isCorrect"] for c in g["choices"]] == [c.correct for c in q.choices]


def test_gift_pegjs_reads_back_each_kind(kinds, gift_parse):
    assert_gift_matches(gift_parse(export_bank(kinds, "gift").decode("utf-8")), in_category_order(kinds))


def test_gift_pegjs_reads_back_hostile_texts_of_each_kind(gift_parse):
    bank = bank_of(hostile())
    assert_gift_matches(gift_parse(export_bank(bank, "gift").decode("utf-8")), in_category_order(bank))


def test_gift_writes_small_numbers_without_an_exponent():
    from lstmq.outputs.export.gift import decimal

    assert decimal(1e-05) == "0.00001" and decimal(2560) == "2560" and decimal(0.462) == "0.462"


# --- QTI 2.1 --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qti_package(kinds):
    return zip_entries(export_bank(kinds, "qti21"))


def test_qti_items_of_each_kind_validate_against_the_schema(qti_package, kinds, schemas):
    schemas["imscp"].validate(qti_package["imsmanifest.xml"].decode("utf-8"))
    schemas["qti21"].validate(qti_package["test.xml"].decode("utf-8"))
    for q in kinds.questions:
        schemas["qti21"].validate(qti_package[item_path(q)].decode("utf-8"))
    # Not vacuous: a tolerance that is not a number is refused.
    numeric = next(q for q in kinds.questions if q.kind == "numeric" and q.answer.tolerance)
    text = qti_package[item_path(numeric)].decode("utf-8")
    assert 'toleranceMode="absolute"' in text
    assert not schemas["qti21"].is_valid(text.replace('toleranceMode="absolute"', 'toleranceMode="near"', 1))


def test_qti_select_all_items_map_each_option(qti_package, kinds):
    for q in (q for q in kinds.questions if q.kind == "multiple"):
        item = ET.fromstring(qti_package[item_path(q)])
        declaration = item.find(f"{QTI}responseDeclaration")
        assert declaration.get("cardinality") == "multiple"
        correct = [v.text for v in declaration.findall(f"{QTI}correctResponse/{QTI}value")]
        assert correct == [c.label for c in q.correct_choices]
        mapping = declaration.find(f"{QTI}mapping")
        assert (mapping.get("lowerBound"), mapping.get("upperBound")) == ("0", "1")
        mapped = {e.get("mapKey"): float(e.get("mappedValue")) for e in mapping.findall(f"{QTI}mapEntry")}
        assert abs(sum(v for v in mapped.values() if v > 0) - 1) < 1e-6
        assert mapped == {c.label: pytest.approx(float(f) / 100) for c, f in zip(q.choices, fractions(q))}
        interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
        assert interaction.get("maxChoices") == "0"
        assert item.find(f".//{QTI}mapResponse") is not None
        first = item.find(f"{QTI}responseProcessing/{QTI}responseCondition/{QTI}responseIf")
        assert first.find(f"{QTI}match/{QTI}correct") is not None  # exactly right: 1, not 0.9999999
        assert first.find(f"{QTI}setOutcomeValue/{QTI}baseValue").text == "1"
        feedback = {f.get("identifier") for f in item.findall(f"{QTI}modalFeedback")}
        assert feedback == {*(c.label for c in q.choices), "SOLUTION"}


def test_qti_numeric_items_take_a_float_within_the_tolerance(qti_package, kinds):
    for q in (q for q in kinds.questions if q.kind == "numeric"):
        item = ET.fromstring(qti_package[item_path(q)])
        declaration = item.find(f"{QTI}responseDeclaration")
        assert (declaration.get("cardinality"), declaration.get("baseType")) == ("single", "float")
        assert float(declaration.find(f"{QTI}correctResponse/{QTI}value").text) == q.answer.value
        assert item.find(f"{QTI}itemBody/{QTI}p/{QTI}textEntryInteraction") is not None
        equals = item.findall(f".//{QTI}equal")
        assert len(equals) == 1 + len(q.answer.traps)
        for equal in equals:
            if q.answer.tolerance:
                assert equal.get("toleranceMode") == "absolute"
                assert [float(x) for x in equal.get("tolerance").split()] == [q.answer.tolerance] * 2
            else:
                assert equal.get("toleranceMode") == "exact"
        traps = [float(e.find(f"{QTI}baseValue").text) for e in equals[1:]]
        assert traps == [t.value for t in q.answer.traps]
        feedback = {f.get("identifier"): f for f in item.findall(f"{QTI}modalFeedback")}
        assert set(feedback) == {"RIGHT", "WRONG", "SOLUTION", *(f"TRAP{i}" for i in range(1, len(traps) + 1))}


def test_qti_convert_reads_every_kind(kinds):
    """citolab-qti-convert upgrades the package to QTI 3.0 and keeps each kind's interaction."""
    qti_convert = pytest.importorskip("qti_convert")
    data = export_bank(kinds, "qti21")
    refs = qti_convert.fix_package_references(data)
    assert refs.fixed == [] and refs.unresolved == []
    upgraded = qti_convert.upgrade_package(data).files
    ns = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
    for q in kinds.questions:
        item = ET.fromstring(upgraded[item_path(q)])
        declaration = item.find(f"{ns}qti-response-declaration")
        values = [v.text for v in declaration.findall(f"{ns}qti-correct-response/{ns}qti-value")]
        if q.kind == "numeric":
            assert declaration.get("base-type") == "float"
            assert [float(v) for v in values] == [q.answer.value]
            assert item.find(f".//{ns}qti-text-entry-interaction") is not None
        else:
            assert values == [c.label for c in q.correct_choices]
            interaction = item.find(f".//{ns}qti-choice-interaction")
            assert interaction.get("max-choices") == ("0" if q.kind == "multiple" else "1")


def test_qti_hostile_texts_stay_text(schemas):
    bank = bank_of(hostile())
    package = zip_entries(export_bank(bank, "qti21"))
    for q in bank.questions:
        text = package[item_path(q)].decode("utf-8")
        schemas["qti21"].validate(text)
        body = ET.fromstring(text).find(f"{QTI}itemBody/{QTI}div")
        assert {e.tag for e in body.iter()} - {body.tag} <= {f"{QTI}{t}" for t in ("p", "pre", "code")}


# --- Canvas (QTI 1.2) -----------------------------------------------------------------------------


def canvas_items(data: bytes) -> dict[str, ET.Element]:
    entries = zip_entries(data)
    name = next(n for n in entries if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml"))
    root = ET.fromstring(entries[name])
    return {i.get("title"): i for i in root.iter(f"{Q12}item")}, entries[name].decode("utf-8")


def field(item, label: str) -> str:
    for f in item.iter(f"{Q12}qtimetadatafield"):
        if f.findtext(f"{Q12}fieldlabel") == label:
            return f.findtext(f"{Q12}fieldentry")
    raise AssertionError(f"no {label}")


def test_canvas_items_of_each_kind_validate_against_the_qti12_schemas(kinds, schemas):
    """Every kind passes the QTI 1.2 schema. The Common Cartridge profile of it has no numerical
    questions (no ``vargte``/``varlte``): a package with numeric items falls outside that profile,
    as Canvas's own and text2qti's do; one with select-all items stays inside it."""
    _, xml = canvas_items(export_bank(kinds, "canvas"))
    schemas["qti12"].validate(xml)
    choice_only = bank_of(q for q in kinds.questions if q.kind != "numeric")
    _, xml = canvas_items(export_bank(choice_only, "canvas"))
    schemas["qti12cc"].validate(xml)
    _, xml = canvas_items(export_bank(bank_of(hostile()), "canvas"))
    schemas["qti12"].validate(xml)
    numeric_only = bank_of(q for q in kinds.questions if q.kind == "numeric")
    _, xml = canvas_items(export_bank(numeric_only, "canvas"))
    assert not schemas["qti12cc"].is_valid(xml)


def test_canvas_question_types_and_scoring(kinds):
    items, _ = canvas_items(export_bank(kinds, "canvas"))
    types = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "numeric": "numerical_question"}
    for q in kinds.questions:
        item = items[q.id]
        assert field(item, "question_type") == types[q.kind]
        if q.kind == "multiple":
            assert item.find(f".//{Q12}response_lid").get("rcardinality") == "Multiple"
            scoring = item.find(f".//{Q12}setvar/..")
            picked = [v.text.rsplit("-", 1)[1] for v in scoring.findall(f"{Q12}conditionvar/{Q12}and/{Q12}varequal")]
            left = [v.text.rsplit("-", 1)[1]
                    for v in scoring.findall(f"{Q12}conditionvar/{Q12}and/{Q12}not/{Q12}varequal")]
            assert picked == [c.label for c in q.correct_choices]
            assert left == [c.label for c in q.choices if not c.correct]
        if q.kind == "numeric":
            assert item.find(f".//{Q12}render_fib").get("fibtype") == "Decimal"
            low = float(item.find(f".//{Q12}vargte").text)
            high = float(item.find(f".//{Q12}varlte").text)
            assert (low, high) == pytest.approx((q.answer.value - q.answer.tolerance,
                                                 q.answer.value + q.answer.tolerance))


def text2qti_source(questions) -> str:
    """The same items in text2qti's format: ``[*]`` for a right select-all option, ``[ ]`` for a
    wrong one, ``= value +- tolerance`` for a numerical answer."""
    from lstmq.outputs.site.pages import md_code, md_text

    parts = ["Quiz title: same quiz", "Quiz description: same quiz", ""]
    for n, q in enumerate(questions, 1):
        parts += [f"Title: {q.id}", f"{n}. {md_text(q.stem)}"]
        if q.kind == "numeric":
            parts.append(f"= {number_text(q.answer.value)} +- {number_text(q.answer.tolerance)}")
        else:
            for c in q.choices:
                text = md_code(c.text) if c.format == "code" else md_text(c.text)
                parts.append(f"[{'*' if c.correct else ' '}] {text}")
        parts.append("")
    return "\n".join(parts)


def scoring_shape(item) -> list:
    """What decides the score of an item: the conditions of the respcondition that sets it,
    with option identifiers reduced to their position and numbers read as numbers."""
    choices = [r.get("ident") for r in item.iter(f"{Q12}response_label")]
    for condition in item.iter(f"{Q12}respcondition"):
        if condition.find(f"{Q12}setvar") is None:
            continue
        shape = []
        for e in condition.find(f"{Q12}conditionvar").iter():
            if e.tag.endswith(("varequal", "vargte", "varlte")):
                value = choices.index(e.text) if e.text in choices else float(e.text)
                shape.append((e.tag.split("}")[1], value))
            elif e.tag != f"{Q12}conditionvar":
                shape.append(e.tag.split("}")[1])
        return [condition.findtext(f"{Q12}setvar"), shape]
    raise AssertionError("no scoring condition")


def test_canvas_items_score_as_text2qti_writes_them(kinds):
    """text2qti (a Canvas quiz tool) writes the same select-all and numerical items: question
    type, presentation and the scoring condition agree."""
    pytest.importorskip("text2qti")
    from text2qti.config import Config
    from text2qti.qti import QTI as Text2QTI
    from text2qti.quiz import Quiz

    questions = [q for q in kinds.questions if q.kind != "single"]
    theirs_zip = zip_entries(Text2QTI(Quiz(text2qti_source(questions), config=Config(),
                                           source_name="lstmq-test")).zip_bytes())
    name = next(n for n in theirs_zip if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml"))
    theirs = list(ET.fromstring(theirs_zip[name]).iter(f"{Q12}item"))
    ours, _ = canvas_items(export_bank(bank_of(questions), "canvas"))
    assert len(theirs) == len(questions)
    for q, their in zip(questions, theirs):
        our = ours[q.id]
        assert field(our, "question_type") == field(their, "question_type")
        for tag in ("response_lid", "response_str", "render_fib"):
            a, b = our.find(f".//{Q12}{tag}"), their.find(f".//{Q12}{tag}")
            assert (a is None) == (b is None) and (a is None or a.attrib.keys() == b.attrib.keys()), tag
            if a is not None:
                assert {k: v for k, v in a.attrib.items() if k != "ident"} == \
                       {k: v for k, v in b.attrib.items() if k != "ident"}, tag
        assert scoring_shape(our) == scoring_shape(their)
        their_text = their.find(f"{Q12}presentation/{Q12}material/{Q12}mattext").text
        our_text = our.find(f"{Q12}presentation/{Q12}material/{Q12}mattext").text
        assert shown(their_text)[0] in shown(our_text)[0]  # ours adds the code and what to enter


# --- JSON -----------------------------------------------------------------------------------------


def test_json_export_keeps_the_kind_and_the_answer(kinds, tmp_path):
    import json

    from lstmq.bank.file import load_bank

    path = tmp_path / "bank.json"
    path.write_bytes(export_bank(kinds, "json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [q["kind"] for q in data["questions"]] == [q.kind for q in kinds.questions]
    again = load_bank(path)
    assert again.questions == kinds.questions
    assert export_bank(again, "json") == path.read_bytes()


# --- the study exports keep working ---------------------------------------------------------------


def test_anki_deck_holds_every_kind(kinds, tmp_path):
    import sqlite3

    data = zip_entries(export_bank(kinds, "anki"))
    db = tmp_path / "collection.anki2"
    db.write_bytes(data["collection.anki2"])
    with sqlite3.connect(db) as connection:
        notes = [row[0].split("\x1f") for row in connection.execute("select flds from notes order by id")]
    by_id = {fields[0]: fields for fields in notes}
    assert set(by_id) == {q.id for q in kinds.questions}
    for q in kinds.questions:
        fields = by_id[q.id]
        answer = shown(fields[4])[0]
        if q.kind == "numeric":
            assert number_text(q.answer.value) in answer and fields[3] == ""
            assert all(number_text(t.value) in shown(fields[8])[0] for t in q.answer.traps)
        elif q.kind == "multiple":
            assert answer.startswith("Select: " + " and ".join(c.label for c in q.correct_choices))
            assert "Select all that apply" in shown(fields[1])[0]


def test_notebook_shows_each_kind(kinds):
    import json

    cells = json.loads(export_bank(kinds, "notebook"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    for q in kinds.questions:
        if q.kind == "numeric":
            assert f"**Answer: {number_text(q.answer.value)}**" in text
        elif q.kind == "multiple":
            labels = " and ".join(c.label for c in q.correct_choices)
            assert f"**Answer: {labels}.**" in text


def test_hostile_texts_stay_literal_in_the_study_exports():
    import json

    bank = bank_of(hostile())
    cells = json.loads(export_bank(bank, "notebook"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    # Prose is escaped (code spans keep their text literally anyway).
    assert "Select all that apply. \\<b\\>\\&amp;\\</b\\>" in markdown
    assert "apply. <b>" not in markdown
    deck = zip_entries(export_bank(bank, "anki"))["collection.anki2"]
    assert b"<b>&amp;</b>" not in deck and b"&lt;b&gt;&amp;amp;&lt;/b&gt;" in deck
    assert HOSTILE.strip().startswith("<b>")


@pytest.mark.slow
@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_anki_cards_of_every_kind_are_axe_clean(night):
    """The select-all and numeric cards, as Anki shows them, pass axe like single-choice ones."""
    from sitekit import browser, need
    from test_export_anki import AXE, assert_card_axe_clean

    need(AXE.is_file(), "axe-core not installed: npm install --prefix .cache/node axe-core@4.14.1")
    with browser() as chromium:
        page = chromium.new_page()
        for q in every_kind() + hostile():
            assert_card_axe_clean(page, q, night)
        page.close()
