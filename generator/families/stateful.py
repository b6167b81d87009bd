"""stateful: the LSTM's state across batches, and training with it.

Kinds (``StatefulParams.kind``), each a small ``Situation`` class below (``SITUATIONS``) that
draws its params and owns its code, stem, options and solution:

- ``carry-shape``: a long stream read in windows, the state passed on from window to window
  (``state = None`` at first, so the code does not show its shape): the shape of ``h`` after
  the loop, or of the last window's ``out``;
- ``split``: one sequence run in two pieces; which line for the second piece gives the same
  outputs as the whole sequence at once (each option checked with ``torch.allclose`` in its run);
- ``batch-change``: a dataset cut into batches whose last batch is smaller, the state carried on:
  the exception torch raises (its message, with the numbers, is read off the run);
- ``backward-twice``: training on the stream without detaching the carried state: what happens
  (the error of the second ``backward()``, read off the run, and on which window);
- ``backward-fix``: the same loop; which one-line change lets every window train while still
  passing the state on (each option run in torch);
- ``dropout-same`` / ``dropout-varies``: dropout between stacked layers, ``train()`` against
  ``eval()``: which layer gives equal outputs when run twice on the same input, or which does not
  (each option run in torch, compared with ``torch.equal``).

Each wrong option is a named misconception computed from the params; one that would give the
key on a draw is not offered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..model import Candidate, Outcome
from .base import Explanation, Family, code_span, shape_text
from .claims import raises, runs
from .distractors import named
from .situation import ErrorSituation, Situation, SituationFamily, ValueSituation
from .typed import Record

LEVEL_KINDS = {
    "easy": ("carry-shape", "split"),
    "medium": ("carry-shape", "split", "batch-change", "backward-twice", "dropout-same"),
    "hard": ("carry-shape", "batch-change", "backward-fix", "dropout-varies"),
}
# Names a loop gives the carried pair; the option lines use them, so keys differ between items.
STATE_NAMES = (("h", "c"), ("hx", "cx"), ("h_t", "c_t"), ("h_prev", "c_prev"), ("hidden", "cell"),
               ("h_state", "c_state"), ("h0", "c0"), ("state_h", "state_c"))
DROPOUTS = (0.2, 0.25, 0.3, 0.4, 0.5)
TWICE_MESSAGE = "Trying to backward through the graph a second time"
INPLACE_MESSAGE = "one of the variables needed for gradient computation has been modified by an inplace operation"
NO_GRAD_MESSAGE = "element 0 of tensors does not require grad and does not have a grad_fn"
HEAD = "import torch\nimport torch.nn as nn\n\n"


@dataclass(frozen=True)


class StatefulParams(Record):
    kind: str
    input_size: int
    hidden_size: int
    num_layers: int
    batch: int
    seq_len: int  # the stream's steps (carry-shape, backward-*), one sequence's steps otherwise
    window: int = 0  # steps per window of the stream
    batch_first: bool = False
    bidirectional: bool = False
    names: int = 0  # index into STATE_NAMES
    sequences: int = 0  # batch-change: the dataset's sequences
    split: int = 0  # split: where the sequence is cut
    dropout: float = 0.0
    target: str = ""  # carry-shape: "h" or "out"; dropout-*: which deterministic case is the key

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def pair(self) -> tuple[str, str]:
        return STATE_NAMES[self.names]

    @property
    def windows(self) -> int:
        return self.seq_len // self.window if self.window else 0

    @property
    def last_batch(self) -> int:
        return self.sequences % self.batch


# --- the rules, without torch ----------------------------------------------------------------

def state_shape(p: StatefulParams) -> tuple:
    return (p.num_layers * p.directions, p.batch, p.hidden_size)


def out_shape(p: StatefulParams) -> tuple:
    width = p.directions * p.hidden_size
    return (p.batch, p.window, width) if p.batch_first else (p.window, p.batch, width)


def shape_misconceptions(p: StatefulParams) -> dict[str, tuple]:
    """What each misconception answers for a carry-shape item (the key's twins left out)."""
    n, h, layers, d, t, s = p.batch, p.hidden_size, p.num_layers, p.directions, p.window, p.seq_len
    if p.target == "out":
        out = {
            "whole-stream": (n, s, d * h) if p.batch_first else (s, n, d * h),
            "state-shape-output": state_shape(p),
            "ignores-batch-first": (t, n, d * h) if p.batch_first else (n, t, d * h),
            "one-direction-width": (n, t, h) if p.batch_first else (t, n, h),
            "input-width": (n, t, p.input_size) if p.batch_first else (t, n, p.input_size),
            "windows-stacked": (p.windows,) + ((n, t, d * h) if p.batch_first else (t, n, d * h)),
            "stream-and-state": (layers * d, s, h),
        }
    else:
        out = {
            "no-layer-axis": (n, d * h),
            "state-per-window": (p.windows * layers * d, n, h),
            "state-like-output": (t, n, d * h),
            "batch-first-states": (n, layers * d, h),
            "directions-in-features": (layers, n, d * h),
            "ignores-layers": (d, n, h),
            "state-like-stream": (s, n, d * h),
            "hidden-before-batch": (layers * d, h, n),
            "input-width-state": (layers * d, n, p.input_size),
        }
    key = state_shape(p) if p.target == "h" else out_shape(p)
    return {name: v for name, v in out.items() if v != key}


# Why each shape misconception is wrong, as templates over the params ``p`` and the shape it gives.
SHAPE_WHY: dict[str, str] = {
    "whole-stream": ("Expects out to cover all {p.seq_len} steps of the stream; each call returns only its own "
                     "window of {p.window}. That gives {shape}."),
    "state-shape-output": "Gives the shape of the state, {shape}; out holds every step of the window.",
    "ignores-batch-first": "Ignores batch_first={p.batch_first} and swaps the step and batch axes: {shape}.",
    "one-direction-width": ("Gives out hidden_size features; both directions are joined, 2 × {p.hidden_size}. That "
                            "gives {shape}."),
    "input-width": ("Keeps the input's {p.input_size} features; out has the layer's hidden features. That gives "
                    "{shape}."),
    "no-layer-axis": ("Drops the first axis of the state; nn.LSTM keeps one entry per layer and direction even when "
                      "there is one. That gives {shape}."),
    "state-per-window": ("Expects the state to gain an entry per window ({p.windows} windows); each call replaces "
                         "it. That gives {shape}."),
    "state-like-output": "Gives the state a step axis like out, {shape}; a state is one step only, the last.",
    "batch-first-states": ("Puts the batch first because of batch_first; states keep the layer axis first. That "
                           "gives {shape}."),
    "directions-in-features": ("Joins the two directions in the features as out does; the state keeps them as "
                               "separate entries. That gives {shape}."),
    "ignores-layers": "Counts only the directions, not the {p.num_layers} layers. That gives {shape}.",
    "windows-stacked": ("Expects out to gather every window, one slice per window ({p.windows}); each call returns "
                        "a new out. That gives {shape}."),
    "stream-and-state": ("Mixes the state's layer axis with the whole stream's {p.seq_len} steps; out has neither. "
                         "That gives {shape}."),
    "state-like-stream": ("Expects the carried state to hold every step of the stream, {shape}; it holds only the "
                          "last step."),
    "hidden-before-batch": ("Puts hidden_size before the batch, {shape}; a state is (layers × directions, batch, "
                            "hidden)."),
    "input-width-state": ("Gives the state the input's {p.input_size} features; it has hidden_size = "
                          "{p.hidden_size}. That gives {shape}."),
}


def batch_message(p: StatefulParams, index: int = 0, swapped: bool = False) -> str:
    """torch's message for a state of the full batch meeting the smaller last batch."""
    a = (p.num_layers * p.directions, p.last_batch, p.hidden_size)
    b = [p.num_layers * p.directions, p.batch, p.hidden_size]
    if swapped:
        return f"Expected hidden[{index}] size ({b[0]}, {b[1]}, {b[2]}), got [{a[0]}, {a[1]}, {a[2]}]"
    return f"Expected hidden[{index}] size {a}, got {b}"


def first_sentence(message: str) -> str:
    """The part of a long torch message an option shows: up to its first bracket or colon."""
    for mark in (" (", ":", ". "):
        if mark in message:
            message = message.split(mark)[0]
    return message.rstrip(".")


# --- the code the kinds share ------------------------------------------------------------------

def layer_call(p: StatefulParams, layers: int | None = None, dropout: float | None = None) -> str:
    args = [f"input_size={p.input_size}", f"hidden_size={p.hidden_size}"]
    layers = p.num_layers if layers is None else layers
    if layers != 1:
        args.append(f"num_layers={layers}")
    if dropout:
        args.append(f"dropout={dropout}")
    if p.batch_first:
        args.append("batch_first=True")
    if p.bidirectional:
        args.append("bidirectional=True")
    return f"nn.LSTM({', '.join(args)})"


def sequence_shape(p: StatefulParams, sequences: int) -> str:
    """The arguments of ``torch.randn`` for ``sequences`` sequences of ``p.seq_len`` steps."""
    if p.batch_first:
        return f"{sequences}, {p.seq_len}, {p.input_size}"
    return f"{p.seq_len}, {sequences}, {p.input_size}"


def split_line(p: StatefulParams, variant: str = "carry", overlap: bool = False) -> str:
    """The line computing ``second``: the state passed as ``variant`` says, starting one step
    early when ``overlap``."""
    a, b = p.pair
    start = p.split - 1 if overlap else p.split
    rest = f"x[:, {start}:]" if p.batch_first else f"x[{start}:]"
    state = {
        "carry": f"({a}, {b})",
        "fresh": None,
        "swapped": f"({b}, {a})",
        "h-only": f"({a}, torch.zeros_like({b}))",
        "top-layer": f"({a}[-1:], {b}[-1:])",
    }[variant]
    call = f"lstm({rest})" if state is None else f"lstm({rest}, {state})"
    return f"second, _ = {call}"


def training_loop(p: StatefulParams, backward: str = "loss.backward()", before: str = "", after: str = "") -> str:
    """The stream-training loop; ``before`` opens the loop body, ``after`` follows opt.step()."""
    a, b = p.pair
    zeros = f"torch.zeros({p.num_layers}, {p.batch}, {p.hidden_size})"
    return (HEAD + f"lstm = {layer_call(p)}\n"
            "opt = torch.optim.SGD(lstm.parameters(), lr=0.1)\n"
            f"x = torch.randn({p.seq_len}, {p.batch}, {p.input_size})\n"
            f"{a}, {b} = {zeros}, {zeros}\n"
            "windows = 0\n"
            f"for t in range(0, {p.seq_len}, {p.window}):\n"
            + (f"    {before}\n" if before else "")
            + f"    out, ({a}, {b}) = lstm(x[t:t + {p.window}], ({a}, {b}))\n"
            "    loss = out.pow(2).mean()\n"
            "    opt.zero_grad()\n"
            f"    {backward}\n"
            "    opt.step()\n"
            + (f"    {after}\n" if after else "")
            + "    windows += 1\n")


# --- the kinds -----------------------------------------------------------------------------------

class Solution:
    """Mixin for a stateful kind (before its ``Situation`` base): its solution comes in pieces,
    ``steps(p, correct)``, ``check``, ``hint`` and ``mistakes``, by default the templates below
    filled in with the params ``p``; the mistakes are the kind's own, whichever options are shown.
    A code option achieves its aim when its run leaves ``holds`` True."""

    check_text = ""
    hint_text = ""
    mistakes_text: tuple[str, ...] = ()

    def achieves(self, p: StatefulParams, outcome: Outcome) -> bool:
        return outcome.ok and outcome.values.get("holds") is True

    def steps(self, p: StatefulParams, correct: Candidate) -> tuple[str, ...]:
        raise NotImplementedError

    def check(self, p: StatefulParams) -> str:
        return self.check_text.format(p=p)

    def hint(self, p: StatefulParams) -> str:
        return self.hint_text.format(p=p)

    def mistakes(self, p: StatefulParams, shown: list[Candidate]) -> tuple[str, ...]:
        return tuple(m.format(p=p) for m in self.mistakes_text)

    def explain(self, p: StatefulParams, main: Outcome, correct: Candidate) -> Explanation:
        return Explanation(self.steps(p, correct), self.check(p), self.hint(p))


def _stacked_or_batch_first(p: StatefulParams) -> str:
    return "medium" if p.num_layers > 1 or p.batch_first else "easy"


class CarryShape(Solution, ValueSituation):
    """The shape of ``h`` after the window loop (target "h"), or of the last window's ``out``."""

    kind = "carry-shape"
    show = staticmethod(shape_text)
    # each wrong shape's why: SHAPE_WHY's template filled in with the params and the shape
    whys = {m: (lambda p, shape, m=m: SHAPE_WHY[m].format(p=p, shape=shape_text(shape))) for m in SHAPE_WHY}

    def draw(self, rng, d, difficulty):
        window = rng.randrange(2, 9)
        layers = 1 if difficulty == "easy" else rng.choice((1, 2, 3))
        d.update(
            num_layers=layers, window=window, seq_len=window * rng.randrange(2, 6),
            batch_first=difficulty != "easy" and rng.random() < 0.5,
            bidirectional=difficulty == "hard", target=rng.choice(("h", "out")))
        return True

    def difficulty(self, p):
        return "hard" if p.bidirectional else _stacked_or_batch_first(p)

    def snippet(self, p):
        note = "  # one long stream: (steps, batch, features)" if self.difficulty(p) == "easy" else ""
        window = f"x[:, t:t + {p.window}]" if p.batch_first else f"x[t:t + {p.window}]"
        return (HEAD + f"lstm = {layer_call(p)}\n"
                f"x = torch.randn({sequence_shape(p, p.batch)}){note}\n"
                "state = None  # zeros at first\n"
                f"for t in range(0, {p.seq_len}, {p.window}):\n"
                f"    out, state = lstm({window}, state)\n"
                "h, c = state\n")

    def stem(self, p):
        if p.target == "h":
            return (f"A stream of {p.seq_len} steps is read {p.window} steps at a time, the state handed "
                    "from one window to the next. What is the shape of `h` after the loop?")
        return ("The loop below reads a long stream window by window and keeps the layer's state between "
                "calls. What is the shape of `out` in the last window?")

    def truth(self, p, main):
        return tuple(main.values["h" if p.target == "h" else "out"]["shape"])

    def rule(self, p):
        return state_shape(p) if p.target == "h" else out_shape(p)

    def misconceptions(self, p):
        return shape_misconceptions(p)

    def why_right(self, p, shape) -> str:
        d, layers = p.directions, p.num_layers
        if p.target == "h":
            return (f"The state has one entry per layer and direction, {layers} × {d} = {layers * d}, then the "
                    f"batch of {p.batch} and hidden_size {p.hidden_size}; carrying it over {p.windows} windows does "
                    "not change it, and batch_first never applies to states.")
        steps = "second" if p.batch_first else "first"
        return (f"Each call sees one window of {p.window} steps, so `out` has {p.window} steps on its {steps} "
                f"axis and {d} × {p.hidden_size} features, whatever came before it.")

    def steps(self, p, correct):
        d, layers, n, h, w = p.directions, p.num_layers, p.batch, p.hidden_size, p.window
        if p.target == "h":
            return (f"The loop makes {p.windows} calls of {w} steps; each returns (h, c) and the next call takes "
                    "them back as its initial state.",
                    f"A state has one entry per layer and direction ({layers} × {d}), then the batch ({n}), then "
                    f"hidden_size ({h}); batch_first changes only x and out.",
                    f"So h is {correct.text} after the first window and after the last.")
        axis = "second" if p.batch_first else "first"
        return (f"Each call reads x sliced to {w} steps; `out` holds the top layer's h at each of those steps.",
                f"The steps sit on the {axis} axis (batch_first={p.batch_first}), the batch of {n} on the other, "
                f"and the features are {d} × {h}.",
                f"The state passed in changes the values, not the shape: {correct.text}.")

    def check(self, p):
        if p.target == "h":
            return (f"the state going into a call must have the shape the call returns, or the second call would "
                    f"refuse it; h.numel() is layers × directions × batch × hidden = "
                    f"{p.num_layers * p.directions * p.batch * p.hidden_size}")
        numel = p.window * p.batch * p.directions * p.hidden_size
        return (f"out.numel() is window steps × batch × features = {numel}, the same in every window, whatever the "
                "stream's length")

    def hint(self, p):
        if p.target == "h":
            return (f"Could the state's shape change over the {p.windows} windows, given that each call must accept "
                    "what the one before returned?")
        return "How many steps does the last call itself receive, and which axis holds them?"

    def mistakes(self, p, shown):
        if p.target == "h":
            return ("Counting a state entry per window instead of per layer and direction.",
                    "Putting the batch first in a state because the layer is batch_first."
                    if p.batch_first else "Giving the state a time axis like out's.")
        return ("Expecting out to cover the whole stream because the state carries the earlier windows.",
                "Giving out hidden_size features when both directions are joined in it."
                if p.bidirectional else "Mixing up which axis of out counts the steps.")


class Split(Solution, Situation):
    """One sequence run in two pieces: which line for the second piece matches the whole run."""

    kind = "split"
    check_text = ("`torch.cat` must give back all {p.seq_len} steps of `full`, each once, so `second` starts where "
                  "`first` ends; and every layer's h and c must come along")
    hint_text = "At the cut, what does the layer carry inside one long call that a fresh call would not have?"

    def draw(self, rng, d, difficulty):
        t = rng.randrange(4, 17)
        d.update(
            seq_len=t, split=rng.randrange(1, t),
            num_layers=1 if difficulty == "easy" else rng.choice((1, 2)),
            batch_first=difficulty != "easy" and rng.random() < 0.5)
        return True

    def difficulty(self, p):
        return _stacked_or_batch_first(p)

    def snippet(self, p):
        a, b = p.pair
        first = f"x[:, :{p.split}]" if p.batch_first else f"x[:{p.split}]"
        dim = 1 if p.batch_first else 0
        note = "  # (steps, batch, features)" if self.difficulty(p) == "easy" else ""
        return (HEAD + f"lstm = {layer_call(p)}\n"
                f"x = torch.randn({sequence_shape(p, p.batch)}){note}\n"
                "full, _ = lstm(x)\n"
                f"first, ({a}, {b}) = lstm({first})\n"
                f"{split_line(p, 'fresh')}\n"
                f"same = torch.allclose(torch.cat([first, second], dim={dim}), full, atol=1e-6)\n")

    stem_text = ("The sequence is run in two pieces, its first {p.split} steps and then the rest; as written, "
                 "`same` is False. Which line, in place of the one that computes `second`, makes it True?")

    def options(self, p, main):
        code = self.snippet(p)
        line = split_line(p, "fresh")  # the line as shown, which starts the second piece afresh
        a, b, k = *p.pair, p.split

        def option(variant: str, why: str, misconception: str | None = None, overlap: bool = False) -> Candidate:
            text = split_line(p, variant, overlap)
            program = code.replace(line, text) + "holds = bool(same)\n"
            return Candidate(text, why, program=program, misconception=misconception)

        again = f" and starts at step {k - 1}, which the state already holds, so `second` has a step too many"
        intended = option("carry", f"The pair ({a}, {b}) is the state after step {k - 1}; passed back in, "
                                   f"the layer goes on from step {k} exactly as it does inside one call.")
        wrong = [
            option("swapped", f"Passes the pair as ({b}, {a}); the layer reads the first tensor as h and the "
                              "second as c, so both states are wrong.", "pair-order-free"),
            option("h-only", f"Carries only {a}, as if the hidden state were the whole memory; the cell state "
                             f"{b} carries the long-term part and is reset here.", "hidden-is-the-memory"),
            option("carry", f"Starts the second piece at step {k - 1}, which the state already contains; "
                            f"step {k - 1} is read twice and `second` has one step too many.",
                   "state-excludes-last-step", overlap=True),
            option("fresh", "Two slips: it passes no state, so the layer starts from zeros" + again + ".",
                   "layer-remembers", overlap=True),
            option("swapped", f"Two slips: it swaps ({a}, {b})" + again + ".", "pair-order-free", overlap=True),
        ]
        if p.num_layers > 1:
            wrong.append(option("top-layer", f"Carries only the top layer's state; the layer needs all "
                                             f"{p.num_layers} layers' states and refuses the shape.",
                                "only-top-layer-carries"))
        return intended, wrong

    def steps(self, p, correct):
        a, b = p.pair
        k = p.split
        return (f"`first` covers steps 0–{k - 1}; ({a}, {b}) is the state after step {k - 1}, for every layer. As "
                "written, the second call gets no state and starts from zeros, so its outputs differ.",
                f"An LSTM call given a state continues from it: passing ({a}, {b}) with steps {k}–{p.seq_len - 1} "
                "does exactly what the rest of one long call would do.",
                f"So `{correct.text}` makes the joined outputs equal `full` (torch.allclose within 1e-6).")

    def mistakes(self, p, shown):
        a, b = p.pair
        return ("Calling the layer again without a state: it starts from zeros, not where it stopped.",
                f"Keeping {a} but not {b}, or passing the two in the wrong order.",
                f"Repeating step {p.split - 1}, which the carried state already includes.")


class BatchChange(Solution, ErrorSituation):
    """A last batch smaller than the state carried into it: the exception torch raises."""

    kind = "batch-change"
    hint_text = "How many sequences are left for the last batch, and how many does the carried state describe?"
    mistakes_text = ("Expecting the layer to cut or pad a state to fit a smaller batch.",
                     "Reading torch's 'Expected ... got ...' the wrong way round: expected is what the input needs.")

    def draw(self, rng, d, difficulty):
        n = d["batch"]
        sequences = n * rng.randrange(1, 5) + rng.randrange(1, n)
        d.update(
            num_layers=rng.choice((1, 2, 3)), seq_len=rng.randrange(3, 9), sequences=sequences,
            batch_first=difficulty == "medium", bidirectional=difficulty == "hard" and rng.random() < 0.5)
        return True

    def difficulty(self, p):
        return "medium" if p.batch_first else "hard"

    def snippet(self, p):
        a, b = p.pair
        d = p.num_layers * p.directions
        take = f"data[start:start + {p.batch}]" if p.batch_first else f"data[:, start:start + {p.batch}]"
        zeros = f"torch.zeros({d}, {p.batch}, {p.hidden_size})"
        return (HEAD + f"lstm = {layer_call(p)}\n"
                f"data = torch.randn({sequence_shape(p, p.sequences)})\n"
                f"{a}, {b} = {zeros}, {zeros}\n"
                f"for start in range(0, {p.sequences}, {p.batch}):\n"
                f"    x = {take}\n"
                f"    out, ({a}, {b}) = lstm(x, ({a}, {b}))\n")

    stem_text = ("A dataset of {p.sequences} sequences is fed in batches of {p.batch}, and the state "
                 "`({p.pair[0]}, {p.pair[1]})` is kept from one batch to the next. What happens when the code runs?")

    def right_why(self, p, main):
        r, n = p.last_batch, p.batch
        return (f"The last batch holds {p.sequences} mod {n} = {r} sequences, but `{p.pair[0]}` still has a "
                f"batch of {n}; the layer checks the state against the input before computing.")

    def ran(self, p, main):
        return runs("It runs.", "")

    def wrong(self, p, main):
        a, b = p.pair
        r, n = p.last_batch, p.batch
        message = main.error[1] if main.error else batch_message(p)
        return [
            named("expected-is-the-state", raises(
                "RuntimeError", batch_message(p, swapped=True),
                f"Reads the message the other way round: torch expects the state to fit the {r} sequences of the "
                f"input, and got the carried {n}.")),
            named("checks-cell-state-first", raises(
                "RuntimeError", batch_message(p, index=1),
                f"Blames the cell state `{b}`; torch checks hidden[0], the hidden state `{a}`, first.")),
            named("size-is-valueerror", raises(
                "ValueError", message,
                "The message is right but the type is not: a state whose size does not fit the input is a "
                "RuntimeError.")),
            named("size-is-valueerror", raises(
                "ValueError", batch_message(p, swapped=True),
                "Two slips: a ValueError where torch raises RuntimeError, and expected and got swapped.")),
            named("checks-cell-state-first", raises(
                "RuntimeError", batch_message(p, index=1, swapped=True),
                f"Two slips: it blames the cell state `{b}` (torch checks hidden[0] first) and swaps expected and "
                "got.")),
            named("state-cut-to-fit", runs(
                f"It runs: the layer uses the first {r} rows of the carried state for the last batch.",
                f"Expects the layer to cut the state to the {r} sequences; it never reshapes a state it is given.")),
            named("last-batch-padded", runs(
                f"It runs: the last batch is padded to {n} sequences, the size of the state.",
                "Expects padding; slicing a tensor past its end just gives fewer rows, and the layer pads nothing.")),
        ]

    def steps(self, p, correct):
        a, _ = p.pair
        r, n, s = p.last_batch, p.batch, p.sequences
        batches = -(-s // n)
        return (f"{s} sequences in batches of {n} make {batches} batches; the last holds {s} − {(batches - 1) * n} "
                f"= {r}.",
                f"The state carried into it was returned for {n} sequences: {a} is "
                f"({p.num_layers * p.directions}, {n}, {p.hidden_size}).",
                f"The layer checks hidden[0] against the input's batch of {r} before computing, so "
                f"{correct.text[0].lower() + correct.text[1:]}.")

    def check(self, p):
        r, n, s = p.last_batch, p.batch, p.sequences
        return (f"{s} is not a multiple of {n} ({s} = {-(-s // n) - 1} × {n} + {r}); with drop_last or a state cut "
                f"to `{p.pair[0]}[:, :{r}]` the last batch would run")


class StreamTraining(Solution, Situation):
    """Training on one long stream, the state carried from window to window and never detached."""

    places: tuple[str, ...] = ()  # where an option's line may go (the target drawn), if anywhere

    def draw(self, rng, d, difficulty):
        window = rng.randrange(3, 21)
        d.update(
            hidden_size=rng.randrange(2, 13), num_layers=rng.choice((1, 2)), window=window,
            seq_len=window * rng.randrange(3, 6), batch=rng.randrange(2, 7),
            target=rng.choice(self.places) if self.places else "")
        return True

    def snippet(self, p):
        return training_loop(p)


class BackwardTwice(StreamTraining):
    """What the loop does: the second ``backward()`` meets the graph the first one freed."""

    kind = "backward-twice"
    check_text = ("the counter `windows` is 1 when the loop stops: one full pass of zero_grad, backward and step, "
                  "out of {p.windows}")
    hint_text = "Where does the graph behind the state that enters the window at step {p.window} begin?"
    mistakes_text = ("Thinking backward() stops at the current window: a state that was not detached carries the "
                     "earlier graph with it.",
                     "Blaming the optimizer's in-place update or the zero initial state instead of the freed graph.")

    level = "medium"
    stem_text = ("This loop trains on one long stream, a window at a time, and passes the state from each "
                 "window to the next. What happens when it runs?")

    def truth(self, p, main):
        windows = main.values.get("windows")
        if main.error is None:
            return ("ok", windows)
        return ("error", main.error[0], first_sentence(main.error[1]), windows)

    def options(self, p, main):
        truth = self.truth(p, main)
        w = p.window
        where = f"on steps {w}–{2 * w - 1}"

        def claim(error: str | None, message: str | None, windows: int, text: str, why: str,
                  misconception: str | None = None) -> Candidate:
            value = ("ok", windows) if error is None else ("error", error, message, windows)
            return Candidate(text, why, value=value, format="text", misconception=misconception)

        def fails(error: str, message: str, windows: int, when: str, why: str, misconception: str) -> Candidate:
            """A claim that a ``backward()`` raises: ``when`` says which."""
            return claim(error, message, windows, f"{when} raises `{error}`: {code_span(message)}", why,
                         misconception)

        second = f"The first window trains, then `loss.backward()` {where}"
        if truth != ("error", "RuntimeError", TWICE_MESSAGE, 1):
            raise AssertionError(f"stateful: torch did {truth}, not the second-backward error")
        intended = fails("RuntimeError", TWICE_MESSAGE, 1, second,
                         f"The state entering the second window still points into the first window's graph, "
                         "which the first backward() freed; the second backward() has to go through it.", None)
        wrong = [
            claim(None, None, p.windows,
                  f"It runs all {p.windows} windows: each `backward()` stops at the start of its own window.",
                  "Expects backward() to stop at the window's first step; it follows the carried state into the "
                  "earlier window's graph.", "backward-stops-at-window"),
            fails("RuntimeError", INPLACE_MESSAGE, 1, second,
                  "Blames opt.step() for changing the weights in place; that error needs the old graph kept "
                  "(retain_graph=True), and here it was freed.", "blames-optimizer-step"),
            fails("RuntimeError", NO_GRAD_MESSAGE, 0, "The first `loss.backward()`",
                  "Expects zero initial states without requires_grad to cut the graph; the layer's weights "
                  "require grad, so the loss does too.", "zero-state-has-no-grad"),
            fails("ValueError", TWICE_MESSAGE, 1, second,
                  "Right message, wrong type: autograd reports a freed graph as a RuntimeError.",
                  "graph-error-is-valueerror"),
            fails("RuntimeError", TWICE_MESSAGE, p.windows - 1,
                  f"All but the last window train; `loss.backward()` on the final {w} steps",
                  "Expects the graph to be freed only once the stream ends; each backward() frees its graph at "
                  "once, so the very next window fails.", "graph-freed-at-end"),
        ]
        return intended, [c for c in wrong if c.value != truth]

    def steps(self, p, correct):
        a, b = p.pair
        return (f"Window 1 (steps 0–{p.window - 1}) builds a graph; loss.backward() computes the gradients and "
                "frees the values that graph saved.",
                f"({a}, {b}) leaving window 1 still records how it was computed, so window 2's loss depends on "
                "window 1's graph through them.",
                f"The second backward() follows {a} and {b} back into the freed graph: autograd raises "
                "RuntimeError (torch's message suggests retain_graph=True, which is not the fix here).")


class BackwardFix(StreamTraining):
    """Which one-line change lets every window train while the state still goes on."""

    kind = "backward-fix"
    places = ("before", "after")
    check_text = ("after the fix, `{p.pair[0]}.grad_fn` is None at the start of each window, and `windows` reaches "
                  "{p.windows}")
    hint_text = ("Which tensors carry window 1's graph into window 2 of {p.windows}, and what would cut that link "
                 "but keep their numbers?")
    mistakes_text = ("Detaching only one of the two states: each of h and c is computed from the other.",
                     "Using clone() or retain_graph=True, which keep the old graph instead of cutting it.")

    level = "hard"
    stem_text = (f"Run as shown, this loop stops at its second window with `RuntimeError: {TWICE_MESSAGE}`. "
                 "Which one-line change lets all {p.windows} windows train while the state still goes "
                 "from each window to the next?")

    def achieves(self, p, outcome):
        return outcome.ok and outcome.values.get("windows") == p.windows

    def options(self, p, main):
        a, b = p.pair
        where = "as the loop body's first line" if p.target == "before" else "right after `opt.step()`"

        def option(line: str, why: str, misconception: str | None = None) -> Candidate:
            place = {"before": line} if p.target == "before" else {"after": line}
            return Candidate(f"`{line}` {where}", why, program=training_loop(p, **place), format="text",
                             misconception=misconception)

        intended = option(f"{a}, {b} = {a}.detach(), {b}.detach()",
                          f"detach() keeps the values of ({a}, {b}) and drops their history, so the next window's "
                          "graph starts at its own first step; the state is still passed on.")
        wrong = [
            option(f"{a}, {b} = {a}.clone(), {b}.clone()",
                   "Expects clone() to cut the history; a clone is part of the graph, so the second backward() "
                   "still reaches the first window.", "clone-cuts-graph"),
            option(f"{a} = {a}.detach()", f"Detaches only {a}; the cell state {b} still links to the earlier "
                                          "window, and the new h is computed from it.", "detach-hidden-only"),
            option(f"{b} = {b}.detach()", f"Detaches only {b}; the hidden state {a} still links to the earlier "
                                          "window.", "detach-cell-only"),
            option(f"{a}.detach(), {b}.detach()", "Expects detach() to change the tensors in place; it returns new "
                                                  "ones, and this line throws them away.", "detach-in-place"),
            option(f"{a} = {a}.clone()", f"Two slips: clone() keeps the history, and {b} is left linked as well.",
                   "clone-cuts-graph"),
            option(f"{a}, {b} = {a}.clone().detach(), {b}.clone()",
                   f"Detaches {a} but only clones {b}; the clone keeps {b}'s history, so window 2 still reaches "
                   "window 1's graph.", "clone-cuts-graph"),
            option(f"{a}, {b} = {a}.detach(), {b}.clone()",
                   f"Cuts {a}'s history but keeps {b}'s: clone() copies the values and stays in the graph.",
                   "clone-cuts-graph"),
            option(f"{a}.requires_grad_(False)",
                   f"Only a leaf tensor's requires_grad can be switched off; {a} is computed by the layer, so "
                   "torch refuses.", "switch-off-grad"),
            Candidate("`loss.backward(retain_graph=True)` in place of `loss.backward()`",
                      "Keeps the old graph alive, but opt.step() has changed the weights it saved, so the second "
                      "backward() raises another RuntimeError (an in-place change).",
                      program=training_loop(p, backward="loss.backward(retain_graph=True)"), format="text",
                      misconception="retain-graph-fixes"),
        ]
        return intended, wrong

    def steps(self, p, correct):
        a, b = p.pair
        return (f"The error comes from ({a}, {b}): they link window 2's graph to window 1's, freed by the first "
                "backward().",
                f"`.detach()` returns the same values with no history; detaching both states cuts the link while "
                "the values still carry over (truncated backpropagation through time).",
                f"So {correct.text} lets all {p.windows} windows train: clone() and retain_graph keep the old graph, "
                "one detached state leaves the other link in place, and a detach() whose result is dropped changes "
                "nothing.")


class DropoutRuns(Solution, Situation):
    """A stacked layer with dropout run twice on the same ``x``: which call's runs are equal
    (``want_equal``) or which differ. ``targets`` are the keys a draw may pick."""

    check_text = ("model.training tells the mode: it is True after .train(), False after .eval(); only with it True "
                  "and {p.num_layers} > 1 layers does dropout={p.dropout} do anything")
    hint_text = ("In which mode, and between which of the {p.num_layers} layers, does dropout={p.dropout} act, and "
                 "does anything else switch it off?")
    mistakes_text = ("Expecting torch.no_grad() to switch dropout off: that is eval()'s job.",
                     "Expecting dropout after the last layer: nn.LSTM applies it only between layers.")

    def __init__(self, kind: str, want_equal: bool, level: str, targets: tuple[str, ...], stem: str):
        self.kind, self.want_equal, self.level, self.targets, self.stem_text = kind, want_equal, level, targets, stem

    def draw(self, rng, d, difficulty):
        # enough numbers between the layers that a dropout mask never keeps them all (a run of at
        # least 40 values, dropping at least 20 %)
        t = rng.randrange(4, 9)
        d.update(
            hidden_size=rng.randrange(4, 17), num_layers=rng.choice((2, 3)), seq_len=t,
            dropout=rng.choice(DROPOUTS), target=rng.choice(self.targets))
        return True

    def snippet(self, p):
        return (HEAD + f"x = torch.randn({p.seq_len}, {p.batch}, {p.input_size})\n\n"
                "def twice(lstm, grad=True):\n"
                "    with torch.set_grad_enabled(grad):\n"
                "        y1, _ = lstm(x)\n"
                "        y2, _ = lstm(x)\n"
                "    return torch.equal(y1, y2)\n")

    def options(self, p, main):
        code = self.snippet(p)
        i, h, layers, q = p.input_size, p.hidden_size, p.num_layers, p.dropout
        want_equal = self.want_equal

        def layer(n: int, drop: float | None, bidirectional: bool = False) -> str:
            args = ([str(i), str(h)] + ([f"num_layers={n}"] if n != 1 else []) + ([f"dropout={drop}"] if drop else [])
                    + (["bidirectional=True"] if bidirectional else []))
            return f"nn.LSTM({', '.join(args)})"

        def option(expr: str, why: str, misconception: str | None = None) -> Candidate:
            check = f"twice({expr})" if want_equal else f"not twice({expr})"
            return Candidate(f"twice({expr})", why, program=f"{code}holds = bool({check})\n",
                             misconception=misconception)

        # Calls whose two runs differ: dropout between stacked layers in training mode.
        differ = {
            "train": (f"{layer(layers, q)}.train()", "mask-drawn-once",
                      f"Expects one dropout mask for the layer's life; train() draws a new mask between its "
                      f"{layers} layers on every call, so the runs differ."),
            "train-no-grad": (f"{layer(layers, q)}.train(), grad=False", "no-grad-disables-dropout",
                              "Expects turning gradients off to switch dropout off; only eval() does, so the runs "
                              "differ."),
            "fresh": (layer(layers, q), "fresh-module-in-eval",
                      "Expects a new module to start in eval mode; nn.Module starts in training mode, so dropout "
                      "acts and the runs differ."),
            "small": (f"{layer(layers + 1, q / 2)}.train()", "small-dropout-invisible",
                      f"Expects a small dropout ({q / 2:g}) to leave the output alone; any dropped value changes "
                      "it, and torch.equal sees every change."),
        }
        # Calls whose two runs agree: nothing random is left.
        agree = {
            "eval": (f"{layer(layers, q)}.eval()", "eval-keeps-dropout",
                     "Expects eval() to keep dropout; eval() switches it off, so the runs agree."),
            "eval-no-grad": (f"{layer(layers, q)}.eval(), grad=False", "eval-keeps-dropout",
                             "Expects dropout to survive eval(); with it off (and gradients off too) the runs "
                             "agree."),
            "one-layer": (f"{layer(1, q)}.train()", "dropout-after-last-layer",
                          "Expects dropout after the only layer; nn.LSTM drops only between stacked layers, so one "
                          "layer gives equal runs (torch warns)."),
            "one-layer-bi": (f"{layer(1, q, bidirectional=True)}.train()", "directions-count-as-layers",
                             "Expects the two directions to count as two layers; dropout goes only between "
                             "stacked layers, so the runs agree (torch warns)."),
            "no-dropout": (f"{layer(layers, None)}.train()", "train-mode-is-random",
                           "Expects train() itself to be random; with dropout 0 the runs agree."),
        }
        right_table, wrong_table = (agree, differ) if want_equal else (differ, agree)
        expr, _, why = right_table[p.target]
        opening = ("Nothing random is left in this call: " if want_equal
                   else "Dropout is active between the stacked layers in this call: ")
        intended = option(expr, opening + why.split("; ", 1)[-1])
        wrong = [option(e, w, m) for e, m, w in wrong_table.values()]
        return intended, wrong

    def steps(self, p, correct):
        return (f"nn.LSTM's dropout={p.dropout} acts on the outputs of each layer except the last, i.e. between "
                "stacked layers, and only in training mode.",
                "In train() each forward call draws a new random mask; eval() (or a single layer, or dropout 0) "
                "leaves nothing random, and torch.no_grad() changes nothing about dropout.",
                f"So `{correct.text}` is the call that returns {self.want_equal}: it is the only one "
                f"{'without' if self.want_equal else 'with'} a random mask between layers.")


SITUATIONS: dict[str, Situation] = {s.kind: s for s in (
    CarryShape(), Split(), BatchChange(), BackwardTwice(), BackwardFix(),
    DropoutRuns("dropout-same", True, "medium", ("eval", "eval-no-grad", "one-layer", "one-layer-bi", "no-dropout"),
                "Each option builds a stacked LSTM, puts it in a mode and runs it twice on the same `x` with "
                "`twice`. Which call returns True?"),
    DropoutRuns("dropout-varies", False, "hard", ("train", "train-no-grad", "fresh"),
                "A student wants a layer whose two runs on the same `x` differ, to see dropout at work. Which "
                "call of `twice` returns False?"),
)}


# --- the family --------------------------------------------------------------------------------

class Stateful(SituationFamily, Family):
    name = "stateful"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "The state across batches and training: carrying `(h, c)` from window to window (shapes, a "
        "sequence run in two pieces), a last batch of another size, the second `backward()` through "
        "a state that was not detached and the line that fixes it, and dropout between stacked "
        "layers in `train()` against `eval()` (checked with `torch.equal`)."
    )
    probes = ("h", "out", "windows", "same")
    option_probes = ("holds", "windows")
    preload = ("torch._dynamo",)  # torch imports its compiler (about 1 s) when the first optimizer is built

    def decode(self, data: dict) -> StatefulParams:
        return StatefulParams.from_dict(data)

    def sample(self, rng: random.Random, difficulty: str) -> StatefulParams:
        while True:
            kind = SITUATIONS[rng.choice(LEVEL_KINDS[difficulty])]
            i, h = rng.randrange(2, 17), rng.randrange(2, 25)
            n = rng.randrange(2, 13)
            d = dict(kind=kind.kind, input_size=i, hidden_size=h, num_layers=1, batch=n, seq_len=0,
                     names=rng.randrange(len(STATE_NAMES)))
            kind.draw(rng, d, difficulty)
            p = StatefulParams(**d)
            if kind.difficulty(p) == difficulty:
                return p

    def capacity(self, difficulty: str) -> int:
        """An upper bound of distinct draws: the sizes alone give 15 × 23 × 11 pairs and more."""
        return 3_795 * {"easy": 20, "medium": 60, "hard": 60}[difficulty]

    def situation(self, p: StatefulParams) -> Situation:
        return SITUATIONS[p.kind]
