"""output-shape: the shape of ``output``, ``h_n`` or ``c_n`` after a forward pass.

Wrong options are misconceptions written as functions of the params (``MISCONCEPTIONS``): each
returns the shape a student holding it would give, or None where it does not apply. A
misconception is offered only where it gives something else than torch's shape, and two-change
misconceptions (a swapped batch axis and a forgotten direction, say) sit beside the one-change
ones, so the key is not simply the option the others are edits of (``distractors.pick`` chooses).

Levels: easy is one plain layer read for ``output`` (the snippet names the axes of ``x``);
medium adds one of stacked layers, two directions, a projection or unbatched input; hard
combines two or three. State questions mostly draw more than one layer or direction, so "the
states are (1, N, H)" does not answer them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..model import Candidate
from .base import MAX_BATCH, MAX_SEQ_LEN, Explanation, Family, forward_snippet, shape_text
from .distractors import pick
from .record import DictParams

TARGETS = ("output", "h_n", "c_n")
# What a select-all item lists: the layer's results, its input, and two slices the code takes.
MULTIPLE_TENSORS = ("output", "h_n", "c_n", "x", "h_top", "out_last")
FEATURES = ("layers", "bidirectional", "proj", "unbatched")
MAX_FEATURE_SIZE = 32


@dataclass(frozen=True)
class OutputShapeParams(DictParams):
    """One draw: the layer's arguments, the input's sizes (``batch`` None: unbatched) and the tensor asked."""

    OPTIONAL = ("axis", "item_kind")  # stored only when not the default

    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    batch_first: bool
    dropout: float
    bidirectional: bool
    proj_size: int
    seq_len: int
    batch: int | None
    target: str
    axis: int | None = None  # numeric items: the axis of the target whose size is asked
    item_kind: str = "single"  # the question kind (lstmq.model.KINDS); "single" is not stored

    # The symbols of torch's shape rules.
    @property
    def D(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def h_out(self) -> int:
        return self.proj_size or self.hidden_size

    @property
    def stacked(self) -> int:
        """The states' first axis: num_layers × directions."""
        return self.num_layers * self.D

    @property
    def width(self) -> int:
        """The feature width of the asked tensor."""
        if self.target == "c_n":
            return self.hidden_size
        return self.D * self.h_out if self.target == "output" else self.h_out

    @property
    def unbatched(self) -> bool:
        return self.batch is None


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def features_of(p: OutputShapeParams) -> list[str]:
    return [f for f, on in zip(FEATURES, (p.num_layers > 1, p.bidirectional, p.proj_size > 0, p.unbatched)) if on]


# --- shapes a rule (or a slip of it) gives --------------------------------------------------------

def per_step(p: OutputShapeParams, feat: int, swap: bool = False) -> tuple:
    """A per-time-step tensor laid out like the input (``swap``: batch and time exchanged)."""
    L, N = p.seq_len, p.batch
    if p.unbatched:
        return (L, feat)
    first_batch = p.batch_first != swap
    return (N, L, feat) if first_batch else (L, N, feat)


def state(p: OutputShapeParams, first: int, feat: int) -> tuple:
    return (first, feat) if p.unbatched else (first, p.batch, feat)


def true_shape(p: OutputShapeParams) -> tuple:
    """torch's rule, for offering misconceptions only where they differ (torch gives the key)."""
    if p.target == "output":
        return per_step(p, p.width)
    return state(p, p.stacked, p.width)


# A misconception: (id, the shape it gives or None, why it is wrong with this item's numbers).
Mis = tuple[str, Callable[[OutputShapeParams], tuple | None], Callable[[OutputShapeParams], str]]


def _batched(f):
    return lambda p: None if p.unbatched else f(p)


def _layout(p: OutputShapeParams) -> str:
    return "batch_first=True puts the batch first" if p.batch_first else "without batch_first the sequence comes first"


