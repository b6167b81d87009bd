"""embedding-pipeline: token ids through ``nn.Embedding(vocab, E, padding_idx=0)``, then
``nn.LSTM(E, H, batch_first=True)`` and ``nn.Linear(H, C)``.

Kinds (``params["kind"]``), each a small class below (``SITUATIONS``) that owns its code, stem,
answer, wrong options and explanation:

- ``stage``: the shape at one stage (``embedded``, ``output``, ``h_n`` or ``logits``); the hard
  draws give one unbatched sentence (``UnbatchedStage``);
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

from dataclasses import dataclass

from ..model import Candidate
from .base import Explanation, Family, shape_text
from .record import DictParams
from .claims import raises, runs
from .distractors import named
from .situation import ErrorSituation, Situation, SituationFamily, ValueSituation
from .wording import worded

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
# How many stages of the model each stage's explanation walks through.
STAGE_DEPTH = {"embedded": 2, "output": 3, "h_n": 3, "logits": 4}


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

    @property
    def cast(self) -> str:
        """The expression a float-ids snippet turns the ids with (texts quote it)."""
        return CASTS[self.variant][0]

    @property
    def last_row(self) -> int:
        return self.vocab - 1


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


# --- the code the kinds share ----------------------------------------------------------------

def layers_code(p: EmbeddingParams) -> str:
    return ("import torch\nimport torch.nn as nn\n\n"
            f"emb = nn.Embedding({p.vocab}, {p.input_size}, padding_idx=0)\n")


def model_code(p: EmbeddingParams) -> str:
    return (f"lstm = nn.LSTM({p.input_size}, {p.hidden_size}, batch_first=True)\n"
            f"head = nn.Linear({p.hidden_size}, {p.classes})\n")


def ids_code(p: EmbeddingParams) -> str:
    v, n, t = p.vocab, p.batch, p.seq_len
    if n is None:
        return f"ids = torch.randint(1, {v}, ({t},))\n"
    if p.kind == "out-of-range":
        return f"ids = torch.randint(1, {v}, ({n}, {t}))\nids[0, -1] = {LAST_ID[p.variant](v)}\n"
    return f"ids = torch.randint(1, {v}, ({n}, {t}))\n"


# --- the kinds -----------------------------------------------------------------------------------

STAGE_WHYS = {
    "one-hot-width": ("Expects one-hot vectors of the vocabulary size {p.vocab}; each id becomes a row of "
                      "{p.input_size}."),
    "the-table": "Gives the table's shape, {v}; the lookup returns a row per id.",
    "drops-time": "Drops the time axis; every id of every sentence gets its own row.",
    "time-first": "Puts time first, {v}; the ids are (batch, time) and stay that way.",
    "input-width": "Keeps the embedding's {p.input_size} features; output has hidden_size.",
    "like-h-n": "Gives h_n's shape, {v}; output has every step.",
    "last-step": "Keeps only the last step, {v}; output has every step.",
    "vocab-width": "Expects the vocabulary size {p.vocab} as the width; output has hidden_size.",
    "batch-first-state": ("Applies batch_first to h_n, {v}; batch_first changes input and output only, h_n keeps "
                          "(layers, batch, hidden)."),
    "every-step": "Gives output's shape, {v}; h_n holds the final step only.",
    "no-layer-axis": "Drops the layer axis, {v}; that is h_n[-1], not h_n.",
    "time-for-batch": "Puts the {p.seq_len} steps where the batch goes, {v}.",
    "embedding-width": "Uses the embedding's {p.input_size} features; h_n has hidden_size.",
    "per-step": "Expects a prediction per step, {v}; the head reads h_n[-1], one per sentence.",
    "keeps-layer-axis": "Keeps h_n's layer axis, {v}; [-1] removes it.",
    "no-head": "Stops before the head, {v}; the head maps {p.hidden_size} to {p.classes}.",
    "drops-batch": "Drops the batch, {v}; there is one row of logits per sentence.",
    "adds-batch": "Adds a batch axis of 1, {v}; unbatched input stays unbatched.",
    "time-as-batch": ("Reads the {p.seq_len} ids as a batch of one-step sequences, {v}; 2-D input is one sequence "
                      "of steps."),
    "vocab-classes": "Predicts a word of the {p.vocab}; the head has {p.classes} classes.",
    "ids-unchanged": lambda p, v: (f"Keeps the ids' shape, {shape_text(v)}; "
                                   + {"embedded": f"each id becomes a row of {p.input_size} numbers.",
                                      "output": f"every step gets {p.hidden_size} features of h.",
                                      "h_n": "h_n holds the LSTM's final state, not the ids."}[p.stage]),
    "flat-lookup": ("Expects one flat list of {p.batch} × {p.seq_len} rows, {v}; the lookup keeps the ids' (batch, "
                    "time) layout."),
    "gates-width": lambda p, v: (f"Expects the four gates' {4 * p.hidden_size} features; output holds only h, "
                                 f"{p.hidden_size} per step."),
    "pair-stacked": "Expects h and c stacked along the first axis, {v}; h_n is h alone.",
    "head-skipped-output": "Gives the LSTM's output, {v}; the head reads h_n[-1] and maps it to {p.classes} classes.",
    "state-for-logits": "Gives h_n's shape, {v}; logits come out of the head.",
    "hidden-width": "Uses the LSTM's hidden size {p.hidden_size}; the embedding has {p.input_size}.",
}

STAGE_TRAPS = {
    "one-hot-width": "Picturing each id as a one-hot vector over the {p.vocab} words: {v}.",
    "the-table": "Answering with the lookup table itself: {v}.",
    "drops-time": "Collapsing the {p.seq_len} positions into one vector: {v}.",
    "time-first": "Moving time to the front as if batch_first did not apply: {v}.",
    "input-width": "Keeping the embedding width after the LSTM: {v}.",
    "like-h-n": "Confusing the per-step output with the final state: {v}.",
    "last-step": "Keeping only the final position: {v}.",
    "vocab-width": "Expecting the vocabulary size as a width: {v}.",
    "batch-first-state": "Expecting batch_first to reorder h_n: {v}.",
    "every-step": "Giving the final state a time axis: {v}.",
    "no-layer-axis": "Forgetting h_n's leading layer axis: {v}.",
    "time-for-batch": "Putting the positions where the sentences go: {v}.",
    "embedding-width": "Giving the state the embedding width {p.input_size}: {v}.",
    "per-step": "Expecting a prediction at every position: {v}.",
    "keeps-layer-axis": "Expecting [-1] to leave the layer axis in place: {v}.",
    "no-head": "Forgetting the linear head: {v}.",
    "drops-batch": "Expecting a single prediction for the whole batch: {v}.",
    "adds-batch": "Inventing a batch axis for one unbatched sentence: {v}.",
    "time-as-batch": "Reading each position as a separate one-step sentence: {v}.",
    "vocab-classes": "Expecting the head to predict words, not classes: {v}.",
    "ids-unchanged": "Carrying the ids' own shape forward: {v}.",
    "flat-lookup": "Flattening all positions into one list of rows: {v}.",
    "gates-width": "Expecting the gate activations to come out: {v}.",
    "pair-stacked": "Picturing h and c stacked in h_n: {v}.",
    "head-skipped-output": "Stopping at the LSTM's per-step output: {v}.",
    "state-for-logits": "Stopping at the final state, before the head: {v}.",
    "hidden-width": "Using the LSTM's hidden size where the embedding size belongs: {v}.",
}


class Stage(ValueSituation):
    """The shape at one stage for a batch of sentences. Each stage also offers slips that share
    little with the key, so that the key is not always the option the others are edits of (the
    convergence cue)."""

    kind = "stage"
    show = staticmethod(shape_text)
    whys = worded(STAGE_WHYS, shape_text)
    traps = worded(STAGE_TRAPS)
    stems = {"embedded": "Token ids go through an embedding layer. What is the shape of `embedded`?",
             "output": "The embedded tokens go through an LSTM with `batch_first=True`. What is the shape of `output`?",
             "h_n": "The LSTM below reads embedded tokens with `batch_first=True`. What is the shape of `h_n`?",
             "logits": ("A sentence classifier: embedding, LSTM, then a linear head on the last layer's final "
                        "state. What is the shape of `logits`?")}

    def draw(self, rng, d, difficulty):
        d["stage"] = rng.choice({"easy": ("embedded", "logits"), "medium": ("output", "h_n")}.get(difficulty, STAGES))
        if difficulty == "hard":  # one sentence, its ids 1-D: no batch axis anywhere
            d["batch"], d["variant"] = None, "unbatched"

    def difficulty(self, p):
        return "easy" if p.stage in ("embedded", "logits") else "medium"

    def snippet(self, p):
        return (layers_code(p) + model_code(p) + ids_code(p)
                + "embedded = emb(ids)\noutput, (h_n, c_n) = lstm(embedded)\nlogits = head(h_n[-1])\n")

    def stem(self, p):
        return self.stems[p.stage]

    def truth(self, p, main):
        return tuple(main.values[p.stage]["shape"])

    def rule(self, p):
        return stage_shape(p, p.stage)

    def misconceptions(self, p):
        v, e, h, c, n, t = p.vocab, p.input_size, p.hidden_size, p.classes, p.batch, p.seq_len
        return {
            "embedded": {"one-hot-width": (n, t, v), "the-table": (v, e), "drops-time": (n, e),
                         "time-first": (t, n, e), "hidden-width": (n, t, h), "ids-unchanged": (n, t),
                         "flat-lookup": (n * t, e)},
            "output": {"input-width": (n, t, e), "time-first": (t, n, h), "like-h-n": (1, n, h), "last-step": (n, h),
                       "vocab-width": (n, t, v), "gates-width": (n, t, 4 * h), "ids-unchanged": (n, t)},
            "h_n": {"batch-first-state": (n, 1, h), "every-step": (n, t, h), "no-layer-axis": (n, h),
                    "time-for-batch": (1, t, h), "embedding-width": (1, n, e), "pair-stacked": (2, n, h),
                    "ids-unchanged": (n, t)},
            "logits": {"per-step": (n, t, c), "keeps-layer-axis": (1, n, c), "no-head": (n, h), "drops-batch": (c,),
                       "vocab-classes": (n, v), "head-skipped-output": (n, t, h), "state-for-logits": (1, n, h)},
        }[p.stage]

    def why_right(self, p, value):
        return f"Follow the batch of {p.batch} sentences through each layer: {shape_text(value)}."

    def chain(self, p) -> list[str]:
        """What each layer makes of the ids, one line a stage."""
        n, t, e, h, c = p.batch, p.seq_len, p.input_size, p.hidden_size, p.classes
        return [f"ids is ({n}, {t}): {n} sentences of {t} ids.",
                f"The embedding replaces each id by its row of {e} numbers: ({n}, {t}, {e}).",
                f"The LSTM (batch_first=True) gives output ({n}, {t}, {h}); h_n keeps the layer axis first, "
                f"batch_first or not: (1, {n}, {h}).",
                f"h_n[-1] is ({n}, {h}); the head maps {h} to {c}: ({n}, {c})."]

    def check_and_hint(self, p) -> tuple[str, str]:
        n, t = p.batch, p.seq_len
        return (f"only the last axis changes along the way: ids' ({n}, {t}) stays in front until the LSTM's final "
                "state",
                f"Follow ({n}, {t}) through each layer: what does each one add or replace?")

    def explain(self, p, main, correct):
        steps = tuple(self.chain(p)[:STAGE_DEPTH[p.stage]]) + (f"So `{p.stage}` has shape {correct.text}.",)
        return Explanation(steps, *self.check_and_hint(p))


class UnbatchedStage(Stage):
    """The shape at one stage for a single sentence whose ids are 1-D: no batch axis anywhere."""

    def difficulty(self, p):
        return "hard"

    def stem(self, p):
        return (f"The model below gets the ids of a single sentence, a 1-D tensor of {p.seq_len} ids with no "
                f"batch axis. What is the shape of `{p.stage}`?")

    def misconceptions(self, p):
        v, e, h, c, t = p.vocab, p.input_size, p.hidden_size, p.classes, p.seq_len
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

    def why_right(self, p, value):
        return f"One sentence without a batch axis stays unbatched through each layer: {shape_text(value)}."

    def chain(self, p):
        t, e, h, c = p.seq_len, p.input_size, p.hidden_size, p.classes
        return [f"ids is 1-D ({t},): one sentence, no batch axis.",
                f"The embedding replaces each id by its row of {e}: ({t}, {e}), still unbatched.",
                f"An LSTM given 2-D input treats it as one unbatched sequence (batch_first has no batch to "
                f"move): output ({t}, {h}), h_n (1, {h}) with the layer axis but no batch axis.",
                f"h_n[-1] is ({h},); the head maps it to ({c},)."]

    def check_and_hint(self, p):
        return (f"`{p.stage}.dim()` is one less than with a batch of sentences",
                f"Where would a batch axis come from, if the {p.seq_len} ids have none?")


class Count(ValueSituation):
    """The learnable numbers of the embedding, the LSTM and the head together."""

    kind = "count"
    whys = worded({
        "no-padding-row": "Leaves out the padding row; it is still in emb.weight. That gives {v}.",
        "no-embedding": "Leaves out the embedding table; it is learnable too. That gives {v}.",
        "one-lstm-bias": "Counts one LSTM bias; it keeps bias_ih and bias_hh. That gives {v}.",
        "no-head-bias": "Leaves out the head's bias; that gives {v}.",
        "embedding-by-hidden": ("Makes the table {p.vocab} × hidden_size; its rows have the embedding size "
                                "{p.input_size}. That gives {v}."),
    })
    traps = worded({
        "no-padding-row": "Leaving the padding row out of the count: {v}.",
        "no-embedding": "Leaving the embedding table out of the count: {v}.",
        "one-lstm-bias": "Counting a single LSTM bias vector: {v}.",
        "no-head-bias": "Forgetting the head's bias: {v}.",
        "embedding-by-hidden": "Sizing the table's rows by the LSTM's hidden size: {v}.",
    })

    def snippet(self, p):
        return (layers_code(p) + model_code(p)
                + "n_params = sum(q.numel() for m in (emb, lstm, head) for q in m.parameters())\n")

    probe = "n_params"
    stem_text = "How many learnable numbers do the embedding, the LSTM and the head hold together? What is `n_params`?"

    def rule(self, p):
        return model_count(p)

    def misconceptions(self, p):
        v, e, h, c = p.vocab, p.input_size, p.hidden_size, p.classes
        return {
            "no-padding-row": (v - 1) * e + lstm_count(e, h) + h * c + c,
            "no-embedding": lstm_count(e, h) + h * c + c,
            "one-lstm-bias": model_count(p) - 4 * h,
            "no-head-bias": model_count(p) - c,
            "embedding-by-hidden": v * h + lstm_count(e, h) + h * c + c,
        }

    def why_right(self, p, value):
        return (f"{p.vocab}·{p.input_size} table + {lstm_count(p.input_size, p.hidden_size)} "
                f"LSTM + {p.hidden_size * p.classes + p.classes} head = {value}.")

    def explain(self, p, main, correct):
        v, e, h, c = p.vocab, p.input_size, p.hidden_size, p.classes
        return Explanation(
            (f"The embedding table has {v} rows of {e}: {v * e} (the padding row is a parameter too; it is "
             "only kept at zero and out of the gradient).",
             f"The LSTM holds 4·{h}·({e} + {h}) + 8·{h} = {lstm_count(e, h)}.",
             f"The head holds {h}·{c} + {c} = {h * c + c}.",
             f"So n_params is {correct.text}."),
            f"emb.weight.shape is ({v}, {e}): one row per id, 0 included",
            f"Which of the three layers has a table with a row per word of the {v}?")


class Padding(ValueSituation):
    """How many entries of ``embedded`` are exactly 0: the padded positions times E."""

    kind = "padding"
    whys = worded({
        "padding-only-in-training": "Expects padding_idx to matter only for gradients; it also starts row 0 at zeros.",
        "counts-positions": "Counts padded positions, {v}; each of them is a vector of {p.input_size} zeros.",
        "counts-real-tokens": "Counts the numbers of the real tokens, not of the padding.",
        "one-per-row": "Counts one zero vector per padded sentence, not one per padded position.",
        "pads-id-one": "Takes id 1 for padding; padding_idx is 0.",
        "table-row": "Counts the one zero row of the table; every position that looks it up copies it.",
        "every-position": ("Counts every number of all {p.batch} × {p.seq_len} positions; only the ids 0 look up "
                           "the zero row."),
        "hidden-width": "Uses the LSTM's hidden size {p.hidden_size}; embedded rows have {p.input_size} numbers.",
    })
    traps = worded({
        "padding-only-in-training": "Believing padding_idx only affects gradients: {v}.",
        "counts-positions": "Counting padded positions instead of zero entries: {v}.",
        "counts-real-tokens": "Counting the entries of the real tokens: {v}.",
        "one-per-row": "Counting one zero vector per sentence that has padding: {v}.",
        "pads-id-one": "Taking id 1 for the padding id: {v}.",
        "table-row": "Counting only the zero row of the table: {v}.",
        "every-position": "Counting every entry of embedded: {v}.",
        "hidden-width": "Using the LSTM's hidden size where the embedding size belongs: {v}.",
    })

    def draw(self, rng, d, difficulty):
        # the key is (padded positions) × E: a wide E keeps two items from sharing it
        h, c, t, n = d["hidden_size"], d["classes"], d["seq_len"], d["batch"]
        d["input_size"] = rng.choice([v for v in range(2, 49) if v not in (h, c)])
        lengths = [rng.randint(1, t - 1)] + [rng.randint(1, t) for _ in range(n - 1)]  # some padding
        if difficulty == "hard":  # padding at the front, as some tokenizers do
            d["variant"] = "front"
        d["ids"] = [self._row(rng, d["vocab"], t, k, d["variant"] == "front") for k in lengths]

    @staticmethod
    def _row(rng, vocab: int, t: int, length: int, front: bool) -> list[int]:
        tokens = [rng.randrange(1, vocab) for _ in range(length)]
        pad = [0] * (t - length)
        return pad + tokens if front else tokens + pad

    def difficulty(self, p):
        return "hard" if p.variant == "front" else "medium"

    def snippet(self, p):
        rows = ",\n                    ".join(str(row) for row in p.ids)
        return (layers_code(p) + f"ids = torch.tensor([{rows}])\n"
                "embedded = emb(ids)\nzeros = int((embedded == 0).sum())\n")

    def stem(self, p):
        where = "at the front of" if p.variant == "front" else "at the end of"
        return (f"The rows of `ids` are padded with 0 {where} each sentence, and 0 is the embedding's "
                "`padding_idx`. What is `zeros`, the number of entries of `embedded` that are exactly 0?")

    probe = "zeros"

    def rule(self, p):
        return pad_positions(p) * p.input_size

    def misconceptions(self, p):
        e, h, n, t = p.input_size, p.hidden_size, p.batch, p.seq_len
        k = pad_positions(p)
        return {"padding-only-in-training": 0, "counts-positions": k, "counts-real-tokens": (n * t - k) * e,
                "one-per-row": sum(1 for row in p.ids if 0 in row) * e,
                "pads-id-one": sum(row.count(1) for row in p.ids) * e, "table-row": e,
                "every-position": n * t * e, "hidden-width": k * h}

    def why_right(self, p, value):
        return (f"Every id 0 looks up the zero row of {p.input_size} numbers; the ids hold "
                f"{pad_positions(p)} zeros: {value}.")

    def explain(self, p, main, correct):
        e = p.input_size
        where = "front" if p.variant == "front" else "end"
        return Explanation(
            (f"padding_idx=0 sets row 0 of the table to zeros, so every id 0 becomes a vector of {e} zeros.",
             f"The ids hold {pad_positions(p)} zeros (the padding at the {where} of the rows); every other id "
             "is 1 or more and has a random row.",
             f"{pad_positions(p)} vectors of {e} zeros; the random rows are never exactly 0.",
             f"So zeros is {correct.text}."),
            f"`(ids == 0).sum() * emb.embedding_dim`: the ids that look up row 0, times its {e} entries",
            f"What does padding_idx=0 do to the row of {e} numbers that id 0 looks up?")


class Dtype(Situation):
    """Which ``ids`` line the embedding accepts: every option builds its ids and runs the lookup."""

    kind = "dtype"
    misconception_of = {"torch.float32": "float-indices", "torch.float64": "float-indices",
                        "torch.float16": "float-indices", "torch.int16": "any-integer-width",
                        "torch.uint8": "any-integer-width", "torch.int8": "any-integer-width",
                        "torch.bool": "bool-as-ids"}
    whys = {"torch.float32": "Float ids are refused even when they hold whole numbers: indices must be Long or Int.",
            "torch.float64": "Double ids are refused: an index tensor must be Long or Int.",
            "torch.int16": "Expects any integer type to work; torch accepts only int64 and int32 indices.",
            "torch.uint8": "Expects any integer type to work; uint8 ids are refused (Long or Int only).",
            "torch.float16": "Half-precision ids are refused: indices must be Long or Int.",
            "torch.int8": "Expects any integer type to work; int8 ids are refused (Long or Int only).",
            "torch.bool": "Expects True and False to act as ids 1 and 0; a bool tensor is refused as indices."}
    traps = worded({
        "float-indices": "Believing whole numbers stored as floats can index a table.",
        "any-integer-width": "Believing any integer type can index a table.",
        "bool-as-ids": "Believing True and False can stand for ids 1 and 0.",
    })

    def draw(self, rng, d, difficulty):
        d["variant"] = rng.choice(DTYPES_OK)

    level = "easy"
    stem_text = ("Which `ids` tensor can `nn.Embedding({p.vocab}, {p.input_size}, padding_idx=0)` look up without "
                 "an error?")

    def snippet(self, p):
        return None  # each option builds ids with its own dtype and runs the embedding

    def _option(self, p, dtype: str, why: str) -> Candidate:
        line = f"ids = torch.randint(1, {p.vocab}, ({p.batch}, {p.seq_len}), dtype={dtype})"
        return Candidate(line, why, program=layers_code(p) + line + "\nembedded = emb(ids)\n",
                         misconception=self.misconception_of.get(dtype))

    def options(self, p, main):
        intended = self._option(p, p.variant, "An embedding looks rows up by index; it takes int64 (Long) or int32 "
                                              "(Int) ids.")
        return intended, [self._option(p, d, self.whys[d]) for d in DTYPES_BAD]

    def explain(self, p, main, correct):
        return Explanation(
            ("An embedding is a lookup: each id selects a row of emb.weight.",
             "torch checks the index tensor's type first: Long (int64) or Int (int32); floats, halfs, "
             "bools and the narrower integers are refused even when they hold whole numbers.",
             f"So: {correct.text}."),
            "for the right line, `ids.dtype.is_floating_point` is False and `ids.element_size()` is 4 or 8 "
            "bytes, the integer widths torch indexes with",
            f"Which element types can pick one of the {p.vocab} rows of a table?")


class Lookup(ErrorSituation):
    """A lookup that may fail: torch's exception, or the shape of ``embedded`` where it runs."""

    def ran(self, p, main):
        v, n, t, e = p.vocab, p.batch, p.seq_len, p.input_size
        return runs(f"It runs: `embedded` has shape ({n}, {t}, {e}).",
                    f"Ids 0 to {v - 1} are valid rows of a table of {v}; {v - 1} is the last row.")


