"""embedding-pipeline: token ids through ``nn.Embedding(vocab, E, padding_idx=0)``, then
``nn.LSTM(E, H, batch_first=True)`` and ``nn.Linear(H, C)``.

Kinds (``params["kind"]``):

- ``stage``: the shape at one stage (``embedded``, ``output``, ``h_n`` or ``logits``);
- ``count``: the model's learnable numbers (the padding row included);
- ``padding``: how many positions of ``embedded`` are all zeros (the padding id's row);
- ``dtype``: which ``ids`` tensor the embedding accepts (each option run);
- ``float-ids``: ids of a float, half, short, byte or bool type (torch's message from the run);
- ``out-of-range``: an id equal to the vocabulary size, a negative id, or the largest valid id
  (on CPU an ``IndexError``; the largest valid id runs).

Wrong answers are named misconceptions computed from the params; one that gives the key on a
draw is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family, shape_text
from .record import DictParams
from .claims import error_claim, raises, runs
from .distractors import mistakes, named, named_values, offer

STAGES = ("embedded", "output", "h_n", "logits")
LEVEL_KINDS = {
    # the error kinds' keys are torch's fixed messages: they come up less often than the kinds
    # whose key holds the item's sizes
    "easy": ("stage", "stage", "dtype"),
    "medium": ("stage", "stage", "stage", "count", "count", "padding", "padding", "float-ids"),
    "hard": ("out-of-range", "padding", "padding", "padding", "stage", "stage", "stage"),
}
ERROR_KINDS = ("float-ids", "out-of-range")
# How a snippet turns integer ids into another type, and the type name torch's message reports.
CASTS = {"float": ("ids.float()", "torch.FloatTensor"), "double": ("ids.double()", "torch.DoubleTensor"),
         "half": ("ids.half()", "torch.HalfTensor"), "short": ("ids.short()", "torch.ShortTensor"),
         "byte": ("ids.byte()", "torch.ByteTensor"), "bool": ("ids > 0", "CPUBoolType")}
DTYPES_OK = ("torch.int64", "torch.int32")
DTYPES_BAD = ("torch.float32", "torch.float64", "torch.int16", "torch.uint8", "torch.float16", "torch.int8",
              "torch.bool")
RANGE_MESSAGE = "index out of range in self"
# The id out-of-range snippets write into ids[0, -1], for a vocabulary of v.
LAST_ID = {"vocab": lambda v: v, "negative": lambda v: -1, "largest": lambda v: v - 1}


@dataclass(frozen=True)
class EmbeddingParams(DictParams):
    """One item: the model's sizes (``input_size`` is the embedding size E), the ids' ``batch``
    (None: one unbatched sentence) and ``seq_len``, the ``stage`` asked about, the padded ``ids``
    of a padding item, and the kind's ``variant`` (dtype, cast, out-of-range id, front padding)."""

    kind: str
    vocab: int
    input_size: int
    hidden_size: int
    classes: int
    batch: int | None
    seq_len: int
    stage: str | None
    ids: list[list[int]] | None
    variant: str | None


def type_message(type_name: str) -> str:
    return ("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
            f"but got {type_name} instead (while checking arguments for embedding)")


def lstm_count(e: int, h: int) -> int:
    return 4 * h * (e + h) + 8 * h


def model_count(p: EmbeddingParams) -> int:
    v, e, h, c = p.vocab, p.input_size, p.hidden_size, p.classes
    return v * e + lstm_count(e, h) + h * c + c


def stage_shape(p: EmbeddingParams, stage: str) -> tuple:
    n, t, e, h, c = p.batch, p.seq_len, p.input_size, p.hidden_size, p.classes
    if n is None:  # unbatched: 1-D ids of one sentence
        return {"embedded": (t, e), "output": (t, h), "h_n": (1, h), "logits": (c,)}[stage]
    return {"embedded": (n, t, e), "output": (n, t, h), "h_n": (1, n, h), "logits": (n, c)}[stage]


def pad_positions(p: EmbeddingParams) -> int:
    return sum(row.count(0) for row in p.ids)


