"""invalid-value: an ``nn.LSTM(...)`` call with a value torch refuses; which exception, and why.

The right option is torch's own outcome (exception type and message). Every wrong option is a
claim about that outcome that differs from it: the layer builds anyway, torch fixes the value
silently, the error waits for the forward pass, another exception type, another reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Candidate
from .base import Explanation, Family
from .claims import error_claim, other_types, raises, runs
from .typed import Record

SIZE_LOW, SIZE_HIGH = 2, 32  # sizes a call shows (constructor only: no tensor is allocated)
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
NEGATIVE_LOW = -8  # negative sizes drawn: -1 (a "please infer it" guess) down to this
TYPE_FORMS = ("float", "division", "string")
BAD_DROPOUTS = (1.5, 2.0, -0.1, -0.5, 10, 20, 25, 50)  # whole numbers: percentages by mistake
STACKED_LAYERS = (2, 3)  # dropout draws stack layers, so no one-layer warning mixes in
SIZE_NAMES = ("input_size", "hidden_size")

KINDS = ("zero-size", "negative-size", "wrong-type-size", "proj-size", "dropout", "num-layers")


@dataclass(frozen=True)
class InvalidValueParams(Record):
    """One ``nn.LSTM(...)`` call: which argument is bad (``kind``, ``target``, ``form``) and its values."""

    kind: str
    target: str | None
    form: str | None
    input_size: int
    hidden_size: int
    num_layers: int
    dropout: int | float
    proj_size: int
    positional: bool

    def size(self, name: str) -> int:
        return getattr(self, name)


def _source(p: dict, name: str) -> str:
    """The Python source a call shows for one size argument."""
    value = p.size(name)
    if p.kind == "wrong-type-size" and p.target == name:
        return {"float": f"{value}.0", "division": f"{2 * value} / 2", "string": repr(str(value))}[p.form]
    return str(value)


def _call(p: dict) -> str:
    i, h = _source(p, "input_size"), _source(p, "hidden_size")
    args = [i, h] if p.positional else [f"input_size={i}", f"hidden_size={h}"]
    if p.num_layers != 1:
        args.append(f"num_layers={p.num_layers}")
    if p.dropout != 0:
        args.append(f"dropout={p.dropout!r}")
    if p.proj_size != 0:
        args.append(f"proj_size={p.proj_size}")
    return f"nn.LSTM({', '.join(args)})"


def _shown(p: dict) -> str:
    """The bad value as the call shows it, for option and step texts."""
    if p.kind in ("zero-size", "negative-size", "wrong-type-size"):
        return f"{p.target}={_source(p, p.target)}"
    if p.kind == "proj-size":
        return f"proj_size={p.proj_size}"
    if p.kind == "dropout":
        return f"dropout={p.dropout!r}"
    return f"num_layers={p.num_layers}"


TYPE_WHYS_FOR_VALUE = {
    "TypeError": "Takes a bad value for a bad type: the argument is a number of the right type, only its "
                 "value is out of range, and Python reports that as a ValueError.",
    "RuntimeError": "Expects an error from torch's C++ core; this check is plain Python in the constructor, "
                    "which raises ValueError for a value out of range.",
}
TYPE_WHYS_FOR_TYPE = {
    "ValueError": "Expects a ValueError for any bad argument; Python's convention is TypeError when the "
                  "argument has the wrong type, whatever its value.",
    "RuntimeError": "Expects an error from torch's C++ core; the type check is plain Python in the "
                    "constructor, before any tensor exists.",
}
LATE_WHY = ("Thinks arguments are checked lazily; the constructor checks them before it creates any "
            "weight, so the call itself fails.")


class InvalidValue(Family):
    name = "invalid-value"
    difficulties = ("hard",)
    summary = (
        "Which exception `nn.LSTM(...)` raises, and why, for a zero, negative or non-integer size, "
        "`proj_size >= hidden_size`, `dropout` outside [0, 1] or `num_layers=0`."
    )
    probes = ("lstm",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        kind = rng.choice(KINDS)
        p = {
            "kind": kind,
            "target": None,
            "form": None,
            "input_size": rng.randint(SIZE_LOW, SIZE_HIGH),
            "hidden_size": rng.randint(SIZE_LOW, SIZE_HIGH),
            "num_layers": 1,
            "dropout": 0,
            "proj_size": 0,
            "positional": rng.random() < 0.5,
        }
        if kind in ("zero-size", "negative-size", "wrong-type-size"):
            p["target"] = rng.choice(SIZE_NAMES)
            if kind == "zero-size":
                p[p["target"]] = 0
            elif kind == "negative-size":
                p[p["target"]] = rng.randint(NEGATIVE_LOW, -1)
            else:
                p["form"] = rng.choice(TYPE_FORMS)  # the target keeps its whole-number value
        elif kind == "proj-size":
            # Equal to hidden_size, above it, or -1 (a guess at "no projection").
            p["proj_size"] = rng.choice([-1, rng.randint(p["hidden_size"], SIZE_HIGH)])
        elif kind == "dropout":
            p["num_layers"] = rng.choice(STACKED_LAYERS)
            p["dropout"] = rng.choice(BAD_DROPOUTS)
        else:
            p["num_layers"] = 0
        return InvalidValueParams(**p)

    def decode(self, data):
        return InvalidValueParams.from_dict(data)

    def difficulty_of(self, p):
        return "hard"

    def capacity(self, difficulty):
        pos = 2  # positional or keyword sizes
        zero = len(SIZE_NAMES) * N_SIZES * pos
        negative = len(SIZE_NAMES) * (-NEGATIVE_LOW) * N_SIZES * pos
        wrong_type = len(SIZE_NAMES) * len(TYPE_FORMS) * N_SIZES * N_SIZES * pos
        # proj_size: -1, or any value from hidden_size up to SIZE_HIGH.
        proj_values = sum(1 + (SIZE_HIGH - h + 1) for h in range(SIZE_LOW, SIZE_HIGH + 1))
        proj = N_SIZES * proj_values * pos
        dropout = N_SIZES * N_SIZES * len(STACKED_LAYERS) * len(BAD_DROPOUTS) * pos
        layers = N_SIZES * N_SIZES * pos
        return zero + negative + wrong_type + proj + dropout + layers

    # --- the question ----------------------------------------------------------------------

    def snippet(self, p):
        return f"import torch.nn as nn\n\nlstm = {_call(p)}\n"

    def stem(self, p):
        return "What happens when this code runs?"

    def truth(self, p, main):
        return error_claim(main)

    def options(self, p, main):
        if main.error:
            intended = raises(*main.error, "This is the exception torch raises when the snippet runs.")
        else:
            intended = runs("It builds the layer without an error.", "torch builds the layer without complaint.")
        kind = p.kind
        whys = TYPE_WHYS_FOR_TYPE if kind == "wrong-type-size" else TYPE_WHYS_FOR_VALUE
        wrong = other_types(main, whys)
        wrong.append(runs("The layer is built; the bad value only fails at the first forward call.", LATE_WHY))
        wrong += getattr(self, "_wrong_" + kind.replace("-", "_"))(p, main)
        return intended, wrong

    def _other_name(self, p, main) -> list[Candidate]:
        """torch's message about the other size argument: the right type, the wrong argument."""
        if not main.error:
            return []
        exc, message = main.error
        other = "input_size" if p.target == "hidden_size" else "hidden_size"
        if p.target not in message:
            return []
        return [raises(exc, message.replace(p.target, other),
                       f"Blames the wrong argument: the bad value is {_shown(p)}, and torch names it.")]

    def _wrong_zero_size(self, p, main):
        if p.target == "hidden_size":
            ok = runs("It builds the layer; its output simply has 0 features per step.",
                      "Treats a size of zero like an empty tensor, which torch allows elsewhere; a layer "
                      "needs at least one hidden unit, and the constructor checks that.")
        else:
            ok = runs("It builds the layer; it reads no input features and runs on its hidden state alone.",
                      "Thinks a layer can do without input features; the input weights need at least one column, "
                      "and the constructor checks that.")
        return [ok] + self._other_name(p, main)

    def _wrong_negative_size(self, p, main):
        value = p.size(p.target)
        if value == -1:
            ok = runs(f"It builds the layer: {p.target}=-1 tells torch to work the size out from the "
                      "data, as `view(-1)` does.",
                      "Borrows -1 from `view` and `reshape`; layer sizes are fixed numbers and must be positive.")
        else:
            ok = runs(f"It builds the layer with {p.target}={-value}: torch drops the sign.",
                      "Expects torch to repair the value silently; it checks sizes and refuses negative ones.")
        return [ok] + self._other_name(p, main)

    def _wrong_wrong_type_size(self, p, main):
        t, v = p.target, p.size(p.target)
        ok_text = {
            "float": f"It builds the layer: torch converts `{v}.0` to the integer {v}.",
            "division": f"It builds the layer: `{2 * v} / 2` is {v}, a whole number, so {t} is {v}.",
            "string": f"It builds the layer: torch converts the string `'{v}'` to the integer {v}.",
        }[p.form]
        ok_why = {
            "float": "Expects a whole-valued float to pass as an int; torch checks the type, not the value.",
            "division": "Forgets that `/` always gives a float in Python 3, even when the division is exact; "
                        "`//` gives an int.",
            "string": "Expects torch to parse strings (as from a config file or the command line); "
                      "it accepts only an int.",
        }[p.form]
        return [runs(ok_text, ok_why)] + self._other_name(p, main)

    def _wrong_proj_size(self, p, main):
        h, ps = p.hidden_size, p.proj_size
        exc = main.error[0] if main.error else "ValueError"
        if ps < 0:
            return [
                runs("It builds the layer without a projection: -1 switches the projection off.",
                     "Takes -1 for \"off\"; proj_size=0 is the value that disables projections, and negative "
                     "values are refused."),
                raises(exc, "proj_size has to be smaller than hidden_size",
                       f"Gives the wrong reason: -1 is smaller than hidden_size={h}; the problem is the sign."),
            ]
        if ps > h:
            ok = runs(f"It builds the layer; the projection enlarges h from {h} to {ps} features.",
                      "Assumes a projection can grow the state; torch requires `proj_size < hidden_size`, "
                      "because the projection exists to shrink h.")
        else:
            ok = runs(f"It builds the layer; a projection to {ps} features keeps h the same size.",
                      "Assumes a projection to the same size is allowed; torch requires proj_size to be "
                      "strictly smaller than hidden_size.")
        return [ok, raises(exc, "proj_size has to be smaller than input_size",
                           "Compares proj_size with the wrong size: the projection maps the hidden state, "
                           "so the limit is hidden_size.")]

    def _wrong_dropout(self, p, main):
        d = p.dropout
        if isinstance(d, int) and d > 1:
            ok = runs(f"It builds the layer with a {d} % dropout: values above 1 are read as percentages.",
                      "Writes a percentage where torch wants a probability: "
                      f"{d} % is dropout={d / 100!r}.")
        elif d > 1:
            ok = runs("It builds the layer and clamps dropout to 1.",
                      "Expects torch to repair the value silently; it checks that dropout lies in [0, 1].")
        else:
            ok = runs("It builds the layer and treats the negative dropout as 0.",
                      "Expects torch to repair the value silently; it checks that dropout lies in [0, 1].")
        return [ok]

    def _wrong_num_layers(self, p, main):
        return [runs("It builds a single-layer LSTM: num_layers counts the layers stacked on top of the first.",
                     "Counts only the extra layers; num_layers is the total number of stacked layers, "
                     "so it must be at least 1.")]

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        kind = p.kind
        if kind in ("zero-size", "negative-size"):
            rule = (f"`{p.target}` is the width of a weight matrix, so it must be a positive integer; "
                    f"here it is {p.size(p.target)}.")
        elif kind == "wrong-type-size":
            rule = self._type_rule(p)
        elif kind == "proj-size":
            rule = ("`proj_size` shrinks the hidden state with `weight_hr` of shape (proj_size, hidden_size): "
                    f"it must be 0 (no projection) or a positive number below hidden_size = {p.hidden_size}; "
                    f"here it is {p.proj_size}.")
        elif kind == "dropout":
            rule = self._dropout_rule(p)
        else:
            rule = ("`num_layers` is how many LSTM layers are stacked; a stack of 0 layers would have no "
                    "weights and nothing to compute, so it must be at least 1.")
        convention = ("Python's convention: an argument of the wrong type raises `TypeError`; the right type "
                      "with a value out of range raises `ValueError`.")
        if main.error:
            outcome = f"So `{_call(p)}` raises `{main.error[0]}`: `{main.error[1]}`"
        else:
            outcome = f"torch accepts `{_call(p)}` and builds the layer."
        quick = {
            "wrong-type-size": "sizes must be int: a float or a string → TypeError at construction",
            "proj-size": "`0 <= proj_size < hidden_size`, else ValueError at construction",
            "dropout": "0 ≤ dropout ≤ 1, else ValueError at construction",
            "num-layers": "num_layers ≥ 1, else ValueError at construction",
        }.get(kind, "sizes must be ≥ 1, else ValueError at construction")
        return Explanation(
            steps=("`nn.LSTM` checks its arguments in the constructor, before it creates any weight.",
                   rule, convention, outcome),
            quick_check=quick,
            hint="Is the problem the type of the value or the value itself? And when is it checked?",
        )

    def _type_rule(self, p):
        t, v = p.target, p.size(p.target)
        what = {
            "float": f"`{v}.0` is a float even though its value is whole.",
            "division": f"In Python 3, `/` always returns a float: `{2 * v} / 2` is `{v}.0`; `{2 * v} // 2` would be the int {v}.",
            "string": f"`'{v}'` is a string, as values read from a config file or the command line often are; `int('{v}')` converts it.",
        }[p.form]
        return f"`{t}` becomes a dimension of weight tensors, so torch accepts only an int. {what}"

    def _dropout_rule(self, p):
        d = p.dropout
        text = ("`dropout` is a probability: the chance that each value passed between stacked layers is "
                f"zeroed, so it must lie in [0, 1]; here it is {d!r}.")
        if isinstance(d, int) and d > 1:
            text += f" A {d} % dropout is written dropout={d / 100!r}."
        return text