OUTPUT_MISCONCEPTIONS: tuple[Mis, ...] = (
    ("swaps-batch-and-time", _batched(lambda p: per_step(p, p.width, swap=True)),
     lambda p: f"Reads the input's axes the other way round: {_layout(p)}, and output keeps the input's layout."),
    ("ignores-bidirectional", lambda p: per_step(p, p.h_out) if p.D == 2 else None,
     lambda p: f"Forgets the backward direction: each step joins both directions, 2 × {p.h_out} features, not {p.h_out}."),
    ("swaps-axes-and-ignores-bidirectional",
     _batched(lambda p: per_step(p, p.h_out, swap=True) if p.D == 2 else None),
     lambda p: f"Two slips: the batch and time axes exchanged, and one direction's {p.h_out} features instead of 2 × {p.h_out}."),
    ("output-width-is-input-size", lambda p: per_step(p, p.D * p.input_size),
     lambda p: f"Takes the input width {p.input_size} for the output width; output features come from the hidden state."),
    ("swaps-axes-and-keeps-input-size", _batched(lambda p: per_step(p, p.D * p.input_size, swap=True)),
     lambda p: f"Two slips: the batch and time axes exchanged, and the input width {p.input_size} kept as the output width."),
    ("ignores-projection", lambda p: per_step(p, p.D * p.hidden_size) if p.proj_size else None,
     lambda p: f"Uses hidden_size={p.hidden_size} where proj_size={p.proj_size} sets the width of every output step."),
    ("output-is-final-state", lambda p: state(p, p.stacked, p.h_out),
     lambda p: "Gives the final states' layout; output keeps every time step of the top layer."),
    ("layers-widen-output", lambda p: per_step(p, p.num_layers * p.width) if p.num_layers > 1 else None,
     lambda p: f"Joins the {p.num_layers} layers' features; output is the top layer's only, so its width ignores num_layers."),
    ("directions-on-own-axis", lambda p: (*per_step(p, p.h_out)[:-1], 2, p.h_out) if p.D == 2 else None,
     lambda p: "Gives the directions an axis of their own; output joins them along the last axis (view does that split)."),
    ("unbatched-gets-batch-of-one", lambda p: (p.seq_len, 1, p.width) if p.unbatched else None,
     lambda p: "Adds a batch axis of 1; torch returns unbatched output for 2-D input."),
    ("unbatched-time-first-swap", lambda p: (p.width, p.seq_len) if p.unbatched else None,
     lambda p: "Puts the features before the steps; a 2-D output is (steps, features) like its input."),
    ("output-is-last-step", lambda p: (p.width,) if p.unbatched else (p.batch, p.width),
     lambda p: "Keeps only the last time step; output holds every step (the read-out of one step comes later)."),
    ("output-per-layer", lambda p: (p.num_layers, *per_step(p, p.width)) if p.num_layers > 1 else None,
     lambda p: f"Gives each of the {p.num_layers} layers its own output; output is the top layer's only."),
    ("doubles-one-direction", lambda p: per_step(p, 2 * p.h_out) if p.D == 1 else None,
     lambda p: f"Doubles the width as if the layer ran both ways; this one runs forward only, {p.h_out} features."),
)

