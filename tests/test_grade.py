"""`lstmq grade`: scores and the question report against counts made here, bad rows, errors.

The key comes from `make_versions` over hand-made questions, so these tests need no torch.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.cli import cli
from lstmq.outputs.exam.versions import key_csv, make_versions
from lstmq.grading.grade import grade_files
from lstmq.model import LABELS, Choice, Question, Solution

QUESTIONS = 7


def make_question(i: int) -> Question:
    right = i % len(LABELS)
    choices = tuple(Choice(label, f"option {i}{label}", k == right,
                           f"right because {i}" if k == right else f"misconception {i}{label}", "text")
                    for k, label in enumerate(LABELS))
    return Question(f"concepts-{i:08x}", "concepts", "easy", i, {}, f"Question {i}?", None, choices,
                    Solution(("step",), "final", "check", "hint", ()))


VERSIONS = make_versions([[make_question(i) for i in range(QUESTIONS)]] * 3, seed=11)


def write_key(folder: Path) -> Path:
    path = folder / "key.csv"
    path.write_text(key_csv(VERSIONS), encoding="utf-8")
    return path


def write_responses(path: Path, rows: list[list[str]], columns: int = QUESTIONS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "version", *(f"q{k}" for k in range(1, columns + 1))])
        w.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def invoke(args):
    return CliRunner().invoke(cli, args)


# Independent of lstmq.grading.grade: the truth per version, read straight off the Version records.
TRUTH = {v.letter: [q.correct.label for q in v.questions] for v in VERSIONS}
WHY = {v.letter: [{c.label: c.why for c in q.choices} for q in v.questions] for v in VERSIONS}
IDS = {v.letter: [q.id for q in v.questions] for v in VERSIONS}

answer = st.sampled_from([*LABELS, "", "a", "b", " c ", "d"])
sheet = st.tuples(st.sampled_from([v.letter for v in VERSIONS]), st.lists(answer, min_size=QUESTIONS, max_size=QUESTIONS))


@settings(max_examples=40)
@given(sheets=st.lists(sheet, min_size=1, max_size=12), trim=st.booleans())
def test_scores_and_report_match_an_independent_count(sheets, trim):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for n, (version, answers) in enumerate(sheets):
            cells = list(answers)
            while trim and cells and not cells[-1].strip():
                cells.pop()  # a short row: the missing answers are blanks
            rows.append([f"s{n}", version.lower() if n % 2 else version, *cells])
        result = grade_files(write_key(folder), write_responses(folder / "r.csv", rows))
        assert not result.bad_rows
        scores = read_csv(folder / "r-scores.csv")
        assert len(scores) == len(sheets)
        expected_right = Counter()
        expected_seen = Counter()
        expected_pull = Counter()
        for row, (version, answers) in zip(scores, sheets):
            given_letters = [a.strip().upper() for a in answers]
            right = sum(g == t for g, t in zip(given_letters, TRUTH[version]))
            blank = given_letters.count("")
            assert (int(row["correct"]), int(row["wrong"]), int(row["blank"])) == \
                   (right, QUESTIONS - right - blank, blank)
            assert row["version"] == version
            assert float(row["percent"]) == round(100 * right / QUESTIONS, 1)
            for k, g in enumerate(given_letters):
                qid = IDS[version][k]
                expected_seen[qid] += 1
                expected_right[qid] += g == TRUTH[version][k]
                if g and g != TRUTH[version][k]:
                    expected_pull[qid, WHY[version][k][g]] += 1
        report = read_csv(folder / "r-questions.csv")
        assert len(report) == QUESTIONS * (len(LABELS) - 1)
        for r in report:
            assert int(r["students"]) == expected_seen[r["question_id"]]
            assert int(r["correct"]) == expected_right[r["question_id"]]
            assert int(r["chosen"]) == expected_pull[r["question_id"], r["misconception"]]
            assert r["misconception"].startswith("misconception ")


def test_wrong_option_is_counted_across_versions_under_its_misconception(tmp_path):
    """The same wrong option has different letters in A and B; the report adds them up."""
    qid, target = "concepts-00000000", "misconception 0B"
    where = {v: IDS[v].index(qid) for v in "ABC"}
    letter = {v: next(label for label, why in WHY[v][where[v]].items() if why == target) for v in "ABC"}
    rows = []
    for n, v in enumerate("AB"):
        cells = [""] * QUESTIONS
        cells[where[v]] = letter[v]
        rows.append([f"s{n}", v, *cells])
    grade_files(write_key(tmp_path), write_responses(tmp_path / "r.csv", rows))
    report = [r for r in read_csv(tmp_path / "r-questions.csv") if r["question_id"] == qid]
    top = report[0]
    assert (top["misconception"], top["chosen"], top["share_chosen"], top["rank"]) == (target, "2", "1.000", "1")
    assert top["letters"] == " ".join(f"{v}:{letter[v]}" for v in "ABC")
    assert [r["chosen"] for r in report[1:]] == ["0", "0"]


def test_bad_rows_are_reported_with_their_number_and_skipped(tmp_path):
    good = ["g1", "A", *TRUTH["A"]]
    rows = [
        good,                                              # row 2: fine
        ["g2", "E", *TRUTH["A"]],                          # row 3: unknown version
        ["g3", "B", "E", *TRUTH["B"][1:]],                 # row 4: letter out of range
        ["g4", "C", *TRUTH["C"], "A"],                     # row 5: an eighth answer
        [],                                                # row 6: blank line, ignored
        ["g1", "B", *TRUTH["B"]],                          # row 7: student graded before
        ["", "B", *TRUTH["B"]],                            # row 8: no id
        ["g5", "B", "AB", *[""] * (QUESTIONS - 1)],        # row 9: two letters in one cell
        ["g6", "C", *[""] * QUESTIONS],                    # row 10: all blank, still graded
    ]
    responses = write_responses(tmp_path / "class.csv", rows)
    result = invoke(["grade", "--key", str(write_key(tmp_path)), str(responses)])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert [line.split(":")[1].strip() for line in errors[:-1]] == [
        "row 3", "row 4", "row 5", "row 7", "row 8", "row 9"]
    assert "unknown version 'E'" in errors[0]
    assert "'E' is not one of A, B, C, D" in errors[1]
    assert "too many answers" in errors[2]
    assert "already graded in row 2" in errors[3]
    assert "no student_id" in errors[4]
    assert "'AB'" in errors[5]
    assert errors[-1] == "lstmq: error: 6 of 8 rows could not be graded (listed above); the other rows were graded"
    scores = read_csv(tmp_path / "class-scores.csv")
    assert [(s["student_id"], s["correct"], s["blank"], s["percent"]) for s in scores] == [
        ("g1", str(QUESTIONS), "0", "100.0"), ("g6", "0", str(QUESTIONS), "0.0")]
    assert "2 students graded" in result.stdout


def test_too_many_answers_beyond_the_header(tmp_path):
    responses = write_responses(tmp_path / "r.csv", [["s", "A", *TRUTH["A"], "", "B"]])
    result = grade_files(write_key(tmp_path), responses)
    assert [(b.row, "too many answers" in b.reason) for b in result.bad_rows] == [(2, True)]


def test_reports_go_to_out_and_are_written_whole(tmp_path):
    responses = write_responses(tmp_path / "r.csv", [["s", "A", *TRUTH["A"]]])
    out = tmp_path / "reports"
    result = invoke(["grade", "--key", str(write_key(tmp_path)), "--out", str(out), str(responses)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r-questions.csv", "r-scores.csv"]
    assert read_csv(out / "r-scores.csv")[0]["percent"] == "100.0"
    assert "question" in result.stdout and "most chosen wrong option" in result.stdout
    assert not list(tmp_path.glob(".*.tmp")) and not list(out.glob(".*.tmp"))


def test_same_input_gives_byte_identical_reports(tmp_path):
    rows = [["s1", "B", *TRUTH["B"]], ["s2", "C", *["A"] * QUESTIONS]]
    key = write_key(tmp_path)
    responses = write_responses(tmp_path / "r.csv", rows)
    grade_files(key, responses)
    first = [(tmp_path / n).read_bytes() for n in ("r-scores.csv", "r-questions.csv")]
    grade_files(key, responses)
    assert first == [(tmp_path / n).read_bytes() for n in ("r-scores.csv", "r-questions.csv")]


def test_file_errors_are_one_line(tmp_path):
    key = write_key(tmp_path)
    ok = write_responses(tmp_path / "ok.csv", [["s", "A", *TRUTH["A"]]])
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("name,version,q1\nx,A,B\n", encoding="utf-8")
    short_header = write_responses(tmp_path / "short.csv", [], columns=3)
    bad_key = tmp_path / "badkey.csv"
    bad_key.write_text("version,question,question_id,correct\nA,1,x,F\n", encoding="utf-8")
    gap_key = tmp_path / "gapkey.csv"
    gap_key.write_text("version,question,question_id,correct\nA,2,x,A\n", encoding="utf-8")
    cases = [
        (["--key", str(tmp_path / "missing.csv"), str(ok)], 2, "missing.csv"),
        (["--key", str(key), str(tmp_path / "none.csv")], 2, "none.csv"),
        (["--key", str(key), str(bad_header)], 1, "header must be student_id,version,q1"),
        (["--key", str(key), str(short_header)], 1, "up to q3"),
        (["--key", str(bad_key), str(ok)], 1, "row 2: correct letter 'F'"),
        (["--key", str(gap_key), str(ok)], 1, "should be 1"),
        ([str(ok)], 2, "--key"),
    ]
    for args, code, words in cases:
        result = invoke(["grade", *args])
        assert result.exit_code == code, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("lstmq: error:") and words in lines[0], (args, lines)
    assert not (tmp_path / "bad-scores.csv").exists()


def test_key_without_misconception_columns_still_grades(tmp_path):
    key = tmp_path / "plain.csv"
    lines = ["version,question,question_id,correct"]
    lines += [f"A,{n},{qid},{TRUTH['A'][n - 1]}" for n, qid in enumerate(IDS["A"], 1)]
    key.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wrong = [next(x for x in LABELS if x != t) for t in TRUTH["A"]]
    responses = write_responses(tmp_path / "r.csv", [["s", "A", *wrong]])
    result = grade_files(key, responses)
    assert (result.scores[0].correct, result.scores[0].wrong) == (0, QUESTIONS)
    chosen = [r for r in read_csv(tmp_path / "r-questions.csv") if r["chosen"] == "1"]
    assert len(chosen) == QUESTIONS and all(r["misconception"] == "" for r in chosen)
