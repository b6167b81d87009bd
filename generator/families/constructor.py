"""constructor and design: which ``nn.LSTM(...)`` call builds the layer that was asked for.

Both run every option: an option is right only if torch builds a layer with the asked sizes
(and, for design, maps F features per step to K features per step in a forward pass).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import Candidate
from .base import MAX_SEQ_LEN, MAX_SIZE, Explanation, Family, distinct_sizes

CORRECT_FORMS = ("positional", "keywords", "keywords-reversed")


@dataclass(frozen=True)
class ConstructorParams:
    input_size: int
    hidden_size: int
    form: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ConstructorParams":
        return cls(d["input_size"], d["hidden_size"], d["form"])



@dataclass(frozen=True)
class DesignParams:
    seq_len: int
    input_size: int
    hidden_size: int
    form: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "DesignParams":
        return cls(d["seq_len"], d["input_size"], d["hidden_size"], d["form"])



def _call(form: str, i: int, h: int) -> str:
    if form == "positional":
        return f"nn.LSTM({i}, {h})"
    if form == "keywords":
        return f"nn.LSTM(input_size={i}, hidden_size={h})"
    return f"nn.LSTM(hidden_size={h}, input_size={i})"


def _program(call: str) -> str:
    return f"import torch.nn as nn\n\nlayer = {call}\n"


class Constructor(Family):
    name = "constructor"
    difficulties = ("easy",)
    summary = "The call that builds a single-layer LSTM with a given input size and hidden size."
    option_probes = ("layer",)

    def sample(self, rng, difficulty):
        i, h = distinct_sizes(rng, 2)
        return ConstructorParams(i, h, rng.choice(CORRECT_FORMS))

    def decode(self, data):
        return ConstructorParams.from_dict(data)

    def capacity(self, difficulty):
        return (MAX_SIZE - 1) * (MAX_SIZE - 2) * len(CORRECT_FORMS)

    def stem(self, p):
        return (
            f"Which call builds a single-layer `nn.LSTM` that reads {p.input_size} features "
            f"per time step and keeps a hidden state of {p.hidden_size} features?"
        )

    def achieves(self, p, out):
        layer = out.values.get("layer")
        return bool(out.ok and layer and layer["input_size"] == p.input_size
                    and layer["hidden_size"] == p.hidden_size and layer["num_layers"] == 1)

    def options(self, p, main):
        i, h = p.input_size, p.hidden_size
        right = _call(p.form, i, h)
        intended = Candidate(right, "input_size is the width of each input step and hidden_size the "
                                    "width of the hidden state; torch builds exactly that layer.",
                             program=_program(right))
        wrong = [
            (f"nn.LSTM({h}, {i})", "Swaps the positional arguments: the first one is input_size, the second hidden_size."),
            (f"nn.LSTM(input_size={h}, hidden_size={i})", "Names the keywords correctly but gives them each other's values."),
            (f"nn.LSTM(input={i}, hidden={h})", "Invents keyword names: torch only accepts input_size and hidden_size."),
            (f"nn.LSTM(in_features={i}, out_features={h})", "Borrows nn.Linear's keyword names, which nn.LSTM does not accept."),
            (f"nn.LSTM(input_dim={i}, hidden_dim={h})", "Uses keyword names from other libraries; torch's are input_size and hidden_size."),
            (f"nn.LSTM({i})", "Leaves out hidden_size, which has no default."),
            (f"nn.LSTM({i}, {h}, {h})", "Passes a third positional number, which torch reads as num_layers, not as a size."),
        ]
        return intended, [Candidate(text, why, program=_program(text)) for text, why in wrong]

    def explain(self, p, main, correct):
        i, h = p.input_size, p.hidden_size
        return Explanation(
            steps=(
                "`nn.LSTM(input_size, hidden_size, num_layers=1, ...)`: the first two parameters are "
                "the input width and the hidden-state width, in that order; num_layers defaults to 1.",
                f"Here the input width is {i} and the hidden width is {h}, so the call must set "
                f"input_size={i} and hidden_size={h}, by position or by keyword.",
                "Keywords may come in any order, but only torch's own names are accepted.",
                f"`{correct.text}` is the only option that builds that layer.",
            ),
            quick_check=f"layer.input_size == {i} and layer.hidden_size == {h}",
            hint="Input first, hidden second; keywords must be spelled input_size and hidden_size.",
        )


def _design_program(call: str, p: dict) -> str:
    # The option's call, then a forward pass over one sequence of the asked shape.
    return (
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        f"layer = {call}\n"
        f"out, _ = layer(torch.randn({p.seq_len}, 1, {p.input_size}))\n"
    )


class Design(Family):
    name = "design"
    difficulties = ("medium",)
    summary = (
        "Pick the layer that maps F features per step to K features per step for sequences of "
        "length T (the length is not a constructor argument)."
    )
    option_probes = ("layer", "out")

    def sample(self, rng, difficulty):
        t, f, k = distinct_sizes(rng, 3, 2, MAX_SEQ_LEN)
        return DesignParams(t, f, k, rng.choice(CORRECT_FORMS[:2]))

    def decode(self, data):
        return DesignParams.from_dict(data)

    def capacity(self, difficulty):
        n = MAX_SEQ_LEN - 1
        return n * (n - 1) * (n - 2) * 2

    def stem(self, p):
        return (
            f"Your sequences have {p.seq_len} time steps with {p.input_size} features each. "
            f"You want a single-layer LSTM that outputs {p.hidden_size} features at every time step. "
            "Which layer does that?"
        )

    def achieves(self, p, out):
        result = out.values.get("out")
        return bool(out.ok and result and result["shape"] == [p.seq_len, 1, p.hidden_size]
                    and out.values["layer"]["num_layers"] == 1)

    def options(self, p, main):
        t, f, k = p.seq_len, p.input_size, p.hidden_size
        right = _call(p.form, f, k)
        intended = Candidate(right, "input_size is the features per step and hidden_size the features "
                                    "each step outputs; the sequence length is never a constructor argument.",
                             program=_design_program(right, p))
        wrong = [
            (f"nn.LSTM(input_size={k}, hidden_size={f})", "Swaps input_size and hidden_size."),
            (f"nn.LSTM(input_size={t}, hidden_size={k})", "Takes the sequence length for the number of input features."),
            (f"nn.LSTM(input_size={f}, hidden_size={t})", "Takes the sequence length for the hidden size."),
            (f"nn.LSTM({f}, {k}, {t})", "Passes the sequence length as a third positional argument, which torch reads as num_layers."),
            (f"nn.LSTM(input_size={t * f}, hidden_size={k})", "Flattens the whole sequence into one input vector; an LSTM reads one step at a time."),
            (f"nn.LSTM(input_size={f}, hidden_size={k}, seq_len={t})", "Invents a seq_len argument; the length comes from the input tensor."),
        ]
        return intended, [Candidate(text, why, program=_design_program(text, p)) for text, why in wrong]

    def explain(self, p, main, correct):
        t, f, k = p.seq_len, p.input_size, p.hidden_size
        return Explanation(
            steps=(
                f"Each time step carries {f} features, so input_size = {f}.",
                f"Without a projection, each output step has hidden_size features, so hidden_size = {k}.",
                f"The length {t} belongs to the input tensor, not to the layer: the same layer "
                "accepts sequences of any length.",
                f"`{correct.text}` maps ({t}, batch, {f}) to ({t}, batch, {k}).",
            ),
            quick_check=f"input features = {f}, output features = {k}, length not in the call",
            hint="Sizes go in the constructor; the length goes in the data.",
        )