STATE_MISCONCEPTIONS: tuple[Mis, ...] = (
    ("state-per-time-step", lambda p: per_step(p, p.D * p.width),
     lambda p: f"Treats the final state as if it held every time step; it holds the last one of each layer and direction."),
    ("states-ignore-directions", lambda p: state(p, p.num_layers, p.width) if p.D == 2 else None,
     lambda p: f"Counts {count(p.num_layers, 'layer')} but not the two directions: the first axis is {p.num_layers} × 2."),
    ("states-ignore-layers", lambda p: state(p, p.D, p.width) if p.num_layers > 1 else None,
     lambda p: f"Counts the directions but not the {p.num_layers} stacked layers."),
    ("states-always-one", lambda p: state(p, 1, p.width) if p.stacked > 1 else None,
     lambda p: "Keeps one final state, as a single one-way layer has; every layer and direction keeps its own."),
    ("states-follow-batch-first", _batched(lambda p: (p.batch, p.stacked, p.width) if p.batch_first else None),
     lambda p: "Applies batch_first to the states; they keep (layers × directions, batch, features) either way."),
    ("states-join-directions", lambda p: state(p, p.num_layers, 2 * p.width) if p.D == 2 else None,
     lambda p: "Joins the two directions along the features as output does; the states stack them on the first axis."),
    ("layers-and-directions-split", lambda p: (p.num_layers, 2, *state(p, 0, p.width)[1:]) if p.D == 2 and p.num_layers > 1 else None,
     lambda p: "Gives layers and directions an axis each; torch merges them into one first axis (view splits it)."),
    ("h-not-projected", lambda p: state(p, p.stacked, p.hidden_size) if p.proj_size and p.target == "h_n" else None,
     lambda p: f"Uses hidden_size={p.hidden_size} for h_n; proj_size={p.proj_size} projects the hidden state."),
    ("c-projected", lambda p: state(p, p.stacked, p.proj_size) if p.proj_size and p.target == "c_n" else None,
     lambda p: f"Projects the cell state too; only h is projected, c keeps hidden_size={p.hidden_size}."),
    ("state-width-is-input-size", lambda p: state(p, p.stacked, p.input_size),
     lambda p: f"Takes the input width {p.input_size} for the state width."),
    ("unbatched-gets-batch-of-one", lambda p: (p.stacked, 1, p.width) if p.unbatched else None,
     lambda p: "Adds a batch axis of 1; 2-D input gives 2-D states."),
    ("states-features-before-batch", _batched(lambda p: (p.stacked, p.width, p.batch)),
     lambda p: "Puts the features before the batch; a state is (layers × directions, batch, features)."),
    ("ignores-directions-and-batch-first",
     _batched(lambda p: (p.batch, p.num_layers, p.width) if p.batch_first and p.D == 2 else None),
     lambda p: "Two slips: batch_first applied to the states, and the backward direction left out of the first axis."),
    ("state-is-last-output-step", lambda p: (p.D * p.h_out,) if p.unbatched else (p.batch, p.D * p.h_out),
     lambda p: "Takes the final state for the last step of output; that drops the layers-and-directions axis, "
               "and c is not in output at all." if p.target == "c_n" else
               "Takes the final state for the last step of output; that drops the layers-and-directions axis."),
    ("states-one-and-input-width", lambda p: state(p, 1, p.input_size) if p.stacked > 1 else None,
     lambda p: f"Two slips: one final state for the whole stack, and the input width {p.input_size} as its size."),
    ("states-drop-batch", _batched(lambda p: (p.stacked, p.width)),
     lambda p: f"Leaves out the batch axis; each of the {p.batch} sequences keeps its own final states."),
    ("state-per-step-one-direction", lambda p: per_step(p, p.width) if p.D == 2 else None,
     lambda p: "Two slips: a state per time step, and one direction only."),
)


def misconceptions(p: OutputShapeParams) -> list[tuple[str, tuple, str]]:
    """(id, shape, why) of every misconception that applies to ``p`` and misses torch's shape."""
    table = OUTPUT_MISCONCEPTIONS if p.target == "output" else STATE_MISCONCEPTIONS
    truth = true_shape(p)
    out = []
    for mid, gives, why in table:
        shape = gives(p)
        if shape is not None and shape != truth:
            out.append((mid, shape, why(p)))
    return out


# --- sampling -------------------------------------------------------------------------------------

def _sizes(rng) -> tuple[int, int]:
    """input_size and hidden_size, never equal (equal sizes hide "width = input_size")."""
    hidden = rng.randint(3, MAX_FEATURE_SIZE)
    size = rng.choice([n for n in range(2, MAX_FEATURE_SIZE + 1) if n != hidden and n != 2 * hidden])
    return size, hidden


def _lengths(rng, avoid: set[int], batched: bool) -> tuple[int, int | None]:
    """seq_len and batch, apart from each other and from the feature sizes, so a swap always shows."""
    seq_len = rng.choice([n for n in range(2, MAX_SEQ_LEN + 1) if n not in avoid])
    if not batched:
        return seq_len, None
    return seq_len, rng.choice([n for n in range(2, MAX_BATCH + 1) if n not in avoid | {seq_len}])


