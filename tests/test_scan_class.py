"""The whole paper loop for a class of 30: roster, copies, filled sheets, scan, review, grade.

Done when `lstmq grade` gives exactly the scores the marks imply and every unclear mark was in
review.csv. Also here: the roster's errors, per-student copies (own order, name on every page,
odd-page starts, byte-identical for any --jobs) and versions past Z.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import sys
from pathlib import Path

import numpy as np
import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from lstmq.bank.file import make_header, write_bank
from lstmq.engine.draw import generate
from lstmq.cli import cli
from lstmq.outputs.sheet.layout import layout
from lstmq.outputs.sheet.manifest import read_manifest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scan_corpus import degrade, mark_page, random_damage, rasterise  # noqa: E402

pytestmark = pytest.mark.slow
CLASS = 30
QUESTIONS = 20


def invoke(*args, cwd: Path):
    with contextlib.chdir(cwd):
        return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    write_bank(folder / "bank.json", make_header(7, {}, "test"), list(generate(QUESTIONS, seed=7)))
    return folder / "bank.json"


def write_roster(path: Path, count: int) -> list[tuple[str, str]]:
    students = [(f"2026{k:04d}", f"Student Number {k}") for k in range(1, count + 1)]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "name"])
        writer.writerows(students)
    return students


@pytest.fixture(scope="module")
def class_exam(bank, tmp_path_factory) -> tuple[Path, list[tuple[str, str]]]:
    work = tmp_path_factory.mktemp("class")
    students = write_roster(work / "students.csv", CLASS)
    result = invoke("exam", "--bank", bank, "--roster", "students.csv", "--sheet", "--seed", "3",
                    "--title", "LSTM quiz", "--out", "exam", cwd=work)
    assert result.exit_code == 0, result.output
    return work, students


def key_of(folder: Path) -> dict[str, list[str]]:
    key: dict[str, list[str]] = {}
    for row in csv.DictReader(open(folder / "key.csv", encoding="utf-8")):
        key.setdefault(row["version"], []).append(row["correct"])
    return key


def test_a_class_of_30_is_printed_filled_scanned_reviewed_and_graded_exactly(class_exam):
    work, students = class_exam
    exam = work / "exam"
    manifest = read_manifest(exam)
    key = key_of(exam)
    rng = random.Random(30)
    scans = work / "scans"
    scans.mkdir()
    meant: dict[str, list[str]] = {}  # what each student meant, row by row (the teacher's decision)
    unclear: set[tuple[str, str]] = set()
    copies = sorted((exam / "copies").glob("*.pdf"))
    assert len(copies) == CLASS
    for copy, pdf in zip(manifest.copies, copies):
        damage = random_damage(rng, copy.copy)
        sheet = rasterise(pdf.read_bytes(), damage.dpi, last=1)[0]  # the copy's last page is its answer sheet
        kinds = ("full", "full", "full", "blank", "tick", "partial", "cross", "double") + \
            (() if damage.threshold else ("erased",))
        marked = mark_page(sheet, layout(manifest.spec(copy))[0], damage.dpi, rng, kinds)
        scan = degrade(marked.image, damage)
        if isinstance(scan, bytes):
            (scans / f"{copy.copy:02d}.jpg").write_bytes(scan)
        else:
            Image.fromarray(scan).save(scans / f"{copy.copy:02d}.png")
        answers = []
        for row in marked.rows:  # a tick, cross or partial mark meant its letter; erased or double: none
            answers.append(row.letters if row.kind in ("full", "tick", "partial", "cross") else "")
            if not row.clear:
                unclear.add((copy.student_id, row.key))
        meant[copy.student_id] = answers
    files = sorted(p.name for p in scans.iterdir())
    random.Random(1).shuffle(files)  # any page order
    result = invoke("scan", *(f"scans/{f}" for f in files), "--exam", "exam", "-o", "responses.csv", cwd=work)
    assert result.exit_code == 1, result.output
    review = list(csv.DictReader(open(work / "review.csv", encoding="utf-8")))
    assert {(r["student_id"], r["question"]) for r in review} == unclear  # every unclear mark, nothing else
    # The teacher fills the answer column with what the student meant.
    rows = [list(r.values()) for r in review]
    for row in rows:
        row[-1] = meant[row[0]][int(row[3]) - 1] or "blank"
    with open(work / "review.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(review[0].keys())
        writer.writerows(rows)
    applied = invoke("scan", "--apply", "review.csv", "-o", "responses.csv", cwd=work)
    assert applied.exit_code == 0, applied.output
    graded = invoke("grade", "--key", "exam/key.csv", "responses.csv", cwd=work)
    assert graded.exit_code == 0, graded.output
    scores = {r["student_id"]: r for r in csv.DictReader(open(work / "responses-scores.csv", encoding="utf-8"))}
    assert set(scores) == {sid for sid, _ in students}
    for copy in manifest.copies:
        answers, right = meant[copy.student_id], key[copy.version]
        correct = sum(a == k for a, k in zip(answers, right))
        blank = sum(a == "" for a in answers)
        s = scores[copy.student_id]
        assert (int(s["correct"]), int(s["blank"]), int(s["wrong"])) == (correct, blank, QUESTIONS - correct - blank)


def test_each_student_gets_an_own_copy_with_name_on_every_page_starting_on_an_odd_page(class_exam):
    work, students = class_exam
    exam = work / "exam"
    key = key_of(exam)
    assert len(key) == CLASS and len({tuple(v) for v in key.values()}) == CLASS  # own letter pattern each
    whole = pypdf.PdfReader(exam / "class.pdf")
    starts, position, length = [], 0, 0
    for (sid, name), pdf in zip(students, sorted((exam / "copies").glob("*.pdf"))):
        assert pdf.name.endswith(f"-{sid}.pdf")
        pages = pypdf.PdfReader(pdf).pages
        for page in pages:
            text = page.extract_text()
            assert sid in text and name in text
        starts.append(position)
        length = position + len(pages)
        position += len(pages) + len(pages) % 2  # a blank page pads each copy to an even length
    assert all(s % 2 == 0 for s in starts)  # 0-based even: every copy starts on an odd page
    assert len(whole.pages) == length
    for (sid, _), start in zip(students, starts):
        assert sid in whole.pages[start].extract_text()


def test_the_data_of_a_typst_copy_holds_nothing_that_depends_on_the_right_answer(bank):
    import json

    from lstmq.bank.file import load_bank
    from lstmq.outputs.exam.versions import ExamInfo, make_versions
    from lstmq.outputs.sheet.copies import Student, copy_data

    questions = load_bank(bank).questions
    version = make_versions([questions], 1)[0]
    info = ExamInfo("T")
    data = json.dumps(copy_data(info, version, 1, Student("1", "Ada"), "0123456789ab", False), ensure_ascii=False)
    for q in version.questions:
        for c in q.choices:
            if not c.correct and len(c.why) > 20:
                assert c.why not in data  # no misconception behind a wrong letter
        assert q.solution.final not in data
    # Swapping which option is right changes nothing the student gets.
    from dataclasses import replace

    flipped = replace(version, questions=tuple(
        replace(q, choices=tuple(replace(c, correct=not c.correct) for c in q.choices)) for q in version.questions))
    assert json.dumps(copy_data(info, flipped, 1, Student("1", "Ada"), "0123456789ab", False),
                      ensure_ascii=False) == data


def test_copies_are_byte_identical_across_runs_and_worker_counts(bank, tmp_path):
    write_roster(tmp_path / "students.csv", 24)  # more than two batches of copies: the workers share them
    base = ["exam", "--bank", bank, "--roster", "students.csv", "--sheet", "--count", "4", "--seed", "9"]
    for out, jobs in (("one", "1"), ("two", "2"), ("again", "2")):
        result = invoke(*base, "--jobs", jobs, "--out", out, cwd=tmp_path)
        assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(names) > 24
    for name in names:
        data = (tmp_path / "one" / name).read_bytes()
        assert data == (tmp_path / "two" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


@pytest.mark.parametrize("content, words", [
    ("", "the file is empty"),
    ("name,email\nAda,a@x\n", "must name the columns id and name"),
    ("id,name\n1,Ada\n1,Alan\n", "row 3: id '1' is already in row 2"),
    ("id,name\n1,\n", "row 2: the name is empty"),
    ("id,name\n,Ada\n", "row 2: the id is empty"),
    ("id,name\n?1,Ada\n", "may not start with '?'"),
    ("id,name\n1,Ada\x07\n", "U+0007"),
    ("id,name\n", "no students"),
])
def test_bad_rosters_fail_in_one_line(bank, tmp_path, content, words):
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    result = invoke("exam", "--bank", bank, "--roster", "r.csv", "--out", "x", cwd=tmp_path)
    assert result.exit_code == 1 and words in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "x").exists()


def test_roster_refuses_versions_distinct_and_no_pdf(bank, tmp_path):
    write_roster(tmp_path / "r.csv", 2)
    for extra, words in ((["--versions", "3"], "leave out --versions"), (["--no-pdf"], "--no-pdf"),
                         (["--distinct"], "--distinct")):
        result = invoke("exam", "--bank", bank, "--roster", "r.csv", *extra, "--out", "x", cwd=tmp_path)
        assert result.exit_code == 2 and words in result.output, result.output


def test_versions_go_past_z_and_sheets_come_one_per_version(bank, tmp_path):
    result = invoke("exam", "--bank", bank, "--versions", "28", "--count", "3", "--no-pdf", "--out", "v", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert list(key_of(tmp_path / "v"))[-3:] == ["Z", "AA", "AB"]
    sheets = invoke("exam", "--bank", bank, "--versions", "2", "--count", "3", "--sheet", "--out", "s", cwd=tmp_path)
    assert sheets.exit_code == 0, sheets.output
    manifest = read_manifest(tmp_path / "s")
    assert manifest.anonymous and [c.version for c in manifest.copies] == ["A", "B"]
    assert all((tmp_path / "s" / f"sheet-{v}.pdf").exists() for v in "AB")
    grid = rasterise((tmp_path / "s" / "sheet-B.pdf").read_bytes(), 150)
    assert len(grid) == 1 and np.asarray(grid[0]).min() == 0