def misconceptions(p: EmbeddingParams) -> dict[str, object]:
    """What each misconception answers for this draw (None: it has nothing to say here)."""
    kind = p.kind
    v, e, h, c, n, t = p.vocab, p.input_size, p.hidden_size, p.classes, p.batch, p.seq_len
    if kind == "stage" and n is None:
        return {
            "embedded": {"adds-batch": (1, t, e), "one-hot-width": (t, v), "the-table": (v, e), "hidden-width": (t, h),
                         "drops-time": (e,)},
            "output": {"adds-batch": (1, t, h), "input-width": (t, e), "like-h-n": (1, h), "last-step": (h,),
                       "time-as-batch": (t, 1, h)},
            "h_n": {"adds-batch": (1, 1, h), "no-layer-axis": (h,), "every-step": (t, h), "batch-first-state": (h, 1),
                    "embedding-width": (1, e)},
            "logits": {"adds-batch": (1, c), "keeps-layer-axis": (1, c), "per-step": (t, c), "no-head": (h,),
                       "vocab-classes": (v,)},
        }[p.stage]
    if kind == "stage":
        stage = p.stage
        # each stage also offers slips that share little with the key, so that the key is not
        # always the option the others are edits of (the convergence cue)
        if stage == "embedded":
            return {"one-hot-width": (n, t, v), "the-table": (v, e), "drops-time": (n, e), "time-first": (t, n, e),
                    "hidden-width": (n, t, h), "ids-unchanged": (n, t), "flat-lookup": (n * t, e)}
        if stage == "output":
            return {"input-width": (n, t, e), "time-first": (t, n, h), "like-h-n": (1, n, h), "last-step": (n, h),
                    "vocab-width": (n, t, v), "gates-width": (n, t, 4 * h), "ids-unchanged": (n, t)}
        if stage == "h_n":
            return {"batch-first-state": (n, 1, h), "every-step": (n, t, h), "no-layer-axis": (n, h),
                    "time-for-batch": (1, t, h), "embedding-width": (1, n, e), "pair-stacked": (2, n, h),
                    "ids-unchanged": (n, t)}
        return {"per-step": (n, t, c), "keeps-layer-axis": (1, n, c), "no-head": (n, h), "drops-batch": (c,),
                "vocab-classes": (n, v), "head-skipped-output": (n, t, h), "state-for-logits": (1, n, h)}
    if kind == "count":
        return {
            "no-padding-row": (v - 1) * e + lstm_count(e, h) + h * c + c,
            "no-embedding": lstm_count(e, h) + h * c + c,
            "one-lstm-bias": model_count(p) - 4 * h,
            "no-head-bias": model_count(p) - c,
            "embedding-by-hidden": v * h + lstm_count(e, h) + h * c + c,
        }
    if kind == "padding":
        k = pad_positions(p)
        return {"padding-only-in-training": 0, "counts-positions": k, "counts-real-tokens": (n * t - k) * e,
                "one-per-row": sum(1 for row in p.ids if 0 in row) * e,
                "pads-id-one": sum(row.count(1) for row in p.ids) * e, "table-row": e,
                "every-position": n * t * e, "hidden-width": k * h}
    raise ValueError(kind)


def truth_by_rule(p: EmbeddingParams):
    kind = p.kind
    if kind == "stage":
        return stage_shape(p, p.stage)
    if kind == "count":
        return model_count(p)
    if kind == "padding":
        return pad_positions(p) * p.input_size
    raise ValueError(kind)


