"""`lstmq grade --report/--feedback/--stats-out` and `lstmq exam --exclude-flagged`: the files,
their accessibility and determinism, safe file names, and every bad input as one line.

The exam is made by `lstmq exam --bank` from hand-made questions, so no torch runs here."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.grading.charts import histogram
from lstmq.grading.feedback import SAFE_NAME, file_names, safe_name
from lstmq.bank.file import make_header, write_bank
from lstmq.cli import cli
from lstmq.model import LABELS, Choice, Question, Solution
from sitekit import ROOT, browser, need

pytestmark = pytest.mark.slow  # PDFs and a browser

QUESTIONS = 6


def make_question(i: int) -> Question:
    right = i % len(LABELS)
    choices = tuple(Choice(label, f"`value_{i}{label}`", k == right,
                           f"Right {i}." if k == right else f"Mistake {i}{label}: mixes `h` and <c>", "text")
                    for k, label in enumerate(LABELS))
    return Question(f"concepts-{i:08x}", ["concepts", "design"][i % 2], ["easy", "hard"][i % 2], i, {},
                    f"Question {i}: what does `lstm` give?", f"print({i})" if i % 2 else None, choices,
                    Solution((f"Step one of {i}.", "Step two."), "final", "check", f"Hint {i}.", ()))


def invoke(args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def exam(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exam")
    write_bank(root / "drawn.json", make_header(1, {}, "test"), [make_question(i) for i in range(QUESTIONS)])
    done = invoke(["exam", "--bank", root / "drawn.json", "--versions", 2, "--seed", 2, "--no-pdf",
                   "--out", root / "exams"])
    assert done.exit_code == 0, done.output + done.stderr
    return root / "exams"


def key_rows(exam: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    with open(exam / "key.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["version"], []).append(row)
    return out


def write_responses(path: Path, rows, exam_column: bool = False) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "version", *(["exam"] if exam_column else []),
                    *(f"q{k}" for k in range(1, QUESTIONS + 1))])
        w.writerows(rows)
    return path


def class_rows(exam: Path) -> list[list[str]]:
    """Eight students: student s gets the first s questions of the version right (s mod 7), then
    picks a wrong letter that turns with the student and the question."""
    key = key_rows(exam)
    rows = []
    for s in range(8):
        version = "AB"[s % 2]
        answers = [r["correct"] if n < s % (QUESTIONS + 1) else [x for x in LABELS if x != r["correct"]][(s + n) % 3]
                   for n, r in enumerate(key[version])]
        rows.append([f"student {s}", version, *answers])
    return rows


@pytest.fixture(scope="module")
def graded(exam, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graded")
    responses = write_responses(out / "class.csv", class_rows(exam))
    done = invoke(["grade", "--key", exam / "key.csv", "--report", out / "report.html", "--feedback",
                   out / "feedback", "--stats-out", out / "stats.json", responses])
    assert done.exit_code == 0, done.output + done.stderr
    return out


# --- the files ---------------------------------------------------------------------------------

def test_report_is_self_contained_accessible_markup(graded):
    page = (graded / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<!-- written by lstmq: item analysis report -->")
    assert not re.search(r"""(src|href)=["'](?!#)""", page)  # nothing fetched: no link, no script, no image file
    assert "<script" not in page
    images = re.findall(r'<div role="img" aria-label="([^"]+)"><svg aria-hidden="true"', page)
    assert len(images) == 3 and all(len(alt) > 40 for alt in images)
    assert page.count("<table") == page.count("<caption>") > 4
    assert "<h1>" in page and page.count("<h2") >= 5
    # misconception text is escaped, its code spans become <code>
    assert "&lt;c&gt;" in page and "<code>h</code>" in page and "<c>" not in page


def test_report_pdf_is_written_beside_it(graded):
    text = "".join(p.extract_text() for p in pypdf.PdfReader(graded / "report.pdf").pages)
    assert "Item analysis of exam" in text and "KR-20" in text


