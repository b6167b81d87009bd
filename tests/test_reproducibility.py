"""Same command, same torch version: byte-identical output in every format, also across
processes with different hash seeds (set and dict order cannot leak in). A bank made with
another torch version still renders, exports and prints; ``lstmq check`` says what drifted
(tests/export/test_check_bank.py holds that part).

Other tests hold the same promise per format within one process: see docs/guarantees.md.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.outputs.export import FORMAT_NAMES

pytestmark = pytest.mark.slow

OTHER_TORCH = "1.13.1+cpu"


def lstmq(args: list[str], cwd: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-c", "from lstmq.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, (args, done.stderr)


def everything(folder: Path, hash_seed: str) -> dict[str, bytes]:
    """Every command that writes, run in ``folder``; every file they wrote, by relative path."""
    folder.mkdir()
    lstmq(["generate", "--count", "26", "--seed", "17"], folder, hash_seed)
    for fmt in FORMAT_NAMES:
        lstmq(["export", "bank.json", "-f", fmt, "-o", f"export.{fmt}"], folder, hash_seed)
    lstmq(["exam", "--count", "4", "--versions", "2", "--seed", "3", "--title", "Midterm", "--out", "exams"],
          folder, hash_seed)
    answers = [row.split(",")[3] for row in (folder / "exams" / "key.csv").read_text().splitlines()[1:]
               if row.startswith("A,")]
    (folder / "responses.csv").write_text("student_id,version,q1,q2,q3,q4\n"
                                          f"s1,A,{','.join(answers)}\ns2,B,A,B,C,D\n", encoding="utf-8")
    lstmq(["grade", "--key", "exams/key.csv", "responses.csv"], folder, hash_seed)
    lstmq(["build"], folder, hash_seed)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_output_is_byte_identical_across_processes(tmp_path):
    first = everything(tmp_path / "one", "1")
    second = everything(tmp_path / "two", "2")
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    kinds = {Path(name).suffix for name in first}
    assert {".json", ".md", ".html", ".pdf", ".csv", ".xml", ".gz", ".moodle", ".gift", ".qti21",
            ".canvas"} <= kinds


def test_the_site_carries_no_build_date_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert CliRunner().invoke(cli, ["generate", "--count", "3", "--family", "concepts"]).exit_code == 0
    assert CliRunner().invoke(cli, ["build"]).exit_code == 0  # writes a starter mkdocs.yml
    with open(tmp_path / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("site_url: https://example.org/course/\n")  # MkDocs lists pages only with a site URL
    assert CliRunner().invoke(cli, ["build"]).exit_code == 0
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "<lastmod>" not in sitemap
    packed = (tmp_path / "site" / "sitemap.xml.gz").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # the gzip header's time field
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    # SOURCE_DATE_EPOCH is the user's own choice of date: MkDocs then prints it, and lstmq keeps it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert CliRunner().invoke(cli, ["build"]).exit_code == 0
    assert "<lastmod>1970-01-02</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def old_bank(tmp_path_factory) -> Path:
    """A bank as another torch version would have written it (its header says so)."""
    folder = tmp_path_factory.mktemp("old-torch")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        assert CliRunner().invoke(cli, ["generate", "--count", "13", "--seed", "2"]).exit_code == 0
    data = json.loads((folder / "bank.json").read_text(encoding="utf-8"))
    data["torch_version"] = OTHER_TORCH
    path = folder / "old.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_bank_from_another_torch_version_renders_exports_and_prints(old_bank, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(old_bank, tmp_path / "bank.json")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "site" / "questions" / "practice" / "index.html").read_text(encoding="utf-8")
    assert f"torch {OTHER_TORCH}" in index  # the page says which torch verified the answers
    for fmt in FORMAT_NAMES:
        result = CliRunner().invoke(cli, ["export", "bank.json", "-f", fmt, "-o", f"out.{fmt}"])
        assert result.exit_code == 0, (fmt, result.output)
    assert OTHER_TORCH in (tmp_path / "out.gift").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["torch_version"] == OTHER_TORCH
    result = CliRunner().invoke(cli, ["exam", "--bank", "bank.json", "--count", "3", "--versions", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "exams" / "bank.json").read_text())["torch_version"] == OTHER_TORCH


def test_check_on_a_bank_from_another_torch_version_names_both_versions(old_bank):
    from lstmq.engine.runner import TORCH_VERSION

    result = CliRunner().invoke(cli, ["check", str(old_bank)])
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{old_bank}: made with torch {OTHER_TORCH}, checked with torch {TORCH_VERSION}: "
                        "differences below may come from the change of version")
    assert result.exit_code == 0 and lines[-1].endswith("13 verify, 0 do not")  # same answers here
