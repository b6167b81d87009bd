"""output-and-states: how ``output`` relates to ``h_n`` and ``c_n``.

Every option is an expression or a statement that torch checks in its own run with
``torch.equal`` (the check and its result, ``holds``, are kept as evidence). Which option should
hold is also worked out from the rules, symbolically: an expression refers to a tensor such as
("h", layer, direction) for a final state or ("out", step, half) for a slice of ``output``;
``canonical`` maps the slices that are final states onto them (the forward direction ends at
the last step, the backward direction at step 0). A misconception is the expression it leads
to; it is offered only when it refers to something else than the key.

Kinds (``params["kind"]``): ``last`` (one direction, sequence first), ``batch-first``,
``unbatched``, ``backward`` (h_n[-1] of a bidirectional layer), ``forward`` (h_n[-2]),
``view`` (layers and directions with ``h_n.view``), ``concat`` (joining both directions) and
``cell`` (what ``c_n`` is, and is not).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family, forward_snippet
from .record import DictParams
from .distractors import mistakes, offer

KINDS = ("last", "batch-first", "unbatched", "backward", "forward", "view", "concat", "cell")
LEVEL_KINDS = {
    "easy": ("last",),
    "medium": ("last", "batch-first", "batch-first", "unbatched", "cell"),
    "hard": ("backward", "forward", "view", "concat"),
}
Ref = tuple  # ("h", layer, dir) | ("c", layer, dir) | ("out", step, half) | ("other", name) | ("cat", ref, ref)


@dataclass(frozen=True)
class OutputStatesParams(DictParams):
    """One item: the layer's sizes and flags (``batch`` None: unbatched input), the sequence
    asked about (``which``, None: the whole batch), the true statement (``claim``) for the
    statement kinds, and whether the last step is written by its number (``counted``)."""

    kind: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    batch_first: bool
    seq_len: int
    batch: int | None
    claim: str | None
    which: int | None
    counted: bool


def directions(p: OutputStatesParams) -> int:
    return 2 if p.bidirectional else 1


def canonical(p: OutputStatesParams, ref: Ref) -> Ref:
    """The tensor an expression refers to, with final-state slices of output named as states.
    Refs carry the sequence they cover last (None: the whole batch)."""
    if ref[0] == "out":
        _, step, half, seq = ref
        last = p.seq_len - 1
        top = p.num_layers - 1
        step = step % p.seq_len
        if directions(p) == 1 and half == "all" and step == last:
            return ("h", top, 0, seq)
        if half == "fwd" and step == last:
            return ("h", top, 0, seq)
        if half == "bwd" and step == 0:
            return ("h", top, 1, seq)
        return ("out", step, half, seq)
    if ref[0] in ("h", "c"):
        _, layer, d, seq = ref
        return (ref[0], layer % p.num_layers, d, seq)
    if ref[0] == "cat":
        return ("cat", canonical(p, ref[1]), canonical(p, ref[2]))
    return ref


def same(p: OutputStatesParams, a: Ref, b: Ref) -> bool:
    return canonical(p, a) == canonical(p, b)


def flat_state(p: OutputStatesParams, flat: int) -> Ref:
    """``h_n[flat]``: entries are ordered layer by layer, the directions of a layer side by side."""
    d = directions(p)
    flat %= p.num_layers * d
    return ("h", flat // d, flat % d, None)


# --- expressions of output --------------------------------------------------------------------

def step_index(p: OutputStatesParams, step: int) -> str:
    """A step as the item writes it: the last one as -1, or by its number when ``p.counted``."""
    if step == -1 and p.counted:
        return str(p.seq_len - 1)
    return str(step)


def out_expr(p: OutputStatesParams, step: int, half: str, seq=None) -> str:
    """``output`` at one step (of one sequence), one direction's half or all features."""
    h = p.hidden_size
    t = step_index(p, step)
    feats = {"all": "", "fwd": f":{h}", "bwd": f"{h}:"}[half]
    if p.batch is None:
        idx = [t] + ([feats] if feats else [])
    elif p.batch_first:
        idx = [":" if seq is None else str(seq), t] + ([feats] if feats else [])
    else:
        idx = [t] + ([":" if seq is None else str(seq)] + [feats] if feats else ([] if seq is None else [str(seq)]))
    return f"output[{', '.join(idx)}]"