class FloatIds(Lookup):
    """Ids cast to a type an embedding cannot index with."""

    kind = "float-ids"
    stem_text = "The ids are converted with `{p.cast}` before the lookup. What happens?"
    traps = worded({
        "rounds-floats": "Expecting torch to round float ids back to integers.",
        "blames-values": "Blaming the ids' values when their type is refused.",
        "type-as-type-error": "Filing the index-type check under TypeError.",
        "wanted-for-got": "Reading the type torch wants as the type it received.",
        "other-cast": "Mistaking what `{p.cast}` produces.",
    })

    def draw(self, rng, d, difficulty):
        d["variant"] = rng.choice(tuple(CASTS))

    def snippet(self, p):
        return layers_code(p) + ids_code(p) + f"ids = {CASTS[p.variant][0]}\nembedded = emb(ids)\n"

    def right_why(self, p, main):
        return (f"`{CASTS[p.variant][0]}` gives {CASTS[p.variant][1]}; an embedding indexes with "
                "Long or Int only.")

    def wrong(self, p, main):
        cast, type_name = CASTS[p.variant]
        others = [name for key, (_, name) in CASTS.items() if key != p.variant][:2]
        return [
            named("rounds-floats", runs("It runs: torch rounds the ids back to integers for the lookup.",
                                        "Expects torch to convert the ids; it refuses index tensors that are not "
                                        "Long or Int.")),
            named("blames-values", raises("IndexError", RANGE_MESSAGE,
                                          "Blames the ids' values; they are all in range, their type is the "
                                          "problem.")),
            named("type-as-type-error", raises("TypeError", type_message(type_name),
                                               "Names the wrong exception: torch reports the index type as a "
                                               "RuntimeError.")),
            named("wanted-for-got", raises("RuntimeError", type_message("torch.LongTensor"),
                                           "Gives the type torch wanted as the one it got; the message names the "
                                           "type it received.")),
            *[named("other-cast", raises("RuntimeError", type_message(name),
                                         f"Names another type; `{cast}` gives {type_name}."), name)
              for name in others],
        ]

    def explain(self, p, main, correct):
        cast, type_name = CASTS[p.variant]
        return Explanation(
            ("nn.Embedding looks up rows by index, and torch accepts Long or Int index tensors only.",
             f"`{cast}` gives {type_name.replace('torch.', '').replace('CPUBoolType', 'a bool tensor')}, "
             "so the lookup is refused before any row is read.",
             f"So: {correct.text.rstrip('.')}."),
            f"`emb(({cast}).long())` runs: the same ids as int64 are accepted",
            f"What element type does `{cast}` produce, and can that type index a table?")


