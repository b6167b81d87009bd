"""What lstmq may overwrite, and how finished files look: the rules of ``lstmq.outputs.files``.

- Folders lstmq manages carry a manifest; files it did not write are kept (even with
  ``--force``, which only lets it write beside them) and never overwritten; a file it wrote
  and someone edited is replaced only with ``--force``.
- A single file (``--bank``, ``export -o``, grade's reports) is replaced only if it starts the
  way lstmq writes that kind of file, or with ``--force``; a non-regular file never.
- Finished files get the usual permissions (umask), not mkstemp's private 0600.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.outputs.files import MANIFEST, Outputs, is_own_file, read_manifest

pytestmark = pytest.mark.slow


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error(result, code: int = 1) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    errors = [line for line in result.stderr.splitlines() if line.startswith("lstmq: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outputs-bank")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = run("generate", "--count", "6", "--seed", "2", "--family", "output-shape",
                     "--family", "concepts")
    assert result.exit_code == 0, result.output
    return folder / "bank.json"


@pytest.fixture
def here(tmp_path, monkeypatch, bank) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy2(bank, tmp_path / "bank.json")
    return tmp_path


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    saved = os.umask(0o022)
    yield set_mask
    os.umask(saved)


def make_key_and_responses(here: Path) -> tuple[Path, Path]:
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--versions", "1", "--out", "exams").exit_code == 0
    rows = (here / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()[1:]
    answers = [r.split(",")[3] for r in rows]
    header = ",".join(["student_id", "version", *(f"q{k}" for k in range(1, len(answers) + 1))])
    responses = here / "responses.csv"
    responses.write_text(f"{header}\ns1,A,{','.join(answers)}\n", encoding="utf-8")
    return here / "exams" / "key.csv", responses


# --- permissions -------------------------------------------------------------------------------

@pytest.mark.parametrize("mask, file_mode, dir_mode", [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_every_command_leaves_umask_permissions_not_mkstemps(here, umask, mask, file_mode, dir_mode):
    umask(mask)
    (here / "bank.json").unlink()
    assert run("generate", "--count", "2", "--family", "concepts").exit_code == 0
    assert run("export", "bank.json", "-f", "qti21", "-o", "quiz.zip").exit_code == 0
    key, responses = make_key_and_responses(here)
    assert run("grade", "--key", key, responses).exit_code == 0
    assert run("build", "--bank", "bank.json", "--site-dir", "built").exit_code == 0
    files = [here / "bank.json", here / "quiz.zip", here / "responses-scores.csv", here / "responses-questions.csv",
             here / "exams" / "key.csv", here / "exams" / MANIFEST, here / "docs" / "questions" / "index.md",
             here / "docs" / "questions" / "practice" / "index.md", here / "built" / "index.html",
             here / "mkdocs.yml"]
    folders = [here / "exams", here / "docs" / "questions" / "practice", here / "built"]
    assert {str(p.relative_to(here)): oct(mode(p)) for p in files} == \
           {str(p.relative_to(here)): oct(file_mode) for p in files}
    assert {str(p.relative_to(here)): oct(mode(p)) for p in folders} == \
           {str(p.relative_to(here)): oct(dir_mode) for p in folders}


def test_a_replaced_output_keeps_the_permissions_it_had(here, umask):
    (here / "bank.json").chmod(0o600)
    assert run("generate", "--count", "2", "--family", "concepts").exit_code == 0
    assert mode(here / "bank.json") == 0o600
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--out", "exams").exit_code == 0
    (here / "exams").chmod(0o700)
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--out", "exams", "--seed", "3").exit_code == 0
    assert mode(here / "exams") == 0o700


# --- folders: manifest, files lstmq did not write, --force -------------------------------------

def test_hand_written_pages_in_docs_are_never_touched(here):
    docs = here / "docs"
    assert run("generate", "--count", "3", "--family", "concepts").exit_code == 0
    mine = {docs / "index.md": "# My course\n", docs / "notes" / "week1.md": "notes\n",
            docs / "questions" / "practice" / "my-extra.md": "# Extra questions I wrote\n"}
    for path, text in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    inode = (docs / "questions" / "practice" / "my-extra.md").stat().st_ino
    assert run("generate", "--count", "3", "--family", "concepts", "--seed", "7").exit_code == 0
    assert run("build", "--bank", "bank.json").exit_code == 0
    assert {p: p.read_text(encoding="utf-8") for p in mine} == mine
    assert (docs / "questions" / "practice" / "my-extra.md").stat().st_ino == inode  # the same file, kept
    assert "my-extra.md" not in read_manifest(docs / "questions" / "practice")


@pytest.mark.parametrize("command", ["exam", "build", "generate"])
def test_a_folder_lstmq_does_not_manage_needs_force_and_keeps_its_files(here, command):
    folder = {"exam": here / "exams", "build": here / "site", "generate": here / "docs" / "questions"}[command]
    args = {"exam": ["exam", "--bank", "bank.json", "--no-pdf"],
            "build": ["build", "--bank", "bank.json"],
            "generate": ["generate", "--count", "2", "--family", "concepts"]}[command]
    folder.mkdir(parents=True)
    (folder / "thesis.tex").write_text("precious\n", encoding="utf-8")
    line = one_error(run(*args))
    assert "did not write" in line and "--force" in line
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.tex"]
    result = run(*args, "--force")
    assert result.exit_code == 0, result.output
    assert (folder / "thesis.tex").read_text(encoding="utf-8") == "precious\n"
    assert len(list(folder.iterdir())) > 1  # lstmq's files beside it


def test_a_file_lstmq_did_not_write_is_not_overwritten_even_with_force(here):
    (here / "exams").mkdir()
    (here / "exams" / "key.csv").write_text("my own key\n", encoding="utf-8")
    line = one_error(run("exam", "--bank", "bank.json", "--no-pdf", "--force"))
    assert "key.csv" in line and "would be overwritten" in line
    assert (here / "exams" / "key.csv").read_text(encoding="utf-8") == "my own key\n"
    assert sorted(p.name for p in (here / "exams").iterdir()) == ["key.csv"]


def test_an_edited_file_is_replaced_only_with_force(here):
    assert run("exam", "--bank", "bank.json", "--no-pdf").exit_code == 0
    key = here / "exams" / "key.csv"
    key.write_text(key.read_text(encoding="utf-8") + "my note\n", encoding="utf-8")
    line = one_error(run("exam", "--bank", "bank.json", "--no-pdf", "--seed", "4"))
    assert "key.csv changed since lstmq wrote it" in line
    assert key.read_text(encoding="utf-8").endswith("my note\n")
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--seed", "4", "--force").exit_code == 0
    assert not key.read_text(encoding="utf-8").endswith("my note\n")


def test_files_lstmq_wrote_before_and_no_longer_writes_are_removed(here):
    assert run("exam", "--bank", "bank.json", "--out", "exams", "--versions", "3", "--no-pdf").exit_code == 0
    assert (here / "exams" / "exam-C.html").exists()
    assert run("exam", "--bank", "bank.json", "--out", "exams", "--versions", "1", "--no-pdf").exit_code == 0
    assert sorted(p.name for p in (here / "exams").iterdir()) == [
        MANIFEST, "bank.json", "exam-A.html", "key-A.html", "key.csv"]


def test_a_symlink_lstmq_did_not_write_is_never_followed(here, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (here / "exams").mkdir()
    (here / "exams" / "key.csv").symlink_to(outside / "stolen.csv")
    line = one_error(run("exam", "--bank", "bank.json", "--no-pdf", "--force"))
    assert "would be overwritten" in line
    assert not any(outside.iterdir())


# --- single files --------------------------------------------------------------------------------

def test_export_replaces_its_own_files_and_nothing_else_without_force(here):
    assert run("export", "bank.json", "-f", "moodle", "-o", "quiz.out").exit_code == 0
    for fmt in ("gift", "qti21", "canvas", "json", "moodle"):  # each replaces the one before
        assert run("export", "bank.json", "-f", fmt, "-o", "quiz.out").exit_code == 0, fmt
    (here / "notes.txt").write_text("mine\n", encoding="utf-8")
    line = one_error(run("export", "bank.json", "-f", "gift", "-o", "notes.txt"))
    assert "lstmq did not write it" in line and "--force" in line
    assert (here / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert run("export", "bank.json", "-f", "gift", "-o", "notes.txt", "--force").exit_code == 0
    assert (here / "notes.txt").read_text(encoding="utf-8").startswith("// lstmq ")


def test_generate_refuses_a_bank_path_that_is_not_a_bank_before_drawing(here):
    (here / "results.json").write_text('{"grades": [1, 2]}\n', encoding="utf-8")
    line = one_error(run("generate", "--count", "2", "--bank", "results.json"))
    assert "results.json" in line and "--force" in line
    assert (here / "results.json").read_text(encoding="utf-8") == '{"grades": [1, 2]}\n'
    assert not (here / "docs").exists()  # refused before anything was drawn or written


def test_grade_replaces_only_its_own_reports(here):
    key, responses = make_key_and_responses(here)
    assert run("grade", "--key", key, responses).exit_code == 0
    assert run("grade", "--key", key, responses).exit_code == 0  # its own reports: replaced
    scores = here / "responses-scores.csv"
    scores.write_text("name,grade\nAda,A\n", encoding="utf-8")
    line = one_error(run("grade", "--key", key, responses))
    assert "responses-scores.csv" in line
    assert scores.read_text(encoding="utf-8") == "name,grade\nAda,A\n"
    assert run("grade", "--key", key, responses, "--force").exit_code == 0


def test_a_file_that_is_not_a_regular_file_is_never_replaced(here):
    fifo = here / "pipe"
    os.mkfifo(fifo)
    line = one_error(run("export", "bank.json", "-f", "gift", "-o", fifo, "--force"))
    assert "not a regular file" in line
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_every_export_format_is_recognised_as_lstmqs_and_look_alikes_are_not(here):
    for fmt in ("moodle", "gift", "qti21", "canvas", "json"):
        assert run("export", "bank.json", "-f", fmt, "-o", f"out.{fmt}").exit_code == 0
        assert is_own_file(here / f"out.{fmt}"), fmt
    assert is_own_file(here / "bank.json")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("imsmanifest.xml", "<manifest/>")
    (here / "other.zip").write_bytes(buffer.getvalue())
    (here / "other.json").write_text(json.dumps({"schema_version": 1, "questions": []}), encoding="utf-8")
    (here / "other.xml").write_text('<?xml version="1.0"?>\n<quiz></quiz>\n', encoding="utf-8")
    (here / "other.gift").write_text("// my own quiz\n::q::{=a ~b}\n", encoding="utf-8")
    for name in ("other.zip", "other.json", "other.xml", "other.gift"):
        assert not is_own_file(here / name), name


# --- where the file system says no ---------------------------------------------------------------

def test_a_path_under_a_regular_file_is_a_one_line_error(here):
    (here / "afile").write_text("x\n", encoding="utf-8")
    for args in (["export", "bank.json", "-f", "gift", "-o", "afile/quiz.gift"],
                 ["exam", "--bank", "bank.json", "--no-pdf", "--out", "afile/exams"],
                 ["generate", "--count", "1", "--family", "concepts", "--bank", "afile/bank.json"]):
        line = one_error(run(*args))
        assert "afile" in line, args
    assert (here / "afile").read_text(encoding="utf-8") == "x\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: permissions are not enforced, so a "
                    "read-only folder cannot be made; test_a_path_under_a_regular_file_is_a_one_line_error "
                    "covers a folder that cannot be written instead")
def test_a_read_only_folder_is_a_one_line_error(here):
    ro = here / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        for args in (["export", "bank.json", "-f", "gift", "-o", "ro/quiz.gift"],
                     ["exam", "--bank", "bank.json", "--no-pdf", "--out", "ro/exams"]):
            line = one_error(run(*args))
            assert "ro" in line, args
        assert not any(ro.iterdir())
    finally:
        ro.chmod(0o755)


def test_a_staged_write_that_fails_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        with Outputs() as outputs:
            outputs.tree(tmp_path / "new" / "out", {"a.txt": "a"})
            outputs.file(tmp_path / "b.json", '{"schema_version": 1, "lstmq_version": ""}')
            outputs.file(tmp_path / "deep" / "er" / "c.xml", "<x/>")
            raise RuntimeError("a failure after staging")
    assert list(tmp_path.iterdir()) == []  # not even the folders made for the outputs