class EmbeddingPipeline(Family):
    name = "embedding-pipeline"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "Token ids through `nn.Embedding(vocab, E, padding_idx=0)`, `nn.LSTM(batch_first=True)` and "
        "`nn.Linear`: the shape at a stage, the parameter count, the padding rows, the dtype ids need "
        "(Long or Int), and the errors for float ids or ids out of range (messages from the run)."
    )
    probes = ("embedded", "output", "h_n", "logits", "n_params", "zeros")
    option_probes = ()

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVEL_KINDS[difficulty])
            # wide ranges, so that two items rarely share a key by chance; padding shows its ids, so few
            e, h, c = rng.sample(range(2, 41), 3)
            n, t = rng.sample(range(2, 7) if kind == "padding" else range(2, 13), 2)
            d = {"kind": kind, "vocab": rng.randrange(10, 61), "input_size": e, "hidden_size": h, "classes": c,
                 "batch": n, "seq_len": t, "stage": None, "ids": None, "variant": None}
            if kind == "stage":
                d["stage"] = rng.choice({"easy": ("embedded", "logits"), "medium": ("output", "h_n")}.get(
                    difficulty, STAGES))
                if difficulty == "hard":  # one sentence, its ids 1-D: no batch axis anywhere
                    d["batch"], d["variant"] = None, "unbatched"
            elif kind == "padding":
                # the key is (padded positions) × E: a wide E keeps two items from sharing it
                d["input_size"] = rng.choice([v for v in range(2, 49) if v not in (h, c)])
                lengths = [rng.randint(1, t - 1)] + [rng.randint(1, t) for _ in range(n - 1)]  # some padding
                if difficulty == "hard":  # padding at the front, as some tokenizers do
                    d["variant"] = "front"
                d["ids"] = [self._row(rng, d["vocab"], t, k, d["variant"] == "front") for k in lengths]
            elif kind == "dtype":
                d["variant"] = rng.choice(DTYPES_OK)
            elif kind == "float-ids":
                d["variant"] = rng.choice(tuple(CASTS))
            elif kind == "out-of-range":
                # vocab and negative share torch's fixed message; largest runs, its key holds the sizes
                d["variant"] = rng.choice(("vocab", "negative", "largest", "largest", "largest"))
            p = EmbeddingParams.from_dict(d)
            if self.difficulty_of(p) == difficulty:
                return p

    @staticmethod
    def _row(rng, vocab: int, t: int, length: int, front: bool) -> list[int]:
        tokens = [rng.randrange(1, vocab) for _ in range(length)]
        pad = [0] * (t - length)
        return pad + tokens if front else tokens + pad

    def decode(self, data):
        return EmbeddingParams.from_dict(data)

    def difficulty_of(self, p):
        kind = p.kind
        if kind == "stage":
            if p.batch is None:
                return "hard"
            return "easy" if p.stage in ("embedded", "logits") else "medium"
        if kind == "dtype":
            return "easy"
        if kind == "padding":
            return "hard" if p.variant == "front" else "medium"
        if kind in ("count", "float-ids"):
            return "medium"
        return "hard"

    def capacity(self, difficulty):
        """A lower bound: 23 × 22 × 21 ordered (E, H, C) draws for a single kind (they are drawn
        from 39 values each)."""
        return 10_626

    # --- the code --------------------------------------------------------------------------

    def _layers(self, p) -> str:
        return ("import torch\nimport torch.nn as nn\n\n"
                f"emb = nn.Embedding({p.vocab}, {p.input_size}, padding_idx=0)\n")

    def _ids(self, p) -> str:
        v, n, t = p.vocab, p.batch, p.seq_len
        variant = p.variant
        if n is None:
            return f"ids = torch.randint(1, {v}, ({t},))\n"
        if p.kind == "out-of-range":
            last = LAST_ID[variant](v)
            return f"ids = torch.randint(1, {v}, ({n}, {t}))\nids[0, -1] = {last}\n"
        return f"ids = torch.randint(1, {v}, ({n}, {t}))\n"

    def snippet(self, p):
        kind, e, h, c = p.kind, p.input_size, p.hidden_size, p.classes
        model = (f"lstm = nn.LSTM({e}, {h}, batch_first=True)\nhead = nn.Linear({h}, {c})\n")
        if kind == "stage":
            return (self._layers(p) + model + self._ids(p)
                    + "embedded = emb(ids)\noutput, (h_n, c_n) = lstm(embedded)\nlogits = head(h_n[-1])\n")
        if kind == "count":
            return (self._layers(p) + model
                    + "n_params = sum(q.numel() for m in (emb, lstm, head) for q in m.parameters())\n")
        if kind == "padding":
            rows = ",\n                    ".join(str(row) for row in p.ids)
            return (self._layers(p) + f"ids = torch.tensor([{rows}])\n"
                    "embedded = emb(ids)\nzeros = int((embedded == 0).sum())\n")
        if kind == "dtype":
            return None  # each option builds ids with its own dtype and runs the embedding
        if kind == "float-ids":
            return self._layers(p) + self._ids(p) + f"ids = {CASTS[p.variant][0]}\nembedded = emb(ids)\n"
        return self._layers(p) + self._ids(p) + "embedded = emb(ids)\n"

    def stem(self, p):
        kind, v = p.kind, p.vocab
        if kind == "stage" and p.batch is None:
            return (f"The model below gets the ids of a single sentence, a 1-D tensor of {p.seq_len} ids with no "
                    f"batch axis. What is the shape of `{p.stage}`?")
        if kind == "stage":
            return {"embedded": "Token ids go through an embedding layer. What is the shape of `embedded`?",
                    "output": "The embedded tokens go through an LSTM with `batch_first=True`. What is the shape "
                              "of `output`?",
                    "h_n": "The LSTM below reads embedded tokens with `batch_first=True`. What is the shape of "
                           "`h_n`?",
                    "logits": "A sentence classifier: embedding, LSTM, then a linear head on the last layer's "
                              "final state. What is the shape of `logits`?"}[p.stage]
        if kind == "count":
            return ("How many learnable numbers do the embedding, the LSTM and the head hold together? What is "
                    "`n_params`?")
        if kind == "padding":
            where = "at the front of" if p.variant == "front" else "at the end of"
            return (f"The rows of `ids` are padded with 0 {where} each sentence, and 0 is the embedding's "
                    "`padding_idx`. What is `zeros`, the number of entries of `embedded` that are exactly 0?")
        if kind == "dtype":
            return (f"Which `ids` tensor can `nn.Embedding({v}, {p.input_size}, padding_idx=0)` look up "
                    "without an error?")
        if kind == "float-ids":
            return f"The ids are converted with `{CASTS[p.variant][0]}` before the lookup. What happens?"
        return {"vocab": f"A tokenizer numbers its {v} words from 1 to {v}. What happens at the lookup?",
                "negative": "An unknown word was given the id -1. What happens at the lookup?",
                "largest": f"The last id is set to {v - 1}. What happens at the lookup?"}[p.variant]

    # --- options ---------------------------------------------------------------------------

    def truth(self, p, main):
        kind = p.kind
        if kind == "stage":
            return tuple(main.values[p.stage]["shape"])
        if kind == "count":
            return main.values["n_params"]
        if kind == "padding":
            return main.values["zeros"]
        return error_claim(main)

    def achieves(self, p, outcome):
        return outcome.ok

    def options(self, p, main):
        return offer(p, *self._options(p, main))

    def _options(self, p, main):
        kind = p.kind
        if kind == "dtype":
            return self._dtype_options(p)
        if kind in ERROR_KINDS:
            return self._claim_options(p, main)
        truth = self.truth(p, main)
        show = shape_text if kind == "stage" else str
        intended = Candidate(show(truth), WHY_RIGHT[kind](p, truth), value=truth)
        return intended, named_values(p, misconceptions(p), truth, show, MISCONCEPTION_WHY)

    def _dtype_options(self, p):
        v, n, t = p.vocab, p.batch, p.seq_len

        def option(dtype: str, why: str) -> Candidate:
            line = f"ids = torch.randint(1, {v}, ({n}, {t}), dtype={dtype})"
            return Candidate(line, why, program=self._layers(p) + line + "\nembedded = emb(ids)\n",
                             misconception=DTYPE_MISCONCEPTION.get(dtype))

        intended = option(p.variant, "An embedding looks rows up by index; it takes int64 (Long) or int32 "
                                        "(Int) ids.")
        whys = {"torch.float32": "Float ids are refused even when they hold whole numbers: indices must be Long or Int.",
                "torch.float64": "Double ids are refused: an index tensor must be Long or Int.",
                "torch.int16": "Expects any integer type to work; torch accepts only int64 and int32 indices.",
                "torch.uint8": "Expects any integer type to work; uint8 ids are refused (Long or Int only).",
                "torch.float16": "Half-precision ids are refused: indices must be Long or Int.",
                "torch.int8": "Expects any integer type to work; int8 ids are refused (Long or Int only).",
                "torch.bool": "Expects True and False to act as ids 1 and 0; a bool tensor is refused as indices."}
        return intended, [option(d, whys[d]) for d in DTYPES_BAD]

    def _claim_options(self, p, main):
        kind, v, n, t, e = p.kind, p.vocab, p.batch, p.seq_len, p.input_size
        truth = error_claim(main)
        if main.ok:
            intended = runs(f"It runs: `embedded` has shape ({n}, {t}, {e}).",
                            f"Ids 0 to {v - 1} are valid rows of a table of {v}; {v - 1} is the last row.")
        else:
            intended = raises(*main.error, CLAIM_RIGHT[kind](p))
        wrong = CLAIM_WRONG[kind](p)
        return intended, [c for c in wrong if c.value != truth]

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        return replace(self._explain(p, main, correct), mistakes=mistakes(p, self.options(p, main)[1], TRAPS))

    def _explain(self, p, main, correct):
        kind, v, e, h, c = p.kind, p.vocab, p.input_size, p.hidden_size, p.classes
        n, t = p.batch, p.seq_len
        if kind == "stage" and n is None:
            chain = [f"ids is 1-D ({t},): one sentence, no batch axis.",
                     f"The embedding replaces each id by its row of {e}: ({t}, {e}), still unbatched.",
                     f"An LSTM given 2-D input treats it as one unbatched sequence (batch_first has no batch to "
                     f"move): output ({t}, {h}), h_n (1, {h}) with the layer axis but no batch axis.",
                     f"h_n[-1] is ({h},); the head maps it to ({c},)."]
            upto = {"embedded": 2, "output": 3, "h_n": 3, "logits": 4}[p.stage]
            return Explanation(tuple(chain[:upto]) + (f"So `{p.stage}` has shape {correct.text}.",),
                               f"`{p.stage}.dim()` is one less than with a batch of sentences",
                               f"Where would a batch axis come from, if the {t} ids have none?")
        if kind == "stage":
            chain = [f"ids is ({n}, {t}): {n} sentences of {t} ids.",
                     f"The embedding replaces each id by its row of {e} numbers: ({n}, {t}, {e}).",
                     f"The LSTM (batch_first=True) gives output ({n}, {t}, {h}); h_n keeps the layer axis first, "
                     f"batch_first or not: (1, {n}, {h}).",
                     f"h_n[-1] is ({n}, {h}); the head maps {h} to {c}: ({n}, {c})."]
            upto = {"embedded": 2, "output": 3, "h_n": 3, "logits": 4}[p.stage]
            return Explanation(tuple(chain[:upto]) + (f"So `{p.stage}` has shape {correct.text}.",),
                               f"only the last axis changes along the way: ids' ({n}, {t}) stays in front until "
                               "the LSTM's final state",
                               f"Follow ({n}, {t}) through each layer: what does each one add or replace?")
        if kind == "count":
            return Explanation(
                (f"The embedding table has {v} rows of {e}: {v * e} (the padding row is a parameter too; it is "
                 "only kept at zero and out of the gradient).",
                 f"The LSTM holds 4·{h}·({e} + {h}) + 8·{h} = {lstm_count(e, h)}.",
                 f"The head holds {h}·{c} + {c} = {h * c + c}.",
                 f"So n_params is {correct.text}."),
                f"emb.weight.shape is ({v}, {e}): one row per id, 0 included",
                f"Which of the three layers has a table with a row per word of the {v}?")
        if kind == "padding":
            where = "front" if p.variant == "front" else "end"
            return Explanation(
                (f"padding_idx=0 sets row 0 of the table to zeros, so every id 0 becomes a vector of {e} zeros.",
                 f"The ids hold {pad_positions(p)} zeros (the padding at the {where} of the rows); every other id "
                 "is 1 or more and has a random row.",
                 f"{pad_positions(p)} vectors of {e} zeros; the random rows are never exactly 0.",
                 f"So zeros is {correct.text}."),
                f"`(ids == 0).sum() * emb.embedding_dim`: the ids that look up row 0, times its {e} entries",
                f"What does padding_idx=0 do to the row of {e} numbers that id 0 looks up?")
        if kind == "dtype":
            return Explanation(
                ("An embedding is a lookup: each id selects a row of emb.weight.",
                 "torch checks the index tensor's type first: Long (int64) or Int (int32); floats, halfs, "
                 "bools and the narrower integers are refused even when they hold whole numbers.",
                 f"So: {correct.text}."),
                "for the right line, `ids.dtype.is_floating_point` is False and `ids.element_size()` is 4 or 8 "
                "bytes, the integer widths torch indexes with",
                f"Which element types can pick one of the {v} rows of a table?")
        if kind == "float-ids":
            cast, type_name = CASTS[p.variant]
            return Explanation(
                ("nn.Embedding looks up rows by index, and torch accepts Long or Int index tensors only.",
                 f"`{cast}` gives {type_name.replace('torch.', '').replace('CPUBoolType', 'a bool tensor')}, "
                 "so the lookup is refused before any row is read.",
                 f"So: {correct.text.rstrip('.')}."),
                f"`emb(({cast}).long())` runs: the same ids as int64 are accepted",
                f"What element type does `{cast}` produce, and can that type index a table?")
        last = LAST_ID[p.variant](v)
        return Explanation(
            (f"nn.Embedding({v}, {e}) has rows 0 to {v - 1}.",
             f"ids[0, -1] = {last}: " + ("a valid row, the last one." if last == v - 1 else
                                         "no such row; the lookup does not wrap around like Python lists."),
             f"So: {correct.text.rstrip('.')}."),
            f"emb.weight.shape[0] is {v}: valid ids are below it and not negative",
            f"Which rows does a table of {v} have?")


