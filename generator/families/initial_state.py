"""initial-state: the ``(h0, c0)`` a layer accepts, and what it does with anything else.

Three kinds of question, named by ``params["kind"]``:

- ``shapes``: which shapes ``h0`` and ``c0`` must have. Every option is run as a program that
  passes its states to the layer; the right one is the pair torch accepts.
- ``wrong-shape``: the code passes states of a wrong shape; what happens (torch's exception).
- ``one-tensor``: the code passes one tensor instead of the pair; what happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from math import perm

from ..model import Candidate
from .base import MAX_BATCH, Explanation, Family, lstm_call, shape_text
from .claims import error_claim, other_types, raises, runs, type_only
from .typed import Record

# Sizes of one draw (input, hidden, seq_len, batch) are distinct, so each number means one thing.
SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
LAYERS = (1, 2, 3)
KINDS = ("shapes", "wrong-shape", "one-tensor")
HIDDEN_MESSAGE = re.compile(r"Expected hidden\[(\d)\] size \(([^)]*)\), got \[([^\]]*)\]")


@dataclass(frozen=True)
class InitialStateParams(Record):
    """A layer, its input, and (for ``wrong-shape``) the states the code passes."""

    kind: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    proj_size: int
    batch_first: bool
    seq_len: int
    batch: int | None
    h0_shape: tuple[int, ...] | None
    c0_shape: tuple[int, ...] | None


def _layout(p: dict) -> dict:
    d = 2 if p.bidirectional else 1
    return {"D": d, "S": d * p.num_layers, "H_out": p.proj_size or p.hidden_size,
            "H_cell": p.hidden_size, "N": p.batch}


def _state(p: dict, first: int, features: int) -> tuple:
    return (first, features) if p.batch is None else (first, p.batch, features)


def right_states(p: dict) -> tuple[tuple, tuple]:
    s = _layout(p)
    return _state(p, s["S"], s["H_out"]), _state(p, s["S"], s["H_cell"])


def wrong_states(p: dict) -> list[tuple[tuple, tuple, str]]:
    """(h0 shape, c0 shape, the misconception) for the usual slips with this configuration."""
    s = _layout(p)
    S, D, L, Ho, Hc, N = s["S"], s["D"], p.num_layers, s["H_out"], s["H_cell"], s["N"]
    out: list[tuple[tuple, tuple, str]] = []

    def both(first, fh, fc, why):
        out.append((_state(p, first, fh), _state(p, first, fc), why))

    if D == 2:
        both(L, Ho, Hc, "Counts the layers but forgets the second direction: the first axis is "
                        "num_layers × 2 for a bidirectional layer.")
        both(L, 2 * Ho, 2 * Hc, "Joins the two directions along the feature axis, as output does; the "
                                "states keep one entry per direction along the first axis.")
    if L > 1:
        both(D, Ho, Hc, "Counts the directions but forgets the layers: every stacked layer needs its own "
                        "initial state.")
    if D == 1 and L == 1:
        both(2, Ho, Hc, "Doubles the first axis as if the layer were bidirectional.")
    if p.proj_size:
        both(S, Hc, Hc, "Ignores the projection for h0: with proj_size, h has proj_size features.")
        both(S, Ho, Ho, "Projects the cell state too: only h is projected, c keeps hidden_size features.")
        both(S, Hc, Ho, "Swaps the widths: h is projected to proj_size, c keeps hidden_size.")
    if N is None:
        out.append(((S, 1, Ho), (S, 1, Hc), "Adds a batch axis of 1: for unbatched input the states are "
                                            "2-D as well."))
    else:
        out.append(((S, Ho), (S, Hc), "Leaves out the batch axis: batched input needs 3-D states."))
        if p.batch_first:
            out.append(((N, S, Ho), (N, S, Hc), "Applies batch_first to the states; they stay "
                                                "(layers × directions, batch, features) either way."))
        out.append(((S, Ho, N), (S, Hc, N), "Puts the feature axis before the batch axis."))
    both(p.seq_len, Ho, Hc, "Gives the states one entry per time step; an initial state holds one "
                               "entry per layer and direction.")
    both(S, p.input_size, p.input_size, "Uses input_size for the state width; states have hidden_size "
                                              "features (proj_size for h).")
    right = right_states(p)
    return [w for w in out if (w[0], w[1]) != right]


def _pair_text(h: tuple, c: tuple) -> str:
    return f"h0 `{shape_text(h)}`, c0 `{shape_text(c)}`"


def _zeros(shape) -> str:
    return f"torch.zeros({', '.join(str(d) for d in shape)})"


class InitialState(Family):
    name = "initial-state"
    difficulties = ("hard",)
    summary = (
        "The shapes `h0` and `c0` must have (layers, directions, projections, unbatched input), what a "
        "wrong shape does, and what one tensor in place of the `(h0, c0)` pair does."
    )
    probes = ("h_n", "c_n")
    option_probes = ("h_n", "c_n")

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:  # a plain single-layer, one-direction, batched layer without projection is not hard
            layers, bidirectional = rng.choice(LAYERS), rng.random() < 0.5
            projected, batched = rng.random() < 0.4, rng.random() < 0.7
            if layers > 1 or bidirectional or projected or not batched:
                break
        if projected:
            # proj_size >= 2: a projection to one feature reads like a batch axis of 1.
            hidden = rng.randint(SIZE_LOW + 1, SIZE_HIGH)
            rest = rng.sample([v for v in range(SIZE_LOW, SIZE_HIGH + 1) if v != hidden], 3 if batched else 2)
            proj = rng.randint(2, hidden - 1)
        else:
            hidden, *rest = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 4 if batched else 3)
            proj = 0
        p = InitialStateParams(
            kind=rng.choice(KINDS),
            input_size=rest[0],
            hidden_size=hidden,
            num_layers=layers,
            bidirectional=bidirectional,
            proj_size=proj,
            batch_first=batched and rng.random() < 0.5,
            seq_len=rest[1],
            batch=rest[2] if batched else None,
            h0_shape=None,
            c0_shape=None,
        )
        if p.kind == "wrong-shape":
            h0, c0, _ = rng.choice(wrong_states(p))
            p = replace(p, h0_shape=tuple(h0), c0_shape=tuple(c0))
        return p

    def decode(self, data):
        return InitialStateParams.from_dict(data)

    def difficulty_of(self, p):
        return "hard"

    def capacity(self, difficulty):
        """A lower bound: a wrong-shape draw is counted once per configuration, though most
        configurations offer several wrong pairs."""
        proj_pairs = sum(h - 2 for h in range(SIZE_LOW + 1, SIZE_HIGH + 1))  # (hidden, proj), 2 <= proj < hidden
        batched = 2 * (perm(N_SIZES, 4) + proj_pairs * perm(N_SIZES - 1, 3))  # either batch_first
        unbatched = perm(N_SIZES, 3) + proj_pairs * perm(N_SIZES - 1, 2)
        configs = len(LAYERS) * 2 * (batched + unbatched)
        plain = 2 * perm(N_SIZES, 4)  # one layer, one direction, no projection, batched
        return len(KINDS) * (configs - plain)

    # --- the question ----------------------------------------------------------------------

    def _setup(self, p) -> str:
        n, t, i = p.batch, p.seq_len, p.input_size
        shape = (t, i) if n is None else (n, t, i) if p.batch_first else (t, n, i)
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"lstm = {lstm_call(p.to_dict())}\n"
            f"x = torch.randn({', '.join(str(d) for d in shape)})\n"
        )

    def snippet(self, p):
        kind = p.kind
        if kind == "shapes":
            return self._setup(p) + "output, (h_n, c_n) = lstm(x)\n"
        if kind == "wrong-shape":
            return (self._setup(p) + f"h0 = {_zeros(p.h0_shape)}\nc0 = {_zeros(p.c0_shape)}\n"
                    "output, (h_n, c_n) = lstm(x, (h0, c0))\n")
        h0, _ = right_states(p)
        return self._setup(p) + f"h0 = {_zeros(h0)}\noutput, (h_n, c_n) = lstm(x, h0)\n"

    def _program(self, p, h0, c0) -> str:
        return self._setup(p) + f"h0 = {_zeros(h0)}\nc0 = {_zeros(c0)}\noutput, (h_n, c_n) = lstm(x, (h0, c0))\n"

    def stem(self, p):
        if p.kind == "shapes":
            return ("This code starts from zero states. To pass your own initial states instead, as "
                    "`lstm(x, (h0, c0))`, which shapes must `h0` and `c0` have?")
        if p.kind == "wrong-shape":
            return "This code passes its own initial states. What happens when it runs?"
        return "This code passes a single tensor as the initial state. What happens when it runs?"

    def truth(self, p, main):
        return error_claim(main)

    def achieves(self, p, out):
        return out.ok

    def options(self, p, main):
        if p.kind == "shapes":
            h0, c0 = right_states(p)
            intended = Candidate(_pair_text(h0, c0), "The first axis counts layers × directions, then comes the "
                                 "batch (if any), then the features: proj_size for h, hidden_size for c.",
                                 program=self._program(p, h0, c0), format="text")
            wrong = [Candidate(_pair_text(h, c), why, program=self._program(p, h, c), format="text")
                     for h, c, why in wrong_states(p)]
            return intended, wrong
        if main.error:
            intended = raises(*main.error, "This is the exception torch raises at the forward call.")
        else:
            intended = runs("It runs without an error.", "torch accepts the states as they are.")
        if p.kind == "wrong-shape":
            return intended, self._wrong_for_wrong_shape(p, main)
        return intended, self._wrong_for_one_tensor(p, main)

    def _wrong_for_wrong_shape(self, p, main) -> list[Candidate]:
        wrong = [
            runs("It runs: torch broadcasts the states to the shape it needs.",
                 "Expects broadcasting; torch checks the states' shapes exactly and refuses any other shape."),
            runs("It runs: torch ignores states of the wrong shape and starts from zeros.",
                 "Expects torch to fall back to zeros silently; zeros are used only when no states are passed."),
        ]
        wrong += other_types(main, {
            "ValueError": "Expects ValueError for a wrong shape; the forward pass reports it as RuntimeError.",
            "TypeError": "Expects TypeError; the states are tensors as required, only their shape is wrong.",
        })
        if not main.error:
            return wrong
        exc, message = main.error
        m = HIDDEN_MESSAGE.search(message)
        if m:
            index, expected, got = m.groups()
            swapped = message[:m.start()] + f"Expected hidden[{index}] size ({got}), got [{expected}]" + message[m.end():]
            wrong.append(raises(exc, swapped, "Swaps the two shapes: torch reports the shape it expects "
                                              "first, then the shape it got."))
            other = "1" if index == "0" else "0"
            which = {"0": "h0", "1": "c0"}
            wrong.append(raises(exc, message.replace(f"hidden[{index}]", f"hidden[{other}]"),
                                f"Blames the other state: hidden[0] is h0 and hidden[1] is c0; here "
                                f"{which[index]} is the one torch rejects."))
        else:
            h_exp, _ = right_states(p)
            wrong.append(raises(exc, f"Expected hidden[0] size {shape_text(h_exp)}, "
                                     f"got [{', '.join(str(d) for d in p.h0_shape)}]",
                                "Expects a size comparison first; torch first checks that the states have "
                                "as many dimensions as the input needs, and reports that."))
        return wrong

    def _wrong_for_one_tensor(self, p, main) -> list[Candidate]:
        s = _layout(p)
        wrong = [
            runs("It runs: the tensor becomes h0, and the cell state starts from zeros.",
                 "Expects torch to fill in c0; once states are passed, nn.LSTM needs both. "
                 "(nn.RNN and nn.GRU take one tensor; nn.LSTM takes the pair.)"),
            runs("It runs: the tensor is used as both h0 and c0.",
                 "Expects torch to reuse one tensor for both states; it reads the pair by indexing hx[0] and hx[1]."),
        ]
        wrong += type_only(main, "TypeError",
                           "It raises a `TypeError` saying the initial state must be a tuple `(h0, c0)`.",
                           "Expects torch to check the type of the state argument; it does not: it indexes "
                           "hx[0] and hx[1] as if hx were the pair, and the error comes from that.")
        wrong += type_only(main, "IndexError",
                           "It raises an `IndexError`: there is no second tensor to take c0 from.",
                           f"That happens only when the tensor's first axis has one entry; here it has "
                           f"{s['S']}, so hx[1] exists: it is a slice of h0 with one dimension fewer.")
        if main.error and main.error[0] == "IndexError":
            dims = (3, 2) if p.batch is not None else (2, 1)
            batched = "batched 3-D" if p.batch is not None else "unbatched 2-D"
            wrong.append(raises("RuntimeError",
                                f"For {batched} input, hx and cx should also be {dims[0]}-D but got "
                                f"({dims[1]}-D, {dims[1]}-D) tensors",
                                "That is what happens when the tensor's first axis has two or more entries; "
                                "here it has one, so hx[1] does not exist and indexing fails first."))
        wrong += other_types(main, {
            "ValueError": "Expects ValueError; the failure comes from indexing or shape checks, not from a "
                          "value check.",
        })
        return wrong

    # --- the solution ----------------------------------------------------------------------

    def _shape_rule(self, p) -> str:
        s = _layout(p)
        h0, c0 = right_states(p)
        batch = ("no batch axis, since x is one unbatched sequence" if p.batch is None
                 else f"the batch size {p.batch} (batch_first never changes the states)")
        width = (f"h has proj_size = {p.proj_size} features and c hidden_size = {p.hidden_size}"
                 if p.proj_size else f"h and c both have hidden_size = {p.hidden_size} features")
        return (f"Here h0 must be {shape_text(h0)} and c0 {shape_text(c0)}: the first axis is num_layers × "
                f"directions = {p.num_layers} × {s['D']} = {s['S']}, then {batch}; {width}.")

    def explain(self, p, main, correct):
        kind = p.kind
        hint = "States are (layers × directions, batch, features): h0 like h_n, c0 like c_n."
        if kind == "shapes":
            h0, c0 = right_states(p)
            steps = (
                "Initial states have the same shapes as the final states h_n and c_n the layer returns.",
                self._shape_rule(p),
                f"torch ran `lstm(x, (h0, c0))` with h0 {shape_text(h0)} and c0 {shape_text(c0)} without "
                "an error, and refused every other option.",
            )
            quick = (f"h0 matches h_n {shape_text(main.values['h_n']['shape'])}, c0 matches c_n "
                     f"{shape_text(main.values['c_n']['shape'])} (from torch's run of the code)")
            return Explanation(steps, quick, hint)
        outcome = (f"torch raises `{main.error[0]}`: `{main.error[1]}`" if main.error
                   else "torch runs the forward pass without an error.")
        if kind == "wrong-shape":
            h0, c0 = tuple(p.h0_shape), tuple(p.c0_shape)
            rank = 2 if p.batch is None else 3
            steps = [
                self._shape_rule(p),
                f"The code passes h0 {shape_text(h0)} and c0 {shape_text(c0)}.",
                f"torch first checks that both states are {rank}-D like the input needs, then compares h0 "
                "(hidden[0]) and then c0 (hidden[1]) with the expected sizes.",
            ]
            if p.batch is None:
                steps.append("For unbatched input torch adds a batch axis of 1 to the states before comparing "
                             "sizes, so a size message shows them 3-D.")
            steps.append(f"So {outcome}")
            return Explanation(tuple(steps), "states: (layers × directions, batch, features), exactly", hint)
        h0, _ = right_states(p)
        s = _layout(p)
        if s["S"] == 1:
            split = "Its first axis has one entry, so `hx[1]` does not exist."
        else:
            slice_shape = h0[1:]
            split = (f"Its first axis has {s['S']} entries, so `hx[0]` and `hx[1]` exist but are slices of shape "
                     f"{shape_text(slice_shape)}: {len(slice_shape)}-D, one dimension fewer than the states need.")
        c0 = right_states(p)[1]
        steps = (
            "The forward call reads its second argument as the pair `(h0, c0)`: it takes `hx[0]` as h0 and "
            "`hx[1]` as c0.",
            f"Given the single tensor of shape {shape_text(h0)}, indexing picks entries along its first axis. {split}",
            f"So {outcome}",
            f"Fix: pass both states, `lstm(x, (h0, c0))` with `c0 = {_zeros(c0)}`. nn.RNN and nn.GRU take one "
            "tensor; nn.LSTM takes the pair.",
        )
        return Explanation(steps, "nn.LSTM wants hx = (h0, c0), a pair of tensors", hint)
