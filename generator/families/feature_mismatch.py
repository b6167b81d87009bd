"""feature-mismatch: what a forward call does with an input whose axes may not be what the layer
reads: the exception (type, message, numbers), or, when it runs, the shape of ``output``.

Situations (``params.situation``): the last axis differs from ``input_size`` (sequence first,
batch first or unbatched), it equals ``hidden_size`` instead, a ``(batch, features, time)``
tensor from a convolution, a batch-first tensor fed to a sequence-first layer (it runs, on the
wrong axes), a tensor of the wrong rank, a matching input (runs), a stacked layer (only the first
reads x), and a second layer fed by a bidirectional or projected first layer. The truth is
torch's outcome: ``("error", type, message)``, or ``("ok", shape of output)``. Every wrong option
is a named misconception evaluated on the item's numbers; three are chosen so that the key's
length, likeness and kind give nothing away (``families.distractors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from ..model import Candidate
from .distractors import choose
from .base import MAX_BATCH, Explanation, Family, shape_text
from .typed import Record

# All sizes of one draw are distinct and small, so every number in a message points at one thing.
SIZE_LOW, SIZE_HIGH = 2, MAX_BATCH  # sequence length and batch
FEATURE_HIGH = 40  # input, hidden and the wrong feature sizes (a wider range: fewer repeated messages)
N_SIZES = FEATURE_HIGH - SIZE_LOW + 1
LEVELS = ("easy", "medium", "hard")
SITUATIONS = ("other-features", "hidden-features", "matches", "time-last", "batch-first-forgotten",
              "wrong-rank", "stacked-layers", "after-bidirectional", "after-projection")
# The base level of each situation; batch_first and unbatched input add to the first three.
BASE_LEVEL = {"other-features": 0, "hidden-features": 0, "matches": 0, "time-last": 1,
              "batch-first-forgotten": 1, "wrong-rank": 1, "stacked-layers": 1,
              "after-bidirectional": 2, "after-projection": 2}
LAYOUTS = ("seq-first", "batch-first", "unbatched")
USUAL_KIND = "RuntimeError"  # the kind most keys have: options of that kind must not point at the key


@dataclass(frozen=True)
class FeatureMismatchParams(Record):
    """The layer (or two), and the input fed to it.

    ``second_input`` is the second layer's input_size (stacked-layer situations only);
    ``x_shape`` is the shape of x as the code builds it."""

    situation: str
    layout: str
    input_size: int
    hidden_size: int
    num_layers: int
    x_shape: tuple[int, ...]
    second_input: int
    second_hidden: int
    proj_size: int
    comments: bool


def _layer(f: int, h: int, *extra: str) -> str:
    return f"nn.LSTM({', '.join([f'input_size={f}', f'hidden_size={h}', *extra])})"


def layer_call(p: FeatureMismatchParams) -> str:
    extra = []
    if p.num_layers != 1:
        extra.append(f"num_layers={p.num_layers}")
    if p.situation == "after-bidirectional":
        extra.append("bidirectional=True")
    if p.situation == "after-projection":
        extra.append(f"proj_size={p.proj_size}")
    if p.layout == "batch-first":
        extra.append("batch_first=True")
    return _layer(p.input_size, p.hidden_size, *extra)


def _stacked(p: FeatureMismatchParams) -> bool:
    return p.situation in ("after-bidirectional", "after-projection")


def fed_features(p: FeatureMismatchParams) -> int:
    """The size of the last axis of what the checked layer receives."""
    if p.situation == "after-bidirectional":
        return 2 * p.hidden_size
    if p.situation == "after-projection":
        return p.proj_size
    return p.x_shape[-1]


def checked_input_size(p: FeatureMismatchParams) -> int:
    """The input_size of the layer that compares (the second one when layers are chained)."""
    return p.second_input if _stacked(p) else p.input_size


def output_width(p: FeatureMismatchParams) -> int:
    return p.second_hidden if _stacked(p) else p.hidden_size


def output_shape(p: FeatureMismatchParams) -> tuple[int, ...]:
    """The shape of output when the call runs: the input's shape with its last axis replaced."""
    lead = p.x_shape[:-1]
    return (*lead, output_width(p))


