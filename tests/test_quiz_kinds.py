"""`lstmq quiz` with select-all and numeric items (hand-built, ``kinds_examples``), line by line
through Click's runner, and the rules that read a typed answer."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from lstmq.bank.file import make_header, write_bank
from lstmq.cli import cli
from lstmq.quiz import session

from kinds_examples import multiple, multiple_three, numeric, numeric_decimal


@pytest.fixture
def bank_path(tmp_path):
    path = tmp_path / "bank.json"
    write_bank(path, make_header(0, {}, "2.13.0"), [multiple(), multiple_three(), numeric(), numeric_decimal()])
    return path


def run(bank_path, *answers: str):
    """The quiz in the bank's order (a seed that keeps it: checked below), answered line by line."""
    return CliRunner().invoke(cli, ["quiz", str(bank_path), "--seed", "0", "--plain"],
                              input="".join(a + "\n" for a in answers))


def order(bank_path) -> list[str]:
    from lstmq.bank.file import load_bank

    return [q.id for q in session.pick(load_bank(bank_path).questions, seed=0)]


def test_each_kind_is_asked_judged_and_scored(bank_path):
    ids = order(bank_path)
    answers = {"constructor-00000001": "a c", "output-and-states-00000002": "AB",
               "parameters-00000003": "2400", "gates-00000004": "0.4622"}
    result = run(bank_path, *(answers[i] for i in ids))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Your answer (every right letter, such as AC; q to stop): " in out
    assert "Your answer (a number, q to stop): " in out
    assert "Answer with a number (parameters)." in out
    assert "Right: AC, exactly the right options." in out
    assert "Wrong: you picked AB; the right options are ACD." in out
    assert "B. output (ticked, wrong)" in out and "C. c_n (not ticked, but right)" in out
    assert "Wrong: 2400 is 160 too low." in out
    assert "That is the value a common mistake gives: Counts the weights and forgets" in out
    assert "The answer is 2560 (parameters)." in out
    assert "Right: 0.4622. The value is 0.462 (rounded to 3 decimals, accepted within ±0.0005)." in out
    assert "Score: 2 of 4 right (50%)" in out


def test_bad_answers_of_the_new_kinds_are_asked_again(bank_path):
    ids = order(bank_path)
    answers = {"constructor-00000001": ["AX", "AC"], "output-and-states-00000002": ["ACD"],
               "parameters-00000003": ["2,560", "lots", "2560"], "gates-00000004": ["0.5"]}
    result = run(bank_path, *(a for i in ids for a in answers[i]))
    assert result.exit_code == 0, result.output
    assert "'AX' does not name options" in result.output
    assert "'2,560' is not a number" in result.output and "'lots' is not a number" in result.output
    assert "Wrong: 0.5 is 0.038 too high." in result.output
    assert "Score: 3 of 4 right (75%)" in result.output


def test_reading_typed_answers():
    q = multiple()
    assert session.labels("ca", q) == "AC" and session.labels("1, 3", q) == "AC"
    assert session.labels("C A C", q) == "AC"
    assert session.labels("E", q) is None and session.labels("", q) is None and session.labels("5", q) is None
    assert session.typed_number(" 2560 ") == "2560" and session.typed_number("2560.0") == "2560"
    assert session.typed_number("−0.5") == "-0.5" and session.typed_number("1e-3") == "0.001"
    for bad in ("2,560", "nan", "inf", "", "two"):
        assert session.typed_number(bad) is None


@given(st.sets(st.sampled_from("ABCD"), min_size=1))
def test_a_select_all_answer_is_right_only_with_exactly_the_right_letters(ticked):
    q = multiple_three()
    answer = session.labels("".join(sorted(ticked, reverse=True)), q)
    assert session.is_right(q, answer) == (set(ticked) == {"A", "C", "D"})


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_number_is_right_within_the_tolerance(x):
    q = numeric_decimal()
    typed = session.typed_number(repr(x))
    assert typed is not None
    assert session.is_right(q, typed) == q.answer.accepts(float(typed))
    assert session.is_right(q, typed) == (abs(float(typed) - 0.462) <= 0.0005 + 1e-9)


def test_a_checkbox_menu_and_a_number_in_a_real_terminal(bank_path, tmp_path):
    """The menu in a real terminal (tmux): Space ticks options of a select-all question, Enter
    answers; a numeric question takes typed digits."""
    from test_quiz import LSTMQ, Tmux

    if not LSTMQ.exists():
        pytest.skip("no lstmq console script beside this interpreter")
    from lstmq.bank.file import load_bank

    questions = {q.id: q for q in load_bank(bank_path).questions}
    term = Tmux([LSTMQ, "quiz", bank_path, "--seed", "0", "--count", "4"], tmp_path)
    try:
        for n, qid in enumerate(order(bank_path), 1):
            term.wait_for(rf"Question {n} of 4")
            q = questions[qid]
            if q.kind == "multiple":
                term.wait_for(r"Your answer: tick every right option", after=sum(
                    questions[i].kind == "multiple" for i in order(bank_path)[:n - 1]))
                for c in q.choices:  # tick exactly the right ones, going down the list
                    if c.correct:
                        term.keys("Space")
                    term.keys("Down")
                term.keys("Enter")
            else:
                term.wait_for(r"Your answer, a number", after=sum(
                    questions[i].kind == "numeric" for i in order(bank_path)[:n - 1]))
                term.keys("-l", str(q.answer.value))
                term.keys("Enter")
        screen = term.wait_for(r"Score: ")
        assert "Score: 4 of 4 right (100%)" in screen, screen
        assert "Right: AC, exactly the right options." in screen
        assert term.exit_status() == 0
    finally:
        term.close()