class OutputShape(Family):
    name = "output-shape"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "The shape of `output`, `h_n` or `c_n` for random sizes: one plain layer (easy), then "
        "`batch_first`, stacked layers, two directions, projections and unbatched input, one at a "
        "time (medium) or combined (hard)."
    )
    probes = ("output", "h_n", "c_n", "x", "h_top", "out_last")
    # Select-all items are built (``built_kinds``) but not offered: their options repeat
    # answer texts, so only single and numeric are planned.
    built_kinds = ("single", "multiple", "numeric")
    kinds = ("single", "numeric")

    def sample(self, rng, difficulty):
        size, hidden = _sizes(rng)
        target = "output" if difficulty == "easy" else rng.choice(TARGETS)
        count = {"easy": 0, "medium": 1, "hard": rng.choice([2, 2, 3])}[difficulty]
        pool = list(FEATURES)
        if target != "output" and rng.random() < 0.85:
            # States mostly have more than one layer or direction, so "always (1, N, H)" fails them.
            first = rng.choice(["layers", "bidirectional"])
            features = [first] + rng.sample([f for f in pool if f != first], count - 1)
        else:
            features = rng.sample(pool, count)
        if target == "c_n" and features == ["proj"]:
            features = ["layers"]  # a projection alone does not change c_n: nothing to ask
        unbatched = "unbatched" in features
        layers = rng.randint(2, 4) if "layers" in features else 1
        bidirectional = "bidirectional" in features
        proj = rng.randint(1, hidden - 1) if "proj" in features else 0
        d = 2 if bidirectional else 1
        avoid = {size, hidden, proj or hidden, d * (proj or hidden), layers * d, 1}
        seq_len, batch = _lengths(rng, avoid, not unbatched)
        return OutputShapeParams(
            input_size=size,
            hidden_size=hidden,
            num_layers=layers,
            bias=True,
            batch_first=False if unbatched else rng.random() < 0.5,
            dropout=0.0,
            bidirectional=bidirectional,
            proj_size=proj,
            seq_len=seq_len,
            batch=batch,
            target=target,
        )

    def decode(self, data):
        return OutputShapeParams.from_dict(data)

    # --- kinds: one axis typed in (numeric), or which tensors have a shape (select all) ----------

    def sample_kind(self, rng, difficulty, kind):
        p = self.sample(rng, difficulty)
        if kind == "single":
            return p
        if kind == "numeric":
            return replace(p, axis=rng.choice((0, -1)), item_kind="numeric")
        if kind == "multiple":
            return replace(p, item_kind="multiple")
        raise ValueError(f"{self.name} writes no {kind} questions")

    def kind_of(self, p):
        return p.item_kind

    def unit(self, p):
        return "the size of that axis"

    def accepts(self, p, main, value):
        if p.item_kind == "multiple":
            return tuple(main.values[value]["shape"]) == true_shape(p)
        return super().accepts(p, main, value)

    def difficulty_of(self, p):
        n = len(features_of(p))
        return "easy" if n == 0 else "medium" if n == 1 else "hard"

    def capacity(self, difficulty):
        return 100_000

    def snippet(self, p):
        code = forward_snippet(p.to_dict())
        if self.difficulty_of(p) == "easy":
            # Easy items name the axes of x; harder ones ask the student to read them from the call.
            axes = "(batch, seq_len, features)" if p.batch_first else "(seq_len, batch, features)"
            code = code.replace("\noutput, (h_n, c_n)", f"  # {axes}\noutput, (h_n, c_n)", 1)
        if p.item_kind == "multiple":
            code += "h_top = h_n[-1]\nout_last = output[-1]\n"
        return code

    def stem(self, p):
        if p.item_kind == "numeric":
            return (f"After the code below runs, what is `{p.target}.shape[{p.axis}]`? Enter a whole number.")
        if p.item_kind == "multiple":
            return (f"After the code below runs, which of these tensors have shape {shape_text(true_shape(p))}? "
                    "Select all that apply.")
        t = f"`{p.target}`"
        variants = (
            f"After the code below runs, what is the shape of {t}?",
            f"What does `tuple({p.target}.shape)` give once the code below has run?",
            f"The code below runs one forward pass. Which tuple is the shape of {t}?",
        )
        return variants[(p.seq_len + p.input_size) % len(variants)]

    def truth(self, p, main):
        shape = tuple(main.values[p.target]["shape"])
        if p.item_kind == "numeric":
            return shape[p.axis]
        if p.item_kind == "multiple":
            return tuple(n for n in MULTIPLE_TENSORS if tuple(main.values[n]["shape"]) == shape)
        return shape

    def options(self, p, main):
        if p.item_kind == "numeric":
            return self._numeric_options(p, main)
        if p.item_kind == "multiple":
            return self._multiple_options(p, main)
        true = self.truth(p, main)
        intended = Candidate(shape_text(true), self._why_right(p), value=true)
        wrongs = [Candidate(shape_text(shape), why, value=shape, misconception=mid)
                  for mid, shape, why in misconceptions(p) if shape != true]
        return intended, pick(intended, wrongs, repr(p))

    def _numeric_options(self, p, main):
        true = self.truth(p, main)
        intended = Candidate(str(true), self._why_right(p), value=true)
        traps, seen = [], {true}
        for mid, shape, why in misconceptions(p):
            if -len(shape) <= p.axis < len(shape) and shape[p.axis] not in seen:
                seen.add(shape[p.axis])
                traps.append(Candidate(str(shape[p.axis]), why, value=shape[p.axis], misconception=mid,
                                       yields=f"{shape_text(shape)}, so {shape[p.axis]}"))
        return intended, traps

    def _multiple_options(self, p, main):
        """The target, and the other tensors of the run; a wrong one names the misconception
        about it that would give the asked shape, when one does."""
        asked = true_shape(p)
        shapes = {n: tuple(main.values[n]["shape"]) for n in MULTIPLE_TENSORS}
        intended = Candidate(f"`{p.target}`", f"`{p.target}` is {shape_text(shapes[p.target])}.", value=p.target)
        others = []
        for name in MULTIPLE_TENSORS:
            if name == p.target:
                continue
            mid, slip = None, ""
            if name in TARGETS and shapes[name] != asked:
                mid, slip = next(((m, w) for m, s, w in misconceptions(replace(p, target=name, item_kind="single"))
                                  if s == asked), (None, ""))
            why = f"`{name}` is {shape_text(shapes[name])}." + (f" The slip that gives {shape_text(asked)}: {slip}" if mid else "")
            others.append(Candidate(f"`{name}`", why, value=name, misconception=mid))
        return intended, others

    def _why_right(self, p):
        steps, n = p.seq_len, p.batch
        seqs = "one sequence" if p.unbatched else f"{n} sequences"
        if p.target == "output":
            width = (f"both directions side by side, 2 × {p.h_out} = {p.width} features"
                     if p.D == 2 else f"{p.width} features")
            layout = ("no batch axis" if p.unbatched else "batch first, as batch_first=True says"
                      if p.batch_first else "time first, as without batch_first")
            return f"output holds every one of the {steps} steps of {seqs} ({layout}), each with {width}."
        kind = "hidden" if p.target == "h_n" else "cell"
        first = f"{count(p.num_layers, 'layer')} × {count(p.D, 'direction')} = {p.stacked}"
        return (f"{p.target} holds the final {kind} state of every layer and direction, {first}, "
                f"for {seqs}, each of {p.width} features" + (", projected" if p.target == "h_n" and p.proj_size else "")
                + (" (c is never projected)" if p.target == "c_n" and p.proj_size else "") + ".")

    def explain(self, p, main, correct):
        batched = not p.unbatched
        if not batched:
            layout = f"`x` is 2-D, so it is one unbatched sequence of {p.seq_len} steps with {p.input_size} features."
        elif p.batch_first:
            layout = (f"`batch_first=True`, so `x` is read as (batch, seq_len, input_size): "
                      f"{p.batch} sequences of {p.seq_len} steps.")
        else:
            layout = (f"Without `batch_first`, `x` is read as (seq_len, batch, input_size): "
                      f"{p.seq_len} steps of {p.batch} sequences.")
        dirs = "The layer is bidirectional, so D = 2." if p.D == 2 else "The layer runs in one direction, so D = 1."
        width = (f"`proj_size={p.proj_size}` projects h, so H_out = {p.h_out}; the cell state keeps hidden_size = {p.hidden_size}."
                 if p.proj_size else f"There is no projection, so H_out = hidden_size = {p.h_out}.")
        total = 1
        for d in true_shape(p):
            total *= d
        if p.target == "output":
            rule = ("`output` has one row per time step and D × H_out features, laid out like the input "
                    + ("(batch first)." if batched and p.batch_first else "(sequence first)." if batched else "without a batch axis."))
            vectors = p.seq_len * (p.batch or 1)
            check = (f"count the numbers: output holds {vectors} step vectors (every step of every sequence) "
                     f"of D × H_out features each, {total} numbers in all; the axes of your answer must multiply to that")
        else:
            rule = (f"`{p.target}` has one entry per layer and direction (D × num_layers), then the batch"
                    + (" (absent here)" if not batched else "") + ", then "
                    + ("H_out" if p.target == "h_n" else "hidden_size") + " features; `batch_first` never changes the states.")
            entries = p.stacked * (p.batch or 1)
            count = "a single one" if entries == 1 else f"{entries} of them"
            check = (f"count the final vectors: {count} (one per layer, direction and sequence), "
                     f"{total} numbers in all; the axes of your answer must multiply to that")
        final = f"So `{p.target}` has shape {shape_text(true_shape(p))}."
        if p.item_kind == "numeric":
            final += f" Its {'first' if p.axis == 0 else 'last'} axis has size {correct.text}."
        elif p.item_kind == "multiple":
            final += (" `x` keeps its own shape; `h_top = h_n[-1]` drops the first axis of h_n, and "
                      "`out_last = output[-1]` drops the first axis of output.")
        return Explanation(
            steps=(layout, f"{dirs} {width}", rule, final),
            quick_check=check,
            hint=self._hint(p),
            mistakes=self._mistakes(p),
        )

    def _hint(self, p) -> str:
        """A pointer at what to read, in words that change with the item (never the rule itself)."""
        turn = p.seq_len + p.input_size + p.hidden_size
        if p.unbatched:
            where = ("how many axes `x` has, and so whether there is a batch at all",
                     "what an `x` without a batch axis gives back")[turn % 2]
        else:
            where = ("which argument of the call decides where the batch axis of `x` goes",
                     f"which axis of `x` holds the {p.batch} sequences",
                     "whether the call passes batch_first, and what that moves")[turn % 3]
        if p.target == "output":
            what = ("how many directions write into each step of output",
                    "what sets the number of features per step",
                    "which layer's states output is made of")[(turn // 3) % 3]
        else:
            what = ("how many final states the stack of layers keeps per sequence",
                    f"whether {p.target} has one entry per time step or per layer and direction",
                    "what the first axis of a final state counts")[(turn // 3) % 3]
        extra = ["which of h and c the projection shrinks"] if p.proj_size else []
        parts = [where, what, *extra]
        opener = ("Check", "Look at", "Ask")[turn % 3] if turn % 3 < 2 else "Ask yourself"
        return f"{opener} {'; '.join(parts[:-1])}; and {parts[-1]}."

    def _mistakes(self, p) -> tuple[str, ...]:
        out = []
        if not p.unbatched:
            out.append("Taking the batch axis from habit instead of from batch_first"
                       + (" (output follows it, the states never do)." if p.target != "output" or p.batch_first else "."))
        else:
            out.append("Expecting a batch axis of 1 for 2-D input: torch returns unbatched tensors.")
        if p.target == "output":
            out.append("Sizing output from the input width or from num_layers: only the top layer's "
                       "hidden features, times the directions, reach it.")
        else:
            out.append("Leaving layers or directions out of the states' first axis, or joining the "
                       "directions along the features as output does.")
        if p.proj_size:
            out.append("Forgetting that proj_size shrinks h (output and h_n) but never c.")
        return tuple(out)
