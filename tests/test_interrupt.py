"""Stopping a command midway (SIGINT or SIGTERM to a real process) loses nothing.

Every writing command is stopped twice over:

- at the worst moment, when its new files are fully staged beside the targets but not yet in
  place: the subprocess pauses there (a wrapper around ``Outputs.commit`` prints ``STAGED``
  and sleeps), so the signal lands exactly then;
- at a natural moment: ``lstmq generate --count 2000`` while it is drawing questions, and
  ``lstmq build`` while MkDocs is writing its staging folder.

Each time the previous output must be byte-identical afterwards, no temporary file may be
left, and the command must exit 130 (SIGINT) or 143 (SIGTERM) with one ``lstmq: error:`` line.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitekit import copy_project

pytestmark = pytest.mark.slow

PAUSED = """
import sys, time
from lstmq.outputs import files as output
commit = output.Outputs.commit
def paused(self):
    print("STAGED", flush=True)
    time.sleep(120)
    commit(self)
output.Outputs.commit = paused
from lstmq.cli import main
main()
"""
PLAIN = "from lstmq.cli import main; main()"
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder``: file bytes, None for a folder."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def strays(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*")
                  if p.name.endswith((".tmp", ".new", ".old")))


def start(code: str, args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def finish(proc: subprocess.Popen, sig: int) -> tuple[str, str]:
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"still running 60 s after the signal: {err}")
    return out, err


def assert_stopped(proc, out, err, sig) -> None:
    assert proc.returncode == EXIT[sig], (proc.returncode, out, err)
    errors = [line for line in err.splitlines() if line.startswith("lstmq: error:")]
    assert len(errors) == 1, err
    assert ("SIGTERM" in errors[0]) if sig == signal.SIGTERM else ("interrupted" in errors[0])
    assert "Traceback" not in out + err


def stop_while_mkdocs_writes(args: list[str], folder: Path) -> None:
    """Run ``lstmq ARGS`` in ``folder``, SIGTERM it once MkDocs is writing the staged site, and
    check that every file is as it was and no temporary file is left."""
    before = snapshot(folder)
    proc = start(PLAIN, args, folder)
    deadline = time.monotonic() + 120
    while not [p for p in folder.glob(".site.*.new") if any(p.iterdir())]:  # MkDocs is writing
        assert proc.poll() is None and time.monotonic() < deadline, "the build never staged the site"
        time.sleep(0.01)
    out, err = finish(proc, signal.SIGTERM)
    assert_stopped(proc, out, err, signal.SIGTERM)
    assert snapshot(folder) == before
    assert not strays(folder)


def stop_when_staged(args: list[str], cwd: Path, sig: int, watched: Path) -> None:
    """Run ``lstmq ARGS`` until its outputs are staged, send ``sig``, check nothing changed."""
    before = snapshot(watched)
    proc = start(PAUSED, args, cwd)
    line = proc.stdout.readline()
    if line.strip() != "STAGED":
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"never reached the commit: {line}{out}{err}")
    assert strays(watched), "the new outputs should be staged beside their targets by now"
    out, err = finish(proc, sig)
    assert_stopped(proc, out, err, sig)
    assert snapshot(watched) == before
    assert not strays(watched)


@pytest.fixture
def workspace(tmp_path, bank_file) -> Path:
    """A folder with a previous run's outputs: bank.json and docs/questions/practice/."""
    shutil.copy2(bank_file, tmp_path / "bank.json")
    done = subprocess.run([sys.executable, "-c", PLAIN, "build", "--bank", "bank.json"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tmp_path


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt-bank")
    done = subprocess.run([sys.executable, "-c", PLAIN, "generate", "--count", "12", "--seed", "3"],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder / "bank.json"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_generate_stopped_while_drawing_keeps_the_previous_bank_and_pages(workspace, sig):
    before = snapshot(workspace)
    proc = start(PLAIN, ["generate", "--count", "2000", "--seed", "9"], workspace)
    time.sleep(3)  # torch loaded, questions being drawn: 2000 take far longer than this
    assert proc.poll() is None, "finished before it could be stopped"
    out, err = finish(proc, sig)
    assert_stopped(proc, out, err, sig)
    assert snapshot(workspace) == before
    assert not strays(workspace)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_generate_stopped_when_staged(workspace, sig):
    stop_when_staged(["generate", "--count", "3", "--seed", "4"], workspace, sig, workspace)


def test_build_stopped_while_mkdocs_writes_keeps_the_previous_site(tmp_path, bank_file):
    project = copy_project(tmp_path / "project")
    shutil.copy2(bank_file, project / "bank.json")
    done = subprocess.run([sys.executable, "-c", PLAIN, "build"], cwd=project, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    stop_while_mkdocs_writes(["build"], project)


def test_build_stopped_when_staged(workspace):
    stop_when_staged(["build"], workspace, signal.SIGTERM, workspace)


# Pauses only at a commit that stages a folder (a set's pages), so that a starter site written
# in a transaction of its own would already be in place by then.
PAUSED_AT_PAGES = PAUSED.replace("def paused(self):\n", "def paused(self):\n    if not self._folders:\n"
                                 "        return commit(self)\n")


def test_serve_stopped_before_its_first_set_lands_writes_no_starter_site(tmp_path, bank_file):
    # In a folder with a bank and no mkdocs.yml, serve stages a starter site and the bank's set;
    # stopped then, it leaves the folder as it was (the starter site once landed on its own).
    shutil.copy2(bank_file, tmp_path / "bank.json")
    before = snapshot(tmp_path)
    proc = start(PAUSED_AT_PAGES, ["serve", "-a", "127.0.0.1:1"], tmp_path)
    line = proc.stdout.readline()
    if line.strip() != "STAGED":
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"never reached the commit of the set: {line}{out}{err}")
    out, err = finish(proc, signal.SIGINT)
    assert_stopped(proc, out, err, signal.SIGINT)
    assert snapshot(tmp_path) == before
    assert not strays(tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_exam_stopped_when_staged(workspace, sig):
    args = ["exam", "--bank", "bank.json", "--versions", "2", "--count", "4", "--out", "exams"]
    done = subprocess.run([sys.executable, "-c", PLAIN, *args, "--seed", "1"], cwd=workspace,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    stop_when_staged([*args, "--seed", "2"], workspace, sig, workspace)


def test_export_stopped_when_staged(workspace):
    done = subprocess.run([sys.executable, "-c", PLAIN, "export", "bank.json", "-f", "moodle", "-o", "quiz.xml"],
                          cwd=workspace, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    stop_when_staged(["export", "bank.json", "-f", "gift", "-o", "quiz.xml"], workspace, signal.SIGTERM, workspace)


def test_grade_stopped_when_staged(workspace):
    subprocess.run([sys.executable, "-c", PLAIN, "exam", "--bank", "bank.json", "--no-pdf", "--out", "exams"],
                   cwd=workspace, check=True, capture_output=True, timeout=300)
    key = (workspace / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()[1:]
    answers = [row.split(",")[3] for row in key if row.startswith("A,")]
    header = ",".join(["student_id", "version", *(f"q{k}" for k in range(1, len(answers) + 1))])
    responses = workspace / "responses.csv"
    responses.write_text(f"{header}\ns1,A,{','.join(answers)}\n", encoding="utf-8")
    args = ["grade", "--key", "exams/key.csv", "responses.csv"]
    done = subprocess.run([sys.executable, "-c", PLAIN, *args], cwd=workspace, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    responses.write_text(f"{header}\ns1,A,{','.join(answers)}\ns2,A,{','.join('A' for _ in answers)}\n",
                         encoding="utf-8")
    stop_when_staged(args, workspace, signal.SIGTERM, workspace)


def test_a_signal_during_the_commit_waits_until_every_output_is_in_place(tmp_path):
    """In-process: a SIGTERM raised while files are being renamed into place is held back;
    the handler runs after the last rename, so outputs are all old or all new, never mixed."""
    from lstmq.outputs.files import Outputs

    seen = []

    def handler(signum, _frame):
        seen.append(sorted(p.name for p in tmp_path.iterdir()))

    saved = signal.signal(signal.SIGTERM, handler)
    try:
        outputs = Outputs()
        outputs.file(tmp_path / "a.json", '{"schema_version": 1, "lstmq_version": "x"}')
        outputs.tree(tmp_path / "folder", {"x.txt": "x"})
        real = os.replace

        def replace_then_signal(src, dst):
            real(src, dst)
            os.kill(os.getpid(), signal.SIGTERM)  # arrives mid-commit

        os.replace = replace_then_signal
        try:
            outputs.commit()
        finally:
            os.replace = real
    finally:
        signal.signal(signal.SIGTERM, saved)
    assert seen == [["a.json", "folder"]]  # delivered once, after both were in place
