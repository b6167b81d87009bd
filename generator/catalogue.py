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
    where: str  # "module:Class" inside lstmq.families
    summary: str
    kinds: tuple[str, ...] = ("single",)  # lstmq.model.KINDS the family writes


CATALOGUE: tuple[Entry, ...] = (
    Entry("concepts", ("easy",), "concepts:Concepts",
          "What an LSTM is for, what its gates and states do, what `input_size` and `hidden_size` mean."),
    Entry("constructor", ("easy",), "constructor:Constructor",
          "The call that builds a single-layer LSTM with a given input size and hidden size."),
    Entry("output-shape", ("medium", "hard"), "output_shape:OutputShape",
          "The shape of `output`, `h_n` or `c_n` for random sizes, with `batch_first`, stacked layers, two "
          "directions, projections and unbatched input in the harder draws."),
    Entry("missing-argument", ("medium",), "calls:MissingArgument",
          "What torch does when `nn.LSTM` is called without `input_size`, `hidden_size` or both."),
    Entry("wrong-keyword", ("medium",), "calls:WrongKeyword",
          "What torch does with keywords `nn.LSTM` does not have (`input=`, `hidden_dim=`, `batch_size=`, "
          "...)."),
    Entry("design", ("medium",), "constructor:Design",
          "Pick the layer that maps F features per step to K features per step for sequences of length T "
          "(the length is not a constructor argument)."),
    Entry("invalid-value", ("easy", "medium", "hard"), "invalid_value:InvalidValue",
          "Four `nn.LSTM(...)` calls: which raises `ValueError`, which `TypeError`, which builds silently "
          "or with a warning (zero, negative or float sizes, `dropout`, `num_layers`, `proj_size`, bool "
          "flags given ints)."),
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
          "harder draws, `bias=False` in some."),
    Entry("pipeline", ("medium",), "pipeline:Pipeline",
          "A sequence classifier from input `(N, T, F)` through `nn.LSTM(batch_first=True)`, the last time "
          "step or `h_n[-1]`, `nn.Linear` and softmax: the shape at a named stage."),
    Entry("metrics", ("easy", "medium", "hard"), "metrics:Metrics",
          "Accuracy, precision, recall, specificity and F1 computed with torch from a sequence classifier's"
          " confusion matrix; 3-class matrices and the accuracy paradox (high accuracy, low recall on rare "
          "positives) in the hard draws."),
    Entry("packing", ("easy", "medium", "hard"), "packing:Packing",
          "Batches of different lengths: `pad_sequence`, `pack_padded_sequence` and `pad_packed_sequence` "
          "(shapes, padded values, returned lengths, `total_length`), the errors for unsorted or empty "
          "lengths, and which index holds each sequence's last real step."),
    Entry("gates", ("easy", "medium", "hard"), "gates:Gates",
          "One LSTM step by hand with weights set in the code (one or two units): `c_1` and `h_1`, a forget"
          " or input gate saturated by its bias, and which rows of `weight_ih_l0` or `bias_ih_l0` are the "
          "forget gate (torch's order i, f, g, o)."),
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
          "code written for one does with another (unpacking `h_n, c_n` from a GRU, an `(h0, c0)` pair)."),
    Entry("embedding-pipeline", ("easy", "medium", "hard"), "embedding:EmbeddingPipeline",
          "Token ids through `nn.Embedding(vocab, E, padding_idx=0)`, `nn.LSTM(batch_first=True)` and "
          "`nn.Linear`: the shape at a stage, the parameter count, the padding rows, the dtype ids need "
          "(Long or Int), and the errors for float ids or ids out of range (messages from the run)."),
)

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in CATALOGUE}
NAMES: tuple[str, ...] = tuple(BY_NAME)