def _float_wrong(p: EmbeddingParams) -> list[Candidate]:
    cast, type_name = CASTS[p.variant]
    others = [name for key, (_, name) in CASTS.items() if key != p.variant][:2]
    return [
        named("rounds-floats", runs("It runs: torch rounds the ids back to integers for the lookup.",
                                    "Expects torch to convert the ids; it refuses index tensors that are not Long or "
                                    "Int.")),
        named("blames-values", raises("IndexError", RANGE_MESSAGE,
                                      "Blames the ids' values; they are all in range, their type is the problem.")),
        named("type-as-type-error", raises("TypeError", type_message(type_name),
                                           "Names the wrong exception: torch reports the index type as a "
                                           "RuntimeError.")),
        named("wanted-for-got", raises("RuntimeError", type_message("torch.LongTensor"),
                                       "Gives the type torch wanted as the one it got; the message names the type it "
                                       "received.")),
        *[named("other-cast", raises("RuntimeError", type_message(name),
                                     f"Names another type; `{cast}` gives {type_name}."), name)
          for name in others],
    ]


def _range_wrong(p: EmbeddingParams) -> list[Candidate]:
    v, n, t, e = p.vocab, p.batch, p.seq_len, p.input_size
    variant = p.variant
    out = [
        named("range-as-runtime-error", raises("RuntimeError", RANGE_MESSAGE,
                                               "Names the wrong exception: on CPU torch raises IndexError here.")),
        named("tensor-index-message", raises("IndexError",
                                             f"index {LAST_ID[variant](v)} is out of bounds for dimension 0 with size {v}",
                                             "Quotes the message of tensor indexing; the embedding's own check says "
                                             "only that the index is out of range.")),
        named("falls-back-to-padding", runs(f"It runs: id {-1 if variant == 'negative' else v} looks up the zero "
                                            "padding row.",
                                            "Expects ids outside the table to fall back to the padding row; torch "
                                            "checks every id.")),
    ]
    if variant == "negative":
        out.append(named("python-negative-index", runs(f"It runs: -1 picks the last row, {v - 1}, as in a Python list.",
                                                       "Expects Python's negative indexing; an embedding has no such "
                                                       "rule.")))
    else:
        out.append(named("id-exists", runs(f"It runs: `embedded` has shape ({n}, {t}, {e}).",
                                           f"Expects id {v} to exist; a table of {v} rows has ids 0 to {v - 1}.")))
    if variant == "largest":
        out = out[:2] + [named("largest-out-of-range", raises(
                             "IndexError", RANGE_MESSAGE,
                             f"Expects the ids to stop below {v - 1}; the table has {v} rows, 0 to {v - 1}.")),
                         named("row-as-wide-as-vocab", runs(f"It runs: `embedded` has shape ({n}, {t}, {v}).",
                                                   f"Expects a vector as wide as the vocabulary; each row has {e} "
                                                   "numbers."))]
    return out


