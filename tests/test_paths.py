"""No path ever leaves the chosen output folder, whatever a bank field, an id, a set name or an
option holds: hostile banks are refused or rendered in place; file names lstmq builds never
climb out; the writer itself refuses a relative path that would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.errors import LstmqError
from lstmq.outputs.export.package import zip_bytes
from lstmq.outputs.files import Outputs

pytestmark = pytest.mark.slow

ODD = "\u202eevil \u0301 ｆｕｌｌ \ufeff 🙂"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def changed(before: dict, after: dict) -> set[str]:
    return {p for p in after if before.get(p, "absent") != after[p]} | (set(before) - set(after))


@pytest.fixture(scope="module")
def bank_data(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("paths-bank")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        assert run("generate", "--count", "4", "--seed", "8", "--family", "concepts",
                   "--family", "output-shape").exit_code == 0
    return json.loads((folder / "bank.json").read_text(encoding="utf-8"))


def hostile_ids_and_names(data: dict) -> list[tuple[str, dict]]:
    """Banks whose ids or family names try to name a path: each must be refused."""
    cases = []
    for field, value in [("id", "../../evil-0123abcd"), ("id", "/tmp/evil-0123abcd"), ("id", "a/b-0123abcd"),
                         ("id", "ｅｖｉｌ-0123abcd"), ("id", "evil\u202e-0123abcd"), ("family", "../../x"),
                         ("family", "/etc"), ("difficulty", "../hard")]:
        bad = json.loads(json.dumps(data))
        bad["questions"][0][field] = value
        cases.append((f"{field}={value!r}", bad))
    return cases


def hostile_but_valid(data: dict) -> dict:
    """A bank whose free-text fields look like paths and odd Unicode: rendered, never used as paths."""
    bank = json.loads(json.dumps(data))
    bank["torch_version"] = "../../../etc/passwd"
    bank["lstmq_version"] = "/abs/olute"
    bank["options"] = {"set": "../escape", "out": "/etc", "docs": "../../docs", "name": ODD}
    for q in bank["questions"]:
        q["stem"] = f"../../{q['stem']} /etc/passwd {ODD}"
        q["solution"]["hint"] = "..\\..\\windows"
    return bank


READERS = {  # each command that reads a bank, and the outputs it may write
    "build": (["build", "--bank", "{bank}", "--set", "hostile"], ["mkdocs.yml", "docs", "site"]),
    "exam": (["exam", "--bank", "{bank}", "--out", "exams"], ["exams"]),
    "export": (["export", "{bank}", "-f", "qti21", "-o", "quiz.zip"], ["quiz.zip"]),
    "export-moodle": (["export", "{bank}", "-f", "moodle", "-o", "quiz.xml"], ["quiz.xml"]),
    "check": (["check", "{bank}"], []),
}


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_bank_with_path_like_ids_or_names_is_refused_and_writes_nothing(command, bank_data, tmp_path,
                                                                         monkeypatch):
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    args, _ = READERS[command]
    for label, data in hostile_ids_and_names(bank_data):
        bank = tmp_path / "hostile.json"
        bank.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        before = tree(tmp_path)
        result = run(*[a.format(bank=bank) for a in args])
        assert result.exit_code == 1, (label, result.output)
        assert "must look like family-0123abcd" in result.stderr or "unknown" in result.stderr, (label, result.stderr)
        assert changed(before, tree(tmp_path)) == set(), label


@pytest.mark.parametrize("command", sorted(READERS))
def test_path_like_text_in_a_valid_bank_stays_inside_the_outputs(command, bank_data, tmp_path, monkeypatch):
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    bank = tmp_path / "hostile.json"
    bank.write_text(json.dumps(hostile_but_valid(bank_data), ensure_ascii=False), encoding="utf-8")
    args, outputs = READERS[command]
    before = tree(tmp_path)
    result = run(*[a.format(bank=bank) for a in args])
    assert result.exit_code in ((1,) if command == "check" else (0,)), result.output  # check: texts differ
    allowed = [str(Path("a/b/work") / out) for out in outputs]
    escaped = {p for p in changed(before, tree(tmp_path)) if not any(p == a or p.startswith(a + "/") for a in allowed)}
    assert escaped == set()


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", "..", ".", "ｐｒａｃｔｉｃｅ", "x\u202e", "practice/../..", ""])
def test_a_set_name_that_names_a_path_is_refused(name, tmp_path, monkeypatch, bank_data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bank.json").write_text(json.dumps(bank_data), encoding="utf-8")
    before = tree(tmp_path)
    for args in (["generate", "--count", "1", "--set", name], ["build", "--bank", "bank.json", "--set", name]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "set name" in result.stderr
    assert tree(tmp_path) == before


def test_grade_reports_stay_beside_the_responses_whatever_their_name(tmp_path, monkeypatch, bank_data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bank.json").write_text(json.dumps(bank_data), encoding="utf-8")
    assert run("exam", "--bank", "bank.json", "--versions", "1", "--no-pdf", "--out", "exams").exit_code == 0
    answers = [r.split(",")[3] for r in (tmp_path / "exams" / "key.csv").read_text().splitlines()[1:]]
    header = ",".join(["student_id", "version", *(f"q{k}" for k in range(1, len(answers) + 1))])
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("..csv", ".. ..csv", f"{ODD}.csv", "-.csv"):
        (folder / name).write_text(f"{header}\ns,A,{','.join(answers)}\n", encoding="utf-8")
        before = tree(tmp_path)
        assert run("grade", "--key", "exams/key.csv", folder / name).exit_code == 0, name
        assert {p.split("/")[0] for p in changed(before, tree(tmp_path))} == {"in"}, name


@pytest.mark.parametrize("rel", ["../x.txt", "/abs.txt", "a/../../x.txt", "a/../..", "", "a/\x00", "dir/"])
def test_the_writer_refuses_a_relative_path_that_leaves_its_folder(rel, tmp_path):
    with pytest.raises(LstmqError, match="outside the output folder"):
        with Outputs() as outputs:
            outputs.tree(tmp_path / "out", {"ok.txt": "fine", rel: "escape"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../x.xml", "/abs.xml", "items/../../x.xml", "a\\..\\x.xml", "", "./x"])
def test_packages_refuse_entry_names_an_importer_would_unpack_outside(name):
    with pytest.raises(ValueError, match="unsafe entry name"):
        zip_bytes([("imsmanifest.xml", b"<m/>"), (name, b"x")])


def test_odd_unicode_in_an_output_folder_name_is_just_a_name(tmp_path, monkeypatch, bank_data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bank.json").write_text(json.dumps(bank_data), encoding="utf-8")
    out = f"exams {ODD}"
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--out", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.json", out]
    shutil.rmtree(tmp_path / out)
