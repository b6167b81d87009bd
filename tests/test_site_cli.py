"""``lstmq build`` and ``lstmq serve`` as a user runs them: in an empty folder, in a project,
with a bank, and when something is wrong (one line, an exit code, nothing lost)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.jobs.site import STARTER_COUNT
from sitekit import built_site, wait_until

pytestmark = pytest.mark.slow


def run(*args):
    return CliRunner().invoke(cli, list(args))


def one_line_error(result, code):
    assert result.exit_code == code, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("lstmq: error:")]
    assert len(errors) == 1, result.output
    assert "Traceback" not in result.output
    return errors[0]


@pytest.fixture
def bank(tmp_path_factory):
    return built_site(tmp_path_factory).bank


def test_build_in_an_empty_folder_makes_a_whole_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "wrote a starter site" in result.output
    for rel in ("mkdocs.yml", "docs/index.md", "docs/tags.md", "docs/assets/lstmq.js", "docs/assets/lstmq.css",
                "bank.json", "site/index.html", "site/questions/index.html",
                "site/questions/practice/self-test.html", "site/questions/practice/by-difficulty.html"):
        assert (tmp_path / rel).is_file(), rel
    bank = json.loads((tmp_path / "bank.json").read_text(encoding="utf-8"))
    assert len(bank["questions"]) == STARTER_COUNT and bank["seed"] == 0

    # A second build keeps the teacher's edits and the set: no new draw, no overwritten page.
    (tmp_path / "docs" / "index.md").write_text("# Our course\n\n[Questions](questions/index.md)\n",
                                                encoding="utf-8")
    before = (tmp_path / "bank.json").read_bytes()
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "starter site" not in result.output and "wrote" not in result.output
    assert (tmp_path / "bank.json").read_bytes() == before
    assert "Our course" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_build_renders_a_bank_that_is_already_there(tmp_path, monkeypatch, bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(bank, tmp_path / "bank.json")
    before = (tmp_path / "bank.json").read_bytes()
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bank.json").read_bytes() == before  # rendered, not redrawn
    meta = json.loads((tmp_path / "docs" / "questions" / "practice" / "set.json").read_text(encoding="utf-8"))
    assert meta["count"] == len(json.loads(before)["questions"])


def test_build_with_bank_adds_a_named_set(tmp_path, monkeypatch, bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(bank, tmp_path / "bank.json")
    assert run("build").exit_code == 0
    result = run("build", "--bank", str(bank), "--set", "from-colleague")
    assert result.exit_code == 0, result.output
    assert "docs/questions/from-colleague" in result.output
    listing = (tmp_path / "site" / "questions" / "index.html").read_text(encoding="utf-8")
    assert "from-colleague/index.html" in listing and "practice/index.html" in listing


def test_the_projects_own_site_keeps_the_assets_its_docs_link_to(tmp_path, monkeypatch, bank):
    """The project's docs/assets/lstmq.{js,css} are relative links into the shipped scaffold, as a
    git checkout has them; `lstmq build` (the README's command) must publish what they point to."""
    from sitekit import ROOT

    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs", symlinks=True, ignore=shutil.ignore_patterns("questions"))
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy2(bank, project / "bank.json")
    assert (project / "docs" / "assets" / "lstmq.js").is_symlink()
    (project / "docs" / "assets" / "gone.js").symlink_to("nowhere.js")  # a dangling link is left out
    monkeypatch.chdir(project)
    result = run("build")
    assert result.exit_code == 0, result.output
    for name in ("lstmq.js", "lstmq.css", "iframe-worker-shim.js"):
        built = project / "site" / "assets" / name
        assert built.read_bytes() == (ROOT / "templates/site/scaffold/docs/assets" / name).read_bytes(), name
    assert not (project / "site" / "assets" / "gone.js").exists()


def test_a_failed_strict_build_names_the_problem_and_keeps_the_old_site(tmp_path, monkeypatch, bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(bank, tmp_path / "bank.json")
    assert run("build").exit_code == 0
    old = (tmp_path / "site" / "index.html").read_bytes()
    with open(tmp_path / "docs" / "index.md", "a", encoding="utf-8") as f:
        f.write("\n[a page that is not there](missing.md)\n")
    line = one_line_error(run("build"), 1)
    assert "site build failed" in line and "missing.md" in line
    assert (tmp_path / "site" / "index.html").read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no leftovers


def test_build_never_replaces_a_folder_it_did_not_write(tmp_path, monkeypatch, bank):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(bank, tmp_path / "bank.json")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "thesis.tex").write_text("precious\n", encoding="utf-8")
    line = one_line_error(run("build"), 1)
    assert "did not write" in line
    assert (tmp_path / "site" / "thesis.tex").read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["thesis.tex"]


def test_bad_configurations_are_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(run("build", "-f", "nowhere.yml"), 2)
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    line = one_line_error(run("build"), 1)
    assert "mkdocs.yml" in line
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: nowhere\n", encoding="utf-8")
    line = one_line_error(run("build"), 1)
    assert "nowhere" in line
    one_line_error(run("build", "--set", "Not/A/Name"), 2)
    one_line_error(run("build", "--bank", "missing.json"), 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_previews_the_site_and_stops_cleanly(tmp_path, bank):
    shutil.copy2(bank, tmp_path / "bank.json")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from lstmq.cli import main; main()", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        def fetch(path):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                    return response.read().decode("utf-8")
            except OSError:
                return None

        page = wait_until(lambda: fetch("questions/practice/self-test.html") if proc.poll() is None else "exited",
                          timeout=120, step=0.5)
        assert page and page != "exited", "the preview never answered"
        assert 'class="lstmq-question"' in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert proc.returncode in (0, 130), output
    assert "Traceback" not in output
    assert f"127.0.0.1:{port}" in output  # it said where to look