CLAIM_WRONG: dict[str, Callable] = {"float-ids": _float_wrong, "out-of-range": _range_wrong}

CLAIM_RIGHT: dict[str, Callable] = {
    "float-ids": lambda p: (f"`{CASTS[p.variant][0]}` gives {CASTS[p.variant][1]}; an embedding indexes with "
                            "Long or Int only."),
    "out-of-range": lambda p: (f"The table has rows 0 to {p.vocab - 1}; "
                               f"{'-1' if p.variant == 'negative' else p.vocab} is not one of them (on CPU an "
                               "IndexError)."),
}

WHY_RIGHT: dict[str, Callable] = {
    "stage": lambda p, v: (f"Follow the batch of {p.batch} sentences through each layer: {shape_text(v)}."
                           if p.batch is not None else
                           f"One sentence without a batch axis stays unbatched through each layer: {shape_text(v)}."),
    "count": lambda p, v: (f"{p.vocab}·{p.input_size} table + {lstm_count(p.input_size, p.hidden_size)} "
                           f"LSTM + {p.hidden_size * p.classes + p.classes} head = {v}."),
    "padding": lambda p, v: (f"Every id 0 looks up the zero row of {p.input_size} numbers; the ids hold "
                             f"{pad_positions(p)} zeros: {v}."),
}

