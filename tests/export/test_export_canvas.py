"""Canvas package: the QTI 1.2 assessment validates against both QTI 1.2 schemas, and the
package is compared, element by element where it matters, with what text2qti (a Canvas quiz
tool on PyPI) writes for the same quiz. text2qti's zips carry a date and hashed identifiers,
so the comparison is of the XML, with identifiers mapped between the two packages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from lstmq.bank.file import Bank
from lstmq.outputs import markup
from lstmq.outputs.export import export_bank
from lstmq.outputs.export.canvas import assessment_identifier
from lstmq.outputs.site.pages import md_code, md_text

from export_helpers import shown, tags, zip_entries

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CC = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
META = "{http://canvas.instructure.com/xsd/cccv1p0}"


def block(prefix: str, text: str) -> str:
    """A text2qti entry: the first line after its marker, the rest indented under it."""
    pad = " " * len(prefix)
    first, *rest = text.splitlines()
    return "\n".join([prefix + first] + [pad + line if line.strip() else "" for line in rest])


def text2qti_source(bank) -> str:
    """The same quiz in text2qti's Markdown-based format (the site's Markdown escaping)."""
    parts = ["Quiz title: same quiz", "Quiz description: same quiz", "Shuffle answers: true", ""]
    for n, q in enumerate(bank.questions, 1):
        body = md_text(q.stem)
        if q.code:
            body += "\n\n```python\n" + q.code.rstrip() + "\n```"
        answer = md_code(q.correct.text) if q.correct.format == "code" else md_text(q.correct.text)
        solution = "\n".join(f"{i}. {md_text(s)}" for i, s in enumerate(q.solution.steps, 1))
        solution += f"\n\nAnswer: {answer}\n\nQuick check: {md_text(q.solution.quick_check)}"
        parts += [f"Title: {q.id}", block(f"{n}. ", body), block("... ", solution)]
        for c, letter in zip(q.choices, "abcdefgh"):
            text = md_code(c.text) if c.format == "code" else md_text(c.text)
            parts += [block(f"{'*' if c.correct else ''}{letter}) ", text), block("... ", md_text(c.why))]
        parts.append("")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def ours(bank300) -> dict[str, bytes]:
    return zip_entries(export_bank(bank300, "canvas"))


def singles(bank):
    """text2qti's reference here is for single-choice items; test_export_kinds compares the
    select-all and numeric items with text2qti's own."""
    return [q for q in bank.questions if q.kind == "single"]


@pytest.fixture(scope="module")
def theirs(bank300) -> dict[str, bytes]:
    text2qti = pytest.importorskip("text2qti")
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    chosen = Bank(dict(bank300.header), singles(bank300))
    quiz = Quiz(text2qti_source(chosen), config=Config(), source_name="lstmq-test")
    assert text2qti.__name__ and len(quiz.questions_and_delims) == len(chosen.questions) >= 150
    return zip_entries(QTI(quiz).zip_bytes())