def state_expr(name: str, entry: str, seq) -> str:
    return f"{name}[{entry}]" if seq is None else f"{name}[{entry}, {seq}]"


def target_text(p: OutputStatesParams) -> str:
    return state_expr("h_n", "-2" if p.kind == "forward" else "-1", p.which)


def expression_options(p: OutputStatesParams) -> dict[str, tuple[str, Ref]]:
    """name -> (expression, what it refers to) for the expression kinds; "truth" is the key."""
    kind, layers, t = p.kind, p.num_layers, p.seq_len
    h, n, b = p.hidden_size, p.batch, p.which
    other: dict[str, tuple[str, Ref]] = {}
    if kind in ("last", "batch-first", "unbatched"):
        opts = {
            "truth": (out_expr(p, -1, "all", b), ("out", -1, "all", b)),
            "first-step": (out_expr(p, 0, "all", b), ("out", 0, "all", b)),
            "cell-state": (state_expr("c_n", "-1", b), ("c", -1, 0, b)),
        }
        if layers > 1:
            opts["bottom-layer"] = (state_expr("h_n", "0", b), ("h", 0, 0, b))
        time_axis = 1 if kind == "batch-first" else 0
        picked = "" if b is None else (f"[{b}]" if kind == "batch-first" else f"[:, {b}]")
        opts["mean-over-time"] = (f"output.mean(dim={time_axis}){picked}", ("other", "mean-over-time"))
        opts["whole-output"] = ("output" if b is None else (f"output[{b}]" if kind == "batch-first" else f"output[:, {b}]"),
                                ("other", "whole-output"))
        opts["last-feature"] = ("output[..., -1]", ("other", "last-feature"))
        last = step_index(p, -1)

        def crossed(name: str) -> Ref:
            """``output`` indexed with the step number where the sequence goes and the other way
            round: step b of sequence ``last``; out of range, it raises."""
            seq = int(last)
            if b is None or not -n <= seq < n or b >= t:
                return ("other", name)
            return ("out", b, "all", seq % n)

        if kind == "last":
            text = "output[:, -1]" if b is None else f"output[{b}, {last}]"
            other["batch-axis"] = (text, crossed("batch-axis"))
        elif kind == "batch-first":
            text = "output[-1]" if b is None else f"output[{last}, {b}]"
            other["ignores-batch-first"] = (text, crossed("ignores-batch-first"))
            other["states-batch-first"] = ("h_n[:, -1]" if b is None else f"h_n[{b}, -1]", ("other", "states"))
        else:
            other["feature-axis"] = (f"output[:, {last}]", ("other", "feature-axis"))
        return {**opts, **other}
    if kind in ("backward", "forward"):
        key = ("out", 0, "bwd", b) if kind == "backward" else ("out", -1, "fwd", b)
        opts = {
            "truth": (out_expr(p, key[1], key[2], b), key),
            "backward-at-end": (out_expr(p, -1, "bwd", b), ("out", -1, "bwd", b)),
            "forward-at-start": (out_expr(p, 0, "fwd", b), ("out", 0, "fwd", b)),
            "both-halves": (out_expr(p, -1, "all", b), ("out", -1, "all", b)),
        }
        if kind == "backward":
            opts["other-direction"] = (out_expr(p, -1, "fwd", b), ("out", -1, "fwd", b))
        else:
            opts["other-direction"] = (out_expr(p, 0, "bwd", b), ("out", 0, "bwd", b))
        if layers > 1:
            opts["bottom-layer"] = (state_expr("h_n", "0", b), ("h", 0, 0, b))
        return opts
    if kind == "view":
        shape = f"{layers}, 2, {n}, {h}"
        swapped = f"2, {layers}, {n}, {h}"
        return {
            "truth": (f"h_n.view({shape})[-1, 0]", flat_state(p, 2 * (layers - 1))),
            "directions-outer": (f"h_n.view({swapped})[0, -1]", flat_state(p, layers - 1)),
            "backward": (f"h_n.view({shape})[-1, 1]", flat_state(p, 2 * layers - 1)),
            "bottom-layer": (f"h_n.view({shape})[0, 0]", flat_state(p, 0)),
            "last-entry": ("h_n[-1]", flat_state(p, -1)),
            "one-per-layer": (f"h_n[{layers - 1}]", flat_state(p, layers - 1)),
            "both-directions": (f"h_n.view({shape})[-1]", ("other", "both-directions")),
        }
    raise ValueError(kind)


