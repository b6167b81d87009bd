"""packing: batches of sequences of different lengths (pad, pack, run, unpack).

Kinds of question, named by ``params["kind"]``:

- ``pad-shape``: the shape ``pad_sequence`` gives, with or without ``batch_first``;
- ``pad-value``: one number of a padded batch of ``torch.arange`` sequences: a real step or padding;
- ``enforce-sorted``: ``pack_padded_sequence`` with the default ``enforce_sorted=True``;
- ``zero-length``: a batch with an empty sequence;
- ``unpacked-shape``: the shape ``pad_packed_sequence`` gives back (``batch_first``, ``total_length``);
- ``lengths-back``: the lengths ``pad_packed_sequence`` returns;
- ``last-step``: which index of the padded output holds a sequence's last real step
  (each option runs and is compared with ``h_n[-1, n]`` by ``torch.equal``);
- ``after-lstm``: which statement about the padded output and ``h_n`` is true (each checked in torch).

Every wrong answer comes from a named misconception, a function of the params below; a
misconception that gives the right answer on a draw is not offered (and the draw is kept only
if enough others remain).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family, code_span, shape_text
from .record import DictParams, NumericForm
from .claims import RUNS, error_claim, raises, runs, type_only
from .distractors import mistakes, named, named_values, offer
from .statements import PROBES, holds_true, statement

KINDS = ("pad-shape", "pad-value", "enforce-sorted", "zero-length", "unpacked-shape", "lengths-back",
         "last-step", "after-lstm")
# "lengths-error" stands for enforce-sorted or zero-length: torch's two messages would otherwise be
# the key of too many items.
LEVELS = {
    "easy": ("pad-shape", "pad-value"),
    "medium": ("pad-shape", "pad-value", "unpacked-shape", "lengths-back", "last-step", "pad-value"),
    # the error items' keys are mostly torch's two fixed messages: they come up less often
    "hard": ("lengths-error", "unpacked-shape", "last-step", "after-lstm", "unpacked-shape", "last-step",
             "after-lstm", "unpacked-shape", "after-lstm"),
}
# pad-value's sequences count up from 100, 200, ...: each number shows its sequence and step, and
# every padding value lies outside them
START = 100
PAD_VALUES = (0, -1, -2, -3, -5, -7, -9, 99, 999, -100, -999, 9999)
MAX_LEN = 16  # sequence lengths 1..MAX_LEN; a padded x is at most MAX_LEN + 3 steps long
IMPORT_RNN = "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence\n"
SORTED_MESSAGE_PART = "must be sorted in decreasing order"


@dataclass(frozen=True)
class PackingParams(DictParams):
    """One item: the batch's ``lengths`` and sizes, the layout, and what each kind asks about
    (``which`` sequence and ``step``, the padding value, ``total_length``, the unpacking layout,
    ``enforce_sorted``, and for after-lstm the true ``claim``)."""

    kind: str
    lengths: list[int]
    batch_first: bool
    input_size: int
    hidden_size: int
    seq_len: int
    which: int
    step: int
    padding_value: int
    total_length: int | None
    unpack_batch_first: bool | None
    enforce_sorted: bool | None
    claim: str | None
    form: str = "single"  # the question kind (lstmq.model.KINDS): "single" or "numeric"

    OPTIONAL = ("form",)


# --- shared pieces of the params -----------------------------------------------------------

def longest(p: PackingParams) -> int:
    return max(p.lengths)


def padded_layout(p: PackingParams, steps: int, features: int, batch_first: bool | None = None) -> tuple:
    bf = p.batch_first if batch_first is None else batch_first
    n = len(p.lengths)
    return (n, steps, features) if bf else (steps, n, features)


def unpacked_steps(p: PackingParams) -> int:
    return p.total_length or longest(p)


def stored_value(p: PackingParams, seq: int, step: int) -> int:
    """What ``pad_sequence`` puts at (sequence, step) for the ``arange`` sequences of pad-value."""
    if step < p.lengths[seq]:
        return START * (seq + 1) + step
    return p.padding_value


def index_pair(p: PackingParams) -> tuple[int, int]:
    """The two indices the pad-value snippet writes, in the order it writes them."""
    return (p.which, p.step) if p.batch_first else (p.step, p.which)


# --- misconceptions: each returns what it would answer (None: it has nothing to say here) ----

def pad_shape_misconceptions(p: PackingParams) -> dict[str, tuple | None]:
    ls, f, bf = p.lengths, p.input_size, p.batch_first
    m = longest(p)
    return {
        "other-layout": padded_layout(p, m, f, not bf),
        "concatenated": (sum(ls), f),
        "first-length": padded_layout(p, ls[0], f),
        "shortest": padded_layout(p, min(ls), f),
        "shortest-other-layout": padded_layout(p, min(ls), f, not bf),
    }


def pad_value_misconceptions(p: PackingParams) -> dict[str, int | None]:
    seq, step, ls, pad = p.which, p.step, p.lengths, p.padding_value
    n, m = len(ls), longest(p)
    padding = step >= ls[seq]
    shift = m - ls[seq]
    out: dict[str, int | None] = {
        # reads the first index as the other axis: sequence `step`, step `seq`
        "swapped-index": stored_value(p, step, seq) if step < n and seq < m else None,
        "zero-padding": 0 if padding and pad != 0 else None,
        "repeat-last": START * (seq + 1) + ls[seq] - 1 if padding else None,
        "left-padded": (pad if step < shift else START * (seq + 1) + step - shift),
        "one-based": stored_value(p, seq, step - 1) if step >= 1 else None,
    }
    return out


def unpacked_shape_misconceptions(p: PackingParams) -> dict[str, tuple | None]:
    h, f = p.hidden_size, p.input_size
    steps = unpacked_steps(p)
    bf = p.unpack_batch_first
    out: dict[str, tuple | None] = {
        "other-layout": padded_layout(p, steps, h, not bf),
        "input-width": padded_layout(p, steps, f, bf),
        "packed-data": (sum(p.lengths), h),
        "x-length": padded_layout(p, p.seq_len, h, bf) if not p.total_length else None,
        "ignores-total-length": padded_layout(p, longest(p), h, bf) if p.total_length else None,
        "layout-and-width": padded_layout(p, steps, f, not bf),
    }
    return out


def batch_sizes(lengths: list[int]) -> list[int]:
    return [sum(1 for n in lengths if n > t) for t in range(max(lengths))]


def lengths_back_misconceptions(p: PackingParams) -> dict[str, list | None]:
    ls = p.lengths
    return {
        "sorted": sorted(ls, reverse=True),
        "batch-sizes": batch_sizes(ls),
        "all-longest": [longest(p)] * len(ls),
        "all-padded": [p.seq_len] * len(ls),
    }


def last_step_expr(p: PackingParams, seq, step) -> str:
    return f"out[{seq}, {step}]" if p.batch_first else f"out[{step}, {seq}]"


def last_step_reads(p: PackingParams) -> dict[str, tuple[int, int] | None]:
    """(sequence, step) each expression reads in ``out`` (None: out of range, it raises)."""
    n, l, m, count = p.which, p.lengths[p.which], longest(p), len(p.lengths)

    def at(seq, step):
        return (seq, step) if 0 <= seq < count and 0 <= step < m else None

    return {
        "truth": at(n, l - 1),
        "minus-one": at(n, m - 1),
        "first-padded": at(n, l),
        "other-layout": at(l - 1, n),  # the key's two numbers in the other order
        "other-layout-minus-one": at(count - 1, n),  # out[-1, n] read the wrong way round
        "one-index": None,  # a whole slice of out, never one step's vector
    }


def last_step_texts(p: PackingParams) -> dict[str, str]:
    n, l = p.which, p.lengths[p.which]
    bf = p.batch_first
    return {
        "truth": last_step_expr(p, n, l - 1),
        "minus-one": last_step_expr(p, n, -1),
        "first-padded": last_step_expr(p, n, f"lengths[{n}]"),
        # the same numbers written in the other layout's order
        "other-layout": f"out[{l - 1}, {n}]" if bf else f"out[{n}, {l - 1}]",
        "other-layout-minus-one": f"out[-1, {n}]" if bf else f"out[{n}, -1]",
        "one-index": f"out[{n}]" if bf else f"out[{l - 1}]",
    }


AFTER_TRUE = ("zeros", "last-real", "longest")
AFTER_FALSE = ("minus-one", "whole-batch", "repeat", "cell-state", "first-padded", "last-zero")


def after_lstm_holds(p: PackingParams) -> dict[str, bool]:
    """Whether each statement is true, by the rules (torch checks each one in its run).
    Sequence ``which`` is always shorter than the longest."""
    return {
        "zeros": True,
        "last-real": True,
        "longest": True,
        "minus-one": False,  # index -1 of a shorter sequence is padding
        "whole-batch": False,  # the shorter sequence's row of the last step is zeros
        "repeat": False,  # a real output is never exactly the zero padding
        "cell-state": False,  # h = o * tanh(c) differs from c
        "first-padded": False,  # the step after the last real one is padding
        "last-zero": False,  # a real output step is not all zeros
    }


class Packing(NumericForm, Family):
    name = "packing"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "Batches of different lengths: `pad_sequence`, `pack_padded_sequence` and `pad_packed_sequence` "
        "(shapes, padded values, returned lengths, `total_length`), the errors for unsorted or empty "
        "lengths, and which index holds each sequence's last real step."
    )
    probes = ("padded", "value", "out", "lengths_back", "h_n")
    option_probes = PROBES
    # Numeric items (sample_kind below) are built and verified like the others, but not offered
    # yet: offered, they made tests that expect single-choice default draws fail (the Anki
    # front), and their answers and hints repeat more than the audit allows. Offering them is
    # ("single", "numeric") here and in the family's catalogue entry.
    kinds = ("single",)

    # --- drawing ---------------------------------------------------------------------------

    numeric_kinds = ("pad-value",)

    def sample_kind(self, rng, difficulty, kind):
        """A numeric item asks for one number of a padded batch (pad-value), typed in; hard draws
        have none."""
        if kind == "numeric" and "pad-value" not in LEVELS[difficulty]:
            raise ValueError(f"packing has no {difficulty} numeric items")
        return super().sample_kind(rng, difficulty, kind)

    def kind_capacity(self, difficulty, kind):
        if kind == "numeric":
            return self.capacity(difficulty) if "pad-value" in LEVELS[difficulty] else 0
        return super().kind_capacity(difficulty, kind)

    def unit(self, p):
        return "a whole number"

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVELS[difficulty])
            if kind == "lengths-error":
                kind = rng.choice(("enforce-sorted", "enforce-sorted", "zero-length"))
            p = self._sample_kind(rng, kind)
            if p is not None and self.difficulty_of(p) == difficulty:
                return p

    def _sample_kind(self, rng, kind) -> PackingParams | None:
        count = rng.randint(2, 6)
        lengths = rng.sample(range(1, MAX_LEN + 1), count)
        m = max(lengths)
        seq_len = m + rng.choice((0, 1, 2, 3))
        used = {count, m, seq_len, *lengths}
        free = [v for v in range(2, 41) if v not in used]  # wide, so that two items rarely share a key
        f, h = rng.sample(free, 2)
        d = {
            "kind": kind, "lengths": lengths, "batch_first": rng.random() < 0.5, "input_size": f,
            "hidden_size": h, "seq_len": seq_len, "which": 0, "step": 0, "padding_value": 0,
            "total_length": None, "unpack_batch_first": None, "enforce_sorted": None, "claim": None,
        }
        if kind == "pad-shape":
            if lengths[0] == m:
                return None
        elif kind == "pad-value":
            d["padding_value"] = rng.choice(PAD_VALUES)
            d["which"] = rng.randrange(count)
            d["step"] = rng.randrange(m)
            typed = PackingParams.from_dict(d)
            truth = stored_value(typed, d["which"], d["step"])
            slips = {v for v in pad_value_misconceptions(typed).values() if v is not None and v != truth}
            if len(slips) < 3:
                return None
        elif kind == "enforce-sorted":
            shape = rng.random()
            if shape < 0.5:
                d["lengths"] = sorted(lengths, reverse=True)  # the one order that packs
            elif shape < 0.7:
                d["lengths"] = sorted(lengths)
            elif lengths == sorted(lengths, reverse=True):
                return None
            d["enforce_sorted"] = rng.choice((None, True))
        elif kind == "zero-length":
            lengths[rng.randrange(count)] = 0
            d["lengths"] = lengths
            d["enforce_sorted"] = rng.choice((None, True, False))
            if d["enforce_sorted"] is not False and rng.random() < 0.5:
                d["lengths"] = sorted(lengths, reverse=True)
        elif kind == "unpacked-shape":
            d["unpack_batch_first"] = d["batch_first"] if rng.random() < 0.5 else not d["batch_first"]
            if rng.random() < 0.4:
                d["total_length"] = m + rng.choice((1, 2, 4))
                if d["total_length"] in (d["input_size"], d["hidden_size"], count):
                    return None
            elif seq_len == m:
                d["seq_len"] = m + 2  # so the padded x and the unpacked output differ in length
        elif kind == "lengths-back":
            if lengths == sorted(lengths, reverse=True) or seq_len == m:
                return None
        else:  # last-step, after-lstm: a sequence shorter than the longest
            short = [i for i, n in enumerate(lengths) if n < m]
            d["which"] = rng.choice(short)
            if kind == "after-lstm":
                d["claim"] = rng.choice(AFTER_TRUE[:2] * 2 + AFTER_TRUE[2:])  # "longest" names few numbers: rarer
            elif d["which"] == lengths[d["which"]] - 1:
                return None  # out[n, l - 1] and out[l - 1, n] would be the same element
        return PackingParams.from_dict(d)

    def decode(self, data):
        return PackingParams.from_dict(data)

    def difficulty_of(self, p):
        kind = p.kind
        if kind == "pad-shape":
            return "medium" if p.batch_first else "easy"
        if kind == "pad-value":
            return "medium" if p.batch_first or p.padding_value != 0 else "easy"
        if kind == "enforce-sorted":
            return "hard" if p.enforce_sorted is None and p.lengths != sorted(p.lengths, reverse=True) else "medium"
        if kind == "zero-length":
            unsorted = p.lengths != sorted(p.lengths, reverse=True)
            return "hard" if unsorted and p.enforce_sorted is not False else "medium"
        if kind == "unpacked-shape":
            tricky = p.unpack_batch_first != p.batch_first or p.total_length
            return "hard" if tricky else "medium"
        if kind == "last-step":
            return "hard" if p.batch_first else "medium"
        if kind == "lengths-back":
            return "medium"
        return "hard"

    def capacity(self, difficulty):
        """A lower bound: distinct length lists alone (2 to 6 distinct lengths of 1..16) number
        over 15,000; every kind also draws sizes and flags."""
        return 10_000

    # --- the code --------------------------------------------------------------------------

    def _x_line(self, p) -> str:
        shape = padded_layout(p, p.seq_len, p.input_size)
        return f"x = torch.randn({', '.join(map(str, shape))})\n"

    def _pipeline(self, p, unpack_bf=None, total=None) -> str:
        bf = p.batch_first
        flag = ", batch_first=True" if bf else ""
        unpack = ", batch_first=True" if unpack_bf else ""
        total_arg = f", total_length={total}" if total else ""
        return (
            "import torch\n"
            "import torch.nn as nn\n"
            + IMPORT_RNN + "\n"
            f"lstm = nn.LSTM(input_size={p.input_size}, hidden_size={p.hidden_size}{flag})\n"
            + self._x_line(p)
            + f"lengths = {p.lengths}\n"
            f"packed = pack_padded_sequence(x, lengths{flag}, enforce_sorted=False)\n"
            "packed_out, (h_n, c_n) = lstm(packed)\n"
            f"out, out_lengths = pad_packed_sequence(packed_out{unpack}{total_arg})\n"
        )

    def snippet(self, p):
        kind = p.kind
        flag = ", batch_first=True" if p.batch_first else ""
        if kind == "pad-shape":
            seqs = ", ".join(f"torch.randn({n}, {p.input_size})" for n in p.lengths)
            return ("import torch\nfrom torch.nn.utils.rnn import pad_sequence\n\n"
                    f"seqs = [{seqs}]\npadded = pad_sequence(seqs{flag})\n")
        if kind == "pad-value":
            seqs = ", ".join(f"torch.arange({START * (k + 1)}, {START * (k + 1) + n})" for k, n in enumerate(p.lengths))
            pad = f", padding_value={p.padding_value}" if p.padding_value != 0 else ""
            a, b = index_pair(p)
            return ("import torch\nfrom torch.nn.utils.rnn import pad_sequence\n\n"
                    f"seqs = [{seqs}]\npadded = pad_sequence(seqs{flag}{pad})\nvalue = padded[{a}, {b}].item()\n")
        if kind in ("enforce-sorted", "zero-length"):
            enforce = "" if p.enforce_sorted is None else f", enforce_sorted={p.enforce_sorted}"
            return ("import torch\nfrom torch.nn.utils.rnn import pack_padded_sequence\n\n"
                    + self._x_line(p) + f"lengths = {p.lengths}\n"
                    f"packed = pack_padded_sequence(x, lengths{flag}{enforce})\n")
        if kind == "unpacked-shape":
            return self._pipeline(p, p.unpack_batch_first, p.total_length)
        code = self._pipeline(p, p.batch_first)
        if kind == "lengths-back":
            code += "lengths_back = out_lengths.tolist()\n"
        return code

    def stem(self, p):
        kind, count = p.kind, len(p.lengths)
        if kind == "pad-shape":
            return (f"{count} recorded utterances, each a sequence of feature vectors of its own length, are "
                    "padded into one tensor. What is the shape of `padded`?")
        if kind == "pad-value":
            return (f"Each of the {count} sequences below counts up from its own start value, so every number "
                    "shows where it came from. What is `value`?")
        if kind == "enforce-sorted":
            return "A batch of sentences is packed before it reaches an LSTM. What happens when this code runs?"
        if kind == "zero-length":
            return ("One of the sensor recordings in this batch came back empty. What happens when the "
                    "code packs the batch?")
        if kind == "unpacked-shape":
            if p.total_length:
                return (f"The padded output must line up with targets of {p.total_length} steps, so the code "
                        "passes `total_length`. What is the shape of `out`?")
            return ("The code below packs a padded batch, runs the LSTM and pads its output again. "
                    "What is the shape of `out`?")
        if kind == "lengths-back":
            return ("After running the packed batch, the code reads back the lengths that "
                    "`pad_packed_sequence` returns. What is `lengths_back`?")
        n, l = p.which, p.lengths[p.which]
        if kind == "last-step":
            return (f"A classifier should read the LSTM's output at the last real step of each sequence. "
                    f"Sequence {n} has {l} real steps. Which expression picks that step for sequence {n} "
                    "out of `out`?")
        return (f"Sequence {n} of this batch has {l} real steps; the longest has {longest(p)}. "
                "Which statement about `out`, `h_n` and `c_n` is true?")

    # --- truth and options -----------------------------------------------------------------

    def truth(self, p, main):
        kind = p.kind
        if kind == "pad-shape":
            return tuple(main.values["padded"]["shape"])
        if kind == "pad-value":
            return main.values["value"]
        if kind in ("enforce-sorted", "zero-length"):
            return error_claim(main)
        if kind == "unpacked-shape":
            return tuple(main.values["out"]["shape"])
        if kind == "lengths-back":
            return main.values["lengths_back"]
        raise NotImplementedError(kind)

    def achieves(self, p, outcome):
        return holds_true(outcome)

    def options(self, p, main):
        return offer(p, *self._options(p, main))

    def _options(self, p, main):
        kind = p.kind
        if kind in ("last-step", "after-lstm"):
            return self._statement_options(p, main)
        if kind in ("enforce-sorted", "zero-length"):
            return self._error_options(p, main)
        truth = self.truth(p, main)
        table = {
            "pad-shape": (pad_shape_misconceptions, shape_text, PAD_SHAPE_WHY),
            "pad-value": (pad_value_misconceptions, str, PAD_VALUE_WHY),
            "unpacked-shape": (unpacked_shape_misconceptions, shape_text, UNPACKED_WHY),
            "lengths-back": (lengths_back_misconceptions, str, LENGTHS_WHY),
        }
        misconceptions, show, whys = table[kind]
        intended = Candidate(show(truth), self._why_right(p, truth), value=truth)
        return intended, named_values(p, misconceptions(p), truth, show, whys)

    def _why_right(self, p, truth) -> str:
        kind, ls = p.kind, p.lengths
        if kind == "pad-shape":
            axes = "(batch, longest, features)" if p.batch_first else "(longest, batch, features)"
            return (f"pad_sequence pads every sequence to the longest, {longest(p)} steps, and stacks the "
                    f"{len(ls)} of them as {axes} = {shape_text(truth)}.")
        if kind == "pad-value":
            seq, step = p.which, p.step
            if step < ls[seq]:
                return (f"Sequence {seq} starts at {START * (seq + 1)} and has {ls[seq]} steps, so step {step} "
                        f"holds {START * (seq + 1)} + {step} = {truth}.")
            return (f"Sequence {seq} has only {ls[seq]} steps (0 to {ls[seq] - 1}); step {step} is padding "
                    f"and holds the padding value {truth}.")
        if kind == "unpacked-shape":
            steps = unpacked_steps(p)
            source = (f"total_length={p.total_length}" if p.total_length
                      else f"the longest length, {longest(p)} (not x's {p.seq_len})")
            axes = "batch first" if p.unpack_batch_first else "time first"
            return (f"pad_packed_sequence pads to {source}, lays the result out {axes} as its own batch_first "
                    f"says, with hidden_size = {p.hidden_size} features: {shape_text(truth)}; {steps} steps.")
        return (f"pad_packed_sequence returns the lengths in the batch's original order, as they went in: "
                f"{truth}.")

    def _error_options(self, p, main):
        ls = p.lengths
        if main.error:
            exc, message = main.error
            if SORTED_MESSAGE_PART in message:
                why = (f"The lengths {ls} are not in decreasing order, and enforce_sorted is True "
                       f"({'by default' if p.enforce_sorted is None else 'as written'}); the last length, "
                       f"{ls[-1]}, passes the first check, so the order check fails next.")
            elif p.enforce_sorted is False:
                why = ("enforce_sorted=False sorts the lengths first, which puts the 0 last; a packed batch "
                       "cannot hold a sequence with no steps.")
            else:
                why = ("The last length is 0; torch checks the last length before the order, and a packed "
                       "batch cannot hold a sequence with no steps.")
            intended = raises(exc, message, why)
        else:
            intended = runs(f"It runs: `packed.batch_sizes` is {batch_sizes(ls)}.",
                            f"The lengths {ls} are already in decreasing order, so packing works as it is: at "
                            f"the first step all {len(ls)} sequences are present.")
        wrong: list[Candidate] = []
        truth = error_claim(main)
        sorted_msg = SORTED_MESSAGE
        zero_msg = ZERO_MESSAGE
        warned = ("It runs, with a `UserWarning`: " + code_span(sorted_msg),
                  "Expects a warning only; an unsorted batch with enforce_sorted=True is an error, and nothing "
                  "is packed.")
        if p.kind == "enforce-sorted":
            wrong.append(named("auto-sorts", runs(
                "It runs: pack_padded_sequence reorders the sequences by decreasing length on its own, "
                "then packs them.",
                "Expects the sorting that enforce_sorted=False switches on; with enforce_sorted=True (the "
                "default) torch only checks the order.")))
            wrong.append(named("increasing-order", raises(
                "RuntimeError", sorted_msg.replace("decreasing", "increasing"),
                "Expects shortest-first order; packing wants the longest sequence first, so each step's batch "
                "only shrinks.")))
            if truth == RUNS:
                wrong.append(named("always-refuses", raises(
                    "RuntimeError", sorted_msg,
                    "Expects torch to refuse every batch packed without enforce_sorted=False; lengths already in "
                    "decreasing order pass the check.")))
            else:
                wrong.append(named("order-as-value-error", raises(
                    "ValueError", sorted_msg, "Names the wrong type: torch reports the order check as a RuntimeError.")))
                wrong.append(named("increasing-order-value-error", raises(
                    "ValueError", sorted_msg.replace("decreasing", "increasing"),
                    "Two slips: shortest-first order, and a ValueError where torch raises RuntimeError.")))
                wrong.append(named("order-warning", runs(*warned)))
            wrong += [named("lengths-need-tensor", c) for c in type_only(
                main, "TypeError", "It raises a `TypeError`: lengths must be a tensor, not a list.",
                "Expects lengths to need a tensor; a Python list of ints is accepted.")]
        else:
            wrong.append(named("drops-empty", runs(
                "It runs: pack_padded_sequence leaves the empty recording out, and the packed batch holds only "
                "the recordings with at least one step.",
                "Expects torch to drop an empty sequence; it refuses lengths of 0 instead.")))
            wrong.append(named("empty-as-padding", runs(
                "It runs: the empty recording is packed as padding only, so its rows of h_n and c_n stay at "
                "the zero initial state.",
                "Expects zero states for an empty sequence, as if it had been padding only; torch refuses it.")))
            if SORTED_MESSAGE_PART in (main.error or ("", ""))[1]:
                wrong.append(named("zero-checked-first", raises(
                    "RuntimeError", zero_msg,
                    f"Expects the empty sequence to be reported first; torch looks only at the last length "
                    f"({ls[-1]}) before it checks the order, and the 0 is not last.")))
                wrong.append(named("order-warning", runs(*warned)))
                wrong.append(named("order-as-value-error", raises(
                    "ValueError", sorted_msg, "Names the wrong type: torch reports the order check as a RuntimeError.")))
            else:
                wrong.append(named("zero-as-value-error", raises(
                    "ValueError", zero_msg, "Names the wrong type: torch reports a length of 0 as a RuntimeError.")))
                if p.enforce_sorted is not False:
                    in_order = ls == sorted(ls, reverse=True)
                    reason = (f"{ls} is in decreasing order (a trailing 0 included)" if in_order else
                              "torch checks the last length, 0 here, before it compares the order")
                    wrong.append(named("order-before-zero", raises(
                        "RuntimeError", sorted_msg, f"Expects an order error; {reason}.")))
                    wrong.append(named("order-before-zero-value-error", raises(
                        "ValueError", sorted_msg,
                        f"Two slips: an order error ({reason}), and a ValueError where torch raises RuntimeError.")))
        return intended, [c for c in wrong if c.value != truth]

    def _statement_options(self, p, main):
        code = self.snippet(p)
        n, l, m = p.which, p.lengths[p.which], longest(p)
        if p.kind == "last-step":
            texts, reads = last_step_texts(p), last_step_reads(p)
            intended = statement(code, texts["truth"], f"torch.equal({texts['truth']}, h_n[-1, {n}])",
                                 f"Sequence {n} has {l} real steps, at indices 0 to {l - 1}; step {l - 1} is "
                                 f"the last one the LSTM read, the same vector as h_n[-1, {n}].", fmt="code")
            wrong = [named(name, statement(code, texts[name], f"torch.equal({texts[name]}, h_n[-1, {n}])",
                                           LAST_STEP_WHY[name](p, reads[name]), fmt="code"))
                     for name in LAST_STEP_WHY if reads[name] != reads["truth"]]
            return intended, wrong
        t = after_lstm_texts(p)
        holds = after_lstm_holds(p)
        key = p.claim
        intended = statement(code, t[key][0], t[key][1], after_lstm_why(p, key))
        wrong = [named(name, statement(code, t[name][0], t[name][1], after_lstm_why(p, name)))
                 for name in AFTER_FALSE if not holds[name]]
        return intended, wrong

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        traps = TRAPS["error" if p.kind in ("enforce-sorted", "zero-length") else p.kind]
        return replace(self._explain(p, main, correct), mistakes=mistakes(p, self.options(p, main)[1], traps))

    def _explain(self, p, main, correct):
        kind, ls = p.kind, p.lengths
        m = longest(p)
        if kind == "pad-shape":
            layout = "batch first" if p.batch_first else "time first (the default)"
            return Explanation(
                steps=(f"The sequences have {ls} steps of {p.input_size} features; the longest has {m}.",
                       "pad_sequence stretches every sequence to the longest with zeros and stacks them, "
                       f"{layout}.",
                       f"So `padded` has shape {correct.text}."),
                quick_check=f"count the numbers: {p.input_size} features × {m} steps × {len(ls)} sequences "
                            f"= {len(ls) * m * p.input_size} in `padded`",
                hint=f"Which of the {len(ls)} sequences sets the common length, and which axis does batch_first move?",
            )
        if kind == "pad-value":
            a, b = index_pair(p)
            seq, step = p.which, p.step
            order = "(sequence, step)" if p.batch_first else "(step, sequence)"
            return Explanation(
                steps=(f"With{'' if p.batch_first else 'out'} batch_first the indices are {order}, so "
                       f"`padded[{a}, {b}]` is step {step} of sequence {seq}.",
                       f"Sequence {seq} is `torch.arange({START * (seq + 1)}, {START * (seq + 1) + ls[seq]})`: "
                       f"{ls[seq]} real steps, then padding.",
                       f"So `value` is {correct.text}."),
                quick_check=f"count along sequence {seq}: it starts at {START * (seq + 1)} on step 0, adds 1 per step "
                            f"for {ls[seq]} steps, then holds the padding value",
                hint="Which index is the time step here, and does that step exist in its sequence?",
            )
        if kind in ("enforce-sorted", "zero-length"):
            steps = [f"`lengths` is {ls}; enforce_sorted is "
                     + ("True by default." if p.enforce_sorted is None else f"{p.enforce_sorted}.")]
            steps.append("With enforce_sorted=True, pack_padded_sequence first checks that the last length is at "
                         "least 1, then that the lengths decrease (so all are at least 1); with "
                         "enforce_sorted=False it sorts them first, then checks the same.")
            steps.append(f"So: {correct.text}")
            return Explanation(
                tuple(steps),
                quick_check=f"the last length is {ls[-1]}; in order: "
                            f"{'yes' if ls == sorted(ls, reverse=True) else 'no'}; enforce_sorted: "
                            f"{'True' if p.enforce_sorted is not False else 'False'}",
                hint="Read the lengths in order, and look up what enforce_sorted is when the call does not say.",
            )
        if kind == "unpacked-shape":
            steps = unpacked_steps(p)
            return Explanation(
                steps=(f"The LSTM turns {p.input_size} features into hidden_size = {p.hidden_size}.",
                       f"pad_packed_sequence pads to the longest length, {m}"
                       + (f", raised to total_length = {p.total_length}" if p.total_length else
                          f"; x's own padding to {p.seq_len} steps is gone after packing") + ".",
                       "Its layout follows its own batch_first argument "
                       f"({'True' if p.unpack_batch_first else 'False, the default'}), whatever packing used.",
                       f"So `out` has shape {correct.text}."),
                quick_check=f"count the numbers: {p.hidden_size} features × {steps} steps × {len(ls)} sequences "
                            f"= {len(ls) * steps * p.hidden_size} in `out`",
                hint="How many steps, how many features, and which batch_first applies to this call?",
            )
        if kind == "lengths-back":
            return Explanation(
                steps=(f"enforce_sorted=False lets torch sort {ls} internally and remember the permutation.",
                       "pad_packed_sequence undoes the sort: both `out` and the lengths come back in the order "
                       "the sequences went in.",
                       f"So `lengths_back` is {correct.text}."),
                quick_check=("compare with the batch order: entry i of the returned lengths belongs to "
                             "sequence i of x, the one whose real steps were counted in lengths[i]"),
                hint="Does anything the caller sees depend on the internal sort?",
            )
        n, l = p.which, ls[p.which]
        axis = "dimension 1" if p.batch_first else "dimension 0"
        steps = (f"Sequence {n} has {l} real steps; `out` is padded to {m} steps along {axis}.",
                 (f"Steps {l} to {m - 1}" if m - 1 > l else f"Step {l}")
                 + f" of sequence {n} {'are' if m - 1 > l else 'is'} padding: pad_packed_sequence fills "
                 "padding with 0.",
                 f"h_n[-1, {n}] is the top layer's state after the last real step, step {l - 1}, because the "
                 "packed input stops each sequence at its own length.",
                 f"So the answer is {correct.text.rstrip('.')}.")
        return Explanation(
            steps,
            quick_check=(f"`out_lengths` says where each sequence ends: its entry for sequence {n} is the "
                         "number of real steps, and the last real index is one less; every index after it "
                         "reads zeros"),
            hint=f"Where does sequence {n} stop, and what did pad_packed_sequence write after that?",
        )


SORTED_MESSAGE = ("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can "
                  "pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                  "requirement if you do not need ONNX exportability.")
ZERO_MESSAGE = "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"


def after_lstm_texts(p: PackingParams) -> dict[str, tuple[str, str]]:
    """(statement shown, the check torch runs) for each statement of after-lstm."""
    n, l = p.which, p.lengths[p.which]
    top = p.lengths.index(longest(p))
    e = lambda step: last_step_expr(p, n, step)  # noqa: E731
    tail = f"out[{n}, {l}:]" if p.batch_first else f"out[{l}:, {n}]"
    last_col = "out[:, -1]" if p.batch_first else "out[-1]"
    return {
        "zeros": (f"`{tail}` holds only zeros.", f"({tail} == 0).all()"),
        "last-real": (f"`{e(l - 1)}` equals `h_n[-1, {n}]`.", f"torch.equal({e(l - 1)}, h_n[-1, {n}])"),
        "longest": (f"`{last_step_expr(p, top, -1)}` equals `h_n[-1, {top}]`.",
                    f"torch.equal({last_step_expr(p, top, -1)}, h_n[-1, {top}])"),
        "minus-one": (f"`{e(-1)}` equals `h_n[-1, {n}]`.", f"torch.equal({e(-1)}, h_n[-1, {n}])"),
        "whole-batch": (f"`{last_col}` equals `h_n[-1]` for the whole batch.", f"torch.equal({last_col}, h_n[-1])"),
        "repeat": (f"Every padded step `{tail}` repeats the last real output `{e(l - 1)}`.",
                   f"({tail} == {e(l - 1)}).all()"),
        "cell-state": (f"`{e(l - 1)}` equals `c_n[-1, {n}]`.", f"torch.equal({e(l - 1)}, c_n[-1, {n}])"),
        "first-padded": (f"`{e(l)}` equals `h_n[-1, {n}]`.", f"torch.equal({e(l)}, h_n[-1, {n}])"),
        "last-zero": (f"`{e(l - 1)}` is all zeros.", f"({e(l - 1)} == 0).all()"),
    }


def after_lstm_why(p: PackingParams, name: str) -> str:
    n, l, m = p.which, p.lengths[p.which], longest(p)
    return {
        "zeros": f"Sequence {n} ends after {l} steps; pad_packed_sequence fills steps {l} to {m - 1} with 0.",
        "last-real": f"The packed run stops sequence {n} after its step {l - 1}, so h_n holds that step's output.",
        "longest": (f"Sequence {p.lengths.index(m)} is the longest ({m} steps), so for it the last index "
                    "is also the last real step."),
        "minus-one": f"Takes the last index for the last real step; for sequence {n} index -1 is step {m - 1}, "
                     f"padding, all zeros.",
        "whole-batch": f"Assumes every sequence ends at the last index; sequence {n} ends at step {l - 1}, so "
                       "its row of out[:, -1] is zeros.",
        "repeat": f"Expects the last output to be carried forward; the padded steps are zeros, not copies of "
                  f"step {l - 1}.",
        "cell-state": "Confuses the two states: output holds h, while c_n holds the cell state, "
                      "and h = o · tanh(c) differs from c.",
        "first-padded": f"Uses the length {l} as an index; the real steps are 0 to {l - 1}, so index {l} is "
                        "padding.",
        "last-zero": f"Expects the last real step to be padding already; step {l - 1} is the last one the "
                     "LSTM computed.",
    }[name]


def _layout_word(p, bf=None) -> str:
    return "batch first" if (p.batch_first if bf is None else bf) else "time first"


PAD_SHAPE_WHY: dict[str, Callable] = {
    "other-layout": lambda p, v: (f"Puts the axes the other way round, {_layout_word(p, not p.batch_first)}: "
                                  f"that layout needs batch_first={not p.batch_first}; it would give {shape_text(v)}."),
    "concatenated": lambda p, v: (f"Joins the sequences end to end ({' + '.join(map(str, p.lengths))} = "
                                  f"{sum(p.lengths)} steps), as torch.cat would; pad_sequence stacks them."),
    "first-length": lambda p, v: (f"Pads to the first sequence's length, {p.lengths[0]}; the common length is "
                                  f"the longest, {longest(p)}."),
    "shortest": lambda p, v: (f"Cuts every sequence to the shortest length, {min(p.lengths)}; padding "
                              "lengthens the short ones instead."),
    "shortest-other-layout": lambda p, v: (f"Cuts to the shortest length ({min(p.lengths)}) and swaps the axes: "
                                           f"two slips giving {shape_text(v)}."),
}

PAD_VALUE_WHY: dict[str, Callable] = {
    "swapped-index": lambda p, v: (f"Reads the two indices the other way round (sequence {p.step}, step "
                                   f"{p.which}), which would give {v}."),
    "zero-padding": lambda p, v: (f"Assumes padding is always 0; this call pads with {p.padding_value}."),
    "repeat-last": lambda p, v: (f"Expects padding to repeat the sequence's last value, {v}; pad_sequence fills "
                                 "with the padding value."),
    "left-padded": lambda p, v: ("Pads at the front, as some tokenizers do; pad_sequence appends the padding "
                                 f"after the real steps. Front padding would give {v}."),
    "one-based": lambda p, v: (f"Counts steps from 1, reading index {p.step} as step {p.step - 1}, "
                               f"which would give {v}."),
}

UNPACKED_WHY: dict[str, Callable] = {
    "other-layout": lambda p, v: ("Lays the result out "
                                  f"{_layout_word(p, not p.unpack_batch_first)}: pad_packed_sequence follows its "
                                  "own batch_first argument, not the one used when packing."),
    "input-width": lambda p, v: (f"Keeps the input's {p.input_size} features; the LSTM outputs "
                                 f"hidden_size = {p.hidden_size}."),
    "packed-data": lambda p, v: (f"Gives the shape of packed_out.data, all {sum(p.lengths)} real steps in one "
                                 "column; padding back restores a batch axis."),
    "x-length": lambda p, v: (f"Keeps x's padded length, {p.seq_len}; packing forgets it and padding back goes "
                              f"to the longest length, {longest(p)}."),
    "ignores-total-length": lambda p, v: (f"Ignores total_length and pads to the longest sequence, {longest(p)}; "
                                          f"total_length={p.total_length} sets the length."),
    "layout-and-width": lambda p, v: (f"Two slips: the input width {p.input_size} and the other layout give "
                                      f"{shape_text(v)}."),
}

LENGTHS_WHY: dict[str, Callable] = {
    "sorted": lambda p, v: (f"Returns the lengths in the internal sorted order, {v}; torch restores the original "
                            "order on the way out."),
    "batch-sizes": lambda p, v: (f"Gives packed_out.batch_sizes, {v}: how many sequences are still running at "
                                 "each step, not each sequence's length."),
    "all-longest": lambda p, v: (f"Treats every sequence as padded to the longest, {longest(p)}; the real lengths "
                                 "come back."),
    "all-padded": lambda p, v: (f"Reports x's padded length, {p.seq_len}, for every sequence."),
}

LAST_STEP_WHY: dict[str, Callable] = {
    "minus-one": lambda p, r: (f"Takes index -1 for the last step; sequence {p.which} is shorter than the "
                               f"longest ({longest(p)}), so index -1 is padding: zeros, not h_n."),
    "first-padded": lambda p, r: (f"Uses the length as an index; lengths[{p.which}] = {p.lengths[p.which]} "
                                  f"steps are numbered 0 "
                                  f"to {p.lengths[p.which] - 1}, so index {p.lengths[p.which]} is the "
                                  "first padded step."),
    "other-layout": lambda p, r: ("Puts the indices in the wrong order for this layout "
                                  f"({_layout_word(p)}); "
                                  + ("it raises IndexError." if r is None else
                                     f"it reads step {r[1]} of sequence {r[0]}.")),
    "other-layout-minus-one": lambda p, r: ("Swaps the axes and takes the last index: "
                                            + ("it raises IndexError." if r is None else
                                               f"it reads step {r[1]} of sequence {r[0]}"
                                               + (", another sequence." if r[0] != p.which else
                                                  ", not its last real step."))),
    "one-index": lambda p, r: (("Indexes only the sequence: out[n] is every step of it, a "
                                f"({longest(p)}, {p.hidden_size}) slice, not its last step.") if p.batch_first
                               else ("Indexes only the step: that is step "
                                     f"{p.lengths[p.which] - 1} of every sequence, a ({len(p.lengths)}, "
                                     f"{p.hidden_size}) slice, not one vector.")),
}


# Common mistakes, per kind, in other words than the options' whys (``y``: what the slip gives here).
TRAPS: dict[str, dict[str, Callable]] = {
    "pad-shape": {
        "other-layout": lambda p, y: f"Mixing up which axis batch_first moves turns the shape into {y}.",
        "concatenated": lambda p, y: f"Thinking of padding as joining the sequences one after another gives {y}.",
        "first-length": lambda p, y: f"Letting the first sequence set the common length gives {y}.",
        "shortest": lambda p, y: f"Trimming every sequence down to the shortest gives {y}.",
        "shortest-other-layout": lambda p, y: f"Trimming to the shortest and flipping the layout together give {y}.",
    },
    "pad-value": {
        "swapped-index": lambda p, y: f"Reading the step index as the sequence index gives {y}.",
        "zero-padding": lambda p, y: f"Forgetting the padding_value argument and assuming zeros gives {y}.",
        "repeat-last": lambda p, y: f"Picturing padding as a copy of the last real value gives {y}.",
        "left-padded": lambda p, y: f"Putting the padding before the real steps gives {y}.",
        "one-based": lambda p, y: f"Counting steps from 1 instead of 0 gives {y}.",
    },
    "unpacked-shape": {
        "other-layout": lambda p, y: f"Assuming the unpacked layout follows the packing call gives {y}.",
        "input-width": lambda p, y: f"Forgetting that the LSTM changed the feature width gives {y}.",
        "packed-data": lambda p, y: f"Stopping at the packed data, every real step in one column, gives {y}.",
        "x-length": lambda p, y: f"Expecting x's extra padding to survive packing gives {y}.",
        "ignores-total-length": lambda p, y: f"Overlooking total_length gives {y}.",
        "layout-and-width": lambda p, y: f"Keeping the input width and flipping the layout give {y}.",
    },
    "lengths-back": {
        "sorted": lambda p, y: f"Expecting the internal longest-first order to leak out gives {y}.",
        "batch-sizes": lambda p, y: f"Confusing the lengths with the packed batch sizes per step gives {y}.",
        "all-longest": lambda p, y: f"Expecting every sequence to come back at the longest length gives {y}.",
        "all-padded": lambda p, y: f"Expecting x's padded length for every sequence gives {y}.",
    },
    "error": {
        "auto-sorts": lambda p, y: "Believing the default call sorts the batch by itself.",
        "increasing-order": lambda p, y: "Remembering the required order backwards, shortest first.",
        "always-refuses": lambda p, y: "Believing packing without enforce_sorted=False always fails, sorted or not.",
        "order-as-value-error": lambda p, y: "Filing the order check under ValueError.",
        "increasing-order-value-error": lambda p, y: "Getting both the order and the exception class wrong.",
        "order-warning": lambda p, y: "Treating the order requirement as a mere warning.",
        "lengths-need-tensor": lambda p, y: "Believing lengths must be a tensor; a plain list works.",
        "drops-empty": lambda p, y: "Expecting an empty sequence to be skipped quietly.",
        "empty-as-padding": lambda p, y: "Expecting an empty sequence to pass as all padding.",
        "zero-checked-first": lambda p, y: (f"Expecting the 0 to be noticed wherever it sits; only the last "
                                            f"length, {p.lengths[-1]}, is looked at before the order."),
        "zero-as-value-error": lambda p, y: "Filing the empty-length check under ValueError.",
        "order-before-zero": lambda p, y: "Expecting the order check to come before the length-0 check.",
        "order-before-zero-value-error": lambda p, y: ("Expecting the order check first, and under ValueError "
                                                       "at that."),
    },
    "last-step": {
        "minus-one": lambda p, y: f"Reaching for index -1, which for a short sequence is padding: `{y}`.",
        "first-padded": lambda p, y: f"Using the length itself as an index, one past the end: `{y}`.",
        "other-layout": lambda p, y: f"Writing the indices in the other layout's order: `{y}`.",
        "other-layout-minus-one": lambda p, y: f"Flipping the axes and taking the last index: `{y}`.",
        "one-index": lambda p, y: f"Giving one index where two are needed: `{y}` is a whole slice.",
    },
    "after-lstm": {
        "minus-one": lambda p, y: "Assuming index -1 is the last real step for every sequence.",
        "whole-batch": lambda p, y: "Assuming every sequence ends at the padded length.",
        "repeat": lambda p, y: "Expecting the padded steps to repeat the last real output.",
        "cell-state": lambda p, y: "Taking output to carry the cell state.",
        "first-padded": lambda p, y: f"Using the length {p.lengths[p.which]} as the index of the last step.",
        "last-zero": lambda p, y: "Expecting the last real step to be zeroed already.",
    },
}
