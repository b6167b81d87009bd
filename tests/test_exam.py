"""`lstmq exam`: printed versions, answer keys, key.csv, PDFs, and what a student may not see.

One real exam is made twice with the issue's command (`--versions 3 --count 20 --seed 5`)
and most tests read those files; the rest use its bank.json, so torch runs only for the draw.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from lstmq.bank.file import load_bank
from lstmq.cli import cli
from lstmq.outputs.exam.versions import ExamInfo, arrange, make_versions, relabel
from lstmq.outputs.exam.html import css_string, html_text, render_student
from lstmq.model import LABELS, Choice, Question, Solution

pytestmark = pytest.mark.slow

EXAM_ARGS = ["exam", "--versions", "3", "--count", "20", "--seed", "5",
             "--title", "LSTM midterm", "--course", "CS 412", "--date", "14 March 2026"]
LETTERS = "ABC"


def run(args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, args)
    # A fresh folder inside cwd, as Click's deprecated isolated_filesystem(temp_dir=cwd) gave.
    with contextlib.chdir(tempfile.mkdtemp(dir=cwd)):
        return runner.invoke(cli, args)


def squash(text: str) -> str:
    """Text with every space gone: PDF extraction breaks lines wherever the layout wrapped them."""
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """What a stem or option looks like printed: code spans lose their backticks."""
    return squash(markdown.replace("`", ""))


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def exams(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exam") / "exams"
    result = run([*EXAM_ARGS, "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def exams_again(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exam-again") / "exams"
    result = run([*EXAM_ARGS, "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def bank(exams):
    return {q.id: q for q in load_bank(exams / "bank.json").questions}


@pytest.fixture(scope="module")
def key(exams) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with open(exams / "key.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["version"], []).append(row)
    return rows


@pytest.fixture(scope="module")
def student_text(exams) -> dict[str, list[str]]:
    return {v: pdf_pages(exams / f"exam-{v}.pdf") for v in LETTERS}


@pytest.fixture(scope="module")
def key_pages(exams) -> dict[str, list[str]]:
    return {v: pdf_pages(exams / f"key-{v}.pdf") for v in LETTERS}


@pytest.fixture(scope="module")
def key_text(key_pages) -> dict[str, str]:
    return {v: squash("".join(pages)) for v, pages in key_pages.items()}


def hidden_texts(q) -> list[str]:
    """Everything about a question a student must not see: solution, hint, misconceptions."""
    s = q.solution
    return [*s.steps, s.final, s.quick_check, s.hint, *s.mistakes, *(c.why for c in q.choices)]


def printed_texts(q) -> str:
    return squash(q.stem + (q.code or "") + "".join(c.text for c in q.choices))


# --- the folder and key.csv ----------------------------------------------------------------

def test_issue_command_leaves_three_student_pdfs_three_keys_and_key_csv(exams):
    names = sorted(p.name for p in exams.iterdir())
    for v in LETTERS:
        assert f"exam-{v}.pdf" in names and f"key-{v}.pdf" in names
        assert f"exam-{v}.html" in names and f"key-{v}.html" in names
        assert (exams / f"exam-{v}.pdf").read_bytes().startswith(b"%PDF-")
    assert "key.csv" in names and "bank.json" in names
    assert not [n for n in names if n.endswith(".tmp")]


def test_key_csv_lists_every_question_of_every_version(key, bank):
    assert list(key) == list(LETTERS)
    for v, rows in key.items():
        assert [int(r["question"]) for r in rows] == list(range(1, 21))
        assert {r["question_id"] for r in rows} == set(bank)  # same questions in every version
        for r in rows:
            q = bank[r["question_id"]]
            assert r["correct"] in LABELS
            # Every wrong letter names the misconception of a wrong option of this question.
            whys = {r[f"misconception_{label}"] for label in LABELS if label != r["correct"]}
            assert whys == {c.why for c in q.choices if not c.correct}
            assert r[f"misconception_{r['correct']}"] == ""


def test_key_csv_starts_with_the_four_required_columns(exams):
    first = (exams / "key.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("version,question,question_id,correct,")


def test_versions_differ_in_question_order_and_letter_pattern(key):
    orders = {v: [r["question_id"] for r in rows] for v, rows in key.items()}
    patterns = {v: "".join(r["correct"] for r in rows) for v, rows in key.items()}
    for a, b in [("A", "B"), ("A", "C"), ("B", "C")]:
        assert orders[a] != orders[b]
        assert patterns[a] != patterns[b]


def test_correct_letters_are_spread_over_the_options(key):
    letters = "".join(r["correct"] for rows in key.values() for r in rows)
    assert set(letters) == set(LABELS)


# --- what the student copy shows and hides ---------------------------------------------------

def test_student_pdf_holds_every_stem_option_and_code(student_text, key, bank):
    for v in LETTERS:
        text = squash("".join(student_text[v]))
        for r in key[v]:
            q = bank[r["question_id"]]
            assert plain(q.stem) in text, (v, q.id)
            for c in q.choices:
                assert plain(c.text) in text, (v, q.id, c.text)
            if q.code:
                assert squash(q.code) in text, (v, q.id)


def test_student_pdf_and_html_hold_no_solution_hint_or_answer_mark(student_text, exams, bank):
    printed = "".join(printed_texts(q) for q in bank.values())
    secrets = {squash(t) for q in bank.values() for t in hidden_texts(q)}
    # A secret that is also printed text (none today) could not tell a leak from the question.
    secrets = {s for s in secrets if s and s not in printed}
    assert len(secrets) > 100
    for v in LETTERS:
        pdf = squash("".join(student_text[v]))
        page = squash(html.unescape((exams / f"exam-{v}.html").read_text(encoding="utf-8")))
        for s in secrets:
            assert s not in pdf, (v, s)
            assert s not in page, (v, s)
        for marker in ("→Option", "Quickcheck", "Answerkey", "Hint", "correct\"", "data-correct", "<details"):
            assert marker.lower() not in pdf.lower() and marker.lower() not in page.lower(), marker


def test_student_copy_does_not_depend_on_which_option_is_right(exams):
    """Move the right answer and rewrite every solution: the student's file must not change."""
    version = make_versions([load_bank(exams / "bank.json").questions], 5)[0]
    info = ExamInfo("T", "C", "D", "I")

    def scramble(q):
        choices = tuple(Choice(c.label, c.text, c.label == "B" if q.correct.label != "B" else c.label == "C",
                               "other " + c.why, c.format) for c in q.choices)
        solution = replace(q.solution, steps=("nothing",), hint="none", quick_check="x", final="y")
        return replace(q, choices=choices, solution=solution)

    scrambled = replace(version, questions=tuple(scramble(q) for q in version.questions))
    assert render_student(info, version) == render_student(info, scrambled)