def test_feedback_pages_and_pdfs_one_per_student(graded, exam):
    files = sorted(p.name for p in (graded / "feedback").iterdir() if not p.name.startswith("."))
    names = [safe_name(f"student {s}") for s in range(8)]
    assert files == sorted([*(n + ".html" for n in names), *(n + ".pdf" for n in names)])
    page = (graded / "feedback" / f"{names[3]}.html").read_text(encoding="utf-8")
    assert "Exam feedback for student 3" in page and "3 of 6" in page
    assert "student 4" not in page and "student 2" not in page
    wrong_first = [int(n) for n in re.findall(r'<h3 id="q(\d+)">', page)]
    outcomes = re.findall(r'<h3 id="q\d+">Question \d+: <span class="(right|wrong)">', page)
    assert outcomes == sorted(outcomes, key=lambda o: o != "wrong") and sorted(wrong_first) == list(range(1, 7))
    pdf = "".join(p.extract_text() for p in pypdf.PdfReader(graded / "feedback" / f"{names[3]}.pdf").pages)
    assert "Examfeedbackforstudent3" in re.sub(r"\s+", "", pdf)


def test_stats_file_and_rerun_need_no_force(graded, exam):
    stats = json.loads((graded / "stats.json").read_text(encoding="utf-8"))
    assert stats["kind"] == "lstmq-item-stats" and stats["exam"] == key_rows(exam)["A"][0]["exam"]
    assert set(stats["items"]) == {f"concepts-{i:08x}" for i in range(QUESTIONS)}
    before = {p.name: p.read_bytes() for p in graded.iterdir() if p.is_file()}
    done = invoke(["grade", "--key", exam / "key.csv", "--report", graded / "report.html", "--feedback",
                   graded / "feedback", "--stats-out", graded / "stats.json", graded / "class.csv"])
    assert done.exit_code == 0, done.stderr
    assert {p.name: p.read_bytes() for p in graded.iterdir() if p.is_file()} == before


CHART = "from lstmq.grading.charts import histogram; print(histogram([1, 2, 2, 5], 6), end='')"