MISCONCEPTION_WHY: dict[str, Callable] = {
    "one-hot-width": lambda p, v: (f"Expects one-hot vectors of the vocabulary size {p.vocab}; each id becomes "
                                   f"a row of {p.input_size}."),
    "the-table": lambda p, v: f"Gives the table's shape, {shape_text(v)}; the lookup returns a row per id.",
    "drops-time": lambda p, v: "Drops the time axis; every id of every sentence gets its own row.",
    "time-first": lambda p, v: f"Puts time first, {shape_text(v)}; the ids are (batch, time) and stay that way.",
    "input-width": lambda p, v: f"Keeps the embedding's {p.input_size} features; output has hidden_size.",
    "like-h-n": lambda p, v: f"Gives h_n's shape, {shape_text(v)}; output has every step.",
    "last-step": lambda p, v: f"Keeps only the last step, {shape_text(v)}; output has every step.",
    "vocab-width": lambda p, v: f"Expects the vocabulary size {p.vocab} as the width; output has hidden_size.",
    "batch-first-state": lambda p, v: (f"Applies batch_first to h_n, {shape_text(v)}; batch_first changes input and "
                                       "output only, h_n keeps (layers, batch, hidden)."),
    "every-step": lambda p, v: f"Gives output's shape, {shape_text(v)}; h_n holds the final step only.",
    "no-layer-axis": lambda p, v: f"Drops the layer axis, {shape_text(v)}; that is h_n[-1], not h_n.",
    "time-for-batch": lambda p, v: f"Puts the {p.seq_len} steps where the batch goes, {shape_text(v)}.",
    "embedding-width": lambda p, v: f"Uses the embedding's {p.input_size} features; h_n has hidden_size.",
    "per-step": lambda p, v: f"Expects a prediction per step, {shape_text(v)}; the head reads h_n[-1], one per sentence.",
    "keeps-layer-axis": lambda p, v: f"Keeps h_n's layer axis, {shape_text(v)}; [-1] removes it.",
    "no-head": lambda p, v: f"Stops before the head, {shape_text(v)}; the head maps {p.hidden_size} to {p.classes}.",
    "drops-batch": lambda p, v: f"Drops the batch, {shape_text(v)}; there is one row of logits per sentence.",
    "adds-batch": lambda p, v: f"Adds a batch axis of 1, {shape_text(v)}; unbatched input stays unbatched.",
    "time-as-batch": lambda p, v: (f"Reads the {p.seq_len} ids as a batch of one-step sequences, {shape_text(v)}; "
                                   "2-D input is one sequence of steps."),
    "vocab-classes": lambda p, v: f"Predicts a word of the {p.vocab}; the head has {p.classes} classes.",
    "ids-unchanged": lambda p, v: (f"Keeps the ids' shape, {shape_text(v)}; "
                                   + {"embedded": f"each id becomes a row of {p.input_size} numbers.",
                                      "output": f"every step gets {p.hidden_size} features of h.",
                                      "h_n": "h_n holds the LSTM's final state, not the ids."}[p.stage]),
    "flat-lookup": lambda p, v: (f"Expects one flat list of {p.batch} × {p.seq_len} rows, {shape_text(v)}; the "
                                 "lookup keeps the ids' (batch, time) layout."),
    "gates-width": lambda p, v: (f"Expects the four gates' {4 * p.hidden_size} features; output holds only h, "
                                 f"{p.hidden_size} per step."),
    "pair-stacked": lambda p, v: f"Expects h and c stacked along the first axis, {shape_text(v)}; h_n is h alone.",
    "head-skipped-output": lambda p, v: (f"Gives the LSTM's output, {shape_text(v)}; the head reads h_n[-1] and "
                                         f"maps it to {p.classes} classes."),
    "state-for-logits": lambda p, v: f"Gives h_n's shape, {shape_text(v)}; logits come out of the head.",
    "no-padding-row": lambda p, v: f"Leaves out the padding row; it is still in emb.weight. That gives {v}.",
    "no-embedding": lambda p, v: f"Leaves out the embedding table; it is learnable too. That gives {v}.",
    "one-lstm-bias": lambda p, v: f"Counts one LSTM bias; it keeps bias_ih and bias_hh. That gives {v}.",
    "no-head-bias": lambda p, v: f"Leaves out the head's bias; that gives {v}.",
    "embedding-by-hidden": lambda p, v: (f"Makes the table {p.vocab} × hidden_size; its rows have the embedding "
                                         f"size {p.input_size}. That gives {v}."),
    "padding-only-in-training": lambda p, v: ("Expects padding_idx to matter only for gradients; it also starts "
                                              "row 0 at zeros."),
    "counts-positions": lambda p, v: (f"Counts padded positions, {v}; each of them is a vector of "
                                      f"{p.input_size} zeros."),
    "counts-real-tokens": lambda p, v: "Counts the numbers of the real tokens, not of the padding.",
    "one-per-row": lambda p, v: "Counts one zero vector per padded sentence, not one per padded position.",
    "pads-id-one": lambda p, v: "Takes id 1 for padding; padding_idx is 0.",
    "table-row": lambda p, v: "Counts the one zero row of the table; every position that looks it up copies it.",
    "every-position": lambda p, v: (f"Counts every number of all {p.batch} × {p.seq_len} positions; only the "
                                    "ids 0 look up the zero row."),
    "hidden-width": lambda p, v: (f"Uses the LSTM's hidden size {p.hidden_size}; embedded rows have "
                                  f"{p.input_size} numbers.") if p.kind == "padding" else
                                 f"Uses the LSTM's hidden size {p.hidden_size}; the embedding has {p.input_size}.",
}


