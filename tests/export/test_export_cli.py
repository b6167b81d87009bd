"""`lstmq export`: every format from the 300-question bank, byte-identical, no torch, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
import io
import zipfile

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.errors import RequestError
from lstmq.outputs.export import FORMAT_NAMES, export_bank
from lstmq.outputs.export.package import FIXED_TIME

from export_helpers import unavailable


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def test_unknown_format_is_refused_by_the_library(bank300):
    with pytest.raises(RequestError, match="unknown export format 'pdf'"):
        export_bank(bank300, "pdf")


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_export_is_byte_identical_between_runs(fmt, bank300_path, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["export", str(bank300_path), "--format", fmt, "-o", str(out)])
        assert exit_.value.code == 0
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert len(data) > 10_000


def test_cli_reports_what_it_wrote(bank300_path, tmp_path):
    result = run("export", bank300_path, "-f", "moodle", "-o", tmp_path / "q.xml")
    assert result.exit_code == 0
    assert result.output == f"wrote 300 questions as moodle to {tmp_path / 'q.xml'}\n"


@pytest.mark.parametrize("fmt", ["qti21", "canvas"])
def test_zip_entries_carry_no_clock(fmt, bank300):
    with zipfile.ZipFile(io.BytesIO(export_bank(bank300, fmt))) as zf:
        infos = zf.infolist()
        assert zf.testzip() is None
    assert infos[0].filename == "imsmanifest.xml"
    assert {i.date_time for i in infos} == {FIXED_TIME}
    assert {i.create_system for i in infos} == {3}


def test_json_export_of_a_fresh_bank_is_the_bank_file(bank300_path, bank300):
    assert export_bank(bank300, "json") == bank300_path.read_bytes()


def test_json_export_normalises(bank300_path, tmp_path):
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    data["questions"] = data["questions"][:3]
    data["made_by_hand"] = True  # unknown fields are dropped
    del data["questions"][0]["choices"][0]["format"]  # defaults are filled in
    data["questions"][1] = dict(reversed(list(data["questions"][1].items())))  # key order restored
    messy = tmp_path / "messy.json"
    messy.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "clean.json"
    assert run("export", messy, "-f", "json", "-o", out).exit_code == 0
    clean = json.loads(out.read_text(encoding="utf-8"))
    assert "made_by_hand" not in clean
    assert clean["questions"][0]["choices"][0]["format"] == "code"
    assert list(clean["questions"][1]) == list(json.loads(bank300_path.read_text())["questions"][1])
    # Normalising twice changes nothing.
    again = tmp_path / "again.json"
    assert run("export", out, "-f", "json", "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_export_does_not_import_torch(bank300_path, tmp_path):
    script = (
        "import sys\n"
        "from lstmq.cli import cli\n"
        "fmts = ('moodle', 'gift', 'qti21', 'canvas', 'json')\n"
        "for i, fmt in enumerate(fmts):\n"
        "    try:\n"
        f"        cli.main(['export', {str(bank300_path)!r}, '-f', fmt, '-o', {str(tmp_path)!r} + '/out' + str(i)])\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, (fmt, e.code)\n"
        "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert len(list(tmp_path.glob("out*"))) == 5


def test_unknown_format_is_a_usage_error(bank300_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "pdf", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_output_folder_is_refused(bank300_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "gift", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"lstmq: error: {tmp_path}: is a folder; --output names the file to write\n"


def test_a_failed_export_leaves_the_old_file(tmp_path):
    out = tmp_path / "quiz.xml"
    out.write_text("old", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(bad), "-f", "moodle", "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "quiz.xml"]  # no temp file left


def test_an_empty_bank_is_not_exported(bank300_path, tmp_path):
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    data["questions"] = []
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(empty), "-f", "qti21", "-o", str(tmp_path / "q.zip")])
    assert result.exit_code == 1
    assert result.stderr == f"lstmq: error: {empty}: holds no questions; there is nothing to export\n"
    assert not (tmp_path / "q.zip").exists()


def test_a_missing_validator_fails_under_ci(monkeypatch):
    """Locally a test without its validator skips with the reason; CI must fail instead."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI: no schemas"):
        unavailable("no schemas")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no schemas"):
        unavailable("no schemas")