def test_every_page_shows_the_version_and_its_page_number(student_text, key_pages):
    for v in LETTERS:
        for kind in ("exam", "key"):
            pages = student_text[v] if kind == "exam" else key_pages[v]
            assert len(pages) > 1
            for i, page in enumerate(pages, 1):
                assert f"Page {i} of {len(pages)}" in page
                assert f"version{v}".lower() in squash(page).lower(), (kind, v, i)


def test_header_fields_and_answer_grid_on_the_first_page(student_text):
    first = student_text["B"][0]
    for text in ("LSTM midterm", "CS 412", "14 March 2026", "NAME", "STUDENT NUMBER", "ANSWER GRID"):
        assert text in first
    for n in range(1, 21):
        assert re.search(rf"^{n} A B C D$", first, re.M), n


def question_regions(text: str, stems: list[str]) -> list[tuple[int, int]]:
    """Where each question sits in a version's squashed text: from its stem to the next stem.
    Stems repeat across questions ("What happens when this code runs?"), so search in order."""
    starts, at = [], 0
    for stem in stems:
        at = text.index(stem, at)
        starts.append(at)
        at += len(stem)
    return [(start, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)]


def test_no_question_is_split_across_pages(student_text, key, bank):
    for v in LETTERS:
        pages = [squash(p) for p in student_text[v]]
        text = "".join(pages)
        ends = [sum(len(p) for p in pages[:i + 1]) for i in range(len(pages))]
        page_of = lambda offset: next(i for i, end in enumerate(ends) if offset < end)  # noqa: E731
        stems = [plain(bank[r["question_id"]].stem) for r in key[v]]
        for r, (start, stop) in zip(key[v], question_regions(text, stems)):
            q = bank[r["question_id"]]
            for c in q.choices:
                found = text.index(plain(c.text), start)
                assert found < stop, (v, r["question"], c.text)
                assert page_of(found + len(plain(c.text)) - 1) == page_of(start), (v, r["question"])


