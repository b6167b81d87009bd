"""cell: ``nn.LSTMCell`` and the time loop written by hand.

Kinds (``params["kind"]``):

- ``stacked``: the shape of the per-step outputs joined after the loop (``torch.stack`` on
  dim 0 or 1, or ``torch.cat``);
- ``step-shape``: the shape of ``h`` after one step (batched, or one unbatched sequence);
- ``param-count`` / ``param-diff``: the cell's parameter count, and the difference from a
  one-layer ``nn.LSTM`` of the same sizes (none);
- ``param-name``: which attribute, with its shape, is one of the cell's parameters (each option
  checked in torch);
- ``3d-input`` / ``lstm-states`` / ``one-state``: a 3-D input, states shaped like ``nn.LSTM``'s,
  or one tensor instead of the pair (torch's exception, taken from the run);
- ``loop-vs-lstm``: the loop with the layer's weights copied into the cell; which statement is
  true (each checked with ``torch.allclose`` in its own run).

Wrong answers are named misconceptions computed from the params; one that gives the key on a
draw is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family, shape_text
from .record import DictParams
from .claims import error_claim, raises, runs
from .distractors import mistakes, named, named_values, offer

LEVEL_KINDS = {
    "easy": ("step-shape", "param-name"),
    "medium": ("stacked", "step-shape", "param-count", "param-diff"),
    # errors are one hard item in four: three of the four error kinds have a fixed message for a key
    "hard": ("stacked", "stacked", "error", "loop-vs-lstm"),
}
JOINS = ("stack0", "stack1", "cat0")
JOIN_CODE = {"stack0": "torch.stack(outputs)", "stack1": "torch.stack(outputs, dim=1)", "cat0": "torch.cat(outputs)"}
NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
ERROR_KINDS = ("3d-input", "lstm-states", "one-state", "mixed-batch")
ERROR_DRAWS = ERROR_KINDS + ("mixed-batch", "mixed-batch")  # the mixed batch's message holds the item's sizes
INPUT_MESSAGE = "LSTMCell: Expected input to be 1D or 2D, got 3D instead"
STATE_MESSAGE = "LSTMCell: Expected hx[0] to be 1D or 2D, got 3D instead"
TUPLE_MESSAGE = "lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor"


@dataclass(frozen=True)
class CellParams(DictParams):
    """One item: the cell's sizes, the loop's ``seq_len`` and ``batch`` (None: one unbatched
    sequence), and what the kind needs (the ``join`` of the outputs, the parameter ``name``, the
    true ``claim``, the LSTM's ``num_layers``, the error ``variant``)."""

    kind: str
    input_size: int
    hidden_size: int
    seq_len: int
    batch: int | None
    join: str | None
    name: str | None
    claim: str | None
    num_layers: int
    variant: str | None


def size_message(p: CellParams, swapped: bool = False) -> str:
    """torch's message for a step and states that disagree on the batch (mixed-batch), the
    numbers in torch's order or swapped."""
    n, h = p.batch, p.hidden_size
    if p.variant == "1d-input":  # a 1-D step with (batch, hidden) states
        a, b = (h, n) if swapped else (n, h)
        return f"hidden0 has inconsistent hidden_size: got {a}, expected {b}"
    a, b = (h, n) if swapped else (n, h)  # a (batch, input) step with 1-D states
    return f"Input batch size {a} doesn't match hidden0 batch size {b}"


def param_shape(p: CellParams, name: str) -> tuple:
    i, h = p.input_size, p.hidden_size
    return {"weight_ih": (4 * h, i), "weight_hh": (4 * h, h), "bias_ih": (4 * h,), "bias_hh": (4 * h,)}[name]


def cell_count(p: CellParams) -> int:
    i, h = p.input_size, p.hidden_size
    return 4 * h * (i + h) + 8 * h


def stacked_shape(p: CellParams, join: str) -> tuple:
    t, n, h = p.seq_len, p.batch, p.hidden_size
    return {"stack0": (t, n, h), "stack1": (n, t, h), "cat0": (t * n, h)}[join]


def misconceptions(p: CellParams) -> dict[str, object]:
    """What each misconception answers for this draw (None: it has nothing to say here)."""
    kind = p.kind
    i, h, t, n = p.input_size, p.hidden_size, p.seq_len, p.batch
    if kind == "stacked":
        join = p.join
        return {
            "cat-for-stack": stacked_shape(p, "cat0") if join != "cat0" else None,
            "stack-for-cat": stacked_shape(p, "stack0") if join == "cat0" else None,
            "other-stack-dim": (stacked_shape(p, "stack1" if join == "stack0" else "stack0")
                                if join != "cat0" else None),
            "like-h-n": (1, n, h),
            "input-width": (t, n, i) if join == "stack0" else (n, t, i) if join == "stack1" else (t * n, i),
            "stack-last": (n, h, t) if join != "cat0" else None,
            # two slips at once: the other place for the step axis (or stack for cat) and the input width
            "layout-and-width": {"stack0": (n, t, i), "stack1": (t, n, i), "cat0": (t, n, i)}[join],
        }
    if kind == "step-shape":
        if n is None:
            return {"adds-batch": (1, h), "like-h-n": (1, 1, h), "whole-sequence": (t, h), "input-width": (i,),
                    "gates-joined": (4 * h,), "pair-joined": (2 * h,)}
        return {"like-h-n": (1, n, h), "whole-sequence": (t, n, h), "input-width": (n, i), "drops-batch": (h,),
                "gates-joined": (n, 4 * h), "pair-joined": (n, 2 * h), "features-first": (h, n)}
    if kind == "param-count":
        return {
            "one-bias": 4 * h * (i + h) + 4 * h,
            "no-recurrent": 4 * h * i + 8 * h,
            "one-gate": h * (i + h) + 2 * h,
            "no-bias": 4 * h * (i + h),
            "per-step": t * cell_count(p),
        }
    if kind == "param-diff":
        upper = p.num_layers - 1
        return {
            "shared-layers": 0,
            "same-input": upper * cell_count(p),
            "whole-lstm": cell_count(p) + upper * (8 * h * h + 8 * h),
            "one-bias": upper * (8 * h * h + 4 * h),
        }
    raise ValueError(kind)


def truth_by_rule(p: CellParams):
    kind = p.kind
    if kind == "stacked":
        return stacked_shape(p, p.join)
    if kind == "step-shape":
        return (p.hidden_size,) if p.batch is None else (p.batch, p.hidden_size)
    if kind == "param-count":
        return cell_count(p)
    if kind == "param-diff":
        h = p.hidden_size
        return (p.num_layers - 1) * (4 * h * (h + h) + 8 * h)  # upper layers read h, not x
    raise ValueError(kind)


class Cell(Family):
    name = "cell"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "`nn.LSTMCell` and the time loop written by hand: the shapes of `h` per step and of the stacked "
        "outputs, the cell's parameters against a one-layer `nn.LSTM`, the errors for 3-D input or "
        "`nn.LSTM`-shaped states, and whether the loop reproduces the layer."
    )
    probes = ("out", "h", "n_cell", "n_lstm", "gap")
    option_probes = ("holds",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVEL_KINDS[difficulty])
            # wide sizes, so that two items rarely share a key; every size differs from the others
            i, h = rng.sample(range(2, 33), 2)
            t, n = rng.sample([v for v in range(2, 13) if v not in (i, h)], 2)
            if kind == "error":
                kind = rng.choice(ERROR_DRAWS)
            d = {"kind": kind, "input_size": i, "hidden_size": h, "seq_len": t, "batch": n, "join": None,
                 "name": None, "claim": None, "num_layers": rng.choice((2, 3)) if kind == "param-diff" else 1,
                 "variant": None}
            if kind == "lstm-states":
                d["variant"] = rng.choice(("h0", "c0"))
            elif kind == "mixed-batch":
                d["variant"] = rng.choice(("1d-input", "1d-states"))
            if kind == "stacked":
                d["join"] = "stack0" if difficulty == "medium" else rng.choice(("stack1", "cat0"))
            elif kind == "step-shape" and difficulty == "medium":
                d["batch"] = None
            elif kind == "param-name":
                d["name"] = rng.choice(NAMES + NAMES[:2])  # a bias's shape is one number: rarer
            elif kind == "loop-vs-lstm":
                d["claim"] = rng.choice(("output", "final-cell"))
            p = CellParams.from_dict(d)
            if self.difficulty_of(p) == difficulty:
                return p

    def decode(self, data):
        return CellParams.from_dict(data)

    def difficulty_of(self, p):
        kind = p.kind
        if kind == "param-name":
            return "easy"
        if kind == "step-shape":
            return "medium" if p.batch is None else "easy"
        if kind == "stacked":
            return "medium" if p.join == "stack0" else "hard"
        if kind in ("param-count", "param-diff"):
            return "medium"
        return "hard"

    def capacity(self, difficulty):
        """An upper bound, as plan needs: 31 × 30 × 11 × 10 ordered size draws times the kinds and
        variants this level samples (5, 5 and 10)."""
        return 102_300 * {"easy": 5, "medium": 5, "hard": 10}[difficulty]

    # --- the code --------------------------------------------------------------------------

    def _head(self, p) -> str:
        return ("import torch\nimport torch.nn as nn\n\n"
                f"cell = nn.LSTMCell(input_size={p.input_size}, hidden_size={p.hidden_size})\n")

    def _loop(self, p, join: str = "stack0") -> str:
        n, h, t, i = p.batch, p.hidden_size, p.seq_len, p.input_size
        x = f"torch.randn({t}, {i})" if n is None else f"torch.randn({t}, {n}, {i})"
        zeros = f"torch.zeros({h})" if n is None else f"torch.zeros({n}, {h})"
        return (f"x = {x}\n"
                f"h, c = {zeros}, {zeros}\n"
                "outputs = []\n"
                f"for t in range({t}):\n"
                "    h, c = cell(x[t], (h, c))\n"
                "    outputs.append(h)\n"
                f"out = {JOIN_CODE[join]}\n")

    def snippet(self, p):
        kind, n, h, t, i = p.kind, p.batch, p.hidden_size, p.seq_len, p.input_size
        if kind == "stacked":
            return self._head(p) + self._loop(p, p.join)
        if kind == "step-shape":
            x = f"torch.randn({t}, {i})" if n is None else f"torch.randn({t}, {n}, {i})"
            zeros = f"torch.zeros({h})" if n is None else f"torch.zeros({n}, {h})"
            return self._head(p) + f"x = {x}\nh, c = cell(x[0], ({zeros}, {zeros}))\n"
        if kind in ("param-count", "param-diff"):
            code = self._head(p) + "n_cell = sum(p.numel() for p in cell.parameters())\n"
            if kind == "param-diff":
                code += (f"lstm = nn.LSTM(input_size={i}, hidden_size={h}, num_layers={p.num_layers})\n"
                         "n_lstm = sum(p.numel() for p in lstm.parameters())\n"
                         "gap = n_lstm - n_cell\n")
            return code
        if kind == "param-name":
            return self._head(p)
        if kind == "3d-input":
            return self._head(p) + (f"x = torch.randn({t}, {n}, {i})\nstate = (torch.zeros({n}, {h}), torch.zeros({n}, {h}))\n"
                                    "h, c = cell(x, state)\n")
        if kind == "lstm-states":
            h0 = f"torch.zeros(1, {n}, {h})" if p.variant == "h0" else f"torch.zeros({n}, {h})"
            return self._head(p) + (f"x = torch.randn({t}, {n}, {i})\nh0 = {h0}\n"
                                    f"c0 = torch.zeros(1, {n}, {h})\nh, c = cell(x[0], (h0, c0))\n")
        if kind == "mixed-batch":
            if p.variant == "1d-input":
                return self._head(p) + (f"x = torch.randn({t}, {n}, {i})\nstate = (torch.zeros({n}, {h}), "
                                        f"torch.zeros({n}, {h}))\nh, c = cell(x[0, 0], state)\n")
            return self._head(p) + (f"x = torch.randn({t}, {n}, {i})\nstate = (torch.zeros({h}), torch.zeros({h}))\n"
                                    "h, c = cell(x[0], state)\n")
        if kind == "one-state":
            return self._head(p) + (f"x = torch.randn({t}, {n}, {i})\nh0 = torch.zeros({n}, {h})\n"
                                    "h, c = cell(x[0], h0)\n")
        # loop-vs-lstm
        return (self._head(p)
                + f"lstm = nn.LSTM(input_size={i}, hidden_size={h})\n"
                "with torch.no_grad():\n"
                "    cell.weight_ih.copy_(lstm.weight_ih_l0)\n"
                "    cell.weight_hh.copy_(lstm.weight_hh_l0)\n"
                "    cell.bias_ih.copy_(lstm.bias_ih_l0)\n"
                "    cell.bias_hh.copy_(lstm.bias_hh_l0)\n"
                + self._loop(p)
                + "output, (h_n, c_n) = lstm(x)\n")

    def stem(self, p):
        kind = p.kind
        if kind == "stacked":
            return ("The loop below runs an LSTM cell over a batch one time step at a time and collects each "
                    "step's hidden state. What is the shape of `out`?")
        if kind == "step-shape":
            if p.batch is None:
                return "The cell below reads one step of a single sequence that has no batch axis. What is the shape of `h`?"
            return "An LSTM cell takes one time step of a batch. What is the shape of `h` after this step?"
        if kind == "param-count":
            return "How many trainable numbers does this cell hold? What is `n_cell`?"
        if kind == "param-diff":
            return (f"A {p.num_layers}-layer `nn.LSTM` with the same input and hidden sizes is built next to "
                    "the cell. What is `gap`, the difference of their parameter counts?")
        if kind == "param-name":
            return "Which of these names a parameter that `cell` really has, with its shape?"
        if kind == "3d-input":
            return "The loop over time steps was left out: the whole sequence goes to the cell at once. What happens?"
        if kind == "lstm-states":
            return ("The initial states below were written for `nn.LSTM` and are reused with a cell. What happens "
                    "when the code runs?")
        if kind == "mixed-batch":
            if p.variant == "1d-input":
                return ("The code feeds the cell one step of one sequence, but keeps states for the whole batch. "
                        "What happens?")
            return "The states below were made for a single sequence, the input step for a batch. What happens?"
        if kind == "one-state":
            return "Only the hidden state is passed to the cell. What happens when the code runs?"
        return ("The cell gets the weights of a one-layer `nn.LSTM`, and the loop runs it over the same input. "
                "Which statement is true?")

    # --- options ---------------------------------------------------------------------------

    def truth(self, p, main):
        kind = p.kind
        if kind == "stacked":
            return tuple(main.values["out"]["shape"])
        if kind == "step-shape":
            return tuple(main.values["h"]["shape"])
        if kind == "param-count":
            return main.values["n_cell"]
        if kind == "param-diff":
            return main.values["gap"]
        return error_claim(main)

    def achieves(self, p, outcome):
        return outcome.ok and outcome.values.get("holds") is True

    def options(self, p, main):
        return offer(p, *self._options(p, main))

    def _options(self, p, main):
        kind = p.kind
        if kind in ERROR_KINDS:
            return self._error_options(p, main)
        if kind == "param-name":
            return self._name_options(p)
        if kind == "loop-vs-lstm":
            return self._loop_options(p)
        truth = self.truth(p, main)
        show = shape_text if kind in ("stacked", "step-shape") else str
        intended = Candidate(show(truth), self._why_right(p, truth), value=truth)
        return intended, named_values(p, misconceptions(p), truth, show, MISCONCEPTION_WHY)

    def _why_right(self, p, truth) -> str:
        kind, i, h, t, n = p.kind, p.input_size, p.hidden_size, p.seq_len, p.batch
        if kind == "stacked":
            how = {"stack0": f"torch.stack puts a new first axis of {t} steps in front of each ({n}, {h})",
                   "stack1": f"torch.stack(dim=1) puts the new axis of {t} steps second, after the batch of {n}",
                   "cat0": f"torch.cat joins the {t} tensors of ({n}, {h}) along their existing first axis, "
                           f"{t} × {n} = {t * n} rows"}[p.join]
            return f"Each step gives h of shape ({n}, {h}); {how}: {shape_text(truth)}."
        if kind == "step-shape":
            if n is None:
                return f"A 1-D step of {i} features gives a 1-D h of hidden_size = {h}: {shape_text(truth)}."
            return f"A cell handles one step: x[0] is ({n}, {i}), so h is (batch, hidden_size) = {shape_text(truth)}."
        if kind == "param-count":
            return (f"4 gates × hidden_size {h} rows, each with {i} input and {h} recurrent weights, plus two "
                    f"biases of 4 × {h}: 4·{h}·({i} + {h}) + 8·{h} = {truth}.")
        upper = p.num_layers - 1
        return (f"Layer 0 of the LSTM holds exactly the cell's tensors; each upper layer ({upper} here) reads "
                f"the {h} features of the layer below: 4·{h}·({h} + {h}) + 8·{h} = {8 * h * h + 8 * h} each, "
                f"{truth} in all.")

    def _error_options(self, p, main):
        kind = p.kind
        if main.error:
            exc, message = main.error
            intended = raises(exc, message, ERROR_RIGHT[kind](p))
        else:
            intended = runs("It runs without an error.", "torch accepts these arguments.")
        truth = error_claim(main)
        wrong = [
            named("blames-input", raises("ValueError", INPUT_MESSAGE, "Blames the input: x[0] is 2-D, which a cell "
                                                                      "accepts; the problem is elsewhere.")),
            named("blames-states", raises("ValueError", STATE_MESSAGE, "Blames the states; they are 2-D (batch, "
                                                                       "hidden_size), as a cell wants.")),
            named("blames-state-type", raises("TypeError", TUPLE_MESSAGE, "Expects a complaint about the state "
                                                                          "argument; the pair (h, c) is passed as the "
                                                                          "cell wants.")),
            named("other-exception-type", raises("RuntimeError", main.error[1] if main.error else INPUT_MESSAGE,
                                                 "Names the wrong type: torch reports this check as a "
                                                 f"{main.error[0] if main.error else 'ValueError'}.")),
        ]
        if kind == "3d-input":
            wrong.append(named("cell-loops-itself", runs("It runs: the cell loops over the first axis itself and returns h for every step.",
                              "Expects nn.LSTM's behaviour; a cell handles exactly one step, a 1-D or 2-D input.")))
        elif kind == "mixed-batch":
            wrong = [
                named("swapped-sizes", raises("RuntimeError", size_message(p, swapped=True),
                      "Swaps the two numbers: torch names what it got first, then what it expected.")),
                named("other-exception-type", raises("ValueError", main.error[1] if main.error else size_message(p),
                      "Names the wrong type: torch reports a size disagreement as a RuntimeError.")),
                named("swapped-sizes-value-error", raises("ValueError", size_message(p, swapped=True),
                      "Two slips: a ValueError where torch raises RuntimeError, and the two numbers swapped.")),
                named("opposite-mix", raises("RuntimeError", size_message(replace(p, variant="1d-states" if p.variant == "1d-input"
                                                     else "1d-input")),
                       "Gives the message of the opposite mix ("
                       + ("a batched step with 1-D states" if p.variant == "1d-input" else
                          "a 1-D step with batched states") + "); here the step is "
                       + ("1-D and the states are batched." if p.variant == "1d-input" else
                          "batched and the states are 1-D."))),
                named("broadcasts", runs(f"It runs: the cell broadcasts {'the step over the batch' if p.variant == '1d-input' else 'the states over the batch'}"
                     f" and returns h of ({p.batch}, {p.hidden_size}).",
                     "Expects broadcasting; the step and the states must agree: both batched or both unbatched.")),
            ]
        elif kind == "lstm-states":
            if p.variant == "h0":
                wrong[1] = named("blames-c0", raises("ValueError", STATE_MESSAGE.replace("hx[0]", "hx[1]"),
                                                     "Blames the cell state c0; torch checks h0 (hx[0]) first."))
            else:
                wrong[1] = named("blames-h0", raises("ValueError", STATE_MESSAGE,
                                 "Blames h0; h0 here is 2-D as a cell wants, only c0 (hx[1]) has the layer axis."))
            wrong.append(named("drops-layer-axis", runs("It runs: the cell drops the leading axis of size 1, as nn.LSTM's states have.",
                              "Expects the cell to accept nn.LSTM's (layers, batch, hidden) states; a cell has no "
                              "layer axis and wants (batch, hidden).")))
        else:
            wrong[2] = named("other-exception-type", raises(
                "ValueError", TUPLE_MESSAGE, "Names the wrong type: torch reports a state argument that is not a "
                                             "tuple as a TypeError."))
            wrong.append(named("fills-c", runs("It runs: c starts from zeros when only h is given.",
                              "Expects the cell to fill in c; once a state is passed, an LSTM cell needs the pair "
                              "(h, c). (nn.GRUCell and nn.RNNCell take one tensor.)")))
        return intended, [c for c in wrong if c.value != truth]

    def _name_options(self, p):
        key, i, h = p.name, p.input_size, p.hidden_size
        code = self._head(p)
        shape = param_shape(p, key)

        def option(name: str, dims: tuple, why: str, misconception: str | None = None) -> Candidate:
            check = (f"isinstance(getattr(cell, {name!r}, None), nn.Parameter) "
                     f"and tuple(cell.{name}.shape) == {dims!r}")
            return Candidate(f"`cell.{name}` of shape {shape_text(dims)}", why,
                             program=f"{code}holds = bool({check})\n", format="text", value=(name, dims),
                             misconception=misconception)

        intended = option(key, shape, f"nn.LSTMCell registers {', '.join(NAMES)}, the layer's names without the _l0 "
                                      f"suffix; {key} stacks the four gates' {h} rows each: {shape_text(shape)}.")
        gate = {"weight_ih": "weight_ii", "weight_hh": "weight_hf", "bias_ih": "bias_ii", "bias_hh": "bias_hf"}[key]
        one_gate = (h,) + shape[1:]
        columns = {"weight_ih": h, "weight_hh": i}.get(key)
        wrong = [
            option(f"{key}_l0", shape, "Uses nn.LSTM's name; the _l0 suffix numbers layers, and a cell has none.",
                   "layer-suffix"),
            option(f"{key}_l0_reverse", shape, "Uses the name of a bidirectional layer's backward weights; a cell "
                                               "runs one direction and has no layers.", "reverse-suffix"),
            option("weight_hr", (h, h), "Expects projection weights; nn.LSTMCell has no proj_size.", "projection"),
            option("bias", (4 * h,), "Expects one bias; the cell keeps two, bias_ih and bias_hh.", "one-bias-tensor"),
            option(gate, one_gate, "Expects one tensor per gate (as the docs' W_ii, W_if names suggest); the four "
                                   "gates are stacked in one weight_ih and one weight_hh.", "per-gate-tensors"),
            option(key, one_gate, f"Gives {key} one gate's {h} rows; the four gates are stacked in it, "
                                  f"{4 * h} rows.", "one-gate-rows"),
        ]
        if columns is not None and columns != shape[1]:
            wrong.append(option(key, (4 * h, columns),
                                f"Gives {key} the columns of the other weight; `_ih` reads the {i} input features, "
                                f"`_hh` the {h} hidden ones.", "other-columns"))
        if len(shape) == 2 and shape[0] != shape[1]:
            wrong.append(option(key, shape[::-1], f"Writes the shape the other way round; the rows are the "
                                                  f"{4 * h} gate outputs.", "transposed"))
        return intended, wrong

    def _loop_options(self, p):
        code = self.snippet(p)
        t, n, h = p.seq_len, p.batch, p.hidden_size

        def stmt(text, check, why):
            return Candidate(text, why, program=f"{code}holds = bool({check})\n", format="text")

        true = {
            "output": stmt(f"`out` ({t}, {n}, {h}) matches `output` to within 1e-6 at all {t} steps.",
                           "torch.allclose(out, output, atol=1e-6)",
                           "The cell with the layer's weights computes the same gates at every step; the loop "
                           "rebuilds output step by step."),
            "final-cell": stmt(f"After the loop, `c` ({n}, {h}) matches `c_n[0]` to within 1e-6.",
                               "torch.allclose(c, c_n[0], atol=1e-6)",
                               "The loop carries c from step to step as the layer does, so the last c is the "
                               "layer's final cell state."),
        }
        wrong = [
            named("gate-order", stmt("`out` and `output` differ: nn.LSTMCell orders its gates differently from nn.LSTM.",
                                     "not torch.allclose(out, output, atol=1e-6)",
                                     "Expects another gate order in the cell; both use i, f, g, o, so copied weights "
                                     "give the same result.")),
            named("out-is-cell", stmt(f"`out[-1]` ({n}, {h}) matches `c_n[0]`.",
                                      "torch.allclose(out[-1], c_n[0], atol=1e-6)",
                                      "Takes the collected hidden states for cell states; out[-1] matches h_n[0], not "
                                      "c_n[0].")),
            named("batch-first-stack", stmt(f"`out` has shape ({n}, {t}, {h}), like a batch_first output.",
                                            f"out.shape == ({n}, {t}, {h})",
                                            f"torch.stack puts the new step axis first: ({t}, {n}, {h}), like output "
                                            "without batch_first.")),
            named("stateless-cell", stmt("They agree only at the first step: the cell forgets c between calls.",
                                         "torch.allclose(out[0], output[0], atol=1e-6) and not "
                                         "torch.allclose(out, output, atol=1e-6)",
                                         "Expects the cell to keep no state; the loop passes c back in at every step, "
                                         "so nothing is lost.")),
        ]
        return true[p.claim], wrong

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        return replace(self._explain(p, main, correct), mistakes=mistakes(p, self.options(p, main)[1], TRAPS))

    def _explain(self, p, main, correct):
        kind, i, h, t, n = p.kind, p.input_size, p.hidden_size, p.seq_len, p.batch
        if kind in ("stacked", "step-shape"):
            steps = [f"nn.LSTMCell computes one time step: from x of ({'' if n is None else f'{n}, '}{i}) it "
                     f"returns h and c of ({'' if n is None else f'{n}, '}{h}); it has no time or layer axis."]
            if kind == "stacked":
                steps.append(f"The loop collects {t} such h in a list; `{JOIN_CODE[p.join]}` joins them.")
            steps.append(f"So the shape is {correct.text}.")
            check = (f"count the numbers: {h} features × {n} sequences × {t} steps = {t * n * h} in `out`"
                     if kind == "stacked"
                     else "`h.numel()` equals `cell.hidden_size`" + ("" if n is None else " times the batch, `x.shape[1]`"))
            hint = (f"What shape does one step's h have for {n} sequences, and what does `{JOIN_CODE[p.join]}` do "
                    f"with a list of {t} of them?" if kind == "stacked" else
                    f"How much of the {t}-step sequence does one call of a cell see?")
            return Explanation(tuple(steps), check, hint)
        if kind in ("param-count", "param-diff"):
            steps = [f"weight_ih is (4·{h}, {i}) = {4 * h * i} numbers and weight_hh (4·{h}, {h}) = {4 * h * h}.",
                     f"bias_ih and bias_hh have 4·{h} = {4 * h} each, so the cell holds {cell_count(p)}."]
            if kind == "param-diff":
                steps.append(f"The LSTM's layer 0 has the same four tensors; layers 1 and up take the {h} features "
                             f"of the layer below as input, so weight_ih_l1 is (4·{h}, {h}).")
            steps.append(f"So the answer is {correct.text}.")
            steps = tuple(steps)
            return Explanation(steps, f"print([q.shape for q in cell.parameters()]) lists (4·{h}, {i}), (4·{h}, {h}), "
                                      f"(4·{h},), (4·{h},)",
                               f"Count the cell's tensors and their shapes for {i} inputs and {h} hidden units before "
                               "adding them up.")
        if kind == "param-name":
            return Explanation(
                (f"`dict(cell.named_parameters())` has the keys {', '.join(NAMES)}.",
                 "nn.LSTM names the same tensors with a layer suffix (_l0, _l1 and so on) and _reverse for the backward "
                 "direction; a cell has neither.",
                 f"Each weight stacks the four gates, i, f, g, o, each {p.hidden_size} rows; a weight's columns are "
                 f"what it reads: {p.input_size} input features for _ih, {p.hidden_size} hidden ones for _hh.",
                 f"So the answer is {correct.text}."),
                "print([(name, tuple(q.shape)) for name, q in cell.named_parameters()])",
                f"Think of what the _l0 in nn.LSTM's names counts, and how many blocks of {p.hidden_size} rows one "
                "weight tensor stacks.")
        if kind in ERROR_KINDS:
            steps = ("nn.LSTMCell takes one step: input (batch, input_size) or (input_size,), and the pair (h, c), "
                     "each (batch, hidden_size) or (hidden_size,).",
                     {"3d-input": f"Here x has 3 dimensions ({t}, {n}, {i}): a whole sequence.",
                      "lstm-states": (f"Here {'h0 and c0 are' if p.variant == 'h0' else 'c0 is'} (1, {n}, {h}), "
                                      "shaped for nn.LSTM with its layer axis."),
                      "mixed-batch": ("Here the step and the states disagree: one is batched, the other is "
                                      "not."),
                      "one-state": "Here the second argument is one tensor, h0, not the pair (h0, c0)."}[kind],
                     f"So {correct.text.rstrip('.')}.")
            return Explanation(steps, "cell input and states: at most 2-D, and the states as a tuple (h, c)",
                               f"Compare each argument of `cell(...)` (x is {t} × {n} × {i}) with what one step needs: "
                               "how many dimensions, and what type?")
        return Explanation(
            ("With the layer's weights copied, the cell computes the same four gates in the same order.",
             f"The loop feeds each of the {t} steps and passes (h, c) on, exactly what nn.LSTM does inside.",
             f"So: {correct.text.rstrip('.')}. torch checked each statement with allclose in its own run."),
            "out[-1] matches h_n[0] as well, and c matches c_n[0]",
            f"Ask what differs between the layer and the loop over {t} steps once the weights are the same.",
        )


