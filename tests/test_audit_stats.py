"""``lstmq audit --stats``: the figures a graded exam measured, beside the cues. A tiny bank and a
hand-written stats file whose means are worked out by hand; a stats file of another exam; bad
files; byte-identical output. (``lstmq exam --exclude-flagged`` reads the same file with the same
reader: tests/test_analysis_report.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from lstmq.audit.measured import measure
from lstmq.bank.file import make_header, write_bank
from lstmq.catalogue import CATALOGUE
from lstmq.cli import cli
from lstmq.itemstats import ItemStats, StatsFile
from lstmq.model import LABELS, Choice, Question, Solution


# Two real families (the bank reader checks names); ONE and TWO stand for them below.
ONE, TWO = CATALOGUE[0], CATALOGUE[1]


def item(entry, n: int, key_text: str = "the key") -> Question:
    family = entry.name
    texts = [key_text, "other one", "other two", "other three"]
    choices = tuple(Choice(LABELS[i], t, i == 0, f"why {i}") for i, t in enumerate(texts))
    return Question(f"{family}-{n:08x}", family, entry.difficulties[0], n, {}, f"Which one, case {n}?", None, choices,
                    Solution(("A step.",), "final", "count the axes", "Which axis?", ("a", "b", "c")))


# Q0 and Q3 have a key far longer than their distractors: the cue-longest check flags them.
BANK = [item(ONE, 0, "a key much longer than the others"), item(ONE, 1), item(TWO, 2), item(TWO, 3, "another key longer than the rest")]
Q0, Q1, Q2, Q3 = (q.id for q in BANK)


def figures(p, r, *codes, family=None):
    family = family or ONE.name
    return {"family": family, "difficulty": "easy", "students": 10, "correct": 0, "p": p,
            "point_biserial": r, "upper_lower": None, "flagged": bool(codes),
            "flags": [{"code": c, "reason": f"reason for {c}"} for c in codes], "options": []}


def stats_file(path: Path, items: dict, exam: str = "midterm") -> Path:
    data = {"kind": "lstmq-item-stats", "format": 1, "exam": exam, "students": 10, "questions": len(items),
            "mean": None, "sd": None, "kr20": None, "sem": None, "items": items}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    bank = tmp_path / "bank.json"
    write_bank(bank, make_header(0, {}, "test"), BANK)
    stats = stats_file(tmp_path / "stats.json", {
        Q0: figures(0.8, 0.3),
        Q1: figures(0.4, -0.1, "negative_discrimination"),
        Q2: figures(None, None, "discrimination_undefined", family=TWO.name),
        # Q3 was not on the exam; an item of another bank is ignored
        "other-000000ff": figures(0.1, 0.9, "too_hard", family="other"),
    })
    return bank, stats


def run(*args):
    return CliRunner().invoke(cli, ["audit", *map(str, args)])


def test_the_json_gives_the_means_of_the_covered_items_and_null_for_the_rest(files):
    bank, stats = files
    done = run(bank, "--stats", stats, "--json")
    assert done.exit_code == 0, done.output
    measured = json.loads(done.output)["measured"]
    assert measured["stats"] == {"path": str(stats), "exam": "midterm", "students": 10}
    one, two = measured["families"]
    assert one == {"name": ONE.name, "items": 2, "measured": 2, "mean_p": 0.6, "mean_discrimination": 0.1}
    # Q2 is covered but its figures are undefined: counted, yet in no mean; Q3 is not measured
    assert two == {"name": TWO.name, "items": 2, "measured": 1, "mean_p": None, "mean_discrimination": None}
    assert measured["overall"] == {"name": "all", "items": 4, "measured": 3, "mean_p": 0.6,
                                   "mean_discrimination": 0.1}
    by_id = {i["item"]: i for i in measured["items"]}
    assert list(by_id) == [q.id for q in BANK]
    assert by_id[Q1] == {"item": Q1, "measured": True, "p": 0.4, "discrimination": -0.1,
                                     "flags": ["negative_discrimination"]}
    assert by_id[Q3] == {"item": Q3, "measured": False, "p": None,
                                     "discrimination": None, "flags": None}


def test_without_stats_the_report_is_what_it_was(files):
    bank, stats = files
    plain = json.loads(run(bank, "--json").output)
    assert "measured" not in plain
    with_stats = json.loads(run(bank, "--json", "--stats", stats).output)
    del with_stats["measured"]
    assert with_stats == plain


def test_text_shows_family_means_and_each_items_figures_beside_its_findings(files):
    bank, stats = files
    text = run(bank, "--stats", stats, "--items").output
    lines = text.splitlines()
    table = lines[lines.index(next(l for l in lines if l.startswith("Measured ("))) + 1:][:4]
    assert [l.split() for l in table] == [["family", "items", "measured", "mean", "p", "mean", "r"],
                                          [ONE.name, "2", "2", "0.60", "0.10"], [TWO.name, "2", "1", "–", "–"],
                                          ["all", "4", "3", "0.60", "0.10"]]
    assert "exam midterm, 10 students" in text
    first = lines.index(f"{Q0}  p 0.80  r 0.30  flags: none")
    assert lines[first + 1].startswith("  cue-longest  ")  # its cue finding, beside its figures
    assert f"{Q1}  p 0.40  r -0.10  flags: negative_discrimination" in lines
    assert f"{Q2}  p –  r –  flags: discrimination_undefined" in lines
    assert "other-000000ff" not in text
    # an item without stats is "not measured", never 0, and its findings still follow
    assert [l for l in lines if l.startswith(Q3)] == [f"{Q3}  not measured"]
    assert lines[lines.index(f"{Q3}  not measured") + 1].startswith("  cue-longest  ")


def test_a_stats_file_of_another_exam_says_it_covers_none(files, tmp_path):
    bank, _ = files
    other = stats_file(tmp_path / "other.json", {"other-000000ff": figures(0.5, 0.2, family="other")}, "final")
    done = run(bank, "--stats", other)
    assert done.exit_code == 0, done.output
    assert f"{other} covers none of the 4 audited questions" in done.output
    measured = json.loads(run(bank, "--stats", other, "--json").output)["measured"]
    assert measured["overall"] == {"name": "all", "items": 4, "measured": 0, "mean_p": None,
                                   "mean_discrimination": None}
    assert not any(i["measured"] for i in measured["items"])


def test_bad_stats_files_get_one_line(files, tmp_path):
    bank, stats = files
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "bank-not-stats.json").write_bytes(bank.read_bytes())
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    stats_file(tmp_path / "no-p.json", {Q0: {"flagged": False, "p": "high"}})
    future = json.loads(stats.read_text(encoding="utf-8")) | {"format": 2}
    (tmp_path / "future.json").write_text(json.dumps(future), encoding="utf-8")
    cases = [("broken.json", "not a stats file"), ("bank-not-stats.json", "not a stats file"),
             ("binary.json", "not a stats file"), ("no-p.json", "lacks its figures"),
             ("future.json", "stats format 2 is not 1"), ("missing.json", "does not exist")]
    for name, words in cases:
        done = run(bank, "--stats", tmp_path / name)
        assert done.exit_code == 2, (name, done.output)
        assert done.output.count("\n") == 1 and words in done.output and "Traceback" not in done.output, done.output


def test_output_is_byte_identical_between_runs(files):
    bank, stats = files
    for args in ([], ["--json"], ["--markdown"], ["--items"]):
        assert run(bank, "--stats", stats, *args).output == run(bank, "--stats", stats, *args).output


def test_exclude_flagged_reads_the_same_file_through_the_same_reader(files):
    from lstmq.grading.items import flagged_ids

    _, stats = files
    assert flagged_ids(stats) == {Q1, Q2, "other-000000ff"}

FIGURE = st.one_of(st.none(), st.floats(-1, 1, allow_nan=False))


@given(st.dictionaries(st.sampled_from([q.id for q in BANK] + ["other-000000ff"]), st.tuples(FIGURE, FIGURE)))
def test_the_means_are_over_the_covered_items_only_and_the_rest_is_not_measured(covered):
    items = {qid: ItemStats(qid, "", p, r, False, ()) for qid, (p, r) in covered.items()}
    m = measure(BANK, [ONE.name, TWO.name], StatsFile("s.json", "", 0, items))
    mine = [items[q.id] for q in BANK if q.id in items]
    assert m.overall.measured == len(mine) == sum(r.measured for r in m.rows)
    ps = [s.p for s in mine if s.p is not None]
    assert m.overall.mean_p == (sum(ps) / len(ps) if ps else None)
    assert {qid for qid, s in m.items.items() if s is None} == {q.id for q in BANK} - set(items)