# --- the answer keys -------------------------------------------------------------------------

def test_every_key_holds_every_correct_letter_and_answer(key_text, key, bank):
    for v in LETTERS:
        text = key_text[v]
        strip = "".join(str(n) for n in range(1, 11)) + "".join(r["correct"] for r in key[v][:10])
        assert strip in text
        for r in key[v]:
            q = bank[r["question_id"]]
            assert f"{r['question']}.Answer{r['correct']}{q.id}" in text
            assert plain(q.correct.text) in text
            for step in q.solution.steps:
                assert plain(step) in text


def test_key_of_each_version_matches_the_options_printed_in_that_version(student_text, key, bank):
    """Find each question in the student's PDF by its stem; the option printed after the key's
    letter must be the one torch confirmed (read from the bank, not from key.csv)."""
    for v in LETTERS:
        text = squash("".join(student_text[v]))
        rows = key[v]
        regions = question_regions(text, [plain(bank[r["question_id"]].stem) for r in rows])
        for r, (start, stop) in zip(rows, regions):
            region = text[start:stop]
            q = bank[r["question_id"]]
            letter = r["correct"]
            after = LABELS[LABELS.index(letter) + 1] if letter != LABELS[-1] else ""
            assert f"{letter}{plain(q.correct.text)}{after}" in region, (v, r["question"])
            for c in q.choices:
                if not c.correct:
                    assert f"{letter}{plain(c.text)}{after}" not in region


# --- determinism and metadata ----------------------------------------------------------------

def test_same_command_twice_gives_byte_identical_files(exams, exams_again):
    names = sorted(p.name for p in exams.iterdir())
    assert names == sorted(p.name for p in exams_again.iterdir())
    for name in names:
        assert (exams / name).read_bytes() == (exams_again / name).read_bytes(), name


def test_pdf_metadata_has_no_clock(exams):
    for v in LETTERS:
        data = (exams / f"exam-{v}.pdf").read_bytes()
        assert b"/CreationDate" not in data and b"/ModDate" not in data
        meta = pypdf.PdfReader(exams / f"exam-{v}.pdf").metadata
        assert meta.title == f"LSTM midterm (version {v})"


