"""`lstmq export --format anki`: the deck read back as Anki stores it (a zip holding an SQLite
collection), with the standard library's zipfile and sqlite3 only."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sqlite3
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.bank.file import Bank
from lstmq.cli import cli
from lstmq.outputs.export import anki, export_bank
from lstmq.outputs.export.package import FIXED_TIME
from lstmq.outputs.files import ZIP_COMMENT, is_own_file

from export_helpers import plain, shown, tags

FIELD_SEPARATOR = "\x1f"  # how Anki joins a note's fields in notes.flds
LETTER = re.compile(r'<span class="lstmq-letter">([A-D])\.</span>')


class Collection:
    """The tables of an exported deck, opened from a copy of its collection file."""

    def __init__(self, data: bytes, folder: Path):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.names = zf.namelist()
            self.infos = zf.infolist()
            self.comment = zf.comment
            self.media = json.loads(zf.read("media"))
            path = folder / "collection.anki2"
            path.write_bytes(zf.read("collection.anki2"))
        db = sqlite3.connect(path)
        try:
            self.notes = db.execute("SELECT id, guid, mid, mod, tags, flds, sfld FROM notes ORDER BY id").fetchall()
            self.cards = db.execute("SELECT id, nid, did, ord, due, mod FROM cards ORDER BY id").fetchall()
            models, decks, crt, mod = db.execute("SELECT models, decks, crt, mod FROM col").fetchone()
        finally:
            db.close()
        self.models, self.decks, self.crt, self.mod = json.loads(models), json.loads(decks), crt, mod

    def fields(self) -> list[dict[str, str]]:
        names = [f["name"] for f in self.models[str(anki.MODEL_ID)]["flds"]]
        return [dict(zip(names, flds.split(FIELD_SEPARATOR))) for *_, flds, _ in self.notes]


@pytest.fixture(scope="module")
def deck(bank300, tmp_path_factory) -> Collection:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns about fields with broken HTML
        data = export_bank(bank300, "anki")
    return Collection(data, tmp_path_factory.mktemp("anki"))


def test_the_package_is_a_zip_with_one_collection_and_no_media(deck):
    assert deck.names == ["collection.anki2", "media"]
    assert deck.media == {}
    assert {i.date_time for i in deck.infos} == {FIXED_TIME}
    assert deck.comment == ZIP_COMMENT


def test_one_note_and_one_card_per_question_in_bank_order(deck, bank300):
    assert len(deck.notes) == len(bank300.questions) == 300
    assert [f["Id"] for f in deck.fields()] == [q.id for q in bank300.questions]
    assert len(deck.cards) == 300
    note_ids = [n[0] for n in deck.notes]
    assert [c[1] for c in deck.cards] == note_ids  # each note has its one card
    assert {c[3] for c in deck.cards} == {0}
    assert [c[4] for c in deck.cards] == list(range(300))  # new cards come in the bank's order


def test_note_type_and_deck_have_lstmq_ids(deck):
    assert set(deck.models) == {str(anki.MODEL_ID)}
    model = deck.models[str(anki.MODEL_ID)]
    assert model["name"] == "lstmq multiple choice"
    assert [f["name"] for f in model["flds"]] == list(anki.FIELDS)
    assert model["sortf"] == 0 and model["type"] == 0
    assert {n[2] for n in deck.notes} == {anki.MODEL_ID}
    assert str(anki.DECK_ID) in deck.decks and deck.decks[str(anki.DECK_ID)]["name"] == "lstmq"
    assert {c[2] for c in deck.cards} == {anki.DECK_ID}
    # Constants, not hashes of something that may change: an update must land on the same ids.
    assert (anki.MODEL_ID, anki.DECK_ID) == (anki.stable_id("model", "lstmq multiple choice"),
                                            anki.stable_id("deck", "lstmq"))
    assert 1 << 30 <= anki.MODEL_ID < 1 << 31 and 1 << 30 <= anki.DECK_ID < 1 << 31


def test_tags_name_the_family_and_difficulty(deck, bank300):
    for (_, _, _, _, note_tags, _, _), q in zip(deck.notes, bank300.questions):
        assert note_tags.split() == ["lstmq", f"lstmq::family::{q.family}", f"lstmq::difficulty::{q.difficulty}"]


def test_times_are_fixed(deck):
    assert {n[3] for n in deck.notes} == {anki.DEFAULT_TIME}
    assert {c[5] for c in deck.cards} == {anki.DEFAULT_TIME}
    assert deck.models[str(anki.MODEL_ID)]["mod"] == anki.DEFAULT_TIME
    assert (deck.crt, deck.mod) == (1411124400, 1425279151694)  # genanki's constants, not the clock


def test_the_front_shows_stem_code_and_lettered_options(deck, bank300):
    for fields, q in zip(deck.fields(), bank300.questions):
        text, _ = shown(fields["Stem"])
        assert text == plain(q.stem)
        if q.code:
            assert fields["Code"].startswith('<pre class="lstmq-code" tabindex="0">')
            assert shown(fields["Code"])[0] == " ".join(q.code.split())
            assert '<span class="' in fields["Code"]  # highlighted
        else:
            assert fields["Code"] == ""
        assert LETTER.findall(fields["Options"]) == ["A", "B", "C", "D"]
        for c in q.choices:
            assert plain(c.text) in shown(fields["Options"])[0]


def test_the_back_holds_answer_final_steps_and_each_misconception(deck, bank300):
    for fields, q in zip(deck.fields(), bank300.questions):
        right = q.correct
        assert LETTER.findall(fields["Answer"]) == [right.label]
        assert shown(fields["Answer"])[0].startswith(f"{right.label}. ")
        assert shown(fields["Final"])[0].endswith(f"Option {right.label}")
        assert fields["Steps"].count("<li>") == len(q.solution.steps)
        misconceptions = shown(fields["Misconceptions"])[0]
        wrong = [c for c in q.choices if not c.correct]
        assert fields["Misconceptions"].count("<li>") == 3
        assert LETTER.findall(fields["Misconceptions"]) == [c.label for c in wrong]
        for c in wrong:
            assert plain(c.why) in misconceptions


def test_guids_follow_question_ids_so_a_new_export_updates_old_notes(bank300, tmp_path):
    """A changed and shortened bank keeps the GUIDs (and note type and deck) of the questions it
    shares with the first export: Anki updates those notes instead of adding copies."""
    first = Collection(export_bank(bank300, "anki"), tmp_path)
    kept = bank300.questions[5:40]
    edited = Bank(bank300.header, [dataclasses.replace(kept[0], stem="A reworded stem"), *kept[1:]])
    second_folder = tmp_path / "second"
    second_folder.mkdir()
    second = Collection(export_bank(edited, "anki"), second_folder)
    guids = {f["Id"]: n[1] for f, n in zip(first.fields(), first.notes)}
    assert len(set(guids.values())) == 300  # unique
    for f, n in zip(second.fields(), second.notes):
        assert guids[f["Id"]] == n[1]
    assert second.fields()[0]["Stem"] == "<p>A reworded stem</p>"
    assert set(second.models) == set(first.models) and set(second.decks) == set(first.decks)


def test_source_date_epoch_sets_the_modification_time(bank300_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "anki", "-o", str(out)])
    assert result.exit_code == 0, result.output
    later = Collection(out.read_bytes(), tmp_path)
    assert {n[3] for n in later.notes} == {1800000000}
    assert later.models[str(anki.MODEL_ID)]["mod"] == 1800000000


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "99999999999"])
def test_a_bad_source_date_epoch_is_a_one_line_usage_error(bank300_path, tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "anki", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"lstmq: error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, "
                             f"not {value!r}\n")
    assert not out.exists()


def test_lstmq_replaces_its_own_deck_but_not_another_zip(bank300_path, tmp_path):
    out = tmp_path / "deck.apkg"
    for _ in range(2):
        assert CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "anki", "-o", str(out)]).exit_code == 0
    assert is_own_file(out)
    other = tmp_path / "other.apkg"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("collection.anki2", b"someone else's")
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "anki", "-o", str(other)])
    assert result.exit_code == 1 and "lstmq did not write it" in result.stderr


def test_hostile_text_shows_literally(hostile_bank, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        deck = Collection(export_bank(hostile_bank, "anki"), tmp_path)
    allowed = {"p", "pre", "span", "code", "ul", "ol", "li"}
    for fields, q in zip(deck.fields(), hostile_bank.questions):
        for name, html in fields.items():
            assert tags(html) <= allowed, (name, tags(html))
        if q.code:
            assert shown(fields["Code"])[0] == " ".join(q.code.split())
        assert "Stem " in shown(fields["Stem"])[0]


# --- contrast ---------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        props = dict((k.strip(), v.strip()) for k, v in
                     (p.split(":", 1) for p in body.split(";") if ":" in p))
        rules.append(([s.strip() for s in selectors.split(",")], props))
    return rules


def effective(rules, selectors: list[str]) -> dict[str, str]:
    """Properties for an element matched by any of ``selectors``, later rules winning (the
    stylesheet lists night rules after the light ones, with more specific selectors)."""
    props: dict[str, str] = {}
    for sels, body in rules:
        if any(s in selectors for s in sels):
            props.update(body)
    return props


@pytest.mark.parametrize("mode", ["light", "night"])
def test_every_text_colour_has_enough_contrast(mode):
    """WCAG AA (4.5:1) for every colour the card sets, against the background it sits on, in
    Anki's light mode and in night mode (Anki adds the class nightMode)."""
    rules = css_rules(anki.card_css())
    night = mode == "night"

    def look(*light: str, night_sel: tuple[str, ...] = ()) -> dict[str, str]:
        return effective(rules, [*light, *(night_sel if night else ())])

    card = look(".card", night_sel=(".card.nightMode", ".nightMode .card"))
    assert contrast(card["color"], card["background-color"]) >= 4.5
    final = look(".lstmq-final", night_sel=(".nightMode .lstmq-final",))
    assert contrast(final["color"], card["background-color"]) >= 4.5
    code = look(".card code", night_sel=(".nightMode .card code",))
    assert contrast(code["color"], code["background-color"]) >= 4.5
    block = look(".lstmq-code", night_sel=(".nightMode .lstmq-code",))
    assert contrast(block["color"], block["background-color"]) >= 4.5
    prefix = ".nightMode .lstmq-code ." if night else ".lstmq-code ."
    token_classes = {s[len(prefix):] for sels, _ in rules for s in sels if s.startswith(prefix)}
    assert {"k", "kn", "nn", "mi", "c1", "s1", "o"} <= token_classes
    for cls in sorted(token_classes):
        style = look(f".lstmq-code .{cls}", night_sel=(f".nightMode .lstmq-code .{cls}",))
        if "color" not in style:
            continue
        background = style.get("background-color", block["background-color"])
        assert contrast(style["color"], background) >= 4.5, (mode, cls, style)