class OutOfRange(Lookup):
    """An id past the table's end, a negative id, or the largest valid id written into the ids."""

    kind = "out-of-range"
    level = "hard"
    stems = {"vocab": "A tokenizer numbers its {p.vocab} words from 1 to {p.vocab}. What happens at the lookup?",
             "negative": "An unknown word was given the id -1. What happens at the lookup?",
             "largest": "The last id is set to {p.last_row}. What happens at the lookup?"}
    traps = worded({
        "range-as-runtime-error": "Filing an out-of-range id under RuntimeError.",
        "tensor-index-message": "Expecting the message of plain tensor indexing.",
        "falls-back-to-padding": "Expecting unknown ids to fall back to the padding row.",
        "python-negative-index": "Expecting -1 to wrap around to the last row.",
        "id-exists": "Believing id {p.vocab} is a row of a table of {p.vocab}.",
        "largest-out-of-range": "Believing {p.last_row} is already past the end of the table.",
        "row-as-wide-as-vocab": "Expecting each row to be {p.vocab} numbers wide.",
    })

    def draw(self, rng, d, difficulty):
        # vocab and negative share torch's fixed message; largest runs, its key holds the sizes
        d["variant"] = rng.choice(("vocab", "negative", "largest", "largest", "largest"))

    def snippet(self, p):
        return layers_code(p) + ids_code(p) + "embedded = emb(ids)\n"

    def stem(self, p):
        return self.stems[p.variant].format(p=p)

    def right_why(self, p, main):
        return (f"The table has rows 0 to {p.vocab - 1}; "
                f"{'-1' if p.variant == 'negative' else p.vocab} is not one of them (on CPU an IndexError).")

    def wrong(self, p, main):
        v, n, t, e = p.vocab, p.batch, p.seq_len, p.input_size
        variant = p.variant
        out = [
            named("range-as-runtime-error", raises("RuntimeError", RANGE_MESSAGE,
                                                   "Names the wrong exception: on CPU torch raises IndexError here.")),
            named("tensor-index-message", raises("IndexError",
                                                 f"index {LAST_ID[variant](v)} is out of bounds for dimension 0 with "
                                                 f"size {v}",
                                                 "Quotes the message of tensor indexing; the embedding's own check "
                                                 "says only that the index is out of range.")),
            named("falls-back-to-padding", runs(f"It runs: id {-1 if variant == 'negative' else v} looks up the zero "
                                                "padding row.",
                                                "Expects ids outside the table to fall back to the padding row; torch "
                                                "checks every id.")),
        ]
        if variant == "negative":
            out.append(named("python-negative-index", runs(f"It runs: -1 picks the last row, {v - 1}, as in a Python "
                                                           "list.",
                                                           "Expects Python's negative indexing; an embedding has no "
                                                           "such rule.")))
        else:
            out.append(named("id-exists", runs(f"It runs: `embedded` has shape ({n}, {t}, {e}).",
                                               f"Expects id {v} to exist; a table of {v} rows has ids 0 to {v - 1}.")))
        if variant == "largest":
            out = out[:2] + [named("largest-out-of-range", raises(
                                 "IndexError", RANGE_MESSAGE,
                                 f"Expects the ids to stop below {v - 1}; the table has {v} rows, 0 to {v - 1}.")),
                             named("row-as-wide-as-vocab", runs(f"It runs: `embedded` has shape ({n}, {t}, {v}).",
                                                                f"Expects a vector as wide as the vocabulary; each "
                                                                f"row has {e} numbers."))]
        return out

    def explain(self, p, main, correct):
        v, e = p.vocab, p.input_size
        last = LAST_ID[p.variant](v)
        return Explanation(
            (f"nn.Embedding({v}, {e}) has rows 0 to {v - 1}.",
             f"ids[0, -1] = {last}: " + ("a valid row, the last one." if last == v - 1 else
                                         "no such row; the lookup does not wrap around like Python lists."),
             f"So: {correct.text.rstrip('.')}."),
            f"emb.weight.shape[0] is {v}: valid ids are below it and not negative",
            f"Which rows does a table of {v} have?")


