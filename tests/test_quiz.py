"""`lstmq quiz`: line by line through Click's runner (stdin is not a terminal there), and once
in a real terminal under tmux, driven with arrow keys, letters and Enter."""

from __future__ import annotations

import io
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.bank.file import load_bank, make_header, write_bank
from lstmq.engine.draw import generate
from lstmq.cli import cli
from lstmq.quiz import session

LSTMQ = Path(sys.executable).with_name("lstmq")
SCORE = re.compile(r"^Score: (\d+) of (\d+) right \((\d+)%\)(.*)$", re.M)


@pytest.fixture(scope="module")
def bank_path(tmp_path_factory) -> Path:
    """Single-choice items: these tests are about letters and one right option (select-all and
    numeric items in the quiz: test_quiz_kinds.py)."""
    path = tmp_path_factory.mktemp("quiz") / "bank.json"
    questions = list(generate(26, seed=8, kinds=["single"]))
    assert {q.kind for q in questions} == {"single"}
    write_bank(path, make_header(8, {}, "test"), questions)
    return path


@pytest.fixture(scope="module")
def bank(bank_path):
    return load_bank(bank_path)


def quiz(bank_path, *args, input=None):
    return CliRunner().invoke(cli, ["quiz", str(bank_path), *map(str, args)], input=input)


def asked(output: str) -> list[str]:
    """The families of the questions asked, in order, read from their headers."""
    return re.findall(r"^Question \d+ of \d+ \(([a-z-]+), [a-z]+\)$", output, re.M)


# --- choosing the questions ------------------------------------------------------------------

def test_a_seed_gives_the_same_questions_in_the_same_order(bank):
    first = [q.id for q in session.pick(bank.questions, count=10, seed=3)]
    assert first == [q.id for q in session.pick(bank.questions, count=10, seed=3)]
    assert first != [q.id for q in session.pick(bank.questions, count=10, seed=4)]
    assert len(set(first)) == 10
    everything = session.pick(bank.questions, seed=3)
    assert sorted(q.id for q in everything) == sorted(q.id for q in bank.questions)


def test_filters_keep_only_matching_questions(bank):
    picked = session.pick(bank.questions, families=("output-shape", "metrics"), difficulties=("medium",), seed=1)
    assert picked and all(q.family in ("output-shape", "metrics") and q.difficulty == "medium" for q in picked)
    expected = [q for q in bank.questions if q.family in ("output-shape", "metrics") and q.difficulty == "medium"]
    assert len(picked) == len(expected)


# --- line by line ------------------------------------------------------------------------------

def test_answers_get_a_verdict_each_and_a_score(bank_path, bank):
    questions = session.pick(bank.questions, count=4, seed=11)
    answers = ["A", "b", "3", "d."]  # a letter in either case, a number, a trailing dot
    labels = ["A", "B", "C", "D"]
    result = quiz(bank_path, "--count", 4, "--seed", 11, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"4 questions from {bank_path} (seed 11: --seed 11 asks them in this order again)\n")
    assert asked(out) == [q.family for q in questions]
    right = 0
    for q, label in zip(questions, labels):
        assert session.verdict(q, label) in out
        if label == q.correct.label:
            right += 1
            assert f"Right: {label}. " in session.verdict(q, label)
        else:
            picked = next(c for c in q.choices if c.label == label)
            assert f"Wrong: you picked {label}. " in out
            assert " ".join(f"Misconception: {picked.why}".split()) in " ".join(out.split())
            assert f"The answer is {q.correct.label}. " in session.verdict(q, label)
    assert SCORE.findall(out) == [(str(right), "4", str(round(100 * right / 4)), "")]
    assert out.count(f"Your answer (A-D or 1-4, q to stop): ") == 4


def test_the_right_answer_is_called_right(bank_path, bank):
    questions = session.pick(bank.questions, count=5, seed=2)
    result = quiz(bank_path, "--count", 5, "--seed", 2, input="".join(q.correct.label + "\n" for q in questions))
    assert result.exit_code == 0
    assert result.stdout.count("Right: ") == 5 and "Wrong" not in result.stdout
    assert "Score: 5 of 5 right (100%)\n" in result.stdout