def test_exam_from_its_own_bank_reproduces_the_draw_without_torch(exams, tmp_path):
    out = tmp_path / "again"
    code = (
        "import sys\n"
        "from lstmq.cli import cli\n"
        "try:\n"
        f"    cli.main({[*EXAM_ARGS[:3], *EXAM_ARGS[5:], '--bank', str(exams / 'bank.json'), '--out', str(out), '--no-pdf']!r})\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "assert 'torch' not in sys.modules and 'weasyprint' not in sys.modules, 'heavy import'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for name in ["key.csv", *(f"{k}-{v}.html" for k in ("exam", "key") for v in LETTERS)]:
        assert (out / name).read_bytes() == (exams / name).read_bytes(), name


def test_pdf_from_a_bank_does_not_import_torch(exams, tmp_path):
    out = tmp_path / "one"
    code = (
        "import sys\n"
        "from lstmq.cli import cli\n"
        "try:\n"
        f"    cli.main(['exam', '--versions', '1', '--count', '3', '--paper', 'letter', '--bank', {str(exams / 'bank.json')!r}, '--out', {str(out)!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "assert 'torch' not in sys.modules, 'torch imported'\n"
        "assert 'weasyprint' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = pypdf.PdfReader(out / "exam-A.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    a4 = pypdf.PdfReader(exams / "exam-A.pdf").pages[0]
    assert (round(float(a4.mediabox.width)), round(float(a4.mediabox.height))) == (595, 842)
    assert len([r for r in (out / "key.csv").read_text().splitlines()[1:]]) == 3


# --- grading a responses file made from the exam ----------------------------------------------

def test_grade_scores_a_responses_file_made_from_the_exam(exams, key, tmp_path):
    responses = tmp_path / "responses.csv"
    with open(responses, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "version", *(f"q{k}" for k in range(1, 21))])
        w.writerow(["s1", "A", *(r["correct"] for r in key["A"])])  # all right
        w.writerow(["s2", "B", *(r["correct"] for r in key["B"][:10]), *[""] * 10])  # half, rest blank
        wrong = [next(x for x in LABELS if x != r["correct"]) for r in key["C"]]
        w.writerow(["s3", "c", *wrong])  # all wrong, lower-case version
    result = run(["grade", "--key", str(exams / "key.csv"), str(responses)])
    assert result.exit_code == 0, result.stderr
    scores = list(csv.DictReader(open(tmp_path / "responses-scores.csv", encoding="utf-8")))
    assert [(s["student_id"], s["correct"], s["wrong"], s["blank"], s["percent"]) for s in scores] == [
        ("s1", "20", "0", "0", "100.0"), ("s2", "10", "0", "10", "50.0"), ("s3", "0", "20", "0", "0.0")]
    report = list(csv.DictReader(open(tmp_path / "responses-questions.csv", encoding="utf-8")))
    assert len(report) == 20 * 3
    assert all(r["students"] == "3" for r in report)
    assert "3 students graded" in result.stdout


# --- --distinct --------------------------------------------------------------------------------

def test_distinct_gives_each_version_its_own_draw(tmp_path):
    out = tmp_path / "distinct"
    result = run(["exam", "--versions", "2", "--count", "6", "--seed", "3", "--distinct",
                  "--family", "output-shape", "--no-pdf", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(open(out / "key.csv", encoding="utf-8")))
    ids = {v: {r["question_id"] for r in rows if r["version"] == v} for v in "AB"}
    assert len(ids["A"]) == len(ids["B"]) == 6 and not ids["A"] & ids["B"]
    bank = json.loads((out / "bank.json").read_text())
    assert len(bank["questions"]) == 12


# --- pure pieces -----------------------------------------------------------------------------

def test_relabel_moves_each_why_with_its_option(exams):
    for q in load_bank(exams / "bank.json").questions:
        for order in ([3, 2, 1, 0], [1, 3, 0, 2]):
            moved = relabel(q, order)
            assert [c.label for c in moved.choices] == list(LABELS)
            assert {(c.text, c.correct, c.why) for c in moved.choices} == \
                   {(c.text, c.correct, c.why) for c in q.choices}
            assert moved.solution.final.endswith(f"Option {moved.correct.label}")


def test_arrangement_comes_from_the_seed_only(exams):
    questions = load_bank(exams / "bank.json").questions
    assert arrange(questions, 5, "B") == arrange(list(questions), 5, "B")
    assert arrange(questions, 5, "B") != arrange(questions, 6, "B")


def test_one_question_versions_still_differ():
    """A one-question exam has only 24 option orders; six versions must still all differ."""
    choices = tuple(Choice(label, f"option {label}", label == "A", f"why {label}", "text") for label in LABELS)
    q = Question("concepts-00000001", "concepts", "easy", 1, {}, "Stem?", None, choices,
                 Solution(("s",), "f", "q", "h", ("m",)))
    versions = make_versions([[q]] * 6, 0)
    assert len({tuple(c.text for c in v.questions[0].choices) for v in versions}) == 6


def test_html_text_escapes_everything_but_code_spans():
    out = str(html_text("a <b> & `x < y` and ``a ` b``"))
    assert out == "a &lt;b&gt; &amp; <code>x &lt; y</code> and <code>a ` b</code>"


def test_css_string_cannot_break_out_of_the_style_element():
    s = str(css_string('</style><script>alert("x")</script> \\'))
    assert "<" not in s[1:-1] and '"' not in s[1:-1] and "\\\\" not in s
    assert s.startswith('"') and s.endswith('"')


def test_hostile_title_is_escaped_in_the_page(exams):
    version = make_versions([load_bank(exams / "bank.json").questions[:2]], 1)[0]
    page = render_student(ExamInfo('</style><script>x()</script> "q"', "<i>c</i>", "d&", "<b>i</b>"), version)
    assert "<script" not in page and "<i>" not in page and "<b>i" not in page


# --- command-line errors ---------------------------------------------------------------------

@pytest.mark.parametrize("args, code, words", [
    (["--versions", "0"], 2, "--versions"),
    (["--versions", "703"], 2, "--versions"),  # A ... Z, AA ... ZZ: 702 names
    (["--paper", "a3"], 2, "--paper"),
    (["--bank", "no-such-bank.json"], 2, "no-such-bank.json"),
    (["--count", "0"], 2, "--count"),
    (["--title", " "], 2, "--title"),
])
def test_bad_options_fail_in_one_line(args, code, words, tmp_path):
    result = run(["exam", *args, "--out", str(tmp_path / "x")], cwd=tmp_path)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lstmq: error:") and words in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_bank_errors_fail_in_one_line(exams, tmp_path):
    bank = str(exams / "bank.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    cases = [
        (["--bank", bank, "--distinct"], 2, "--distinct"),
        (["--bank", bank, "--count", "21"], 2, "only 20"),
        (["--bank", bank, "--difficulty", "hard", "--family", "concepts"], 2, "no question"),
        (["--bank", str(bad)], 1, "not valid JSON"),
        (["--bank", bank, "--out", "."], 2, "--out"),
    ]
    for args, code, words in cases:
        result = run(["exam", "--no-pdf", "--out", str(tmp_path / "x"), *args], cwd=tmp_path)
        assert result.exit_code == code, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], (args, lines)


def test_out_folder_with_foreign_files_is_left_alone(exams, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run(["exam", "--no-pdf", "--bank", str(exams / "bank.json"), "--out", str(out)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_long_code_wraps_and_unicode_title_reaches_the_page_header():
    from lstmq.outputs.exam.pdf import html_to_pdf

    long_line = "x = torch.randn(" + ", ".join(str(n) for n in range(60)) + ")"
    choices = tuple(Choice(label, f"shape_{label}_" * 12, label == "A", "w", "code") for label in LABELS)
    q = Question("output-shape-00000002", "output-shape", "easy", 2, {}, "Which `shape`?",
                 "import torch\n" + long_line + "\n", choices, Solution(("s",), "f", "q", "h", ()))
    version = make_versions([[q]], 0)[0]
    title = "Prüfung – LSTM “final”"
    pdf = html_to_pdf(render_student(ExamInfo(title, "Kurs", "", ""), version))
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 2 and title in pages[1]
    assert squash(long_line) in squash(pages[1])
    # The 260-character line was wrapped onto several printed lines, none wider than the page.
    assert len([line for line in pages[1].splitlines() if re.search(r"\d+, \d+", line)]) >= 3
    assert max(len(line) for line in pages[1].splitlines()) < 120