ERROR_RIGHT: dict[str, Callable] = {
    "3d-input": lambda p: (f"A cell takes one step; x is 3-D ({p.seq_len}, {p.batch}, {p.input_size}), "
                           "a whole sequence, and torch refuses it before computing."),
    "lstm-states": lambda p: ((f"h0 is 3-D (1, {p.batch}, {p.hidden_size}); a cell's states are at most 2-D, "
                               "and torch checks h0 (hx[0]) first.") if p.variant == "h0" else
                              (f"c0 (hx[1]) is 3-D (1, {p.batch}, {p.hidden_size}); a cell's states are at "
                               "most 2-D.")),
    "mixed-batch": lambda p: (("x[0, 0] is one step of one sequence, 1-D, so torch expects 1-D states of "
                               f"{p.hidden_size}; the states are ({p.batch}, {p.hidden_size}).")
                              if p.variant == "1d-input" else
                              (f"x[0] is a batch of {p.batch} steps, so torch expects states of "
                               f"({p.batch}, {p.hidden_size}); 1-D states stand for a single sequence.")),
    "one-state": lambda p: "The cell's state argument must be the tuple (h, c); one tensor is refused by its type.",
}

MISCONCEPTION_WHY: dict[str, Callable] = {
    "cat-for-stack": lambda p, v: (f"Treats torch.stack like torch.cat, joining along an existing axis: {shape_text(v)}; "
                                   "stack adds a new axis."),
    "stack-for-cat": lambda p, v: (f"Treats torch.cat like torch.stack, adding a step axis: {shape_text(v)}; cat "
                                   "joins along the existing first axis."),
    "other-stack-dim": lambda p, v: (f"Puts the new step axis in the other place, {shape_text(v)}; the dim argument "
                                     "of torch.stack says where it goes."),
    "like-h-n": lambda p, v: (f"Expects the shape of nn.LSTM's h_n, {shape_text(v)}; a cell has no layer axis."),
    "input-width": lambda p, v: (f"Keeps the input's {p.input_size} features; h has hidden_size = "
                                 f"{p.hidden_size}."),
    "layout-and-width": lambda p, v: (f"Two slips: the step axis in the wrong place and the input's "
                                      f"{p.input_size} features for hidden_size; that gives {shape_text(v)}."),
    "stack-last": lambda p, v: (f"Adds the step axis last, {shape_text(v)}; torch.stack adds it where its dim "
                                f"argument says, here {1 if p.join == 'stack1' else 0}."),
    "adds-batch": lambda p, v: ("Expects a batch axis of 1; for 1-D input the cell returns 1-D states."),
    "whole-sequence": lambda p, v: ("Expects every step at once; a cell call handles only the step it is given."),
    "drops-batch": lambda p, v: (f"Drops the batch axis; a batched step keeps it: ({p.batch}, "
                                 f"{p.hidden_size})."),
    "one-bias": lambda p, v: (f"Counts one bias; the cell has bias_ih and bias_hh, 4·{p.hidden_size} each. "
                              f"That gives {v}."),
    "no-recurrent": lambda p, v: (f"Leaves out weight_hh, the recurrent weights from h; that gives {v}."),
    "one-gate": lambda p, v: (f"Counts a single gate; the cell stacks four (i, f, g, o). That gives {v}."),
    "no-bias": lambda p, v: (f"Leaves out both biases; that gives {v}."),
    "per-step": lambda p, v: (f"Counts one set of weights per time step ({p.seq_len} steps); the same weights "
                              f"serve every step. That gives {v}."),
    "gates-joined": lambda p, v: (f"Expects the four gates side by side, 4 × {p.hidden_size} features; the cell "
                                  "combines them into one h of hidden_size."),
    "pair-joined": lambda p, v: ("Expects h and c joined in one tensor; the cell returns them as two tensors, "
                                 "and h alone has hidden_size features."),
    "features-first": lambda p, v: (f"Puts the features before the batch: {shape_text(v)}; h is (batch, hidden_size)."),
    "shared-layers": lambda p, v: ("Expects stacked layers to share one set of weights; every layer has its own, "
                                   "so the LSTM holds more."),
    "same-input": lambda p, v: (f"Gives every upper layer input_size = {p.input_size} inputs; layers above the "
                                f"first read the {p.hidden_size} features of the layer below. That gives {v}."),
    "whole-lstm": lambda p, v: (f"Gives the LSTM's whole count, {v}, not its difference from the cell."),
}

