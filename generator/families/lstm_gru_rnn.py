"""lstm-gru-rnn: the same sizes in ``nn.LSTM``, ``nn.GRU`` and ``nn.RNN``.

The three layers differ in how many gate blocks they stack (4, 3, 1) and in what they return as
their state (the pair ``(h_n, c_n)`` or one tensor ``h_n``). Kinds (``params["kind"]``), each a
small class below (``SITUATIONS``) that owns its draw, code, stem, options and explanation:

- ``count``: the parameter count (stacked layers, ``bias=False``, two directions in some draws);
- ``gap``: ``nn.LSTM``'s count minus ``nn.GRU``'s or ``nn.RNN``'s for the same sizes;
- ``weight-shape``: the shape of ``weight_ih_l0``, ``weight_hh_l0`` or ``bias_ih_l0``;
- ``output``: the shape of ``output`` (the same rule for all three);
- ``state``: what ``state`` holds after ``output, state = layer(x)``;
- ``tuple-attr``: GRU-style code (``output, h_n = ...``) run on an ``nn.LSTM``;
- ``unpack``: LSTM-style unpacking ``output, (h_n, c_n) = ...`` of a GRU or RNN (an error, or a
  silent run when ``h_n`` happens to have two rows);
- ``swapped-head``: a GRU classifier head (``h_n[-1]``) kept after swapping in an ``nn.LSTM``;
- ``which-runs``: which GRU or RNN runs that unpacking without an error (each option run);
- ``pair-in``: an ``(h0, c0)`` pair, or the two joined with ``torch.cat``, passed to a GRU or RNN.

Wrong answers are named misconceptions computed from the params (``misconceptions``); one that
gives the key on a draw is not offered. Error messages come from the run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Candidate
from .base import Explanation, Family, shape_text
from .record import DictParams, NumericForm
from .claims import error_claim, raises
from .distractors import named
from .situation import ErrorSituation, Situation, SituationFamily, ValueSituation
from .wording import worded

BLOCKS = {"LSTM": 4, "GRU": 3, "RNN": 1}
GATES = {"LSTM": "i, f, g, o", "GRU": "r, z, n", "RNN": "one tanh block"}
MODULES = tuple(BLOCKS)
LEVEL_KINDS = {
    "easy": ("count", "weight-shape", "state"),
    # tuple-attr's key is one of ten fixed messages: it comes up less often than the kinds whose
    # key holds the item's sizes
    "medium": ("count", "gap", "output", "tuple-attr", "swapped-head", "state", "output", "swapped-head"),
    # unpack's and pair-in's keys are mostly fixed messages: the counts and which-runs come up more
    "hard": ("count", "count", "unpack", "which-runs", "which-runs", "pair-in"),
}
ERROR_KINDS = ("tuple-attr", "unpack", "pair-in")
NUMERIC_KINDS = ("count", "gap")  # whose answer is a number, so it may be typed in
WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0")
ATTRS = {"shape": "h_n.shape", "size": "h_n.size(0)", "dim": "h_n.dim()", "squeeze": "h_n.squeeze(0)",
         "permute": "h_n.permute(1, 0, 2)", "detach": "h_n.detach()", "flatten": "h_n.flatten()",
         "cpu": "h_n.cpu()", "mean": "h_n.mean(dim=0)", "numel": "h_n.numel()"}
# (num_layers, bidirectional) of the layers offered in which-runs: the state has layers × directions rows.
LAYOUTS = ((1, False), (2, False), (1, True), (3, False), (2, True), (4, False))
# How code written for nn.LSTM hands (h0, c0) to a GRU or RNN: as the pair, or joined by torch.cat.
PAIR_CODE = {"tuple": "(h0, c0)", "cat0": "torch.cat((h0, c0))", "cat2": "torch.cat((h0, c0), dim=2)"}
TUPLE_MESSAGE = "'tuple' object has no attribute 'dim'"
# The tuple's message is fixed; the joined states' messages hold the item's sizes.
PAIR_DRAWS = ("tuple", "cat0", "cat2", "cat0", "cat2")
HEAD = "import torch\nimport torch.nn as nn\n\n"


@dataclass(frozen=True)
class LayerParams(DictParams):
    """One item: the ``module`` (LSTM, GRU or RNN) and its sizes and flags, and what the kind
    needs (the ``weight`` asked about, the ``other`` module of a gap, the ``attr`` a tuple is
    asked for, the head's ``classes``, how the pair is passed in ``variant``)."""

    kind: str
    module: str
    input_size: int
    hidden_size: int
    seq_len: int
    batch: int
    num_layers: int
    bias: bool
    bidirectional: bool
    weight: str | None
    other: str | None
    attr: str | None
    classes: int | None
    variant: str | None
    form: str = "single"  # the question kind (lstmq.model.KINDS): "single" or "numeric"

    OPTIONAL = ("form",)

    # What the texts quote besides the fields.

    @property
    def blocks(self) -> int:
        """The gate blocks the module stacks."""
        return BLOCKS[self.module]

    @property
    def rows(self) -> int:
        """The state's first axis: layers × directions."""
        return self.num_layers * directions(self)

    @property
    def width(self) -> int:
        """The features a layer hands up: directions × hidden_size."""
        return directions(self) * self.hidden_size


def hidden_message(p: LayerParams, variant: str, swapped: bool = False) -> str:
    """torch's message for a joined (h0, c0) of the wrong size (numbers swapped on request)."""
    n, h = p.batch, p.hidden_size
    want, got = (1, n, h), ((2, n, h) if variant == "cat0" else (1, n, 2 * h))
    if swapped:
        want, got = got, want
    return f"Expected hidden size {want}, got [{', '.join(map(str, got))}]"


# --- rules (pure Python) --------------------------------------------------------------------

def count(p: LayerParams, blocks: int | None = None, *, upper_input: int | None = None, bias: bool | None = None,
          directions: int | None = None, layers: int | None = None, biases_per_block: int = 2,
          recurrent: bool = True) -> int:
    """Parameters of the layer in ``p``; the keywords change one thing (a misconception)."""
    g = BLOCKS[p.module] if blocks is None else blocks
    i, h = p.input_size, p.hidden_size
    d = (2 if p.bidirectional else 1) if directions is None else directions
    n_layers = p.num_layers if layers is None else layers
    with_bias = p.bias if bias is None else bias
    total = 0
    for layer in range(n_layers):
        inputs = i if layer == 0 else (d * h if upper_input is None else upper_input)
        per_direction = g * h * inputs + (g * h * h if recurrent else 0)
        per_direction += biases_per_block * g * h if with_bias else 0
        total += d * per_direction
    return total


def weight_shape(p: LayerParams, blocks: int | None = None) -> tuple:
    g = BLOCKS[p.module] if blocks is None else blocks
    h, i = p.hidden_size, p.input_size
    return {"weight_ih_l0": (g * h, i), "weight_hh_l0": (g * h, h), "bias_ih_l0": (g * h,)}[p.weight]


def directions(p: LayerParams) -> int:
    return 2 if p.bidirectional else 1


def state_shape(p: LayerParams) -> tuple:
    return (p.num_layers * directions(p), p.batch, p.hidden_size)


def state_claim(p: LayerParams, module: str | None = None) -> tuple:
    """What ``state`` is, by the rules: ("pair", shape) for an LSTM, ("tensor", shape) otherwise."""
    return ("pair" if (module or p.module) == "LSTM" else "tensor", state_shape(p))


def state_text(claim: tuple) -> str:
    form, shape = claim[0], shape_text(claim[1])
    if form == "pair":
        return f"A tuple `(h_n, c_n)` of two tensors, each of shape {shape}"
    if form == "triple":
        return f"A tuple of three tensors (one per gate block), each of shape {shape}"
    if form == "per-layer":
        return f"A tuple of {claim[2]} tensors (one per layer), each of shape {shape}"
    return f"One tensor `h_n` of shape {shape}"


def layer_call(p: LayerParams, module: str | None = None) -> str:
    extras = []
    if p.num_layers != 1:
        extras.append(f"num_layers={p.num_layers}")
    if not p.bias:
        extras.append("bias=False")
    if p.bidirectional:
        extras.append("bidirectional=True")
    args = [f"input_size={p.input_size}", f"hidden_size={p.hidden_size}", *extras]
    return f"nn.{module or p.module}({', '.join(args)})"


def x_code(p: LayerParams) -> str:
    return f"x = torch.randn({p.seq_len}, {p.batch}, {p.input_size})\n"


def others(module: str) -> list[str]:
    return [other for other in MODULES if other != module]


# --- texts several kinds share ---------------------------------------------------------------

# Another layer's block count, in a count or a weight's shape.
BLOCK_WHYS = {
    "as-lstm": "Uses nn.LSTM's 4 blocks; nn.{p.module} has {p.blocks}. That gives {v}.",
    "as-gru": "Uses nn.GRU's 3 blocks; nn.{p.module} has {p.blocks}. That gives {v}.",
    "as-rnn": "Counts a single block like nn.RNN; nn.{p.module} has {p.blocks}. That gives {v}.",
}
BLOCK_TRAPS = {f"as-{other.lower()}": f"Counting nn.{other}'s {BLOCKS[other]} gate block(s) for an "
                                      "nn.{p.module}: {v}." for other in MODULES}


# --- the value kinds ------------------------------------------------------------------------

class ParameterCount(ValueSituation):
    """A count of parameters: the explanation walks through each module's blocks."""

    def modules(self, p) -> tuple[str, ...]:
        raise NotImplementedError

    def check(self, p) -> str:
        raise NotImplementedError

    def explain(self, p, main, correct):
        i, h, layers, d = p.input_size, p.hidden_size, p.num_layers, directions(p)
        steps = []
        for mod in self.modules(p):
            gm = BLOCKS[mod]
            bias = f" + 2·{gm}·{h}" if p.bias else ""
            steps.append(f"nn.{mod} stacks {gm} block{'s' if gm > 1 else ''} ({GATES[mod]}): one layer and "
                         f"direction reading {i} inputs holds {gm}·{h}·{i} + {gm}·{h}·{h}{bias} = "
                         f"{count(replace(p, module=mod, num_layers=1, bidirectional=False))}.")
        if d > 1:
            steps.append(f"bidirectional=True gives every layer a second direction with its own weights: × {d}.")
        if layers > 1:
            steps.append(f"{layers} layers: those above the first read the {d}·{h} = {d * h} features of the "
                         "layer below, not the input.")
        steps.append(f"So the answer is {correct.text}.")
        return Explanation(tuple(steps), self.check(p),
                           f"How many copies of one block of {h} rows does each kind of layer keep?")


class Count(ParameterCount):
    """How many learnable numbers one layer holds."""

    kind = "count"
    probe = "n_params"
    stem_text = "How many learnable numbers does this `nn.{p.module}` hold? What is `n_params`?"
    whys = worded({
        **BLOCK_WHYS,
        "one-bias": "Counts one bias per block; torch keeps bias_ih and bias_hh. That gives {v}.",
        "no-recurrent": "Leaves out weight_hh, the weights applied to the previous h; that gives {v}.",
        "same-input": ("Gives upper layers {p.input_size} inputs; they read the layer below's {p.width} features. "
                       "That gives {v}."),
        "one-direction-input": lambda p, v: (f"Gives upper layers {p.hidden_size} inputs; both directions of the "
                                             f"layer below are joined, {2 * p.hidden_size}. That gives {v}."),
        "one-direction": "Counts one direction; bidirectional=True doubles every layer. That gives {v}.",
        "one-layer": "Counts only the first layer of {p.num_layers}; that gives {v}.",
        "bias-anyway": "Counts biases although bias=False removes them; that gives {v}.",
    })
    traps = worded({
        **BLOCK_TRAPS,
        "one-bias": "Keeping a single bias vector per block: {v}.",
        "no-recurrent": "Skipping the hidden-to-hidden weights: {v}.",
        "same-input": "Letting every layer read the {p.input_size} input features: {v}.",
        "one-direction-input": "Feeding upper layers one direction's features only: {v}.",
        "one-direction": "Forgetting the second direction: {v}.",
        "one-layer": "Stopping at the first of {p.num_layers} layers: {v}.",
        "bias-anyway": "Counting biases that bias=False removed: {v}.",
    })

    def draw(self, rng, d, difficulty):
        if difficulty == "medium":
            d["num_layers"] = rng.choice((2, 3))
            d["bias"] = rng.random() < 0.5
        elif difficulty == "hard":
            d["num_layers"] = rng.choice((1, 2))
            d["bidirectional"] = True
            d["bias"] = rng.random() < 0.7

    def difficulty(self, p):
        if p.bidirectional:
            return "hard"
        return "medium" if p.num_layers > 1 or not p.bias else "easy"

    def snippet(self, p):
        return HEAD + f"layer = {layer_call(p)}\nn_params = sum(q.numel() for q in layer.parameters())\n"

    def rule(self, p):
        return count(p)

    def misconceptions(self, p):
        layers, d = p.num_layers, directions(p)
        return {
            **{f"as-{other.lower()}": count(p, BLOCKS[other]) for other in others(p.module)},
            "one-bias": count(p, biases_per_block=1) if p.bias else None,
            "no-recurrent": count(p, recurrent=False),
            "same-input": count(p, upper_input=p.input_size) if layers > 1 else None,
            "one-direction-input": count(p, upper_input=p.hidden_size) if layers > 1 and d == 2 else None,
            "one-direction": count(p, directions=1) if d == 2 else None,
            "one-layer": count(p, layers=1) if layers > 1 else None,
            "bias-anyway": count(p, bias=True) if not p.bias else None,
        }

    def why_right(self, p, value):
        return (f"{p.blocks} block(s) of {p.hidden_size} rows per layer and direction, {p.num_layers} layer(s), "
                f"{directions(p)} direction(s){'' if p.bias else ', no biases'}: {value}.")

    def modules(self, p):
        return (p.module,)

    def check(self, p):
        d, h, g = directions(p), p.hidden_size, p.blocks
        cols = sum(d * ((p.input_size if layer == 0 else d * h) + h + (2 if p.bias else 0))
                   for layer in range(p.num_layers))
        return (f"every parameter tensor has {g}·{h} = {g * h} rows, and their columns (a bias counts as "
                f"one) add up to {cols}: multiply the two")


class Gap(ParameterCount):
    """``nn.LSTM``'s count minus that of an ``nn.GRU`` or ``nn.RNN`` of the same sizes."""

    kind = "gap"
    probe = "gap"
    stem_text = ("An `nn.LSTM` and an `nn.{p.other}` are built with the same sizes. What is `gap`, the difference "
                 "of their parameter counts?")
    whys = worded({
        "block-count": "Gives the difference in blocks, {v}, not in parameters.",
        "lstm-total": "Gives the LSTM's whole count, {v}, not the difference.",
        "other-total": "Gives the {p.other}'s whole count, {v}, not the difference.",
        "no-bias-gap": "Leaves the biases out of the extra blocks; they are part of the gap. That gives {v}.",
        "input-only-gap": "Counts only the input weights of the extra blocks, not weight_hh; that gives {v}.",
        "cell-state-only": "Counts the cell state's {v} numbers; states are not parameters, the extra gate blocks are.",
    })
    traps = worded({
        "block-count": "Subtracting block counts instead of parameter counts: {v}.",
        "lstm-total": "Answering with the LSTM's own total: {v}.",
        "other-total": "Answering with the {p.other}'s own total: {v}.",
        "no-bias-gap": "Leaving the extra blocks' biases out of the difference: {v}.",
        "input-only-gap": "Counting only the input side of the extra blocks: {v}.",
        "cell-state-only": "Mistaking the size of a state for a parameter count: {v}.",
    })

    def draw(self, rng, d, difficulty):
        d["module"], d["other"] = "LSTM", rng.choice(("GRU", "RNN"))
        d["num_layers"] = rng.choice((1, 2))

    def snippet(self, p):
        return HEAD + (f"lstm = {layer_call(p, 'LSTM')}\nother = {layer_call(p, p.other)}\n"
                       "gap = (sum(q.numel() for q in lstm.parameters())\n"
                       "       - sum(q.numel() for q in other.parameters()))\n")

    def rule(self, p):
        return count(replace(p, module="LSTM")) - count(replace(p, module=p.other))

    def misconceptions(self, p):
        extra = BLOCKS["LSTM"] - BLOCKS[p.other]
        return {
            "block-count": extra,
            "lstm-total": count(replace(p, module="LSTM")),
            "other-total": count(replace(p, module=p.other)),
            "no-bias-gap": count(replace(p, bias=False), extra),
            "input-only-gap": count(p, extra, recurrent=False),
            "cell-state-only": p.hidden_size,
        }

    def why_right(self, p, value):
        return (f"The LSTM keeps {BLOCKS['LSTM'] - BLOCKS[p.other]} more block(s) of weights and "
                f"biases per layer than the {p.other}: {value}.")

    def modules(self, p):
        return ("LSTM", p.other)

    def check(self, p):
        extra = BLOCKS["LSTM"] - BLOCKS[p.other]
        lstm_total = count(replace(p, module="LSTM"))
        return (f"the LSTM's {lstm_total} parameters come in 4 equal blocks; the {p.other} keeps "
                f"{BLOCKS[p.other]} of them, so the gap is {extra}/4 of {lstm_total}")


class WeightShape(ValueSituation):
    """The shape of one weight or bias of the first layer."""

    kind = "weight-shape"
    level = "easy"
    probe = "w"
    stem_text = "What is the shape of `{p.weight}` in this `nn.{p.module}`?"
    show = staticmethod(shape_text)
    whys = worded({
        **BLOCK_WHYS,
        "transposed": "Writes the shape the other way round, {v}; rows are the blocks' outputs.",
        "one-block": "Keeps one block of {p.hidden_size} rows; the blocks are stacked in one tensor: {v} is too small.",
        "other-input": "Uses the other weight's columns, {v}; `_ih` reads x and `_hh` reads h.",
        "both-biases": "Joins bias_ih and bias_hh in one tensor, {v}; torch keeps them apart.",
        "as-lstm-transposed": "Two slips: nn.LSTM's 4 blocks and the shape written the other way round, {v}.",
        "as-gru-transposed": "Two slips: nn.GRU's 3 blocks and the shape written the other way round, {v}.",
        "as-rnn-transposed": "Two slips: a single block and the shape written the other way round, {v}.",
        "one-block-other-input": "Two slips: one block of {p.hidden_size} rows and the other weight's columns: {v}.",
    }, shape_text)
    traps = worded({
        **BLOCK_TRAPS,
        **{f"as-{other.lower()}-transposed": f"Using nn.{other}'s block count and writing the shape backwards: "
                                             "{v}." for other in MODULES},
        "transposed": "Writing the weight as (inputs, outputs): {v}.",
        "one-block": "Giving the tensor a single block of rows: {v}.",
        "other-input": "Giving the tensor the other weight's columns: {v}.",
        "both-biases": "Merging the two bias vectors into one: {v}.",
        "one-block-other-input": "One block of rows and the other weight's columns together: {v}.",
    })

    def draw(self, rng, d, difficulty):
        d["weight"] = rng.choice(WEIGHTS + WEIGHTS[:2])  # a bias's shape is one number: rarer

    def snippet(self, p):
        return HEAD + f"layer = {layer_call(p)}\nw = layer.{p.weight}\n"

    def rule(self, p):
        return weight_shape(p)

    def misconceptions(self, p):
        truth, g, h, i = weight_shape(p), p.blocks, p.hidden_size, p.input_size
        is_bias = p.weight == "bias_ih_l0"
        return {
            **{f"as-{other.lower()}": weight_shape(p, BLOCKS[other]) for other in others(p.module)},
            "transposed": tuple(reversed(truth)) if len(truth) == 2 else (1, g * h),
            "one-block": weight_shape(p, 1) if g > 1 else None,
            "other-input": {"weight_ih_l0": (g * h, h), "weight_hh_l0": (g * h, i), "bias_ih_l0": (g * h, i)}[p.weight],
            "both-biases": (2 * g * h,) if is_bias else None,
            # two slips at once: another layer's block count, and the shape written the other way round
            **{f"as-{other.lower()}-transposed": tuple(reversed(weight_shape(p, BLOCKS[other])))
               for other in others(p.module) if not is_bias},
            "one-block-other-input": ({"weight_ih_l0": (h, h), "weight_hh_l0": (h, i), "bias_ih_l0": (h, i)}[p.weight]
                                      if g > 1 else None),
        }

    def why_right(self, p, value):
        return f"{p.blocks} block(s) of {p.hidden_size} rows stacked: {shape_text(value)}."

    def explain(self, p, main, correct):
        m, g, h, i = p.module, p.blocks, p.hidden_size, p.input_size
        cols = {"weight_ih_l0": f"{i} inputs", "weight_hh_l0": f"{h} hidden features", "bias_ih_l0": "no columns"}
        return Explanation(
            (f"nn.{m} stacks {g} block{'s' if g > 1 else ''} ({GATES[m]}) of {h} rows each: {g}·{h} = {g * h} rows.",
             f"`{p.weight}` has {cols[p.weight]}.",
             f"So its shape is {correct.text}."),
            f"the number of rows divided by hidden_size {h} must give nn.{m}'s block count, {g}",
            f"How many gate blocks does nn.{m} stack in one weight tensor, each as tall as hidden_size?")


class Output(ValueSituation):
    """The shape of ``output``: the same rule for all three layers."""

    kind = "output"
    probe = "output"
    stem_text = "The sequence below goes through an `nn.{p.module}`. What is the shape of `output`?"
    show = staticmethod(shape_text)
    whys = worded({
        "gates-joined": "Expects the gate blocks side by side, {v}; only h comes out.",
        "pair-joined": "Expects h and a cell state joined, {v}; nn.{p.module} has no cell state.",
        "like-h-n": "Gives the final state's shape, {v}; output has a row for every step.",
        "input-width": "Keeps the input's {p.input_size} features; output has the hidden size.",
        "last-step": "Keeps only the last step, {v}; output has every step.",
        "one-direction": "Drops the backward direction, {v}; output joins both directions' h.",
        "batch-first": "Puts the batch first, {v}; without batch_first the steps come first.",
        "batch-first-input-width": "Two slips: the batch first and the input's {p.input_size} features: {v}.",
        "like-h-n-gates": ("Two slips: the final state's layout and every gate block's rows, {v}; output has a row "
                           "per step and only h's features."),
    }, shape_text)
    traps = worded({
        "gates-joined": "Expecting the gate blocks to show up in the result: {v}.",
        "pair-joined": "Expecting a cell state joined to h: {v}.",
        "like-h-n": "Confusing the per-step output with the final state: {v}.",
        "input-width": "Keeping the input width: {v}.",
        "last-step": "Keeping only the final step: {v}.",
        "one-direction": "Forgetting the second direction: {v}.",
        "batch-first": "Putting the batch first without batch_first=True: {v}.",
        "batch-first-input-width": "Batch first and the input width together: {v}.",
        "like-h-n-gates": "The final state's layout with every gate's rows: {v}.",
    })

    def draw(self, rng, d, difficulty):
        d["num_layers"] = rng.choice((1, 2))
        d["bidirectional"] = rng.random() < 0.5

    def snippet(self, p):
        return HEAD + f"layer = {layer_call(p)}\n{x_code(p)}output, state = layer(x)\n"

    def rule(self, p):
        return (p.seq_len, p.batch, directions(p) * p.hidden_size)

    def misconceptions(self, p):
        g, i, h, t, n, d = p.blocks, p.input_size, p.hidden_size, p.seq_len, p.batch, directions(p)
        return {
            "gates-joined": (t, n, g * h * d) if g > 1 else None,
            "pair-joined": (t, n, 2 * h * d) if p.module != "LSTM" else None,
            "like-h-n": state_shape(p),
            "input-width": (t, n, i),
            "last-step": (n, d * h),
            "one-direction": (t, n, h) if d == 2 else None,
            "batch-first": (n, t, d * h),
            "batch-first-input-width": (n, t, i),
            "like-h-n-gates": (p.num_layers * d, n, g * h) if g > 1 else None,
        }

    def why_right(self, p, value):
        return (f"One row per step and sequence, the top layer's h of {directions(p)} direction(s): "
                f"{shape_text(value)}.")

    def explain(self, p, main, correct):
        t, n, d, h = p.seq_len, p.batch, directions(p), p.hidden_size
        return Explanation(
            (f"All three layers return `output` with one row per step and sequence: ({t}, {n}, ·).",
             f"Its last axis is the top layer's h for each direction: {d} × {h} = {d * h}; gates and c "
             "never appear in output.",
             f"So the shape is {correct.text}."),
            f"output[-1] has the same {d * h} features as the last step's h of every direction joined",
            f"Which of the layer's quantities does output hold at each of the {t} steps?")


class State(ValueSituation):
    """What ``state`` holds: the pair for an LSTM, one tensor for a GRU or RNN."""

    kind = "state"
    stem_text = "After `output, state = layer(x)` with this `nn.{p.module}`, what is `state`?"
    show = staticmethod(state_text)
    fmt = "text"
    whys = worded({
        "pair-for-all": "Expects every recurrent layer to return (h_n, c_n); nn.{p.module} keeps no cell state.",
        "h-only": "Expects one state as nn.GRU returns; nn.LSTM also returns its cell state c_n.",
        "one-per-block": "Expects a state per gate block; the blocks are combined into one h.",
        "no-layer-axis": "Drops the leading layers × directions axis; it is there even when it is {p.rows}.",
        "per-layer": "Expects one tensor per layer and direction; torch stacks them along the first axis.",
        "gates-joined": lambda p, v: f"Expects the gate blocks side by side, {shape_text(v[1])}; only h comes out.",
        "as-output": "Gives output's shape; the state holds only the final step.",
        "other-form-no-layer-axis": lambda p, v: (
            "Two slips: expects one tensor as nn.GRU returns, and drops the layers × directions axis."
            if p.module == "LSTM" else
            f"Two slips: expects a cell state nn.{p.module} does not keep, and drops the layers × directions axis."),
        "other-form-as-output": lambda p, v: (
            "Two slips: expects one tensor as nn.GRU returns, and gives it output's shape."
            if p.module == "LSTM" else
            f"Two slips: expects a cell state nn.{p.module} does not keep, and gives output's shape; the state "
            "holds only the final step."),
    })
    traps = worded({
        "pair-for-all": "Giving every recurrent layer a cell state: {v}.",
        "h-only": "Forgetting the LSTM's cell state: {v}.",
        "one-per-block": "Expecting one state per gate block: {v}.",
        "no-layer-axis": "Dropping the layers × directions axis: {v}.",
        "per-layer": "Expecting a separate tensor per layer: {v}.",
        "gates-joined": "Expecting the gate blocks to show up in the result: {v}.",
        "as-output": "Confusing the state with the per-step output: {v}.",
        "other-form-no-layer-axis": "The wrong number of states and no layer axis: {v}.",
        "other-form-as-output": "The wrong number of states, shaped like the output: {v}.",
    })

    def draw(self, rng, d, difficulty):
        if difficulty == "medium":
            d["num_layers"] = rng.choice((1, 2))
            d["bidirectional"] = rng.random() < 0.6 or d["num_layers"] == 1

    def difficulty(self, p):
        return "medium" if p.num_layers > 1 or p.bidirectional else "easy"

    def snippet(self, p):
        return HEAD + f"layer = {layer_call(p)}\n{x_code(p)}output, state = layer(x)\n"

    def truth(self, p, main):
        state = main.values["state"]
        if isinstance(state, list):
            return ("pair", tuple(state[0]["shape"])) if len(state) == 2 and \
                state[0]["shape"] == state[1]["shape"] else ("tuple", tuple(tuple(s["shape"]) for s in state))
        return ("tensor", tuple(state["shape"]))

    def rule(self, p):
        return state_claim(p)

    def misconceptions(self, p):
        m, h, t, n, d, rows = p.module, p.hidden_size, p.seq_len, p.batch, directions(p), p.rows
        shape, form = state_shape(p), state_claim(p)[0]
        other_form = "tensor" if m == "LSTM" else "pair"
        return {
            "pair-for-all": ("pair", shape) if m != "LSTM" else None,
            "h-only": ("tensor", shape) if m == "LSTM" else None,
            "one-per-block": ("triple", shape) if m == "GRU" else None,
            "no-layer-axis": (form, (n, h)),
            "per-layer": ("per-layer", (n, h), rows) if rows > 1 else None,
            "gates-joined": (form, (rows, n, p.blocks * h)) if m != "RNN" else None,
            "as-output": (form, (t, n, d * h)),
            # two slips at once: the other form and a shape without the layer axis, or output's shape
            "other-form-no-layer-axis": (other_form, (n, h)),
            "other-form-as-output": (other_form, (t, n, d * h)),
        }

    def why_right(self, p, value):
        return "nn.LSTM returns the pair (h_n, c_n)." if p.module == "LSTM" else \
            f"nn.{p.module} keeps no cell state: one tensor h_n."

    def explain(self, p, main, correct):
        m, layers, d, n, h = p.module, p.num_layers, directions(p), p.batch, p.hidden_size
        form = "the pair (h_n, c_n)" if m == "LSTM" else "one tensor h_n"
        return Explanation(
            ("nn.LSTM keeps a cell state besides h, so it returns (h_n, c_n); nn.GRU and nn.RNN keep only h.",
             f"Here the layer is nn.{m}: state is {form}.",
             f"Each state tensor is (layers × directions, batch, hidden) = ({layers}·{d}, {n}, {h}).",
             f"So: {correct.text}."),
            ("`isinstance(state, tuple)` is True and `len(state)` is 2" if m == "LSTM" else
             f"`state.dim()` is 3 and `state.shape[0]` is {layers * d}"),
            (f"Which of the three layers keeps a second state besides h, and what does the first axis count for "
             f"{layers} layer(s) and {d} direction(s)?"))


class SwappedHead(ValueSituation):
    """A GRU classifier's ``h_n[-1]`` kept after swapping in an ``nn.LSTM``: it reads ``c_n``."""

    kind = "swapped-head"
    probe = "logits"
    stem_text = ("This classifier was written for `nn.GRU`, where `h_n[-1]` is the top layer's final state; then the "
                 "layer was swapped for an `nn.LSTM`. What is the shape of `logits`?")
    show = staticmethod(shape_text)
    whys = worded({
        "gru-behaviour": ("Expects h_n[-1] to be the top layer's h of ({p.batch}, {p.hidden_size}) as with a GRU; "
                          "for an LSTM h_n is the pair, and [-1] picks c_n."),
        "head-skipped": "Gives c_n's shape, {v}; the head still maps the last axis to {p.classes}.",
        "hidden-width": "Two slips: expects the GRU's top-layer h and forgets the head: {v}.",
        "batch-lost": "Drops the batch axis, {v}; a linear layer keeps every axis but the last.",
        "pair-stacked": "Expects h and c stacked along a new first axis of 2; the pair is a tuple, [-1] is c_n itself.",
    }, shape_text)
    traps = worded({
        "gru-behaviour": "Expecting the LSTM to hand back one state tensor as a GRU does: {v}.",
        "head-skipped": "Forgetting the linear head: {v}.",
        "hidden-width": "The GRU reading and no head at once: {v}.",
        "batch-lost": "Losing the batch axis in the head: {v}.",
        "pair-stacked": "Treating the pair as a stacked tensor: {v}.",
    })

    def draw(self, rng, d, difficulty):
        d["module"], d["num_layers"] = "LSTM", rng.choice((1, 2, 3))
        sizes = (d["input_size"], d["hidden_size"], d["seq_len"], d["batch"])
        d["classes"] = rng.choice([k for k in range(2, 13) if k not in sizes])

    def snippet(self, p):
        return HEAD + (f"lstm = {layer_call(p)}\nhead = nn.Linear({p.hidden_size}, {p.classes})\n{x_code(p)}"
                       "output, h_n = lstm(x)\nlogits = head(h_n[-1])\n")

    def rule(self, p):  # h_n is the pair, so h_n[-1] is c_n: (layers, batch, hidden)
        return (p.num_layers, p.batch, p.classes)

    def misconceptions(self, p):
        n, h, k, layers = p.batch, p.hidden_size, p.classes, p.num_layers
        return {
            "gru-behaviour": (n, k),
            "head-skipped": (layers, n, h),
            "hidden-width": (n, h),
            "batch-lost": (layers, k),
            "pair-stacked": (2, n, k),
        }

    def why_right(self, p, value):
        return (f"For an LSTM, h_n names the pair (h_n, c_n), so h_n[-1] is c_n of "
                f"({p.num_layers}, {p.batch}, {p.hidden_size}); the head maps its last "
                f"axis to {p.classes}: {shape_text(value)}.")

    def explain(self, p, main, correct):
        layers, n, h, k = p.num_layers, p.batch, p.hidden_size, p.classes
        return Explanation(
            ("nn.LSTM returns output and the pair (h_n, c_n); `output, h_n = lstm(x)` gives that pair the "
             "name h_n.",
             f"h_n[-1] is then the pair's last item, c_n, of ({layers}, {n}, {h}), not the top layer's h.",
             f"nn.Linear({h}, {k}) maps the last axis and keeps the others: ({layers}, {n}, {k}).",
             f"So the shape is {correct.text}."),
            f"`len(h_n)` is 2 whatever the number of layers ({layers} here): h_n is a pair, not a stack",
            f"What does the second value of an nn.LSTM with {layers} layer(s) hold, and what does [-1] pick from it?")


# --- the kinds whose key is what the run did --------------------------------------------------

class TupleAttr(ErrorSituation):
    """GRU-style ``output, h_n = lstm(x)``: ``h_n`` is the pair, asked for a tensor's attribute."""

    kind = "tuple-attr"
    stem_text = ("This code was written for `nn.GRU`, which returns `output, h_n`; the layer was then swapped for an "
                 "`nn.LSTM`. What happens on the last line?")
    traps = worded({
        "attribute-as-type-error": "Filing a missing attribute under TypeError.",
        "three-returns": "Expecting nn.LSTM to return three values.",
        "h-n-is-tensor": "Taking the LSTM's second return value for a tensor.",
        "blames-c-n": "Blaming the c_n that the code never asks for.",
        "tuple-forwards-attribute": "Expecting a tuple to pass attribute lookups on to its items.",
    })

    def draw(self, rng, d, difficulty):
        d["module"], d["attr"] = "LSTM", rng.choice(tuple(ATTRS))

    def snippet(self, p):
        return HEAD + f"lstm = {layer_call(p)}\n{x_code(p)}output, h_n = lstm(x)\nresult = {ATTRS[p.attr]}\n"

    def right_why(self, p, main):
        return ("nn.LSTM's second return value is the pair (h_n, c_n), so the name h_n holds a tuple, "
                "and a tuple has no such attribute.")

    def wrong(self, p, main):
        word = ATTRS[p.attr].split(".")[1].split("(")[0]
        return [
            named("attribute-as-type-error", raises("TypeError", f"'tuple' object has no attribute '{word}'",
                                                    "Names the wrong exception: a missing attribute is an "
                                                    "AttributeError.")),
            named("three-returns", raises("ValueError", "too many values to unpack (expected 2)",
                                          "Expects nn.LSTM to return three things (output, h_n, c_n); it returns "
                                          "two: output and the pair.")),
            Candidate(f"It runs: `h_n` is the LSTM's hidden state, a tensor of shape ({p.rows}, {p.batch}, "
                      f"{p.hidden_size})",
                      "Expects h_n to be a tensor; for an LSTM the second value is the pair (h_n, c_n).",
                      value=("ok",), format="text", misconception="h-n-is-tensor"),
            named("blames-c-n", raises("AttributeError", "'Tensor' object has no attribute 'c_n'",
                                       "Blames a missing c_n; the code never asks for one, it asks a tuple for a "
                                       "tensor attribute.")),
            Candidate(f"It runs: `result` is `{ATTRS[p.attr].replace('h_n', 'c_n')}`, taken from the pair's last item",
                      "Expects a tuple to pass a tensor attribute on to its items; it has no such attribute.",
                      value=("ok",), format="text", misconception="tuple-forwards-attribute"),
        ]

    def explain(self, p, main, correct):
        asked = ATTRS[p.attr].split('.')[1].split('(')[0]
        steps = ("nn.LSTM returns output and the pair (h_n, c_n); `output, h_n = lstm(x)` binds that pair "
                 "to the name h_n.",
                 f"So h_n is a Python tuple, and `{ATTRS[p.attr]}` asks a tuple for a tensor's attribute.",
                 f"So: {correct.text.rstrip('.')}.")
        return Explanation(steps, "`type(h_n)` is tuple and `len(h_n)` is 2",
                           f"What type is the second thing an nn.LSTM returns, and does that type have `{asked}`?")


class Unpack(ErrorSituation):
    """LSTM-style ``output, (h_n, c_n) = rnn(x)`` on a GRU or RNN: Python splits the state's rows."""

    kind = "unpack"
    level = "hard"
    stem_text = ("Code written for `nn.LSTM` unpacks `output, (h_n, c_n)`; here the layer is an `nn.{p.module}`. "
                 "What happens?")
    traps = worded({
        "fills-cell-state": "Expecting nn.{p.module} to make up a zero cell state.",
        "tensor-not-iterable": "Believing a tensor cannot be unpacked at all.",
        "one-value": "Counting the state tensor as a single value to unpack.",
        "too-many": "Expecting more rows than the state has.",
        "rows-are-states": "Reading the state's two rows as a hidden and a cell state.",
    })

    def draw(self, rng, d, difficulty):
        d["module"] = rng.choice(("GRU", "RNN"))
        # two-row states (which unpack without an error) as often as the rest: that key holds sizes
        d["num_layers"], d["bidirectional"] = rng.choice(((1, False), (2, False), (1, True), (3, False),
                                                          (2, False), (1, True)))

    def snippet(self, p):
        return HEAD + f"rnn = {layer_call(p)}\n{x_code(p)}output, (h_n, c_n) = rnn(x)\nstate = (h_n, c_n)\n"

    def truth(self, p, main):
        if main.ok:
            return ("ok", tuple(tuple(s["shape"]) for s in main.values["state"]))
        return error_claim(main)

    def ran(self, p, main):
        m, rows, n, h = p.module, p.rows, p.batch, p.hidden_size
        truth = self.truth(p, main)
        return Candidate(
            f"It runs: `h_n` and `c_n` are the two rows of the {m}'s state, each of shape {shape_text(truth[1][0])}",
            f"The {m} returns one tensor of shape ({rows}, {n}, {h}); unpacking a tensor splits its first axis, "
            "and here it has exactly 2 rows, so Python finds two values and nothing complains.",
            value=truth, format="text")

    def right_why(self, p, main):
        rows = p.rows
        return (f"The {p.module} returns one tensor of shape ({rows}, {p.batch}, {p.hidden_size}); unpacking it "
                f"into two names splits its {rows} row{'s' if rows > 1 else ''}, and Python needs exactly 2.")

    def wrong(self, p, main):
        m, n, h, r = p.module, p.batch, p.hidden_size, p.rows
        shape = (1, n, h) if r == 1 else (r, n, h)
        out = [
            Candidate(f"It runs: `h_n` is the {m}'s state {shape_text(shape)} and `c_n` is zeros of the same shape",
                      f"Expects nn.{m} to fill in a cell state it does not have; it returns one tensor, and Python "
                      "unpacks that tensor row by row.", value=("ok", (shape, shape)), format="text",
                      misconception="fills-cell-state"),
            named("tensor-not-iterable", raises("TypeError", "cannot unpack non-iterable Tensor object",
                                                "Expects a tensor not to be unpackable; Python iterates a tensor "
                                                "along its first axis.")),
        ]
        if r != 1:
            out.append(named("one-value", raises("ValueError", "not enough values to unpack (expected 2, got 1)",
                                                 f"Counts one state tensor as one value; unpacking uses its {r} "
                                                 "rows.")))
        if r != 3:
            out.append(named("too-many", raises("ValueError", "too many values to unpack (expected 2)",
                                                f"Expects more than two rows; the {m}'s state has {r} along its "
                                                "first axis here.")))
        if r == 2:
            out.append(Candidate(f"It runs: `h_n` and `c_n` are the hidden and cell state, each of shape "
                                 f"(1, {n}, {h})",
                                 f"Expects nn.{m} to return a cell state; the two names get the two rows of its "
                                 f"only state, each of shape ({n}, {h}).", value=("ok", ((1, n, h), (1, n, h))),
                                 format="text", misconception="rows-are-states"))
        return out

    def explain(self, p, main, correct):
        m, layers, d, n, h, rows = p.module, p.num_layers, directions(p), p.batch, p.hidden_size, p.rows
        steps = (f"nn.{m} returns output and one tensor h_n of shape ({layers}·{d}, {n}, {h}) = ({rows}, {n}, {h}).",
                 f"`(h_n, c_n) = tensor` unpacks the tensor along its first axis, which has {rows} "
                 f"row{'s' if rows > 1 else ''}; Python needs exactly 2.",
                 f"So: {correct.text.rstrip('.')}.")
        return Explanation(steps, f"`len(h)` for the {m}'s state h is {rows}: the values Python would unpack",
                           (f"How many rows does this {m}'s state have with {layers} layer(s) and {d} direction(s), "
                            "and what does unpacking it into two names do with them?"))


class PairIn(ErrorSituation):
    """The LSTM's ``(h0, c0)``, as the pair or joined with ``torch.cat``, passed to a GRU or RNN."""

    kind = "pair-in"
    level = "hard"
    traps = worded({
        "tuple-reaches-torch": "Forgetting that torch.cat already made one tensor of the pair.",
        "attribute-as-type-error": "Filing a missing attribute under TypeError.",
        "stacked-rows": "Picturing the two states stacked as two rows.",
        "joined-features": "Picturing the two states joined feature by feature.",
        "ignores-c0": "Expecting nn.{p.module} to ignore the part it does not need.",
        "spreads-tuple": "Expecting the tuple to be spread into two arguments.",
        "swapped-sizes": "Reading torch's expected and received sizes the other way round.",
        "cuts-to-size": "Expecting nn.{p.module} to cut an oversized state down.",
    })

    def draw(self, rng, d, difficulty):
        d["module"] = rng.choice(("GRU", "RNN"))
        d["variant"] = rng.choice(PAIR_DRAWS)

    def snippet(self, p):
        n, h = p.batch, p.hidden_size
        return HEAD + (f"rnn = {layer_call(p)}\n{x_code(p)}"
                       f"h0 = torch.zeros(1, {n}, {h})\nc0 = torch.zeros(1, {n}, {h})\n"
                       f"output, h_n = rnn(x, {PAIR_CODE[p.variant]})\n")

    def stem(self, p):
        if p.variant == "tuple":
            return (f"Initial states written for `nn.LSTM`, the pair `(h0, c0)`, are passed to an `nn.{p.module}`. "
                    "What happens?")
        axis = "first" if p.variant == "cat0" else "last"
        return (f"An `nn.{p.module}` takes one initial state, so the LSTM states `h0` and `c0` are joined along their "
                f"{axis} axis with `torch.cat`. What happens?")

    def right_why(self, p, main):
        m, n, h = p.module, p.batch, p.hidden_size
        if p.variant == "tuple":
            return (f"nn.{m} treats its second argument as one tensor; the tuple (h0, c0) has no `dim`, which torch "
                    "asks for first.")
        joined = (2, n, h) if p.variant == "cat0" else (1, n, 2 * h)
        return (f"torch.cat makes one tensor of {shape_text(joined)}; nn.{m} checks hx against (1, {n}, {h}) and "
                "refuses it.")

    def wrong(self, p, main):
        m, n, h, variant = p.module, p.batch, p.hidden_size, p.variant
        out = [
            named("tuple-reaches-torch", raises("AttributeError", TUPLE_MESSAGE,
                                                "Expects torch to be handed the tuple; torch.cat has already made one "
                                                "tensor of the two.")) if variant != "tuple" else
            named("attribute-as-type-error", raises("TypeError", TUPLE_MESSAGE,
                                                    "Names the wrong exception: a missing attribute is an "
                                                    "AttributeError.")),
            named("stacked-rows", raises("RuntimeError", hidden_message(p, "cat0"),
                                         "Expects the two states stacked along the first axis, two rows; "
                                         + ("the tuple is never joined." if variant == "tuple" else
                                            "here they are joined along the last."))),
            named("joined-features", raises("RuntimeError", hidden_message(p, "cat2"),
                                            "Expects the two states joined feature by feature; "
                                            + ("the tuple is never joined." if variant == "tuple" else
                                               "here they are joined along the first axis."))),
        ]
        if variant == "tuple":
            out += [
                Candidate(f"It runs: the {m} uses h0 and ignores c0.",
                          f"Expects nn.{m} to skip what it does not need; its forward treats hx as one tensor.",
                          value=("ok",), format="text", misconception="ignores-c0"),
                named("spreads-tuple", raises("TypeError",
                                              f"{m}.forward() takes from 2 to 3 positional arguments but 4 were given",
                                              "Thinks the tuple is spread into two arguments; it arrives as one "
                                              "argument, hx.")),
            ]
        else:
            rows = "2 rows" if variant == "cat0" else f"{2 * h} features"
            out += [
                named("swapped-sizes", raises("RuntimeError", hidden_message(p, variant, swapped=True),
                                              "Swaps the two sizes: torch names the size it expected first, then the "
                                              "one it got.")),
                Candidate(f"It runs: the {m} reads the first half ({h} features of h0) and ignores c0.",
                          f"Expects the {m} to cut the joined tensor to size; it checks hx is (1, {n}, {h}) and "
                          f"refuses {rows}.", value=("ok",), format="text", misconception="cuts-to-size"),
            ]
        return out

    def explain(self, p, main, correct):
        m, n, h = p.module, p.batch, p.hidden_size
        given = {"tuple": "The tuple (h0, c0) reaches code that treats hx as a tensor and asks for its number "
                          "of dimensions.",
                 "cat0": f"torch.cat((h0, c0)) joins along the first axis: (2, {n}, {h}), two rows where one is "
                         "wanted.",
                 "cat2": f"torch.cat((h0, c0), dim=2) joins the features: (1, {n}, {2 * h}), twice the hidden size."}
        return Explanation(
            (f"nn.{m} keeps only h, so its forward takes one initial tensor hx of shape (1, {n}, {h}).",
             given[p.variant],
             f"So: {correct.text.rstrip('.')}."),
            f"passing h0 alone runs and returns h_n of shape (1, {n}, {h})",
            (f"How many states does nn.{m} carry from step to step, and what did "
             f"`{PAIR_CODE[p.variant]}` hand it?"))


class WhichRuns(Situation):
    """Which GRU or RNN layout survives LSTM-style unpacking: each option is a layer, run."""

    kind = "which-runs"
    level = "hard"
    stem_text = ("Code written for `nn.LSTM` runs `output, (h_n, c_n) = rnn(x)` with `x` of shape ({p.seq_len}, "
                 "{p.batch}, {p.input_size}). With which `nn.{p.module}` as `rnn` does it run without an error?")
    traps = worded({
        "single-row-pair": "Expecting a one-row state to unpack into two names.",
        "rows-beyond-two": "Expecting a state with more than two rows to unpack into two names.",
    })

    def draw(self, rng, d, difficulty):
        d["module"] = rng.choice(("GRU", "RNN"))
        d["num_layers"], d["bidirectional"] = rng.choice(((2, False), (1, True)))

    def snippet(self, p):
        return None  # every option is a layer, run with the unpacking in its own program

    def _option(self, p, layers: int, bidirectional: bool, why: str,
                misconception: str | None = None) -> Candidate:
        call = layer_call(replace(p, num_layers=layers, bidirectional=bidirectional))
        program = HEAD + f"rnn = {call}\n{x_code(p)}output, (h_n, c_n) = rnn(x)\n"
        return Candidate(call, why, program=program, misconception=misconception)

    def options(self, p, main):
        intended = self._option(p, p.num_layers, p.bidirectional,
                                f"Its state has {p.rows} rows ({p.num_layers} layer(s) × {directions(p)} "
                                f"direction(s)): Python unpacks them into h_n and c_n, each ({p.batch}, "
                                f"{p.hidden_size}), and nothing complains.")
        wrong = []
        for layers, bidirectional in LAYOUTS:
            rows = layers * (2 if bidirectional else 1)
            if rows == 2:
                continue  # another layout with two rows runs too: not a wrong answer
            why = (f"Its state has {rows} row{'s' if rows > 1 else ''} ({layers} layer(s) × "
                   f"{2 if bidirectional else 1} direction(s)); unpacking into two names needs exactly 2"
                   + (", so it raises ValueError (not enough values)." if rows < 2 else
                      ", so it raises ValueError (too many values)."))
            wrong.append(self._option(p, layers, bidirectional, why,
                                      "single-row-pair" if rows < 2 else "rows-beyond-two"))
        return intended, wrong

    def explain(self, p, main, correct):
        m, n, h = p.module, p.batch, p.hidden_size
        return Explanation(
            (f"nn.{m} returns one state tensor h_n of (layers × directions, {n}, {h}).",
             "`(h_n, c_n) = tensor` unpacks the tensor along its first axis: Python needs exactly 2 rows.",
             "Only a layer with layers × directions = 2 gives 2 rows: two layers one way, or one layer both "
             "ways; the names then hold two rows of h, and no cell state at all.",
             f"So: {correct.text}."),
            "for each option, multiply num_layers by 2 if bidirectional=True: the one giving 2 is the answer",
            f"Into how many pieces does Python split an nn.{m} state of shape (rows, {n}, {h})?")


SITUATIONS: dict[str, Situation] = {s.kind: s for s in (
    Count(), Gap(), WeightShape(), Output(), State(), SwappedHead(), TupleAttr(), Unpack(), PairIn(), WhichRuns())}


def misconceptions(p: LayerParams) -> dict[str, object]:
    """What each misconception answers for this draw (None: it has nothing to say here)."""
    return SITUATIONS[p.kind].misconceptions(p)


def truth_by_rule(p: LayerParams):
    return SITUATIONS[p.kind].rule(p)


class LstmGruRnn(NumericForm, SituationFamily, Family):
    name = "lstm-gru-rnn"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "The same sizes in `nn.LSTM`, `nn.GRU` and `nn.RNN`: parameter counts (4, 3 and 1 gate blocks; "
        "stacked, bidirectional, `bias=False`), weight shapes, what each returns as its state, and what "
        "code written for one does with another (unpacking `h_n, c_n` from a GRU, an `(h0, c0)` pair)."
    )
    probes = ("n_params", "gap", "w", "output", "state", "result", "logits")
    option_probes = ()
    # Numeric items (sample_kind below) are built and verified like the others, but not offered
    # yet: offered, they made tests that expect single-choice default draws fail (the Anki
    # front), and their answers and hints repeat more than the audit allows. Offering them is
    # ("single", "numeric") here and in the family's catalogue entry.
    kinds = ("single", "numeric")
    numeric_kinds = NUMERIC_KINDS  # numeric items: these sub-kinds, the number typed in

    def situation(self, p):
        return SITUATIONS[p.kind]

    def achieves(self, p, outcome):
        return outcome.ok

    def unit(self, p):
        return "parameters"

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVEL_KINDS[difficulty])
            # counts are numbers only: a wider range keeps two items from sharing a key by chance
            i, h, t, n = rng.sample(range(2, 17 if kind in ("count", "gap", "weight-shape") else 13), 4)
            d = {"kind": kind, "module": rng.choice(MODULES), "input_size": i, "hidden_size": h, "seq_len": t,
                 "batch": n, "num_layers": 1, "bias": True, "bidirectional": False, "weight": None,
                 "other": None, "attr": None, "classes": None, "variant": None}
            SITUATIONS[kind].draw(rng, d, difficulty)
            p = LayerParams.from_dict(d)
            if self.difficulty_of(p) == difficulty:
                return p

    def decode(self, data):
        return LayerParams.from_dict(data)

    def capacity(self, difficulty):
        """A lower bound: 11 × 10 × 9 × 8 ordered size draws for a single kind."""
        return 7_920
