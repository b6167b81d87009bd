"""warnings-and-dtypes: the dropout warning of a one-layer LSTM, and inputs of the wrong dtype.

Three kinds of question, named by ``params["kind"]``:

- ``dropout-warning``: ``dropout > 0`` with one layer (torch warns and still builds the layer),
  and now and then with stacked layers (no warning), so "it warns" is not a giveaway;
- ``input-dtype``: a float64 or integer input to a float32 layer: the error torch raises and the
  two fixes its message suggests;
- ``dtype-fix``: which inserted line makes that forward pass run with the layer kept in float32.
  Every option line is run.

The right option of the first two kinds is torch's outcome: its warning or its exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import perm

from ..model import Candidate
from .base import MAX_BATCH, Explanation, Family
from .claims import error_claim, full_claim, other_types, raises, type_only
from .typed import Record

SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
KINDS = ("dropout-warning", "input-dtype", "dtype-fix")
DROPOUTS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
# How the call gives the layer count: left out (1), written out as 1, or stacked.
LAYER_FORMS = ("default", "one", "two", "three")
LAYER_COUNT = {"default": 1, "one": 1, "two": 2, "three": 3}
DTYPE_FORMS = ("float64", "double", "randint", "arange")
INTEGER_FORMS = ("randint", "arange")
FIX_FORMS = ("float", "to")


@dataclass(frozen=True)
class WarningsDtypesParams(Record):
    """The layer and input sizes; ``layers`` and ``dropout`` for dropout-warning items,
    ``dtype_form`` (and ``fix_form`` for dtype-fix) for the dtype items."""

    OPTIONAL = ("layers", "dropout", "dtype_form", "fix_form")

    kind: str
    input_size: int
    hidden_size: int
    seq_len: int
    batch: int
    layers: str | None = None
    dropout: float | None = None
    dtype_form: str | None = None
    fix_form: str | None = None


FIXES = re.compile(r"Convert input: input\.to\(([\w.]+)\), or convert model: model\.to\(([\w.]+)\)")


def _x_line(p: dict) -> str:
    t, n, i = p.seq_len, p.batch, p.input_size
    return {
        "float64": f"x = torch.randn({t}, {n}, {i}, dtype=torch.float64)",
        "double": f"x = torch.randn({t}, {n}, {i}).double()",
        "randint": f"x = torch.randint(0, 10, ({t}, {n}, {i}))",
        "arange": f"x = torch.arange({t} * {n} * {i}).reshape({t}, {n}, {i})",
        None: f"x = torch.randn({t}, {n}, {i})",
    }[p.dtype_form]


def _layer_call(p: dict) -> str:
    args = f"input_size={p.input_size}, hidden_size={p.hidden_size}"
    if p.kind == "dropout-warning":
        if p.layers != "default":
            args += f", num_layers={LAYER_COUNT[p.layers]}"
        args += f", dropout={p.dropout}"
    return f"nn.LSTM({args})"


def _warning_text(warnings) -> str:
    return "; ".join(f"`{cat}`: `{msg}`" for cat, msg in warnings)


class WarningsAndDtypes(Family):
    name = "warnings-and-dtypes"
    difficulties = ("hard",)
    summary = (
        "The warning for `dropout` with a single layer (which still builds), and what a float64 or "
        "integer input does to a float32 layer: the error, the fixes torch suggests, the one that works."
    )
    probes = ("lstm", "output")
    option_probes = ("output",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        kind = rng.choice(KINDS)
        i, h, t, n = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 4)
        p = {"kind": kind, "input_size": i, "hidden_size": h, "seq_len": t, "batch": n}
        if kind == "dropout-warning":
            # Mostly one layer (the warning); sometimes stacked layers, where dropout is fine.
            p["layers"] = rng.choice(("default", "one", "default", "one", "default", "one", "two", "three"))
            p["dropout"] = rng.choice(DROPOUTS)
        else:
            p["dtype_form"] = rng.choice(DTYPE_FORMS)
            if kind == "dtype-fix":
                p["fix_form"] = rng.choice(FIX_FORMS)
        return WarningsDtypesParams(**p)

    def decode(self, data):
        return WarningsDtypesParams.from_dict(data)

    def difficulty_of(self, p):
        return "hard"

    def capacity(self, difficulty):
        sizes = perm(N_SIZES, 4)
        dropout = sizes * len(LAYER_FORMS) * len(DROPOUTS)
        dtype = sizes * len(DTYPE_FORMS)
        fix = sizes * len(DTYPE_FORMS) * len(FIX_FORMS)
        return dropout + dtype + fix

    # --- the question ----------------------------------------------------------------------

    def _setup(self, p) -> str:
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"lstm = {_layer_call(p)}\n"
            f"{_x_line(p)}\n"
        )

    def snippet(self, p):
        return self._setup(p) + "output, (h_n, c_n) = lstm(x)\n"

    def stem(self, p):
        if p.kind == "dtype-fix":
            return ("The last line of this code fails. Which line, inserted just before it, makes it run "
                    "with the layer kept in float32?")
        return "What happens when this code runs?"

    def truth(self, p, main):
        return full_claim(main) if p.kind == "dropout-warning" else error_claim(main)

    def achieves(self, p, out):
        result = out.values.get("output")
        return bool(out.ok and result and result["dtype"] == "float32")

    def options(self, p, main):
        if p.kind == "dropout-warning":
            return self._dropout_options(p, main)
        if p.kind == "input-dtype":
            return self._dtype_options(p, main)
        return self._fix_options(p)

    def _outcome_candidate(self, p, main) -> Candidate:
        if main.error:
            return raises(*main.error, "This is the exception torch raises when the code runs.")
        if main.warnings:
            return Candidate(f"It runs, and torch warns with {_warning_text(main.warnings)}",
                             "torch builds the layer and runs it; the warning is all it reports.",
                             value=full_claim(main), format="text")
        return Candidate("It runs without an error or a warning.", "torch builds and runs the layer silently.",
                         value=full_claim(main), format="text")

    def _dropout_options(self, p, main):
        intended = self._outcome_candidate(p, main)
        d = p.dropout
        silent = ("ok", ())
        wrong: list[Candidate] = []
        if main.warnings:
            category, message = main.warnings[0]
            wrong.append(raises("ValueError", message,
                                "Takes the warning for an error: torch only warns, builds the layer and "
                                "runs the forward pass."))
        else:
            wrong.append(Candidate("It runs, but torch warns that dropout needs num_layers greater than 1.",
                                   "Applies the one-layer warning to a stack: with "
                                   f"{LAYER_COUNT[p.layers]} layers there are gaps between layers for "
                                   "dropout, so torch has nothing to warn about.",
                                   value=("ok", (("UserWarning", None),)), format="text"))
        if main.ok and not main.warnings:
            wrong += type_only(main, "ValueError",
                               "It raises a `ValueError`: `dropout` cannot be combined with stacked layers.",
                               "Misremembers the rule: dropout needs stacked layers; it acts between them.")
            wrong += type_only(main, "TypeError",
                               "It raises a `TypeError`: `nn.LSTM` has no `dropout` argument; use `nn.Dropout`.",
                               "nn.LSTM does take dropout, applied between stacked layers; a separate "
                               "nn.Dropout is needed only after the last layer.")
        else:
            wrong.append(Candidate(f"It runs silently, and in training mode dropout zeroes a share of {d} "
                                   "of the layer's outputs.",
                                   "Thinks dropout applies to the last layer's output; torch applies it only "
                                   "between stacked layers, so with one layer nothing is dropped, and it warns.",
                                   value=silent, format="text"))
            wrong.append(Candidate("It runs silently: torch stacks a second layer so the dropout has somewhere to go.",
                                   "Expects torch to change the architecture; it keeps num_layers=1 and warns "
                                   "that the dropout has no effect.",
                                   value=silent, format="text"))
            wrong += type_only(main, "RuntimeError",
                               "The layer is built, but the forward call raises a `RuntimeError`: dropout "
                               "needs at least two layers.",
                               "Expects a hard failure later; torch warns once at construction and then runs "
                               "the layer normally.")
        return intended, wrong

    def _dtype_options(self, p, main):
        intended = self._outcome_candidate(p, main)
        integer = p.dtype_form in INTEGER_FORMS
        wrong = [
            Candidate("It runs: torch converts x to float32 for the layer.",
                      "Expects automatic type promotion, as in `x + 1.0`; the layer needs input and weights "
                      "of the same dtype and checks that before it computes anything.",
                      value=("ok",), format="text"),
        ]
        if integer:
            wrong.append(Candidate("It runs: integer inputs are read as token ids and embedded.",
                                   "Confuses nn.LSTM with nn.Embedding; token ids must pass through an embedding "
                                   "layer to become float vectors first.", value=("ok",), format="text"))
        else:
            wrong.append(Candidate("It runs, and `output` comes out as float64.",
                                   "Expects the output to follow the input's dtype; the weights stay float32 "
                                   "and torch refuses the mix.", value=("ok",), format="text"))
        wrong.append(raises("RuntimeError",
                            f"mat1 and mat2 must have the same dtype, but got {'Long' if integer else 'Double'} and Float",
                            "Expects the generic matrix-product error of nn.Linear; nn.LSTM checks the dtypes "
                            "itself before multiplying, and names both fixes."))
        wrong += other_types(main, {
            "TypeError": "Expects TypeError, Python's error for an argument of the wrong type; x is a tensor "
                         "as required, and the layer reports the mismatched dtype as a ValueError.",
        })
        if main.error:
            exc, message = main.error
            m = FIXES.search(message)
            if m and m.group(1) != m.group(2):
                swapped = (message[:m.start()] + f"Convert input: input.to({m.group(2)}), or convert model: "
                           f"model.to({m.group(1)})" + message[m.end():])
                wrong.append(raises(exc, swapped, "Reverses the fixes: the input must be converted to the "
                                                  "weights' dtype, or the model to the input's."))
        return intended, wrong

    def _fix_line(self, p) -> str:
        return "x = x.float()" if p.fix_form == "float" else "x = x.to(torch.float32)"

    def _program(self, p, line: str) -> str:
        return self._setup(p) + f"{line}\noutput, (h_n, c_n) = lstm(x)\n"

    def _fix_options(self, p):
        right = self._fix_line(p)
        intended = Candidate(right, "Converts the input to the weights' dtype; the result must be assigned, "
                                    "since conversions return a new tensor.", program=self._program(p, right))
        integer = p.dtype_form in INTEGER_FORMS
        wrong = [
            (right.removeprefix("x = "), "Discards the result: a conversion returns a new tensor, so without "
                                         "`x =` the old x reaches the layer."),
            ("lstm.float()", "Converts the layer, which is float32 already; the input is what has the wrong dtype."),
            ("x = x.half()", "Any floating dtype is not enough: the input must match the weights exactly, "
                             "and they are float32."),
        ]
        if integer:
            wrong += [
                ("lstm = lstm.to(torch.int64)", "Follows the second fix of torch's message literally; module "
                                                "parameters must be floating point, so this call fails."),
                ("x = x.to(torch.float64)", "Converts to a float, but to float64, which still differs from the "
                                            "float32 weights."),
            ]
        else:
            wrong += [
                ("lstm = lstm.double()", "Converts the layer instead: the code runs, but the layer is now float64, "
                                         "not kept in float32 as asked."),
                ("x = x.long()", "Converts to an integer dtype; the layer needs float32."),
            ]
        return intended, [Candidate(line, why, program=self._program(p, line)) for line, why in wrong]

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        if p.kind == "dropout-warning":
            return self._explain_dropout(p, main)
        integer = p.dtype_form in INTEGER_FORMS
        made = {
            "float64": "`dtype=torch.float64` makes x float64.",
            "double": "`.double()` converts x to float64.",
            "randint": "`torch.randint` returns int64 values.",
            "arange": "`torch.arange` with whole-number bounds returns int64 values.",
        }[p.dtype_form]
        outcome = (f"So the forward call raises `{main.error[0]}`: `{main.error[1]}`" if main.error
                   else "torch runs the forward pass without an error.")
        steps = [
            f"`{_layer_call(p)}` creates its weights in torch's default dtype, float32.",
            made,
            "Before it computes anything, the layer compares the input's dtype with its weights' dtype; "
            "unlike `x + 1.0`, it does not promote one to the other.",
            outcome,
        ]
        if p.kind == "input-dtype":
            steps.append("The message names two fixes: convert the input to float32 (`x = x.float()`), or "
                         "convert the model to the input's dtype"
                         + (", which cannot work here: parameters must be floating point." if integer else
                            " (the model then runs in float64)."))
            quick = "input dtype == weight dtype (float32 by default)"
        else:
            steps.append(f"`{correct.text}` assigns a float32 copy of x, so the forward call runs and the "
                         "layer stays float32; torch ran every option line to confirm it.")
            quick = "x.dtype == torch.float32 before lstm(x)"
        return Explanation(tuple(steps), quick,
                           "Compare the dtype of x with the dtype of the layer's weights.")

    def _explain_dropout(self, p, main):
        layers = LAYER_COUNT[p.layers]
        gaps = layers - 1
        shown = "the default num_layers=1" if p.layers == "default" else f"num_layers={layers}"
        if main.error:
            outcome = f"torch raises `{main.error[0]}`: `{main.error[1]}`"
        elif main.warnings:
            outcome = (f"torch builds the layer, warns with {_warning_text(main.warnings)}, and the forward call "
                       "runs: a warning does not stop the program.")
        else:
            outcome = "torch builds the layer and runs it without an error or a warning."
        return Explanation(
            steps=(
                "`dropout` in nn.LSTM zeroes values passed from one stacked layer to the next (in training "
                "mode); the last layer's output is never dropped.",
                f"The call uses {shown}, so there {'is' if gaps == 1 else 'are'} {gaps} "
                f"gap{'' if gaps == 1 else 's'} between layers for dropout={p.dropout} to act on.",
                outcome,
            ),
            quick_check="dropout acts on num_layers − 1 gaps: with one layer, a warning, not an error",
            hint="Where between stacked layers does nn.LSTM apply its dropout, and how many such places are there?",
        )