DTYPE_MISCONCEPTION = {"torch.float32": "float-indices", "torch.float64": "float-indices",
                       "torch.float16": "float-indices", "torch.int16": "any-integer-width",
                       "torch.uint8": "any-integer-width", "torch.int8": "any-integer-width",
                       "torch.bool": "bool-as-ids"}

# Common mistakes, in other words than the options' whys (``y``: what the slip gives here).
TRAPS: dict[str, Callable] = {
    "one-hot-width": lambda p, y: f"Picturing each id as a one-hot vector over the {p.vocab} words: {y}.",
    "the-table": lambda p, y: f"Answering with the lookup table itself: {y}.",
    "drops-time": lambda p, y: f"Collapsing the {p.seq_len} positions into one vector: {y}.",
    "time-first": lambda p, y: f"Moving time to the front as if batch_first did not apply: {y}.",
    "input-width": lambda p, y: f"Keeping the embedding width after the LSTM: {y}.",
    "like-h-n": lambda p, y: f"Confusing the per-step output with the final state: {y}.",
    "last-step": lambda p, y: f"Keeping only the final position: {y}.",
    "vocab-width": lambda p, y: f"Expecting the vocabulary size as a width: {y}.",
    "batch-first-state": lambda p, y: f"Expecting batch_first to reorder h_n: {y}.",
    "every-step": lambda p, y: f"Giving the final state a time axis: {y}.",
    "no-layer-axis": lambda p, y: f"Forgetting h_n's leading layer axis: {y}.",
    "time-for-batch": lambda p, y: f"Putting the positions where the sentences go: {y}.",
    "embedding-width": lambda p, y: f"Giving the state the embedding width {p.input_size}: {y}.",
    "per-step": lambda p, y: f"Expecting a prediction at every position: {y}.",
    "keeps-layer-axis": lambda p, y: f"Expecting [-1] to leave the layer axis in place: {y}.",
    "no-head": lambda p, y: f"Forgetting the linear head: {y}.",
    "drops-batch": lambda p, y: f"Expecting a single prediction for the whole batch: {y}.",
    "adds-batch": lambda p, y: f"Inventing a batch axis for one unbatched sentence: {y}.",
    "time-as-batch": lambda p, y: f"Reading each position as a separate one-step sentence: {y}.",
    "vocab-classes": lambda p, y: f"Expecting the head to predict words, not classes: {y}.",
    "ids-unchanged": lambda p, y: f"Carrying the ids' own shape forward: {y}.",
    "flat-lookup": lambda p, y: f"Flattening all positions into one list of rows: {y}.",
    "gates-width": lambda p, y: f"Expecting the gate activations to come out: {y}.",
    "pair-stacked": lambda p, y: f"Picturing h and c stacked in h_n: {y}.",
    "head-skipped-output": lambda p, y: f"Stopping at the LSTM's per-step output: {y}.",
    "state-for-logits": lambda p, y: f"Stopping at the final state, before the head: {y}.",
    "no-padding-row": lambda p, y: f"Leaving the padding row out of the count: {y}.",
    "no-embedding": lambda p, y: f"Leaving the embedding table out of the count: {y}.",
    "one-lstm-bias": lambda p, y: f"Counting a single LSTM bias vector: {y}.",
    "no-head-bias": lambda p, y: f"Forgetting the head's bias: {y}.",
    "embedding-by-hidden": lambda p, y: f"Sizing the table's rows by the LSTM's hidden size: {y}.",
    "padding-only-in-training": lambda p, y: f"Believing padding_idx only affects gradients: {y}.",
    "counts-positions": lambda p, y: f"Counting padded positions instead of zero entries: {y}.",
    "counts-real-tokens": lambda p, y: f"Counting the entries of the real tokens: {y}.",
    "one-per-row": lambda p, y: f"Counting one zero vector per sentence that has padding: {y}.",
    "pads-id-one": lambda p, y: f"Taking id 1 for the padding id: {y}.",
    "table-row": lambda p, y: f"Counting only the zero row of the table: {y}.",
    "every-position": lambda p, y: f"Counting every entry of embedded: {y}.",
    "hidden-width": lambda p, y: f"Using the LSTM's hidden size where the embedding size belongs: {y}.",
    "float-indices": lambda p, y: "Believing whole numbers stored as floats can index a table.",
    "any-integer-width": lambda p, y: "Believing any integer type can index a table.",
    "bool-as-ids": lambda p, y: "Believing True and False can stand for ids 1 and 0.",
    "rounds-floats": lambda p, y: "Expecting torch to round float ids back to integers.",
    "blames-values": lambda p, y: "Blaming the ids' values when their type is refused.",
    "type-as-type-error": lambda p, y: "Filing the index-type check under TypeError.",
    "wanted-for-got": lambda p, y: "Reading the type torch wants as the type it received.",
    "other-cast": lambda p, y: f"Mistaking what `{CASTS[p.variant][0]}` produces.",
    "range-as-runtime-error": lambda p, y: "Filing an out-of-range id under RuntimeError.",
    "tensor-index-message": lambda p, y: "Expecting the message of plain tensor indexing.",
    "falls-back-to-padding": lambda p, y: "Expecting unknown ids to fall back to the padding row.",
    "python-negative-index": lambda p, y: "Expecting -1 to wrap around to the last row.",
    "id-exists": lambda p, y: f"Believing id {p.vocab} is a row of a table of {p.vocab}.",
    "largest-out-of-range": lambda p, y: f"Believing {p.vocab - 1} is already past the end of the table.",
    "row-as-wide-as-vocab": lambda p, y: f"Expecting each row to be {p.vocab} numbers wide.",
}
