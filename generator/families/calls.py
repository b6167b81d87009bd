"""missing-argument and wrong-keyword: what torch does with a constructor call that is off.

The right option is read off torch's own outcome (exception type and message); every wrong
option is a claim about the outcome that differs from what torch did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import Candidate
from .base import MAX_BATCH, MAX_SEQ_LEN, MAX_SIZE, Explanation, Family, distinct_sizes, error_text
from .claims import error_claim


def _snippet(call: str) -> str:
    return f"import torch.nn as nn\n\nlstm = {call}\n"


def _correct(main) -> Candidate:
    if main.error:
        return Candidate(error_text(*main.error), "This is the exception torch raises when the snippet runs.",
                         value=error_claim(main), format="text")
    return Candidate("It runs and builds the layer without an error.",
                     "torch builds the layer without complaint.", value=("ok",), format="text")


# --- missing-argument ----------------------------------------------------------------------

MISSING_FORMS = ("input-only", "input-keyword-only", "hidden-only", "nothing", "input-and-layers")


@dataclass(frozen=True)
class MissingParams:
    input_size: int | None
    hidden_size: int | None
    form: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "MissingParams":
        return cls(d["input_size"], d["hidden_size"], d["form"])


def _missing_call(form: str, i: int, h: int) -> str:
    return {
        "input-only": f"nn.LSTM({i})",
        "input-keyword-only": f"nn.LSTM(input_size={i})",
        "hidden-only": f"nn.LSTM(hidden_size={h})",
        "nothing": "nn.LSTM()",
        "input-and-layers": f"nn.LSTM({i}, num_layers=2)",
    }[form]


class MissingArgument(Family):
    name = "missing-argument"
    difficulties = ("medium",)
    summary = "What torch does when `nn.LSTM` is called without `input_size`, `hidden_size` or both."

    def sample(self, rng, difficulty):
        # Only the sizes the call shows are params, so two draws differ only in what a student sees.
        form = rng.choice(MISSING_FORMS)
        size = rng.randint(2, MAX_SIZE)
        return MissingParams(
            input_size=size if form in ("input-only", "input-keyword-only", "input-and-layers") else None,
            hidden_size=size if form == "hidden-only" else None,
            form=form,
        )

    def decode(self, data):
        return MissingParams.from_dict(data)

    def capacity(self, difficulty):
        return 4 * (MAX_SIZE - 1) + 1

    def snippet(self, p):
        return _snippet(_missing_call(p.form, p.input_size, p.hidden_size))

    def stem(self, p):
        return "What happens when this code runs?"

    def truth(self, p, main):
        return error_claim(main)

    def options(self, p, main):
        given = p.input_size is not None
        wrong = [
            Candidate("It runs: hidden_size defaults to input_size." if given else
                      "It runs: both sizes have defaults.",
                      "Assumes a missing size has a default; neither size has one in torch.",
                      value=("ok", "default-same"), format="text"),
            Candidate("It runs and builds a layer with hidden_size=1."
                      if given else "It runs and builds a layer with input_size=1 and hidden_size=1.",
                      "Believes torch fills in a default hidden size; the signature has none.",
                      value=("ok", "default-one"), format="text"),
            Candidate("It builds the layer, and the error comes only at the first forward call.",
                      "Thinks sizes are checked lazily; Python checks required arguments when the constructor is called.",
                      value=("late-error",), format="text"),
            Candidate(error_text("ValueError", "hidden_size must be greater than zero"),
                      "Expects a missing size to be treated as zero; a missing argument is a TypeError before any value check.",
                      value=("error", "ValueError", "hidden_size must be greater than zero"), format="text"),
            Candidate("It runs, but torch asks for the sequence length at the first forward call.",
                      "Believes the layer needs the sequence length; it never does.",
                      value=("ok", "seq-len"), format="text"),
        ]
        if main.error and main.error[0] == "TypeError":
            other = {"'hidden_size'": "'input_size'", "'input_size'": "'hidden_size'"}
            msg = main.error[1]
            for old, new in other.items():
                if old in msg and "and" not in msg:
                    swapped = msg.replace(old, new)
                    wrong.append(Candidate(error_text("TypeError", swapped),
                                           "Names the wrong missing argument: look at which size the call does give.",
                                           value=("error", "TypeError", swapped), format="text"))
                    break
        return _correct(main), wrong

    def explain(self, p, main, correct):
        call = _missing_call(p.form, p.input_size, p.hidden_size)
        exc = main.error[0] if main.error else "no exception"
        return Explanation(
            steps=(
                "`nn.LSTM` forwards its arguments to `RNNBase.__init__(mode, input_size, hidden_size, ...)`, "
                "where `input_size` and `hidden_size` are required and have no defaults.",
                f"`{call}` does not supply every required size.",
                f"Python refuses the call before any layer is built, so torch reports `{exc}` naming what is missing.",
            ),
            quick_check="nn.LSTM needs both input_size and hidden_size",
            hint="Two sizes are required: the input width and the hidden width.",
        )


# --- wrong-keyword -------------------------------------------------------------------------

KEYWORD_FORMS = {
    # form: (call template, what the writer had in mind)
    "input-hidden": ("nn.LSTM(input={i}, hidden={h})", "shortened keyword names"),
    "dim": ("nn.LSTM(input_dim={i}, hidden_dim={h})", "Keras-style names"),
    "linear": ("nn.LSTM(in_features={i}, out_features={h})", "nn.Linear's keyword names"),
    "units": ("nn.LSTM({i}, units={h})", "a Keras-style units argument"),
    "batch-size": ("nn.LSTM({i}, {h}, batch_size={n})", "a batch size fixed at construction"),
    "seq-len": ("nn.LSTM({i}, {h}, seq_len={t})", "a sequence length fixed at construction"),
    "layers": ("nn.LSTM(input_size={i}, hidden_size={h}, layers=2)", "layers instead of num_layers"),
    "nonlinearity": ("nn.LSTM({i}, {h}, nonlinearity='relu')", "nn.RNN's nonlinearity argument"),
}


@dataclass(frozen=True)
class KeywordParams:
    input_size: int
    hidden_size: int
    form: str
    batch: int | None
    seq_len: int | None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "KeywordParams":
        return cls(d["input_size"], d["hidden_size"], d["form"], d["batch"], d["seq_len"])


class WrongKeyword(Family):
    name = "wrong-keyword"
    difficulties = ("medium",)
    summary = "What torch does with keywords `nn.LSTM` does not have (`input=`, `hidden_dim=`, `batch_size=`, ...)."

    def sample(self, rng, difficulty):
        i, h = distinct_sizes(rng, 2)
        form = rng.choice(sorted(KEYWORD_FORMS))
        return KeywordParams(i, h, form,
                             batch=rng.randint(2, MAX_BATCH) if form == "batch-size" else None,
                             seq_len=rng.randint(2, MAX_SEQ_LEN) if form == "seq-len" else None)

    def decode(self, data):
        return KeywordParams.from_dict(data)

    def capacity(self, difficulty):
        pairs = (MAX_SIZE - 1) * (MAX_SIZE - 2)
        return pairs * (len(KEYWORD_FORMS) - 2 + (MAX_BATCH - 1) + (MAX_SEQ_LEN - 1))

    def _call(self, p):
        template, _ = KEYWORD_FORMS[p.form]
        return template.format(i=p.input_size, h=p.hidden_size, n=p.batch, t=p.seq_len)

    def snippet(self, p):
        return _snippet(self._call(p))

    def stem(self, p):
        return "What happens when this code runs?"

    def truth(self, p, main):
        return error_claim(main)

    def options(self, p, main):
        i, h = p.input_size, p.hidden_size
        wrong = [
            Candidate(f"It builds an LSTM with input_size={i} and hidden_size={h}: the keywords are accepted as aliases.",
                      "Assumes torch accepts other spellings of its parameter names; it accepts only its own.",
                      value=("ok", "alias"), format="text"),
            Candidate("It builds the layer and silently ignores the keyword it does not know.",
                      "Thinks unknown keywords are ignored; Python rejects them when the constructor is called.",
                      value=("ok", "ignored"), format="text"),
            Candidate("It builds the layer; the unknown keyword causes an error only at the first forward call.",
                      "Thinks arguments are checked lazily; the call fails before any layer exists.",
                      value=("late-error",), format="text"),
            Candidate(error_text("ValueError", "unknown keyword argument"),
                      "Expects a ValueError; Python reports an unexpected keyword argument as a TypeError.",
                      value=("error", "ValueError", "unknown keyword argument"), format="text"),
            Candidate(error_text("AttributeError", "'LSTM' object has no attribute 'input_size'"),
                      "Expects the layer to be built half-way and fail later; the call itself is refused.",
                      value=("error", "AttributeError", "'LSTM' object has no attribute 'input_size'"), format="text"),
        ]
        return _correct(main), wrong

    def explain(self, p, main, correct):
        _, idea = KEYWORD_FORMS[p.form]
        bad = main.error[1].rsplit(" ", 1)[-1] if main.error else "none"
        return Explanation(
            steps=(
                f"The call uses {idea}, but `nn.LSTM` only accepts `input_size`, `hidden_size`, `num_layers`, "
                "`bias`, `batch_first`, `dropout`, `bidirectional`, `proj_size`, `device` and `dtype`.",
                f"Python checks keyword names when the constructor is called; the first unknown one here is {bad}.",
                "So no layer is built: the call raises a `TypeError` that names that keyword.",
            ),
            quick_check="unknown keyword → TypeError at construction",
            hint="Check each keyword against torch's signature: input_size, hidden_size, num_layers, ...",
        )
