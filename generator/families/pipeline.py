"""pipeline: the shape at one stage of a small LSTM sequence classifier.

The snippet is the whole classifier: ``(N, T, F)`` input with ``batch_first=True``, the LSTM,
the read-out of the last time step (``output[:, -1, :]``, ``h_n[-1]`` or both directions of
the top layer), ``nn.Linear`` to the classes and a softmax. torch runs all of it; the probes
record every stage, and the asked stage's shape is the truth.
"""

from __future__ import annotations

import functools

from dataclasses import asdict, dataclass

from ..model import Candidate
from .base import MAX_BATCH, MAX_SEQ_LEN, Explanation, Family, shape_text

MIN_DIM = 3  # every size at least 3, so no size is mistaken for a count of layers or directions
MAX_FEATURES = 32
MAX_HIDDEN = 32
MAX_CLASSES = 10
TARGETS = ("output", "h_n", "last", "logits", "probs")
# How the classifier picks one vector per sequence; the bidirectional read-out concatenates both directions.
READOUTS_ONE_WAY = ("last-step", "top-state")
READOUTS_TWO_WAY = ("last-step", "both-states")
READOUT_CODE = {
    "last-step": "output[:, -1, :]  # the last time step of every sequence",
    "top-state": "h_n[-1]  # the top layer's final hidden state",
    "both-states": "torch.cat((h_n[-2], h_n[-1]), dim=1)  # both directions of the top layer",
}


@dataclass(frozen=True)
class PipelineParams:
    """One draw: the classifier's sizes, its read-out and the stage asked."""

    batch: int
    seq_len: int
    features: int
    hidden_size: int
    classes: int
    num_layers: int
    bidirectional: bool
    readout: str
    target: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PipelineParams":
        return cls(**data)


def _structures():
    for layers in (1, 2):
        for bidirectional in (False, True):
            for readout in READOUTS_TWO_WAY if bidirectional else READOUTS_ONE_WAY:
                yield layers, bidirectional, readout


def _reserved(hidden: int, classes: int, d: int, layers: int) -> set[int]:
    """Sizes the batch, length and feature count must avoid, so no two axes look alike."""
    return {hidden, d * hidden, classes, d * layers}


def _sizes_ok(hidden: int, classes: int, d: int, layers: int) -> bool:
    """Hidden width, output width, classes and the state's first axis all differ, and room is left for N, T, F."""
    reserved = _reserved(hidden, classes, d, layers)
    distinct = len(reserved) == (4 if d == 2 else 3)
    return distinct and _count_batch_len_features(reserved) > 0


def _count_batch_len_features(reserved: set[int]) -> int:
    """Distinct (N, T, F), none reserved: N from the batch range, T and F from the wider one.

    Exact because T and F share one range and the batch range lies inside it.
    """
    batch = [n for n in range(MIN_DIM, MAX_BATCH + 1) if n not in reserved]
    wide = [n for n in range(MIN_DIM, MAX_FEATURES + 1) if n not in reserved]
    return len(batch) * max(len(wide) - 1, 0) * max(len(wide) - 2, 0)


def _heads() -> list[tuple[int, bool, str, int, int]]:
    """Every (num_layers, bidirectional, readout, hidden_size, classes) a draw can start from."""
    return _heads_for(MAX_BATCH, MAX_SEQ_LEN, MAX_FEATURES, MAX_HIDDEN, MAX_CLASSES)


@functools.lru_cache(maxsize=4)
def _heads_for(*limits) -> list[tuple[int, bool, str, int, int]]:
    # Keyed on the limits so a test that shrinks them gets a fresh list.
    if limits[1] != limits[2] or limits[0] > limits[2]:
        raise ValueError("the sequence length and feature ranges must match and hold the batch range")
    return [(layers, bidirectional, readout, hidden, classes)
            for layers, bidirectional, readout in _structures()
            for hidden in range(MIN_DIM, MAX_HIDDEN + 1)
            for classes in range(MIN_DIM, MAX_CLASSES + 1)
            if _sizes_ok(hidden, classes, 2 if bidirectional else 1, layers)]


