"""`lstmq check`: a fresh bank verifies; every kind of tampering and a torch-version drift is
reported per question, with exit code 1; nothing read from the bank is ever executed."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.bank.file import load_bank
from lstmq.engine.check import CheckFailed, run_check
from lstmq.cli import cli
from lstmq.families import REGISTRY
from lstmq.engine.runner import TORCH_VERSION
from lstmq.engine.runner import run as torch_run


@pytest.fixture(scope="module")
def sample(bank300_path) -> dict:
    """One question of every registered family, plus the header, as plain JSON."""
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    firsts = {}
    for q in data["questions"]:
        firsts.setdefault(q["family"], q)
    assert set(firsts) == set(REGISTRY)
    data["questions"] = list(firsts.values())
    return data


def write(tmp_path: Path, data: dict, name="bank.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def check(path: Path):
    return CliRunner().invoke(cli, ["check", str(path)])


def assert_fails(result, qid: str, *fragments: str):
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    mine = [line for line in lines if line.startswith(f"{qid}: ")]
    for fragment in fragments:
        assert any(fragment in line for line in mine), (fragment, lines)
    assert result.stderr.startswith("lstmq: error: 1 of ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_fresh_300_question_bank_verifies(bank300_path):
    result = check(bank300_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{bank300_path}: 300 questions re-derived with torch {TORCH_VERSION}: 300 verify, 0 do not"]


def test_every_family_verifies(sample, tmp_path):
    result = check(write(tmp_path, sample))
    assert result.exit_code == 0, result.output


def test_a_moved_correct_flag_is_caught(sample, tmp_path):
    data = copy.deepcopy(sample)
    q = data["questions"][0]
    right = next(i for i, c in enumerate(q["choices"]) if c["correct"])
    wrong = (right + 1) % 4
    q["choices"][right]["correct"], q["choices"][wrong]["correct"] = False, True
    result = check(write(tmp_path, data))
    assert_fails(result, q["id"], "correct answer: torch",
                 f"choices[{right}].correct: re-derived true; the bank has false",
                 f"choices[{wrong}].correct: re-derived false; the bank has true")


@pytest.mark.parametrize("key", ["text", "why"])
def test_an_edited_option_is_caught(sample, tmp_path, key):
    data = copy.deepcopy(sample)
    q = data["questions"][-1]
    old = q["choices"][2][key]
    q["choices"][2][key] = old + " (edited)"
    result = check(write(tmp_path, data))
    assert_fails(result, q["id"], f"choices[2].{key}: re-derived {json.dumps(old, ensure_ascii=False)}")


def test_an_edited_stem_and_solution_are_caught(sample, tmp_path):
    data = copy.deepcopy(sample)
    q = data["questions"][1]
    q["stem"] = "Something else?"
    q["solution"]["steps"][0] = "A different first step."
    result = check(write(tmp_path, data))
    assert_fails(result, q["id"], "stem: re-derived", "solution.steps[0]: re-derived")


def test_a_removed_optional_field_is_caught(sample, tmp_path):
    """Without "format" an option reads as code; for a prose option that is a change."""
    data = copy.deepcopy(sample)
    q = next(q for q in data["questions"] if any(c.get("format") == "text" for c in q["choices"]))
    j = next(j for j, c in enumerate(q["choices"]) if c.get("format") == "text")
    del q["choices"][j]["format"]
    assert_fails(check(write(tmp_path, data)), q["id"], f'choices[{j}].format: re-derived "text"; the bank has "code"')


def test_a_removed_required_field_is_a_one_line_error(sample, tmp_path):
    data = copy.deepcopy(sample)
    del data["questions"][2]["choices"][1]["why"]
    path = write(tmp_path, data)
    result = check(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"lstmq: error: {path}: missing field questions[2].choices[1].why\n"


def test_edited_code_is_reported_and_never_run(sample, tmp_path):
    data = copy.deepcopy(sample)
    q = next(q for q in data["questions"] if q["code"])
    marker = tmp_path / "ran"
    q["code"] = f"open({str(marker)!r}, 'w').write('the bank ran code')\n"
    result = check(write(tmp_path, data))
    assert_fails(result, q["id"], "code: re-derived")
    assert not marker.exists()


def spy():
    ran: list[str] = []

    def run(code, seed, probes=(), **kw):
        ran.append(code)
        return torch_run(code, seed, probes, **kw)

    return run, ran


def test_edited_params_are_reported_and_not_run(sample, tmp_path):
    data = copy.deepcopy(sample)
    q = next(q for q in data["questions"] if q["code"] and any(isinstance(v, int) for v in q["params"].values()))
    key = next(k for k, v in q["params"].items() if isinstance(v, int) and not isinstance(v, bool))
    q["params"][key] = 987_654_321  # a size that would allocate gigabytes if it ever ran
    bank = load_bank(write(tmp_path, data))
    run, ran = spy()
    lines: list[str] = []
    with pytest.raises(CheckFailed):
        run_check(bank, "bank.json", TORCH_VERSION, lines.append, run=run)
    assert any(line.startswith(f"{q['id']}: params ") and "not run" in line for line in lines)
    assert ran and not any("987654321" in code for code in ran)


def reworded_torch(run):
    """A stand-in for another torch version: the same behaviour, other error messages."""
    def newer(code, seed, probes=(), **kw):
        out = run(code, seed, probes, **kw)
        if out.error:
            out = dataclasses.replace(out, error=(out.error[0], out.error[1] + " (worded anew)"))
        return out
    return newer


def test_a_bank_from_another_torch_says_so_and_names_the_drift(sample, tmp_path):
    data = copy.deepcopy(sample)
    data["torch_version"] = "1.13.1"
    bank = load_bank(write(tmp_path, data))
    lines: list[str] = []
    with pytest.raises(CheckFailed):
        run_check(bank, "bank.json", "9.0.0", lines.append, run=reworded_torch(torch_run))
    assert lines[0] == ("bank.json: made with torch 1.13.1, checked with torch 9.0.0: "
                        "differences below may come from the change of version")

    def raises(outcome):
        return bool(outcome and outcome.get("error"))

    expected = [q["id"] for q in data["questions"]
                if raises(q["evidence"]["main"]) or any(map(raises, q["evidence"]["options"].values()))]
    assert expected  # the sample has questions whose answers quote torch's errors
    assert lines[-1] == f"bank.json: torch's own outcome changed for {len(expected)} of them: {', '.join(expected)}"
    for qid in expected:
        mine = [line for line in lines if line.startswith(f"{qid}: ")]
        assert any("torch 9.0.0 says" in line and "(worded anew)" in line
                   and "the bank (torch 1.13.1) says" in line for line in mine), mine


def test_another_torch_version_with_the_same_answers_verifies(sample, tmp_path):
    data = copy.deepcopy(sample)
    data["torch_version"] = "1.13.1"
    path = write(tmp_path, data)
    result = check(path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{path}: made with torch 1.13.1, checked with torch {TORCH_VERSION}: "
        "differences below may come from the change of version")
    assert result.stdout.splitlines()[-1].endswith(f"{len(data['questions'])} verify, 0 do not")
