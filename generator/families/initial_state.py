"""initial-state: the ``(h0, c0)`` a layer accepts, and what it does with anything else.

Four kinds of question, named by ``params.kind``:

- ``shapes``: which shapes ``h0`` and ``c0`` must have. Every option is run as a program that
  passes its states to the layer; the right one is the pair torch accepts.
- ``wrong-shape``: the code passes states of a wrong shape; what happens (torch's exception).
- ``right-states``: the code passes states of the right shape; what happens (it runs, and h_n has
  their shape), against the errors a wrong rule about the shapes would predict.
- ``one-tensor``: the code passes one tensor instead of the pair; what happens.

Every wrong option names its misconception (a wrong rule for the shapes, evaluated on the item's
numbers; a rule that gives the right shapes here is not offered). Three are chosen so that the
key's length, likeness and kind give nothing away (``families.distractors``). The difficulty counts
what the configuration combines: stacked layers, two directions, a projection, batch_first and
unbatched input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace
from math import perm

from ..model import Candidate
from .distractors import choose
from .base import MAX_BATCH, Explanation, Family, lstm_call, shape_text
from .claims import error_claim, other_types, raises, runs, type_only
from .typed import Record

# Sizes of one draw (input, hidden, seq_len, batch) are distinct, so each number means one thing.
SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
LAYERS = (1, 2, 3)
KINDS = ("shapes", "wrong-shape", "right-states", "one-tensor")
# One tensor for the pair gives messages without numbers: drawn rarely, so answers seldom repeat.
KIND_WEIGHTS = (30, 35, 27, 8)
LEVELS = ("easy", "medium", "hard")
USUAL_KIND = "RuntimeError"
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


def wrong_states(p) -> list[tuple[tuple, tuple, str, str]]:
    """(h0 shape, c0 shape, the misconception, its id) for the usual slips with this configuration;
    a slip that gives the right shapes here is left out."""
    s = _layout(p)
    S, D, L, Ho, Hc, N = s["S"], s["D"], p.num_layers, s["H_out"], s["H_cell"], s["N"]
    out: list[tuple[tuple, tuple, str, str]] = []

    def both(first, fh, fc, why, mid):
        out.append((_state(p, first, fh), _state(p, first, fc), why, mid))

    if D == 2:
        both(L, Ho, Hc, "Counts the layers but forgets the second direction: the first axis is "
                        "num_layers × 2 for a bidirectional layer.", "states-ignore-directions")
        both(L, 2 * Ho, 2 * Hc, "Joins the two directions along the feature axis, as output does; the "
                                "states keep one entry per direction along the first axis.",
             "states-join-directions")
    if L > 1:
        both(D, Ho, Hc, "Counts the directions but forgets the layers: every stacked layer needs its own "
                        "initial state.", "states-ignore-layers")
    if D == 1 and L == 1:
        both(2, Ho, Hc, "Doubles the first axis as if the layer were bidirectional.", "states-always-doubled")
    if L > 1 or D == 2:
        both(L + D, Ho, Hc, "Adds the directions to the layers; the first axis is their product.",
             "layers-plus-directions")
    if p.proj_size:
        both(S, Hc, Hc, "Ignores the projection for h0: with proj_size, h has proj_size features.",
             "ignores-projection")
        both(S, Ho, Ho, "Projects the cell state too: only h is projected, c keeps hidden_size features.",
             "projects-cell-state")
        both(S, Hc, Ho, "Swaps the widths: h is projected to proj_size, c keeps hidden_size.",
             "swaps-projected-state")
    if N is None:
        out.append(((S, 1, Ho), (S, 1, Hc), "Adds a batch axis of 1: for unbatched input the states are "
                                            "2-D as well.", "unbatched-states-keep-batch"))
    else:
        out.append(((S, Ho), (S, Hc), "Leaves out the batch axis: batched input needs 3-D states.",
                    "states-without-batch"))
        if p.batch_first:
            out.append(((N, S, Ho), (N, S, Hc), "Applies batch_first to the states; they stay "
                                                "(layers × directions, batch, features) either way.",
                        "states-follow-batch-first"))
        out.append(((S, Ho, N), (S, Hc, N), "Puts the feature axis before the batch axis.",
                    "features-before-batch"))
    both(p.seq_len, Ho, Hc, "Gives the states one entry per time step; an initial state holds one "
                            "entry per layer and direction.", "states-per-time-step")
    both(S, p.input_size, p.input_size, "Uses input_size for the state width; states have hidden_size "
                                        "features (proj_size for h).", "states-use-input-size")
    right = right_states(p)
    seen = set()
    kept = []
    for w in out:
        if (w[0], w[1]) != right and (w[0], w[1]) not in seen:
            seen.add((w[0], w[1]))
            kept.append(w)
    return kept


def features(p) -> int:
    """How many harder features the configuration combines (the item's difficulty)."""
    return sum((p.num_layers > 1, p.bidirectional, p.proj_size > 0, p.batch_first, p.batch is None))


def size_message(p, index: int, want: tuple, got: tuple) -> str:
    """torch's message for a state of the right rank and the wrong size (unbatched states are
    compared with a batch axis of 1 added)."""
    def shown(shape):
        return tuple(shape) if p.batch is not None else (shape[0], 1, *shape[1:])
    return f"Expected hidden[{index}] size {shown(want)}, got [{', '.join(str(d) for d in shown(got))}]"


def named(c: Candidate, misconception: str) -> Candidate:
    return replace(c, misconception=misconception)


def _error_text(exc: str, message: str) -> str:
    return f"It raises `{exc}`: `{message}`"


def _pair_text(h: tuple, c: tuple) -> str:
    return f"h0 `{shape_text(h)}`, c0 `{shape_text(c)}`"


def _zeros(shape) -> str:
    return f"torch.zeros({', '.join(str(d) for d in shape)})"


class InitialState(Family):
    name = "initial-state"
    difficulties = LEVELS
    summary = (
        "The shapes `h0` and `c0` must have (layers, directions, projections, unbatched input), what a "
        "wrong shape does, what states of the right shape give, and what one tensor in place of the "
        "`(h0, c0)` pair does."
    )
    probes = ("h_n", "c_n")
    option_probes = ("h_n", "c_n")

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:
            p = self._draw(rng)
            if self.difficulty_of(p) == difficulty:
                return p

    def _draw(self, rng) -> InitialStateParams:
        layers, bidirectional = rng.choice(LAYERS), rng.random() < 0.5
        projected, batched = rng.random() < 0.4, rng.random() < 0.7
        if projected:
            # proj_size >= 2: a projection to one feature reads like a batch axis of 1.
            hidden = rng.randint(SIZE_LOW + 1, SIZE_HIGH)
            rest = rng.sample([v for v in range(SIZE_LOW, SIZE_HIGH + 1) if v != hidden], 3 if batched else 2)
            proj = rng.randint(2, hidden - 1)
        else:
            hidden, *rest = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 4 if batched else 3)
            proj = 0
        p = InitialStateParams(
            kind=rng.choices(KINDS, KIND_WEIGHTS)[0],
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
            slips = wrong_states(p)
            same_rank = [w for w in slips if len(w[0]) == len(right_states(p)[0])]
            # A slip of rank gets torch's rank message, which has no numbers: drawn less often.
            h0, c0, _, _ = rng.choice(same_rank if same_rank and rng.random() < 0.85 else slips)
            p = replace(p, h0_shape=tuple(h0), c0_shape=tuple(c0))
        elif p.kind == "right-states":
            h0, c0 = right_states(p)
            p = replace(p, h0_shape=tuple(h0), c0_shape=tuple(c0))
        return p

    def decode(self, data):
        return InitialStateParams.from_dict(data)

    def difficulty_of(self, p):
        n = features(p) + (p.kind == "one-tensor")
        return LEVELS[0 if n <= 1 else 1 if n == 2 else 2]

    def capacity(self, difficulty):
        """An upper bound: every configuration of every kind (a wrong-shape draw counted once per
        slip it can take, at most 16)."""
        proj_pairs = sum(h - 2 for h in range(SIZE_LOW + 1, SIZE_HIGH + 1))  # (hidden, proj), 2 <= proj < hidden
        batched = 2 * (perm(N_SIZES, 4) + proj_pairs * perm(N_SIZES - 1, 3))  # either batch_first
        unbatched = perm(N_SIZES, 3) + proj_pairs * perm(N_SIZES - 1, 2)
        configs = len(LAYERS) * 2 * (batched + unbatched)
        return configs * (len(KINDS) + 16)

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
        if kind in ("wrong-shape", "right-states"):
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
        if p.kind == "right-states":
            return "The states below are meant to carry memory over from a previous batch. What does the last line do?"
        return "This code passes a single tensor as the initial state. What happens when it runs?"

    def truth(self, p, main):
        if p.kind == "right-states" and main.ok:
            return ("ok", tuple(main.values["h_n"]["shape"]))
        return error_claim(main)

    def achieves(self, p, out):
        return out.ok

    def options(self, p, main):
        salt = repr(p.to_dict())
        if p.kind == "shapes":
            h0, c0 = right_states(p)
            intended = Candidate(_pair_text(h0, c0), self._shape_rule(p), program=self._program(p, h0, c0),
                                 format="text")
            wrong = [Candidate(_pair_text(h, c), why, program=self._program(p, h, c), format="text",
                               misconception=mid) for h, c, why, mid in wrong_states(p)]
            return intended, choose(intended, wrong, salt)
        if p.kind == "right-states":
            return self._right_states_options(p, main, salt)
        if main.error:
            intended = raises(*main.error, self._error_why(p, main))
        else:
            intended = runs("It runs without an error.", "The states have the shapes the layer needs.")
        pool = (self._wrong_for_wrong_shape(p, main) if p.kind == "wrong-shape"
                else self._wrong_for_one_tensor(p, main))
        pool = [c for c in pool if c.value != intended.value]
        return intended, choose(intended, pool, salt, usual=USUAL_KIND)

    def _error_why(self, p, main) -> str:
        h0, c0 = right_states(p)
        if p.kind == "one-tensor":
            return (f"nn.LSTM reads its second argument as the pair (h0, c0) by indexing; a single tensor of "
                    f"shape {shape_text(h0)} gives slices, not the two states.")
        return (f"The layer needs h0 {shape_text(h0)} and c0 {shape_text(c0)}; the code passes "
                f"{shape_text(p.h0_shape)} and {shape_text(p.c0_shape)}, and torch reports the first mismatch.")

    def _right_states_options(self, p, main, salt):
        h0, c0 = right_states(p)
        shape = tuple(main.values["h_n"]["shape"]) if main.ok else h0
        intended = Candidate(f"It runs, and `h_n` has shape `{shape_text(shape)}`, like h0.",
                             f"h0 {shape_text(h0)} and c0 {shape_text(c0)} are exactly the shapes the layer needs "
                             "(layers × directions, batch, features), so it runs and h_n keeps h0's shape.",
                             value=("ok", shape), format="text")
        pool = []
        for h, c, why, mid in wrong_states(p):
            believed = "h0" if h != h0 else "c0"
            want, got, index = (h, h0, 0) if h != h0 else (c, c0, 1)
            if len(want) != len(got):
                continue  # a different rank: the belief predicts no size message
            message = size_message(p, index, want, got)
            pool.append(Candidate(_error_text("RuntimeError", message),
                                  f"Holds that {believed} should be {shape_text(want)}: {why}",
                                  value=("error", "RuntimeError", message), format="text", misconception=mid))
            pool.append(Candidate(f"It runs, and `h_n` has shape `{shape_text(h)}`.",
                                  f"Expects h_n in the shape of the wrong rule for h0, {shape_text(h)}: {why}",
                                  value=("ok", tuple(h)), format="text", misconception=mid))
        pool.append(Candidate(f"It runs, and `h_n` has shape `{shape_text((p.seq_len, *h0[1:]))}`.",
                              "Thinks h_n holds one entry per time step; it holds the final state of each layer "
                              "and direction.", value=("ok", (p.seq_len, *h0[1:])), format="text",
                              misconception="h-n-per-time-step"))
        pool = [c for c in pool if c.value != intended.value]
        return intended, choose(intended, pool, salt, usual=USUAL_KIND)

    def _wrong_for_wrong_shape(self, p, main) -> list[Candidate]:
        wrong = [
            named(runs("It runs: torch broadcasts the states to the shape it needs.",
                       "Expects broadcasting; torch checks the states' shapes exactly and refuses any other shape."),
                  "states-broadcast"),
            named(runs("It runs: torch ignores states of the wrong shape and starts from zeros.",
                       "Expects torch to fall back to zeros silently; zeros are used only when no states are "
                       "passed."), "wrong-states-become-zeros"),
        ]
        wrong += [named(c, "shape-error-is-" + c.value[1].lower()) for c in other_types(main, {
            "ValueError": "Expects ValueError for a wrong shape; the forward pass reports it as RuntimeError.",
            "TypeError": "Expects TypeError; the states are tensors as required, only their shape is wrong.",
        })]
        if not main.error:
            return wrong
        exc, message = main.error
        m = HIDDEN_MESSAGE.search(message)
        if m:
            index, expected, got = m.groups()
            swapped = message[:m.start()] + f"Expected hidden[{index}] size ({got}), got [{expected}]" + message[m.end():]
            wrong.append(named(raises(exc, swapped, "Swaps the two shapes: torch reports the shape it expects "
                                                    "first, then the shape it got."), "swaps-expected-and-got"))
            wrong.append(named(raises("ValueError", swapped, "Expects ValueError, and reads the message backwards: "
                                                             "the shape torch expects comes first."),
                               "swaps-expected-and-got"))
            other = "1" if index == "0" else "0"
            which = {"0": "h0", "1": "c0"}
            wrong.append(named(raises(exc, message.replace(f"hidden[{index}]", f"hidden[{other}]"),
                                      f"Blames the other state: hidden[0] is h0 and hidden[1] is c0; here "
                                      f"{which[index]} is the one torch rejects."), "confuses-hidden-indices"))
        else:
            h_exp, _ = right_states(p)
            if len(h_exp) == len(p.h0_shape):
                return wrong
            wrong.append(named(raises(exc, f"Expected hidden[0] size {shape_text(h_exp)}, "
                                           f"got [{', '.join(str(d) for d in p.h0_shape)}]",
                                      "Expects a size comparison first; torch first checks that the states have "
                                      "as many dimensions as the input needs, and reports that."),
                               "size-check-before-rank"))
        return wrong

    def _wrong_for_one_tensor(self, p, main) -> list[Candidate]:
        s = _layout(p)
        wrong = [
            named(runs("It runs: the tensor becomes h0, and the cell state starts from zeros.",
                       "Expects torch to fill in c0; once states are passed, nn.LSTM needs both. "
                       "(nn.RNN and nn.GRU take one tensor; nn.LSTM takes the pair.)"), "missing-c0-becomes-zeros"),
            named(runs("It runs: the tensor is used as both h0 and c0.",
                       "Expects torch to reuse one tensor for both states; it reads the pair by indexing hx[0] "
                       "and hx[1]."), "one-tensor-serves-both"),
        ]
        wrong += [named(c, "checks-state-type") for c in type_only(
            main, "TypeError", "It raises a `TypeError` saying the initial state must be a tuple `(h0, c0)`.",
            "Expects torch to check the type of the state argument; it does not: it indexes hx[0] and hx[1] as "
            "if hx were the pair, and the error comes from that.")]
        wrong += [named(c, "no-second-tensor") for c in type_only(
            main, "IndexError", "It raises an `IndexError`: there is no second tensor to take c0 from.",
            f"That happens only when the tensor's first axis has one entry; here it has {s['S']}, so hx[1] "
            "exists: it is a slice of h0 with one dimension fewer.")]
        if main.error and main.error[0] == "IndexError":
            dims = (3, 2) if p.batch is not None else (2, 1)
            batched = "batched 3-D" if p.batch is not None else "unbatched 2-D"
            wrong.append(named(raises("RuntimeError",
                                      f"For {batched} input, hx and cx should also be {dims[0]}-D but got "
                                      f"({dims[1]}-D, {dims[1]}-D) tensors",
                                      "That is what happens when the tensor's first axis has two or more entries; "
                                      "here it has one, so hx[1] does not exist and indexing fails first."),
                               "slices-exist"))
        wrong += [named(c, "state-error-is-valueerror") for c in other_types(main, {
            "ValueError": "Expects ValueError; the failure comes from indexing or shape checks, not from a "
                          "value check.",
        })]
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

    def _hint(self, p) -> str:
        """Where to look, by the configuration's most telling feature; never the rule itself.
        Two wordings per feature, chosen by the item's sequence length."""
        if p.kind == "one-tensor":
            pair = ("How does the forward call take h0 and c0 out of its second argument?",
                    "What does indexing a single tensor with [0] and [1] give?")
        elif p.proj_size:
            pair = ("Which of the two states does a projection make narrower?",
                    "Where does proj_size show up in h_n, and where in c_n?")
        elif p.bidirectional and p.num_layers > 1:
            pair = ("How many separate states does a stack of two-direction layers keep?",
                    "For each layer, how many directions need a starting state?")
        elif p.bidirectional:
            pair = ("Does the second direction start from a state of its own, and on which axis?",
                    "Where in h_n does a two-direction layer keep its second direction?")
        elif p.batch is None:
            pair = ("x has no batch axis: should the states have one?",
                    "How many axes does h_n have when x is a single sequence?")
        elif p.batch_first:
            pair = ("Does batch_first rearrange the states as well as x and output?",
                    "Which tensors does batch_first apply to?")
        elif p.num_layers > 1:
            pair = ("Does every stacked layer start from its own state?",
                    "How many final states does a stack return in h_n?")
        else:
            pair = ("Which tensor that the layer returns has the shape h0 must have?",
                    "What is the shape of h_n after a plain call lstm(x)?")
        return pair[p.seq_len % 2]

    def explain(self, p, main, correct):
        kind = p.kind
        hint = self._hint(p)
        slips = tuple(MISTAKE_WORDS[mid] for *_, mid in wrong_states(p)[:4] if mid in MISTAKE_WORDS)
        s = _layout(p)
        quick = (f"Print `lstm.weight_hh_l0.shape`: its second axis is the width of h ({s['H_out']}); "
                 f"count {p.num_layers} layer(s) × {s['D']} direction(s) for the first axis.")
        if kind == "shapes":
            h0, c0 = right_states(p)
            steps = (
                "Initial states have the same shapes as the final states h_n and c_n the layer returns.",
                self._shape_rule(p),
                f"So `lstm(x, (h0, c0))` runs with h0 {shape_text(h0)} and c0 {shape_text(c0)}; each other "
                "option breaks one of these three rules (first axis, batch axis, width).",
            )
            return Explanation(steps, quick, hint, slips)
        outcome = (f"torch raises `{main.error[0]}`: `{main.error[1]}`" if main.error
                   else "torch runs the forward pass without an error.")
        if kind == "right-states":
            h0, c0 = right_states(p)
            steps = (
                self._shape_rule(p),
                f"The code passes h0 {shape_text(p.h0_shape)} and c0 {shape_text(p.c0_shape)}: exactly those.",
                f"So the forward call runs, and h_n comes back in h0's shape, {shape_text(h0)}: the final state "
                "of each layer and direction for each sequence.",
            )
            return Explanation(steps, quick, hint, slips)
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
            mistakes = ("Expecting torch to repair or ignore states of the wrong shape.",
                        "Reading torch's shape message backwards, or blaming the other state.")
            return Explanation(tuple(steps), quick, hint, mistakes)
        h0, _ = right_states(p)
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
        mistakes = ("Treating nn.LSTM like nn.GRU, which takes one state tensor.",
                    "Expecting torch to check the type of the state argument before indexing it.")
        return Explanation(steps, "Count the tensors nn.LSTM returns as its state: two, so it takes two.",
                           hint, mistakes)


MISTAKE_WORDS = {
    "states-ignore-directions": "Leaving the second direction out of the first axis.",
    "states-join-directions": "Putting the two directions side by side in the features, as output does.",
    "states-ignore-layers": "Giving a stack one state instead of one per layer.",
    "states-always-doubled": "Doubling the first axis for a one-direction layer.",
    "layers-plus-directions": "Adding layers and directions where they multiply.",
    "ignores-projection": "Forgetting that the projection narrows h.",
    "projects-cell-state": "Narrowing c as well as h.",
    "swaps-projected-state": "Swapping the widths of h and c.",
    "unbatched-states-keep-batch": "Adding a batch axis to states of an unbatched input.",
    "states-without-batch": "Dropping the batch axis from the states of a batched input.",
    "states-follow-batch-first": "Letting batch_first reorder the states.",
    "features-before-batch": "Putting the features before the batch.",
    "states-per-time-step": "Giving the states one entry per time step.",
    "states-use-input-size": "Sizing the states by input_size.",
}