def check_target(p: OutputStatesParams) -> str:
    """What an expression option is compared with in torch."""
    if p.kind == "view":
        return out_expr(p, -1, "fwd")
    return target_text(p)


# --- statements ----------------------------------------------------------------------------------

def statements(p: OutputStatesParams) -> dict[str, tuple[str, str, bool]]:
    """name -> (statement shown, the check torch runs, whether it holds by the rules)."""
    h = p.hidden_size
    if p.kind == "concat":
        both = "torch.cat([h_n[-2], h_n[-1]], dim=1)"
        ends = f"torch.cat([{out_expr(p, -1, 'fwd')}, {out_expr(p, 0, 'bwd')}], dim=1)"
        last = out_expr(p, -1, "all")
        out = {
            "ends": (f"`{both}` equals `{ends}`.", f"torch.equal({both}, {ends})", True),
            "forward-end": (f"`{out_expr(p, -1, 'fwd')}` equals `h_n[-2]`.",
                            f"torch.equal({out_expr(p, -1, 'fwd')}, h_n[-2])", True),
            "last-step": (f"`{both}` equals `{last}`.", f"torch.equal({both}, {last})", False),
            "backward-end": (f"`{out_expr(p, -1, 'bwd')}` equals `h_n[-1]`: both directions end at the last step.",
                             f"torch.equal({out_expr(p, -1, 'bwd')}, h_n[-1])", False),
            "first-step": (f"`{out_expr(p, 0, 'all')}` equals `torch.cat([h_n[0], h_n[1]], dim=1)`.",
                           f"torch.equal({out_expr(p, 0, 'all')}, torch.cat([h_n[0], h_n[1]], dim=1))", False),
            "width": (f"`{both}` has {h} features per sequence.",
                      f"{both}.shape[-1] == {h}", False),
        }
        return out
    # cell
    t = p.seq_len
    steps = "output[t]" if not p.batch_first else "output[:, t]"
    return {
        "not-in-output": (f"None of output's {t} steps equals `c_n[-1]`.",
                          f"not any(torch.equal({steps}, c_n[-1]) for t in range({t}))", True),
        "same-shape": (f"`c_n` has shape {state_shape(p)}, the same as `h_n`.", "c_n.shape == h_n.shape", True),
        "last-output": (f"`{out_expr(p, -1, 'all')}` equals `c_n[-1]`: the last output is the final cell state.",
                        f"torch.equal({out_expr(p, -1, 'all')}, c_n[-1])", False),
        "h-is-c": ("`h_n[-1]` equals `c_n[-1]`, since after the last step the two states coincide.",
                   "torch.equal(h_n[-1], c_n[-1])", False),
        "tanh-only": ("`h_n[-1]` equals `torch.tanh(c_n[-1])`: h is the squashed cell state.",
                      "torch.allclose(h_n[-1], torch.tanh(c_n[-1]))", False),
        "first-output": (f"`{out_expr(p, 0, 'all')}` equals `c_n[-1]`.",
                         f"torch.equal({out_expr(p, 0, 'all')}, c_n[-1])", False),
    }


def state_shape(p: OutputStatesParams) -> tuple:
    first = p.num_layers * directions(p)
    return (first, p.hidden_size) if p.batch is None else (first, p.batch, p.hidden_size)


TRUE_CLAIMS = {"concat": ("ends", "forward-end"), "cell": ("not-in-output", "same-shape")}


