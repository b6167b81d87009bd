"""Multiple-answer and numeric items on paper and in grading (issue 16): printed exams and keys,
key.csv, answer sheets, scanning and review, `lstmq grade` both ways, and the item analysis.

The questions are hand-built (``kinds_samples``): no torch, and no family needs to draw these
kinds yet. Expected scores are worked out here from the documented rule, not read from lstmq.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from lstmq.cli import cli
from lstmq.grading.grade import GradeError, KeyEntry, letters_of, number_of, read_key, read_responses, score
from lstmq.grading.scan.inputs import PageImage
from lstmq.grading.scan.job import UNCLEAR, scan_pages
from lstmq.grading.scan.review import apply_review
from lstmq.model import LABELS
from lstmq.outputs.exam.html import ExamRenderer, render_key, render_student
from lstmq.outputs.exam.versions import (KEY_COLUMNS, MISCONCEPTION_COLUMNS, ExamInfo, key_answer, key_csv,
                                         make_versions, versions_fingerprint)
from lstmq.outputs.sheet.layout import PAPER_MM, SheetSpec, layout
from lstmq.outputs.sheet.manifest import Copy, Manifest, manifest_json, read_manifest
from lstmq.outputs.sheet.render import SheetText, sheet_pages, sheets_pdf

from kinds_samples import mixed, multiple, numeric, single, write_mixed_bank

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks/ is not installed: import it from the checkout

from benchmarks.scan_corpus import UNCLEAR_KINDS, Damage, degrade, draw_mark, kinds_for, rasterise  # noqa: E402

OLD_HEADER = ",".join([*KEY_COLUMNS, *MISCONCEPTION_COLUMNS, "exam"])
INFO = ExamInfo("Kinds test")


def invoke(*args, cwd: Path | None = None):
    with contextlib.chdir(cwd or Path.cwd()):
        return CliRunner().invoke(cli, [str(a) for a in args])


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture(scope="module")
def versions():
    return make_versions([mixed()] * 3, seed=5)


# ---- exams and key.csv ------------------------------------------------------------------------

def test_key_csv_names_every_right_letter_or_the_value_with_kind_tolerance_and_unit(versions):
    text = key_csv(versions)
    assert text.splitlines()[0] == OLD_HEADER.replace(",exam", ",kind,tolerance,unit,exam")
    by_id = {q.id: q for q in mixed()}
    for row in rows_of(text):
        q = by_id[row["question_id"]]
        assert row["kind"] == q.kind
        if q.kind == "numeric":
            assert (row["correct"], row["tolerance"], row["unit"]) == \
                ({164: "164", 0.125: "0.125"}[q.answer.value], {0: "0", 0.001: "0.001"}[q.answer.tolerance],
                 q.answer.unit)
            assert all(row[c] == "" for c in MISCONCEPTION_COLUMNS)
        else:
            printed = next(p for v in versions if v.letter == row["version"] for p in v.questions if p.id == q.id)
            assert row["correct"] == "".join(c.label for c in printed.choices if c.correct)
            assert len(row["correct"]) == sum(c.correct for c in q.choices)
            for c in printed.choices:  # every wrong letter names its misconception, no right one does
                assert row[f"misconception_{c.label}"] == ("" if c.correct else c.why)
    key = read_key_text(text)
    assert key.exam == versions_fingerprint(versions)  # the fingerprint still checks out


def read_key_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "key.csv"
        path.write_text(text, encoding="utf-8")
        return read_key(path)


def test_a_single_choice_exam_keeps_the_key_csv_it_always_had():
    text = key_csv(make_versions([[single(3), single(4)]] * 2, seed=1))
    assert text.splitlines()[0] == OLD_HEADER
    assert all(len(line.split(",")) == len(OLD_HEADER.split(",")) for line in text.splitlines())


def test_versions_shuffle_the_options_of_multiple_answer_items_and_keep_the_right_set(versions):
    orders = set()
    for v in versions:
        for q in v.questions:
            if q.kind == "multiple":
                original = next(o for o in mixed() if o.id == q.id)
                assert {c.text for c in q.correct_choices} == {c.text for c in original.correct_choices}
                assert {(c.text, c.why) for c in q.choices} == {(c.text, c.why) for c in original.choices}
                assert q.solution.final.startswith("Option") and all(
                    label in q.solution.final for label in q.correct_labels)
                orders.add((q.id, tuple(c.text for c in q.choices)))
            if q.kind == "numeric":
                assert q.choices == () and q.answer == next(o for o in mixed() if o.id == q.id).answer
    assert len(orders) > 2  # two items in three versions: at least one was reordered


def test_the_student_copy_asks_to_select_all_and_gives_a_write_in_box_without_the_answer(versions):
    page = render_student(INFO, versions[0], ExamRenderer())
    assert page.count("Mark every right option: one box or more.") == 2
    assert page.count('<span class="box">') == 2 * 4 * 2  # a box per option, in the questions and the grid
    assert page.count('<div class="write-in">') == 2
    assert "Write a number (parameters); only the exact value counts." in page
    assert "Write a number (rounded to 3 decimals); answers within \u00b10.001 of the value count as right." in page
    assert "square boxes (select all that apply)" in page
    for q in mixed():  # nothing that depends on the key reaches the student
        assert q.solution.hint not in page
        for c in q.choices:
            assert c.why not in page
        if q.answer is not None:
            assert q.answer.traps[0].why not in page
    assert "0.125" not in page and "164" not in page


def test_the_key_shows_every_right_letter_and_the_value_with_its_tolerance(versions):
    v = versions[0]
    page = render_key(INFO, v, ExamRenderer())
    for n, q in enumerate(v.questions, 1):
        if q.kind == "multiple":
            assert f"Answer {q.correct_labels} (select all that apply)" in page
        if q.kind == "numeric" and q.answer.tolerance:
            assert "Answer 0.125 &plusmn;0.001 (number)" in page
            assert "any answer from 0.124 to 0.126 counts as right" in page
        if q.kind == "numeric" and not q.answer.tolerance:
            assert "Answer 164 (number)" in page and "only this exact value counts" in page
        assert f"<td>{key_answer(q)}</td>" in page  # the letters strip
    assert "forgets the bias" in page  # a trap's misconception


def test_an_exam_of_every_kind_from_a_bank_through_the_cli(tmp_path):
    bank = write_mixed_bank(tmp_path / "bank.json")
    result = invoke("exam", "--bank", bank, "--versions", "2", "--seed", "5", "--no-pdf", "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ex" / "exam-A.html").read_text(encoding="utf-8")
    assert "for a question with square boxes (select all that apply)" in page  # the default instructions fit
    entries = read_key(tmp_path / "ex" / "key.csv").versions["A"]
    assert sorted(e.kind for e in entries) == ["multiple"] * 2 + ["numeric"] * 2 + ["single"] * 2


# ---- grading ----------------------------------------------------------------------------------

def entry(kind: str, correct: str, tolerance: float = 0.0) -> KeyEntry:
    return KeyEntry("A", 1, "q", correct, {}, kind, tolerance)


@pytest.mark.parametrize("correct, given, whole, partial", [
    ("AC", "AC", 1, 1), ("AC", "A", 0, 0.5), ("AC", "ACD", 0, 0.5), ("AC", "ABCD", 0, 0), ("AC", "BD", 0, 0),
    ("AC", "", 0, 0), ("B", "B", 1, 1), ("B", "AB", 0, 1 - 1 / 3), ("ABD", "AB", 0, 2 / 3), ("ABD", "ABC", 0, 0),
    ("ABD", "ABCD", 0, 0),
])
def test_multiple_answer_credit_all_or_nothing_and_per_option(correct, given, whole, partial):
    e = entry("multiple", correct)
    assert e.credit(given) == whole
    assert e.credit(given, partial=True) == pytest.approx(partial)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(LABELS), min_size=1, max_size=3), st.sets(st.sampled_from(LABELS)),
       st.sampled_from(LABELS))
def test_partial_credit_stays_between_0_and_1_and_rewards_right_marks(right, marked, extra):
    e = entry("multiple", "".join(sorted(right)))
    given_ = "".join(sorted(marked))
    credit = e.credit(given_, partial=True)
    assert 0.0 <= credit <= 1.0
    assert (credit == 1.0) == (marked == right)
    assert e.credit("ABCD", partial=True) == 0.0  # marking everything earns nothing
    more = "".join(sorted(marked | {extra}))
    if extra in right:
        assert e.credit(more, partial=True) >= credit
    else:
        assert e.credit(more, partial=True) <= credit


def test_numeric_credit_is_the_tolerance():
    e = entry("numeric", "0.125", 0.001)
    assert [e.credit(x) for x in ("0.125", "0.126", "0.124", "0.1261", "0.3")] == [1, 1, 1, 0, 0]
    assert [entry("numeric", "164").credit(x) for x in ("164", "164.0", "165")] == [1, 1, 0]


def test_answer_cells_take_letters_in_any_spelling_and_numbers_with_a_point():
    assert [letters_of(x) for x in ("AC", "c a", "a, c", "C;A", "AE", "", "1")] == ["AC", "AC", "AC", "AC", None, None,
                                                                                     None]
    assert [number_of(x) for x in ("164", "+164", "-3", ".5", "1e-3", " 0.125 ")] == [164, 164, -3, 0.5, 0.001, 0.125]
    assert [number_of(x) for x in ("12,5", "164 parameters", "inf", "nan", "", "1e999")] == [None] * 6


@pytest.fixture
def exam_folder(tmp_path):
    bank = write_mixed_bank(tmp_path / "bank.json")
    result = invoke("exam", "--bank", bank, "--versions", "2", "--seed", "5", "--no-pdf", "--out", tmp_path / "ex")
    assert result.exit_code == 0, result.output
    return tmp_path / "ex"


def responses_for(key_path: Path, answers: dict[str, dict[str, str]], path: Path) -> Path:
    """A responses file: per student, version A, the answer to each question id."""
    key = read_key(key_path)
    entries = key.versions["A"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "version", *(f"q{k}" for k in range(1, len(entries) + 1))])
        for student, by_id in answers.items():
            w.writerow([student, "A", *(by_id.get(e.question_id, "") for e in entries)])
    return path


def test_grade_scores_both_kinds_both_ways_and_the_analysis_runs(exam_folder, tmp_path):
    key_path = exam_folder / "key.csv"
    key = read_key(key_path)
    entries = {e.question_id: e for e in key.versions["A"]}
    m5, m7 = multiple(5).id, multiple(7).id
    right = {qid: e.correct for qid, e in entries.items()}
    wrong_of = {qid: next(label for label in LABELS if label not in e.correct) for qid, e in entries.items()
                if e.kind != "numeric"}
    first_right = {m5: entries[m5].correct[0]}
    answers = {
        "all-right": right,
        # m5: one of its two right letters (1/2); m7: its right letter and a wrong one (1 - 1/3);
        # numerics: a trap (164 - 40) and a value just within the tolerance; singles blank.
        "partly": {m5: first_right[m5], m7: right[m7] + wrong_of[m7], numeric(164).id: "124",
                   numeric(0.125, 0.001).id: "0.1259"},
        "spelled": {m5: " , ".join(right[m5].lower()), numeric(164).id: "164.0"},
    }
    responses = responses_for(key_path, answers, tmp_path / "resp.csv")
    whole = invoke("grade", "--key", key_path, responses, "--report", tmp_path / "r.html", "--feedback",
                   tmp_path / "fb", "--stats-out", tmp_path / "st.json", "--no-pdf", "--out", tmp_path / "whole")
    assert whole.exit_code == 0, whole.output
    scores = {r["student_id"]: r for r in csv.DictReader(open(tmp_path / "whole" / "resp-scores.csv"))}
    assert "points" not in scores["partly"]
    assert (scores["all-right"]["correct"], scores["all-right"]["percent"]) == ("6", "100.0")
    assert (scores["partly"]["correct"], scores["partly"]["wrong"], scores["partly"]["blank"]) == ("1", "3", "2")
    assert (scores["spelled"]["correct"], scores["spelled"]["blank"]) == ("2", "4")
    partial = invoke("grade", "--key", key_path, responses, "--partial", "--out", tmp_path / "partial")
    assert partial.exit_code == 0, partial.output
    scores = {r["student_id"]: r for r in csv.DictReader(open(tmp_path / "partial" / "resp-scores.csv"))}
    expected = 0.5 + (1 - 1 / 3) + 0 + 1
    assert scores["partly"]["points"] == f"{expected:.2f}"
    assert scores["partly"]["percent"] == f"{100 * expected / 6:.1f}"
    assert scores["all-right"]["points"] == "6.00"

    stats = json.loads((tmp_path / "st.json").read_text(encoding="utf-8"))["items"]
    options = {o["option"]: o["chosen"] for o in stats[numeric(164).id]["options"]}
    assert options["(a number outside the tolerance)"] == 1 and options["(key)"] == 2
    options = {o["option"]: o["chosen"] for o in stats[m5]["options"]}
    assert options["(missed a right option)"] == 1 and options["(key)"] == 2
    feedback = (tmp_path / "fb" / "partly.html").read_text(encoding="utf-8")
    assert "forgets the bias (question" in feedback  # the trap 124 names its misconception
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "left out a right option" in report


def test_a_cell_that_does_not_fit_the_kind_is_a_bad_row(exam_folder, tmp_path):
    key_path = exam_folder / "key.csv"
    key = read_key(key_path)
    kinds = {e.question_id: e.kind for e in key.versions["A"]}
    numeric_id = next(q for q, k in kinds.items() if k == "numeric")
    multiple_id = next(q for q, k in kinds.items() if k == "multiple")
    single_id = next(q for q, k in kinds.items() if k == "single")
    path = responses_for(key_path, {"a": {numeric_id: "12,5"}, "b": {multiple_id: "AE"}, "c": {single_id: "AB"},
                                    "d": {numeric_id: "A"}}, tmp_path / "bad.csv")
    sheets, bad = read_responses(path, key)
    assert sheets == []
    reasons = [b.reason for b in bad]
    assert "'12,5' is not a number" in reasons[0]
    assert "'AE' is not letters of A, B, C, D" in reasons[1]
    assert "'AB' is not one of A, B, C, D" in reasons[2]
    assert "'A' is not a number" in reasons[3]


@pytest.mark.parametrize("correct, kind, tolerance, message", [
    ("ABCD", "multiple", "", "must be one to 3 of ABCD"),
    ("CA", "multiple", "", "in order"),
    ("12 5", "numeric", "0", "needs a number"),
    ("1", "numeric", "-1", "needs a number"),
    ("A", "several", "", "is not one of single, multiple, numeric"),
])
def test_a_key_row_that_does_not_fit_its_kind_stops_grading(tmp_path, correct, kind, tolerance, message):
    text = key_csv(make_versions([[numeric(164)]], seed=1))
    header, row = text.splitlines()
    cells = row.split(",")
    cells[3], cells[8], cells[9] = correct, kind, tolerance
    (tmp_path / "key.csv").write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    with pytest.raises(GradeError, match=message):
        read_key(tmp_path / "key.csv")


def test_score_without_partial_is_the_count_of_full_credits():
    from lstmq.grading.grade import AnswerKey, Sheet

    key = AnswerKey({"A": (entry("multiple", "AC"), entry("numeric", "3", 0.5), entry("single", "B"))})
    s = score(Sheet(2, "s", "A", ("A", "3.4", "B")), key)
    assert (s.correct, s.wrong, s.blank, s.points, s.percent) == (2, 1, 0, None, pytest.approx(200 / 3))
    s = score(Sheet(2, "s", "A", ("A", "3.4", "B")), key, partial=True)
    assert s.points == pytest.approx(2.5) and s.percent == pytest.approx(250 / 3)


# ---- answer sheets, scanning and review ---------------------------------------------------------

KINDS6 = ("multiple", "numeric", "single", "multiple", "numeric", "single")
MIXED = Manifest("5ca17e57c0de", "a4", False, (Copy(1, "A", (4, 0, 4, 4, 0, 4), "s-1", "Ada", KINDS6),))


def test_the_layout_gives_square_boxes_and_write_in_fields():
    page = layout(MIXED.spec(MIXED.copies[0]))[0]
    assert [w.question for w in page.write_ins] == [2, 5]
    assert page.row(2) == () and page.row(5) == ()
    assert all(b.square == (KINDS6[b.question - 1] == "multiple") for b in page.bubbles)
    assert page.questions() == (1, 2, 3, 4, 5, 6)
    with pytest.raises(ValueError, match="no options"):
        layout(SheetSpec("a4", (4, 4), 0, ("single", "numeric")))
    with pytest.raises(ValueError, match="kinds"):
        layout(SheetSpec("a4", (4, 4), 0, ("single",)))


def test_sheets_json_keeps_the_kinds_only_when_some_item_needs_them(tmp_path):
    (tmp_path / "sheets.json").write_text(manifest_json(MIXED), encoding="utf-8")
    assert read_manifest(tmp_path) == MIXED
    single_only = Manifest("5ca17e57c0de", "a4", True, (Copy(1, "A", (4, 4)),))
    assert "kinds" not in manifest_json(single_only)
    (tmp_path / "sheets.json").write_text(manifest_json(single_only).replace('"options"', '"kinds": ["x", "y"],\n'
                                                                              '   "options"'), encoding="utf-8")
    with pytest.raises(Exception, match="kinds must name"):
        read_manifest(tmp_path)


_CLEAN: dict = {}


def clean_sheet(manifest: Manifest, dpi: int = 200) -> np.ndarray:
    """The first sheet page of the manifest's first copy, printed and rasterised (kept per test run)."""
    if (manifest, dpi) not in _CLEAN:
        copy = manifest.copies[0]
        text = SheetText("Scan kinds", "", "Copy 1 · version A", copy.student_name, copy.student_id)
        width, height = PAPER_MM[manifest.paper]
        pdf = sheets_pdf(sheet_pages(manifest.spec(copy), text, manifest.exam, 1), width, height, "Scan kinds")
        _CLEAN[(manifest, dpi)] = rasterise(pdf, dpi)[0]
    return _CLEAN[(manifest, dpi)]


