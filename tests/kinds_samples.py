"""Hand-built questions of every kind, for the paper side (exams, sheets, scanning, grading,
audit) while no family draws multiple-answer or numeric items: plain records, no torch.

The texts are made up for the tests; what matters is the shape a bank record of each kind has
(``lstmq.model``): a multiple-answer item with one to three right options, a numeric item
with no options and its answer, tolerance, unit and traps.
"""

from __future__ import annotations

from pathlib import Path

from lstmq.bank.file import make_header, write_bank
from lstmq.model import Choice, Numeric, Question, Solution, Trap, labels_line, number_text, numeric_line


def single(n: int) -> Question:
    texts = [f"({n}, 4, 20)", f"({n}, 20)", f"(4, {n}, 20)", f"(1, 4, 20)"]
    choices = tuple(Choice(label, text, label == "A", f"reason {label} of {n}",
                           misconception=None if label == "A" else f"mix-{label.lower()}",
                           yields=None if label == "A" else text)
                    for label, text in zip("ABCD", texts))
    return Question(f"hand-single-{n:08x}", "output-shape", "medium", n, {"n": n},
                    f"What shape has `output` for {n} steps?", "x = 1\n", choices,
                    Solution(("step one", "step two"), f"`{texts[0]}` → Option A", "count the axes",
                             "think of the axes", ("mistake",)))


def multiple(n: int, right: str = "AC") -> Question:
    texts = [f"`nn.LSTM({n}, 20)`", f"`nn.LSTM(20, {n})`", f"`nn.LSTM(input_size={n}, hidden_size=20)`",
             f"`nn.LSTM(hidden_size={n}, input_size=20)`"]
    choices = tuple(Choice(label, text, label in right,
                           f"right: builds it ({label})" if label in right else f"swaps the sizes ({label})",
                           "text", None if label in right else "swaps-sizes", None if label in right else text)
                    for label, text in zip("ABCD", texts))
    return Question(f"hand-multiple-{n:08x}", "constructor", "easy", n, {"n": n, "kind": "multiple"},
                    f"Which calls build a layer with input {n} and hidden 20? Select all that apply.", None,
                    choices, Solution(("read each call",), labels_line(choices), "input comes first",
                                      "order of the arguments", ("mistake",)),
                    kind="multiple")


def numeric(value: int | float = 164, tolerance: float = 0, unit: str = "parameters") -> Question:
    traps = (Trap(value - 40, "forgets the bias", "no-bias", number_text(value - 40)),
             Trap(value * 2, "counts twice", None, None))
    answer = Numeric(value, tolerance, unit, traps)
    return Question(f"hand-numeric-{int(value * 1000):08x}", "parameters", "hard", 7,
                    {"value": value, "kind": "numeric"}, "How many learnable numbers does the layer hold?",
                    "lstm = nn.LSTM(3, 4)\n", (),
                    Solution(("count weights", "add biases"), numeric_line(answer), "4 gates",
                             "four gates", ("forgets the bias",)),
                    kind="numeric", answer=answer)


def mixed() -> list[Question]:
    """Two items of each kind: a multiple with two right options and one with one, a numeric
    integer with no tolerance and a float with one."""
    return [single(3), multiple(5, "AC"), numeric(164), single(6), multiple(7, "B"),
            numeric(0.125, 0.001, "rounded to 3 decimals")]


def write_mixed_bank(path: Path, questions: list[Question] | None = None, seed: int = 5) -> Path:
    header = make_header(seed, {"exam": False}, "2.13.0")
    write_bank(Path(path), header, questions or mixed())
    return Path(path)