def runs(p: FeatureMismatchParams) -> bool:
    return 2 <= len(p.x_shape) <= 3 and fed_features(p) == checked_input_size(p)


class FeatureMismatch(Family):
    name = "feature-mismatch"
    difficulties = LEVELS
    summary = (
        "What a forward call does when x's axes may not be what the layer reads: the exception and "
        "the numbers its message reports, or the shape of `output` when it runs (batch-first tensors "
        "fed to a sequence-first layer, convolution layouts, wrong rank, stacked and chained layers)."
    )
    probes = ("output",)

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        level = LEVELS.index(difficulty)
        while True:
            situation = rng.choice(SITUATIONS)
            if situation == "wrong-rank" and rng.random() < 0.6:
                continue  # its two messages have no numbers: drawn rarely, so answers seldom repeat
            layout = "seq-first"
            if situation in ("other-features", "hidden-features", "matches", "wrong-rank"):
                layout = rng.choice(LAYOUTS)
            p = self._draw(rng, situation, layout, comments=level == 0)
            if self.difficulty_of(p) == difficulty:
                return p

    def _draw(self, rng, situation, layout, comments) -> FeatureMismatchParams:
        t, n = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 2)
        f, h, g, k = rng.sample([v for v in range(SIZE_LOW, FEATURE_HIGH + 1) if v not in (t, n)], 4)
        layers, second_input, second_hidden, proj = 1, 0, 0, 0
        if situation == "hidden-features":
            g = h
        elif situation in ("matches", "batch-first-forgotten", "stacked-layers"):
            g = f
        if situation == "stacked-layers":
            layers = rng.choice((2, 3))
        if situation == "time-last":
            layout = "batch-first"
            shape = (n, f, t)
        elif situation == "batch-first-forgotten":
            shape = (n, t, g)
        elif situation == "wrong-rank":
            # One feature vector without its time axis, or a 4-D tensor with an extra axis.
            shape = (f,) if layout == "unbatched" else (n, t, rng.choice((1, 3)), f)
        elif layout == "unbatched":
            shape = (t, g)
        elif layout == "batch-first":
            shape = (n, t, g)
        else:
            shape = (t, n, g)
        if situation in ("after-bidirectional", "after-projection"):
            shape = (t, n, f)
            second_hidden = k
            if situation == "after-projection":
                proj = rng.randint(SIZE_LOW, h - 1) if h > SIZE_LOW + 1 else SIZE_LOW
                h = max(h, proj + 1)
            fed = 2 * h if situation == "after-bidirectional" else proj
            # Half the draws chain the layers right; the others use hidden_size, the usual slip.
            second_input = fed if rng.random() < 0.5 else h
        return FeatureMismatchParams(situation, layout, f, h, layers, tuple(shape), second_input,
                                     second_hidden, proj, comments)

    def decode(self, data):
        return FeatureMismatchParams.from_dict(data)

    def difficulty_of(self, p):
        level = BASE_LEVEL[p.situation] + (p.layout == "batch-first" and p.situation != "time-last") \
            + (p.layout == "unbatched")
        return LEVELS[min(level, 2)]

    def capacity(self, difficulty):
        """An upper bound: six distinct sizes, then every situation, layout and small choice."""
        sizes = 1
        for i in range(6):
            sizes *= N_SIZES - i
        return sizes * len(SITUATIONS) * len(LAYOUTS) * 3 * 2 * 2 * SIZE_HIGH

    # --- the question ----------------------------------------------------------------------

    def snippet(self, p):
        shape = ", ".join(str(d) for d in p.x_shape)
        note = ""
        if p.comments:
            note = {"seq-first": "  # (seq_len, batch, features)", "batch-first": "  # (batch, seq_len, features)",
                    "unbatched": "  # (seq_len, features)"}.get(p.layout, "")
        if p.situation == "time-last":
            note = "  # the output of an nn.Conv1d"
        if _stacked(p):
            return (
                "import torch\n"
                "import torch.nn as nn\n"
                "\n"
                f"first = {layer_call(p)}\n"
                f"second = {_layer(p.second_input, p.second_hidden)}\n"
                f"x = torch.randn({shape})\n"
                "y, _ = first(x)\n"
                "output, (h_n, c_n) = second(y)\n"
            )
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            f"lstm = {layer_call(p)}\n"
            f"x = torch.randn({shape}){note}\n"
            "output, (h_n, c_n) = lstm(x)\n"
        )

    def stem(self, p):
        return {
            "time-last": "The tensor x comes straight out of a convolution. What happens when this code runs?",
            "batch-first-forgotten": "The data loader yields batches with the batch axis first. What happens "
                                     "when this code runs?",
            "wrong-rank": "What does the forward call do with this x?",
            "stacked-layers": "This stack of layers reads one batch. What happens when the code runs?",
            "after-bidirectional": "Two layers are chained by hand. What happens when this code runs?",
            "after-projection": "The first layer's output feeds a second layer. What does the last line do?",
            "matches": "What happens when this code runs?",
            "hidden-features": "What is the result of the forward call below?",
        }.get(p.situation, "What happens when this code runs?")

    def truth(self, p, main):
        if main.error:
            return ("error", main.error[0], main.error[1])
        return ("ok", tuple(main.values["output"]["shape"]))

    def options(self, p, main):
        key = self._claim_of(p, main)
        pool = [c for c in self._misconceptions(p) if c.value != key.value]
        return key, choose(key, pool, salt=repr(p.to_dict()), usual=USUAL_KIND)

    # --- claims ------------------------------------------------------------------------------

    def _claim_of(self, p, main) -> Candidate:
        """The key: what torch did, with the rule that makes it so."""
        f, g = checked_input_size(p), fed_features(p)
        if main.error:
            exc, message = main.error
            if exc == "ValueError":
                why = (f"x has {len(p.x_shape)} axes; an LSTM reads (seq_len, batch, features) or, unbatched, "
                       "(seq_len, features), and checks the rank first.")
            else:
                why = (f"The layer that reads {shape_text(self._fed_shape(p))} compares its last axis, {g}, "
                       f"with its input_size, {f}, before any multiplication.")
            return Candidate(_error(exc, message), why, value=("error", exc, message), format="text")
        shape = tuple(main.values["output"]["shape"])
        why = (f"The last axis fed to the layer is {g}, equal to input_size={f}, so it runs; output keeps "
               f"the input's leading axes and has {output_width(p)} features: {shape_text(shape)}.")
        how = (f": each step brings the {f} features it expects" if p.situation != "batch-first-forgotten"
               else f" over {p.x_shape[0]} steps")
        return Candidate(_ok(shape, how), why, value=("ok", shape), format="text")

    def _fed_shape(self, p) -> tuple[int, ...]:
        if _stacked(p):
            return (*p.x_shape[:-1], fed_features(p))
        return p.x_shape

    def _misconceptions(self, p) -> list[Candidate]:
        f, h, g = checked_input_size(p), p.hidden_size, fed_features(p)
        out: list[Candidate] = []

        def claim(text, why, value, mid):
            out.append(Candidate(text, why, value=value, format="text", misconception=mid))

        def error(exc, message, why, mid):
            claim(_error(exc, message), why, ("error", exc, message), mid)

        def ok(shape, why, mid, how=""):
            claim(_ok(shape, how), why, ("ok", tuple(shape)), mid)

        size_msg = "input.size(-1) must be equal to input_size. Expected {}, got {}"
        lead = p.x_shape[:-1]
        width = output_width(p)
        if 2 <= len(p.x_shape) <= 3:
            if f != g:
                error("RuntimeError", size_msg.format(g, f),
                      f"Swaps the two numbers: torch puts input_size ({f}) after 'Expected' and the size it got "
                      f"({g}) after 'got'.", "swaps-expected-and-got")
                error("ValueError", size_msg.format(f, g),
                      "Expects ValueError for a wrong size; the size check inside the forward pass raises "
                      "RuntimeError.", "size-check-is-valueerror")
                error("ValueError", size_msg.format(g, f),
                      "Expects ValueError for a wrong size, and reads the message backwards: the check raises "
                      f"RuntimeError, and 'Expected' is input_size ({f}).", "size-check-is-valueerror")
                if h not in (f, g) and not _stacked(p):
                    error("RuntimeError", size_msg.format(h, g),
                          f"Thinks the layer checks x against hidden_size ({h}); it checks input_size ({f}).",
                          "compares-with-hidden-size")
                rows = prod(self._fed_shape(p)[:-1])
                error("RuntimeError", f"mat1 and mat2 shapes cannot be multiplied ({rows}x{g} and {f}x{4 * h})",
                      "Expects the generic matrix-product error of nn.Linear; nn.LSTM checks the feature size "
                      "itself, before multiplying.", "expects-matmul-error")
                if g < f:
                    ok((*lead, width), f"Expects torch to pad each step with zeros up to {f} features; it never "
                                       "changes the input's size.", "pads-features",
                       f": torch pads every step with zeros to {f} features")
                else:
                    ok((*lead, width), f"Expects torch to keep the first {f} features of each step and drop the "
                                       "rest; it never changes the input's size.", "truncates-features",
                       f": torch keeps the first {f} features of every step")
                ok((*lead, width), f"Expects the layer to resize its weights to {g} input columns at the first "
                                   "call, as nn.LazyLinear does; nn.LSTM fixed them in the constructor.",
                   "infers-input-size", f": the layer resizes its weights to {g} columns")
            else:
                if h != g and not _stacked(p):
                    error("RuntimeError", size_msg.format(h, g),
                          f"Compares the input's last axis with hidden_size ({h}); the input must carry "
                          f"input_size ({f}) features, and it does.", "compares-with-hidden-size")
                    error("ValueError", size_msg.format(h, g),
                          f"Checks x against hidden_size ({h}) and expects a ValueError; x matches input_size, "
                          "and a size failure would be a RuntimeError.", "compares-with-hidden-size")
                if len(lead) == 2:
                    batch = lead[1] if p.layout == "seq-first" else lead[0]
                    ok((batch, width), "Takes output for the last step alone; output holds every step, "
                                       "h_n the last one.", "output-is-last-step", ": output keeps only the last step")
                    ok((p.num_layers, batch, width), "Gives output the shape of h_n; output has one entry per "
                                                     "time step.", "output-is-h-n", ", like h_n,")
                if p.num_layers > 1:
                    error("RuntimeError", size_msg.format(h, g),
                          f"Thinks every stacked layer reads x; only the first does, and layers 2..{p.num_layers} "
                          f"read the {h} features of the layer below.", "every-layer-reads-x")
                ok((*lead, f), "Thinks output keeps the input's feature width; it has hidden_size features.",
                   "output-keeps-input-width", f" with {f} features per step")
                if len(lead) == 2:
                    ok((lead[1], lead[0], width), "Expects torch to put the batch axis where its layout "
                                                  "flag says; output keeps the axes of x in their order.",
                       "output-reorders-axes", ": the batch axis moves")
                if p.situation == "batch-first-forgotten":
                    claim("It raises a `RuntimeError`: the layer sees the batch axis where it expects time.",
                          "Expects torch to notice a batch-first tensor; it cannot tell the axes apart and "
                          f"reads {p.x_shape[0]} as the sequence length.", ("error", "RuntimeError", None),
                          "torch-detects-batch-axis")
                if p.layout == "unbatched":
                    error("ValueError", "LSTM: Expected input to be 3D, got 2D instead",
                          "Expects a batch axis to be required; a 2-D x is one unbatched sequence.",
                          "needs-batch-axis")
        else:
            rank = len(p.x_shape)
            wrong_rank = 3 if rank == 4 else 2
            error("ValueError", f"LSTM: Expected input to be 2D or 3D, got {wrong_rank}D instead",
                  "Miscounts the axes of x.", "miscounts-rank")
            error("RuntimeError", f"LSTM: Expected input to be 2D or 3D, got {rank}D instead",
                  "Expects RuntimeError for a bad rank; the forward pass checks the rank in Python first and "
                  "raises ValueError.", "rank-check-is-runtimeerror")
            if rank == 4:
                merged = (p.x_shape[0], p.x_shape[1] * p.x_shape[2], p.x_shape[3])
                ok((*merged[:2], p.hidden_size), "Expects torch to merge the extra axis into the batch; it "
                                                 "never reshapes the input.", "merges-extra-axis")
                ok((*p.x_shape[:3], p.hidden_size), "Expects the layer to run over every leading axis as "
                                                   "nn.Linear does; an LSTM needs exactly seq_len and batch.",
                   "runs-over-leading-axes")
            else:
                ok((1, p.hidden_size), "Expects a 1-D x to be read as one step; the layer needs at least "
                                       "(seq_len, features).", "reads-1d-as-one-step")
                error("RuntimeError", size_msg.format(p.input_size, 1),
                      "Expects the feature check to fire; the rank check comes first.", "feature-check-first")
        if _stacked(p):
            mid = "forgets-directions" if p.situation == "after-bidirectional" else "ignores-projection"
            if f != g:
                ok((*lead, width), f"Thinks the first layer hands on hidden_size={h} features, which the second "
                                   f"accepts; it hands on {g}.", mid)
            else:
                error("RuntimeError", size_msg.format(f, h),
                      f"Thinks the first layer hands on hidden_size={h} features; it hands on {g}, as the "
                      "second layer expects.", mid)
        return out

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        f, g, h = checked_input_size(p), fed_features(p), p.hidden_size
        steps = []
        if _stacked(p):
            how = ("two directions joined along the features: 2 × hidden_size = " f"{2 * h}"
                   if p.situation == "after-bidirectional" else f"its projection: proj_size = {p.proj_size}")
            steps.append(f"`first` maps x {shape_text(p.x_shape)} to y with {g} features per step ({how}).")
            steps.append(f"`second` was built with input_size={p.second_input}, so it needs {p.second_input} "
                         f"features per step and gets {g}.")
        elif len(p.x_shape) not in (2, 3):
            steps.append(f"x has {len(p.x_shape)} axes. An LSTM reads (seq_len, batch, features), "
                         "(batch, seq_len, features) with batch_first, or one unbatched (seq_len, features).")
        else:
            read = {"seq-first": "(seq_len, batch, features)", "batch-first": "(batch, seq_len, features)",
                    "unbatched": "(seq_len, features), one unbatched sequence"}[p.layout]
            steps.append(f"`{layer_call(p)}` reads x {shape_text(p.x_shape)} as {read}: {g} features per step, "
                         f"compared with input_size = {f}.")
            if p.situation == "batch-first-forgotten":
                steps.append(f"The layer has no batch_first, so it takes {p.x_shape[0]} as the sequence length and "
                             f"{p.x_shape[1]} as the batch: nothing checks which axis is which.")
            if p.situation == "time-last":
                steps.append(f"The convolution layout puts time last, so the layer sees {g} 'features'; "
                             "`x.permute(0, 2, 1)` would give it (batch, time, features).")
            if p.num_layers > 1:
                steps.append(f"Only the first of the {p.num_layers} layers reads x; the others read the {h} "
                             "features of the layer below.")
        if main.error:
            steps.append(f"So torch raises `{main.error[0]}`: `{main.error[1]}`")
        else:
            steps.append(f"So it runs, and output has shape {shape_text(main.values['output']['shape'])}.")
        mistakes = tuple(dict.fromkeys(MISTAKE_WORDS[m] for m in self._shown_ids(p, main) if m in MISTAKE_WORDS))
        hint = HINTS[p.situation] if p.layout != "unbatched" else (
            "How many axes does x have, and which one can the layer read as features without a batch?")
        quick = (f"Count features the checked layer receives ({g}) against its input_size ({f})"
                 if 2 <= len(p.x_shape) <= 3 else
                 f"Count the axes of x: {len(p.x_shape)}, where the layer takes 2 or 3")
        return Explanation(tuple(steps), quick, hint, mistakes)

    def _shown_ids(self, p, main) -> list[str]:
        key = self._claim_of(p, main)
        pool = [c for c in self._misconceptions(p) if c.value != key.value]
        return [c.misconception for c in choose(key, pool, salt=repr(p.to_dict()), usual=USUAL_KIND)]


