"""feature-mismatch: a forward call whose input's last axis differs from ``input_size``.

The right option is torch's outcome (exception type and message, with the two numbers it
reports). Wrong options swap the numbers, take hidden_size for input_size, expect the generic
matrix-product error or another exception type, or claim torch pads, truncates or resizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import perm, prod

from .base import MAX_BATCH, Explanation, Family
from .claims import error_claim, other_types, raises, runs, swap_expected_got
from .typed import Record

# All sizes of one draw are distinct and small, so every number in a message points at one thing.
SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
LAYOUTS = ("other-features", "time-last")


@dataclass(frozen=True)
class FeatureMismatchParams(Record):
    """The layer's sizes and the shape of the input fed to it (``layout`` says how x was meant)."""

    layout: str
    input_size: int
    hidden_size: int
    batch_first: bool
    x_shape: tuple[int, ...]


def _dims(p: dict) -> dict:
    """What each axis of x holds, by name; ``got`` is its last axis."""
    shape = p.x_shape
    if p.layout == "time-last":
        n, f, t = shape
        return {"batch": n, "seq_len": t, "got": t, "features_meant": f}
    if len(shape) == 2:
        t, g = shape
        return {"batch": None, "seq_len": t, "got": g}
    if p.batch_first:
        n, t, g = shape
    else:
        t, n, g = shape
    return {"batch": n, "seq_len": t, "got": g}


def _layer_call(p: dict) -> str:
    extra = ", batch_first=True" if p.batch_first else ""
    return f"nn.LSTM(input_size={p.input_size}, hidden_size={p.hidden_size}{extra})"


class FeatureMismatch(Family):
    name = "feature-mismatch"
    difficulties = ("medium",)
    summary = (
        "What the forward call does when the input's last axis differs from `input_size`: the "
        "exception and the two numbers its message reports."
    )

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        layout = rng.choice(LAYOUTS)
        if layout == "time-last":
            # x built as (batch, features, time), the layout nn.Conv1d uses, fed to a batch-first LSTM.
            f, h, t, n = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 4)
            return FeatureMismatchParams.from_dict({"layout": layout, "input_size": f, "hidden_size": h, "batch_first": True,
                    "x_shape": [n, f, t]})
        batched = rng.random() < 0.75
        f, h, g, t, *rest = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 5 if batched else 4)
        if not batched:
            return FeatureMismatchParams.from_dict({"layout": layout, "input_size": f, "hidden_size": h, "batch_first": False,
                    "x_shape": [t, g]})
        n = rest[0]
        batch_first = rng.random() < 0.5
        return FeatureMismatchParams.from_dict({"layout": layout, "input_size": f, "hidden_size": h, "batch_first": batch_first,
                "x_shape": [n, t, g] if batch_first else [t, n, g]})

    def decode(self, data):
        return FeatureMismatchParams.from_dict(data)

    def difficulty_of(self, p):
        return "medium"

    def capacity(self, difficulty):
        batched = perm(N_SIZES, 5) * 2  # input, hidden, got, seq_len, batch; either layout flag
        unbatched = perm(N_SIZES, 4)
        time_last = perm(N_SIZES, 4)  # input, hidden, seq_len, batch
        return batched + unbatched + time_last

    # --- the question ----------------------------------------------------------------------

    def snippet(self, p):
        shape = ", ".join(str(d) for d in p.x_shape)
        note = "  # (batch, features, time), as nn.Conv1d expects" if p.layout == "time-last" else ""
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"lstm = {_layer_call(p)}\n"
            f"x = torch.randn({shape}){note}\n"
            "output, (h_n, c_n) = lstm(x)\n"
        )

    def stem(self, p):
        return "What happens when this code runs?"

    def truth(self, p, main):
        return error_claim(main)

    def options(self, p, main):
        f, h = p.input_size, p.hidden_size
        dims = _dims(p)
        g = dims["got"]
        if main.error:
            intended = raises(*main.error, "This is the exception torch raises at the forward call.")
        else:
            intended = runs("It runs without an error.", "torch accepts the input as it is.")
        # One "other type" claim only: this family is about the numbers, not the exception type.
        wrong = other_types(main, {
            "ValueError": "Expects ValueError for a wrong size; the shape check inside the forward pass "
                          "raises RuntimeError.",
        })
        if main.error:
            exc, message = main.error
            swapped = swap_expected_got(message)
            if swapped:
                wrong.append(raises(exc, swapped, "Swaps the two numbers: torch expects input_size and "
                                                  "reports what it got from the input's last axis."))
            if f"Expected {f}," in message:
                wrong.append(raises(exc, message.replace(f"Expected {f},", f"Expected {h},"),
                                    "Takes hidden_size for the size the input must have; the input's last "
                                    "axis is checked against input_size."))
        rows = prod(p.x_shape[:-1])  # nn.Linear flattens every axis but the last into rows
        wrong.append(raises("RuntimeError",
                            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{g} and {f}x{4 * h})",
                            "Expects the generic matrix-product error of nn.Linear; nn.LSTM checks the "
                            "feature size itself, before multiplying, and names input_size."))
        if p.layout == "time-last":
            wrong.append(runs("It runs: with `batch_first=True`, torch reads x as (batch, features, time).",
                              "Misreads batch_first: it only moves the batch axis to the front; the "
                              "features must still be the last axis."))
        elif g < f:
            wrong.append(runs(f"It runs: torch pads every step with zeros up to {f} features.",
                              "Expects torch to pad short feature vectors; it never changes the input's size."))
        else:
            wrong.append(runs(f"It runs: torch keeps the first {f} features of every step and drops the rest.",
                              "Expects torch to truncate wide feature vectors; it never changes the input's size."))
        wrong.append(runs(f"It runs: the layer resizes its input weights to {g} columns at the first call.",
                          "Expects lazy shape inference, as nn.LazyLinear does; nn.LSTM creates its weights "
                          "with input_size columns in the constructor and never resizes them."))
        return intended, wrong

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        f, h = p.input_size, p.hidden_size
        dims = _dims(p)
        g = dims["got"]
        shape = tuple(p.x_shape)
        if p.layout == "time-last":
            read = (f"With `batch_first=True`, x of shape {shape} is read as (batch, seq_len, features) = "
                    f"({dims['batch']}, {f}, {g}): {g} features per step, although the code meant {f}.")
            fix = ("Fix: put the features last with `x = x.permute(0, 2, 1)`, giving shape "
                   f"({dims['batch']}, {g}, {f}).")
        else:
            layout = ("(seq_len, features), one unbatched sequence" if dims["batch"] is None else
                      "(batch, seq_len, features)" if p.batch_first else "(seq_len, batch, features)")
            read = f"x of shape {shape} is read as {layout}: each step carries {g} features."
            fix = f"Fix: build the layer with `input_size={g}`, or feed {f} features per step."
        if main.error:
            outcome = (f"Before any multiplication, the forward pass compares `x.size(-1)` = {g} with "
                       f"input_size = {f} and raises `{main.error[0]}`: `{main.error[1]}`")
        else:
            outcome = "torch runs the forward pass without an error."
        return Explanation(
            steps=(
                f"`{_layer_call(p)}` creates `weight_ih_l0` of shape (4 × hidden_size, input_size) = "
                f"({4 * h}, {f}), so every step must carry exactly {f} features.",
                read,
                outcome,
                fix,
            ),
            quick_check=f"x.shape[-1] must equal input_size: {g} ≠ {f}",
            hint="Which axis of x does the layer compare with input_size, and what does the message call each number?",
        )