def fill(image: np.ndarray, page, marks: dict[int, str], dpi: int) -> np.ndarray:
    rng = random.Random(1)
    px = dpi / 25.4
    out = image.copy()
    for n, letters in marks.items():
        for b in page.row(n):
            if b.label in letters:
                draw_mark(out, "full", b.x, b.y, b.r, px, rng)
    return out


def test_scanning_reads_several_marks_on_a_select_all_row_and_sends_numbers_to_review(tmp_path):
    page = layout(MIXED.spec(MIXED.copies[0]))[0]
    image = fill(clean_sheet(MIXED), page, {1: "AC", 3: "AB", 4: "D", 6: "B"}, 200)
    result = scan_pages(MIXED, [PageImage("scan.png", 1, image)])
    row = rows_of(result.responses)[0]
    assert [row[f"q{k}"] for k in range(1, 7)] == ["AC", UNCLEAR, UNCLEAR, "D", UNCLEAR, "B"]
    reasons = {item.question: item.reason for item in result.review}
    assert set(reasons) == {"2", "3", "5"}
    assert reasons["3"].startswith("2 marks on one row")  # a single-choice row is still ambiguous
    assert reasons["2"].startswith("numeric answer written by hand") and "question 2" in reasons["2"]

    responses = tmp_path / "responses.csv"
    responses.write_text(result.responses, encoding="utf-8")
    review = tmp_path / "review.csv"
    from lstmq.grading.scan.job import review_csv

    decided = []
    for item in result.review:
        item_cells = item.cells()
        item_cells[-1] = {"2": "164", "3": "blank", "5": "0.125"}[item.question]
        decided.append(item_cells)
    with open(review, "w", newline="", encoding="utf-8") as f:
        f.write(review_csv([]))
        csv.writer(f, lineterminator="\n").writerows(decided)
    applied = apply_review(review, responses)
    row = rows_of(applied.responses)[0]
    assert [row[f"q{k}"] for k in range(1, 7)] == ["AC", "164", "", "D", "0.125", "B"]
    assert applied.undecided == 0
    with open(review, "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow([*decided[0][:-1], "A C E"])
    with pytest.raises(Exception, match="must be one letter"):
        apply_review(review, responses)


SELECT_ALL = Manifest("5ca17e57c0de", "a4", False,
                      (Copy(1, "A", (4,) * 20, "s-2", "Bo", ("multiple", "single") * 10),))


@settings(max_examples=6, deadline=None)  # 40 examples passed once by hand (about 30 s)
@given(st.builds(Damage, dpi=st.sampled_from([150, 200, 300]), rotation=st.floats(-5, 5),
                 scale=st.floats(0.95, 1.05), shift=st.tuples(st.floats(-5, 5), st.floats(-5, 5)),
                 perspective=st.floats(0, 1.5), blur=st.floats(0, 1.2), noise=st.floats(0, 8),
                 jpeg=st.sampled_from([None, 50, 75]), threshold=st.booleans(), upside_down=st.booleans(),
                 seed=st.integers(0, 2**16)),
       st.integers(0, 2**16))
def test_select_all_rows_on_a_damaged_scan_read_every_clear_mark_and_review_every_unclear_one(damage, seed):
    """Rows alternate select-all (one to three boxes filled, often three) and single-choice;
    one row in four carries an unclear mark (tick, cross, partial, erased), never read silently."""
    rng = random.Random(seed)
    page = layout(SELECT_ALL.spec(SELECT_ALL.copies[0]))[0]
    px = damage.dpi / 25.4
    image = clean_sheet(SELECT_ALL, damage.dpi).copy()
    expected: dict[str, str | None] = {}
    unclear = [k for k in kinds_for(damage) if k in UNCLEAR_KINDS and k != "double"]
    for n in page.questions():
        row = page.row(n)
        several = row[0].square
        chosen = sorted(rng.sample(range(4), rng.choice((1, 2, 3, 3)) if several else 1))
        for i in chosen:
            draw_mark(image, "full", row[i].x, row[i].y, row[i].r, px, rng)
        expected[str(n)] = "".join(row[i].label for i in chosen)
        if n % 4 == 0:  # an unclear mark on an otherwise empty box
            spare = next(i for i in range(4) if i not in chosen)
            draw_mark(image, rng.choice(unclear), row[spare].x, row[spare].y, row[spare].r, px, rng)
            expected[str(n)] = None
    from lstmq.grading.scan.job import Scanner

    scan = degrade(image, damage)  # JPEG bytes or a grey array, as a scanner gives them
    grey = np.array(Image.open(io.BytesIO(scan)).convert("L")) if isinstance(scan, bytes) else scan
    read = Scanner(SELECT_ALL).read(PageImage("scan", 1, grey))
    for r in read.marks.rows:
        if expected[r.key] is None:
            assert not r.clear, r
        else:
            assert r.clear and r.read == expected[r.key], r


def test_a_page_of_select_all_rows_mostly_filled_is_still_read():
    """The fills are measured against the page's empty boxes. On a page of select-all rows
    most boxes may be filled (three of four here), so the page's median box is not empty."""
    count = 20
    manifest = Manifest("5ca17e57c0de", "a4", False, (Copy(1, "A", (4,) * count, "s-2", "Bo", ("multiple",) * count),))
    page = layout(manifest.spec(manifest.copies[0]))[0]
    rng = random.Random(3)
    marks = {n: "".join(sorted(rng.sample("ABCD", 3 if n % 5 else rng.choice((1, 2))))) for n in range(1, count + 1)}
    image = fill(clean_sheet(manifest), page, marks, 200)
    result = scan_pages(manifest, [PageImage("scan.png", 1, image)])
    assert result.review == []
    row = rows_of(result.responses)[0]
    assert [row[f"q{k}"] for k in range(1, count + 1)] == [marks[n] for n in range(1, count + 1)]
