"""The families lstmq offers, light: name, difficulties, summary, where the code lives.

Writers (site pages, exports, the command line) read this list instead of the registry, so
listing or rendering families never imports them. The order is the order families are listed,
planned and shown. ``lstmq.families.REGISTRY`` builds each family from its entry here; a test
checks that every family's own name, difficulties and summary agree with its entry.

Adding a family: its module in ``families/``, its test, and one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str
    difficulties: tuple[str, ...]
    where: str  # "module:Class" inside lstmq.families (a module may be in a subpackage: "calls.missing")
    summary: str
    kinds: tuple[str, ...] = ("single",)  # lstmq.model.KINDS the family writes


CATALOGUE: tuple[Entry, ...] = (
    Entry("concepts", ("easy", "medium"), "concepts:Concepts",
          "What an LSTM's gates and states do, and what shapes, stacking, two directions, projections and "
          "padding change; most statements decided by torch, the rest reviewed against its docs."),
    Entry("constructor", ("easy", "medium"), "constructor:Constructor",
          "The call that builds an LSTM with given sizes and settings: plain calls, keywords only, every "
          "argument by position, a layer inside a model class, a `functools.partial`, an `nn.RNN` being "
          "replaced; stacked, batch-first, bidirectional and projected layers in the medium draws.",
          ("single", "multiple")),
    Entry("output-shape", ("easy", "medium", "hard"), "output_shape:OutputShape",
          "The shape of `output`, `h_n` or `c_n` for random sizes: one plain layer (easy), then `batch_first`, "
          "stacked layers, two directions, projections and unbatched input, one at a time (medium) or combined "
          "(hard).",
          ("single", "numeric")),
    Entry("missing-argument", ("easy", "medium", "hard"), "calls.missing:MissingArgument",
          "What happens when `nn.LSTM` may lack an argument: bare calls, keyword order, a tuple or a "
          "config dict unpacked (or not), a `functools.partial`, a layer built inside a model class, a "
          "forward call without input. Some run, most raise `TypeError`, some fail to parse."),
    Entry("wrong-keyword", ("easy", "medium", "hard"), "calls.keyword:WrongKeyword",
          "What torch does with keywords: look-alikes of its own (`hidden_sizes`, `num_layer`, "
          "`batchfirst`, `bidirection`), names from other libraries, a size given twice, right names with "
          "wrong values, inside a config dict, a `functools.partial` or a model class. Some run, some "
          "raise `TypeError`, some `ValueError` or `SyntaxError`."),
    Entry("design", ("medium", "hard"), "design:Design",
          "Pick the layer that fits the data and the model around it: F features per step to K per step "
          "(the length is not a constructor argument), batch-first tensors, a Keras port, an embedding or "
          "a linear layer in front, a second LSTM, a head behind, two directions and projections in the "
          "hard draws."),
    Entry("invalid-value", ("easy", "medium", "hard"), "invalid_value:InvalidValue",
          "Four `nn.LSTM(...)` calls: which raises `ValueError`, which `TypeError`, which builds silently "
          "or with a warning (zero, negative or float sizes, `dropout`, `num_layers`, `proj_size`, bool "
          "flags given ints).",
          ("single", "multiple")),
    Entry("feature-mismatch", ("easy", "medium", "hard"), "feature_mismatch:FeatureMismatch",
          "What a forward call does when x's axes may not be what the layer reads: the exception and the "
          "numbers its message reports, or the shape of `output` when it runs (batch-first tensors fed to a "
          "sequence-first layer, convolution layouts, wrong rank, stacked and chained layers)."),
    Entry("initial-state", ("easy", "medium", "hard"), "initial_state:InitialState",
          "The shapes `h0` and `c0` must have (layers, directions, projections, unbatched input), what a "
          "wrong shape does, what states of the right shape give, and what one tensor in place of the "
          "`(h0, c0)` pair does."),
    Entry("warnings-and-dtypes", ("easy", "medium", "hard"), "warnings_dtypes:WarningsAndDtypes",
          "The warning for `dropout` with nothing to act on (one layer, or one bidirectional layer), and "
          "inputs and layers of different dtypes (float64, float16 and integer inputs; layers converted with "
          "`.double()` or `.half()`): the error, the output when dtypes match, and the fix that works."),
    Entry("parameters", ("medium", "hard"), "parameters:Parameters",
          "The number of learnable parameters of an `nn.LSTM`, or the shape of one named weight such as "
          "`weight_hh_l1` or `bias_ih_l0_reverse`; stacked, bidirectional and projected layers in the "
          "harder draws, `bias=False` in some.",
          ("single", "numeric")),
    Entry("pipeline", ("easy", "medium", "hard"), "pipeline:Pipeline",
          "A sequence classifier from input `x` through `nn.LSTM`, a read-out (the last time step, `h_n[-1]`, "
          "both top directions or the mean over time), `nn.Linear`, softmax and argmax, or a tagger "
          "that labels every step: the shape at a named stage; two layers, two directions or sequence-first input in the harder draws."),
    Entry("metrics", ("easy", "medium", "hard"), "metrics:Metrics",
          "Accuracy, precision, recall, specificity and F1 computed with torch from a sequence classifier's"
          " confusion matrix; 3-class matrices and imbalanced test sets where accuracy hides missed positives "
          "or false alarms in the hard draws."),
    Entry("packing", ("easy", "medium", "hard"), "packing:Packing",
          "Batches of different lengths: `pad_sequence`, `pack_padded_sequence` and `pad_packed_sequence` "
          "(shapes, padded values, returned lengths, `total_length`), the errors for unsorted or empty "
          "lengths, and which index holds each sequence's last real step."),
    Entry("gates", ("easy", "medium", "hard"), "gates:Gates",
          "One LSTM step by hand with weights set in the code (one or two units): `c_1` and `h_1`, a forget"
          " or input gate saturated by its bias, and which rows of `weight_ih_l0` or `bias_ih_l0` are the "
          "forget gate (torch's order i, f, g, o).",
          ("single", "numeric")),
    Entry("output-and-states", ("easy", "medium", "hard"), "output_states:OutputAndStates",
          "How `output` relates to `h_n` and `c_n`: which slice of `output` equals `h_n[-1]` (one "
          "direction, `batch_first`, unbatched input), the backward direction's final state at step 0, "
          "`h_n.view(num_layers, 2, N, H)`, joining both directions, and what `c_n` is; each option checked"
          " with `torch.equal` in its own run."),
    Entry("cell", ("easy", "medium", "hard"), "cell:Cell",
          "`nn.LSTMCell` and the time loop written by hand: the shapes of `h` per step and of the stacked "
          "outputs, the cell's parameters against a one-layer `nn.LSTM`, the errors for 3-D input or "
          "`nn.LSTM`-shaped states, and whether the loop reproduces the layer."),
    Entry("lstm-gru-rnn", ("easy", "medium", "hard"), "lstm_gru_rnn:LstmGruRnn",
          "The same sizes in `nn.LSTM`, `nn.GRU` and `nn.RNN`: parameter counts (4, 3 and 1 gate blocks; "
          "stacked, bidirectional, `bias=False`), weight shapes, what each returns as its state, and what "
          "code written for one does with another (unpacking `h_n, c_n` from a GRU, an `(h0, c0)` pair).",
          ("single", "numeric")),
    Entry("embedding-pipeline", ("easy", "medium", "hard"), "embedding:EmbeddingPipeline",
          "Token ids through `nn.Embedding(vocab, E, padding_idx=0)`, `nn.LSTM(batch_first=True)` and "
          "`nn.Linear`: the shape at a stage, the parameter count, the padding rows, the dtype ids need "
          "(Long or Int), and the errors for float ids or ids out of range (messages from the run)."),
    Entry("stateful", ("easy", "medium", "hard"), "stateful:Stateful",
          "The state across batches and training: carrying `(h, c)` from window to window (shapes, a "
          "sequence run in two pieces), a last batch of another size, the second `backward()` through "
          "a state that was not detached and the line that fixes it, and dropout between stacked "
          "layers in `train()` against `eval()` (checked with `torch.equal`)."),
    Entry("training-trace", ("easy", "medium", "hard"), "training_trace:TrainingTrace",
          "The log of a tiny LSTM trained for a few epochs on synthetic data (seeded in the code): the epoch "
          "early stopping keeps, with or without patience, the first epoch that overfits, the loss of a "
          "50/50 guess (ln 2), and what accuracy says on an imbalanced validation set (the majority-class "
          "baseline); every number is from torch's run."),
)

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in CATALOGUE}
NAMES: tuple[str, ...] = tuple(BY_NAME)