SITUATIONS: dict[str, Situation] = {s.kind: s for s in (Stage(), Count(), Padding(), Dtype(), FloatIds(),
                                                        OutOfRange())}
UNBATCHED_STAGE = UnbatchedStage()


def situation(p: EmbeddingParams) -> Situation:
    """The class that writes this item: its kind's, or the unbatched stage for 1-D ids."""
    return UNBATCHED_STAGE if p.kind == "stage" and p.batch is None else SITUATIONS[p.kind]


def misconceptions(p: EmbeddingParams) -> dict[str, object]:
    """What each misconception answers for this draw (value kinds only)."""
    return situation(p).misconceptions(p)


def truth_by_rule(p: EmbeddingParams):
    return situation(p).rule(p)


class EmbeddingPipeline(SituationFamily, Family):
    name = "embedding-pipeline"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "Token ids through `nn.Embedding(vocab, E, padding_idx=0)`, `nn.LSTM(batch_first=True)` and "
        "`nn.Linear`: the shape at a stage, the parameter count, the padding rows, the dtype ids need "
        "(Long or Int), and the errors for float ids or ids out of range (messages from the run)."
    )
    probes = ("embedded", "output", "h_n", "logits", "n_params", "zeros")
    option_probes = ()

    def situation(self, p):
        return situation(p)

    def sample(self, rng, difficulty):
        while True:
            kind = rng.choice(LEVEL_KINDS[difficulty])
            # wide ranges, so that two items rarely share a key by chance; padding shows its ids, so few
            e, h, c = rng.sample(range(2, 41), 3)
            n, t = rng.sample(range(2, 7) if kind == "padding" else range(2, 13), 2)
            d = {"kind": kind, "vocab": rng.randrange(10, 61), "input_size": e, "hidden_size": h, "classes": c,
                 "batch": n, "seq_len": t, "stage": None, "ids": None, "variant": None}
            SITUATIONS[kind].draw(rng, d, difficulty)
            p = EmbeddingParams.from_dict(d)
            if self.difficulty_of(p) == difficulty:
                return p

    def decode(self, data):
        return EmbeddingParams.from_dict(data)

    def capacity(self, difficulty):
        """A lower bound: 23 × 22 × 21 ordered (E, H, C) draws for a single kind (they are drawn
        from 39 values each)."""
        return 10_626

    def achieves(self, p, outcome):
        return outcome.ok