def test_bad_answers_are_asked_again(bank_path, bank):
    q = session.pick(bank.questions, count=1, seed=5)[0]
    result = quiz(bank_path, "--count", 1, "--seed", 5, input=f"x\n\nE\n5\nAB\n{q.correct.label}\n")
    assert result.exit_code == 0
    for bad in ["x", "", "E", "5", "AB"]:
        assert f"{bad!r} is not an option: type one of A, B, C, D (or 1-4), or q to stop.\n" in result.stdout
    assert result.stdout.count("Your answer") == 6
    assert "Score: 1 of 1 right (100%)" in result.stdout


def test_end_of_input_ends_with_the_score_so_far(bank_path, bank):
    q = session.pick(bank.questions, count=3, seed=6)[0]
    result = quiz(bank_path, "--count", 3, "--seed", 6, input=f"{q.correct.label}\n")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("Score: 1 of 1 right (100%); 2 of 3 questions not answered")
    assert len(asked(result.stdout)) == 2  # the second was shown, then the input ended


def test_q_stops_and_no_answer_is_a_score_too(bank_path):
    result = quiz(bank_path, "--count", 3, "--seed", 6, input="q\n")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("Score: no question answered (3 asked for)")


class InterruptedInput(io.BytesIO):
    """Stdin that gives its bytes, then behaves as if Ctrl+C were pressed at the prompt."""

    def read1(self, size=-1):
        data = super().read1(size)
        if size != 0 and not data:
            raise KeyboardInterrupt
        return data

    def read(self, size=-1):
        data = super().read(size)
        if size != 0 and not data:
            raise KeyboardInterrupt
        return data


def test_ctrl_c_prints_the_score_so_far_and_exits_130(bank_path, bank):
    first = session.pick(bank.questions, count=3, seed=7)[0]
    result = quiz(bank_path, "--count", 3, "--seed", 7, input=InterruptedInput(f"{first.correct.label}\n".encode()))
    assert result.exit_code == 130, result.output
    assert result.stdout.rstrip().endswith("Score: 1 of 1 right (100%); 2 of 3 questions not answered")
    assert result.stderr == ""


def test_family_and_difficulty_filters(bank_path):
    result = quiz(bank_path, "--family", "output-shape", "--family", "metrics", "--seed", 1, input="")
    assert result.exit_code == 0
    assert asked(result.stdout) and set(asked(result.stdout)) <= {"output-shape", "metrics"}
    result = quiz(bank_path, "--difficulty", "easy", "--seed", 1, input="A\n" * 30)
    assert re.findall(r"^Question \d+ of \d+ \([a-z-]+, ([a-z]+)\)$", result.stdout, re.M)
    assert set(re.findall(r"^Question \d+ of \d+ \([a-z-]+, ([a-z]+)\)$", result.stdout, re.M)) == {"easy"}


def test_no_matching_question_is_a_usage_error(bank_path, tmp_path):
    data = load_bank(bank_path)
    only_easy = tmp_path / "easy.json"
    write_bank(only_easy, data.header, [q for q in data.questions if q.difficulty == "easy"])
    result = quiz(only_easy, "--difficulty", "hard")
    assert result.exit_code == 2
    assert result.stderr == "lstmq: error: no question in the bank matches --difficulty hard\n"
    result = quiz(bank_path, "--family", "no-such-family")
    assert result.exit_code == 2 and "no-such-family" in result.stderr


def test_more_than_there_are_asks_all_with_a_note(bank_path):
    result = quiz(bank_path, "--family", "concepts", "--count", 50, "--seed", 1, input="")
    assert result.exit_code == 0
    n = len(re.findall(r"^lstmq: note: only (\d+) questions match; asking all of them$", result.stderr, re.M))
    assert n == 1


def test_the_default_bank_is_bank_json(bank_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["quiz"], input="")
    assert result.exit_code == 1
    assert result.stderr == "lstmq: error: bank.json: no such file\n"
    shutil.copy(bank_path, tmp_path / "bank.json")
    result = CliRunner().invoke(cli, ["quiz", "--count", 1, "--seed", 1], input="q\n")
    assert result.exit_code == 0 and result.stdout.startswith("1 question from bank.json (seed 1:")


def test_the_quiz_never_imports_torch(bank_path):
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from lstmq.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['quiz', {str(bank_path)!r}, '--count', '3', '--seed', '1'], input='A\\nB\\nC\\n')\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- a real terminal ---------------------------------------------------------------------------

SOCKETS = itertools.count()