class OutputAndStates(Family):
    name = "output-and-states"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "How `output` relates to `h_n` and `c_n`: which slice of `output` equals `h_n[-1]` (one "
        "direction, `batch_first`, unbatched input), the backward direction's final state at step 0, "
        "`h_n.view(num_layers, 2, N, H)`, joining both directions, and what `c_n` is; each option "
        "checked with `torch.equal` in its own run."
    )
    probes = ("output", "h_n", "c_n")
    option_probes = ("holds",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVEL_KINDS[difficulty])
            p = self._sample_kind(rng, kind)
            if self.difficulty_of(p) == difficulty:
                return p

    def _sample_kind(self, rng, kind) -> OutputStatesParams:
        # wide sizes, so that two items rarely share a key; every size differs from the others
        i, h = rng.sample(range(2, 25), 2)
        t = rng.choice([v for v in range(2, 33) if v not in (i, h)])
        n = rng.choice([v for v in range(2, 17) if v not in (i, h, t)])
        bidirectional = kind in ("backward", "forward", "view", "concat")
        layers = rng.choice((1, 2, 3))
        if kind == "view":
            layers = rng.choice((2, 3))
        d = {"kind": kind, "input_size": i, "hidden_size": h, "num_layers": layers,
             "bidirectional": bidirectional, "batch_first": False, "seq_len": t, "batch": n, "claim": None,
             "which": None, "counted": False}
        if kind == "batch-first":
            d["batch_first"] = True
        elif kind == "unbatched":
            d["batch"] = None
        elif kind in ("backward", "forward", "concat", "cell"):
            d["batch_first"] = rng.random() < 0.5
        if kind in TRUE_CLAIMS:
            d["claim"] = rng.choice(TRUE_CLAIMS[kind])
        if kind not in ("view", "concat", "cell", "unbatched") and rng.random() < 0.9:
            d["which"] = rng.randrange(n // 2, n)  # one sequence of the batch's second half
        # the last step written by its number, not -1, in some items
        # (always, where nothing else in the key varies: the whole batch, or one unbatched sequence)
        d["counted"] = kind not in ("view", "concat") and (rng.random() < 0.85 or d["which"] is None)
        return OutputStatesParams.from_dict(d)

    def decode(self, data):
        return OutputStatesParams.from_dict(data)

    def difficulty_of(self, p):
        kind = p.kind
        if kind == "last":
            return "easy" if p.num_layers == 1 else "medium"
        if kind in ("batch-first", "unbatched", "cell"):
            return "medium"
        return "hard"

    def capacity(self, difficulty):
        """An upper bound, as plan needs: 23 × 22 × 31 × 15 ordered size draws times what this
        level may add: kinds, 3 layer counts, up to 17 choices of the asked-about sequence, and
        two each of counted, batch_first and claim."""
        return 235_290 * {"easy": 3 * 17 * 2, "medium": 4 * 3 * 17 * 8, "hard": 4 * 3 * 17 * 8}[difficulty]

    # --- the code --------------------------------------------------------------------------

    def snippet(self, p):
        return forward_snippet(p.to_dict())

    def stem(self, p):
        kind, goal, b = p.kind, target_text(p), p.which
        whose = "" if b is None else f" (sequence {b} of the batch)"
        if kind == "last":
            if p.num_layers == 1:
                return (f"A sentence classifier feeds the LSTM's final hidden state `{goal}`{whose} to its head. "
                        "Which expression holds exactly the same values?")
            return (f"This LSTM stacks {p.num_layers} layers. Which expression holds exactly the same values "
                    f"as `{goal}`{whose}?")
        if kind == "batch-first":
            scope = "for every sequence of the batch" if b is None else f"for sequence {b}"
            return ("The layer below was built with `batch_first=True`. Which expression gives, "
                    f"{scope}, the same tensor as `{goal}`?")
        if kind == "unbatched":
            return "The input is a single sequence without a batch axis. Which expression equals `h_n[-1]`?"
        if kind in ("backward", "forward"):
            return (f"This bidirectional LSTM has hidden_size {p.hidden_size}. Which slice of `output` "
                    f"equals `{target_text(p)}`?")
        if kind == "view":
            return ("To separate layers and directions, the code would reshape `h_n` with `view`. Which "
                    "expression is the top layer's forward-direction final state?")
        if kind == "concat":
            return ("A sentence encoder joins the two directions' final states into one vector per sentence. "
                    "Which statement is true?")
        return "Which statement about the cell state `c_n` of this layer is true?"

    # --- options ---------------------------------------------------------------------------

    def achieves(self, p, outcome):
        return outcome.ok and outcome.values.get("holds") is True

    def _program(self, p, check: str) -> str:
        return self.snippet(p) + f"holds = bool({check})\n"

    def options(self, p, main):
        if p.kind in TRUE_CLAIMS:
            table = statements(p)
            text, check, _ = table[p.claim]
            intended = Candidate(text, STATEMENT_WHY[p.claim](p), program=self._program(p, check),
                                 format="text")
            wrong = [Candidate(t, STATEMENT_WHY[name](p), program=self._program(p, c), format="text",
                               misconception=name)
                     for name, (t, c, holds) in table.items() if not holds]
            return offer(p, intended, wrong)
        opts = expression_options(p)
        goal = check_target(p)
        key_text, key_ref = opts["truth"]
        intended = Candidate(key_text, self._why_right(p), program=self._program(p, f"torch.equal({key_text}, {goal})"))
        wrong = [Candidate(text, EXPRESSION_WHY[name](p, ref),
                           program=self._program(p, f"torch.equal({text}, {goal})"), misconception=name)
                 for name, (text, ref) in opts.items() if name != "truth" and not same(p, ref, key_ref)]
        return offer(p, intended, wrong)

    def _why_right(self, p) -> str:
        kind, h, layers = p.kind, p.hidden_size, p.num_layers
        top = f"layer {layers - 1}, the top one" if layers > 1 else "the only layer"
        if kind in ("last", "batch-first", "unbatched"):
            where = {"last": "the first axis of output is time", "batch-first": "with batch_first the time axis "
                     "is output's second", "unbatched": "without a batch axis, output's first axis is time"}[kind]
            whose = "the" if p.which is None else f"sequence {p.which}'s"
            return (f"{target_text(p)} is {whose} final hidden state in {top}; output holds that layer's h at "
                    f"every step, and {where}, so its last step is the same tensor.")
        if kind == "backward":
            return (f"h_n[-1] is the backward direction of {top}; it reads the sequence from the end, so it "
                    f"finishes at step 0, and its half of the features is {h}: onwards.")
        if kind == "forward":
            return (f"h_n[-2] is the forward direction of {top}; it finishes at the last step, and its half of the "
                    f"features is :{h}.")
        return (f"h_n has {2 * layers} entries ordered layer by layer, forward then backward; view({layers}, 2, "
                f"{p.batch}, {h}) indexes them as [layer, direction], so [-1, 0] is the top layer forward.")

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        traps = STATEMENT_TRAPS if p.kind in TRUE_CLAIMS else EXPRESSION_TRAPS
        return replace(self._explain(p, main, correct), mistakes=mistakes(p, self.options(p, main)[1], traps))

    def _explain(self, p, main, correct):
        kind, h, layers, t = p.kind, p.hidden_size, p.num_layers, p.seq_len
        d = directions(p)
        shapes = (f"`output` has shape {tuple(main.values['output']['shape'])} and `h_n` "
                  f"{tuple(main.values['h_n']['shape'])}.")
        steps = [shapes]
        if kind in ("last", "batch-first", "unbatched"):
            axis = "second" if kind == "batch-first" else "first"
            steps += [f"output holds only the top layer's hidden state, at each of the {t} steps, along its "
                      f"{axis} axis" + (f"; h_n[0] is the bottom of the {layers} layers" if layers > 1 else "")
                      + ".",
                      "The final hidden state is the output at the last step, so h_n[-1] is that slice."]
            shape = tuple(main.values["h_n"]["shape"])[1 if p.which is None else 2:]
            whose = "the final state" if p.which is None else "one sequence's final state"
            check = (f"shapes narrow it down: {whose} is {shape}; the answer must have that shape and come from "
                     "the last time step")
            hint = (f"Which axis of output counts the {t} time steps"
                    + (f", and which of the {layers} layers does output come from?" if layers > 1 else "?"))
        elif kind in ("backward", "forward", "concat"):
            steps += [f"The last axis of output is 2 × {h}: features :{h} are the forward direction, {h}: the "
                      "backward one.",
                      f"The forward direction ends at step {t - 1} (index -1); the backward direction runs from "
                      "the end and ends at step 0.",
                      "h_n[-2] and h_n[-1] are the top layer's forward and backward final states."]
            check = (f"h_n[-1] matches the backward half at step 0, not at step {t - 1}: "
                     f"torch.equal({out_expr(p, 0, 'bwd')}, h_n[-1]) is True")
            hint = f"Ask where each direction starts reading the {t} steps, and so where it stops."
        elif kind == "view":
            steps += [f"h_n's first axis has num_layers × 2 = {layers * d} entries: layer 0 forward, layer 0 "
                      "backward, layer 1 forward, and so on.",
                      f"view({layers}, 2, {p.batch}, {h}) splits that axis as [layer, direction]."]
            check = f"the top layer's forward state is h_n[{2 * (layers - 1)}], i.e. h_n[-2], and equals {out_expr(p, -1, 'fwd')}"
            hint = f"Which of h_n's {layers * d} entries is which layer and direction, before any reshaping?"
        else:
            steps += ["output and h_n hold hidden states h = o · tanh(c); c_n holds the cell states c, which "
                      "never appear in output.",
                      "h_n and c_n both have one entry per layer and direction (without a projection, the same width)."]
            check = "h = o · tanh(c) with o between 0 and 1, so h and c differ wherever c is not 0"
            hint = "Which of the two states does the layer pass on as its output?"
        steps.append(f"torch's check agrees: {correct.text.rstrip('.')} holds, the other options do not.")
        return Explanation(tuple(steps), check, hint)


EXPRESSION_WHY: dict[str, Callable] = {
    "first-step": lambda p, r: ("Takes the first step for the last; the final state is the output after the "
                                "last step."),
    "cell-state": lambda p, r: ("Takes the cell state for the hidden state; h_n[-1] is h, c_n[-1] is c, and "
                                "they differ."),
    "bottom-layer": lambda p, r: (f"Takes the bottom layer; output comes from the top of the {p.num_layers} "
                                  "layers, and h_n[0] is the bottom one's final state."),
    "batch-axis": lambda p, r: ("Puts the indices in batch-first order; without batch_first the first index of "
                                "output is the time step, so this "
                                + ("raises IndexError." if r[0] == "other" and p.which is not None else
                                   "is every step of the last sequence." if p.which is None else
                                   f"reads step {r[1]} of sequence {r[3]}.")),
    "ignores-batch-first": lambda p, r: ("Ignores batch_first: the first index of output is then the sequence, so "
                                         + ("this is the last sequence, every step." if p.which is None else
                                            "this raises IndexError." if r[0] == "other" else
                                            f"this reads step {r[1]} of sequence {r[3]}.")),
    "states-batch-first": lambda p, r: ("Applies batch_first to h_n; the states keep (layers × directions, batch, "
                                        "features) whatever batch_first says."),
    "feature-axis": lambda p, r: ("Indexes the feature axis: for unbatched input output[:, -1] is the last "
                                  "feature at every step."),
    "backward-at-end": lambda p, r: ("Looks for the backward direction's final state at the last step; the "
                                     "backward direction reads from the end and finishes at step 0."),
    "forward-at-start": lambda p, r: ("Takes the forward half at step 0, its first step, not its last."),
    "both-halves": lambda p, r: (f"Takes both directions at the last step, {2 * p.hidden_size} features; one "
                                 "final state has hidden_size features, and the backward half there is only its "
                                 "first step."),
    "other-direction": lambda p, r: ("Takes the other direction: h_n[-2] is the top layer's forward direction, "
                                     "h_n[-1] its backward direction."),
    "mean-over-time": lambda p, r: ("Averages the outputs over time; the final state is the last step's output "
                                    "alone, not a mean."),
    "whole-output": lambda p, r: ("Takes every step; a final state holds one step, the last, so this has a time "
                                  "axis too many."),
    "last-feature": lambda p, r: ("Reads -1 as the last step on whatever axis comes last; `output[..., -1]` is the "
                                  "last hidden unit at every step."),
    "last-entry": lambda p, r: ("Takes the last entry of h_n for the top layer's forward state; the last entry is "
                                "the top layer's backward direction."),
    "one-per-layer": lambda p, r: (f"Counts one entry per layer, so the top is entry {p.num_layers - 1}; a "
                                   "bidirectional layer has two entries, so that is another layer or direction."),
    "both-directions": lambda p, r: ("Stops at the layer: [-1] keeps both directions of the top layer, shape "
                                     f"(2, {p.batch}, {p.hidden_size})."),
    "directions-outer": lambda p, r: ("Puts directions before layers in the view; h_n is ordered layer by layer, "
                                      f"so this picks h_n[{p.num_layers - 1}]."),
    "backward": lambda p, r: ("Takes direction index 1 for the forward one; index 0 is forward, 1 backward, so "
                              "this is h_n[-1]."),
}

STATEMENT_WHY: dict[str, Callable] = {
    "ends": lambda p: ("Each direction's final state sits at the step where it stops: forward at the last step, "
                       "backward at step 0."),
    "forward-end": lambda p: ("The forward direction stops at the last step, so its half of output there is "
                              "its final state h_n[-2]."),
    "last-step": lambda p: ("Expects the last step of output to hold both final states; its backward half is the "
                            "backward direction's first step, not its last."),
    "backward-end": lambda p: ("Looks for the backward final state at the last step; the backward direction "
                               "ends at step 0."),
    "first-step": lambda p: ("Pairs the first step with the first layer's states; h_n[0] and h_n[1] belong to "
                             "layer 0, and step 0's forward half is only the first step."
                             if p.num_layers > 1 else
                             "Expects step 0 to hold both final states; only its backward half does."),
    "width": lambda p: (f"Forgets that joining doubles the width: the joined vector has 2 × {p.hidden_size} "
                        "features."),
    "not-in-output": lambda p: ("output carries h = o · tanh(c) at every step; the cell state c stays inside the "
                                "layer and comes out only in c_n."),
    "same-shape": lambda p: ("Without proj_size, h and c have hidden_size features each, one entry per layer "
                             "and direction."),
    "last-output": lambda p: ("Takes output for the cell state; output holds h, and h_n[-1], not c_n[-1], "
                              "equals its last step."),
    "h-is-c": lambda p: "Treats the two states as one; h = o · tanh(c) differs from c.",
    "tanh-only": lambda p: ("Forgets the output gate: h = o · tanh(c), and o is strictly between 0 and 1."),
    "first-output": lambda p: ("Expects the cell state at the first step; no step of output holds c."),
}


# Common mistakes, in other words than the options' whys (``y``: the expression the slip writes).
EXPRESSION_TRAPS: dict[str, Callable] = {
    "first-step": lambda p, y: f"Reaching for step 0, where the sequence starts, not where it ends: `{y}`.",
    "cell-state": lambda p, y: f"Swapping in the cell state for the hidden one: `{y}`.",
    "bottom-layer": lambda p, y: f"Taking index 0 of h_n for the top of the stack of {p.num_layers}: `{y}`.",
    "mean-over-time": lambda p, y: f"Pooling over the time axis instead of taking the last step: `{y}`.",
    "whole-output": lambda p, y: f"Keeping every time step where only the last is wanted: `{y}`.",
    "last-feature": lambda p, y: f"Applying -1 to the feature axis instead of the time axis: `{y}`.",
    "batch-axis": lambda p, y: f"Indexing as if the batch came first, which this layer does not do: `{y}`.",
    "ignores-batch-first": lambda p, y: f"Indexing as if time came first despite batch_first=True: `{y}`.",
    "states-batch-first": lambda p, y: f"Expecting batch_first to reorder h_n as well: `{y}`.",
    "feature-axis": lambda p, y: f"Counting a batch axis that unbatched input does not have: `{y}`.",
    "backward-at-end": lambda p, y: f"Expecting the backward pass to finish at the last step: `{y}`.",
    "forward-at-start": lambda p, y: f"Looking for the forward pass's end at step 0: `{y}`.",
    "both-halves": lambda p, y: f"Keeping both directions' features where one direction is asked: `{y}`.",
    "other-direction": lambda p, y: f"Taking the opposite direction's half: `{y}`.",
    "directions-outer": lambda p, y: f"Reshaping with the direction axis ahead of the layer axis: `{y}`.",
    "backward": lambda p, y: f"Treating direction index 1 as the forward pass: `{y}`.",
    "last-entry": lambda p, y: f"Taking the very last entry of h_n, which is a backward state: `{y}`.",
    "one-per-layer": lambda p, y: f"Counting one h_n entry per layer, as if there were one direction: `{y}`.",
    "both-directions": lambda p, y: f"Stopping after the layer index, with both directions still in: `{y}`.",
}

STATEMENT_TRAPS: dict[str, Callable] = {
    "last-step": lambda p, y: "Believing the last time step of output holds both directions' final states.",
    "backward-end": lambda p, y: "Believing the backward pass finishes at the last time step.",
    "first-step": lambda p, y: ("Pairing step 0 of output with the bottom layer's two states."
                                if p.num_layers > 1 else "Believing step 0 holds both final states."),
    "width": lambda p, y: f"Forgetting that joining two halves of {p.hidden_size} doubles the width.",
    "last-output": lambda p, y: "Believing the final output is the final cell state.",
    "h-is-c": lambda p, y: "Believing the hidden and cell states coincide after the last step.",
    "tanh-only": lambda p, y: "Leaving the output gate out of h = o · tanh(c).",
    "first-output": lambda p, y: "Looking for the cell state among the outputs, at step 0.",
}
