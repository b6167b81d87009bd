"""lstm-gru-rnn: the same sizes in ``nn.LSTM``, ``nn.GRU`` and ``nn.RNN``.

The three layers differ in how many gate blocks they stack (4, 3, 1) and in what they return as
their state (the pair ``(h_n, c_n)`` or one tensor ``h_n``). Kinds (``params["kind"]``):

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
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family, shape_text
from .record import DictParams, NumericForm
from .claims import error_claim, raises
from .distractors import mistakes, named, named_values, offer

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


def misconceptions(p: LayerParams) -> dict[str, object]:
    """What each misconception answers for this draw (None: it has nothing to say here)."""
    kind, m = p.kind, p.module
    i, h, t, n, layers = p.input_size, p.hidden_size, p.seq_len, p.batch, p.num_layers
    d = directions(p)
    if kind == "count":
        return {
            **{f"as-{other.lower()}": count(p, BLOCKS[other]) for other in MODULES if other != m},
            "one-bias": count(p, biases_per_block=1) if p.bias else None,
            "no-recurrent": count(p, recurrent=False),
            "same-input": count(p, upper_input=i) if layers > 1 else None,
            "one-direction-input": count(p, upper_input=h) if layers > 1 and d == 2 else None,
            "one-direction": count(p, directions=1) if d == 2 else None,
            "one-layer": count(p, layers=1) if layers > 1 else None,
            "bias-anyway": count(p, bias=True) if not p.bias else None,
        }
    if kind == "gap":
        other = p.other
        n_lstm = count(replace(p, module="LSTM"))
        n_other = count(replace(p, module=other))
        return {
            "block-count": BLOCKS["LSTM"] - BLOCKS[other],
            "lstm-total": n_lstm,
            "other-total": n_other,
            "no-bias-gap": count(replace(p, bias=False), BLOCKS["LSTM"] - BLOCKS[other]),
            "input-only-gap": count(p, BLOCKS["LSTM"] - BLOCKS[other], recurrent=False),
            "cell-state-only": h,
        }
    if kind == "weight-shape":
        truth = weight_shape(p)
        g = BLOCKS[m]
        return {
            **{f"as-{other.lower()}": weight_shape(p, BLOCKS[other]) for other in MODULES if other != m},
            "transposed": tuple(reversed(truth)) if len(truth) == 2 else (1, g * h),
            "one-block": weight_shape(p, 1) if g > 1 else None,
            "other-input": {"weight_ih_l0": (g * h, h), "weight_hh_l0": (g * h, i), "bias_ih_l0": (g * h, i)}[p.weight],
            "both-biases": (2 * g * h,) if p.weight == "bias_ih_l0" else None,
            # two slips at once: another layer's block count, and the shape written the other way round
            **{f"as-{other.lower()}-transposed": tuple(reversed(weight_shape(p, BLOCKS[other])))
               for other in MODULES if other != m and p.weight != "bias_ih_l0"},
            "one-block-other-input": ({"weight_ih_l0": (h, h), "weight_hh_l0": (h, i), "bias_ih_l0": (h, i)}[p.weight]
                                      if g > 1 else None),
        }
    if kind == "output":
        g = BLOCKS[m]
        return {
            "gates-joined": (t, n, g * h * d) if g > 1 else None,
            "pair-joined": (t, n, 2 * h * d) if m != "LSTM" else None,
            "like-h-n": state_shape(p),
            "input-width": (t, n, i),
            "last-step": (n, d * h),
            "one-direction": (t, n, h) if d == 2 else None,
            "batch-first": (n, t, d * h),
            "batch-first-input-width": (n, t, i),
            "like-h-n-gates": (layers * d, n, g * h) if g > 1 else None,
        }
    if kind == "swapped-head":
        k = p.classes
        return {
            "gru-behaviour": (n, k),
            "head-skipped": (layers, n, h),
            "hidden-width": (n, h),
            "batch-lost": (layers, k),
            "pair-stacked": (2, n, k),
        }
    if kind == "state":
        shape = state_shape(p)
        return {
            "pair-for-all": ("pair", shape) if m != "LSTM" else None,
            "h-only": ("tensor", shape) if m == "LSTM" else None,
            "one-per-block": ("triple", shape) if m == "GRU" else None,
            "no-layer-axis": (state_claim(p)[0], (n, h)),
            "per-layer": ("per-layer", (n, h), layers * d) if layers * d > 1 else None,
            "gates-joined": (state_claim(p)[0], (layers * d, n, BLOCKS[m] * h)) if m != "RNN" else None,
            "as-output": (state_claim(p)[0], (t, n, d * h)),
            # two slips at once: the other form and a shape without the layer axis, or output's shape
            "other-form-no-layer-axis": ("tensor" if m == "LSTM" else "pair", (n, h)),
            "other-form-as-output": ("tensor" if m == "LSTM" else "pair", (t, n, d * h)),
        }
    raise ValueError(kind)


def truth_by_rule(p: LayerParams):
    kind = p.kind
    if kind == "count":
        return count(p)
    if kind == "gap":
        return count(replace(p, module="LSTM")) - count(replace(p, module=p.other))
    if kind == "weight-shape":
        return weight_shape(p)
    if kind == "output":
        return (p.seq_len, p.batch, directions(p) * p.hidden_size)
    if kind == "state":
        return state_claim(p)
    if kind == "swapped-head":  # h_n is the pair, so h_n[-1] is c_n: (layers, batch, hidden)
        return (p.num_layers, p.batch, p.classes)
    raise ValueError(kind)


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


class LstmGruRnn(NumericForm, Family):
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

    def achieves(self, p, outcome):
        return outcome.ok

    # --- drawing ---------------------------------------------------------------------------

    numeric_kinds = NUMERIC_KINDS  # numeric items: these sub-kinds, the number typed in

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
            if kind == "count":
                if difficulty == "medium":
                    d["num_layers"] = rng.choice((2, 3))
                    d["bias"] = rng.random() < 0.5
                elif difficulty == "hard":
                    d["num_layers"] = rng.choice((1, 2))
                    d["bidirectional"] = True
                    d["bias"] = rng.random() < 0.7
            elif kind == "gap":
                d["module"], d["other"] = "LSTM", rng.choice(("GRU", "RNN"))
                d["num_layers"] = rng.choice((1, 2))
            elif kind == "weight-shape":
                d["weight"] = rng.choice(WEIGHTS + WEIGHTS[:2])  # a bias's shape is one number: rarer
            elif kind == "state":
                if difficulty == "medium":
                    d["num_layers"] = rng.choice((1, 2))
                    d["bidirectional"] = rng.random() < 0.6 or d["num_layers"] == 1
            elif kind == "output":
                d["num_layers"] = rng.choice((1, 2))
                d["bidirectional"] = rng.random() < 0.5
            elif kind == "swapped-head":
                d["module"], d["num_layers"] = "LSTM", rng.choice((1, 2, 3))
                d["classes"] = rng.choice([k for k in range(2, 13) if k not in (i, h, t, n)])
            elif kind == "tuple-attr":
                d["module"], d["attr"] = "LSTM", rng.choice(tuple(ATTRS))
            elif kind == "unpack":
                d["module"] = rng.choice(("GRU", "RNN"))
                # two-row states (which unpack without an error) as often as the rest: that key holds sizes
                d["num_layers"], d["bidirectional"] = rng.choice(((1, False), (2, False), (1, True), (3, False),
                                                                  (2, False), (1, True)))
            elif kind == "which-runs":
                d["module"] = rng.choice(("GRU", "RNN"))
                d["num_layers"], d["bidirectional"] = rng.choice(((2, False), (1, True)))
            elif kind == "pair-in":
                d["module"] = rng.choice(("GRU", "RNN"))
                d["variant"] = rng.choice(PAIR_DRAWS)
            p = LayerParams.from_dict(d)
            if self.difficulty_of(p) == difficulty:
                return p

    def decode(self, data):
        return LayerParams.from_dict(data)

    def difficulty_of(self, p):
        kind = p.kind
        if kind == "count":
            if p.bidirectional:
                return "hard"
            return "medium" if p.num_layers > 1 or not p.bias else "easy"
        if kind == "state":
            return "medium" if p.num_layers > 1 or p.bidirectional else "easy"
        if kind == "weight-shape":
            return "easy"
        if kind in ("gap", "output", "tuple-attr", "swapped-head"):
            return "medium"
        return "hard"

    def capacity(self, difficulty):
        """A lower bound: 11 × 10 × 9 × 8 ordered size draws for a single kind."""
        return 7_920

    # --- the code --------------------------------------------------------------------------

    def snippet(self, p):
        kind, i, t, n, h = p.kind, p.input_size, p.seq_len, p.batch, p.hidden_size
        head = "import torch\nimport torch.nn as nn\n\n"
        if kind == "which-runs":
            return None  # every option is a layer, run with the unpacking in its own program
        x = f"x = torch.randn({t}, {n}, {i})\n"
        if kind == "count":
            return head + f"layer = {layer_call(p)}\nn_params = sum(q.numel() for q in layer.parameters())\n"
        if kind == "gap":
            return head + (f"lstm = {layer_call(p, 'LSTM')}\nother = {layer_call(p, p.other)}\n"
                           "gap = (sum(q.numel() for q in lstm.parameters())\n"
                           "       - sum(q.numel() for q in other.parameters()))\n")
        if kind == "weight-shape":
            return head + f"layer = {layer_call(p)}\nw = layer.{p.weight}\n"
        if kind in ("output", "state"):
            return head + f"layer = {layer_call(p)}\n{x}output, state = layer(x)\n"
        if kind == "swapped-head":
            return head + (f"lstm = {layer_call(p)}\nhead = nn.Linear({h}, {p.classes})\n{x}"
                           "output, h_n = lstm(x)\nlogits = head(h_n[-1])\n")
        if kind == "tuple-attr":
            return head + f"lstm = {layer_call(p)}\n{x}output, h_n = lstm(x)\nresult = {ATTRS[p.attr]}\n"
        if kind == "unpack":
            return head + f"rnn = {layer_call(p)}\n{x}output, (h_n, c_n) = rnn(x)\nstate = (h_n, c_n)\n"
        return head + (f"rnn = {layer_call(p)}\n{x}h0 = torch.zeros(1, {n}, {h})\nc0 = torch.zeros(1, {n}, {h})\n"
                       f"output, h_n = rnn(x, {PAIR_CODE[p.variant]})\n")

    def stem(self, p):
        kind, m = p.kind, p.module
        if kind == "count":
            return f"How many learnable numbers does this `nn.{m}` hold? What is `n_params`?"
        if kind == "gap":
            return (f"An `nn.LSTM` and an `nn.{p.other}` are built with the same sizes. What is `gap`, the "
                    "difference of their parameter counts?")
        if kind == "weight-shape":
            return f"What is the shape of `{p.weight}` in this `nn.{m}`?"
        if kind == "output":
            return f"The sequence below goes through an `nn.{m}`. What is the shape of `output`?"
        if kind == "state":
            return f"After `output, state = layer(x)` with this `nn.{m}`, what is `state`?"
        if kind == "tuple-attr":
            return ("This code was written for `nn.GRU`, which returns `output, h_n`; the layer was then "
                    "swapped for an `nn.LSTM`. What happens on the last line?")
        if kind == "unpack":
            return (f"Code written for `nn.LSTM` unpacks `output, (h_n, c_n)`; here the layer is an `nn.{m}`. "
                    "What happens?")
        if kind == "which-runs":
            return (f"Code written for `nn.LSTM` runs `output, (h_n, c_n) = rnn(x)` with `x` of shape "
                    f"({p.seq_len}, {p.batch}, {p.input_size}). With which `nn.{m}` as `rnn` does it run "
                    "without an error?")
        if kind == "swapped-head":
            return ("This classifier was written for `nn.GRU`, where `h_n[-1]` is the top layer's final state; "
                    "then the layer was swapped for an `nn.LSTM`. What is the shape of `logits`?")
        if p.variant == "tuple":
            return (f"Initial states written for `nn.LSTM`, the pair `(h0, c0)`, are passed to an `nn.{m}`. "
                    "What happens?")
        axis = "first" if p.variant == "cat0" else "last"
        return (f"An `nn.{m}` takes one initial state, so the LSTM states `h0` and `c0` are joined along their "
                f"{axis} axis with `torch.cat`. What happens?")

    # --- options ---------------------------------------------------------------------------

    def truth(self, p, main):
        kind = p.kind
        values = main.values if main and main.ok else {}
        if kind == "count":
            return values["n_params"]
        if kind == "gap":
            return values["gap"]
        if kind == "weight-shape":
            return tuple(values["w"]["shape"])
        if kind == "output":
            return tuple(values["output"]["shape"])
        if kind == "swapped-head":
            return tuple(values["logits"]["shape"])
        if kind == "state":
            state = values["state"]
            if isinstance(state, list):
                return ("pair", tuple(state[0]["shape"])) if len(state) == 2 and \
                    state[0]["shape"] == state[1]["shape"] else ("tuple", tuple(tuple(s["shape"]) for s in state))
            return ("tensor", tuple(state["shape"]))
        if kind == "unpack" and main.ok:
            return ("ok", tuple(tuple(s["shape"]) for s in values["state"]))
        return error_claim(main)

    def options(self, p, main):
        return offer(p, *self._options(p, main))

    def _options(self, p, main):
        kind = p.kind
        if kind == "which-runs":
            return self._layout_options(p)
        if kind in ERROR_KINDS:
            return self._claim_options(p, main)
        truth = self.truth(p, main)
        show = {"count": str, "gap": str, "state": state_text}.get(kind, shape_text)
        intended = Candidate(show(truth), WHY_RIGHT[kind](p, truth), value=truth,
                             format="text" if kind == "state" else "code")
        return intended, named_values(p, misconceptions(p), truth, show, MISCONCEPTION_WHY,
                                      "text" if kind == "state" else "code")

    def _layout_options(self, p):
        t, n, i, h = p.seq_len, p.batch, p.input_size, p.hidden_size

        def option(layers: int, bidirectional: bool, why: str, misconception: str | None = None) -> Candidate:
            q = replace(p, num_layers=layers, bidirectional=bidirectional)
            call = layer_call(q)
            program = (f"import torch\nimport torch.nn as nn\n\nrnn = {call}\nx = torch.randn({t}, {n}, {i})\n"
                       "output, (h_n, c_n) = rnn(x)\n")
            return Candidate(call, why, program=program, misconception=misconception)

        key = (p.num_layers, p.bidirectional)
        intended = option(*key, f"Its state has {_rows(p)} rows ({p.num_layers} layer(s) × "
                                f"{directions(p)} direction(s)): Python unpacks them into h_n and c_n, each "
                                f"({n}, {h}), and nothing complains.")
        wrong = []
        for layers, bidirectional in LAYOUTS:
            rows = layers * (2 if bidirectional else 1)
            if rows == 2:
                continue  # another layout with two rows runs too: not a wrong answer
            why = (f"Its state has {rows} row{'s' if rows > 1 else ''} ({layers} layer(s) × "
                   f"{2 if bidirectional else 1} direction(s)); unpacking into two names needs exactly 2"
                   + (", so it raises ValueError (not enough values)." if rows < 2 else
                      ", so it raises ValueError (too many values)."))
            wrong.append(option(layers, bidirectional, why, "single-row-pair" if rows < 2 else "rows-beyond-two"))
        return intended, wrong

    def _claim_options(self, p, main):
        kind, m, n, h = p.kind, p.module, p.batch, p.hidden_size
        truth = self.truth(p, main)
        rows = p.num_layers * directions(p)
        if kind == "unpack" and main.ok:
            shapes = truth[1]
            intended = Candidate(
                f"It runs: `h_n` and `c_n` are the two rows of the {m}'s state, each of shape {shape_text(shapes[0])}",
                f"The {m} returns one tensor of shape ({rows}, {n}, {h}); unpacking a tensor splits its first axis, "
                "and here it has exactly 2 rows, so Python finds two values and nothing complains.",
                value=truth, format="text")
        else:
            exc, message = main.error
            intended = raises(exc, message, CLAIM_RIGHT[kind](p))
        wrong = CLAIM_WRONG[kind](p)
        return intended, [c for c in wrong if c.value != truth]

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        return replace(self._explain(p, main, correct), mistakes=mistakes(p, self.options(p, main)[1], TRAPS))

    def _explain(self, p, main, correct):
        kind, m = p.kind, p.module
        i, h, t, n, layers = p.input_size, p.hidden_size, p.seq_len, p.batch, p.num_layers
        d, g = directions(p), BLOCKS[m]
        if kind in ("count", "gap"):
            steps = []
            modules = (m,) if kind == "count" else ("LSTM", p.other)
            for mod in modules:
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
            if kind == "count":
                cols = sum(d * ((i if layer == 0 else d * h) + h + (2 if p.bias else 0)) for layer in range(layers))
                check = (f"every parameter tensor has {g}·{h} = {g * h} rows, and their columns (a bias counts as "
                         f"one) add up to {cols}: multiply the two")
            else:
                extra = BLOCKS["LSTM"] - BLOCKS[p.other]
                lstm_total = count(replace(p, module="LSTM"))
                check = (f"the LSTM's {lstm_total} parameters come in 4 equal blocks; the {p.other} keeps "
                         f"{BLOCKS[p.other]} of them, so the gap is {extra}/4 of {lstm_total}")
            return Explanation(tuple(steps), check,
                               f"How many copies of one block of {h} rows does each kind of layer keep?")
        if kind == "weight-shape":
            cols = {"weight_ih_l0": f"{i} inputs", "weight_hh_l0": f"{h} hidden features", "bias_ih_l0": "no columns"}
            return Explanation(
                (f"nn.{m} stacks {g} block{'s' if g > 1 else ''} ({GATES[m]}) of {h} rows each: {g}·{h} = {g * h} rows.",
                 f"`{p.weight}` has {cols[p.weight]}.",
                 f"So its shape is {correct.text}."),
                f"the number of rows divided by hidden_size {h} must give nn.{m}'s block count, {g}",
                f"How many gate blocks does nn.{m} stack in one weight tensor, each as tall as hidden_size?")
        if kind == "output":
            return Explanation(
                (f"All three layers return `output` with one row per step and sequence: ({t}, {n}, ·).",
                 f"Its last axis is the top layer's h for each direction: {d} × {h} = {d * h}; gates and c "
                 "never appear in output.",
                 f"So the shape is {correct.text}."),
                f"output[-1] has the same {d * h} features as the last step's h of every direction joined",
                f"Which of the layer's quantities does output hold at each of the {t} steps?")
        if kind == "state":
            form = "the pair (h_n, c_n)" if m == "LSTM" else "one tensor h_n"
            return Explanation(
                (f"nn.LSTM keeps a cell state besides h, so it returns (h_n, c_n); nn.GRU and nn.RNN keep only h.",
                 f"Here the layer is nn.{m}: state is {form}.",
                 f"Each state tensor is (layers × directions, batch, hidden) = ({layers}·{d}, {n}, {h}).",
                 f"So: {correct.text}."),
                ("`isinstance(state, tuple)` is True and `len(state)` is 2" if m == "LSTM" else
                 f"`state.dim()` is 3 and `state.shape[0]` is {layers * d}"),
                (f"Which of the three layers keeps a second state besides h, and what does the first axis count for "
                 f"{layers} layer(s) and {d} direction(s)?"))
        if kind == "swapped-head":
            k = p.classes
            return Explanation(
                ("nn.LSTM returns output and the pair (h_n, c_n); `output, h_n = lstm(x)` gives that pair the "
                 "name h_n.",
                 f"h_n[-1] is then the pair's last item, c_n, of ({layers}, {n}, {h}), not the top layer's h.",
                 f"nn.Linear({h}, {k}) maps the last axis and keeps the others: ({layers}, {n}, {k}).",
                 f"So the shape is {correct.text}."),
                f"`len(h_n)` is 2 whatever the number of layers ({layers} here): h_n is a pair, not a stack",
                f"What does the second value of an nn.LSTM with {layers} layer(s) hold, and what does [-1] pick from it?")
        if kind == "tuple-attr":
            steps = ("nn.LSTM returns output and the pair (h_n, c_n); `output, h_n = lstm(x)` binds that pair "
                     "to the name h_n.",
                     f"So h_n is a Python tuple, and `{ATTRS[p.attr]}` asks a tuple for a tensor's attribute.",
                     f"So: {correct.text.rstrip('.')}.")
            return Explanation(steps, "`type(h_n)` is tuple and `len(h_n)` is 2",
                               f"What type is the second thing an nn.LSTM returns, and does that type have `{ATTRS[p.attr].split('.')[1].split('(')[0]}`?")
        if kind == "which-runs":
            return Explanation(
                (f"nn.{m} returns one state tensor h_n of (layers × directions, {n}, {h}).",
                 "`(h_n, c_n) = tensor` unpacks the tensor along its first axis: Python needs exactly 2 rows.",
                 "Only a layer with layers × directions = 2 gives 2 rows: two layers one way, or one layer both "
                 "ways; the names then hold two rows of h, and no cell state at all.",
                 f"So: {correct.text}."),
                "for each option, multiply num_layers by 2 if bidirectional=True: the one giving 2 is the answer",
                f"Into how many pieces does Python split an nn.{m} state of shape (rows, {n}, {h})?")
        if kind == "unpack":
            steps = (f"nn.{m} returns output and one tensor h_n of shape ({layers}·{d}, {n}, {h}) = "
                     f"({layers * d}, {n}, {h}).",
                     f"`(h_n, c_n) = tensor` unpacks the tensor along its first axis, which has {layers * d} "
                     f"row{'s' if layers * d > 1 else ''}; Python needs exactly 2.",
                     f"So: {correct.text.rstrip('.')}.")
            return Explanation(steps, f"`len(h)` for the {m}'s state h is {layers * d}: the values Python would unpack",
                               (f"How many rows does this {m}'s state have with {layers} layer(s) and {d} direction(s), and what "
                               "does unpacking it into two names do with them?"))
        given = {"tuple": "The tuple (h0, c0) reaches code that treats hx as a tensor and asks for its number "
                          "of dimensions.",
                 "cat0": f"torch.cat((h0, c0)) joins along the first axis: (2, {n}, {h}), two rows where one is wanted.",
                 "cat2": f"torch.cat((h0, c0), dim=2) joins the features: (1, {n}, {2 * h}), twice the hidden size."}
        return Explanation(
            (f"nn.{m} keeps only h, so its forward takes one initial tensor hx of shape (1, {n}, {h}).",
             given[p.variant],
             f"So: {correct.text.rstrip('.')}."),
            f"passing h0 alone runs and returns h_n of shape (1, {n}, {h})",
            (f"How many states does nn.{m} carry from step to step, and what did "
             f"`{PAIR_CODE[p.variant]}` hand it?"))


def _rows(p: LayerParams) -> int:
    return p.num_layers * directions(p)


def _unpack_wrong(p: LayerParams) -> list[Candidate]:
    m, n, h, r = p.module, p.batch, p.hidden_size, _rows(p)
    shape = (1, n, h) if r == 1 else (r, n, h)
    out = [
        Candidate(f"It runs: `h_n` is the {m}'s state {shape_text(shape)} and `c_n` is zeros of the same shape",
                  f"Expects nn.{m} to fill in a cell state it does not have; it returns one tensor, and Python "
                  "unpacks that tensor row by row.", value=("ok", (shape, shape)), format="text",
                  misconception="fills-cell-state"),
        named("tensor-not-iterable", raises("TypeError", "cannot unpack non-iterable Tensor object",
                                            "Expects a tensor not to be unpackable; Python iterates a tensor along "
                                            "its first axis.")),
    ]
    if r != 1:
        out.append(named("one-value", raises("ValueError", "not enough values to unpack (expected 2, got 1)",
                                             f"Counts one state tensor as one value; unpacking uses its {r} rows.")))
    if r != 3:
        out.append(named("too-many", raises("ValueError", "too many values to unpack (expected 2)",
                                            f"Expects more than two rows; the {m}'s state has {r} along its first "
                                            "axis here.")))
    if r == 2:
        out.append(Candidate(f"It runs: `h_n` and `c_n` are the hidden and cell state, each of shape (1, {n}, {h})",
                             f"Expects nn.{m} to return a cell state; the two names get the two rows of its only "
                             f"state, each of shape ({n}, {h}).", value=("ok", ((1, n, h), (1, n, h))), format="text",
                             misconception="rows-are-states"))
    return out


def _tuple_attr_wrong(p: LayerParams) -> list[Candidate]:
    attr = p.attr
    r, n, h = _rows(p), p.batch, p.hidden_size
    word = ATTRS[attr].split(".")[1].split("(")[0]
    return [
        named("attribute-as-type-error", raises("TypeError", f"'tuple' object has no attribute '{word}'",
                                                "Names the wrong exception: a missing attribute is an "
                                                "AttributeError.")),
        named("three-returns", raises("ValueError", "too many values to unpack (expected 2)",
                                      "Expects nn.LSTM to return three things (output, h_n, c_n); it returns two: "
                                      "output and the pair.")),
        Candidate(f"It runs: `h_n` is the LSTM's hidden state, a tensor of shape ({r}, {n}, {h})",
                  "Expects h_n to be a tensor; for an LSTM the second value is the pair (h_n, c_n).",
                  value=("ok",), format="text", misconception="h-n-is-tensor"),
        named("blames-c-n", raises("AttributeError", "'Tensor' object has no attribute 'c_n'",
                                   "Blames a missing c_n; the code never asks for one, it asks a tuple for a tensor "
                                   "attribute.")),
    ]


def _pair_in_wrong(p: LayerParams) -> list[Candidate]:
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
                                          "Swaps the two sizes: torch names the size it expected first, then the one "
                                          "it got.")),
            Candidate(f"It runs: the {m} reads the first half ({h} features of h0) and ignores c0.",
                      f"Expects the {m} to cut the joined tensor to size; it checks hx is (1, {n}, {h}) and refuses "
                      f"{rows}.", value=("ok",), format="text", misconception="cuts-to-size"),
        ]
    return out


def _tuple_attr_wrong_with_runs(p: LayerParams) -> list[Candidate]:
    return _tuple_attr_wrong(p) + [
        Candidate(f"It runs: `result` is `{ATTRS[p.attr].replace('h_n', 'c_n')}`, taken from the pair's last item",
                  "Expects a tuple to pass a tensor attribute on to its items; it has no such attribute.",
                  value=("ok",), format="text", misconception="tuple-forwards-attribute"),
    ]


CLAIM_WRONG: dict[str, Callable] = {"unpack": _unpack_wrong, "tuple-attr": _tuple_attr_wrong_with_runs,
                                    "pair-in": _pair_in_wrong}

CLAIM_RIGHT: dict[str, Callable] = {
    "tuple-attr": lambda p: ("nn.LSTM's second return value is the pair (h_n, c_n), so the name h_n holds a tuple, "
                             "and a tuple has no such attribute."),
    "unpack": lambda p: (f"The {p.module} returns one tensor of shape ({_rows(p)}, {p.batch}, "
                         f"{p.hidden_size}); unpacking it into two names splits its {_rows(p)} "
                         f"row{'s' if _rows(p) > 1 else ''}, and Python needs exactly 2."),
    "pair-in": lambda p: ((f"nn.{p.module} treats its second argument as one tensor; the tuple (h0, c0) "
                           "has no `dim`, which torch asks for first.") if p.variant == "tuple" else
                          (f"torch.cat makes one tensor of {'(2, ' + str(p.batch) + ', ' + str(p.hidden_size) + ')' if p.variant == 'cat0' else '(1, ' + str(p.batch) + ', ' + str(2 * p.hidden_size) + ')'}; "
                           f"nn.{p.module} checks hx against (1, {p.batch}, {p.hidden_size}) and refuses it.")),
}

WHY_RIGHT: dict[str, Callable] = {
    "count": lambda p, v: (f"{BLOCKS[p.module]} block(s) of {p.hidden_size} rows per layer and direction, "
                           f"{p.num_layers} layer(s), {directions(p)} direction(s)"
                           f"{'' if p.bias else ', no biases'}: {v}."),
    "gap": lambda p, v: (f"The LSTM keeps {BLOCKS['LSTM'] - BLOCKS[p.other]} more block(s) of weights and "
                         f"biases per layer than the {p.other}: {v}."),
    "weight-shape": lambda p, v: (f"{BLOCKS[p.module]} block(s) of {p.hidden_size} rows stacked: "
                                  f"{shape_text(v)}."),
    "output": lambda p, v: (f"One row per step and sequence, the top layer's h of {directions(p)} direction(s): "
                            f"{shape_text(v)}."),
    "swapped-head": lambda p, v: (f"For an LSTM, h_n names the pair (h_n, c_n), so h_n[-1] is c_n of "
                                  f"({p.num_layers}, {p.batch}, {p.hidden_size}); the head maps its last "
                                  f"axis to {p.classes}: {shape_text(v)}."),
    "state": lambda p, v: ("nn.LSTM returns the pair (h_n, c_n)." if p.module == "LSTM" else
                           f"nn.{p.module} keeps no cell state: one tensor h_n."),
}

MISCONCEPTION_WHY: dict[str, Callable] = {
    "as-lstm": lambda p, v: f"Uses nn.LSTM's 4 blocks; nn.{p.module} has {BLOCKS[p.module]}. That gives {v}.",
    "as-gru": lambda p, v: f"Uses nn.GRU's 3 blocks; nn.{p.module} has {BLOCKS[p.module]}. That gives {v}.",
    "as-rnn": lambda p, v: f"Counts a single block like nn.RNN; nn.{p.module} has {BLOCKS[p.module]}. That gives {v}.",
    "one-bias": lambda p, v: f"Counts one bias per block; torch keeps bias_ih and bias_hh. That gives {v}.",
    "no-recurrent": lambda p, v: f"Leaves out weight_hh, the weights applied to the previous h; that gives {v}.",
    "same-input": lambda p, v: (f"Gives upper layers {p.input_size} inputs; they read the layer below's "
                                f"{directions(p) * p.hidden_size} features. That gives {v}."),
    "one-direction-input": lambda p, v: (f"Gives upper layers {p.hidden_size} inputs; both directions of the "
                                         f"layer below are joined, {2 * p.hidden_size}. That gives {v}."),
    "one-direction": lambda p, v: (f"Counts one direction; bidirectional=True doubles every layer. That gives {v}."
                                   if p.kind == "count" else
                                   f"Drops the backward direction, {shape_text(v)}; output joins both directions' h."),
    "one-layer": lambda p, v: f"Counts only the first layer of {p.num_layers}; that gives {v}.",
    "bias-anyway": lambda p, v: f"Counts biases although bias=False removes them; that gives {v}.",
    "block-count": lambda p, v: f"Gives the difference in blocks, {v}, not in parameters.",
    "lstm-total": lambda p, v: f"Gives the LSTM's whole count, {v}, not the difference.",
    "other-total": lambda p, v: f"Gives the {p.other}'s whole count, {v}, not the difference.",
    "no-bias-gap": lambda p, v: f"Leaves the biases out of the extra blocks; they are part of the gap. That gives {v}.",
    "input-only-gap": lambda p, v: f"Counts only the input weights of the extra blocks, not weight_hh; that gives {v}.",
    "cell-state-only": lambda p, v: (f"Counts the cell state's {v} numbers; states are not parameters, the extra "
                                     "gate blocks are."),
    "transposed": lambda p, v: f"Writes the shape the other way round, {shape_text(v)}; rows are the blocks' outputs.",
    "one-block": lambda p, v: (f"Keeps one block of {p.hidden_size} rows; the blocks are stacked in one tensor: "
                               f"{shape_text(v)} is too small."),
    "other-input": lambda p, v: (f"Uses the other weight's columns, {shape_text(v)}; `_ih` reads x and `_hh` "
                                 "reads h."),
    "both-biases": lambda p, v: f"Joins bias_ih and bias_hh in one tensor, {shape_text(v)}; torch keeps them apart.",
    "gates-joined": lambda p, v: (f"Expects the gate blocks side by side, {shape_text(v[1] if isinstance(v[0], str) else v)}; "
                                  "only h comes out."),
    "pair-joined": lambda p, v: (f"Expects h and a cell state joined, {shape_text(v)}; nn.{p.module} has no "
                                 "cell state."),
    "like-h-n": lambda p, v: f"Gives the final state's shape, {shape_text(v)}; output has a row for every step.",
    "input-width": lambda p, v: f"Keeps the input's {p.input_size} features; output has the hidden size.",
    "last-step": lambda p, v: f"Keeps only the last step, {shape_text(v)}; output has every step.",
    "batch-first": lambda p, v: f"Puts the batch first, {shape_text(v)}; without batch_first the steps come first.",
    "gru-behaviour": lambda p, v: (f"Expects h_n[-1] to be the top layer's h of ({p.batch}, {p.hidden_size}) "
                                   "as with a GRU; for an LSTM h_n is the pair, and [-1] picks c_n."),
    "head-skipped": lambda p, v: f"Gives c_n's shape, {shape_text(v)}; the head still maps the last axis to {p.classes}.",
    "hidden-width": lambda p, v: f"Two slips: expects the GRU's top-layer h and forgets the head: {shape_text(v)}.",
    "batch-lost": lambda p, v: f"Drops the batch axis, {shape_text(v)}; a linear layer keeps every axis but the last.",
    "pair-stacked": lambda p, v: (f"Expects h and c stacked along a new first axis of 2; the pair is a tuple, "
                                  f"[-1] is c_n itself."),
    "pair-for-all": lambda p, v: (f"Expects every recurrent layer to return (h_n, c_n); nn.{p.module} keeps "
                                  "no cell state."),
    "h-only": lambda p, v: "Expects one state as nn.GRU returns; nn.LSTM also returns its cell state c_n.",
    "one-per-block": lambda p, v: "Expects a state per gate block; the blocks are combined into one h.",
    "no-layer-axis": lambda p, v: (f"Drops the leading layers × directions axis; it is there even when it is "
                                   f"{_rows(p)}."),
    "per-layer": lambda p, v: "Expects one tensor per layer and direction; torch stacks them along the first axis.",
    "as-output": lambda p, v: "Gives output's shape; the state holds only the final step.",
    "other-form-no-layer-axis": lambda p, v: (("Two slips: expects one tensor as nn.GRU returns, and drops the "
                                              "layers × directions axis.") if p.module == "LSTM" else
                                             (f"Two slips: expects a cell state nn.{p.module} does not keep, and "
                                              "drops the layers × directions axis.")),
    "other-form-as-output": lambda p, v: (("Two slips: expects one tensor as nn.GRU returns, and gives it output's "
                                          "shape.") if p.module == "LSTM" else
                                         (f"Two slips: expects a cell state nn.{p.module} does not keep, and gives "
                                          "output's shape; the state holds only the final step.")),
    "batch-first-input-width": lambda p, v: (f"Two slips: the batch first and the input's {p.input_size} "
                                             f"features: {shape_text(v)}."),
    "like-h-n-gates": lambda p, v: (f"Two slips: the final state's layout and every gate block's rows, "
                                    f"{shape_text(v)}; output has a row per step and only h's features."),
    "as-lstm-transposed": lambda p, v: f"Two slips: nn.LSTM's 4 blocks and the shape written the other way round, {shape_text(v)}.",
    "as-gru-transposed": lambda p, v: f"Two slips: nn.GRU's 3 blocks and the shape written the other way round, {shape_text(v)}.",
    "as-rnn-transposed": lambda p, v: f"Two slips: a single block and the shape written the other way round, {shape_text(v)}.",
    "one-block-other-input": lambda p, v: (f"Two slips: one block of {p.hidden_size} rows and the other weight's "
                                           f"columns: {shape_text(v)}."),
}


# Common mistakes, in other words than the options' whys (``y``: what the slip gives here).
TRAPS: dict[str, Callable] = {
    **{f"as-{other.lower()}": (lambda other: lambda p, y: (f"Counting nn.{other}'s {BLOCKS[other]} gate block(s) for an "
                                                   f"nn.{p.module}: {y}."))(other) for other in MODULES},
    **{f"as-{other.lower()}-transposed": (lambda other: lambda p, y: (f"Using nn.{other}'s block count and writing the "
                                                              f"shape backwards: {y}."))(other) for other in MODULES},
    "one-bias": lambda p, y: f"Keeping a single bias vector per block: {y}.",
    "no-recurrent": lambda p, y: f"Skipping the hidden-to-hidden weights: {y}.",
    "same-input": lambda p, y: f"Letting every layer read the {p.input_size} input features: {y}.",
    "one-direction-input": lambda p, y: f"Feeding upper layers one direction's features only: {y}.",
    "one-direction": lambda p, y: f"Forgetting the second direction: {y}.",
    "one-layer": lambda p, y: f"Stopping at the first of {p.num_layers} layers: {y}.",
    "bias-anyway": lambda p, y: f"Counting biases that bias=False removed: {y}.",
    "block-count": lambda p, y: f"Subtracting block counts instead of parameter counts: {y}.",
    "lstm-total": lambda p, y: f"Answering with the LSTM's own total: {y}.",
    "other-total": lambda p, y: f"Answering with the {p.other}'s own total: {y}.",
    "no-bias-gap": lambda p, y: f"Leaving the extra blocks' biases out of the difference: {y}.",
    "input-only-gap": lambda p, y: f"Counting only the input side of the extra blocks: {y}.",
    "cell-state-only": lambda p, y: f"Mistaking the size of a state for a parameter count: {y}.",
    "transposed": lambda p, y: f"Writing the weight as (inputs, outputs): {y}.",
    "one-block": lambda p, y: f"Giving the tensor a single block of rows: {y}.",
    "other-input": lambda p, y: f"Giving the tensor the other weight's columns: {y}.",
    "both-biases": lambda p, y: f"Merging the two bias vectors into one: {y}.",
    "one-block-other-input": lambda p, y: f"One block of rows and the other weight's columns together: {y}.",
    "gates-joined": lambda p, y: f"Expecting the gate blocks to show up in the result: {y}.",
    "pair-joined": lambda p, y: f"Expecting a cell state joined to h: {y}.",
    "like-h-n": lambda p, y: f"Confusing the per-step output with the final state: {y}.",
    "input-width": lambda p, y: f"Keeping the input width: {y}.",
    "last-step": lambda p, y: f"Keeping only the final step: {y}.",
    "batch-first": lambda p, y: f"Putting the batch first without batch_first=True: {y}.",
    "batch-first-input-width": lambda p, y: f"Batch first and the input width together: {y}.",
    "like-h-n-gates": lambda p, y: f"The final state's layout with every gate's rows: {y}.",
    "gru-behaviour": lambda p, y: f"Expecting the LSTM to hand back one state tensor as a GRU does: {y}.",
    "head-skipped": lambda p, y: f"Forgetting the linear head: {y}.",
    "hidden-width": lambda p, y: f"The GRU reading and no head at once: {y}.",
    "batch-lost": lambda p, y: f"Losing the batch axis in the head: {y}.",
    "pair-stacked": lambda p, y: f"Treating the pair as a stacked tensor: {y}.",
    "pair-for-all": lambda p, y: f"Giving every recurrent layer a cell state: {y}.",
    "h-only": lambda p, y: f"Forgetting the LSTM's cell state: {y}.",
    "one-per-block": lambda p, y: f"Expecting one state per gate block: {y}.",
    "no-layer-axis": lambda p, y: f"Dropping the layers × directions axis: {y}.",
    "per-layer": lambda p, y: f"Expecting a separate tensor per layer: {y}.",
    "as-output": lambda p, y: f"Confusing the state with the per-step output: {y}.",
    "other-form-no-layer-axis": lambda p, y: f"The wrong number of states and no layer axis: {y}.",
    "other-form-as-output": lambda p, y: f"The wrong number of states, shaped like the output: {y}.",
    "single-row-pair": lambda p, y: "Expecting a one-row state to unpack into two names.",
    "rows-beyond-two": lambda p, y: "Expecting a state with more than two rows to unpack into two names.",
    "fills-cell-state": lambda p, y: f"Expecting nn.{p.module} to make up a zero cell state.",
    "tensor-not-iterable": lambda p, y: "Believing a tensor cannot be unpacked at all.",
    "one-value": lambda p, y: "Counting the state tensor as a single value to unpack.",
    "too-many": lambda p, y: "Expecting more rows than the state has.",
    "rows-are-states": lambda p, y: "Reading the state's two rows as a hidden and a cell state.",
    "attribute-as-type-error": lambda p, y: "Filing a missing attribute under TypeError.",
    "three-returns": lambda p, y: "Expecting nn.LSTM to return three values.",
    "h-n-is-tensor": lambda p, y: "Taking the LSTM's second return value for a tensor.",
    "blames-c-n": lambda p, y: "Blaming the c_n that the code never asks for.",
    "tuple-forwards-attribute": lambda p, y: "Expecting a tuple to pass attribute lookups on to its items.",
    "tuple-reaches-torch": lambda p, y: "Forgetting that torch.cat already made one tensor of the pair.",
    "stacked-rows": lambda p, y: "Picturing the two states stacked as two rows.",
    "joined-features": lambda p, y: "Picturing the two states joined feature by feature.",
    "ignores-c0": lambda p, y: f"Expecting nn.{p.module} to ignore the part it does not need.",
    "spreads-tuple": lambda p, y: "Expecting the tuple to be spread into two arguments.",
    "swapped-sizes": lambda p, y: "Reading torch's expected and received sizes the other way round.",
    "cuts-to-size": lambda p, y: f"Expecting nn.{p.module} to cut an oversized state down.",
}