# --- cards in a browser ------------------------------------------------------------------------

AXE = Path(__file__).resolve().parents[2] / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def card_page(q, night: bool) -> str:
    """A card's back (which includes its front) as Anki shows it: the note type's stylesheet,
    the fields in the templates, and the classes Anki puts on the body."""
    values = dict(zip(anki.FIELDS, anki.fields(q)))
    front = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], anki.FRONT)
    back = re.sub(r"\{\{(\w+)\}\}", lambda m: front if m.group(1) == "FrontSide" else values[m.group(1)], anki.BACK)
    body_class = "card card1 nightMode night_mode" if night else "card card1"
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{q.id}</title>'
            f"<style>{anki.card_css()}</style></head>"
            f'<body class="{body_class}"><main id="qa">{back}</main></body></html>')


@pytest.mark.slow
@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_cards_are_axe_clean(bank300, night):
    """axe-core (WCAG 2.1 A and AA, colour contrast included) on one card of every family."""
    from sitekit import browser, need

    need(AXE.is_file(), "axe-core not installed: npm install --prefix .cache/node axe-core@4.14.1")
    one_per_family = list({q.family: q for q in bank300.questions}.values())
    with browser() as chromium:
        page = chromium.new_page()
        for q in one_per_family:
            assert_card_axe_clean(page, q, night)
        page.close()


def assert_card_axe_clean(page, q, night: bool) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on ``q``'s card, and really measured contrast."""
    page.set_content(card_page(q, night))
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    problems = [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert problems == [], (q.id, problems)
    assert result["passes"], q.id
    colour_checks = [p for p in result["passes"] if p["id"] == "color-contrast"]
    assert colour_checks and colour_checks[0]["nodes"], q.id  # contrast was really measured
