"""The command line: exit codes, one-line errors, and what `generate` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq import __version__
from lstmq.cli import cli
from lstmq.families import REGISTRY

SCHEMA = Path(__file__).resolve().parents[1] / "generator" / "bank" / "bank.schema.json"


def run(args, cwd=None):
    runner = CliRunner()
    return runner.invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize("args, fragment", [
    (["generate", "--count", "0"], "--count"),
    (["generate", "--count", "-3"], "--count"),
    (["generate", "--count", "abc"], "--count"),
    (["generate", "--family", "nope"], "--family"),
    (["generate", "--difficulty", "impossible"], "--difficulty"),
    (["generate", "--family", "concepts", "--difficulty", "hard"], "difficulty hard"),
    (["generate", "--family", "concepts", "--count", "999"], "distinct"),
    (["generate", "--no-such-option"], "no-such-option"),
    (["no-such-command"], "no-such-command"),
])
def test_bad_usage_is_one_line_and_exit_2(args, fragment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lstmq: error:")
    assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())  # nothing written


def test_version_and_families():
    assert run(["--version"]).output.strip() == f"lstmq {__version__}"
    listing = run(["families"]).output
    for name in REGISTRY:
        assert name in listing


def test_generate_writes_bank_and_pages_deterministically(tmp_path, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(tmp_path)
    count = 5 * len(REGISTRY)
    result = run(["generate", "--count", str(count), "--seed", "1"])
    assert result.exit_code == 0, result.output
    bank = json.loads(Path("bank.json").read_text())
    jsonschema.validate(bank, json.loads(SCHEMA.read_text()))
    assert len(bank["questions"]) == count
    assert {q["family"] for q in bank["questions"]} == set(REGISTRY)
    pages = sorted(Path("docs/questions").rglob("*.md"))
    assert pages
    first = {p: p.read_bytes() for p in pages}
    first_bank = Path("bank.json").read_bytes()
    assert run(["generate", "--count", str(count), "--seed", "1"]).exit_code == 0
    assert Path("bank.json").read_bytes() == first_bank
    assert {p: p.read_bytes() for p in sorted(Path("docs/questions").rglob("*.md"))} == first
    for q in bank["questions"]:
        assert any(q["id"] in text.decode() for text in first.values())


def test_generate_refuses_a_folder_it_does_not_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    own = Path("docs/questions/mine.md")
    own.parent.mkdir(parents=True)
    own.write_text("hand written\n")
    result = run(["generate", "--count", "3"])
    assert result.exit_code == 1
    assert "did not write" in result.output
    assert own.read_text() == "hand written\n"
