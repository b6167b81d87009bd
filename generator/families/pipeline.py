"""pipeline: the shape at one stage of a small LSTM sequence classifier.

The snippet is the whole classifier: input ``x`` (batch first or sequence first), the LSTM, a
read-out that keeps one vector per sequence (the last time step of ``output``, ``h_n[-1]``,
both directions of the top layer, or the mean over time), ``nn.Linear`` to the classes, a
softmax and the predicted class. torch runs all of it; the probes record every stage, and the
asked stage's shape is the truth.

Wrong options are misconceptions written as functions of the params (``MISCONCEPTIONS``), each
offered only where it gives another shape than the rule; one-change and two-change ones sit
side by side and ``distractors.pick`` chooses three, so the key is not the option the others are
edits of. Levels: easy is one one-way layer read batch first, with the axes named in comments;
medium adds one of two layers, two directions or sequence-first input; hard combines two or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Candidate
from .base import MAX_BATCH, MAX_SEQ_LEN, Explanation, Family, shape_text
from .distractors import pick
from .record import DictParams

MIN_DIM = 3  # every size at least 3, so no size is mistaken for a count of layers or directions
MAX_FEATURES = 32
MAX_HIDDEN = 32
MAX_CLASSES = 10
TARGETS = ("output", "h_n", "last", "logits", "probs", "pred")
READOUTS_ONE_WAY = ("last-step", "top-state", "mean-steps")
READOUTS_TWO_WAY = ("last-step", "both-states", "mean-steps")
FEATURES = ("layers", "bidirectional", "sequence-first")


@dataclass(frozen=True)
class PipelineParams(DictParams):
    """One draw: the classifier's sizes, its layout, its read-out and the stage asked."""

    batch: int
    seq_len: int
    features: int
    hidden_size: int
    classes: int
    num_layers: int
    bidirectional: bool
    batch_first: bool
    readout: str
    target: str

    @property
    def D(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def width(self) -> int:
        """The features the classifier reads (``last``, or each step of output for a tagger)."""
        return self.hidden_size if self.readout == "top-state" else self.D * self.hidden_size

    @property
    def stacked(self) -> int:
        return self.D * self.num_layers

    @property
    def tagger(self) -> bool:
        """A sequence tagger labels every step (no read-out); a classifier labels each sequence."""
        return self.readout == "every-step"


def features_of(p: PipelineParams) -> list[str]:
    return [f for f, on in zip(FEATURES, (p.num_layers > 1, p.bidirectional, not p.batch_first)) if on]


def time_major(p: PipelineParams, feat: int, swap: bool = False) -> tuple:
    """A per-step tensor laid out like ``x`` (``swap``: batch and time exchanged)."""
    first_batch = p.batch_first != swap
    return (p.batch, p.seq_len, feat) if first_batch else (p.seq_len, p.batch, feat)


def true_shapes(p: PipelineParams) -> dict[str, tuple]:
    """Every stage's shape by the rules (torch gives the key; this only decides what to offer)."""
    N, C = p.batch, p.classes
    shapes = {"x": time_major(p, p.features), "output": time_major(p, p.D * p.hidden_size),
              "h_n": (p.stacked, N, p.hidden_size)}
    if p.tagger:  # one label per time step: the head reads every step of output
        return {**shapes, "logits": time_major(p, C), "probs": time_major(p, C), "pred": time_major(p, C)[:2]}
    return {**shapes, "last": (N, p.width), "logits": (N, C), "probs": (N, C), "pred": (N,)}


def readout_code(p: PipelineParams) -> str:
    time_axis = 1 if p.batch_first else 0
    return {
        "last-step": "output[:, -1, :]" if p.batch_first else "output[-1]",
        "top-state": "h_n[-1]",
        "both-states": "torch.cat((h_n[-2], h_n[-1]), dim=1)",
        "mean-steps": f"output.mean(dim={time_axis})",
    }[p.readout]


READOUT_COMMENT = {
    "last-step": "the last time step of every sequence",
    "top-state": "the top layer's final hidden state",
    "both-states": "both directions of the top layer",
    "mean-steps": "the mean over the time steps",
}

# --- misconceptions: (id, shape it gives or None, why with this item's numbers) --------------------

Mis = tuple[str, Callable[[PipelineParams], tuple | None], Callable[[PipelineParams], str]]


def _bf(p: PipelineParams) -> str:
    return "batch_first=True keeps the batch first" if p.batch_first else "without batch_first the time axis comes first"


OUTPUT: tuple[Mis, ...] = (
    ("swaps-batch-and-time", lambda p: time_major(p, p.D * p.hidden_size, swap=True),
     lambda p: f"Exchanges the batch and time axes; {_bf(p)}, in output as in x."),
    ("output-keeps-input-width", lambda p: time_major(p, p.features),
     lambda p: f"Keeps the {p.features} input features; each step of output has the LSTM's hidden features."),
    ("output-is-last-step", lambda p: (p.batch, p.D * p.hidden_size),
     lambda p: f"Drops the time axis; output holds all {p.seq_len} steps, the read-out picks one later."),
    ("lstm-outputs-classes", lambda p: time_major(p, p.classes),
     lambda p: f"Thinks the LSTM already gives {p.classes} class scores per step; that is the Linear layer's job."),
    ("ignores-bidirectional", lambda p: time_major(p, p.hidden_size) if p.D == 2 else None,
     lambda p: f"Forgets the backward direction: each step joins both, 2 × {p.hidden_size} features."),
    ("swaps-axes-and-ignores-bidirectional", lambda p: time_major(p, p.hidden_size, swap=True) if p.D == 2 else None,
     lambda p: "Two slips: batch and time exchanged, and one direction's features only."),
    ("output-is-final-state", lambda p: (p.stacked, p.batch, p.hidden_size),
     lambda p: "Gives h_n's layout; output keeps every time step of the top layer."),
    ("layers-widen-output", lambda p: time_major(p, p.num_layers * p.D * p.hidden_size) if p.num_layers > 1 else None,
     lambda p: f"Joins the features of all {p.num_layers} layers; output is the top layer's only."),
    ("doubles-one-direction", lambda p: time_major(p, 2 * p.hidden_size) if p.D == 1 else None,
     lambda p: f"Doubles the features as if the layer ran both ways; it runs forward only, {p.hidden_size} features."),
)

H_N: tuple[Mis, ...] = (
    ("states-follow-batch-first", lambda p: (p.batch, p.stacked, p.hidden_size) if p.batch_first else None,
     lambda p: "Applies batch_first to the states; h_n stays (layers × directions, N, hidden_size)."),
    ("states-drop-layer-axis", lambda p: (p.batch, p.hidden_size),
     lambda p: "Drops the first axis; h_n keeps one entry per layer and direction (h_n[-1] is one of them)."),
    ("state-per-time-step", lambda p: time_major(p, p.hidden_size),
     lambda p: f"Gives h_n a row per time step; it holds only the final one of each of the {p.stacked} layer-directions."),
    ("states-always-one", lambda p: (1, p.batch, p.hidden_size) if p.stacked > 1 else None,
     lambda p: "Keeps one final state; every layer and direction keeps its own."),
    ("states-ignore-directions", lambda p: (p.num_layers, p.batch, p.hidden_size) if p.D == 2 else None,
     lambda p: f"Leaves out the backward direction: the first axis is {p.num_layers} × 2."),
    ("states-join-directions", lambda p: (p.num_layers, p.batch, 2 * p.hidden_size) if p.D == 2 else None,
     lambda p: "Joins the directions along the features as output does; h_n stacks them on the first axis."),
    ("states-ignore-layers", lambda p: (p.D, p.batch, p.hidden_size) if p.num_layers > 1 else None,
     lambda p: f"Forgets the {p.num_layers} stacked layers in the first axis."),
    ("state-width-is-input", lambda p: (p.stacked, p.batch, p.features),
     lambda p: f"Uses the {p.features} input features for the state width."),
    ("states-time-for-batch", lambda p: (p.stacked, p.seq_len, p.hidden_size),
     lambda p: f"Puts the {p.seq_len} time steps where the batch goes."),
    ("states-batch-first-and-one", lambda p: (p.batch, 1, p.hidden_size) if p.batch_first and p.stacked > 1 else None,
     lambda p: "Two slips: batch_first applied to the states, and one state for the whole stack."),
)


def _last(p: PipelineParams) -> tuple[Mis, ...]:
    W, N, H = p.width, p.batch, p.hidden_size
    common: list[Mis] = [
        ("readout-keeps-time", lambda p: time_major(p, W) if p.readout in ("last-step", "mean-steps") else None,
         lambda p: "Keeps the time axis; " + ("indexing one step" if p.readout == "last-step" else "the mean over it") + " removes it."),
        ("readout-over-batch", lambda p: (p.seq_len, W) if p.readout in ("last-step", "mean-steps") else None,
         lambda p: "Works on the batch axis instead of time: that would leave one row per time step, "
                   f"{p.seq_len} of them, not one per sequence."),
        ("readout-keeps-input-width", lambda p: (N, p.features),
         lambda p: f"Keeps the {p.features} input features; the LSTM gives hidden features."),
        ("one-vector-for-batch", lambda p: (W,),
         lambda p: f"Leaves one vector for the whole batch; each of the {N} sequences keeps its own."),
        ("readout-is-every-state", lambda p: (p.stacked, N, H),
         lambda p: "Gives all of h_n; the read-out keeps one vector per sequence."),
        ("readout-one-direction", lambda p: (N, H) if p.D == 2 else None,
         lambda p: f"Keeps one direction; the read-out carries both, 2 × {H} features."),
        ("readout-doubles-one-direction", lambda p: (N, 2 * H) if p.D == 1 else None,
         lambda p: f"Doubles the features as if the layer ran both ways; it gives {H}."),
        ("stack-not-cat", lambda p: (2, N, H) if p.readout == "both-states" else None,
         lambda p: "Stacks the two directions on a new axis; torch.cat joins them along dim=1."),
        ("top-state-keeps-layers", lambda p: (p.num_layers, N, H) if p.readout == "top-state" and p.num_layers > 1 else None,
         lambda p: f"Thinks h_n[-1] keeps all {p.num_layers} layers; [-1] picks the top one."),
        ("readout-time-and-input", lambda p: (p.seq_len, p.features),
         lambda p: "Two slips: one row per time step instead of per sequence, and the input width kept."),
        ("readout-one-vector-input-width", lambda p: (p.features,),
         lambda p: f"Two slips: one vector for the whole batch, and the {p.features} input features kept."),
        ("readout-gives-scores", lambda p: (N, p.classes),
         lambda p: f"Gives the classifier's output; last is what the Linear layer reads, before the {p.classes} scores."),
    ]
    return tuple(common)


def _head(p: PipelineParams) -> tuple[Mis, ...]:
    W, N, C, T = p.width, p.batch, p.classes, p.seq_len
    out: list[Mis] = [
        ("scores-per-step", lambda p: (T, C),
         lambda p: f"Counts one row per time step ({T}); after the read-out there is one per sequence."),
        ("scores-keep-time", lambda p: time_major(p, C),
         lambda p: "Keeps the time axis, which the read-out removed."),
        ("forgets-linear", lambda p: (N, W),
         lambda p: f"Forgets the Linear layer, which maps the {W} features to {C} classes."),
        ("scores-transposed", lambda p: (C, N),
         lambda p: "Transposes the result; Linear keeps the batch first."),
        ("scores-without-batch", lambda p: (C,),
         lambda p: f"Forgets the batch: each of the {N} sequences gets its own row."),
        ("linear-keeps-hidden", lambda p: (N, p.hidden_size) if W != p.hidden_size else None,
         lambda p: "Forgets the Linear layer and one direction: two slips."),
    ]
    if p.target == "probs":
        out += [("softmax-picks-class", lambda p: (N,),
                 lambda p: "Thinks softmax picks a class; it turns each row of scores into probabilities of the same shape."),
                ("softmax-one-probability", lambda p: (N, 1),
                 lambda p: "Thinks softmax gives one probability per sequence; it gives one per class.")]
    if p.target == "pred":
        out = [("argmax-keeps-shape", lambda p: (N, C),
                lambda p: "Thinks argmax keeps the scores' shape; it keeps one index per sequence."),
               ("argmax-keeps-dim", lambda p: (N, 1),
                lambda p: "Keeps the class axis with size 1; argmax without keepdim removes it."),
               ("argmax-over-batch", lambda p: (C,),
                lambda p: "Takes the argmax down the batch; dim=1 runs over the classes of each row."),
               ("pred-per-step", lambda p: (N, T) if p.batch_first else (T, N),
                lambda p: "Predicts at every time step; the read-out left one vector per sequence."),
               ("pred-is-scalar", lambda p: (),
                lambda p: "Thinks argmax gives one number for the whole batch; dim=1 gives one per row."),
               ("pred-per-time-step", lambda p: (T,),
                lambda p: f"Gives one prediction per time step ({T}); there is one per sequence.")]
    return tuple(out)


def _tagger_head(p: PipelineParams) -> tuple[Mis, ...]:
    N, T, C, W = p.batch, p.seq_len, p.classes, p.width
    out: list[Mis] = [
        ("tagger-one-row-per-sequence", lambda p: (N, C) if p.target != "pred" else (N,),
         lambda p: f"Labels each sequence once; this head reads all {T} steps of output and labels every step."),
        ("tagger-swaps-batch-and-time", lambda p: time_major(p, C, swap=True)[: 3 if p.target != "pred" else 2],
         lambda p: "Exchanges the batch and time axes; Linear, softmax and argmax keep output's layout."),
        ("tagger-forgets-linear", lambda p: time_major(p, W) if p.target != "pred" else time_major(p, W)[:2] + (1,),
         lambda p: f"Forgets the Linear layer, which maps the {W} features of each step to {C} scores."
                   if p.target != "pred" else "Keeps an axis of size 1 after argmax; without keepdim it is removed."),
        ("tagger-steps-only", lambda p: (T, C) if p.target != "pred" else (T,),
         lambda p: f"Drops the batch: each of the {N} sequences keeps its own row of steps."),
    ]
    if p.target == "pred":
        out.append(("argmax-keeps-shape", lambda p: time_major(p, C),
                    lambda p: "Thinks argmax keeps the scores' shape; it removes the class axis."))
    else:
        out.append(("tagger-classes-first", lambda p: (C, *time_major(p, C)[:2]),
                    lambda p: "Puts the classes first; Linear writes them on the last axis."))
    if p.target == "probs":
        out.append(("softmax-picks-class", lambda p: time_major(p, C)[:2],
                    lambda p: "Thinks softmax picks a class; it keeps the scores' shape."))
    return tuple(out)


def misconceptions(p: PipelineParams) -> list[tuple[str, tuple, str]]:
    if p.tagger and p.target in ("logits", "probs", "pred"):
        table = _tagger_head(p)
    else:
        table = {"output": OUTPUT, "h_n": H_N, "last": _last(p)}.get(p.target) or _head(p)
    truth = true_shapes(p)[p.target]
    out = []
    for mid, gives, why in table:
        shape = gives(p)
        if shape is not None and shape != truth:
            out.append((mid, shape, why(p)))
    return out


# --- sampling -----------------------------------------------------------------------------------

def _distinct(rng, low: int, high: int, taken: set[int]) -> int:
    return rng.choice([n for n in range(low, high + 1) if n not in taken])


class Pipeline(Family):
    name = "pipeline"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "A sequence classifier from input `x` through `nn.LSTM`, a read-out (the last time step, "
        "`h_n[-1]`, both top directions or the mean over time), `nn.Linear`, softmax and argmax, or a "
        "tagger that labels every step: the shape at a named stage; two layers, two directions or sequence-first input in the harder draws."
    )
    probes = ("x", "output", "h_n", "c_n", "last", "logits", "probs", "pred")

    def sample(self, rng, difficulty):
        count = {"easy": 0, "medium": 1, "hard": rng.choice([2, 2, 3])}[difficulty]
        chosen = rng.sample(FEATURES, count)
        layers = 2 if "layers" in chosen else 1
        bidirectional = "bidirectional" in chosen
        d = 2 if bidirectional else 1
        if rng.random() < 0.25:
            readout, target = "every-step", rng.choice(("output", "h_n", "logits", "logits", "probs", "pred"))
        else:
            readout = rng.choice(READOUTS_TWO_WAY if bidirectional else READOUTS_ONE_WAY)
            # Weighted to the LSTM's own stages: the head's shapes, (N, C) and (N,), repeat across items.
            target = rng.choices(TARGETS, weights=(22, 18, 26, 12, 12, 10))[0]
        if target == "h_n" and d * layers == 1 and rng.random() < 0.7:
            target = "output" if readout == "every-step" else rng.choice(("last", "output"))  # a one-layer, one-way h_n is (1, N, H): ask it rarely
        # Every size a student must tell apart differs from the others.
        hidden = _distinct(rng, MIN_DIM, MAX_HIDDEN, {d * layers})
        taken = {hidden, d * hidden, d * layers}
        classes = _distinct(rng, MIN_DIM, MAX_CLASSES, taken)
        taken.add(classes)
        batch = _distinct(rng, MIN_DIM, MAX_BATCH, taken)
        taken.add(batch)
        seq_len = _distinct(rng, MIN_DIM, MAX_SEQ_LEN, taken)
        taken.add(seq_len)
        features = _distinct(rng, MIN_DIM, MAX_FEATURES, taken)
        return PipelineParams(batch=batch, seq_len=seq_len, features=features, hidden_size=hidden,
                              classes=classes, num_layers=layers, bidirectional=bidirectional,
                              batch_first="sequence-first" not in chosen, readout=readout, target=target)

    def decode(self, data):
        return PipelineParams.from_dict(data)

    def difficulty_of(self, p):
        n = len(features_of(p))
        return "easy" if n == 0 else "medium" if n == 1 else "hard"

    def capacity(self, difficulty):
        """An upper bound: sizes times structures times read-outs and stages."""
        sizes = MAX_BATCH * MAX_SEQ_LEN * MAX_FEATURES * MAX_HIDDEN * MAX_CLASSES
        structures = {"easy": 1, "medium": 3, "hard": 4}[difficulty]
        return sizes * structures * len(READOUTS_ONE_WAY) * len(TARGETS)

    def snippet(self, p):
        easy = self.difficulty_of(p) == "easy"
        lstm_args = [f"input_size={p.features}", f"hidden_size={p.hidden_size}"]
        if p.num_layers > 1:
            lstm_args.append(f"num_layers={p.num_layers}")
        if p.batch_first:
            lstm_args.append("batch_first=True")
        if p.bidirectional:
            lstm_args.append("bidirectional=True")
        x_shape = (p.batch, p.seq_len, p.features) if p.batch_first else (p.seq_len, p.batch, p.features)
        # Axis names only on easy items: reading them from the call is what the harder ones ask.
        x_note = "  # (N, T, F)" if easy else ""
        last_note = f"  # {READOUT_COMMENT[p.readout]}" if easy and not p.tagger else ""
        head = "tagger" if p.tagger else "classifier"
        if p.tagger:
            tail = ("logits = tagger(output)" + ("  # every time step" if easy else "") + "\n"
                    "probs = torch.softmax(logits, dim=-1)\n"
                    "pred = probs.argmax(dim=-1)\n")
        else:
            tail = (f"last = {readout_code(p)}{last_note}\n"
                    "logits = classifier(last)\n"
                    "probs = torch.softmax(logits, dim=1)\n"
                    "pred = probs.argmax(dim=1)\n")
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"x = torch.randn({', '.join(map(str, x_shape))}){x_note}\n"
            f"lstm = nn.LSTM({', '.join(lstm_args)})\n"
            f"{head} = nn.Linear({p.width}, {p.classes})\n"
            "\n"
            "output, (h_n, c_n) = lstm(x)\n"
            + tail
        )

    def stem(self, p):
        t = f"`{p.target}`"
        if p.tagger:
            variants = (
                f"The code below tags every time step of a batch of sequences (for instance a word's part of "
                f"speech). What is the shape of {t}?",
                f"A tagger gives each time step one of {p.classes} labels, as in the code below. "
                f"What does `tuple({p.target}.shape)` give?",
            )
        else:
            variants = (
                f"The code below is a small sequence classifier. What is the shape of {t}?",
                f"A classifier labels each sequence with one of {p.classes} classes, as in the code below. "
                f"What does `tuple({p.target}.shape)` give?",
                f"The code below runs a batch through an LSTM classifier. Which tuple is the shape of {t}?",
            )
        return variants[(p.batch + p.features) % len(variants)]

    def truth(self, p, main):
        return tuple(main.values[p.target]["shape"])

    def options(self, p, main):
        true = self.truth(p, main)
        intended = Candidate(shape_text(true), self._why_right(p), value=true)
        wrongs = [Candidate(shape_text(s), why, value=s, misconception=mid)
                  for mid, s, why in misconceptions(p) if s != true]
        return intended, pick(intended, wrongs, repr(p))

    def _why_right(self, p):
        N, T, H, C = p.batch, p.seq_len, p.hidden_size, p.classes
        layout = "batch first" if p.batch_first else "time first, as x is"
        feats = f"2 × {H} features (both directions)" if p.D == 2 else f"{H} features"
        if p.tagger and p.target in ("logits", "probs", "pred"):
            return {
                "logits": f"The Linear layer works on the last axis: every step of every sequence gets {C} scores.",
                "probs": f"Softmax over the last axis turns each step's {C} scores into probabilities and keeps the shape.",
                "pred": f"argmax over the last axis keeps the best of the {C} labels for every step of every sequence.",
            }[p.target]
        return {
            "output": f"output keeps every one of the {T} steps of the {N} sequences ({layout}), each with {feats}.",
            "h_n": f"h_n holds one final state per layer and direction ({p.stacked}) for each of the {N} sequences, "
                   f"{H} features each, whatever batch_first says.",
            "last": f"{self._readout_words(p)} leaves one vector of {p.width} features for each of the {N} sequences."
                    if not p.tagger else "",
            "logits": f"The Linear layer maps each sequence's {p.width} features to {C} scores.",
            "probs": f"Softmax over dim=1 turns each sequence's {C} scores into probabilities and keeps the shape.",
            "pred": f"argmax over dim=1 keeps the index of the best of the {C} classes, one per sequence.",
        }[p.target]

    def _readout_words(self, p) -> str:
        return {
            "every-step": "",
            "last-step": "Taking the last time step of output",
            "top-state": "Taking h_n[-1], the top layer's final hidden state,",
            "both-states": "Joining the top layer's two final states with torch.cat",
            "mean-steps": "Averaging output over the time axis",
        }[p.readout]

    def explain(self, p, main, correct):
        N, T, F, H, C = p.batch, p.seq_len, p.features, p.hidden_size, p.classes
        shape = {name: shape_text(v["shape"]) for name, v in main.values.items() if isinstance(v, dict) and "shape" in v}
        if p.batch_first:
            read = f"`x` is {shape['x']}: batch_first=True, so {N} sequences (N) of {T} steps (T) with {F} features (F)."
        else:
            read = f"`x` is {shape['x']}: without batch_first the time axis comes first, {T} steps (T) of {N} sequences (N), {F} features (F)."
        steps = [
            read,
            f"The LSTM gives `output` {shape['output']}: every time step, laid out like `x`, with "
            + (f"both directions side by side (2 × {H})." if p.D == 2 else f"{H} hidden features.")
            + f" `h_n` is {shape['h_n']}: one final state per layer and direction, never batch-first.",
        ]
        if p.tagger:
            steps.append(f"`tagger` is a Linear layer; it works on the last axis, so every step of `output` gets "
                         f"{C} scores: `logits` is {shape['logits']}; softmax over the last axis keeps the shape, "
                         f"so `probs` is {shape['probs']}; argmax over the last axis leaves one label per step, "
                         f"so `pred` is {shape['pred']}.")
            steps.append(f"So `{p.target}` has shape {correct.text}.")
            return Explanation(steps=tuple(steps), quick_check=self._check(p, main), hint=self._hint(p),
                               mistakes=self._mistakes(p))
        readout = {
            "last-step": f"`{readout_code(p)}` takes the last time step of every sequence"
                         + (" (there the forward direction has read the whole sequence, but the backward "
                            "direction has read only that one step)" if p.D == 2 else ""),
            "top-state": "`h_n[-1]` takes the top layer's final hidden state, not a step of output",
            "both-states": "`torch.cat((h_n[-2], h_n[-1]), dim=1)` joins the top layer's forward and backward final states",
            "mean-steps": f"`{readout_code(p)}` averages over the time axis",
        }[p.readout]
        steps.append(f"{readout}, so `last` is {shape['last']}.")
        steps.append(f"`classifier` maps those features to {C} class scores: `logits` is {shape['logits']}; "
                     f"softmax over dim=1 keeps the shape, so `probs` is {shape['probs']}; "
                     f"argmax over dim=1 leaves one class index per sequence, so `pred` is {shape['pred']}.")
        steps.append(f"So `{p.target}` has shape {correct.text}.")
        return Explanation(steps=tuple(steps), quick_check=self._check(p, main), hint=self._hint(p),
                           mistakes=self._mistakes(p))

    def _check(self, p, main) -> str:
        numel = 1
        for d in main.values[p.target]["shape"]:
            numel *= d
        if p.target == "pred":
            return ("argmax removes the axis it runs over: one axis fewer than probs, and what is left is "
                    + ("the batch and time axes" if p.tagger else "the batch axis"))
        if p.target in ("logits", "probs") and not p.tagger:
            return (f"`{p.target}.numel()` is {numel}: one number per (sequence, class) pair; "
                    "the rows must be the batch, since Linear works on the last axis only")
        return f"`{p.target}.numel()` is {numel}; the axes of your answer must multiply to that"

    def _hint(self, p) -> str:
        turn = p.batch + p.seq_len + p.hidden_size
        where = ("which axis of `x` the call says is the batch", "where the batch axis of `x` sits",
                 "whether the call passes batch_first")[turn % 3]
        what = {
            "output": ("how many directions write into each step", "what sets the features of each step")[turn % 2],
            "h_n": ("what the first axis of h_n counts", "whether batch_first reaches the states")[turn % 2],
            "last": ("which axis the read-out line removes or reduces", "what the read-out line indexes")[turn % 2],
            "logits": ("what the Linear layer changes, and what it leaves", "which axis Linear works on")[turn % 2],
            "probs": ("what softmax over dim=1 changes", "which axis softmax normalises")[turn % 2],
            "pred": ("which axis argmax runs over", "what argmax returns for each row")[turn % 2],
        }[p.target]
        if p.tagger and p.target in ("logits", "probs"):
            what = ("which tensor the Linear layer reads", "what the head leaves of output's axes")[turn % 2]
        opener = ("Check", "Look at", "Trace")[turn % 3]
        return f"{opener} {where}, then {what}."

    def _mistakes(self, p) -> tuple[str, ...]:
        out = ["Reading the batch axis from habit rather than from the call: "
               + ("batch_first=True moves it to the front of x and output, never of h_n." if p.batch_first
                  else "without batch_first, x and output are time first.")]
        if p.target in ("output", "h_n"):
            out.append("Mixing up output (every step of the top layer, directions side by side) and h_n "
                       "(the last step of every layer and direction, stacked on the first axis).")
        elif p.target == "last":
            out.append("Keeping the time axis after the read-out, or reducing the batch axis instead of time.")
            if p.readout == "last-step" and p.D == 2:
                out.append("Taking the last step of a two-way output for a summary of both directions: its "
                           "backward half has seen one step only.")
        elif p.tagger:
            out.append("Treating a tagger like a classifier: it has no read-out, so the time axis stays "
                       "through Linear, softmax and argmax.")
        else:
            out.append("Expecting Linear, softmax or argmax to touch the batch axis: each works on the last "
                       "axis of one row per sequence.")
        return tuple(out)