class Pipeline(Family):
    name = "pipeline"
    difficulties = ("medium",)
    summary = (
        "A sequence classifier from input `(N, T, F)` through `nn.LSTM(batch_first=True)`, the "
        "last time step or `h_n[-1]`, `nn.Linear` and softmax: the shape at a named stage."
    )
    probes = ("x", "output", "h_n", "c_n", "last", "logits", "probs")

    def sample(self, rng, difficulty):
        layers, bidirectional, readout, hidden, classes = rng.choice(_heads())
        p = {"batch": 0, "seq_len": 0, "features": 0, "hidden_size": hidden, "classes": classes,
             "num_layers": layers, "bidirectional": bidirectional, "readout": readout,
             "target": rng.choice(TARGETS)}
        reserved = _reserved(hidden, classes, 2 if bidirectional else 1, layers)
        while True:  # the head leaves room for N, T and F, so this ends
            n = rng.randint(MIN_DIM, MAX_BATCH)
            t = rng.randint(MIN_DIM, MAX_SEQ_LEN)
            f = rng.randint(MIN_DIM, MAX_FEATURES)
            if len({n, t, f}) == 3 and not reserved & {n, t, f}:
                break
        p.update(batch=n, seq_len=t, features=f)
        return PipelineParams(**p)

    def decode(self, data):
        return PipelineParams.from_dict(data)

    def difficulty_of(self, p):
        return "medium"

    def capacity(self, difficulty):
        total = 0
        for layers, bidirectional, _, hidden, classes in _heads():
            d = 2 if bidirectional else 1
            total += _count_batch_len_features(_reserved(hidden, classes, d, layers)) * len(TARGETS)
        return total

    def snippet(self, p):
        d = 2 if p.bidirectional else 1
        lstm_args = [f"input_size={p.features}", f"hidden_size={p.hidden_size}"]
        if p.num_layers > 1:
            lstm_args.append(f"num_layers={p.num_layers}")
        lstm_args.append("batch_first=True")
        if p.bidirectional:
            lstm_args.append("bidirectional=True")
        width = d * p.hidden_size if p.readout != "top-state" else p.hidden_size
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"x = torch.randn({p.batch}, {p.seq_len}, {p.features})  # (N, T, F)\n"
            f"lstm = nn.LSTM({', '.join(lstm_args)})\n"
            f"classifier = nn.Linear({width}, {p.classes})\n"
            "\n"
            "output, (h_n, c_n) = lstm(x)\n"
            f"last = {READOUT_CODE[p.readout]}\n"
            "logits = classifier(last)\n"
            "probs = torch.softmax(logits, dim=1)\n"
        )

    def stem(self, p):
        return f"The code below is a small sequence classifier. What is the shape of `{p.target}`?"

    def truth(self, p, main):
        return tuple(main.values[p.target]["shape"])

    def _wrong_shapes(self, p) -> list[tuple[tuple, str]]:
        N, T, F, H, C = p.batch, p.seq_len, p.features, p.hidden_size, p.classes
        layers, d = p.num_layers, 2 if p.bidirectional else 1
        t, readout = p.target, p.readout
        width = H if readout == "top-state" else d * H  # the features `last` carries
        out: list[tuple[tuple, str]] = []
        if t == "output":
            out += [((T, N, d * H), "Ignores batch_first=True, which keeps output batch-first like the input."),
                    ((N, T, F), "Keeps the input's feature count; each step of output has hidden_size features."),
                    ((N, d * H), "Drops the time axis: output holds every time step, not only the last."),
                    ((N, T, C), "Thinks the LSTM already outputs class scores; that is the Linear layer's job.")]
            out.append(((N, T, H), "Forgets that both directions are concatenated, doubling the features.")
                       if d == 2 else ((d * layers, N, H), "Describes h_n, the final states, instead of output."))
        elif t == "h_n":
            out += [((N, d * layers, H), "Applies batch_first to the states; h_n stays (layers × directions, N, H)."),
                    ((N, H), "Drops the layer axis; h_n keeps one entry per layer and direction."),
                    ((d * layers, T, H), "Puts the sequence length where the batch goes."),
                    ((d * layers, N, F), "Uses the input feature count instead of hidden_size.")]
            if d == 2:
                out.append(((layers, N, 2 * H), "Concatenates the directions along the features, as output "
                                                "does; h_n stacks them on the first axis."))
            if layers > 1:
                out.append(((d, N, H), "Forgets the stacked layers: the first axis is layers × directions."))
        elif t == "last":
            if readout == "last-step":
                out += [((T, width), "Puts the sequence length where the batch goes: with batch_first=True, "
                                     "[:, -1, :] drops the time axis and keeps all N sequences."),
                        ((N, T, width), "Keeps the time axis; indexing with -1 removes it."),
                        ((N, F), "Uses the input feature count; the LSTM outputs hidden_size features.")]
                if d == 2:
                    out.append(((N, H), "Forgets that output concatenates both directions."))
                out.append(((width,), "Thinks one vector is left for the whole batch; each sequence keeps its own."))
            else:
                out += [((d * layers, N, H), "Uses h_n without [-1] (or without picking the top layer): "
                                             "that keeps every layer and direction."),
                        ((T, width), "Puts the sequence length where the batch goes."),
                        ((N, F), "Uses the input feature count; the states have hidden_size features."),
                        ((N, T, width), "Thinks the states keep every time step; h_n holds only the final one.")]
                if readout == "both-states":
                    out.append(((2, N, H), "Stacks the two directions on a new axis; torch.cat joins them "
                                           "along dim=1."))
                    out.append(((N, H), "Keeps one direction; the concatenation holds both."))
        else:  # logits or probs
            out += [((T, C), "Counts one row per time step; after the read-out there is one per sequence."),
                    ((N, T, C), "Keeps the time axis, which the read-out of the last step removed."),
                    ((N, width), "Forgets the Linear layer, which maps the features to the classes."),
                    ((C, N), "Transposes the result; Linear keeps the batch first.")]
            if t == "probs":
                out.append(((N,), "Thinks softmax picks one class per sequence; it turns scores into "
                                  "probabilities and keeps the shape."))
                out.append(((N, 1), "Thinks softmax returns a single probability per sequence."))
            else:
                out.append(((C,), "Forgets the batch: there is one row of scores per sequence."))
        return out

    def options(self, p, main):
        true = self.truth(p, main)
        intended = Candidate(shape_text(true), self._why_right(p), value=true)
        wrongs = [Candidate(shape_text(s), why, value=s) for s, why in self._wrong_shapes(p)]
        return intended, wrongs

    def _why_right(self, p):
        return {
            "output": "With batch_first=True, output is (N, T, directions × hidden_size): every step of every sequence.",
            "h_n": "h_n holds the final hidden state of every layer and direction: (layers × directions, N, hidden_size).",
            "last": "The read-out keeps one feature vector per sequence.",
            "logits": "The Linear layer maps each sequence's features to one score per class.",
            "probs": "Softmax over dim=1 turns each row of scores into probabilities and keeps the shape.",
        }[p.target]

    def explain(self, p, main, correct):
        N, T, F, H, C = p.batch, p.seq_len, p.features, p.hidden_size, p.classes
        d = 2 if p.bidirectional else 1
        shape = {name: shape_text(main.values[name]["shape"]) for name in ("x", "output", "h_n", "last", "logits", "probs")}
        steps = [
            f"`x` is {shape['x']}: {N} sequences (N), {T} time steps (T), {F} features (F); "
            "batch_first=True says the batch axis comes first.",
            f"The LSTM gives `output` {shape['output']}: every time step, "
            + (f"both directions side by side (2 × {H})." if d == 2 else f"{H} hidden features.")
            + f" `h_n` is {shape['h_n']}: one final state per layer and direction, never batch-first.",
        ]
        readout = {
            "last-step": "`output[:, -1, :]` takes the last time step of every sequence",
            "top-state": "`h_n[-1]` takes the final state of the top layer",
            "both-states": "`torch.cat((h_n[-2], h_n[-1]), dim=1)` joins the top layer's two directions",
        }[p.readout]
        steps.append(f"{readout}, so `last` is {shape['last']}.")
        steps.append(f"`classifier` maps those features to {C} class scores: `logits` is {shape['logits']}; "
                     f"softmax over dim=1 keeps the shape, so `probs` is {shape['probs']}.")
        steps.append(f"So `{p.target}` has shape {correct.text}.")
        return Explanation(
            steps=tuple(steps),
            quick_check="(N, T, F) → output (N, T, D·H) → last (N, features) → logits and probs (N, C)",
            hint="Follow one axis at a time: the batch axis survives every stage; time ends at the read-out.",
        )
