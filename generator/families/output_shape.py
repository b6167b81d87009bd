"""output-shape: the shape of ``output``, ``h_n`` or ``c_n`` after a forward pass."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ..model import Candidate
from .base import MAX_BATCH, MAX_SEQ_LEN, Explanation, Family, forward_snippet, shape_text

TARGETS = ("output", "h_n", "c_n")


@dataclass(frozen=True)
class OutputShapeParams:
    """One draw: the layer's arguments, the input's sizes (``batch`` None: unbatched) and the tensor asked."""

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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "OutputShapeParams":
        return cls(**data)


def _layout(p: dict) -> dict:
    """The symbols of torch's shape rules for a configuration."""
    d = 2 if p.bidirectional else 1
    return {
        "L": p.seq_len,
        "N": p.batch,
        "D": d,
        "H_out": p.proj_size or p.hidden_size,
        "H_cell": p.hidden_size,
        "layers": p.num_layers,
    }


class OutputShape(Family):
    name = "output-shape"
    difficulties = ("medium", "hard")
    summary = (
        "The shape of `output`, `h_n` or `c_n` for random sizes, with `batch_first`, stacked "
        "layers, two directions, projections and unbatched input in the harder draws."
    )
    probes = ("output", "h_n", "c_n")

    def sample(self, rng, difficulty):
        p = {
            "input_size": rng.randint(2, 32),
            "hidden_size": rng.randint(2, 32),
            "num_layers": 1,
            "bias": True,
            "batch_first": rng.random() < 0.5,
            "dropout": 0.0,
            "bidirectional": False,
            "proj_size": 0,
            "seq_len": rng.randint(2, MAX_SEQ_LEN),
            "batch": rng.randint(2, MAX_BATCH),
            "target": rng.choice(TARGETS),
        }
        if difficulty == "hard":
            # At least one of the features that make shapes tricky, usually two.
            features = rng.sample(["layers", "bidirectional", "proj", "unbatched"], rng.choice([1, 2, 2, 3]))
            if "layers" in features:
                p["num_layers"] = rng.randint(2, 4)
            if "bidirectional" in features:
                p["bidirectional"] = True
            if "proj" in features:
                p["hidden_size"] = max(p["hidden_size"], 3)
                p["proj_size"] = rng.randint(1, p["hidden_size"] - 1)
            if "unbatched" in features:
                p["batch"] = None
                p["batch_first"] = False
        return OutputShapeParams(**p)

    def decode(self, data):
        return OutputShapeParams.from_dict(data)

    def difficulty_of(self, p):
        tricky = p.num_layers > 1 or p.bidirectional or p.proj_size or p.batch is None
        return "hard" if tricky else "medium"

    def capacity(self, difficulty):
        return 100_000

    def snippet(self, p):
        # No comment names the axes of x: reading them from the call is what the item asks, and a
        # label would hand over the axis-swap distractor (issue 14; this family has no easy level).
        return forward_snippet(p.to_dict())

    def stem(self, p):
        return f"After the code below runs, what is the shape of `{p.target}`?"

    def truth(self, p, main):
        return tuple(main.values[p.target]["shape"])

    def _wrong_shapes(self, p) -> list[tuple[tuple, str]]:
        s = _layout(p)
        L, N, D, Hout, Hc, layers = s["L"], s["N"], s["D"], s["H_out"], s["H_cell"], s["layers"]
        bf, unbatched, t = p.batch_first, N is None, p.target
        out: list[tuple[tuple, str]] = []

        def seq_major(*feat):
            if unbatched:
                return (L, *feat)
            return (N, L, *feat) if bf else (L, N, *feat)

        def state(first, last):
            return (first, last) if unbatched else (first, N, last)

        if t == "output":
            if not unbatched:
                out.append(((L, N, D * Hout) if bf else (N, L, D * Hout),
                            "Exchanges the batch and sequence axes: with batch_first=True the batch "
                            "comes first, without it the sequence does."))
            if D == 2:
                out.append((seq_major(Hout), "Forgets that a bidirectional layer concatenates both "
                                             "directions, doubling the last axis."))
            else:
                out.append((seq_major(2 * Hout), "Doubles the last axis although the layer runs in one direction only."))
            out.append((seq_major(p.input_size * D), "Takes the input feature size for the output "
                                                        "feature size; the output width comes from the hidden state."))
            if p.proj_size:
                out.append((seq_major(D * Hc), "Uses hidden_size where proj_size rules: with a projection, "
                                               "each output step has proj_size features."))
            out.append((state(D * layers, Hout), "Describes h_n, the final state, instead of the output at every step."))
            if unbatched:
                out.append(((L, 1, D * Hout), "Assumes torch adds a batch axis of size 1 to unbatched input."))
        else:
            width = Hout if t == "h_n" else Hc
            out.append((seq_major(D * Hout) if t == "h_n" else seq_major(D * Hc),
                        f"Treats {t} as if it held every time step; it holds only the final step of every layer."))
            if D == 2:
                out.append((state(layers, width), "Counts layers but forgets the second direction: "
                                                  "the first axis is num_layers × 2."))
                if layers > 1:
                    out.append((state(2, width), "Counts the directions but forgets the layers: the first "
                                                 "axis is num_layers × num_directions."))
            elif layers > 1:
                out.append((state(1, width), "Keeps only the last layer; torch stacks the final state of every layer."))
                out.append((state(2 * layers, width), "Doubles the layer count as if the layer were bidirectional."))
            else:
                out.append((state(2, width), "Doubles the first axis as if the layer were bidirectional."))
            if not unbatched and bf:
                out.append(((N, D * layers, width), "Applies batch_first to the states too; h_n and c_n "
                                                    "keep (layers × directions, batch, features) either way."))
            if not unbatched:
                out.append(((D * layers, width, N), "Puts the feature axis before the batch axis."))
            if p.proj_size:
                if t == "h_n":
                    out.append((state(D * layers, Hc), "Uses hidden_size where proj_size rules: the projection "
                                                       "shrinks h_n to proj_size features."))
                else:
                    out.append((state(D * layers, p.proj_size), "Applies the projection to the cell state; "
                                                                   "only h is projected, c keeps hidden_size."))
            out.append((state(D * layers, D * width) if D == 2 else state(D * layers, p.input_size),
                        "Concatenates the directions along the feature axis, as output does."
                        if D == 2 else "Takes the input feature size for the state size."))
            if unbatched:
                out.append(((D * layers, 1, width), "Assumes torch adds a batch axis of size 1 to unbatched input."))
        return out

    def options(self, p, main):
        true = self.truth(p, main)
        intended = Candidate(shape_text(true), self._why_right(p), value=true)
        wrongs = [Candidate(shape_text(shape), why, value=shape) for shape, why in self._wrong_shapes(p)]
        return intended, wrongs

    def _why_right(self, p):
        t = p.target
        if t == "output":
            return "output holds the top layer's hidden state at every time step, both directions side by side."
        if t == "h_n":
            return "h_n holds the final hidden state of every layer and direction, projected when proj_size > 0."
        return "c_n holds the final cell state of every layer and direction; it is never projected."

    def explain(self, p, main, correct):
        s = _layout(p)
        D, Hout, layers = s["D"], s["H_out"], s["layers"]
        t = p.target
        batched = p.batch is not None
        if not batched:
            layout = f"The input `x` is 2-D, so it is one unbatched sequence of {p.seq_len} steps with {p.input_size} features."
        elif p.batch_first:
            layout = (f"`batch_first=True`, so `x` is read as (batch, seq_len, input_size) = "
                      f"({p.batch}, {p.seq_len}, {p.input_size}).")
        else:
            layout = (f"Without `batch_first`, `x` is read as (seq_len, batch, input_size) = "
                      f"({p.seq_len}, {p.batch}, {p.input_size}).")
        dirs = ("The layer is bidirectional, so D = 2." if D == 2 else "The layer runs in one direction, so D = 1.")
        width = (f"`proj_size={p.proj_size}` projects h, so H_out = {Hout}; the cell state keeps hidden_size = {p.hidden_size}."
                 if p.proj_size else f"There is no projection, so H_out = hidden_size = {Hout}.")
        if t == "output":
            rule = ("`output` has one row per time step and D × H_out features, laid out like the input "
                    + ("(batch first)." if batched and p.batch_first else "(sequence first)." if batched else "without a batch axis."))
            check = f"last axis of output = D × H_out = {D} × {Hout} = {D * Hout}"
        else:
            feat = Hout if t == "h_n" else p.hidden_size
            rule = (f"`{t}` has one entry per layer and direction, D × num_layers = {D} × {layers} = {D * layers}, "
                    f"then the batch" + (" (absent here)" if not batched else "") + f", then {feat} features; "
                    "`batch_first` never changes the state tensors.")
            check = f"first axis of {t} = D × num_layers = {D * layers}"
        return Explanation(
            steps=(layout, f"{dirs} {width}", rule, f"So `{t}` has shape {correct.text}."),
            quick_check=check,
            hint="States are (layers × directions, batch, features); output is per time step.",
        )