# Common mistakes, in other words than the options' whys (``y``: what the slip gives here).
TRAPS: dict[str, Callable] = {
    "cat-for-stack": lambda p, y: f"Expecting torch.stack to glue the steps end to end, as torch.cat does: {y}.",
    "stack-for-cat": lambda p, y: f"Expecting torch.cat to add a new step axis, as torch.stack does: {y}.",
    "other-stack-dim": lambda p, y: f"Misplacing the axis that dim= inserts: {y}.",
    "like-h-n": lambda p, y: f"Carrying nn.LSTM's leading layer axis over to a cell: {y}.",
    "input-width": lambda p, y: f"Keeping input_size {p.input_size} as the width of h: {y}.",
    "stack-last": lambda p, y: f"Putting the stacked steps at the end: {y}.",
    "layout-and-width": lambda p, y: f"Misplacing the step axis and keeping the input width at once: {y}.",
    "adds-batch": lambda p, y: f"Inventing a batch axis for a single unbatched step: {y}.",
    "whole-sequence": lambda p, y: f"Expecting one call to cover all {p.seq_len} steps: {y}.",
    "drops-batch": lambda p, y: f"Losing the batch axis of a batched step: {y}.",
    "gates-joined": lambda p, y: f"Expecting the four gate activations to come out side by side: {y}.",
    "pair-joined": lambda p, y: f"Expecting h and c to come out as one tensor: {y}.",
    "features-first": lambda p, y: f"Ordering h as (features, batch): {y}.",
    "one-bias": lambda p, y: f"Forgetting that there are two bias vectors: {y}.",
    "no-recurrent": lambda p, y: f"Forgetting the weights that read the previous h: {y}.",
    "one-gate": lambda p, y: f"Counting the weights of one gate instead of four: {y}.",
    "no-bias": lambda p, y: f"Counting weights only, no biases: {y}.",
    "per-step": lambda p, y: f"Counting a fresh set of weights for each of the {p.seq_len} steps: {y}.",
    "shared-layers": lambda p, y: f"Believing the {p.num_layers} stacked layers share one set of weights: {y}.",
    "same-input": lambda p, y: f"Feeding every layer the {p.input_size} input features: {y}.",
    "whole-lstm": lambda p, y: f"Answering with the LSTM's total rather than the difference: {y}.",
    "blames-input": lambda p, y: "Suspecting the input step when it has an acceptable number of dimensions.",
    "blames-states": lambda p, y: "Suspecting the states when they are shaped as a cell wants.",
    "blames-state-type": lambda p, y: "Suspecting the state argument's type when a proper pair is passed.",
    "other-exception-type": lambda p, y: "Right complaint, wrong exception class.",
    "cell-loops-itself": lambda p, y: "Expecting a cell to loop over a whole sequence like nn.LSTM.",
    "swapped-sizes": lambda p, y: "Reading torch's two sizes in the opposite order.",
    "swapped-sizes-value-error": lambda p, y: "Reading the two sizes backwards and naming the wrong exception class.",
    "opposite-mix": lambda p, y: "Mixing up which of the two, step or states, lacks the batch axis.",
    "broadcasts": lambda p, y: "Expecting torch to broadcast a batched argument against an unbatched one.",
    "blames-c0": lambda p, y: "Expecting c0 to be checked before h0.",
    "blames-h0": lambda p, y: "Suspecting h0 when only c0 carries the extra layer axis.",
    "drops-layer-axis": lambda p, y: "Expecting a cell to squeeze nn.LSTM's layer axis away.",
    "fills-c": lambda p, y: "Expecting the cell to invent c when only h is passed.",
    "layer-suffix": lambda p, y: "Carrying nn.LSTM's _l0 suffix over to a cell, which has no layers.",
    "reverse-suffix": lambda p, y: "Looking for a backward direction a cell does not have.",
    "projection": lambda p, y: "Looking for projection weights nn.LSTMCell does not have.",
    "one-bias-tensor": lambda p, y: "Expecting a single bias vector where there are two.",
    "per-gate-tensors": lambda p, y: "Expecting a separate tensor for every gate.",
    "one-gate-rows": lambda p, y: f"Giving a stacked weight only one gate's {p.hidden_size} rows.",
    "other-columns": lambda p, y: "Giving a weight the columns of its sibling.",
    "transposed": lambda p, y: "Writing a weight's shape as (inputs, outputs).",
    "gate-order": lambda p, y: "Suspecting the cell and the layer of ordering their gates differently.",
    "out-is-cell": lambda p, y: "Taking the collected h values for cell states.",
    "batch-first-stack": lambda p, y: "Expecting torch.stack to put the batch first.",
    "stateless-cell": lambda p, y: "Believing the cell forgets its state between calls even when c is passed back.",
}
