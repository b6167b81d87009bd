"""warnings-and-dtypes: the warning of a dropout with nothing to act on, and layers and inputs of
different dtypes.

Three kinds of question, named by ``params.kind``:

- ``dropout``: ``dropout > 0`` with one layer (torch warns and still runs), with stacked layers
  (silent), or with one bidirectional layer (two directions are not two layers: it warns);
- ``dtype``: an input and a layer whose dtypes may differ (float64, float16, int64 or int32 input;
  a layer converted with ``.double()`` or ``.half()``, assigned or in place): torch's error, or the
  shape and dtype of ``output`` when they match;
- ``fix``: which inserted line makes a failing forward pass run with the layer kept in float32.
  Every option line is run.

The truth of the first two is torch's outcome: ``("error", type, message)``, or ``("ok",
warnings, shape, dtype)`` of ``output``. Wrong options are named misconceptions evaluated on the
item's numbers; three are chosen so that length, likeness and kind do not give the key away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import perm

from ..model import Candidate
from .distractors import choose
from .base import MAX_BATCH, Explanation, Family, shape_text
from .typed import Record

SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH
FEATURE_HIGH = 40
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
LEVELS = ("easy", "medium", "hard")
KINDS = ("dropout", "dtype", "fix")
DROPOUTS = tuple(round(0.05 * k, 2) for k in range(1, 13))
LAYER_FORMS = ("default", "one", "two", "three")
LAYER_COUNT = {"default": 1, "one": 1, "two": 2, "three": 3}
# How the code makes x: its dtype, and the expression.
X_FORMS = {
    "float32": "torch.randn({t}, {n}, {i})",
    "float64": "torch.randn({t}, {n}, {i}, dtype=torch.float64)",
    "double": "torch.randn({t}, {n}, {i}).double()",
    "half": "torch.randn({t}, {n}, {i}).half()",
    "randint": "torch.randint(0, 10, ({t}, {n}, {i}))",
    "int32": "torch.randint(0, 10, ({t}, {n}, {i}), dtype=torch.int32)",
}
X_DTYPE = {"float32": "float32", "float64": "float64", "double": "float64", "half": "float16",
           "randint": "int64", "int32": "int32"}
# How the code converts the layer: not at all, chained on the constructor, or in a line of its own.
MODEL_FORMS = ("none", "chain-double", "line-double", "line-to-double", "chain-half")
MODEL_DTYPE = {"none": "float32", "chain-double": "float64", "line-double": "float64",
               "line-to-double": "float64", "chain-half": "float16"}
FIX_FORMS = ("float", "to", "to-dtype", "type")
FIX_LINES = {"float": "x = x.float()", "to": "x = x.to(torch.float32)",
             "to-dtype": "x = x.to(dtype=torch.float32)", "type": "x = x.type(torch.float32)"}
TORCH_NAME = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int"}
WARNING = ("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
           "num_layers greater than 1, but got dropout={d} and num_layers={layers}")
DTYPE_MESSAGE = ("RNN input dtype (torch.{x}) does not match weight dtype (torch.{w}). Convert input: "
                 "input.to(torch.{w}), or convert model: model.to(torch.{x})")


@dataclass(frozen=True)
class WarningsDtypesParams(Record):
    """The sizes, then what the kind needs: ``layers``, ``dropout`` and ``bidirectional`` for a
    dropout item; ``x_form`` and ``model_form`` for a dtype item; ``x_form`` and ``fix_form`` for a
    fix item."""

    OPTIONAL = ("layers", "dropout", "bidirectional", "x_form", "model_form", "fix_form")

    kind: str
    input_size: int
    hidden_size: int
    seq_len: int
    batch: int
    layers: str | None = None
    dropout: float | None = None
    bidirectional: bool | None = None
    x_form: str | None = None
    model_form: str | None = None
    fix_form: str | None = None


def _layer_call(p: WarningsDtypesParams) -> str:
    args = f"input_size={p.input_size}, hidden_size={p.hidden_size}"
    if p.kind == "dropout":
        if p.layers != "default":
            args += f", num_layers={LAYER_COUNT[p.layers]}"
        args += f", dropout={p.dropout}"
        if p.bidirectional:
            args += ", bidirectional=True"
    call = f"nn.LSTM({args})"
    if p.model_form == "chain-double":
        call += ".double()"
    elif p.model_form == "chain-half":
        call += ".half()"
    return call


def _x_line(p: WarningsDtypesParams) -> str:
    form = p.x_form or "float32"
    return "x = " + X_FORMS[form].format(t=p.seq_len, n=p.batch, i=p.input_size)


def out_shape(p: WarningsDtypesParams, directions: int | None = None) -> tuple[int, int, int]:
    d = directions if directions is not None else (2 if p.bidirectional else 1)
    return (p.seq_len, p.batch, d * p.hidden_size)


def _ok_text(shape, dtype: str, warning: str | None = None, how: str = "") -> str:
    text = f"It runs{how}: `output` is {dtype} with shape `{shape_text(shape)}`"
    if warning:
        return text + f"; torch warns (`UserWarning`): `{warning}`"
    return text + ", with no warning."


def _error_text(exc: str, message: str) -> str:
    return f"It raises `{exc}`: `{message}`"


class WarningsAndDtypes(Family):
    name = "warnings-and-dtypes"
    difficulties = LEVELS
    summary = (
        "The warning for `dropout` with nothing to act on (one layer, or one bidirectional layer), and "
        "inputs and layers of different dtypes (float64, float16 and integer inputs; layers converted "
        "with `.double()` or `.half()`): the error, the output when dtypes match, and the fix that works."
    )
    probes = ("output",)
    option_probes = ("output",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:
            p = self._draw(rng)
            if self.difficulty_of(p) == difficulty:
                return p

    def _draw(self, rng) -> WarningsDtypesParams:
        t, n = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 2)
        i, h = rng.sample([v for v in range(SIZE_LOW, FEATURE_HIGH + 1) if v not in (t, n)], 2)
        sizes = dict(input_size=i, hidden_size=h, seq_len=t, batch=n)
        # Kinds whose key has no number of its own (a dtype error, a fix line) are drawn less often,
        # so that answer texts seldom repeat within a family.
        roll = rng.random()
        if roll < 0.5:
            layers = rng.choice(LAYER_FORMS)
            return WarningsDtypesParams("dropout", **sizes, layers=layers, dropout=rng.choice(DROPOUTS),
                                        bidirectional=rng.random() < 0.3)
        if roll < 0.95:
            model = rng.choice(MODEL_FORMS)
            if rng.random() < 0.84:  # mostly an input that matches the layer: it runs, with numbers to read
                x = {"float32": "float32", "float64": rng.choice(("float64", "double")), "float16": "half"}[
                    MODEL_DTYPE[model]]
            else:
                x = rng.choice([f for f in X_FORMS if X_DTYPE[f] != MODEL_DTYPE[model]])
            return WarningsDtypesParams("dtype", **sizes, x_form=x, model_form=model)
        x = rng.choice(("float64", "double", "half", "randint", "int32"))
        return WarningsDtypesParams("fix", **sizes, x_form=x, fix_form=rng.choice(FIX_FORMS))

    def decode(self, data):
        return WarningsDtypesParams.from_dict(data)

    def difficulty_of(self, p):
        if p.kind == "dropout":
            return "hard" if p.bidirectional else "easy" if p.layers == "default" else "medium"
        if p.kind == "fix":
            return "medium" if X_DTYPE[p.x_form].startswith("float") else "hard"
        if p.model_form == "none":
            return "easy" if p.x_form in ("float32", "float64", "double") else "medium"
        return "medium" if p.model_form == "chain-double" else "hard"

    def capacity(self, difficulty):
        sizes = perm(N_SIZES, 2) * perm(FEATURE_HIGH - SIZE_LOW + 1, 2)
        dropout = sizes * len(LAYER_FORMS) * len(DROPOUTS) * 2
        dtype = sizes * len(X_FORMS) * len(MODEL_FORMS)
        fix = sizes * len(X_FORMS) * len(FIX_FORMS)
        return dropout + dtype + fix

    # --- the question ----------------------------------------------------------------------

    def _setup(self, p) -> str:
        lines = ["import torch", "import torch.nn as nn", "", f"lstm = {_layer_call(p)}"]
        if p.model_form == "line-double":
            lines.append("lstm.double()")
        elif p.model_form == "line-to-double":
            lines.append("lstm.to(torch.float64)")
        lines.append(_x_line(p))
        return "\n".join(lines) + "\n"

    def snippet(self, p):
        return self._setup(p) + "output, (h_n, c_n) = lstm(x)\n"

    def stem(self, p):
        if p.kind == "fix":
            if X_DTYPE[p.x_form].startswith("int"):
                return ("These inputs are integer counts. Which line, inserted just before the last one, lets "
                        "the forward pass run with the layer kept in float32?")
            return ("The last line of this code fails. Which line, inserted just before it, makes it run "
                    "with the layer kept in float32?")
        if p.kind == "dropout":
            return ("This layer is built for training with dropout. What happens when the code runs?"
                    if LAYER_COUNT[p.layers] > 1 else "What happens when this code runs?")
        if p.model_form != "none":
            return "The layer is converted before use. What does the forward call do?"
        return "What does the forward call do with this input?"

    def truth(self, p, main):
        if main.error:
            return ("error", main.error[0], main.error[1])
        out = main.values["output"]
        return ("ok", tuple(tuple(w) for w in main.warnings), tuple(out["shape"]), out["dtype"])

    def achieves(self, p, out):
        result = out.values.get("output")
        return bool(out.ok and result and result["dtype"] == "float32")

    def options(self, p, main):
        if p.kind == "fix":
            return self._fix_options(p)
        key = self._outcome_candidate(p, main)
        pool = self._dropout_claims(p) if p.kind == "dropout" else self._dtype_claims(p)
        pool = [c for c in pool if c.value != key.value]
        return key, choose(key, pool, salt=repr(p.to_dict()), usual="")

    def _outcome_candidate(self, p, main) -> Candidate:
        if main.error:
            exc, message = main.error
            return Candidate(_error_text(exc, message), self._key_why(p, main), value=("error", exc, message),
                             format="text")
        out = main.values["output"]
        warning = main.warnings[0][1] if main.warnings else None
        value = ("ok", tuple(tuple(w) for w in main.warnings), tuple(out["shape"]), out["dtype"])
        return Candidate(_ok_text(out["shape"], out["dtype"], warning, self._key_how(p, main)),
                         self._key_why(p, main), value=value, format="text")

    def _key_how(self, p, main) -> str:
        """A short true reason inside the key, as the wrong claims carry their own."""
        if p.kind == "dropout":
            layers = LAYER_COUNT[p.layers]
            if main.warnings:
                return f", as one layer with dropout={p.dropout} does" if p.seq_len % 2 else ""
            return f" with {layers} layers"
        return " on matching dtypes" if p.seq_len % 2 else ""

    def _key_why(self, p, main) -> str:
        if p.kind == "dropout":
            layers = LAYER_COUNT[p.layers]
            if main.warnings:
                return (f"With num_layers={layers} there is no gap between stacked layers for dropout={p.dropout}"
                        + (" (the two directions run side by side, not stacked)" if p.bidirectional else "")
                        + ": torch warns, and the layer runs.")
            return f"{layers} layers leave {layers - 1} gaps for dropout={p.dropout}: nothing to warn about."
        x, w = X_DTYPE[p.x_form], MODEL_DTYPE[p.model_form]
        if main.error:
            return f"x is {x} and the weights are {w}; the layer checks that they match and converts neither."
        return f"x and the weights are both {w}, so the layer runs and output is {w} too."

    # --- misconceptions as claims ---------------------------------------------------------------

    def _dropout_claims(self, p) -> list[Candidate]:
        layers, d, h = LAYER_COUNT[p.layers], p.dropout, p.hidden_size
        shape = out_shape(p)
        warns = layers == 1
        warning = WARNING.format(d=d, layers=layers)
        out: list[Candidate] = []

        def claim(text, why, value, mid):
            out.append(Candidate(text, why, value=value, format="text", misconception=mid))

        if warns:
            claim(_error_text("ValueError", warning),
                  "Takes the warning for an error: torch only warns and runs the layer.", ("error", "ValueError", warning),
                  "warning-is-error")
            claim(_ok_text(shape, "float32", how=f" and drops a share of {d} of the outputs"),
                  "Thinks dropout acts on the last layer's output; it acts only between stacked layers, so with "
                  "one layer it does nothing, and torch warns.", ("ok", (), shape, "float32"), "dropout-on-last-layer")
            claim(_error_text("RuntimeError", "dropout requires num_layers > 1"),
                  "Expects a hard failure at the forward call; torch warns once at construction and runs.",
                  ("error", "RuntimeError", "dropout requires num_layers > 1"), "fails-at-forward")
            if p.bidirectional:
                claim(_ok_text(shape, "float32", how=": the two directions give dropout a gap"),
                      "Counts the two directions as two layers; they run side by side, so there is still no gap "
                      "between stacked layers.", ("ok", (), shape, "float32"), "directions-count-as-layers")
                claim(_ok_text(out_shape(p, 1), "float32", warning),
                      "Forgets that a bidirectional layer joins both directions: output has 2 × hidden_size "
                      "features.", ("ok", (("UserWarning", warning),), out_shape(p, 1), "float32"),
                      "forgets-directions")
            else:
                claim(_ok_text((p.batch, h), "float32", warning, ": output keeps only the last step"),
                      "Takes output for the last step alone; output holds every step, h_n the last one.",
                      ("ok", (("UserWarning", warning),), (p.batch, h), "float32"), "output-is-last-step")
            claim(_ok_text((1, p.batch, shape[2]), "float32", warning, ", like h_n"),
                  "Gives output the shape of h_n; output has one entry per time step.",
                  ("ok", (("UserWarning", warning),), (1, p.batch, shape[2]), "float32"), "output-is-h-n")
            claim(_ok_text((p.seq_len, p.batch, p.input_size), "float32", warning, ": output keeps x's width"),
                  "Gives output the input's width; it has hidden_size features per direction.",
                  ("ok", (("UserWarning", warning),), (p.seq_len, p.batch, p.input_size), "float32"),
                  "output-keeps-input-width")
        else:
            claim(_ok_text(shape, "float32", WARNING.format(d=d, layers=layers)),
                  f"Applies the one-layer warning to a stack: {layers} layers leave {layers - 1} gaps for dropout.",
                  ("ok", (("UserWarning", WARNING.format(d=d, layers=layers)),), shape, "float32"),
                  "stacked-dropout-warns")
            claim("It raises a `ValueError`: `dropout` cannot be combined with stacked layers.",
                  "Turns the rule around: dropout needs stacked layers; it acts between them.",
                  ("error", "ValueError", None), "dropout-conflicts-with-stacking")
            claim(_ok_text(shape, "float32", WARNING.format(d=d, layers=1)),
                  "Thinks each layer checks dropout on its own and warns as a single layer would.",
                  ("ok", (("UserWarning", WARNING.format(d=d, layers=1)),), shape, "float32"),
                  "each-layer-warns")
            if p.bidirectional:
                claim(_ok_text(out_shape(p, 1), "float32"),
                      "Forgets that both directions are joined: output has 2 × hidden_size features.",
                      ("ok", (), out_shape(p, 1), "float32"), "forgets-directions")
            else:
                claim(_ok_text((p.seq_len, p.batch, layers * h), "float32"),
                      "Thinks output joins every layer's features; it comes from the last layer only.",
                      ("ok", (), (p.seq_len, p.batch, layers * h), "float32"), "output-joins-layers")
        return out

    def _dtype_claims(self, p) -> list[Candidate]:
        x, w = X_DTYPE[p.x_form], MODEL_DTYPE[p.model_form]
        shape = out_shape(p, 1)
        out: list[Candidate] = []

        def claim(text, why, value, mid):
            out.append(Candidate(text, why, value=value, format="text", misconception=mid))

        message = DTYPE_MESSAGE.format(x=x, w=w)
        if x != w:
            claim(_ok_text(shape, w, how=f": torch converts x to {w}"),
                  "Expects automatic type promotion, as in `x + 1.0`; the layer compares the dtypes and "
                  "converts neither.", ("ok", (), shape, w), "promotes-input")
            if x.startswith("float"):
                claim(_ok_text(shape, x, how=": output follows x"),
                      "Expects output to follow the input's dtype; the weights must match x first.",
                      ("ok", (), shape, x), "output-follows-input")
            else:
                claim(_ok_text(shape, "float32", how=": the integers are read as token ids"),
                      "Confuses nn.LSTM with nn.Embedding: token ids need an embedding layer first.",
                      ("ok", (), shape, "float32"), "reads-ints-as-tokens")
            claim(_error_text("TypeError", message), "Expects TypeError for a dtype mismatch; x is a tensor as "
                                                     "required, and the layer raises ValueError.",
                  ("error", "TypeError", message), "dtype-mismatch-is-typeerror")
            mm = f"mat1 and mat2 must have the same dtype, but got {TORCH_NAME[x]} and {TORCH_NAME[w]}"
            claim(_error_text("RuntimeError", mm), "Expects nn.Linear's matrix-product error; nn.LSTM checks "
                                                   "the dtypes itself, first.", ("error", "RuntimeError", mm),
                  "expects-matmul-error")
            swapped = DTYPE_MESSAGE.format(x=w, w=x)
            claim(_error_text("TypeError", swapped), "Expects TypeError, and reads the dtypes the wrong way round: "
                                                     "the layer raises ValueError naming the input's dtype first.",
                  ("error", "TypeError", swapped), "dtype-mismatch-is-typeerror")
            claim(_error_text("ValueError", swapped), "Reads the dtypes the wrong way round: the message names "
                                                      "the input's dtype first.", ("error", "ValueError", swapped),
                  "swaps-input-and-weight")
        else:
            stays = DTYPE_MESSAGE.format(x=x, w="float32")
            if w != "float32":
                claim(_error_text("ValueError", stays),
                      "Thinks the conversion is lost" + (" because its result is not assigned; a module converts "
                                                         "itself in place" if p.model_form.startswith("line")
                                                         else "; the chained call returns the converted layer")
                      + ".", ("error", "ValueError", stays), "module-conversion-not-in-place")
                claim(_ok_text(shape, "float32", how=": torch returns float32"),
                      "Expects output to come back in float32 whatever the weights; "
                                                  f"it is computed in {w}.", ("ok", (), shape, "float32"),
                      "output-always-float32")
            if w == "float16":
                msg = "\"addmm_impl_cpu_\" not implemented for 'Half'"
                claim(_error_text("RuntimeError", msg), "Expects float16 to be unsupported on the CPU; this "
                                                        "torch runs the layer in half precision.",
                      ("error", "RuntimeError", msg), "half-unsupported-on-cpu")
            claim(_ok_text((p.seq_len, p.batch, p.input_size), w, how=": output keeps x's width"),
                  "Gives output the input's width; it has hidden_size features.",
                  ("ok", (), (p.seq_len, p.batch, p.input_size), w), "output-keeps-input-width")
            claim(_ok_text((p.batch, p.hidden_size), w, how=": output keeps only the last step"),
                  "Takes output for the last step alone; that is h_n without its first axis.",
                  ("ok", (), (p.batch, p.hidden_size), w), "output-is-last-step")
            claim(_ok_text((1, p.batch, p.hidden_size), w, how=", like h_n"),
                  "Gives output the shape of h_n; output has one entry per time step.",
                  ("ok", (), (1, p.batch, p.hidden_size), w), "output-is-h-n")
            if w == "float32":
                claim(_error_text("ValueError", DTYPE_MESSAGE.format(x="float32", w="float64")),
                      "Thinks layers keep their weights in float64; torch's default dtype is float32.",
                      ("error", "ValueError", DTYPE_MESSAGE.format(x="float32", w="float64")),
                      "weights-are-float64")
        return out

    # --- fix items ------------------------------------------------------------------------

    def _program(self, p, line: str) -> str:
        return self._setup(p) + f"{line}\noutput, (h_n, c_n) = lstm(x)\n"

    def _fix_options(self, p):
        right = FIX_LINES[p.fix_form]
        intended = Candidate(right, f"Makes a float32 copy of the {X_DTYPE[p.x_form]} x and assigns it, so the "
                                    "float32 layer receives float32 input.", program=self._program(p, right))
        integer = X_DTYPE[p.x_form].startswith("int")
        wrong = [
            (right.removeprefix("x = "), "Discards the result: a tensor conversion returns a new tensor, so "
                                         "without `x =` the old x reaches the layer.", "tensor-conversion-in-place"),
            ("lstm.float()", "Converts the layer, which is float32 already; the input is what differs.",
             "converts-the-layer"),
            ("lstm = lstm.float()", "Assigns a float32 layer that was float32 already; x keeps its dtype.",
             "converts-the-layer"),
            ("x = x.half()" if p.x_form != "half" else "x = x.double()",
             "Any floating dtype is not enough: the input must match the float32 weights exactly.",
             "any-float-dtype-will-do"),
            ("torch.set_default_dtype(torch.float32)", "Thinks the default dtype rules existing tensors; it only "
                                                       "applies to tensors made afterwards.",
             "default-dtype-converts-tensors"),
            ("x = x.float64()", "Invents a method: tensors have `.float()` and `.double()`, not `.float64()`, and "
                                "float64 would not match the weights anyway.", "any-float-dtype-will-do"),
        ]
        if integer:
            wrong.append(("lstm = lstm.to(torch.int64)", "Follows the message's second fix literally; parameters "
                                                         "must be floating point.", "model-can-be-integer"))
        else:
            wrong.append(("lstm = lstm.double()" if X_DTYPE[p.x_form] == "float64" else "lstm = lstm.half()",
                          "Converts the layer to the input's dtype: it runs, but the layer is no longer float32.",
                          "convert-model-keeps-float32"))
        pool = [Candidate(line, why, program=self._program(p, line), misconception=mid) for line, why, mid in wrong]
        return intended, choose(intended, pool, salt=repr(p.to_dict()))

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        if p.kind == "dropout":
            return self._explain_dropout(p, main)
        x, w = X_DTYPE[p.x_form], MODEL_DTYPE[p.model_form or "none"]
        made = {
            "float32": "`torch.randn` makes float32 values.",
            "float64": "`dtype=torch.float64` makes x float64.",
            "double": "`.double()` converts x to float64.",
            "half": "`.half()` converts x to float16.",
            "randint": "`torch.randint` returns int64 values.",
            "int32": "`torch.randint(..., dtype=torch.int32)` returns int32 values.",
        }[p.x_form]
        layer = {"none": "The layer keeps torch's default dtype, float32.",
                 "chain-double": "`.double()` on the new layer converts its weights to float64 and returns it.",
                 "line-double": "`lstm.double()` converts the layer's weights to float64 in place (a module "
                                "converts itself; no assignment is needed).",
                 "line-to-double": "`lstm.to(torch.float64)` converts the layer in place to float64.",
                 "chain-half": "`.half()` on the new layer converts its weights to float16."}[p.model_form or "none"]
        steps = [layer, made,
                 "Before computing, the layer compares x's dtype with its weights' dtype; unlike `x + 1.0`, it "
                 "promotes neither."]
        if p.kind == "fix":
            steps.append(f"`{correct.text}` assigns a float32 copy of x, so the forward call runs and the layer "
                         "stays float32; a tensor conversion needs the assignment, a module conversion does not.")
            quick = "x.dtype == torch.float32 == next(lstm.parameters()).dtype before lstm(x)"
            hint = ("Which of these lines changes x itself, and which only makes a new tensor?"
                    if p.fix_form == "float" else
                    "After each line, what are the dtypes of x and of the layer's weights?")
            mistakes = ("Converting x without assigning the result.", "Converting the layer instead of the input.",
                        "Settling for a floating dtype other than the weights'.")
        else:
            if main.error:
                steps.append(f"x is {x}, the weights {w}: torch raises `{main.error[0]}`: `{main.error[1]}`")
            else:
                out = main.values["output"]
                steps.append(f"x and the weights are both {w}: the layer runs, and output is {out['dtype']} with "
                             f"shape {shape_text(out['shape'])} (seq_len, batch, hidden_size).")
            quick = "Write the dtype next to each tensor and each layer line; they must agree at `lstm(x)`."
            hint = (f"What dtype does `{_layer_call(p)}` and the line after it leave the weights in, and what is x?"
                    if p.model_form != "none" else
                    f"What dtype does `{_x_line(p)}` produce, and what do the weights use?")
            mistakes = ("Expecting torch to convert one dtype to the other.",
                        "Forgetting that a module converts itself in place.",
                        "Giving output the input's width or the last step's shape.")
        return Explanation(tuple(steps), quick, hint, mistakes)

    def _explain_dropout(self, p, main):
        layers = LAYER_COUNT[p.layers]
        gaps = layers - 1
        shown = "the default num_layers=1" if p.layers == "default" else f"num_layers={layers}"
        steps = [
            "`dropout` in nn.LSTM zeroes values passed from one stacked layer to the next (in training "
            "mode); the last layer's output is never dropped.",
            f"The call uses {shown}, so there {'is' if gaps == 1 else 'are'} {gaps} "
            f"gap{'' if gaps == 1 else 's'} between layers for dropout={p.dropout} to act on.",
        ]
        if p.bidirectional:
            steps.append("bidirectional=True runs two directions side by side in each layer; it adds no gap, "
                         f"and doubles output's features to {2 * p.hidden_size}.")
        out = main.values["output"]
        if main.warnings:
            steps.append(f"So torch warns with `{main.warnings[0][0]}`: `{main.warnings[0][1]}`, and the forward "
                         f"call runs: output has shape {shape_text(out['shape'])}.")
        else:
            steps.append(f"So torch builds and runs the layer without a warning: output has shape "
                         f"{shape_text(out['shape'])}.")
        return Explanation(
            steps=tuple(steps),
            quick_check=f"gaps = num_layers − 1 = {gaps}; output width = directions × hidden_size",
            hint=(f"Where does nn.LSTM put its dropout, and how many such places does a stack of {layers} have?"
                  if gaps else ("Do two directions make two stacked layers?" if p.bidirectional else
                                f"Between which two layers could dropout={p.dropout} act here?")),
            mistakes=("Taking a warning for an error.", "Thinking dropout acts on the last layer's output.",
                      "Counting directions as stacked layers."),
        )