def assessment_name(entries) -> str:
    return next(n for n in entries if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml"))


def layout(entries) -> list[str]:
    """Zip entry names with the assessment identifier replaced by a placeholder."""
    ident = assessment_name(entries).split("/")[0]
    return sorted(n.replace(ident, "ID") for n in entries)


def test_assessment_validates_against_both_qti12_schemas(ours, bank300, schemas):
    """QTI 1.2 for the whole bank; its Common Cartridge profile has no numerical items, so the
    bank without them (see test_export_kinds)."""
    xml = ours[assessment_name(ours)].decode("utf-8")
    schemas["qti12"].validate(xml)
    choice_items = Bank(dict(bank300.header), [q for q in bank300.questions if q.kind != "numeric"])
    entries = zip_entries(export_bank(choice_items, "canvas"))
    schemas["qti12cc"].validate(entries[assessment_name(entries)].decode("utf-8"))


def test_the_schema_check_is_not_vacuous(ours, schemas):
    xml = ours[assessment_name(ours)].decode("utf-8")
    assert not schemas["qti12"].is_valid(xml.replace('rcardinality="Single"', 'rcardinality="One"', 1))
    assert not schemas["qti12"].is_valid(xml.replace("<resprocessing>", "<resprocessing><script/>", 1))


def test_package_layout_matches_text2qti(ours, theirs, bank300):
    assert layout(ours) == layout(theirs)
    assert assessment_name(ours).split("/")[0] == assessment_identifier(bank300)


def manifest_shape(xml: bytes) -> list:
    root = ET.fromstring(xml)
    ident = root.find(f"{CC}resources/{CC}resource").get("identifier")
    shape = [root.findtext(f"{CC}metadata/{CC}schema"), root.findtext(f"{CC}metadata/{CC}schemaversion")]
    for r in root.findall(f"{CC}resources/{CC}resource"):
        shape.append((r.get("type"), (r.get("href") or "").replace(ident, "ID"),
                      [f.get("href").replace(ident, "ID") for f in r.findall(f"{CC}file")],
                      len(r.findall(f"{CC}dependency"))))
    return shape


def test_manifest_matches_text2qti(ours, theirs):
    assert manifest_shape(ours["imsmanifest.xml"]) == manifest_shape(theirs["imsmanifest.xml"])


def test_quiz_settings_match_text2qti(ours, theirs):
    def settings(entries):
        meta = ET.fromstring(entries[next(n for n in entries if n.endswith("assessment_meta.xml"))])
        return [(e.tag, (e.text or "").strip()) for e in meta.iter()
                if e.tag.replace(META, "") in {"shuffle_answers", "quiz_type", "show_correct_answers",
                                               "allowed_attempts", "scoring_policy", "submission_types"}]
    assert settings(ours) == settings(theirs)


def item_shape(item) -> dict:
    """What Canvas reads from an item, with identifiers replaced by the choices' positions."""
    labels = item.findall(f"{Q}presentation/{Q}response_lid/{Q}render_choice/{Q}response_label")
    position = {label.get("ident"): f"choice{i}" for i, label in enumerate(labels)}
    meta = {f.findtext(f"{Q}fieldlabel"): f.findtext(f"{Q}fieldentry")
            for f in item.findall(f"{Q}itemmetadata/{Q}qtimetadata/{Q}qtimetadatafield")}
    answer_ids = [position[i] for i in meta.pop("original_answer_ids").split(",")]
    meta.pop("assessment_question_identifierref")
    lid = item.find(f"{Q}presentation/{Q}response_lid")
    feedback = {f.get("ident"): f.findtext(f"{Q}flow_mat/{Q}material/{Q}mattext")
                for f in item.findall(f"{Q}itemfeedback")}

    def rename(ident):
        return position.get(ident, ident)

    conditions = []
    for rc in item.findall(f"{Q}resprocessing/{Q}respcondition"):
        cond = [(c.tag.replace(Q, ""), c.get("respident") == lid.get("ident") if c.get("respident") else None,
                 rename((c.text or "").strip())) for c in rc.find(f"{Q}conditionvar")]
        links = [re.sub(r"^(.*)_fb$", lambda m: rename(m.group(1)) + "_fb", d.get("linkrefid"))
                 for d in rc.findall(f"{Q}displayfeedback")]
        setvar = [(s.get("action"), s.get("varname"), s.text) for s in rc.findall(f"{Q}setvar")]
        conditions.append((rc.get("continue"), cond, links, setvar))
    return {
        "meta": meta,
        "answer_ids": answer_ids,
        "title": item.get("title"),
        "text": shown(item.findtext(f"{Q}presentation/{Q}material/{Q}mattext")),
        "texttypes": {m.get("texttype") for m in item.iter(f"{Q}mattext")},
        "cardinality": lid.get("rcardinality"),
        "choices": [shown(label.findtext(f"{Q}material/{Q}mattext")) for label in labels],
        "outcomes": [sorted(d.attrib.items()) for d in item.iter(f"{Q}decvar")],
        "conditions": conditions,
        "feedback": {re.sub(r"^(.*)_fb$", lambda m: rename(m.group(1)) + "_fb", k): shown(v)
                     for k, v in feedback.items()},
    }


def items(entries):
    root = ET.fromstring(entries[assessment_name(entries)])
    return root.findall(f"{Q}assessment/{Q}section/{Q}item")


def test_every_item_matches_text2qti(ours, theirs, bank300):
    """Same metadata, presentation, response processing and feedback, and the same visible
    text and code spans: our backtick conversion agrees with text2qti's Markdown engine."""
    chosen = [(item, q) for item, q in zip(items(ours), bank300.questions) if q.kind == "single"]
    reference = items(theirs)
    assert len(items(ours)) == len(bank300.questions) and len(chosen) == len(reference)
    for (a, q), b in zip(chosen, reference):
        ours_shape, their_shape = item_shape(a), item_shape(b)
        assert ours_shape == their_shape, q.id


def test_items_say_what_the_bank_says(ours, bank300):
    for item, q in zip(items(ours), bank300.questions):
        assert item.findtext(f"{Q}presentation/{Q}material/{Q}mattext") == markup.question_text(q)
        labels = item.findall(f"{Q}presentation/{Q}response_lid/{Q}render_choice/{Q}response_label")
        assert [lab.findtext(f"{Q}material/{Q}mattext") for lab in labels] == [markup.option(c) for c in q.choices]
        if q.kind != "single":  # select-all and numeric scoring: test_export_kinds
            continue
        scoring = [rc for rc in item.findall(f"{Q}resprocessing/{Q}respcondition") if rc.find(f"{Q}setvar") is not None]
        assert len(scoring) == 1
        correct = scoring[0].findtext(f"{Q}conditionvar/{Q}varequal")
        assert [lab.get("ident") == correct for lab in labels] == [c.correct for c in q.choices]


def test_hostile_texts_stay_text(hostile_bank, schemas):
    entries = zip_entries(export_bank(hostile_bank, "canvas"))
    xml = entries[assessment_name(entries)].decode("utf-8")
    schemas["qti12"].validate(xml)
    for item, q in zip(items(entries), hostile_bank.questions):
        html = item.findtext(f"{Q}presentation/{Q}material/{Q}mattext")
        assert html == markup.question_text(q)
        assert tags(html) <= {"p", "pre", "code"}
        labels = item.findall(f"{Q}presentation/{Q}response_lid/{Q}render_choice/{Q}response_label")
        assert [lab.findtext(f"{Q}material/{Q}mattext") for lab in labels] == [markup.option(c) for c in q.choices]
        feedback = [f.findtext(f"{Q}flow_mat/{Q}material/{Q}mattext") for f in item.findall(f"{Q}itemfeedback")]
        assert feedback == [markup.solution(q)] + [markup.why(c) for c in q.choices]