def _error(exc: str, message: str) -> str:
    return f"It raises `{exc}`: `{message}`"


def _ok(shape, how: str = "") -> str:
    return f"It runs{how}, and `output` has shape `{shape_text(shape)}`."


MISTAKE_WORDS = {
    "swaps-expected-and-got": "Reading torch's message backwards: 'Expected' is the layer's input_size.",
    "size-check-is-valueerror": "Guessing the exception type from the word 'size' instead of where the check runs.",
    "expects-matmul-error": "Expecting nn.Linear's matrix error: nn.LSTM checks its inputs before multiplying.",
    "pads-features": "Hoping torch pads short feature vectors.",
    "truncates-features": "Hoping torch trims wide feature vectors.",
    "infers-input-size": "Treating nn.LSTM as a lazy module that sizes itself on the first call.",
    "compares-with-hidden-size": "Checking x against hidden_size, the layer's output width.",
    "every-layer-reads-x": "Feeding x to every layer of a stack.",
    "output-keeps-input-width": "Giving output the input's width instead of hidden_size.",
    "output-reorders-axes": "Expecting the layer to reorder the axes of its output.",
    "output-is-last-step": "Mistaking output for the last step only.",
    "output-is-h-n": "Giving output the shape of the final state h_n.",
    "torch-detects-batch-axis": "Trusting torch to recognise which axis is the batch.",
    "needs-batch-axis": "Thinking every input needs a batch axis.",
    "miscounts-rank": "Counting the axes of x wrongly.",
    "rank-check-is-runtimeerror": "Expecting the rank check to raise the same type as the size check.",
    "merges-extra-axis": "Expecting torch to reshape a 4-D input.",
    "runs-over-leading-axes": "Treating an LSTM like nn.Linear, which accepts any leading axes.",
    "reads-1d-as-one-step": "Reading a 1-D tensor as a single time step.",
    "feature-check-first": "Putting the feature check before the rank check.",
    "forgets-directions": "Forgetting that a bidirectional layer doubles its output's features.",
    "ignores-projection": "Forgetting that a projection sets the output's width.",
}
HINTS = {
    "other-features": "Which axis of x does the layer compare with input_size, and what does it hold here?",
    "hidden-features": "Which of the layer's two sizes describes what goes in?",
    "matches": "Does any number in x's last axis disagree with the layer? And what replaces it in output?",
    "time-last": "In which position does a convolution leave its channels, and where does an LSTM look?",
    "batch-first-forgotten": "Can the layer tell a batch axis from a time axis by looking at sizes alone?",
    "wrong-rank": "How many axes may an LSTM input have?",
    "stacked-layers": "Which of the stacked layers ever sees x itself?",
    "after-bidirectional": "How many features per step does a two-direction layer hand on?",
    "after-projection": "With a projection, which size sets the width of the first layer's output?",
}