def test_charts_are_byte_identical_between_runs():
    """In two fresh interpreters with different hash seeds: no date, no random id in the SVG."""
    runs = [subprocess.run([sys.executable, "-c", CHART], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == histogram([1, 2, 2, 5], 6)
    assert "<dc:date>" not in runs[0].stdout and runs[0].stdout.startswith("<svg ")


def test_report_and_feedback_pass_axe_in_light_and_dark(graded):
    axe = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    need(axe.is_file(), "axe-core is not installed (scripts/bootstrap installs it)")
    pages = [graded / "report.html", next((graded / "feedback").glob("*.html"))]
    with browser() as b:
        for scheme in ("light", "dark"):
            context = b.new_context(color_scheme=scheme)
            page = context.new_page()
            for path in pages:
                page.goto(path.as_uri())
                page.add_script_tag(content=axe.read_text(encoding="utf-8"))
                result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                                       "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
                assert [v["id"] for v in result["violations"]] == [], (scheme, path.name, result["violations"])
            context.close()


def test_options_sharing_a_misconception_are_placed_by_replaying_the_exam(tmp_path):
    """Two wrong options with one misconception: key.csv cannot tell them apart, the seed can."""
    twin = make_question(1)
    twin = twin.__class__(**{**twin.__dict__, "choices": tuple(
        c.__class__(c.label, c.text, c.correct, "Same mistake." if c.label in "CD" else c.why, c.format)
        for c in twin.choices)})
    write_bank(tmp_path / "drawn.json", make_header(1, {}, "test"), [make_question(0), twin])
    done = invoke(["exam", "--bank", tmp_path / "drawn.json", "--versions", 3, "--seed", 9, "--no-pdf",
                   "--out", tmp_path / "exams"])
    assert done.exit_code == 0, done.stderr
    key = key_rows(tmp_path / "exams")
    rows = [[f"s{v}", v, *[next(x for x in LABELS if x != r["correct"]) for r in key[v]]] for v in "ABC"]
    with open(tmp_path / "r.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "version", "q1", "q2"])
        w.writerows(rows)
    args = ["grade", "--key", tmp_path / "exams" / "key.csv", "--no-pdf", "--feedback", tmp_path / "fb",
            tmp_path / "r.csv"]
    done = invoke(args)
    assert done.exit_code == 0, done.stderr
    for v in "ABC":
        student = (tmp_path / "exams" / f"exam-{v}.html").read_text(encoding="utf-8")
        printed = re.findall(r"<code>value_1([A-D])</code>", student)
        page = (tmp_path / "fb" / f"s{v}.html").read_text(encoding="utf-8")
        table = re.findall(r'<th scope="row">[A-D]</th><td><code>value_1([A-D])</code>', page)
        assert table == printed and len(printed) == 4  # the same order as on paper
    bank = json.loads((tmp_path / "exams" / "bank.json").read_text(encoding="utf-8"))
    bank["seed"] = 10
    (tmp_path / "exams" / "bank.json").write_text(json.dumps(bank), encoding="utf-8")
    one_line(invoke(args), 1, "two wrong options share one misconception")


# --- file names --------------------------------------------------------------------------------

def test_unsafe_ids_get_safe_distinct_names():
    ids = ["../../x", "Ann Lee", "ann lee", "Ann_Lee", "CON", "con.txt", ".profile", "a/b", "", "x" * 300, "plain-1"]
    names = file_names(ids)
    assert names["plain-1"] == "plain-1" and names["Ann_Lee"] == "Ann_Lee"
    assert len({n.casefold() for n in names.values()}) == len(ids)
    for n in names.values():
        assert SAFE_NAME.fullmatch(n.split("-")[0] or "x") or re.fullmatch(r"[A-Za-z0-9._-]+", n), n
        assert "/" not in n and not n.startswith(".") and len(n) <= 80


@settings(max_examples=200)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12, unique=True))
def test_any_ids_become_distinct_plain_file_names(ids):
    names = file_names(ids)
    assert len({n.casefold() for n in names.values()}) == len(ids)
    for n in names.values():
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", n) and len(n) <= 80 and not n.endswith(".")


# --- next exam -------------------------------------------------------------------------------

def test_exclude_flagged_leaves_those_questions_out(graded, exam, tmp_path):
    stats = json.loads((graded / "stats.json").read_text(encoding="utf-8"))
    flagged = {q for q, item in stats["items"].items() if item["flagged"]}
    assert flagged and flagged != set(stats["items"])  # the class above makes some, not all
    done = invoke(["exam", "--bank", exam / "bank.json", "--exclude-flagged", graded / "stats.json",
                   "--versions", 1, "--no-pdf", "--out", tmp_path / "next"])
    assert done.exit_code == 0, done.stderr
    assert {r["question_id"] for r in key_rows(tmp_path / "next")["A"]} == set(stats["items"]) - flagged


# --- bad input -------------------------------------------------------------------------------

def one_line(result, code: int, words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("lstmq: error:") and words in lines[0], lines


def test_a_sheet_of_another_exam_is_refused(exam, tmp_path):
    rows = [[r[0], r[1], "0123456789ab", *r[2:]] for r in class_rows(exam)]
    responses = write_responses(tmp_path / "r.csv", rows, exam_column=True)
    one_line(invoke(["grade", "--key", exam / "key.csv", responses]), 1, "row 2 is for exam 0123456789ab")
    assert not (tmp_path / "r-scores.csv").exists()
    code = key_rows(exam)["A"][0]["exam"]
    rows = [[r[0], r[1], code.upper(), *r[2:]] for r in class_rows(exam)]
    responses = write_responses(tmp_path / "ok.csv", rows, exam_column=True)
    assert invoke(["grade", "--key", exam / "key.csv", responses]).exit_code == 0


def test_a_key_mixing_two_exams_is_refused(exam, tmp_path):
    lines = (exam / "key.csv").read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].rsplit(",", 1)[0] + ",ffffffffffff"
    (tmp_path / "key.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    responses = write_responses(tmp_path / "r.csv", class_rows(exam))
    one_line(invoke(["grade", "--key", tmp_path / "key.csv", responses]), 1, "mixes rows of 2 exams")


def test_exam_code_does_not_depend_on_the_right_letters(exam):
    from lstmq.outputs.exam.versions import make_versions, versions_fingerprint

    qs = [make_question(i) for i in range(QUESTIONS)]
    versions = make_versions([qs], seed=5)
    flipped = make_versions([[q.__class__(**{**q.__dict__, "choices": tuple(reversed(q.choices))}) for q in qs]], seed=5)
    assert [q.id for q in versions[0].questions] == [q.id for q in flipped[0].questions]
    assert [q.correct.label for q in versions[0].questions] != [q.correct.label for q in flipped[0].questions]
    assert versions_fingerprint(versions) == versions_fingerprint(flipped)


def test_bad_options_and_files_are_one_line_errors(graded, exam, tmp_path):
    responses = write_responses(tmp_path / "r.csv", class_rows(exam))
    key = exam / "key.csv"
    not_stats = tmp_path / "other.json"
    not_stats.write_text('{"items": {}}', encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    foreign = tmp_path / "mine.html"
    foreign.write_text("<p>my notes</p>", encoding="utf-8")
    plain_key = tmp_path / "plain" / "key.csv"
    plain_key.parent.mkdir()
    plain_key.write_bytes(key.read_bytes())
    other_bank = tmp_path / "other-bank.json"
    write_bank(other_bank, make_header(1, {}, "test"), [make_question(i) for i in range(10, 12)])
    next_out = tmp_path / "next"
    cases = [
        (["grade", "--key", key, "--report", tmp_path / "r.txt", responses], 2, "must name an .html file"),
        (["grade", "--key", plain_key, "--feedback", tmp_path / "fb", responses], 2, "needs the exam's bank.json"),
        (["grade", "--key", key, "--report", foreign, responses], 1, "lstmq did not write it"),
        (["grade", "--key", key, "--bank", other_bank, "--report", tmp_path / "x.html", responses], 1,
         "the bank lacks 6 question(s)"),
        (["exam", "--bank", exam / "bank.json", "--exclude-flagged", not_stats, "--out", next_out], 2,
         "not a stats file"),
        (["exam", "--bank", exam / "bank.json", "--exclude-flagged", broken, "--out", next_out], 2,
         "not a stats file"),
        (["exam", "--exclude-flagged", graded / "stats.json", "--out", next_out], 2, "use it with --bank"),
    ]
    for args, code, words in cases:
        one_line(invoke(args), code, words)
    assert foreign.read_text(encoding="utf-8") == "<p>my notes</p>"
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "r-scores.csv").exists()


def test_a_row_that_cannot_be_graded_is_named_and_the_analysis_still_written(exam, tmp_path):
    rows = class_rows(exam)
    rows.insert(1, ["bad", "Z", *["A"] * QUESTIONS])
    responses = write_responses(tmp_path / "r.csv", rows)
    result = invoke(["grade", "--key", exam / "key.csv", "--stats-out", tmp_path / "s.json", responses])
    assert result.exit_code == 1 and "row 3: unknown version 'Z'" in result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["students"] == 8


GRADE_WITHOUT_TORCH = """
import sys
from click.testing import CliRunner
from lstmq.cli import cli
args = sys.argv[1:]
result = CliRunner().invoke(cli, args)
assert result.exit_code == 0, result.output + result.stderr
loaded = sorted(m for m in sys.modules if m == "torch" or m.startswith("torch."))
assert not loaded, loaded[:5]
assert "matplotlib" in sys.modules  # the charts were drawn
print("ok")
"""


def test_grading_with_every_analysis_output_does_not_import_torch(exam, tmp_path):
    responses = write_responses(tmp_path / "r.csv", class_rows(exam))
    args = ["grade", "--key", str(exam / "key.csv"), "--report", str(tmp_path / "rep.html"), "--no-pdf",
            "--feedback", str(tmp_path / "fb"), "--stats-out", str(tmp_path / "s.json"), str(responses)]
    done = subprocess.run([sys.executable, "-c", GRADE_WITHOUT_TORCH, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
