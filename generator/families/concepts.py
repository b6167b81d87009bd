"""concepts: what an LSTM is for, what its gates and states do, what its sizes mean.

A hand-written pool; each item lists its right answer and more wrong ones than a question
shows, each wrong one naming the misconception behind it. The draw picks the item; the
options and their order come from the question's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Candidate
from .base import Explanation, Family


@dataclass(frozen=True)
class Item:
    stem: str
    right: tuple[str, str]
    wrong: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    quick_check: str
    hint: str


POOL: dict[str, Item] = {
    "purpose": Item(
        "What is `nn.LSTM` mainly used for?",
        ("Reading a sequence step by step while carrying information from earlier steps forward",
         "An LSTM is a recurrent layer: its hidden and cell states pass what it learned from earlier steps to later ones."),
        (("Detecting local patterns in images with sliding filters", "Mixes it up with convolutional layers such as nn.Conv2d."),
         ("Compressing data to fewer dimensions, as PCA does", "Confuses a recurrent layer with a dimensionality-reduction method."),
         ("Mapping token ids to dense vectors", "That is nn.Embedding, which often comes before an LSTM but is not one."),
         ("Drawing random numbers to initialise other layers", "Confuses the layer with weight initialisation.")),
        ("A recurrent layer processes one time step after another.",
         "At each step an LSTM updates a hidden state and a cell state, so later steps can use what earlier steps saw.",
         "That makes it a tool for text, audio, sensor readings and other ordered data."),
        "LSTM = recurrent layer with memory across time steps",
        "Think of what changes from one time step to the next.",
    ),
    "input-size": Item(
        "In `nn.LSTM(input_size, hidden_size)`, what does `input_size` count?",
        ("The number of features in each time step of the input",
         "input_size is the width of one step's feature vector, the last axis of the input tensor."),
        (("The number of time steps in a sequence", "Confuses the feature width with the sequence length, which the layer never needs."),
         ("The number of sequences in a batch", "Confuses it with the batch size, which comes from the input tensor."),
         ("The number of units in the hidden state", "That is hidden_size."),
         ("The total number of numbers in the input tensor", "Multiplies all axes together; only the last axis matters.")),
        ("The input tensor is (seq_len, batch, features), or (batch, seq_len, features) with batch_first=True.",
         "The layer's input weights multiply one step's feature vector, so they must know its width.",
         "That width is input_size; the length and the batch size can change from call to call."),
        "input_size == x.shape[-1]",
        "Which axis of the input does a weight matrix multiply?",
    ),
    "hidden-size": Item(
        "What does `hidden_size` set in an `nn.LSTM` without a projection?",
        ("The number of features in the hidden and cell states, and so in each output step",
         "hidden_size is the width of h and c; without proj_size, output has hidden_size features per step and direction."),
        (("How many time steps the layer can remember", "Treats the state width as a memory length; the state is carried over any number of steps."),
         ("The number of stacked layers", "That is num_layers."),
         ("The batch size the layer accepts", "The batch size comes from the input and can change between calls."),
         ("The number of gates in each cell", "An LSTM cell always has four gates, whatever hidden_size is.")),
        ("Each LSTM cell keeps two vectors: the hidden state h and the cell state c.",
         "hidden_size is the length of both vectors.",
         "output is the top layer's h at every step, so without a projection its last axis is hidden_size (twice that if bidirectional)."),
        "h_t and c_t have hidden_size features",
        "It sizes the state, not the sequence or the stack.",
    ),
    "cell-state": Item(
        "What role does the cell state `c` play in an LSTM?",
        ("It carries long-term memory along the sequence, changed only by the forget and input gates",
         "The cell state is updated additively, gated by forget and input gates, which lets information survive many steps."),
        (("It stores the class the model predicts", "Predictions come from a layer after the LSTM, not from c."),
         ("It holds the raw input of the current step", "The input x_t is separate; c mixes in only a gated summary of it."),
         ("It is reset to zero at every time step", "It is carried from step to step; only a new sequence starts from c_0."),
         ("It is a learned weight matrix", "c is an activation that changes per step, not a parameter.")),
        ("At each step the forget gate scales the old cell state and the input gate adds new candidate values.",
         "Because the update is mostly additive, gradients can flow back through many steps.",
         "The hidden state h is then read out of c through the output gate."),
        "c_t = f_t * c_{t-1} + i_t * g_t",
        "Which state is updated by adding, not by overwriting?",
    ),
    "forget-gate": Item(
        "What does the forget gate decide at each time step?",
        ("How much of the previous cell state to keep",
         "The forget gate's sigmoid output in [0, 1] multiplies c_{t-1} element by element."),
        (("Which training examples to drop from the batch", "Gates act on state vectors inside one sequence, not on the dataset."),
         ("Which input features to ignore for good", "Gates are recomputed at every step; nothing is dropped permanently."),
         ("When to stop processing the sequence", "The layer always runs over every step of the input."),
         ("The learning rate of the layer", "Learning rates belong to the optimiser.")),
        ("f_t = sigmoid(W_if x_t + W_hf h_{t-1} + b_f) lies between 0 and 1.",
         "It multiplies the old cell state: near 0 forgets, near 1 keeps.",
         "So the gate decides how much of c_{t-1} survives into c_t."),
        "f_t near 1 keeps memory, near 0 erases it",
        "Its output multiplies the old cell state.",
    ),
    "output-gate": Item(
        "What does the output gate control?",
        ("How much of the cell state, squashed by tanh, becomes the hidden state h_t",
         "h_t = o_t * tanh(c_t): the output gate decides what part of the memory is exposed."),
        (("Which class the network outputs", "Class scores come from a classifier layer after the LSTM."),
         ("Whether the layer returns output or (h_n, c_n)", "The layer always returns both."),
         ("How many time steps appear in output", "output always has one entry per input step."),
         ("The size of the output tensor", "Sizes are fixed by hidden_size and proj_size, not by a gate.")),
        ("o_t = sigmoid(W_io x_t + W_ho h_{t-1} + b_o).",
         "The new hidden state is o_t * tanh(c_t).",
         "So the output gate filters what the memory shows to the next step and to the layer above."),
        "h_t = o_t * tanh(c_t)",
        "Which gate sits between c_t and h_t?",
    ),
    "gate-count": Item(
        "`weight_ih_l0` of an `nn.LSTM` has `4 * hidden_size` rows. Why four?",
        ("The input, forget, cell-candidate and output gates each get hidden_size rows, stacked",
         "torch stacks the weights of the four gate computations (i, f, g, o) into one matrix."),
        (("Four time steps are processed at once", "Rows belong to gates, not to time steps."),
         ("It is a GRU-style cell with four layers", "A GRU has three gate blocks, and layers have their own weight names."),
         ("Four directions are read", "A layer reads at most two directions."),
         ("The batch is split into four parts", "Weights do not depend on the batch.")),
        ("An LSTM cell computes four things from x_t and h_{t-1}: i_t, f_t, g_t and o_t.",
         "Each has hidden_size outputs, so torch stacks four blocks of hidden_size rows.",
         "weight_ih_l0 therefore has shape (4 * hidden_size, input_size)."),
        "4 gates × hidden_size rows",
        "Count the gate computations in one LSTM step.",
    ),
    "vanishing": Item(
        "Why is an LSTM often chosen over a plain `nn.RNN` for long sequences?",
        ("Its gated, additive cell-state updates let gradients flow across many steps",
         "The cell state path avoids repeated squashing, which eases the vanishing-gradient problem."),
        (("It has fewer parameters than a plain RNN", "It has four times as many weights per layer."),
         ("It ignores the order of the steps", "An LSTM depends on order as much as any recurrent layer."),
         ("It processes all steps in parallel like a Transformer", "It is still recurrent: step t needs step t-1."),
         ("It needs no training", "Its weights are learned like any other layer's.")),
        ("A plain RNN multiplies its state by the same matrix and squashes it at every step.",
         "Over many steps the gradient shrinks or explodes.",
         "An LSTM's cell state is carried forward by gated addition, so gradients survive longer."),
        "long sequences → gating helps gradients",
        "What happens to gradients over many steps?",
    ),
    "batch-first": Item(
        "What does `batch_first=True` change?",
        ("The layout of input and output to (batch, seq_len, features); h_n and c_n keep their layout",
         "batch_first only swaps the first two axes of input and output, not of the state tensors."),
        (("It makes h_n and c_n batch-first too", "The states stay (layers × directions, batch, features)."),
         ("It processes all sequences of the batch before moving to the next step", "The computation is the same; only the layout differs."),
         ("It sorts the batch by sequence length", "Sorting is packing's business, not batch_first's."),
         ("It makes the layer bidirectional", "That is bidirectional=True.")),
        ("Without it, input is (seq_len, batch, features).",
         "With it, input and output are (batch, seq_len, features).",
         "h_n and c_n are always (num_layers × directions, batch, features)."),
        "batch_first moves batch to axis 0 of input and output only",
        "Which tensors does the flag mention in torch's docs?",
    ),
    "bidirectional": Item(
        "What does `bidirectional=True` do?",
        ("Adds a second LSTM that reads the sequence backwards and concatenates both directions' outputs",
         "output gets 2 × H_out features per step and the states gain a second direction per layer."),
        (("Stacks a second layer on top of the first", "Stacking is num_layers."),
         ("Runs the sequence twice and averages the results", "The two directions are concatenated, not averaged."),
         ("Doubles the sequence length", "The number of steps stays the same."),
         ("Lets the layer accept two inputs", "It still takes one input sequence.")),
        ("One LSTM reads steps 1..T, another reads T..1.",
         "At every step their hidden states are concatenated.",
         "So output's last axis doubles, and h_n, c_n hold 2 × num_layers entries."),
        "bidirectional → last axis of output × 2",
        "Two readers, one per direction, side by side.",
    ),
    "num-layers": Item(
        "What does `num_layers=3` mean?",
        ("Three LSTMs are stacked, each reading the output sequence of the one below",
         "Stacked layers deepen the model; h_n and c_n keep one final state per layer."),
        (("The layer processes three time steps at once", "Layers are stacked in depth, not across time."),
         ("Each cell has three gates", "Each LSTM cell always has four gate computations."),
         ("Three copies run in parallel and are averaged", "The layers are stacked, not averaged."),
         ("The input must have three features", "That is input_size.")),
        ("Layer 1 reads the input; layer k reads layer k-1's output sequence.",
         "output comes from the top layer only.",
         "h_n and c_n hold the final state of every layer, so their first axis grows with num_layers."),
        "num_layers = depth of the stack",
        "Picture the layers on top of each other.",
    ),
    "proj-size": Item(
        "What does `proj_size` change in `nn.LSTM`?",
        ("It projects the hidden state to proj_size features, so h and output shrink while c keeps hidden_size",
         "With proj_size > 0 torch adds weight_hr to map h_t down; the cell state is not projected."),
        (("It projects the input before the first gate", "The projection acts on the hidden state, not on the input."),
         ("It shrinks the cell state too", "c_t keeps hidden_size features."),
         ("It sets the number of output classes", "Classes come from a separate classifier layer."),
         ("It must be larger than hidden_size", "It must be smaller; a larger value raises a ValueError.")),
        ("Each step computes h_t as usual, then multiplies it by weight_hr of shape (proj_size, hidden_size).",
         "The projected h_t is what output and h_n contain and what feeds back into the next step.",
         "c_t is untouched, so c_n still has hidden_size features."),
        "h: proj_size features; c: hidden_size features",
        "Which state is multiplied by weight_hr?",
    ),
    "returns": Item(
        "What does calling an `nn.LSTM` on a batch return?",
        ("A pair: output for every time step, and the tuple (h_n, c_n) of final states",
         "The layer returns output, (h_n, c_n)."),
        (("Only the final hidden state", "Forgets output, which holds every step."),
         ("Class probabilities for each sequence", "Probabilities need a classifier and softmax after the LSTM."),
         ("Output and the loss", "Losses are computed outside the layer."),
         ("A single tensor of cell states", "The cell states come back only inside (h_n, c_n), at the last step.")),
        ("output holds the top layer's hidden state at each step.",
         "h_n and c_n hold the final hidden and cell states of every layer and direction.",
         "So the call is usually written `output, (h_n, c_n) = lstm(x)`."),
        "output, (h_n, c_n) = lstm(x)",
        "Unpack it the way the docs write it.",
    ),
    "seq-len": Item(
        "Does `nn.LSTM` need to know the sequence length when it is built?",
        ("No: the same layer accepts sequences of any length; the length comes from the input",
         "No constructor argument mentions the length; the layer loops over however many steps the input has."),
        (("Yes, as the third positional argument", "The third positional argument is num_layers."),
         ("Yes, through a seq_len keyword", "There is no such keyword; torch raises a TypeError for it."),
         ("Yes, it is fixed by the first batch it sees", "Each call may use a different length."),
         ("It is always 1 unless set", "The layer runs over every step it is given.")),
        ("The constructor takes sizes of vectors: input_size, hidden_size, proj_size.",
         "The sequence length is an axis of the input tensor.",
         "Weights are shared across time, so any number of steps works."),
        "length lives in the data, not in the layer",
        "Are the weights different for each time step?",
    ),
    "initial-state": Item(
        "What does `nn.LSTM` use for h_0 and c_0 when you call it with the input only?",
        ("Zeros, for every layer, direction and sequence in the batch",
         "Without (h_0, c_0) torch starts from zero states."),
        (("Random values drawn at each call", "torch does not draw random initial states."),
         ("The final states of the previous call", "An nn.LSTM keeps no state between calls."),
         ("Nothing: you must always pass them", "They are optional."),
         ("Learned initial-state parameters", "torch has no such parameters in nn.LSTM.")),
        ("The forward signature is lstm(input, hx=None).",
         "When hx is None, torch builds zero tensors of the right shape.",
         "So every call starts fresh unless you pass states yourself."),
        "hx=None → zeros",
        "The layer remembers nothing between calls.",
    ),
    "dropout": Item(
        "Where does the `dropout` argument of `nn.LSTM` apply?",
        ("To the outputs of every layer except the last, so it needs num_layers > 1 to have any effect",
         "torch places dropout between stacked layers; with one layer it warns that nothing is dropped."),
        (("To the input at every time step", "The input is not dropped by this argument."),
         ("To the recurrent connection inside each cell", "torch does not drop the h_{t-1} → h_t path."),
         ("To the final output of the top layer", "The last layer's output is left untouched."),
         ("To the weights, once at construction", "Dropout acts on activations during training.")),
        ("With num_layers = k there are k - 1 connections between stacked layers.",
         "Dropout with probability p is applied on those connections in training mode.",
         "With one layer there is no such connection, so torch warns."),
        "dropout acts between layers: needs num_layers ≥ 2",
        "Count the gaps between stacked layers.",
    ),
}


@dataclass(frozen=True)
class ConceptParams:
    """Which pool item a question asks."""

    item: str

    def to_dict(self) -> dict:
        return {"item": self.item}

    @classmethod
    def from_dict(cls, data: dict) -> "ConceptParams":
        return cls(data["item"])


class Concepts(Family):
    name = "concepts"
    difficulties = ("easy",)
    summary = "What an LSTM is for, what its gates and states do, what `input_size` and `hidden_size` mean."

    def sample(self, rng, difficulty):
        return ConceptParams(rng.choice(sorted(POOL)))

    def decode(self, data):
        return ConceptParams.from_dict(data)

    def capacity(self, difficulty):
        return len(POOL)

    def stem(self, p):
        return POOL[p.item].stem

    def truth(self, p, main):
        return POOL[p.item].right[0]

    def options(self, p, main):
        item = POOL[p.item]
        intended = Candidate(item.right[0], item.right[1], value=item.right[0], format="text")
        return intended, [Candidate(t, why, value=t, format="text") for t, why in item.wrong]

    def explain(self, p, main, correct):
        item = POOL[p.item]
        return Explanation(item.steps, item.quick_check, item.hint)