class Tmux:
    """One tmux server of our own (its own socket) running a shell in a 100x50 pane, and the
    command in that shell, as a user would start it. The shell, not the command, leads the
    terminal's session, as in a real terminal or over SSH."""

    def __init__(self, command: list[str], cwd: Path):
        if shutil.which("tmux") is None:
            if os.environ.get("CI"):
                pytest.fail("CI: tmux is not installed (scripts/bootstrap installs it)")
            pytest.skip("tmux is not installed")
        # A socket of its own per session: a server being killed by the test before cannot take
        # this session down with it.
        self.base = ["tmux", "-L", f"lstmq-quiz-test-{os.getpid()}-{next(SOCKETS)}", "-f", os.devnull]
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        script = f'{shlex.join(map(str, command))}; echo "exit status $?"'
        self._run("new-session", "-d", "-s", "quiz", "-x", "100", "-y", "50", "-c", str(cwd),
                  shlex.join(["sh", "-c", script]), env=env)
        self._run("set-option", "-t", "quiz", "remain-on-exit", "on")

    def _run(self, *args: str, env=None) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, check=True,
                              timeout=30, env=env).stdout

    def keys(self, *keys: str) -> None:
        self._run("send-keys", "-t", "quiz", *keys)

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-J", "-S", "-200", "-t", "quiz")

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 30) -> str:
        """The screen once ``pattern`` appears in it at least ``after + 1`` times."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if len(re.findall(pattern, screen)) > after:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} did not appear:\n{self.screen()}")

    def exit_status(self) -> int:
        """The command's exit status, as the shell reports it (130 for Ctrl+C)."""
        return int(re.search(r"exit status (\d+)", self.wait_for(r"exit status \d+")).group(1))

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def terminal(bank_path, tmp_path):
    sessions = []

    def start(*args) -> Tmux:
        t = Tmux([LSTMQ, "quiz", bank_path, *args], tmp_path)
        sessions.append(t)
        return t

    yield start
    for t in sessions:
        t.close()


def test_arrow_keys_letters_and_enter_in_a_real_terminal(terminal, bank):
    if not LSTMQ.exists():
        pytest.skip("no lstmq console script beside this interpreter")
    first, second = session.pick(bank.questions, count=2, seed=4)
    term = terminal("--count", 2, "--seed", 4)
    term.wait_for(r"\(arrow keys or a-d, then Enter; Ctrl\+C stops\)")
    term.keys("Down", "Enter")  # the menu starts on A: one step down is B
    screen = term.wait_for(r"(Right|Wrong): ")
    expected = "Right: B." if first.correct.label == "B" else "Wrong: you picked B."
    assert expected in screen
    if first.correct.label != "B":
        assert f"The answer is {first.correct.label}." in screen
    term.wait_for(r"Question 2 of 2")
    term.wait_for(r"\(arrow keys or a-d", after=0)
    term.keys("c", "Enter")  # a letter moves to its option; Enter confirms
    screen = term.wait_for(r"Score: ")
    expected = "Right: C." if second.correct.label == "C" else "Wrong: you picked C."
    assert expected in screen
    right = (first.correct.label == "B") + (second.correct.label == "C")
    assert f"Score: {right} of 2 right ({round(100 * right / 2)}%)" in screen
    assert term.exit_status() == 0


def test_plain_prompts_in_a_real_terminal(terminal, bank):
    """--plain: numbered prompts even in a terminal (which echoes what is typed)."""
    if not LSTMQ.exists():
        pytest.skip("no lstmq console script beside this interpreter")
    first = session.pick(bank.questions, count=1, seed=9)[0]
    term = terminal("--count", 1, "--seed", 9, "--plain")
    term.wait_for(r"Your answer \(A-D or 1-4, q to stop\): ")
    term.keys("2", "Enter")
    screen = term.wait_for(r"Score: ")
    assert ("Right: B." if first.correct.label == "B" else "Wrong: you picked B.") in screen
    assert "arrow keys" not in screen
    assert term.exit_status() == 0


def test_ctrl_c_in_a_real_terminal(terminal):
    if not LSTMQ.exists():
        pytest.skip("no lstmq console script beside this interpreter")
    term = terminal("--count", 2, "--seed", 4)
    term.wait_for(r"\(arrow keys or a-d")
    term.keys("C-c")
    screen = term.wait_for(r"Score: ")
    assert "Score: no question answered (2 asked for)" in screen
    assert term.exit_status() == 130

