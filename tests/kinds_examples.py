"""Hand-built questions of the three kinds (issue 16), for the writers' tests: a select-all item
with two right options, one with three, a whole-number entry with named traps, a decimal entry
with a tolerance, and the same with hostile texts. Built here, not drawn, so the writers' tests
need neither torch nor a family that makes these kinds.

The numbers are right: nn.LSTM(10, 20) holds 4 * 20 * (10 + 20) weights and 2 * 4 * 20 biases,
2,560 in all; without the biases 2,400; with one bias vector 2,480.
"""

from __future__ import annotations

from lstmq.model import Choice, Numeric, Question, Solution, Trap, numeric_line


def multiple(n: int = 1, text: str = "") -> Question:
    """Two right options of four (A and C)."""
    choices = (
        Choice("A", "nn.LSTM(12, 20)" + text, True, "Right: input size first, hidden size second." + text),
        Choice("B", "nn.LSTM(20, 12)" + text, False, "Swaps the sizes: this layer takes 20 features." + text,
               "code", "swaps-input-and-hidden", "input 20, hidden 12"),
        Choice("C", "nn.LSTM(input_size=12, hidden_size=20, batch_first=True)" + text, True,
               "Right: `batch_first` changes the layout of the input, not the sizes." + text),
        Choice("D", "nn.LSTM(hidden_size=12, input_size=20)" + text, False,
               "Keywords name the sizes: this one has input 20." + text),
    )
    return Question(
        id=f"constructor-{n:08x}", family="constructor", difficulty="easy", seed=n, params={"n": n},
        stem="Which of these calls build a layer with input size 12 and hidden size 20? "
             "Select all that apply." + text,
        code=None, choices=choices,
        solution=Solution(("`nn.LSTM(input_size, hidden_size)` takes the input size first." + text,
                           "Keywords may come in any order." + text),
                          "Options A and C", "Print `layer.weight_ih_l0.shape`: (80, 12)." + text,
                          "Which argument comes first?" + text, ()),
        kind="multiple",
    )


def multiple_three(n: int = 2) -> Question:
    """Three right options of four (A, C and D): the one wrong pick costs a whole point in Moodle."""
    choices = (
        Choice("A", "h_n", True, "Right: (num_layers, batch, hidden) is (2, 4, 16).", "text"),
        Choice("B", "output", False, "With `batch_first=True` it is (batch, seq, hidden): (4, 2, 16).",
               "text", "ignores-batch-first", "(2, 4, 16)"),
        Choice("C", "c_n", True, "Right: the same shape as `h_n`.", "text"),
        Choice("D", "torch.stack([h_n[0], h_n[1]])", True, "Right: two (4, 16) states stacked."),
    )
    return Question(
        id=f"output-and-states-{n:08x}", family="output-and-states", difficulty="medium", seed=n, params={},
        stem="Which of these tensors have shape (2, 4, 16)? Select all that apply.",
        code="import torch\nfrom torch import nn\n\nlstm = nn.LSTM(8, 16, num_layers=2, batch_first=True)\n"
             "output, (h_n, c_n) = lstm(torch.randn(4, 2, 8))\n",
        choices=choices,
        solution=Solution(("`h_n` and `c_n` are (num_layers, batch, hidden).",),
                          "Options A, C and D", "Print `h_n.shape` and `output.shape`.",
                          "Which tensors are batch-first?", ()),
        kind="multiple",
    )


def numeric(n: int = 3, text: str = "") -> Question:
    """A whole number, no tolerance, three traps (two named)."""
    answer = Numeric(2560, 0, "parameters" + text, (
        Trap(2400, "Counts the weights and forgets the two bias vectors." + text, "forgets-biases", "2400"),
        Trap(2480, "Counts one bias vector per gate, not two." + text, "one-bias-vector", "2480"),
        Trap(640, "Counts one gate instead of four." + text),
    ))
    return Question(
        id=f"parameters-{n:08x}", family="parameters", difficulty="medium", seed=n, params={"n": n},
        stem="How many parameters does `nn.LSTM(10, 20)` hold?" + text,
        code="from torch import nn\n\nlayer = nn.LSTM(10, 20)\n"
             "total = sum(p.numel() for p in layer.parameters())\n",
        choices=(),
        solution=Solution(("Each of 4 gates has 20 x (10 + 20) weights: 2400." + text,
                           "Two bias vectors of 4 x 20: 160." + text),
                          numeric_line(answer), "`total` prints 2560." + text, "Four gates, two biases." + text, ()),
        kind="numeric", answer=answer,
    )


def numeric_decimal(n: int = 4) -> Question:
    """A decimal with a tolerance: 0.462 rounded to 3 decimals, answers within 0.0005 accepted."""
    answer = Numeric(0.462, 0.0005, "rounded to 3 decimals", (
        Trap(0.5, "Takes the sigmoid of zero: the gate before its input.", "ignores-the-input", "0.5"),
    ))
    return Question(
        id=f"gates-{n:08x}", family="gates", difficulty="hard", seed=n, params={},
        stem="What is the forget gate's value for this input?",
        code=None, choices=(),
        solution=Solution(("sigmoid(-0.152) = 0.462.",), numeric_line(answer),
                          "A gate's value lies between 0 and 1.", "The forget gate is a sigmoid.", ()),
        kind="numeric", answer=answer,
    )


def single(n: int = 5) -> Question:
    choices = tuple(Choice(label, f"({i}, 3)", i == 1, f"why {label}") for i, label in enumerate("ABCD"))
    return Question(
        id=f"output-shape-{n:08x}", family="output-shape", difficulty="easy", seed=n, params={},
        stem="What is `output.shape`?", code="x = 1\n", choices=choices,
        solution=Solution(("step",), "(1, 3) → Option B", "check", "hint", ()),
    )


def every_kind() -> list[Question]:
    return [single(), multiple(), multiple_three(), numeric(), numeric_decimal()]


HOSTILE = " <b>&amp;</b> ]]> ~=#{}: \\ %50% -> `x < y`"


def hostile() -> list[Question]:
    return [multiple(11, HOSTILE), numeric(12, HOSTILE)]
