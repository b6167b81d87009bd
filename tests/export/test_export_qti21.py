"""QTI 2.1 content package: every item, the test and the manifest validate against the IMS
schemas, and citolab-qti-convert (a QTI package converter) reads the whole package."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from lstmq.outputs import markup
from lstmq.outputs.export import export_bank
from lstmq.outputs.export.qti21 import item_identifier, item_path

from export_helpers import zip_entries

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def package(bank300) -> dict[str, bytes]:
    return zip_entries(export_bank(bank300, "qti21"))


def content(element) -> tuple:
    """An element's content: its text, then each child (tag, attributes, content, tail)."""
    return (element.text or "", [(c.tag, sorted(c.attrib.items()), content(c), c.tail or "")
                                 for c in element])


def fragment(html: str) -> tuple:
    """The content an HTML fragment gets when written inside a QTI element."""
    return content(ET.fromstring(f'<wrapper xmlns="{QTI[1:-1]}">{html}</wrapper>'))


def test_every_file_validates_against_the_ims_schemas(package, schemas):
    schemas["imscp"].validate(package["imsmanifest.xml"].decode("utf-8"))
    schemas["qti21"].validate(package["test.xml"].decode("utf-8"))
    items = [name for name in package if name.startswith("items/")]
    assert len(items) == 300
    for name in items:
        schemas["qti21"].validate(package[name].decode("utf-8"))


def test_the_schema_check_is_not_vacuous(package, schemas, bank300):
    """A broken item (a mistyped attribute, an element QTI does not have) is rejected."""
    name = item_path(bank300.questions[0])
    text = package[name].decode("utf-8")
    assert not schemas["qti21"].is_valid(text.replace('maxChoices="1"', 'maxChoices="one"', 1))
    assert not schemas["qti21"].is_valid(text.replace("<itemBody>", "<itemBody><script/>", 1))


def test_manifest_lists_exactly_the_files_in_the_package(package, bank300):
    manifest = ET.fromstring(package["imsmanifest.xml"])
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    hrefs = [r.get("href") for r in resources]
    assert sorted(hrefs) == sorted(name for name in package if name != "imsmanifest.xml")
    for r in resources:
        assert [f.get("href") for f in r.findall(f"{CP}file")] == [r.get("href")]
    test, *items = resources
    assert test.get("type") == "imsqti_test_xmlv2p1"
    assert {r.get("type") for r in items} == {"imsqti_item_xmlv2p1"}
    deps = [d.get("identifierref") for d in test.findall(f"{CP}dependency")]
    assert deps == [r.get("identifier") for r in items] == [item_identifier(q) for q in bank300.questions]


def test_items_say_what_the_bank_says(package, bank300):
    for q in bank300.questions:
        item = ET.fromstring(package[item_path(q)])
        assert item.get("identifier") == item_identifier(q)
        correct = item.findall(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value")
        body = item.find(f"{QTI}itemBody/{QTI}div")
        assert content(body) == fragment(markup.question_text(q))
        if q.kind == "numeric":  # a text entry; its tolerance and traps: test_export_kinds
            assert [float(v.text) for v in correct] == [q.answer.value]
            assert item.find(f"{QTI}itemBody/{QTI}choiceInteraction") is None
            continue
        assert [v.text for v in correct] == [c.label for c in q.correct_choices]
        interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
        max_choices = "1" if q.kind == "single" else "0"
        assert interaction.get("maxChoices") == max_choices and interaction.get("shuffle") == "true"
        choices = interaction.findall(f"{QTI}simpleChoice")
        assert [c.get("identifier") for c in choices] == [c.label for c in q.choices]
        assert [content(c) for c in choices] == [fragment(markup.option(c)) for c in q.choices]
        body = item.find(f"{QTI}itemBody/{QTI}div")
        assert content(body) == fragment(markup.question_text(q))
        feedback = {f.get("identifier"): content(f) for f in item.findall(f"{QTI}modalFeedback")}
        expected = {**{c.label: markup.why(c) for c in q.choices}, "SOLUTION": markup.solution(q)}
        assert feedback == {k: fragment(v) for k, v in expected.items()}


def test_hostile_texts_stay_text(hostile_bank, schemas):
    package = zip_entries(export_bank(hostile_bank, "qti21"))
    for q in hostile_bank.questions:
        text = package[item_path(q)].decode("utf-8")
        schemas["qti21"].validate(text)
        item = ET.fromstring(text)
        body = item.find(f"{QTI}itemBody/{QTI}div")
        assert content(body) == fragment(markup.question_text(q))
        assert {e.tag for e in body.iter()} - {body.tag} <= {f"{QTI}{t}" for t in ("p", "pre", "code")}
        choices = item.findall(f"{QTI}itemBody/{QTI}choiceInteraction/{QTI}simpleChoice")
        assert [content(c) for c in choices] == [fragment(markup.option(c)) for c in q.choices]
        feedback = [content(f) for f in item.findall(f"{QTI}modalFeedback")]
        assert feedback == [fragment(markup.why(c)) for c in q.choices] + [fragment(markup.solution(q))]


def test_qti_convert_reads_the_whole_package(bank300):
    """citolab-qti-convert follows the manifest to the test and every item and upgrades them
    to QTI 3.0; every reference resolves, and every item keeps its choices and answer."""
    qti_convert = pytest.importorskip("qti_convert")
    data = export_bank(bank300, "qti21")
    refs = qti_convert.fix_package_references(data)
    assert refs.fixed == [] and refs.unresolved == []
    upgraded = qti_convert.upgrade_package(data).files
    assert sorted(upgraded) == sorted(zip_entries(data))
    ns = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
    for q in bank300.questions:
        item = ET.fromstring(upgraded[item_path(q)])
        assert item.tag == f"{ns}qti-assessment-item"
        values = [v.text for v in item.findall(
            f"{ns}qti-response-declaration/{ns}qti-correct-response/{ns}qti-value")]
        if q.kind == "numeric":
            assert [float(v) for v in values] == [q.answer.value]
            assert item.find(f".//{ns}qti-text-entry-interaction") is not None
            continue
        assert values == [c.label for c in q.correct_choices]
        choices = item.findall(f".//{ns}qti-choice-interaction/{ns}qti-simple-choice")
        assert [c.get("identifier") for c in choices] == [c.label for c in q.choices]
    test = ET.fromstring(upgraded["test.xml"])
    refs = [r.get("href") for r in test.iter(f"{ns}qti-assessment-item-ref")]
    assert sorted(refs) == sorted(item_path(q) for q in bank300.questions)


def test_qti_convert_notices_a_missing_item(bank300):
    """The reference check above can fail: drop one item file and it is reported."""
    qti_convert = pytest.importorskip("qti_convert")
    files = zip_entries(export_bank(bank300, "qti21"))
    del files[item_path(bank300.questions[0])]
    refs = qti_convert.fix_package_references_files(files)
    assert refs.unresolved
