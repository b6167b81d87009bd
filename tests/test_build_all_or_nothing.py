"""``lstmq build`` is all-or-nothing: the set pages it renders or draws, the starter project it
writes and the site land together, or none of them does.

A build that fails in MkDocs (``--strict`` and a broken link), or that is stopped by SIGTERM
while MkDocs writes, leaves every file as it was: no new set under ``docs/questions/``, no
starter ``mkdocs.yml`` or ``docs/``, the previous site, and no temporary file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from test_interrupt import PLAIN, snapshot, stop_while_mkdocs_writes, strays

pytestmark = pytest.mark.slow


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def small_bank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("all-or-nothing-bank")
    done = subprocess.run([sys.executable, "-c", PLAIN, "generate", "--count", "6", "--seed", "5"],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder / "bank.json"


def test_build_failing_in_mkdocs_after_rendering_a_bank_changes_nothing(tmp_path, monkeypatch, small_bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(small_bank, tmp_path / "bank.json")
    assert run("build").exit_code == 0
    (tmp_path / "docs" / "broken.md").write_text("# Broken\n\n[not there](missing.md)\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("build", "--bank", "bank.json", "--set", "second", "--strict")
    assert result.exit_code == 1, result.output
    assert "site build failed" in result.output and "missing.md" in result.output
    assert "wrote" not in result.output  # nothing was written, so nothing is reported as written
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "docs" / "questions" / "second").exists()
    assert not strays(tmp_path)


def test_a_first_build_that_fails_leaves_no_starter_site(tmp_path, monkeypatch, small_bank):
    from mkdocs import exceptions
    import mkdocs.commands.build

    def broken(config, **_kwargs):
        raise exceptions.Abort("a theme that cannot render")

    monkeypatch.setattr(mkdocs.commands.build, "build", broken)
    monkeypatch.chdir(tmp_path)
    shutil.copy2(small_bank, tmp_path / "bank.json")
    before = snapshot(tmp_path)
    result = run("build")
    assert result.exit_code == 1, result.output
    assert "site build failed" in result.output
    assert snapshot(tmp_path) == before  # no mkdocs.yml, no docs/, no site/
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.json"]


def test_a_successful_first_build_writes_everything(tmp_path, monkeypatch, small_bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(small_bank, tmp_path / "bank.json")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "wrote a starter site" in result.output and "wrote 6 questions" in result.output
    for rel in ("mkdocs.yml", "docs/index.md", "docs/questions/index.md", "docs/questions/practice/set.json",
                "site/index.html", "site/questions/practice/index.html"):
        assert (tmp_path / rel).is_file(), rel
    assert not strays(tmp_path)


def test_a_first_build_stopped_while_mkdocs_writes_leaves_the_folder_as_it_was(tmp_path, small_bank):
    shutil.copy2(small_bank, tmp_path / "bank.json")
    stop_while_mkdocs_writes(["build"], tmp_path)


def test_a_build_with_bank_stopped_while_mkdocs_writes_keeps_the_previous_set(tmp_path, small_bank):
    shutil.copy2(small_bank, tmp_path / "bank.json")
    done = subprocess.run([sys.executable, "-c", PLAIN, "build"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    stop_while_mkdocs_writes(["build", "--bank", "bank.json", "--set", "second"], tmp_path)


def test_a_site_folder_inside_the_docs_is_still_refused(tmp_path, monkeypatch, small_bank):
    """MkDocs reads a copy of the docs, but the real docs folder is what must not hold the site."""
    monkeypatch.chdir(tmp_path)
    shutil.copy2(small_bank, tmp_path / "bank.json")
    assert run("build").exit_code == 0
    before = snapshot(tmp_path)
    result = run("build", "-d", "docs/out")
    assert result.exit_code == 1, result.output
    assert "should not be within the 'docs_dir'" in result.output
    assert snapshot(tmp_path) == before
    assert not strays(tmp_path)
