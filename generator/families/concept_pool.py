"""The concepts pool: what an LSTM's gates, states, shapes, stacks, directions, projections and
padding do, as statements a student judges.

Every item holds one right statement and several wrong ones; each wrong one names the
misconception it comes from. Where torch can decide a statement, the item has a ``setup``
program and every statement a ``check`` (a Python expression over the setup's names): torch runs
``setup`` then ``holds = bool(check)`` for each option, and an option is right exactly when
``holds`` is true. Items without a setup are prose; each was reviewed against the torch
documentation page named in its ``docs`` (no sentence is quoted from it).
"""

from __future__ import annotations

from dataclasses import dataclass

TOPICS = ("gates", "states", "shapes", "training", "bidirectional", "stacking", "projections", "padding")


@dataclass(frozen=True)
class Claim:
    text: str
    why: str
    misconception: str | None = None  # None for the right statement
    check: str | None = None  # decides the claim in torch, for items with a setup


@dataclass(frozen=True)
class Item:
    topic: str
    level: str
    stem: str
    right: Claim
    wrong: tuple[Claim, ...]
    steps: tuple[str, ...]
    quick_check: str
    hint: str
    mistakes: tuple[str, ...]
    setup: str | None = None
    docs: str = "torch.nn.LSTM"


def right(text: str, why: str, check: str | None = None) -> Claim:
    return Claim(text, why, None, check)


def wrong(misconception: str, text: str, why: str, check: str | None = None) -> Claim:
    return Claim(text, why, misconception, check)


HEAD = (
    "import torch\n"
    "import torch.nn as nn\n"
    "\n"
    "\n"
    "def raises(call):\n"
    "    try:\n"
    "        call()\n"
    "    except Exception as exc:\n"
    "        return type(exc).__name__\n"
    "    return None\n"
    "\n"
    "\n"
)


def run(layer: str, shape: str, after: str = "") -> str:
    """A layer run once on random input of ``shape``, then ``after``."""
    return HEAD + f"lstm = {layer}\nx = torch.randn({shape})\noutput, (h_n, c_n) = lstm(x)\n" + after


def build(code: str) -> str:
    return HEAD + code


# One LSTMCell step and its gates recomputed from the weights (i, f, g, o read in torch's order).
CELL_STEP = build(
    "cell = nn.LSTMCell(3, 4)\n"
    "x = torch.randn(2, 3)\n"
    "h = torch.randn(2, 4)\n"
    "c = torch.randn(2, 4)\n"
    "h1, c1 = cell(x, (h, c))\n"
    "z = x @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh\n"
    "zi, zf, zg, zo = z.chunk(4, dim=1)\n"
    "i, f, g, o = zi.sigmoid(), zf.sigmoid(), zg.tanh(), zo.sigmoid()\n"
    "\n"
    "\n"
    "def same(a, b):\n"
    "    return a.shape == b.shape and torch.allclose(a, b, atol=1e-6)\n"
    "\n"
    "\n"
    "def order_fits(order):\n"
    "    part = dict(zip(order, z.chunk(4, dim=1)))\n"
    "    c_new = part['f'].sigmoid() * c + part['i'].sigmoid() * part['g'].tanh()\n"
    "    return same(c_new, c1) and same(part['o'].sigmoid() * c_new.tanh(), h1)\n"
)

# A two-layer stack and two one-layer LSTMs holding its layers' weights.
STACK_COPY = run(
    "nn.LSTM(4, 4, num_layers=2)", "6, 2, 4",
    "low, high = nn.LSTM(4, 4), nn.LSTM(4, 4)\n"
    "weights = lstm.state_dict()\n"
    "low.load_state_dict({k.replace('_l0', '_l0'): v for k, v in weights.items() if k.endswith('_l0')})\n"
    "high.load_state_dict({k.replace('_l1', '_l0'): v for k, v in weights.items() if k.endswith('_l1')})\n"
    "mid, (h_low, c_low) = low(x)\n"
    "top = high(mid)[0]\n"
    "\n"
    "\n"
    "def same(a, b):\n"
    "    return a.shape == b.shape and torch.allclose(a, b, atol=1e-5)\n"
)

# Two sequences, of 5 and 3 real steps, zero-padded to 5; each also run alone.
PADDED = build(
    "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, PackedSequence\n"
    "lstm = nn.LSTM(3, 4)\n"
    "long_seq, short_seq = torch.randn(5, 3), torch.randn(3, 3)\n"
    "x = torch.zeros(5, 2, 3)\n"
    "x[:, 0] = long_seq\n"
    "x[:3, 1] = short_seq\n"
    "output, (h_n, c_n) = lstm(x)\n"
    "alone_h = lstm(short_seq.unsqueeze(1))[1][0][0, 0]\n"
    "packed = pack_padded_sequence(x, [5, 3])\n"
    "packed_out, (packed_h, packed_c) = lstm(packed)\n"
    "unpacked, lengths = pad_packed_sequence(packed_out)\n"
    "\n"
    "\n"
    "def same(a, b):\n"
    "    return a.shape == b.shape and torch.allclose(a, b, atol=1e-5)\n"
)

# Three sequences of 4, 2 and 1 steps, packed.
PACK_421 = build(
    "from torch.nn.utils.rnn import pack_padded_sequence\n"
    "x = torch.randn(4, 3, 3)\n"
    "packed = pack_padded_sequence(x, [4, 2, 1])\n"
    "sizes = packed.batch_sizes.tolist()\n"
)

# Lengths 2 and 5, in that (unsorted) order.
UNSORTED = build(
    "from torch.nn.utils.rnn import pack_padded_sequence\n"
    "lstm = nn.LSTM(3, 4)\n"
    "short_seq, long_seq = torch.randn(2, 3), torch.randn(5, 3)\n"
    "x = torch.zeros(5, 2, 3)\n"
    "x[:2, 0] = short_seq\n"
    "x[:, 1] = long_seq\n"
    "packed = pack_padded_sequence(x, [2, 5], enforce_sorted=False)\n"
    "h_n = lstm(packed)[1][0]\n"
    "short_h = lstm(short_seq.unsqueeze(1))[1][0][0, 0]\n"
    "long_h = lstm(long_seq.unsqueeze(1))[1][0][0, 0]\n"
    "padded_h = lstm(x)[1][0]\n"
    "\n"
    "\n"
    "def same(a, b):\n"
    "    return a.shape == b.shape and torch.allclose(a, b, atol=1e-5)\n"
)


def count(layer: str) -> str:
    return build(f"lstm = {layer}\nn = sum(p.numel() for p in lstm.parameters())\n")


def names(layer: str) -> str:
    return build(f"lstm = {layer}\nnames = [name for name, _ in lstm.named_parameters()]\n")


POOL: dict[str, Item] = {}


def add(key: str, item: Item) -> None:
    assert key not in POOL, key
    POOL[key] = item


# --- gates ----------------------------------------------------------------------------------

add("forget-gate", Item(
    "gates", "easy",
    "At every time step an LSTM computes a forget gate. What does it do?",
    right("It scales the previous cell state entry by entry with factors between 0 and 1",
          "f_t comes out of a sigmoid and multiplies c_{t-1}: a factor near 1 keeps that memory entry, near 0 erases it."),
    (wrong("gate-drops-examples", "It removes from the batch the training sequences that look unhelpful",
           "Mixes gating with data selection: the gate acts on state vectors inside each sequence, never on which sequences are used."),
     wrong("gate-is-permanent", "It switches some input features off once and for all, for the rest of the sequence",
           "Treats the gate as a fixed choice; f_t is recomputed from x_t and h_{t-1} at each step, so nothing stays switched off."),
     wrong("forget-acts-on-hidden", "It scales the previous hidden state h, while the cell state passes on unchanged",
           "Puts the forget gate on h; torch multiplies it into c_{t-1}, and h is rebuilt from the new c."),
     wrong("gate-sets-learning-rate", "It lowers the layer's learning rate whenever the loss stops going down",
           "Confuses a gate with an optimiser schedule: learning rates live in the optimiser, not in the layer.")),
    ("In torch's equations f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf), so each entry lies in (0, 1).",
     "The new cell state starts from f_t * c_{t-1}: the old memory, shrunk entry by entry.",
     "The gate is recomputed at every step from the current input and the previous hidden state."),
    "Set f_t to all ones and i_t to zeros: c_t equals c_{t-1}, so the memory is carried over untouched.",
    "In c_t's formula, which term does f_t multiply?",
    ("Placing the forget gate on the hidden state instead of the memory it actually scales.",
     "Reading 'forget' as removing data or features for good, when the gate works per step and per entry."),
    docs="torch.nn.LSTM (equations)",
))

add("input-gate", Item(
    "gates", "easy",
    "Which statement describes the input gate i_t of an LSTM?",
    right("It scales the candidate g_t, element by element, before it joins the cell state",
          "c_t = f_t * c_{t-1} + i_t * g_t: the input gate decides how much of the new candidate enters memory."),
    (wrong("input-gate-scales-x", "It scales the raw input x_t before the weight matrix multiplies it",
           "Applies the gate to x_t; x_t enters the gate computations unscaled, and i_t multiplies g_t."),
     wrong("input-gate-erases", "It chooses which entries of the previous cell state to wipe out at this step, leaving the rest",
           "That is the forget gate's job: f_t multiplies c_{t-1}."),
     wrong("input-gate-length", "It decides how many time steps of the input sequence the layer reads",
           "Gates act within a step; the layer always reads every step it is given."),
     wrong("input-gate-only-sigmoid", "It is the one gate with a sigmoid; the other three blocks use tanh",
           "Three blocks (i, f, o) use a sigmoid; only the candidate g uses tanh.")),
    ("The candidate g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg) proposes new content.",
     "i_t, a sigmoid in (0, 1), scales that proposal entry by entry.",
     "The scaled candidate is added to the kept part of the old memory, f_t * c_{t-1}."),
    "With i_t all zeros, c_t = f_t * c_{t-1}: nothing new gets in, which is what an input gate controls.",
    "Which product in the cell-state update contains i_t?",
    ("Swapping the roles of the input and forget gates.",
     "Thinking the gate filters x_t itself rather than the candidate computed from it."),
    docs="torch.nn.LSTM (equations)",
))

add("output-gate", Item(
    "gates", "easy",
    "What does the output gate o_t control in an LSTM step?",
    right("How much of tanh of the new cell state shows up in the hidden state h_t",
          "h_t = o_t * tanh(c_t): the output gate filters what the memory exposes to the next step and the layer above."),
    (wrong("output-gate-is-classifier", "Which class the network predicts for the sequence at this step",
           "Class scores come from a layer placed after the LSTM, not from one of its gates."),
     wrong("output-gate-picks-return", "Whether the call returns output alone or output together with the final states",
           "The call always returns output and (h_n, c_n); no gate changes what is returned."),
     wrong("output-gate-writes-memory", "How much of the candidate values are written into the new cell state",
           "That is the input gate, which multiplies g_t inside the c_t update."),
     wrong("output-gate-sizes", "How many features each output step has, chosen freshly at every step",
           "Sizes are fixed by hidden_size and proj_size when the layer is built.")),
    ("o_t is a sigmoid of the current input and previous hidden state.",
     "The cell state c_t is squashed by tanh and multiplied by o_t to give h_t.",
     "So o_t decides what part of the memory becomes visible, without changing the memory itself."),
    "With o_t all zeros, h_t is all zeros while c_t still carries its memory: the gate hides, it does not erase.",
    "Which gate sits between c_t and h_t in the equations?",
    ("Expecting a gate to pick classes, sizes or return values, which are fixed outside the cell.",
     "Mixing up the gate that writes memory with the gate that reads it out."),
    docs="torch.nn.LSTM (equations)",
))

add("gate-activations", Item(
    "gates", "easy",
    "Which nonlinearities does an LSTM cell in torch use for its four blocks?",
    right("A sigmoid for the input, forget and output gates, and tanh for the candidate g_t",
          "Gates need factors in (0, 1); the candidate needs signed content in (-1, 1), hence tanh."),
    (wrong("all-sigmoid", "A sigmoid for all four blocks, so every value they give lies between 0 and 1",
           "Forgets that g_t uses tanh; with only sigmoids, the memory could only ever grow positive content."),
     wrong("all-tanh", "tanh for all four blocks, so the gates may flip the sign of what they scale",
           "Gates use a sigmoid: they scale between 0 and 1 and never flip signs."),
     wrong("lstm-has-nonlinearity-arg", "ReLU by default for every block, with nonlinearity='tanh' available to switch them over",
           "nn.RNN has a nonlinearity argument; nn.LSTM has none, and its gates are fixed."),
     wrong("gates-are-linear", "No nonlinearity at all: each gate is a plain weighted sum of x_t and h_{t-1}",
           "Without the sigmoid a gate would not stay in (0, 1) and could not act as a soft switch.")),
    ("The equations give i_t, f_t, o_t with sigma, the sigmoid.",
     "g_t, the proposed new content, uses tanh.",
     "A further tanh is applied to c_t before the output gate scales it."),
    "A gate is a soft switch, so its range must be (0, 1); content can be negative, so it needs a signed range.",
    "Which of the four values must be able to go negative?",
    ("Carrying nn.RNN's nonlinearity option over to nn.LSTM.",
     "Giving every block the same squashing function."),
    docs="torch.nn.LSTM (equations)",
))

add("gate-rows", Item(
    "gates", "medium",
    "A layer is built with `nn.LSTM(6, 5)`. Which statement about `weight_ih_l0` holds?",
    right("It has 4 * 5 = 20 rows, one block of hidden_size rows per gate computation",
          "i, f, g and o each need hidden_size outputs from x_t, and torch stacks the four blocks in one matrix.",
          "tuple(lstm.weight_ih_l0.shape) == (20, 6)"),
    (wrong("rows-per-time-step", "It has one row per time step of the input, so its height follows whatever sequence length the batch has",
           "Weights are shared over time; the matrix cannot depend on how long a sequence is.",
           "lstm.weight_ih_l0.shape[0] == x.shape[0]"),
     wrong("three-gates", "Three blocks of 5 rows, 15 in all, one for each of the three gates an LSTM cell has",
           "Counts the gates but forgets the candidate g, which needs its own block; 15 rows is a GRU's layout.",
           "lstm.weight_ih_l0.shape[0] == 15"),
     wrong("gates-share-rows", "It has 5 rows, as the four gates share one block and differ only by their biases",
           "Each gate has its own weights; sharing one block would make the gates equal up to a bias.",
           "lstm.weight_ih_l0.shape[0] == 5"),
     wrong("rows-from-input-size", "It has 4 * 6 = 24 rows: each gate block is as tall as the input is wide",
           "Swaps the roles of the sizes: a block's height is hidden_size, its width input_size.",
           "lstm.weight_ih_l0.shape[0] == 24")),
    ("Each gate computation maps the 6 input features to 5 values, so each block is 5 x 6.",
     "torch stacks the blocks for i, f, g and o, giving 20 rows.",
     "So weight_ih_l0 is (20, 6), whatever the sequence length."),
    "weight_hh_l0 has the same 20 rows: the four blocks again, now reading the 5 hidden features.",
    "How many separate computations does one LSTM step feed from x_t?",
    ("Counting three gates and forgetting the candidate block.",
     "Letting the number of time steps or the input width set the height of the matrix."),
    setup=run("nn.LSTM(6, 5)", "7, 2, 6"),
))

add("gate-order", Item(
    "gates", "medium",
    "`nn.LSTMCell` keeps the four gate blocks stacked in `weight_ih`. In which order does torch stack them?",
    right("Input gate, forget gate, cell candidate, output gate",
          "Splitting the pre-activations into four chunks in the order i, f, g, o reproduces torch's h1 and c1.",
          "order_fits('ifgo')"),
    (wrong("forget-first", "Forget gate, input gate, cell candidate, output gate",
           "Swaps the first two blocks; recomputing the step in that order does not give torch's result.",
           "order_fits('figo')"),
     wrong("candidate-last", "Input gate, forget gate, output gate, cell candidate",
           "Puts the candidate last, as some other libraries do; torch keeps it third.",
           "order_fits('ifog')"),
     wrong("candidate-first", "Cell candidate, input gate, forget gate, output gate",
           "Starts with the candidate; recomputing in that order misses torch's states.",
           "order_fits('gifo')"),
     wrong("forget-first-candidate-last", "Forget gate, input gate, output gate, cell candidate",
           "Swaps both pairs of blocks; recomputing the step in that order misses torch's states.",
           "order_fits('fiog')")),
    ("The pre-activation z = W_ih x + b_ih + W_hh h + b_hh has 4 * hidden_size entries per sample.",
     "Read in the order i, f, g, o, its chunks give c' = f * c + i * g and h' = o * tanh(c') equal to torch's output.",
     "Any other order gives different states, so the order matters when weights are loaded from elsewhere."),
    "The equations in torch's docs list i, f, g, o from top to bottom; the rows follow them.",
    "Which order do the equations of the LSTM docs list the gates in?",
    ("Assuming the layout of another library when copying weights into torch.",
     "Moving the candidate block to the front or the back."),
    setup=CELL_STEP, docs="torch.nn.LSTMCell",
))

add("cell-update", Item(
    "gates", "medium",
    "Which formula gives the new cell state `c'` that `nn.LSTMCell` returns?",
    right("c' = f * c + i * g: the old memory scaled by the forget gate plus the gated candidate",
          "Recomputed from the cell's weights, f * c + i * g equals the c1 torch returns.",
          "same(f * c + i * g, c1)"),
    (wrong("output-gate-writes", "c' = f * c + o * g: the output gate decides what new content is written",
           "Uses o where i belongs; the output gate only acts when h is read out of c.",
           "same(f * c + o * g, c1)"),
     wrong("gates-swapped", "c' = i * c + f * g: the input gate keeps the old memory and the forget gate lets new content in",
           "Swaps the two gates' roles; the forget gate multiplies the old c.",
           "same(i * c + f * g, c1)"),
     wrong("cell-squashed", "c' = tanh(f * c + i * g): the memory is squashed at every step to stay in range",
           "c is not squashed; only h uses tanh(c). That is why c can grow beyond 1.",
           "same(torch.tanh(f * c + i * g), c1)"),
     wrong("cell-overwritten", "c' = i * g: the memory is replaced by the new candidate at every step",
           "Drops the f * c term, the additive path that lets memory last.",
           "same(i * g, c1)")),
    ("The forget gate scales the old cell state: f * c.",
     "The input gate scales the candidate: i * g.",
     "Their sum is the new cell state; no squashing is applied to it."),
    "c' is not bounded by 1: a squashed memory could never exceed 1, yet torch's c1 can.",
    "Which gate multiplies the old memory, and is anything squashed afterwards?",
    ("Swapping which gate keeps memory and which writes it.",
     "Squashing or overwriting the memory instead of adding to it."),
    setup=CELL_STEP, docs="torch.nn.LSTMCell",
))

add("hidden-update", Item(
    "gates", "medium",
    "Which formula gives the new hidden state `h'` that `nn.LSTMCell` returns?",
    right("h' = o * tanh(c'), with c' the cell state just computed at this step",
          "Recomputed from the weights, o * tanh(c1) equals torch's h1.",
          "same(o * torch.tanh(c1), h1)"),
    (wrong("no-tanh-on-cell", "h' = o * c', the new cell state read out through the output gate unsquashed",
           "Leaves out the tanh; torch squashes c' before the gate scales it.",
           "same(o * c1, h1)"),
     wrong("uses-old-cell", "h' = o * tanh(c), using the cell state from before this step's update",
           "Reads the old memory; torch reads the memory after this step's update.",
           "same(o * torch.tanh(c), h1)"),
     wrong("forget-reads-out", "h' = f * tanh(c'), with the forget gate deciding what the hidden state shows",
           "Uses the forget gate where the output gate belongs.",
           "same(f * torch.tanh(c1), h1)"),
     wrong("hidden-equals-candidate", "h' = i * g, the gated candidate of this step, without the old memory",
           "Ignores the cell state altogether; h is read out of the whole memory.",
           "same(i * g, h1)")),
    ("First the cell state is updated: c' = f * c + i * g.",
     "Then it is squashed with tanh and scaled by the output gate.",
     "So every entry of h' lies strictly between -1 and 1."),
    "Check the range: h' never leaves (-1, 1), which needs the tanh; c' can.",
    "Which state is computed first in a step, and what squashes it?",
    ("Reading the hidden state from the memory as it was before the update.",
     "Forgetting the tanh between the memory and the output gate."),
    setup=CELL_STEP, docs="torch.nn.LSTMCell",
))

add("forget-range", Item(
    "gates", "easy",
    "A student recomputes the forget gate `f` of an `nn.LSTMCell` step from its weights. What can the values of `f` be?",
    right("Values strictly between 0 and 1: it can keep or shrink memory, never flip it",
          "f is a sigmoid: every entry is above 0 and below 1.",
          "bool(((f > 0) & (f < 1)).all())"),
    (wrong("gate-signed", "Some values are negative, as the gate may reverse the sign of a memory entry that hurts the prediction",
           "A sigmoid is never negative; a sign flip is beyond a gate.",
           "bool((f < 0).any())"),
     wrong("gate-binary", "Only exactly 0 or exactly 1: each memory entry is either kept whole or wiped",
           "The gate is soft: its values lie anywhere between 0 and 1.",
           "bool(((f == 0) | (f == 1)).all())"),
     wrong("gate-amplifies", "Some values exceed 1, as the gate can strengthen old memory it finds useful",
           "A sigmoid stays below 1, so the gate can only shrink or keep.",
           "bool((f > 1).any())")),
    ("f = sigmoid(pre-activation), and a sigmoid maps every real number into (0, 1).",
     "Multiplying c by such factors keeps signs and can only shrink magnitudes.",
     "New content, possibly negative, comes in through i * g instead."),
    "sigmoid(0) = 0.5 and sigmoid(±large) approaches 1 or 0 without reaching them.",
    "What is the range of the function that produces the gate?",
    ("Treating a soft gate as a hard on/off switch.",
     "Letting a gate amplify or negate memory, which only the candidate can change."),
    setup=CELL_STEP, docs="torch.nn.LSTMCell",
))

add("no-bias", Item(
    "gates", "medium",
    "A layer is built with `nn.LSTM(3, 4, bias=False)`. Which statement about its parameters holds?",
    right("Only weight_ih_l0 and weight_hh_l0 remain: the layer has no bias vector at all",
          "bias=False drops both bias vectors, bias_ih_l0 and bias_hh_l0.",
          "names == ['weight_ih_l0', 'weight_hh_l0']"),
    (wrong("keeps-input-bias", "bias_ih_l0 stays and only bias_hh_l0 is dropped, leaving one bias per gate row",
           "Both biases go; bias_ih_l0 is not among the parameters.",
           "'bias_ih_l0' in names"),
     wrong("bias-frozen", "Both biases stay in the layer, fixed at zero and left out of training",
           "They are not kept as frozen tensors: they are not parameters at all.",
           "any(name.startswith('bias') for name in names)"),
     wrong("bias-forget-only", "Only the forget gate's biases are removed; the other gates keep theirs",
           "The flag is all or nothing: no gate keeps a bias.",
           "sum(p.numel() for p in lstm.parameters()) == 4 * 4 * (3 + 4) + 2 * 3 * 4"),
     wrong("bias-drops-recurrence", "weight_hh_l0 is removed too, as bias=False turns the recurrence off",
           "bias only concerns the bias vectors; the recurrent weights stay.",
           "'weight_hh_l0' not in names")),
    ("Without bias, each gate is sigma(W_i x + W_h h) with no constant term.",
     "torch registers only the two weight matrices, (16, 3) and (16, 4).",
     "The layer then has 16 * 7 = 112 parameters."),
    "Count: 112 parameters without biases against 144 with them; the difference is 2 * 16.",
    "Which parameter names does the bias flag remove?",
    ("Thinking bias=False keeps frozen zero biases or removes only some of them.",
     "Expecting the flag to touch the weight matrices as well."),
    setup=names("nn.LSTM(3, 4, bias=False)"),
))

# --- states ---------------------------------------------------------------------------------

add("cell-state", Item(
    "states", "easy",
    "What role does the cell state `c` play in an LSTM?",
    right("It carries memory from step to step, kept or added to by the gates",
          "c_t = f_t * c_{t-1} + i_t * g_t: memory is kept or added to, which lets information last many steps."),
    (wrong("cell-is-prediction", "It stores the class the model currently predicts for the sequence",
           "Predictions come from a layer after the LSTM; c is internal memory."),
     wrong("cell-is-input", "It holds a copy of the current step's raw input, ready for the gates",
           "x_t is separate; c mixes in only a gated summary of the input."),
     wrong("cell-reset-each-step", "It is reset to zero at each time step, so it only sees one step",
           "c is carried from step to step; only a new call starts again from c_0."),
     wrong("cell-is-weight", "It is a learned weight matrix that the optimiser updates after each batch, shared by every sequence",
           "c is an activation that changes within a sequence, not a parameter.")),
    ("Each step starts from the previous cell state.",
     "The forget gate shrinks parts of it and the input gate adds gated new content.",
     "The hidden state is then read out of it through tanh and the output gate."),
    "Gradients flowing back through c meet only the forget gate's factors, which is why memory lasts.",
    "Which state is updated by adding, rather than recomputed from scratch?",
    ("Confusing the memory with the input, the prediction or the weights.",
     "Believing the memory starts over at every step."),
))

add("returns", Item(
    "states", "easy",
    "What does calling `lstm(x)` on a batch give back?",
    right("A pair: output, then the tuple (h_n, c_n)",
          "The call returns (output, (h_n, c_n)), which is why code unpacks it as output, (h_n, c_n).",
          "isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], tuple) and len(result[1]) == 2"),
    (wrong("three-tensors", "Three separate tensors, output, h_n and c_n, side by side in one flat tuple",
           "The states come nested in their own tuple; the outer tuple has two entries.",
           "len(result) == 3"),
     wrong("only-final-state", "Only the final hidden state, one vector per sequence",
           "Forgets output, which holds the top layer's h at every step.",
           "isinstance(result, torch.Tensor)"),
     wrong("cell-state-hidden", "output and h_n, while c_n stays inside the module",
           "c_n is returned too, next to h_n in the inner tuple.",
           "len(result) == 2 and isinstance(result[1], torch.Tensor)")),
    ("output holds the top layer's hidden state at each step.",
     "h_n and c_n hold the final hidden and cell states of every layer and direction.",
     "They come back as (output, (h_n, c_n))."),
    "Unpacking as output, (h_n, c_n) = lstm(x) works; three names in a flat row would fail.",
    "How does code usually unpack the call?",
    ("Expecting a flat triple, or no cell state at all.",
     "Forgetting the per-step output."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3", "result = lstm(x)\n"),
))

add("zero-start", Item(
    "states", "easy",
    "`lstm(x)` is called without `(h_0, c_0)`. What does the layer start from?",
    right("Zero hidden and cell states, exactly as if zeros had been passed",
          "With hx left out torch uses zeros; passing zero tensors gives the same output.",
          "torch.equal(output, lstm(x, (torch.zeros(1, 2, 4), torch.zeros(1, 2, 4)))[0])"),
    (wrong("random-start", "States drawn at random at each call, so repeated calls differ",
           "torch draws nothing: two calls on the same x agree.",
           "not torch.equal(lstm(x)[0], lstm(x)[0])"),
     wrong("carries-over", "The final states of its previous call, which it keeps between calls",
           "nn.LSTM stores no states; each call without hx starts from zeros.",
           "torch.equal(lstm(x)[0], lstm(x, (h_n, c_n))[0])"),
     wrong("states-required", "Nothing: a call without both initial states is refused",
           "The states are optional: the call runs.",
           "raises(lambda: lstm(x)) is not None"),
     wrong("learned-start", "Learned initial states, stored among the layer's parameters",
           "nn.LSTM has no such parameters: only weights and biases.",
           "len(list(lstm.parameters())) > 4")),
    ("When hx is None, torch builds zero tensors for h_0 and c_0.",
     "So every call without states starts fresh.",
     "To carry state from one call to the next, pass (h_n, c_n) back in yourself."),
    "Calling twice on the same batch gives identical outputs: nothing random, nothing remembered.",
    "Does an nn.LSTM object hold any state between calls?",
    ("Assuming the layer remembers the previous call.",
     "Assuming random or learned starting states."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3"),
))

add("same-call-twice", Item(
    "states", "easy",
    "The same `nn.LSTM` is called twice on the same batch, with no states passed. What happens?",
    right("Both calls return identical outputs, as each starts again from zero states",
          "The layer keeps nothing between calls and draws nothing at random, so the results match.",
          "torch.equal(first, second)"),
    (wrong("stateful-calls", "The second call continues where the first stopped, so its outputs differ",
           "nn.LSTM is not stateful; state is carried only if you pass it.",
           "not torch.equal(first, second)"),
     wrong("states-must-reset", "The second call is refused until the states left by the first are cleared",
           "There is nothing to clear: the call simply runs.",
           "raises(lambda: lstm(x)) is not None"),
     wrong("cached-result", "The second call hands back the very same tensor object, cached from the first",
           "torch computes afresh and returns a new tensor, equal in value.",
           "first is second")),
    ("Without hx, both calls use zero initial states.",
     "The weights are unchanged between the calls (no training step ran).",
     "Same input, same weights, same start: same output, computed twice."),
    "Pass the first call's (h_n, c_n) into the second: only then do the outputs differ.",
    "Where would a state from the first call be kept?",
    ("Treating the module as a stateful stream reader.",
     "Expecting caching or a reset step."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3", "first = lstm(x)[0]\nsecond = lstm(x)[0]\n"),
))

add("last-step", Item(
    "states", "medium",
    "For `nn.LSTM(3, 4)` (one layer, one direction), how does `h_n` relate to `output`?",
    right("h_n[0] equals output[-1], the hidden state after the last step",
          "With one layer and one direction, output's last step is the final hidden state.",
          "torch.equal(h_n[0], output[-1])"),
    (wrong("first-step", "h_n[0] equals output[0], the hidden state after the first step",
           "The final state is reached at the last step, not the first.",
           "torch.equal(h_n[0], output[0])"),
     wrong("cell-in-output", "c_n[0] equals output[-1], as output carries the cell state",
           "output carries h; c differs from h by the tanh and the output gate.",
           "torch.equal(c_n[0], output[-1])"),
     wrong("mean-over-steps", "h_n[0] equals output.mean(0), the average state over the steps",
           "h_n is one state, the last, not an average.",
           "torch.allclose(h_n[0], output.mean(0))"),
     wrong("cell-first-step", "c_n[0] equals output[0], the cell state after the first step",
           "Two slips at once: output carries h, not c, and the final state is at the last step.",
           "torch.equal(c_n[0], output[0])")),
    ("output stacks the hidden state of every step: (5, 2, 4) here.",
     "h_n keeps the last hidden state of each layer and direction: (1, 2, 4).",
     "With one of each, h_n[0] and output[-1] are the same numbers."),
    "Slice output at step 4 (the last of 5) and compare with h_n[0]: equal entry by entry.",
    "Which step of output is the last one the layer computed?",
    ("Taking the first step or an average for the final state.",
     "Expecting the cell state in output."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3"),
))

add("state-ranges", Item(
    "states", "medium",
    "`nn.LSTM(3, 4)`, its forget-gate bias set to 3, runs on a long random batch. Which statement about the values in `h_n` and `c_n` holds?",
    right("Every entry of h_n lies strictly between -1 and 1, while c_n is not bound to that range",
          "h = o * tanh(c), a product of a value in (0, 1) and one in (-1, 1); c is a sum that can grow.",
          "bool(h_n.abs().max() < 1) and bool(c_n.abs().max() > 1)"),
    (wrong("cell-is-probability", "Every entry of c_n lies between 0 and 1, as the cell state is a product of sigmoid gate values",
           "c mixes in tanh candidates, which can be negative, and it can grow past 1.",
           "bool(((c_n >= 0) & (c_n <= 1)).all())"),
     wrong("hidden-non-negative", "Every entry of h_n is at least 0, because the output gate is a sigmoid",
           "The gate is positive but tanh(c) can be negative, so h can be too.",
           "bool((h_n >= 0).all())"),
     wrong("states-equal", "h_n and c_n hold the same numbers: the two names refer to one state",
           "They are two different states; h is read out of c.",
           "torch.equal(h_n, c_n)")),
    ("h_n = o * tanh(c_n): both factors have magnitude below 1.",
     "c_n = f * c + i * g accumulates over steps and has no such bound.",
     "With large inputs some cell entries pass 1 while all hidden entries stay inside (-1, 1)."),
    "Compare h_n.abs().max() with c_n.abs().max() for a long, large input: only the second can exceed 1.",
    "Which of the two states goes through a tanh last?",
    ("Reading the cell state as a probability.",
     "Forgetting that tanh(c) carries a sign into h."),
    # A forget bias of 3 keeps most memory from step to step, so c visibly accumulates.
    setup=build("lstm = nn.LSTM(3, 4)\nwith torch.no_grad():\n    lstm.bias_ih_l0[4:8] = 3.0\n"
                "x = 4 * torch.randn(30, 8, 3)\noutput, (h_n, c_n) = lstm(x)\n"),
))

add("state-widths", Item(
    "states", "easy",
    "A two-layer `nn.LSTM(3, 4, num_layers=2)` without projection runs on a batch of 7 steps. How do `h_n` and `c_n` compare?",
    right("They have exactly the same shape, one final state per layer for each sequence",
          "Without proj_size both states have hidden_size features and one slice per layer.",
          "h_n.shape == c_n.shape"),
    (wrong("cell-twice-as-wide", "c_n is twice as wide as h_n, since it holds memory and candidate side by side",
           "c is one vector of hidden_size entries per layer, like h.",
           "c_n.shape[-1] == 2 * h_n.shape[-1]"),
     wrong("cell-top-only", "c_n has no layer axis, because only the top layer's memory is returned",
           "c_n keeps every layer's final cell state, like h_n.",
           "c_n.dim() == 2"),
     wrong("cell-per-step", "c_n has one entry per time step, like output, while h_n has one per layer",
           "Both final states have one slice per layer; only output runs over time.",
           "c_n.shape[0] == x.shape[0]")),
    ("h_n is (2, 2, 4): two layers, a batch of two, four features.",
     "c_n has the same layers, batch and features.",
     "Only a projection (proj_size > 0) makes h narrower than c."),
    "Without projection, h_n and c_n can be swapped as initial states of the same layer without a shape error.",
    "What would make the two states differ in width?",
    ("Imagining the cell state as wider, or as a per-step sequence.",
     "Dropping the lower layers' memory from c_n."),
    setup=run("nn.LSTM(3, 4, num_layers=2)", "7, 2, 3"),
))

add("initial-shape", Item(
    "states", "medium",
    "`lstm = nn.LSTM(3, 4, num_layers=2)` runs on `x` of shape (5, 2, 3) with explicit initial states. Which shape must `h_0` and `c_0` have?",
    right("(2, 2, 4), the same layout as the h_n the call returns",
          "Initial states are laid out like h_n: (num_layers * directions, batch, hidden).",
          "raises(lambda: lstm(x, (torch.zeros(2, 2, 4), torch.zeros(2, 2, 4)))) is None"),
    (wrong("state-without-layers", "(2, 4): one row per sequence of the batch, the same start shared by both layers",
           "A batched input needs 3-D states with a layer axis; a 2-D state is refused here.",
           "raises(lambda: lstm(x, (torch.zeros(2, 4), torch.zeros(2, 4)))) is None"),
     wrong("state-per-step", "(5, 2, 4): one starting state for every time step of the input",
           "There is one starting state per layer, not per step.",
           "raises(lambda: lstm(x, (torch.zeros(5, 2, 4), torch.zeros(5, 2, 4)))) is None"),
     wrong("state-input-width", "(2, 2, 3): the states are as wide as each input step",
           "States have hidden_size features, not input_size.",
           "raises(lambda: lstm(x, (torch.zeros(2, 2, 3), torch.zeros(2, 2, 3)))) is None")),
    ("h_0 and c_0 mirror h_n and c_n: one slice per layer and direction.",
     "Here 2 layers * 1 direction = 2 slices, each (batch, hidden) = (2, 4).",
     "batch_first would not change this layout either."),
    "Run the layer once without states and read h_n.shape: the initial states must match it.",
    "Which returned tensor has the layout the initial states need?",
    ("Leaving out the layer axis.",
     "Giving the states the input's width or one slice per step."),
    setup=run("nn.LSTM(3, 4, num_layers=2)", "5, 2, 3"),
))

add("unbatched-states", Item(
    "states", "medium",
    "`nn.LSTM(3, 4, num_layers=2)` is called on a single sequence `x` of shape (5, 3), with no batch axis. What is `h_n`'s shape?",
    right("(2, 4): one final state per layer, no batch axis",
          "For unbatched input torch drops the batch axis from the states as well.",
          "tuple(h_n.shape) == (2, 4)"),
    (wrong("adds-batch-axis", "(2, 1, 4): torch adds a batch axis of one to the states",
           "The batch axis is left out, not set to one.",
           "tuple(h_n.shape) == (2, 1, 4)"),
     wrong("state-per-step", "(5, 4): one final state for each of the five steps of the sequence",
           "Final states come one per layer; per-step states are in output.",
           "tuple(h_n.shape) == (5, 4)"),
     wrong("top-layer-vector", "(4,): only the top layer's final state, as a plain vector",
           "h_n keeps both layers.",
           "tuple(h_n.shape) == (4,)")),
    ("A 2-D input is read as (steps, features): 5 steps of 3 features.",
     "The states then have shape (layers * directions, hidden) = (2, 4).",
     "output is (5, 4), also without a batch axis."),
    "Batch the same sequence with x.unsqueeze(1): h_n gains a middle axis of one, and squeezing it gives the unbatched h_n.",
    "What changes in the states when the input loses its batch axis?",
    ("Expecting torch to insert a batch axis of one.",
     "Mixing final states with per-step states."),
    setup=run("nn.LSTM(3, 4, num_layers=2)", "5, 3"),
))

add("batch-independent", Item(
    "states", "medium",
    "One sequence of a batch is changed and `nn.LSTM(3, 4)` is run again. What happens to the other sequences' outputs?",
    right("They stay the same: each sequence of a batch has its own states",
          "Batch entries are computed side by side with separate states, so changing one touches no other.",
          "torch.allclose(changed_output[:, 0], output[:, 0])"),
    (wrong("shared-batch-state", "They change too, as the sequences of a batch share one hidden state",
           "States are per sequence; the batch axis is never mixed.",
           "not torch.allclose(changed_output[:, 0], output[:, 0])"),
     wrong("batch-is-one-sequence", "The batch is read as one long sequence, so sequence 2 starts from where 1 ended",
           "Sequence 2 starts from zeros, not from sequence 1's final state.",
           "torch.allclose(output[:, 1], lstm(x[:, 1:2], (h_n[:, :1], c_n[:, :1]))[0][:, 0])"),
     wrong("batch-averaged", "Each output step is averaged over the batch, so every sequence gets the same output",
           "No averaging over the batch: sequences get different outputs.",
           "torch.allclose(output[:, 0], output[:, 1])")),
    ("The input is (5, 2, 3): two sequences of five steps.",
     "Each sequence gets its own zero start and its own states.",
     "So changing sequence 2 leaves sequence 1's output untouched."),
    "Run sequence 1 alone as (5, 1, 3): its output matches its column in the batched run.",
    "Which axis do the LSTM equations never mix?",
    ("Believing a batch shares one state or forms one long sequence.",
     "Expecting the batch to be averaged."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3",
              "changed = x.clone()\nchanged[:, 1] += 1.0\nchanged_output = lstm(changed)[0]\n"),
))

# --- shapes ---------------------------------------------------------------------------------

add("input-size", Item(
    "shapes", "easy",
    "A batch `x` of shape (7, 2, 5) goes into an `nn.LSTM` with the default layout. What must `input_size` be?",
    right("5, the size of the last axis: the number of features in each step",
          "input_size is the width of one step's feature vector; torch runs nn.LSTM(5, 4) on this x.",
          "raises(lambda: nn.LSTM(5, 4)(x)) is None"),
    (wrong("size-is-length", "7, the size of the first axis: the number of steps in a sequence",
           "The layer never needs the length; nn.LSTM(7, 4) refuses this x.",
           "raises(lambda: nn.LSTM(7, 4)(x)) is None"),
     wrong("size-is-batch", "2, the size of the middle axis: the number of sequences in the batch",
           "The batch size comes with each call; nn.LSTM(2, 4) refuses this x.",
           "raises(lambda: nn.LSTM(2, 4)(x)) is None"),
     wrong("size-is-flat", "35 = 7 * 5, the number of values that one whole sequence holds",
           "The layer reads one step at a time; nn.LSTM(35, 4) refuses this x.",
           "raises(lambda: nn.LSTM(35, 4)(x)) is None")),
    ("The default layout is (steps, batch, features): 7 steps, 2 sequences, 5 features.",
     "The input weights multiply one step's feature vector, so they need its width.",
     "So input_size = 5; the 7 and the 2 may change from call to call."),
    "weight_ih_l0 of the layer has input_size columns; it must multiply a vector of 5 features.",
    "Which axis does a weight matrix multiply at each step?",
    ("Giving the layer the sequence length or the batch size.",
     "Flattening a whole sequence into one vector."),
    setup=build("x = torch.randn(7, 2, 5)\n"),
))

add("hidden-size", Item(
    "shapes", "easy",
    "For `nn.LSTM(5, 8)` run on a batch, how many features does each step of `output` have?",
    right("8, the hidden_size, as output carries h",
          "Without projection or a second direction, output's last axis is hidden_size.",
          "output.shape[-1] == 8"),
    (wrong("output-is-input-width", "5, the input_size: output keeps the width of the input",
           "The LSTM maps 5 features to its own hidden width.",
           "output.shape[-1] == 5"),
     wrong("output-per-gate-row", "32 = 4 * 8, one feature for every row of the stacked gate weights",
           "The four gate blocks combine into one hidden state of 8.",
           "output.shape[-1] == 32"),
     wrong("output-concat", "13 = 5 + 8, the input and the hidden state side by side",
           "output holds only h, not the input next to it.",
           "output.shape[-1] == 13")),
    ("hidden_size = 8 is the width of h and c.",
     "output holds h at every step.",
     "So each step of output has 8 features."),
    "h_n has the same last axis as output here: read h_n.shape[-1] and it is 8.",
    "Which state is stacked over time in output?",
    ("Expecting output to keep the input's width.",
     "Counting gate rows or concatenating input and state."),
    setup=run("nn.LSTM(5, 8)", "6, 3, 5"),
))

add("batch-first", Item(
    "shapes", "easy",
    "`lstm = nn.LSTM(3, 4, batch_first=True)` runs on `x` of shape (2, 6, 3). Which shapes come out?",
    right("output is (2, 6, 4) and h_n is (1, 2, 4): the flag does not reorder the states",
          "batch_first applies to input and output only; h_n and c_n keep (layers, batch, features).",
          "tuple(output.shape) == (2, 6, 4) and tuple(h_n.shape) == (1, 2, 4)"),
    (wrong("states-batch-first", "output is (2, 6, 4) and h_n is (2, 1, 4), as the flag puts every tensor batch first",
           "The states keep the layer axis first whatever batch_first says.",
           "tuple(h_n.shape) == (2, 1, 4)"),
     wrong("flag-input-only", "output is (6, 2, 4) and h_n is (1, 2, 4): the flag only changes how x is read",
           "The flag applies to output too, which comes back batch first.",
           "tuple(output.shape) == (6, 2, 4)"),
     wrong("state-per-step", "output is (2, 6, 4) and h_n is (2, 6, 4): a final state for every step",
           "h_n holds one final state per layer and direction.",
           "tuple(h_n.shape) == (2, 6, 4)"),
     wrong("flag-on-states-only", "output is (6, 2, 4) and h_n is (2, 1, 4): the flag moves the states, not output",
           "The other way round: output follows the flag and the states never do.",
           "tuple(output.shape) == (6, 2, 4) and tuple(h_n.shape) == (2, 1, 4)")),
    ("With batch_first=True, x is read as (batch, steps, features) = (2, 6, 3).",
     "output comes back in the same layout: (2, 6, 4).",
     "h_n and c_n stay (layers * directions, batch, hidden) = (1, 2, 4)."),
    "Build the same layer without the flag and feed x.transpose(0, 1): h_n is (1, 2, 4) both ways.",
    "Which tensors does batch_first mention, and which does it leave alone?",
    ("Applying batch_first to the states.",
     "Applying it to the input but not to the output."),
    setup=run("nn.LSTM(3, 4, batch_first=True)", "2, 6, 3"),
))

add("any-length", Item(
    "shapes", "easy",
    "The same `nn.LSTM(4, 5)` is called on a batch of 3 steps and then on a batch of 9 steps. What happens?",
    right("Both calls run; output has 3 steps for the first and 9 for the second",
          "The weights are shared over time, so any number of steps works.",
          "lstm(torch.randn(3, 2, 4))[0].shape[0] == 3 and lstm(torch.randn(9, 2, 4))[0].shape[0] == 9"),
    (wrong("length-fixed-by-first-call", "The first call fixes the length, so the 9-step batch is refused",
           "Nothing is fixed by a call; the 9-step batch runs.",
           "raises(lambda: lstm(torch.randn(9, 2, 4))) is not None"),
     wrong("returns-last-step", "Each call runs, but output has a single step: the layer returns the last one",
           "output has one entry per input step; the last step alone is h_n.",
           "lstm(torch.randn(9, 2, 4))[0].shape[0] == 1"),
     wrong("length-positional", "Neither runs unless the length is given: the third argument, as in nn.LSTM(4, 5, 9)",
           "The third positional argument is num_layers, not a length.",
           "nn.LSTM(4, 5, 9).num_layers == 1")),
    ("nn.LSTM's constructor takes sizes of vectors and flags, no length.",
     "The length is the first axis of each input (default layout).",
     "The same weights are applied at each step, however many there are."),
    "nn.LSTM(4, 5, 9) builds a 9-layer stack: the third argument was never a length.",
    "Are there different weights for each time step?",
    ("Thinking a layer is built for one sequence length.",
     "Reading nn.LSTM's third argument as a length."),
    setup=build("lstm = nn.LSTM(4, 5)\n"),
))

add("steps-versus-layers", Item(
    "shapes", "medium",
    "`nn.LSTM(3, 4, num_layers=3)` runs on `x` of shape (5, 2, 3). What do the first axes of `output` and `h_n` count?",
    right("output has 5 (steps); h_n has 3 (layers)",
          "output runs over time (top layer only); h_n runs over layers (last step only).",
          "output.shape[0] == 5 and h_n.shape[0] == 3"),
    (wrong("both-per-step", "Both have 5 entries there, one per step of the sequence, as both run over time",
           "h_n keeps one final state per layer, not per step.",
           "h_n.shape[0] == 5"),
     wrong("both-per-layer", "Both have 3 entries there, one per layer of the stack",
           "output keeps only the top layer, but every step of it.",
           "output.shape[0] == 3"),
     wrong("output-steps-times-layers", "output has 15 entries there, steps times layers; h_n has 3",
           "The lower layers' outputs are not returned.",
           "output.shape[0] == 15")),
    ("output is (steps, batch, features) = (5, 2, 4): the top layer at every step.",
     "h_n is (layers, batch, features) = (3, 2, 4): every layer at the last step.",
     "The two tensors are two slices of a steps-by-layers grid of states."),
    "Picture a grid of steps by layers: output is its top row, h_n its last column.",
    "Which slice of the steps-by-layers grid does each tensor keep?",
    ("Giving both tensors the same axis.",
     "Expecting the lower layers in output."),
    setup=run("nn.LSTM(3, 4, num_layers=3)", "5, 2, 3"),
))

add("unbatched-output", Item(
    "shapes", "easy",
    "`nn.LSTM(3, 4)` is called on `x` of shape (5, 3), a single sequence without a batch axis. What is `output`'s shape?",
    right("(5, 4): five steps of four features, still without a batch axis",
          "torch accepts unbatched input and keeps the result unbatched.",
          "tuple(output.shape) == (5, 4)"),
    (wrong("inserts-batch", "(5, 1, 4): torch inserts a batch axis of one in the middle",
           "No batch axis is added to the result.",
           "tuple(output.shape) == (5, 1, 4)"),
     wrong("reads-batch-first", "(1, 5, 4): the sequence is treated as a batch of one, batch first",
           "The default layout is sequence first, and no axis is added.",
           "tuple(output.shape) == (1, 5, 4)"),
     wrong("rows-are-sequences", "(4,): each of the 5 rows is a separate sequence, and only one state is kept",
           "The 5 rows are 5 steps of one sequence; output keeps every step.",
           "tuple(output.shape) == (4,)")),
    ("A 2-D input is read as (steps, features).",
     "Each step's 3 features become 4 hidden features.",
     "So output is (5, 4), and h_n is (1, 4)."),
    "Add a batch axis with x.unsqueeze(1) and squeeze axis 1 of the result: it equals the unbatched call's output.",
    "What does torch read the two axes of a 2-D input as?",
    ("Expecting torch to add a batch axis.",
     "Reading the rows as separate sequences."),
    setup=run("nn.LSTM(3, 4)", "5, 3"),
))

add("mismatch-when", Item(
    "shapes", "medium",
    "`lstm = nn.LSTM(4, 6)` is built and then called on `x` with 5 features per step. When does torch object?",
    right("Only at the call: building succeeds, the forward pass refuses x",
          "The constructor never sees data; the check against input_size happens in forward.",
          "raises(lambda: nn.LSTM(4, 6)) is None and raises(lambda: lstm(x)) is not None"),
    (wrong("checks-at-construction", "Already at construction, since the layer checks the data it will be used on",
           "The constructor knows nothing about x.",
           "raises(lambda: nn.LSTM(4, 6)) is not None"),
     wrong("truncates-features", "Never: torch quietly uses the first 4 features of every step and ignores the fifth one",
           "torch does not trim features; the call is refused.",
           "raises(lambda: lstm(x)) is None"),
     wrong("grows-weights", "Never: the first call widens the input weights to 5 columns",
           "Weights are never resized by a call.",
           "raises(lambda: lstm(x)) is None and lstm.weight_ih_l0.shape[1] == 5")),
    ("nn.LSTM(4, 6) makes weight_ih_l0 of shape (24, 4).",
     "A step with 5 features cannot be multiplied by it.",
     "torch checks this when forward runs, and refuses the input."),
    "A correct x of shape (7, 2, 4) runs through the same layer: the layer itself was fine.",
    "Which step first sees both the layer and the data?",
    ("Expecting construction to know about later data.",
     "Expecting torch to trim or grow to fit."),
    setup=build("lstm = nn.LSTM(4, 6)\nx = torch.randn(7, 2, 5)\n"),
))

add("weight-hh", Item(
    "shapes", "medium",
    "For `nn.LSTM(7, 3)`, what is the shape of `weight_hh_l0`?",
    right("(12, 3), since the recurrent weights read h, which has 3 entries",
          "The recurrent weights map h_{t-1} (3 features) to the four gate blocks (4 * 3 rows).",
          "tuple(lstm.weight_hh_l0.shape) == (12, 3)"),
    (wrong("recurrent-reads-input", "(12, 7): four gate blocks of 3 rows, each reading the 7 input features",
           "Those are weight_ih_l0's columns; weight_hh_l0 reads h, of width 3.",
           "tuple(lstm.weight_hh_l0.shape) == (12, 7)"),
     wrong("recurrent-square", "(3, 3): one square matrix from the hidden state to itself",
           "Forgets the four gate blocks; that is a plain RNN's shape.",
           "tuple(lstm.weight_hh_l0.shape) == (3, 3)"),
     wrong("recurrent-transposed", "(3, 12): the hidden features as rows, the four gate blocks as columns",
           "torch stores (out, in): 12 rows, 3 columns.",
           "tuple(lstm.weight_hh_l0.shape) == (3, 12)")),
    ("Each of i, f, g, o maps the 3 hidden features to 3 values.",
     "Stacked, that is 12 rows of 3 columns.",
     "input_size = 7 only sets weight_ih_l0's width."),
    "weight_hh_l0 @ h must give 12 values from 3: a (12, 3) matrix does that.",
    "What does the recurrent matrix multiply, and how many values must it produce?",
    ("Mixing up the input and recurrent matrices.",
     "Forgetting the four gate blocks or transposing the layout."),
    setup=build("lstm = nn.LSTM(7, 3)\n"),
))

add("default-layout", Item(
    "shapes", "easy",
    "`nn.LSTM(3, 2)` (default layout) runs on `x` of shape (4, 9, 3). How does torch read `x`?",
    right("As 4 steps of a batch of 9 sequences, so h_n is (1, 9, 2)",
          "Without batch_first the first axis is time and the second the batch.",
          "tuple(h_n.shape) == (1, 9, 2) and tuple(output.shape) == (4, 9, 2)"),
    (wrong("assumes-batch-first", "As a batch of 4 sequences of 9 steps, so h_n is (1, 4, 2)",
           "That is the batch_first layout, which is not the default.",
           "tuple(h_n.shape) == (1, 4, 2)"),
     wrong("output-batch-first", "As 4 steps of a batch of 9, but output comes back batch first as (9, 4, 2)",
           "output keeps the layout of the input.",
           "tuple(output.shape) == (9, 4, 2)"),
     wrong("output-keeps-features", "As 4 steps of a batch of 9, and output keeps 3 features: (4, 9, 3)",
           "output has hidden_size features, 2 here.",
           "tuple(output.shape) == (4, 9, 3)"),
     wrong("batch-first-and-input-width", "As a batch of 4 sequences of 9 steps, and output keeps 3 features: (4, 9, 3)",
           "Two slips: the default reads time first, and output has hidden_size features.",
           "tuple(h_n.shape) == (1, 4, 2) and tuple(output.shape) == (4, 9, 3)")),
    ("The default is batch_first=False: (steps, batch, features).",
     "So 4 steps, 9 sequences, 3 features.",
     "h_n is (layers, batch, hidden) = (1, 9, 2)."),
    "h_n's middle axis is always the batch; here torch reports 9.",
    "Which axis comes first when batch_first is left at its default?",
    ("Assuming batch-first input by default.",
     "Expecting output to change layout or keep the input's width."),
    setup=run("nn.LSTM(3, 2)", "4, 9, 3"),
))

add("purpose", Item(
    "shapes", "easy",
    "What kind of data is `nn.LSTM` made for?",
    right("Ordered steps such as words or sensor readings, read in order with a carried state",
          "An LSTM is recurrent: its states pass information from earlier steps to later ones."),
    (wrong("confuses-convolution", "Grids of pixels, scanned with small sliding filters to find local patterns",
           "That describes convolutional layers such as nn.Conv2d."),
     wrong("confuses-embedding", "Token ids, each turned into a dense vector by a lookup in a table",
           "That is nn.Embedding, which often comes before an LSTM."),
     wrong("confuses-pca", "Wide tables of features, compressed to a few directions that keep most of their variance",
           "That is a dimensionality reduction such as PCA, not a recurrent layer."),
     wrong("order-free", "Unordered sets of values, whose order the layer ignores by design",
           "An LSTM depends on order: it reads steps in sequence.")),
    ("A recurrent layer processes one time step after another.",
     "At each step an LSTM updates a hidden state and a cell state.",
     "So later steps can use what earlier steps saw: text, audio, sensor streams."),
    "Shuffle the steps of a sequence and the LSTM's output changes: order matters to it.",
    "What changes from one time step to the next inside the layer?",
    ("Mixing up recurrent layers with convolution, embedding lookups or PCA.",
     "Thinking the layer ignores order."),
))

# --- training -------------------------------------------------------------------------------

add("vanishing", Item(
    "training", "easy",
    "Why is an LSTM often chosen over a plain `nn.RNN` for long sequences?",
    right("Its gated, mostly additive cell-state updates let gradients survive many steps",
          "The cell-state path avoids repeated squashing through the same matrix, easing vanishing gradients."),
    (wrong("fewer-parameters", "It has fewer parameters than a plain RNN of the same size, so it overfits long data less",
           "It has four times the weights of an RNN of the same size."),
     wrong("order-free", "It ignores the order of the steps, so long-range positions do not matter",
           "An LSTM depends on order like any recurrent layer."),
     wrong("parallel-in-time", "It processes all the time steps in parallel, like a Transformer does",
           "Step t still needs step t-1: it is recurrent."),
     wrong("no-training-needed", "It needs no training for memory, as its gates start already tuned",
           "Its gates are learned like any weights.")),
    ("A plain RNN multiplies its state by the same matrix and squashes it at every step.",
     "Over many steps the gradient shrinks towards zero or blows up.",
     "An LSTM carries memory forward by gated addition, a path gradients cross more easily."),
    "On the c path the gradient from c_t to c_{t-1} is just f_t, with no weight matrix in between.",
    "What happens to a gradient multiplied by the same small factor many times?",
    ("Thinking an LSTM is smaller, order-free or parallel in time.",
     "Believing its gates come ready-made."),
))

add("dropout-one-layer", Item(
    "training", "easy",
    "What does `nn.LSTM(3, 4, dropout=0.5)` (a single layer) do?",
    right("It builds, and torch warns that dropout has nothing to act on with one layer",
          "Dropout sits between stacked layers; with one layer torch accepts it and warns.",
          "error is None and len(caught) > 0"),
    (wrong("dropout-refused", "It is refused: a single layer cannot take a dropout probability",
           "torch builds the layer; it only warns.",
           "error is not None"),
     wrong("dropout-on-output", "It builds, and in training mode it zeroes random entries of output at every call",
           "Dropout never acts on the top layer's output; no entry of output is zeroed.",
           "error is None and bool((lstm.train()(torch.randn(6, 2, 3))[0] == 0).any())"),
     wrong("adds-a-layer", "It builds with num_layers raised to 2, so the dropout has a gap to act in",
           "torch never changes num_layers by itself.",
           "error is None and lstm.num_layers == 2")),
    ("With num_layers = k there are k - 1 gaps between stacked layers.",
     "Dropout is applied in those gaps, in training mode only.",
     "One layer has no gap, so torch builds the layer and warns."),
    "With num_layers=2 and the same dropout, no warning appears: there is now one gap.",
    "How many gaps between stacked layers does one layer have?",
    ("Expecting a refusal or an automatic extra layer.",
     "Placing the dropout on the final output."),
    setup=build(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    error = raises(lambda: nn.LSTM(3, 4, dropout=0.5))\n"
        "    lstm = nn.LSTM(3, 4, dropout=0.5) if error is None else None\n"
    ),
))

add("dropout-modes", Item(
    "training", "medium",
    "`lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.5)` is called twice on the same batch in train mode, then twice in eval mode. What is seen?",
    right("The eval-mode calls agree with each other; the train-mode calls usually do not",
          "Dropout between the layers draws a new mask at each train-mode call and is off in eval mode.",
          "torch.equal(eval_a, eval_b) and not torch.equal(train_a, train_b)"),
    (wrong("dropout-in-eval", "The eval-mode calls differ too, since dropout stays on in eval mode",
           "eval() turns dropout off; the eval calls match.",
           "not torch.equal(eval_a, eval_b)"),
     wrong("mask-fixed-at-build", "All four calls agree, as the dropout mask is drawn once when the layer is built",
           "A fresh mask is drawn for every train-mode call.",
           "torch.equal(train_a, train_b)"),
     wrong("dropout-zeroes-output", "The train-mode outputs contain exact zeros where dropout struck",
           "Dropout acts between layers; the top layer's output has no dropped entries.",
           "bool((train_a == 0).any())")),
    ("Dropout with p = 0.5 sits between layer 1 and layer 2.",
     "In train mode each call draws a new random mask; in eval mode there is none.",
     "The top layer's output goes through its own gates, so no entry is exactly zero."),
    "Set dropout=0.0 and the train-mode calls agree as well: the randomness came from dropout alone.",
    "Which mode switches dropout off?",
    ("Expecting dropout in eval mode, or a mask fixed at construction.",
     "Placing the dropout on the top layer's output."),
    setup=run("nn.LSTM(3, 4, num_layers=2, dropout=0.5)", "6, 2, 3",
              "lstm.train()\ntrain_a, train_b = lstm(x)[0], lstm(x)[0]\n"
              "lstm.eval()\neval_a, eval_b = lstm(x)[0], lstm(x)[0]\n"),
))

add("parameter-count", Item(
    "training", "medium",
    "How many learnable parameters does `nn.LSTM(3, 4)` have?",
    right("144: four gate blocks of 4 rows over 3 + 4 inputs, plus two bias vectors of 16",
          "weight_ih is (16, 3), weight_hh is (16, 4), and two biases of 16: 48 + 64 + 32 = 144.",
          "n == 144"),
    (wrong("biases-not-counted", "112: the weights of the four gate blocks only, since biases are not learnable parameters",
           "Biases are parameters too; they add 32.",
           "n == 112"),
     wrong("one-bias", "128: four gate blocks of 4 rows over 3 + 4 inputs, with one bias vector of 16",
           "torch keeps two bias vectors, bias_ih and bias_hh.",
           "n == 128"),
     wrong("three-blocks", "108: three gate blocks of 4 rows over 3 + 4 inputs, plus two biases of 12",
           "An LSTM has four blocks; three is a GRU.",
           "n == 108"),
     wrong("one-block", "36: one block of 4 rows over 3 + 4 inputs, plus two biases of 4",
           "Forgets that each gate has its own block.",
           "n == 36")),
    ("weight_ih_l0: (4 * 4, 3) = 48 numbers; weight_hh_l0: (16, 4) = 64.",
     "bias_ih_l0 and bias_hh_l0: 16 each, 32 together.",
     "48 + 64 + 32 = 144."),
    "Formula: 4 * H * (I + H + 2) = 4 * 4 * 9 = 144.",
    "How many weight matrices and bias vectors does one layer register?",
    ("Leaving out the biases, or counting only one of them.",
     "Counting three gate blocks, or one."),
    setup=count("nn.LSTM(3, 4)"),
))

add("trainable", Item(
    "training", "easy",
    "Which parameters of a freshly built `nn.LSTM(3, 4)` will an optimiser update?",
    right("All of them: every weight and bias is created with requires_grad=True",
          "nn.LSTM registers its weights and biases as trainable parameters.",
          "all(p.requires_grad for p in lstm.parameters())"),
    (wrong("recurrent-fixed", "Only the input weights; the recurrent matrix weight_hh_l0 stays fixed",
           "weight_hh_l0 is trainable like the others.",
           "not lstm.weight_hh_l0.requires_grad"),
     wrong("biases-frozen", "Only the weights; the biases stay frozen at zero unless unfrozen",
           "The biases are trainable and start at small random values.",
           "not lstm.bias_ih_l0.requires_grad or bool((lstm.bias_ih_l0 == 0).all())"),
     wrong("zero-init", "All of them, but they start at zero and only move once training breaks the symmetry",
           "torch starts them at small random values, not zeros.",
           "bool((lstm.weight_ih_l0 == 0).all())")),
    ("nn.LSTM creates weight_ih_l0, weight_hh_l0, bias_ih_l0 and bias_hh_l0 as parameters.",
     "Each has requires_grad=True, so backward fills its .grad.",
     "Their starting values are drawn at random from a small range."),
    "list(lstm.parameters()) has four tensors here, and an optimiser given them updates all four.",
    "Which flag tells an optimiser a tensor can be trained?",
    ("Believing some of the layer's tensors are fixed by default.",
     "Expecting zero initial weights."),
    setup=build("lstm = nn.LSTM(3, 4)\n"),
))

add("init-range", Item(
    "training", "medium",
    "Where do the starting values of the weights and biases of `nn.LSTM(3, 16)` lie?",
    right("All inside [-0.25, 0.25]: torch draws them from U(-k, k) with k = 1/sqrt(16)",
          "The bound depends on hidden_size: 1/sqrt(16) = 0.25.",
          "all(bool(p.abs().max() <= 0.25) for p in lstm.parameters())"),
    (wrong("bound-from-input", "Some above 0.25 in size: the bound is 1/sqrt(input_size) = 1/sqrt(3), about 0.58",
           "The bound uses hidden_size, not input_size.",
           "any(bool(p.abs().max() > 0.25) for p in lstm.parameters())"),
     wrong("standard-normal", "Some above 1 in size, as torch draws them from a standard normal distribution",
           "The values are uniform and small, never near 1 here.",
           "any(bool(p.abs().max() > 1) for p in lstm.parameters())"),
     wrong("forget-bias-one", "The forget-gate biases start at exactly 1, the others at 0",
           "torch does not set the forget bias to 1; all biases start random.",
           "bool((lstm.bias_ih_l0[16:32] == 1).all())")),
    ("torch initialises every LSTM weight and bias from U(-k, k).",
     "k = 1/sqrt(hidden_size) = 1/sqrt(16) = 0.25.",
     "So no starting value is larger than 0.25 in size."),
    "Print lstm.weight_ih_l0.abs().max(): it is just under 0.25.",
    "Which size appears under the square root in the docs' initialisation rule?",
    ("Using input_size in the bound, or a normal distribution.",
     "Carrying over the forget-bias-one trick from other libraries."),
    setup=build("lstm = nn.LSTM(3, 16)\n"),
))

add("gradient-in-time", Item(
    "training", "medium",
    "A loss is computed from the last step of `output` only and `backward()` is called. Which inputs receive a gradient?",
    right("Every input step, the first included, since the last state depends on all of them",
          "The last hidden state is built from every earlier step through the recurrence.",
          "bool(x.grad[0].abs().sum() > 0)"),
    (wrong("last-step-only", "Only the last input step; every earlier step gets exactly zero gradient",
           "The recurrence links the last state to every earlier input.",
           "bool((x.grad[:-1] == 0).all())"),
     wrong("input-detached", "None of them: nn.LSTM detaches its input, so x.grad stays None",
           "The layer is differentiable with respect to its input.",
           "x.grad is None"),
     wrong("recurrent-no-grad", "The input steps do, but weight_hh_l0 gets no gradient from a one-step loss",
           "The recurrent weights are used at every step and receive a gradient.",
           "lstm.weight_hh_l0.grad is None or bool((lstm.weight_hh_l0.grad == 0).all())")),
    ("output[-1] depends on h at the last step, which depends on h one step earlier, and so on.",
     "Backpropagation through time follows that chain back to step 0.",
     "So x.grad is non-zero for the first step too, and the recurrent weights get a gradient."),
    "Zero out x.grad, then change x[0] a little: output[-1] changes, so its gradient cannot be zero.",
    "Through which state does the first step reach the last output?",
    ("Thinking gradients stay at the step where the loss is taken.",
     "Expecting the layer to block gradients."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3",
              "x.requires_grad_(True)\noutput, (h_n, c_n) = lstm(x)\noutput[-1].sum().backward()\n"),
))

add("detach-states", Item(
    "training", "medium",
    "A long sequence is cut into two chunks. The second chunk is run from `(h.detach(), c.detach())` of the first, and a loss on the second chunk is backpropagated. What holds?",
    right("The first chunk gets no gradient, but its states are still used",
          "detach keeps the values but cuts the graph, so gradients stop at the chunk boundary.",
          "first.grad is None and same(second_out, lstm(second, (h, c))[0])"),
    (wrong("detach-zeroes", "The second chunk starts from zeros: detach resets the states",
           "detach keeps the numbers; only the gradient link is cut.",
           "same(second_out, lstm(second)[0])"),
     wrong("detach-slows-only", "The first chunk's inputs still get a gradient, only a smaller one that fades at the boundary",
           "No gradient crosses a detached tensor.",
           "first.grad is not None"),
     wrong("detach-refused", "The call is refused: nn.LSTM needs states that track gradients",
           "Detached states are ordinary tensors; the call runs.",
           "raises(lambda: lstm(second, (h.detach(), c.detach()))) is not None")),
    ("The first chunk gives (h, c) that are part of its graph.",
     "detach() returns tensors with the same values outside the graph.",
     "So the second chunk continues the sequence, but backward stops at its start."),
    "Compare second_out with a run from the undetached (h, c): same numbers, different graph.",
    "What does detach keep, and what does it cut?",
    ("Expecting detach to reset or to partially pass gradients.",
     "Thinking detached states are refused."),
    setup=build(
        "lstm = nn.LSTM(3, 4)\n"
        "first = torch.randn(4, 2, 3, requires_grad=True)\n"
        "second = torch.randn(4, 2, 3)\n"
        "_, (h, c) = lstm(first)\n"
        "second_out = lstm(second, (h.detach(), c.detach()))[0]\n"
        "second_out.sum().backward()\n"
        "\n"
        "\n"
        "def same(a, b):\n"
        "    return a.shape == b.shape and torch.allclose(a, b, atol=1e-6)\n"
    ),
))

add("clipping", Item(
    "training", "easy",
    "Why do many LSTM training loops clip the gradient norm?",
    right("To guard against exploding gradients on long sequences",
          "Clipping rescales an overly large gradient before the optimiser step."),
    (wrong("clip-cures-vanishing", "To cure vanishing gradients, by scaling small gradients up to the limit",
           "Clipping only shrinks large gradients; it never enlarges small ones."),
     wrong("clip-bounds-states", "To keep the hidden state between -1 and 1 during the forward pass over long sequences",
           "Clipping acts on gradients after backward, not on states."),
     wrong("clip-replaces-lr", "To replace the learning rate, which recurrent layers cannot use",
           "Recurrent layers use learning rates like any other layer."),
     wrong("clip-because-no-bias", "To make up for nn.LSTM having no bias terms by default",
           "nn.LSTM has biases by default; clipping is about gradient size.")),
    ("Backpropagation through many steps multiplies many factors.",
     "Sometimes their product grows very large and one update wrecks the weights.",
     "Clipping the total norm caps the size of each update without changing its direction."),
    "A gradient with norm 50 clipped to 1 keeps its direction and shrinks by 50.",
    "Does clipping ever make a gradient larger?",
    ("Believing clipping helps with vanishing gradients.",
     "Confusing gradient clipping with bounds on the states."),
    docs="torch.nn.utils.clip_grad_norm_",
))

add("sequence-label", Item(
    "training", "easy",
    "A model gives one label per sequence from a stacked `nn.LSTM`. Which common design reads the LSTM's result?",
    right("A linear layer on h_n[-1], the top layer's final hidden state",
          "h_n[-1] summarises the whole sequence as seen by the top layer."),
    (wrong("cell-needed", "A linear layer on c_n[-1], as h_n holds only the first step",
           "h_n holds the final step; c_n is the memory, rarely fed to a classifier."),
     wrong("output-is-probabilities", "A softmax on output directly, as output already holds class scores",
           "output holds hidden states; class scores need a linear layer."),
     wrong("layers-are-classes", "No extra layer: set num_layers to the number of classes",
           "num_layers sets the depth of the stack, not classes."),
     wrong("first-layer-state", "A linear layer on h_n[0], the top layer's final hidden state",
           "h_n[0] is the bottom layer in a one-direction stack.")),
    ("h_n has one final hidden state per layer; the last index is the top layer.",
     "A linear layer maps it to one score per class.",
     "A softmax or a cross-entropy loss then uses those scores."),
    "In a one-direction stack, h_n[-1] equals output[-1]: the same vector by another route.",
    "Which index of h_n is the top layer?",
    ("Using the bottom layer's state or the cell state for the label.",
     "Expecting output or num_layers to give classes."),
))

# --- bidirectional --------------------------------------------------------------------------

add("bidirectional", Item(
    "bidirectional", "easy",
    "What does `bidirectional=True` change for `nn.LSTM(3, 4)` run on a batch of 5 steps?",
    right("A second pass reads the steps backwards; output has 8 features, both passes side by side",
          "Each step's output joins the forward and backward hidden states, 4 + 4.",
          "output.shape[-1] == 8 and output.shape[0] == 5"),
    (wrong("directions-averaged", "A second pass reads the steps backwards, and output keeps 4 features: both averaged",
           "The directions are concatenated, not averaged.",
           "output.shape[-1] == 4"),
     wrong("steps-doubled", "The steps are read forwards then backwards in one pass, and output has 10 steps",
           "The number of steps stays 5.",
           "output.shape[0] == 10"),
     wrong("two-inputs", "The layer takes the sequence and its reversed copy as two inputs, and refuses a call with just one of them",
           "It takes one input and reverses it internally.",
           "raises(lambda: lstm(x)) is not None")),
    ("One LSTM reads steps 1 to 5, another reads 5 to 1.",
     "At each step their hidden states are concatenated: 4 + 4 = 8.",
     "h_n and c_n gain a slice for the backward direction."),
    "h_n is (2, 2, 4): two directions of four features, which output puts side by side.",
    "Two readers give two hidden states per step: how are they combined?",
    ("Averaging the directions or doubling the steps.",
     "Expecting the reverse sequence as a second argument."),
    setup=run("nn.LSTM(3, 4, bidirectional=True)", "5, 2, 3"),
))

add("bidirectional-slices", Item(
    "bidirectional", "medium",
    "`nn.LSTM(3, 5, num_layers=2, bidirectional=True)` runs on a batch of 6 steps. What is on axis 0 of `h_n`?",
    right("4 slices: two layers times two directions, each slice with 5 features",
          "h_n has num_layers * 2 slices for a bidirectional layer.",
          "h_n.shape[0] == 4 and h_n.shape[-1] == 5"),
    (wrong("directions-in-features", "2 slices, one per layer, each with 10 features: the directions side by side",
           "h_n keeps the directions on axis 0; only output concatenates them.",
           "h_n.shape[0] == 2"),
     wrong("directions-doubled-twice", "4 slices, each with 10 features: both directions again inside each slice",
           "Each slice is one direction of one layer: 5 features.",
           "h_n.shape[-1] == 10"),
     wrong("slice-per-step", "6 slices, one per step, as in output",
           "Final states come per layer and direction, not per step.",
           "h_n.shape[0] == 6")),
    ("Each layer has a forward and a backward direction.",
     "Each direction of each layer ends in one final state of 5 features.",
     "2 layers * 2 directions = 4 slices: h_n is (4, batch, 5)."),
    "h_n.view(2, 2, batch, 5) separates layers and directions; torch's docs describe this split.",
    "How many final states does a two-way, two-layer stack produce?",
    ("Concatenating directions inside h_n as output does.",
     "Giving h_n one slice per step."),
    setup=run("nn.LSTM(3, 5, num_layers=2, bidirectional=True)", "6, 2, 3"),
))

add("forward-final", Item(
    "bidirectional", "medium",
    "`nn.LSTM(3, 4, bidirectional=True)` (one layer) returns `output` and `h_n`. Which equality holds?",
    right("The forward direction's final state: h_n[0] is output[-1, :, :4]",
          "The forward direction ends at the last step; its state is the first half of output there.",
          "torch.equal(h_n[0], output[-1, :, :4])"),
    (wrong("backward-ends-last", "h_n[1] equals output[-1, :, 4:], the backward direction at the last step",
           "The backward direction ends at the first step, not the last.",
           "torch.equal(h_n[1], output[-1, :, 4:])"),
     wrong("halves-swapped", "h_n[0] equals output[-1, :, 4:], as the backward half comes first in output",
           "output puts the forward half first.",
           "torch.equal(h_n[0], output[-1, :, 4:])"),
     wrong("forward-ends-first", "h_n[0] equals output[0, :, :4], the forward direction at the first step",
           "The forward direction has just started at step 0.",
           "torch.equal(h_n[0], output[0, :, :4])")),
    ("output[..., :4] is the forward direction, output[..., 4:] the backward one.",
     "The forward direction finishes at the last step: h_n[0] = output[-1, :, :4].",
     "The backward one finishes at step 0: h_n[1] = output[0, :, 4:]."),
    "Follow each reader to where it stops: forward at the end, backward at the start.",
    "At which step does each direction finish?",
    ("Assuming both directions end at the last step.",
     "Swapping the halves of output."),
    setup=run("nn.LSTM(3, 4, bidirectional=True)", "5, 2, 3"),
))

add("backward-final", Item(
    "bidirectional", "medium",
    "In a one-layer bidirectional `nn.LSTM(3, 4)`, where does the backward direction's final state `h_n[1]` appear in `output`?",
    right("At output[0, :, 4:], the second half of the first step",
          "The backward pass starts at the last step and ends at the first.",
          "torch.equal(h_n[1], output[0, :, 4:])"),
    (wrong("backward-ends-last", "At output[-1, :, 4:], the second half of the last step",
           "That is where the backward pass starts, with one step read.",
           "torch.equal(h_n[1], output[-1, :, 4:])"),
     wrong("backward-first-half", "At output[0, :, :4], the first half of the first step",
           "The first half belongs to the forward direction.",
           "torch.equal(h_n[1], output[0, :, :4])"),
     wrong("backward-not-in-output", "Nowhere: output only keeps the forward direction",
           "output carries both directions, 8 features.",
           "output.shape[-1] == 4"),
     wrong("backward-ends-last-first-half", "At output[-1, :, :4], the first half of the last step",
           "That is where the forward direction ends; the backward one ends at step 0, in the second half.",
           "torch.equal(h_n[1], output[-1, :, :4])")),
    ("The backward direction reads steps 5, 4, ..., 1.",
     "Its last state is reached at step 1, index 0 of output.",
     "It fills the second half of the features: output[0, :, 4:]."),
    "Reverse x in time and run a one-way copy of the backward weights: its last output step equals h_n[1].",
    "Which step does the backward reader see last?",
    ("Assuming the backward direction ends at the last step.",
     "Looking in the forward half."),
    setup=run("nn.LSTM(3, 4, bidirectional=True)", "5, 2, 3"),
))

add("bidirectional-count", Item(
    "bidirectional", "medium",
    "How many parameters does `nn.LSTM(3, 4, bidirectional=True)` have?",
    right("288: twice the 144 of one direction, as each direction has its own weights",
          "The backward direction adds weight_ih_l0_reverse, weight_hh_l0_reverse and two biases.",
          "n == 288"),
    (wrong("directions-share-weights", "144: both directions run with one shared set of weights",
           "The backward direction has its own _reverse parameters.",
           "n == 144"),
     wrong("reverse-biases-only", "176: the backward direction adds only a second pair of biases",
           "It adds full weight matrices too.",
           "n == 176"),
     wrong("backward-reads-forward", "432: the backward direction also reads the forward states, widening its input",
           "Within one layer the directions read only x.",
           "n == 432")),
    ("One direction: 4 * 4 * (3 + 4) + 2 * 16 = 144.",
     "The backward direction has the same shapes under names ending in _reverse.",
     "2 * 144 = 288."),
    "List the names: eight tensors, four of them ending in _reverse.",
    "Do the two directions share weights?",
    ("Sharing weights between directions.",
     "Counting only extra biases."),
    setup=count("nn.LSTM(3, 4, bidirectional=True)"),
))

add("future-steps", Item(
    "bidirectional", "medium",
    "In `nn.LSTM(3, 4, bidirectional=True)`, the last input step is changed. What happens at step 0 of `output`?",
    right("Only the backward half, output[0, :, 4:], changes; the forward half stays",
          "Only the backward direction has read the last step by the time it reaches step 0.",
          "torch.equal(changed[0, :, :4], output[0, :, :4]) and not torch.equal(changed[0, :, 4:], output[0, :, 4:])"),
    (wrong("nothing-changes", "Neither half changes, as step 0 only depends on the first input step",
           "The backward direction reaches step 0 last, after reading the change.",
           "torch.equal(changed[0], output[0])"),
     wrong("both-change", "Both halves change, as each direction reads the whole sequence before giving its first output",
           "The forward direction at step 0 has only read step 0.",
           "not torch.equal(changed[0, :, :4], output[0, :, :4])"),
     wrong("forward-changes", "Only the forward half changes, the backward half stays",
           "The halves are the other way round.",
           "not torch.equal(changed[0, :, :4], output[0, :, :4]) and torch.equal(changed[0, :, 4:], output[0, :, 4:])")),
    ("At step 0 the forward direction has seen x[0] only.",
     "The backward direction has seen x[4], x[3], ..., x[0]: the whole sequence.",
     "So changing x[4] moves only the backward half at step 0."),
    "At the last step it is the other way round: the forward half changes, and the backward half has only seen that step.",
    "Which direction has already read the last step when it reaches step 0?",
    ("Believing every direction sees the whole sequence before producing output.",
     "Swapping the halves of output."),
    setup=run("nn.LSTM(3, 4, bidirectional=True)", "5, 2, 3",
              "edited = x.clone()\nedited[-1] += 1.0\nchanged = lstm(edited)[0]\n"),
))

add("one-way-causal", Item(
    "bidirectional", "easy",
    "In a one-direction `nn.LSTM(3, 4)`, the input at step 4 (of 5) is changed. What happens to `output` at step 2?",
    right("It stays the same: a one-way layer at step 2 has read only steps 0 to 2",
          "The forward recurrence cannot see future steps.",
          "torch.equal(changed[2], output[2])"),
    (wrong("sees-whole-sequence", "It changes, because the layer reads the whole sequence before giving any output",
           "A one-way layer produces step 2's output before reading step 4.",
           "not torch.equal(changed[2], output[2])"),
     wrong("only-last-stable", "It changes, and only the last step's output stays the same",
           "The last step is the one that changes; step 2 does not.",
           "torch.equal(changed[-1], output[-1])"),
     wrong("all-steps-stable", "It stays the same, and so does every step, including step 4 itself",
           "Step 4's output depends on step 4's input.",
           "torch.equal(changed, output)")),
    ("A forward LSTM computes step t from x_t and the state of step t-1.",
     "So output[2] depends on x[0], x[1] and x[2] only.",
     "Changing x[4] alters output[4] and nothing before it."),
    "Only a bidirectional layer lets early steps depend on later ones.",
    "Which inputs has the layer read by the time it reaches step 2?",
    ("Thinking a recurrent layer looks ahead.",
     "Expecting the changed step itself to stay the same."),
    setup=run("nn.LSTM(3, 4)", "5, 2, 3",
              "edited = x.clone()\nedited[4] += 1.0\nchanged = lstm(edited)[0]\n"),
))

add("when-bidirectional", Item(
    "bidirectional", "easy",
    "When is `bidirectional=True` a poor choice?",
    right("When each value must be predicted as data arrives, before the later steps exist",
          "The backward direction needs the whole sequence, which a live stream does not have yet."),
    (wrong("bidirectional-for-streams", "When tagging each word of a finished sentence, since later words never help",
           "Tagging a finished sentence is where later context helps most."),
     wrong("even-length", "When sequences have an odd length, since the two directions must meet in the middle",
           "Any length works; the directions do not meet."),
     wrong("bidirectional-needs-batch", "When the batch holds a single sequence, since the two directions split a batch",
           "Directions read the same sequence; the batch size does not matter."),
     wrong("bidirectional-faster", "When speed matters, since it already halves the time by splitting the sequence",
           "It does more work, not less: two passes.")),
    ("The backward direction starts at the last step.",
     "At prediction time in a stream the last step has not arrived.",
     "For complete sequences (sentences, recorded clips), both directions are available."),
    "Ask whether the last step exists when the first prediction is needed.",
    "Where does the backward direction start reading?",
    ("Reaching for two directions when the future is not yet known.",
     "Believing the directions split the sequence or the batch."),
))

add("bidirectional-initial", Item(
    "bidirectional", "medium",
    "`lstm = nn.LSTM(5, 4, bidirectional=True)` runs on `x` of shape (6, 3, 5) with explicit initial states. Which shape must `h_0` have?",
    right("(2, 3, 4): one slice per direction, each for a batch of 3 with 4 features",
          "Initial states are laid out like h_n: (layers * directions, batch, hidden).",
          "raises(lambda: lstm(x, (torch.zeros(2, 3, 4), torch.zeros(2, 3, 4)))) is None"),
    (wrong("directions-in-features", "(1, 3, 8): one slice with both directions side by side",
           "The directions go on axis 0, not in the features.",
           "raises(lambda: lstm(x, (torch.zeros(1, 3, 8), torch.zeros(1, 3, 8)))) is None"),
     wrong("backward-from-forward", "(1, 3, 4): the backward direction starts from the forward direction's state, so one slice is enough",
           "Each direction needs its own initial state.",
           "raises(lambda: lstm(x, (torch.zeros(1, 3, 4), torch.zeros(1, 3, 4)))) is None"),
     wrong("directions-doubled-twice", "(2, 3, 8): one slice per direction, each with both directions' features",
           "Each slice holds one direction: 4 features.",
           "raises(lambda: lstm(x, (torch.zeros(2, 3, 8), torch.zeros(2, 3, 8)))) is None")),
    ("One layer, two directions: 2 slices on axis 0.",
     "Each slice is (batch, hidden) = (3, 4).",
     "So h_0 and c_0 are (2, 3, 4)."),
    "Run once without states: h_n.shape is (2, 3, 4), the shape the initial states need.",
    "Where does a bidirectional layer keep its directions in the states?",
    ("Putting both directions side by side inside one slice.",
     "Sharing one starting state between directions."),
    setup=build("lstm = nn.LSTM(5, 4, bidirectional=True)\nx = torch.randn(6, 3, 5)\n"),
))

add("bidirectional-projection", Item(
    "bidirectional", "medium",
    "`nn.LSTM(5, 8, bidirectional=True, proj_size=3)` runs on a batch. How many features does each step of `output` have?",
    right("6, as each direction's h is projected to 3 before they are joined",
          "Each direction's h is projected to proj_size, and output joins the two.",
          "output.shape[-1] == 6"),
    (wrong("ignores-projection", "16: two directions of 8 hidden features",
           "The projection applies before the directions are joined.",
           "output.shape[-1] == 16"),
     wrong("projection-merges-directions", "3: the projection merges the two directions into 3 features",
           "Each direction is projected on its own.",
           "output.shape[-1] == 3"),
     wrong("projection-appended", "11: 8 hidden features with 3 projected ones appended",
           "The projection replaces h; nothing is appended.",
           "output.shape[-1] == 11")),
    ("proj_size = 3 shrinks each direction's hidden state from 8 to 3.",
     "bidirectional joins the two directions side by side.",
     "2 * 3 = 6 features per step."),
    "h_n is (2, batch, 3): two directions, each projected to 3; output puts them side by side.",
    "Which happens first for each direction: projection or joining?",
    ("Forgetting the projection.",
     "Letting the projection merge or add to the directions."),
    setup=run("nn.LSTM(5, 8, bidirectional=True, proj_size=3)", "4, 2, 5"),
))

# --- stacking -------------------------------------------------------------------------------

add("num-layers", Item(
    "stacking", "easy",
    "`nn.LSTM(6, 4, num_layers=3)` is built. What does the second layer read, and so what is the width of `weight_ih_l1`?",
    right("Layer 1's output sequence, so weight_ih_l1 has 4 columns, the hidden_size",
          "Each upper layer reads the hidden states of the layer below.",
          "lstm.weight_ih_l1.shape[1] == 4"),
    (wrong("every-layer-reads-input", "The original input, so weight_ih_l1 has 6 columns, the input_size",
           "Only layer 1 reads x.",
           "lstm.weight_ih_l1.shape[1] == 6"),
     wrong("layers-in-parallel", "Nothing: the three layers run side by side on x and are averaged, so weight_ih_l1 does not exist",
           "The layers are stacked; weight_ih_l1 exists.",
           "not hasattr(lstm, 'weight_ih_l1')"),
     wrong("reads-all-below", "All layers below at once, so weight_ih_l1 has 3 * 4 = 12 columns",
           "A layer reads only the one directly below.",
           "lstm.weight_ih_l1.shape[1] == 12")),
    ("Layer 1 maps 6 input features to 4 hidden features per step.",
     "Layer 2 reads those 4 features per step, so weight_ih_l1 is (16, 4).",
     "Layer 3 reads layer 2 in the same way."),
    "weight_ih_l0 is (16, 6) but weight_ih_l1 is (16, 4): only the first layer sees the input width.",
    "What is the input sequence of the second layer?",
    ("Letting every layer read the original input.",
     "Running layers side by side."),
    setup=build("lstm = nn.LSTM(6, 4, num_layers=3)\n"),
))

add("stack-states", Item(
    "stacking", "easy",
    "`nn.LSTM(3, 4, num_layers=3)` runs on a batch of 7 steps. What is `h_n.shape[0]`?",
    right("3, as every layer keeps its last hidden state",
          "h_n keeps one slice per layer (and direction).",
          "h_n.shape[0] == 3"),
    (wrong("top-layer-only", "1: only the top layer's final state is returned",
           "All layers' final states are kept.",
           "h_n.shape[0] == 1"),
     wrong("state-per-step", "7: one final state for every step",
           "Per-step states are in output, not h_n.",
           "h_n.shape[0] == 7"),
     wrong("hidden-and-cell-together", "6: two states, hidden and cell, for each layer",
           "h_n holds only hidden states; c_n is separate.",
           "h_n.shape[0] == 6")),
    ("Each of the 3 layers ends with one hidden state per sequence.",
     "h_n stacks them: (3, batch, 4).",
     "c_n has the same shape and holds the cell states."),
    "h_n[-1] is the top layer and equals output[-1] here.",
    "How many layers end with a final state?",
    ("Keeping only the top layer.",
     "Mixing hidden and cell states in one tensor."),
    setup=run("nn.LSTM(3, 4, num_layers=3)", "7, 2, 3"),
))

add("stack-rebuilt", Item(
    "stacking", "medium",
    "A two-layer `nn.LSTM(4, 4, num_layers=2)` is copied into two one-layer LSTMs, `low` and `high`, holding its layer 1 and layer 2 weights. Which reproduces the stack's `output`?",
    right("high run on low's output sequence: each layer reads the one below",
          "Feeding layer 1's output into layer 2 is what the stack does.",
          "same(top, output)"),
    (wrong("each-layer-reads-x", "high run on the original input x, as each layer of a stack reads x",
           "Layer 2 reads layer 1's output, not x.",
           "same(high(x)[0], output)"),
     wrong("layers-averaged", "The mean of low's output and high's output on it",
           "The stack returns the top layer only, not an average.",
           "same((mid + top) / 2, output)"),
     wrong("top-refines-state", "low's output alone: the top layer only refines h_n",
           "The top layer produces output.",
           "same(mid, output)")),
    ("low(x) gives layer 1's hidden state at every step.",
     "high reads that sequence and gives layer 2's states.",
     "With the same weights, that equals the stack's output."),
    "h_n[0] of the stack equals low's final state too: both routes agree on layer 1.",
    "What does the second layer of a stack take as input?",
    ("Letting every layer read x.",
     "Averaging layers or returning the bottom one."),
    setup=STACK_COPY,
))

add("bottom-state", Item(
    "stacking", "medium",
    "In a two-layer `nn.LSTM(4, 4, num_layers=2)`, what is `h_n[0]`?",
    right("The bottom layer's hidden state after the last step",
          "h_n[0] is layer 1; a one-layer copy of layer 1 ends in the same state.",
          "same(h_n[0], h_low[0])"),
    (wrong("first-index-is-top", "The top layer's hidden state after the last step",
           "The top layer is h_n[-1].",
           "same(h_n[0], output[-1])"),
     wrong("first-index-is-first-step", "The top layer's hidden state after the first step",
           "h_n holds final states, indexed by layer.",
           "same(h_n[0], output[0])"),
     wrong("bottom-first-step", "The bottom layer's hidden state after the first step",
           "It is the bottom layer after the last step.",
           "same(h_n[0], mid[0])")),
    ("h_n is indexed by layer, bottom first: h_n[0] is layer 1, h_n[1] layer 2.",
     "Each slice holds that layer's state after the last step.",
     "So h_n[0] equals the final state of a one-layer copy of layer 1."),
    "h_n[-1] equals output[-1]: the top layer is the last index, so the bottom is the first.",
    "Which end of h_n's first axis is the top layer?",
    ("Reading index 0 as the top layer.",
     "Confusing the layer axis with the time axis."),
    setup=STACK_COPY,
))

add("stack-count", Item(
    "stacking", "medium",
    "How many parameters does `nn.LSTM(10, 4, num_layers=2)` have?",
    right("416: 256 for layer 1 reading 10 features, 160 for layer 2 reading 4",
          "Layer 1: 4 * 4 * (10 + 4) + 32 = 256; layer 2: 4 * 4 * (4 + 4) + 32 = 160.",
          "n == 416"),
    (wrong("layers-identical", "512: twice 256, as the second layer is an exact copy of the first, reading 10 features",
           "Layer 2 reads 4 features, not 10, so it is smaller.",
           "n == 512"),
     wrong("layers-share-weights", "256: the two layers share one set of weights",
           "Each layer has its own _l0 or _l1 weights.",
           "n == 256"),
     wrong("both-read-hidden", "320: twice 160, as both layers read the 4 hidden features",
           "Layer 1 reads the 10 input features.",
           "n == 320")),
    ("Layer 1: weight_ih (16, 10), weight_hh (16, 4), two biases of 16: 160 + 64 + 32 = 256.",
     "Layer 2: weight_ih (16, 4), weight_hh (16, 4), two biases: 64 + 64 + 32 = 160.",
     "256 + 160 = 416."),
    "4 * H * (I + H + 2) for layer 1 plus 4 * H * (2H + 2) for layer 2: 256 + 160.",
    "What is the input width of the second layer?",
    ("Treating the upper layer as a copy of the first.",
     "Sharing weights across layers."),
    setup=count("nn.LSTM(10, 4, num_layers=2)"),
))

add("why-stack", Item(
    "stacking", "easy",
    "What does stacking LSTM layers with `num_layers` add to a model?",
    right("Depth: upper layers read the sequences the lower ones compute",
          "Each layer turns a sequence into a new sequence; stacking composes these."),
    (wrong("stack-for-length", "Length: each extra layer lets the model read one more time step of every sequence in the batch",
           "Any layer reads any number of steps; depth does not set length."),
     wrong("stack-alternates-direction", "Direction: alternate layers read the sequence backwards",
           "Direction is set by bidirectional, for every layer alike."),
     wrong("stack-for-batch", "Batch capacity: each layer handles a different sequence of the batch",
           "Every layer processes the whole batch."),
     wrong("stack-needed-for-width", "Width: stacking is required whenever input_size exceeds hidden_size",
           "Any input_size works with any hidden_size in one layer.")),
    ("Layer 1 turns the input sequence into a sequence of hidden states.",
     "Layer 2 reads that sequence and produces another.",
     "Deeper layers can combine patterns found by the layers below."),
    "With num_layers=1 the model still reads sequences of any length in both directions if asked: depth is a separate choice.",
    "What does each layer take in and give out?",
    ("Linking depth to sequence length, direction or batch size.",
     "Thinking width mismatches need a stack."),
))

add("zero-layers", Item(
    "stacking", "easy",
    "What does `nn.LSTM(3, 4, num_layers=0)` do?",
    right("It is refused when built: an LSTM needs at least one layer",
          "torch checks num_layers at construction.",
          "raises(lambda: nn.LSTM(3, 4, num_layers=0)) is not None"),
    (wrong("zero-layers-identity", "It builds a layer that passes its input through unchanged",
           "There is no identity LSTM; the constructor refuses.",
           "raises(lambda: nn.LSTM(3, 4, num_layers=0)) is None"),
     wrong("zero-means-auto", "It builds a layer with as many levels as the input has steps",
           "0 is not an automatic setting; it is refused.",
           "raises(lambda: nn.LSTM(3, 4, num_layers=0)) is None"),
     wrong("zero-means-default", "It builds a one-layer LSTM, as 0 falls back to the default",
           "There is no fallback; the constructor refuses 0.",
           "raises(lambda: nn.LSTM(3, 4, num_layers=0)) is None")),
    ("num_layers counts stacked LSTM layers.",
     "Zero layers would leave nothing to compute output from.",
     "torch refuses the value when the layer is built, before any data."),
    "num_layers=1 is the smallest value the constructor accepts.",
    "What would a layer with no levels compute?",
    ("Expecting an identity, automatic or default fallback for 0.",),
    setup=build(""),
))

add("stack-output-width", Item(
    "stacking", "easy",
    "`nn.LSTM(6, 4, num_layers=3)` runs on a batch. How many features does each step of `output` have?",
    right("4, because only the top layer's hidden states reach output",
          "Stacking adds depth, not width: output is the top layer's h at every step.",
          "output.shape[-1] == 4"),
    (wrong("layers-concatenated", "12: the three layers' states side by side",
           "Only the top layer goes into output.",
           "output.shape[-1] == 12"),
     wrong("output-keeps-input", "6: output keeps the width of the input",
           "output has hidden_size features.",
           "output.shape[-1] == 6"),
     wrong("output-has-layer-axis", "4, with an extra layer axis in front: output becomes 4-D",
           "output stays 3-D: (steps, batch, features).",
           "output.dim() == 4")),
    ("Each layer has 4 hidden features.",
     "output is the top layer only.",
     "So the last axis is 4, and output stays 3-D."),
    "The lower layers' final states are in h_n[0] and h_n[1]; output is the top layer alone.",
    "Which layer's states does output keep?",
    ("Concatenating the layers' states.",
     "Adding a layer axis to output."),
    setup=run("nn.LSTM(6, 4, num_layers=3)", "5, 2, 6"),
))

add("stack-bidirectional-input", Item(
    "stacking", "medium",
    "In `nn.LSTM(3, 5, num_layers=2, bidirectional=True)`, what shape is `weight_ih_l1`?",
    right("(20, 10): layer 2 reads both directions of layer 1, 2 * 5 features",
          "Layer 2's input is layer 1's output, which has 10 features per step.",
          "tuple(lstm.weight_ih_l1.shape) == (20, 10)"),
    (wrong("own-direction-only", "(20, 5): each direction of layer 2 reads only its own direction of layer 1",
           "Both directions of layer 2 read the full 10-feature output.",
           "tuple(lstm.weight_ih_l1.shape) == (20, 5)"),
     wrong("every-layer-reads-input", "(20, 3): every layer reads the original input",
           "Only layer 1 reads x.",
           "tuple(lstm.weight_ih_l1.shape) == (20, 3)"),
     wrong("directions-in-one-matrix", "(40, 10): both directions' gate rows stacked in one matrix",
           "The backward direction has its own weight_ih_l1_reverse.",
           "tuple(lstm.weight_ih_l1.shape) == (40, 10)")),
    ("Layer 1's output joins two directions: 2 * 5 = 10 features.",
     "Layer 2 reads those 10 features, with four gate blocks of 5 rows: (20, 10).",
     "weight_ih_l1_reverse has the same shape."),
    "weight_ih_l0 is (20, 3); only the second layer sees the doubled width.",
    "How wide is the first layer's output in a bidirectional stack?",
    ("Letting each direction read only its own half.",
     "Merging the two directions' weights."),
    setup=build("lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=True)\n"),
))

add("top-state", Item(
    "stacking", "medium",
    "`nn.LSTM(3, 4, num_layers=3)` (one direction) runs on a batch. Which equality holds?",
    right("h_n[-1] equals output[-1]",
          "output holds the top layer, and h_n's last slice is the top layer.",
          "torch.equal(h_n[-1], output[-1])"),
    (wrong("first-index-is-top", "h_n[0] equals output[-1]: the first slice is the top layer",
           "h_n[0] is the bottom layer.",
           "torch.equal(h_n[0], output[-1])"),
     wrong("states-summed", "h_n.sum(0) equals output[-1]: output adds up the final states of all three layers",
           "output is the top layer only.",
           "torch.allclose(h_n.sum(0), output[-1])"),
     wrong("last-slice-first-step", "h_n[-1] equals output[0]: the top layer after the first step",
           "h_n holds states after the last step.",
           "torch.equal(h_n[-1], output[0])")),
    ("output is the top layer at every step; output[-1] is its last step.",
     "h_n's slices run from the bottom layer to the top layer.",
     "So h_n[-1] and output[-1] are the same numbers."),
    "With num_layers=1 h_n[0] would match output[-1] too, because then the bottom is the top.",
    "Which slice of h_n belongs to the top layer?",
    ("Reading h_n[0] as the top layer.",
     "Summing layers."),
    setup=run("nn.LSTM(3, 4, num_layers=3)", "5, 2, 3"),
))

# --- projections ----------------------------------------------------------------------------

add("proj-size", Item(
    "projections", "easy",
    "`nn.LSTM(4, 6, proj_size=2)` runs on a batch. How do `h_n` and `c_n` compare?",
    right("h_n has 2 features, the proj_size, while c_n keeps 6, the hidden_size",
          "The projection maps h down to proj_size; the cell state is not projected.",
          "h_n.shape[-1] == 2 and c_n.shape[-1] == 6"),
    (wrong("cell-projected", "Both have 2 features: the projection shrinks both states",
           "c keeps hidden_size features.",
           "c_n.shape[-1] == 2"),
     wrong("only-output-projected", "h_n keeps 6 features; only output is projected to 2",
           "h_n is projected like output.",
           "h_n.shape[-1] == 6"),
     wrong("projects-input", "Both keep 6: the projection shrinks the input to 2 features before the gates",
           "The projection acts on h, not on x.",
           "h_n.shape[-1] == 6 and c_n.shape[-1] == 6")),
    ("Each step computes h as usual, with hidden_size = 6 entries.",
     "It is then multiplied by weight_hr_l0, (2, 6), giving 2 entries.",
     "c stays at 6 entries, so c_n is (1, batch, 6)."),
    "weight_hr_l0 multiplies a hidden_size-wide h and gives proj_size values; nothing multiplies c.",
    "Which state does weight_hr multiply?",
    ("Projecting the cell state or the input.",
     "Projecting output but not h_n."),
    setup=run("nn.LSTM(4, 6, proj_size=2)", "5, 3, 4"),
))

add("proj-changes-hn", Item(
    "projections", "easy",
    "`nn.LSTM(5, 7)` gives `h_n` of shape (1, 2, 7) on a batch of 2. What is `h_n`'s shape once `proj_size=3` is added?",
    right("(1, 2, 3): the last axis becomes proj_size",
          "With a projection h has proj_size features, so h_n does too.",
          "tuple(h_n.shape) == (1, 2, 3)"),
    (wrong("projection-output-only", "(1, 2, 7): the projection changes output but not h_n",
           "h_n holds the projected h.",
           "tuple(h_n.shape) == (1, 2, 7)"),
     wrong("projection-appended", "(1, 2, 10): the 3 projected features are appended to the 7",
           "The projection replaces h.",
           "tuple(h_n.shape) == (1, 2, 10)"),
     wrong("projection-layers", "(3, 2, 7): proj_size counts projection layers, one slice each",
           "proj_size is a width, not a count of layers.",
           "tuple(h_n.shape) == (3, 2, 7)")),
    ("Without projection h has hidden_size = 7 features.",
     "proj_size = 3 projects it to 3 features at each step.",
     "h_n keeps the final projected h: (1, 2, 3)."),
    "output's last axis changes from 7 to 3 as well: output and h_n hold the same h.",
    "Which size does the projection replace?",
    ("Thinking the projection spares h_n.",
     "Reading proj_size as a count."),
    setup=run("nn.LSTM(5, 7, proj_size=3)", "4, 2, 5"),
))

add("proj-bound", Item(
    "projections", "easy",
    "Which `proj_size` values does `nn.LSTM(4, 6, proj_size=...)` accept?",
    right("Only values below hidden_size: 3 builds, 6 is refused",
          "A projection must shrink h, so it must be smaller than hidden_size.",
          "raises(lambda: nn.LSTM(4, 6, proj_size=6)) is not None and raises(lambda: nn.LSTM(4, 6, proj_size=3)) is None"),
    (wrong("equal-is-identity", "Values up to hidden_size: proj_size=6 builds, as an identity projection",
           "proj_size equal to hidden_size is refused.",
           "raises(lambda: nn.LSTM(4, 6, proj_size=6)) is None"),
     wrong("projection-widens", "Any positive value: proj_size=12 also builds, and then widens h from 6 to 12 features",
           "A projection cannot widen h; 12 is refused.",
           "raises(lambda: nn.LSTM(4, 6, proj_size=12)) is None"),
     wrong("projection-must-widen", "Only values above hidden_size: proj_size=3 is refused",
           "It is the other way round: 3 builds.",
           "raises(lambda: nn.LSTM(4, 6, proj_size=3)) is not None")),
    ("The projection maps hidden_size features down to proj_size.",
     "torch refuses proj_size >= hidden_size when the layer is built.",
     "So with hidden_size = 6, proj_size may be 1 to 5 (or 0 for none)."),
    "Try proj_size=5 and proj_size=6: the first builds, the second is refused.",
    "Does a projection make h smaller or larger?",
    ("Allowing an identity or widening projection.",
     "Requiring the projection to widen."),
    setup=build(""),
))

add("weight-hr", Item(
    "projections", "medium",
    "`nn.LSTM(4, 6, proj_size=2)` adds a new parameter. What is it?",
    right("A (2, 6) matrix named weight_hr_l0 that maps h from 6 entries down to 2",
          "torch stores the projection as weight_hr_l0, (proj_size, hidden_size).",
          "tuple(lstm.weight_hr_l0.shape) == (2, 6)"),
    (wrong("projection-transposed", "weight_hr_l0 of shape (6, 2), mapping 2 features up to 6",
           "torch stores (out, in): (2, 6).",
           "tuple(lstm.weight_hr_l0.shape) == (6, 2)"),
     wrong("projects-input", "weight_hr_l0 of shape (2, 4), projecting the input's 4 features",
           "The projection reads h (6), not x (4).",
           "tuple(lstm.weight_hr_l0.shape) == (2, 4)"),
     wrong("projection-is-slice", "None: torch simply keeps the first 2 entries of h at every step, so no parameter is added",
           "The projection is learned: weight_hr_l0 exists.",
           "'weight_hr_l0' not in [name for name, _ in lstm.named_parameters()]")),
    ("The projection multiplies h_t (6 entries) by a learned matrix.",
     "Its output has proj_size = 2 entries, so the matrix is (2, 6).",
     "torch names it weight_hr_l0; it has no bias."),
    "weight_hr_l0 @ h gives 2 values from 6 only if the matrix is (2, 6).",
    "What does the projection read, and what does it give?",
    ("Transposing the projection.",
     "Projecting the input, or slicing instead of learning."),
    setup=build("lstm = nn.LSTM(4, 6, proj_size=2)\n"),
))

add("proj-recurrent", Item(
    "projections", "medium",
    "What shape is `weight_hh_l0` in `nn.LSTM(4, 6, proj_size=2)`?",
    right("(24, 2): the four gate blocks read the projected h of 2 features",
          "The projected h is what feeds back, so the recurrent weights read proj_size features.",
          "tuple(lstm.weight_hh_l0.shape) == (24, 2)"),
    (wrong("recurrence-unprojected", "(24, 6): the four gate blocks read the full 6-wide hidden state, since only output is projected",
           "The full h is not kept; the projected one feeds back.",
           "tuple(lstm.weight_hh_l0.shape) == (24, 6)"),
     wrong("gates-projected", "(8, 2): each gate block shrinks to proj_size rows",
           "The gates keep hidden_size rows each.",
           "tuple(lstm.weight_hh_l0.shape) == (8, 2)"),
     wrong("recurrence-reads-input", "(24, 4): the four gate blocks read the 4 input features",
           "That is weight_ih_l0's width.",
           "tuple(lstm.weight_hh_l0.shape) == (24, 4)"),
     wrong("gates-projected-recurrence-full", "(8, 6): each gate block shrinks to proj_size rows and reads the full state",
           "Both parts are off: gate blocks keep hidden_size rows and read the projected h.",
           "tuple(lstm.weight_hh_l0.shape) == (8, 6)")),
    ("The gates still produce hidden_size = 6 values each: 24 rows.",
     "They read h_{t-1}, which now has proj_size = 2 entries.",
     "So weight_hh_l0 is (24, 2)."),
    "weight_ih_l0 stays (24, 4): the projection changes only what reads h.",
    "How wide is the hidden state that feeds back into the gates?",
    ("Keeping the recurrent width at hidden_size.",
     "Shrinking the gate blocks."),
    setup=build("lstm = nn.LSTM(4, 6, proj_size=2)\n"),
))

add("proj-count", Item(
    "projections", "medium",
    "How many parameters does `nn.LSTM(4, 6, proj_size=2)` have?",
    right("204, as weight_hh_l0 narrows to 2 columns and weight_hr_l0 adds 12",
          "weight_ih (24, 4), weight_hh (24, 2), two biases of 24, weight_hr (2, 6).",
          "n == 204"),
    (wrong("projection-on-top", "300: the 288 of an unprojected layer plus 12 for the projection",
           "The projection also shrinks weight_hh, from (24, 6) to (24, 2).",
           "n == 300"),
     wrong("projection-free", "288: a projection is only a reshaping of h, and adds or removes no parameter at all",
           "It adds weight_hr and shrinks weight_hh.",
           "n == 288"),
     wrong("gates-projected", "76: every gate block has proj_size rows, plus the 12 of the projection",
           "The gate blocks keep hidden_size rows.",
           "n == 76")),
    ("weight_ih_l0: 24 * 4 = 96; weight_hh_l0: 24 * 2 = 48.",
     "bias_ih_l0 and bias_hh_l0: 24 each, 48 together; weight_hr_l0: 2 * 6 = 12.",
     "96 + 48 + 48 + 12 = 204."),
    "Without projection the layer has 288; projecting saves 24 * 4 = 96 and costs 12: 288 - 96 + 12 = 204.",
    "Which matrix gets narrower when h is projected?",
    ("Adding the projection without shrinking the recurrent weights.",
     "Treating the projection as free."),
    setup=count("nn.LSTM(4, 6, proj_size=2)"),
))

add("proj-initial", Item(
    "projections", "medium",
    "`lstm = nn.LSTM(4, 6, proj_size=2)` runs on `x` of shape (5, 3, 4) with explicit initial states. Which shapes must they have?",
    right("h_0 of (1, 3, 2) and c_0 of (1, 3, 6): only h is projected",
          "h_0 has proj_size features, c_0 hidden_size, like h_n and c_n.",
          "raises(lambda: lstm(x, (torch.zeros(1, 3, 2), torch.zeros(1, 3, 6)))) is None"),
    (wrong("cell-projected", "Both (1, 3, 2): the projection shrinks both states",
           "c_0 must have hidden_size features.",
           "raises(lambda: lstm(x, (torch.zeros(1, 3, 2), torch.zeros(1, 3, 2)))) is None"),
     wrong("ignores-projection", "Both (1, 3, 6): the projection is applied after the states are read",
           "h_0 feeds the recurrent weights, which read 2 features.",
           "raises(lambda: lstm(x, (torch.zeros(1, 3, 6), torch.zeros(1, 3, 6)))) is None"),
     wrong("states-swapped", "h_0 of (1, 3, 6) and c_0 of (1, 3, 2): the memory is the projected one",
           "It is h that is projected.",
           "raises(lambda: lstm(x, (torch.zeros(1, 3, 6), torch.zeros(1, 3, 2)))) is None")),
    ("Initial states mirror the final states.",
     "h_n is (1, 3, 2) with the projection; c_n is (1, 3, 6).",
     "So h_0 is (1, 3, 2) and c_0 is (1, 3, 6)."),
    "Run without states and read h_n.shape and c_n.shape: they differ in the last axis.",
    "Which of the two states does weight_hr produce?",
    ("Projecting both states, or neither.",
     "Swapping which state is projected."),
    setup=build("lstm = nn.LSTM(4, 6, proj_size=2)\nx = torch.randn(5, 3, 4)\n"),
))

add("proj-output", Item(
    "projections", "easy",
    "For `nn.LSTM(4, 6, proj_size=2)`, how does `output[-1]` relate to the final states?",
    right("output[-1] equals h_n[0]: output carries the projected hidden state",
          "output holds h at each step, and h is projected, so its last step is h_n.",
          "torch.equal(output[-1], h_n[0])"),
    (wrong("output-unprojected", "output carries the unprojected hidden state, so it has 6 features",
           "output has 2 features, the projected width.",
           "output.shape[-1] == 6"),
     wrong("output-is-cell", "output[-1] equals c_n[0]: output carries the cell state",
           "c_n has 6 features, output 2.",
           "torch.equal(output[-1], c_n[0])"),
     wrong("hn-unprojected", "output is projected to 2 features, but h_n keeps all 6 features of the unprojected state",
           "h_n is projected like output.",
           "h_n.shape[-1] == 6")),
    ("Each step's h is projected to 2 features.",
     "output stacks those projected states.",
     "Its last step equals h_n[0] (one layer, one direction)."),
    "Both output and h_n have a last axis of 2 here.",
    "Which state does output stack over time?",
    ("Expecting output to skip the projection.",
     "Reading the cell state from output."),
    setup=run("nn.LSTM(4, 6, proj_size=2)", "5, 3, 4"),
))

add("why-project", Item(
    "projections", "easy",
    "Why would someone set `proj_size` on an `nn.LSTM`?",
    right("To shrink the hidden state that feeds back, so the recurrent weights get smaller",
          "A projected h is narrower, so weight_hh and the next layer's input weights have fewer columns."),
    (wrong("projection-extends-memory", "To enlarge the cell state, so that the layer can remember over longer spans",
           "The projection does not touch the cell state."),
     wrong("projection-replaces-gate", "To replace the output gate, so that each cell runs three gate blocks instead of four and trains faster",
           "All four blocks remain."),
     wrong("projection-is-classifier", "To map the output straight to class scores, so no linear layer is needed",
           "The projection is part of the recurrence, not a classifier."),
     wrong("projection-for-input", "To let input_size be larger than hidden_size, which is otherwise refused",
           "Any input_size works without a projection.")),
    ("Without projection, h has hidden_size entries and feeds the recurrent weights.",
     "With proj_size, h is mapped to fewer entries before it feeds back.",
     "The memory c keeps its full width."),
    "Compare parameter counts with and without proj_size: the recurrent weights shrink.",
    "What gets narrower when h is projected?",
    ("Confusing the projection with a classifier or a memory extension.",
     "Thinking a projection changes the gates or the allowed input width."),
))

add("proj-stacked", Item(
    "projections", "medium",
    "In `nn.LSTM(4, 6, num_layers=2, proj_size=2)`, what shape is `weight_ih_l1`?",
    right("(24, 2): layer 2 reads the projected output of layer 1",
          "Layer 1's output has proj_size features, which layer 2 takes as input.",
          "tuple(lstm.weight_ih_l1.shape) == (24, 2)"),
    (wrong("upper-reads-unprojected", "(24, 6): layer 2 reads layer 1's unprojected hidden state",
           "Only the projected h leaves layer 1.",
           "tuple(lstm.weight_ih_l1.shape) == (24, 6)"),
     wrong("upper-gates-projected", "(8, 2): layer 2's gate blocks have proj_size rows",
           "Gate blocks keep hidden_size rows.",
           "tuple(lstm.weight_ih_l1.shape) == (8, 2)"),
     wrong("every-layer-reads-input", "(24, 4): every layer reads the original input",
           "Only layer 1 reads x.",
           "tuple(lstm.weight_ih_l1.shape) == (24, 4)"),
     wrong("upper-gates-projected-full", "(8, 6): layer 2's gate blocks have proj_size rows and read the unprojected state",
           "Gate blocks keep hidden_size rows, and layer 2 reads the projected output.",
           "tuple(lstm.weight_ih_l1.shape) == (8, 6)")),
    ("Layer 1 outputs its projected h: 2 features per step.",
     "Layer 2 reads those 2 features with four gate blocks of 6 rows.",
     "So weight_ih_l1 is (24, 2), like weight_hh_l1."),
    "Each layer has its own weight_hr: weight_hr_l1 is (2, 6) too.",
    "How wide is layer 1's output when it is projected?",
    ("Feeding the unprojected state upwards.",
     "Letting upper layers read x."),
    setup=build("lstm = nn.LSTM(4, 6, num_layers=2, proj_size=2)\n"),
))

add("proj-zero", Item(
    "projections", "easy",
    "What does `proj_size=0`, the default, mean for `nn.LSTM(4, 6)`?",
    right("No projection: h_n has 6 features and there is no weight_hr_l0",
          "0 switches the projection off.",
          "h_n.shape[-1] == 6 and not hasattr(lstm, 'weight_hr_l0')"),
    (wrong("zero-width", "h is projected to zero features, so h_n is empty",
           "0 means no projection, not a width of zero.",
           "h_n.shape[-1] == 0"),
     wrong("zero-refused", "It is refused unless set to a positive value",
           "0 is the default and accepted.",
           "raises(lambda: nn.LSTM(4, 6, proj_size=0)) is not None"),
     wrong("zero-is-identity", "An identity projection: weight_hr_l0 is a (6, 6) identity matrix",
           "No projection weight exists at 0.",
           "hasattr(lstm, 'weight_hr_l0')")),
    ("proj_size=0 is the default and disables the projection.",
     "h then has hidden_size = 6 features.",
     "No weight_hr parameter is registered."),
    "List the parameter names: four names, none with hr in it.",
    "Which value of proj_size means 'off'?",
    ("Reading 0 as a width.",
     "Expecting an identity matrix."),
    setup=run("nn.LSTM(4, 6)", "5, 2, 4"),
))

# --- padding --------------------------------------------------------------------------------

add("why-pad", Item(
    "padding", "easy",
    "Why are sequences of different lengths padded before they go into `nn.LSTM`?",
    right("So they fit in one rectangular tensor, the shorter ones filled up to the longest",
          "A batch tensor needs one length; padding supplies it."),
    (wrong("padding-is-data", "To add training data, as the padded steps count as new examples",
           "Padded steps are filler, not examples."),
     wrong("padding-ignored-automatically", "So the LSTM can recognise the padded steps and skip them by itself, with no packing or mask needed",
           "Without packing the LSTM reads padded steps like any other."),
     wrong("fixed-length", "Because nn.LSTM only takes the one length fixed when it was built",
           "The length is not fixed at construction; it only has to be equal within a batch."),
     wrong("padding-for-hidden", "So every sequence has hidden_size steps, matching the state width",
           "Lengths and hidden_size are unrelated.")),
    ("A tensor has one size per axis, so a batch has one length.",
     "Shorter sequences are filled with a padding value up to the longest.",
     "Packing (or masking) then keeps the filler from changing the results."),
    "A list of a 5-step and a 3-step sequence cannot be stacked until the second gets 2 more steps.",
    "What shape must a batch tensor have?",
    ("Thinking padding adds data or is skipped automatically.",
     "Tying the length to the layer."),
    docs="torch.nn.utils.rnn.pad_sequence",
))

add("padding-leaks", Item(
    "padding", "medium",
    "A 3-step sequence is zero-padded to 5 steps and batched with a 5-step one, without packing. How does the short sequence's `h_n` compare with running it alone?",
    right("It differs: h_n comes from the last padded step, not the last real one",
          "Without packing the LSTM runs through the zeros, and they still change the state.",
          "not same(h_n[0, 1], alone_h)"),
    (wrong("zeros-skipped", "It is the same: the LSTM skips steps that are all zeros",
           "The LSTM has no notion of padding; it reads the zeros.",
           "same(h_n[0, 1], alone_h)"),
     wrong("zeros-leave-state", "It is the same: a zero input leaves the state unchanged",
           "Biases and the recurrent weights still act on a zero input.",
           "same(output[2, 1], output[4, 1])"),
     wrong("zero-rows-refused", "Neither: torch refuses a batch in which some sequences contain whole rows of zeros",
           "Zeros are valid inputs.",
           "raises(lambda: lstm(x)) is not None")),
    ("The padded batch is (5, 2, 3); sequence 2 has real data in steps 0 to 2.",
     "Steps 3 and 4 are zeros, yet the gates still use the biases and h.",
     "So the state keeps changing after the real data ends."),
    "Compare output[2, 1] with output[4, 1]: they differ, so the zeros moved the state.",
    "What does a gate compute when x_t is all zeros?",
    ("Expecting zero steps to be skipped or to leave the state alone.",
     "Expecting torch to refuse zeros."),
    setup=PADDED, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("packing-fixes", Item(
    "padding", "medium",
    "The same padded batch (lengths 5 and 3) is packed with `pack_padded_sequence` before the LSTM. What is `h_n` for the short sequence?",
    right("Its state after its 3rd real step, the same as running it alone",
          "Packing stops each sequence at its length, so h_n holds the real last state.",
          "same(packed_h[0, 1], alone_h)"),
    (wrong("packing-is-speed-only", "The same as without packing: packing saves time but changes no result",
           "Packing changes h_n for the short sequence.",
           "same(packed_h, h_n)"),
     wrong("finished-is-zero", "Zeros, as a sequence that ended early has no final state",
           "It has a final state: the one at its last real step.",
           "bool((packed_h[0, 1] == 0).all())"),
     wrong("longest-only", "Missing: packed h_n keeps only the longest sequence",
           "h_n keeps every sequence of the batch.",
           "packed_h.shape[1] == 1")),
    ("pack_padded_sequence records each sequence's length.",
     "The LSTM then stops each sequence at its own length.",
     "h_n[0, 1] is the state after step 3, as if the sequence were run alone."),
    "Unpacked output at step 2 of sequence 2 equals h_n[0, 1]: its last real step.",
    "Where does a packed sequence stop being read?",
    ("Treating packing as only an optimisation.",
     "Expecting zeros or a missing state for shorter sequences."),
    setup=PADDED, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("enforce-sorted", Item(
    "padding", "easy",
    "A padded batch has lengths `[2, 5]`, shortest first. What does `pack_padded_sequence` do with it?",
    right("Refused with the default enforce_sorted=True; packed with enforce_sorted=False",
          "The default expects lengths in decreasing order; False lets torch sort them itself.",
          "raises(lambda: pack_padded_sequence(x, [2, 5])) is not None and "
          "raises(lambda: pack_padded_sequence(x, [2, 5], enforce_sorted=False)) is None"),
    (wrong("sorts-by-default", "It is packed by default, since torch sorts the lengths itself",
           "Sorting happens only with enforce_sorted=False.",
           "raises(lambda: pack_padded_sequence(x, [2, 5])) is None"),
     wrong("never-unsorted", "It is refused either way: unsorted lengths can never be packed, whatever enforce_sorted says",
           "enforce_sorted=False packs them.",
           "raises(lambda: pack_padded_sequence(x, [2, 5], enforce_sorted=False)) is not None"),
     wrong("wants-increasing", "It is packed by default, as torch wants lengths in increasing order",
           "torch wants decreasing order by default.",
           "raises(lambda: pack_padded_sequence(x, [2, 5])) is None")),
    ("enforce_sorted=True (the default) expects the longest sequence first.",
     "[2, 5] is increasing, so the default refuses it.",
     "enforce_sorted=False sorts internally and remembers how to undo it."),
    "[5, 2] with the default works: same data, sorted order.",
    "In which order does the default expect the lengths?",
    ("Expecting automatic sorting by default.",
     "Believing unsorted lengths cannot be packed."),
    setup=build("from torch.nn.utils.rnn import pack_padded_sequence\nx = torch.randn(5, 2, 3)\n"),
    docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("unsorted-order", Item(
    "padding", "medium",
    "Sequences of lengths 2 and 5 (in that order) are packed with `enforce_sorted=False` and run through an LSTM. Whose state is `h_n[0, 0]`?",
    right("The 2-step sequence, which torch puts back first",
          "torch sorts for the computation and unsorts h_n afterwards.",
          "same(h_n[0, 0], short_h)"),
    (wrong("stays-sorted", "The longest sequence, of length 5, because h_n comes back in the sorted order torch used internally",
           "h_n is returned in the order given.",
           "same(h_n[0, 0], long_h)"),
     wrong("padded-state", "The first sequence, but at step 5, through its padding",
           "Packing stops it at step 2.",
           "same(h_n[0, 0], padded_h[0, 0])"),
     wrong("summed", "Both sequences' final states added, as the packed batch is one stream",
           "Each sequence keeps its own state.",
           "same(h_n[0, 0], short_h + long_h)")),
    ("With enforce_sorted=False torch records sorted_indices and unsorted_indices.",
     "It runs the sequences in sorted order, then puts h_n back in the original order.",
     "So h_n[0, 0] belongs to the 2-step sequence, stopped after its 2nd step."),
    "Run the 2-step sequence alone: its h_n equals h_n[0, 0] of the packed run.",
    "After sorting for the computation, what does torch do with the states?",
    ("Expecting the sorted order to leak out.",
     "Running short sequences through their padding."),
    setup=UNSORTED, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("packed-data", Item(
    "padding", "medium",
    "Three sequences of lengths 4, 2 and 1, padded to (4, 3, 3), are packed. What is `packed.data.shape`?",
    right("(7, 3): one row for every real step of every sequence",
          "4 + 2 + 1 = 7 real steps, each with 3 features.",
          "tuple(packed.data.shape) == (7, 3)"),
    (wrong("padding-kept", "(12, 3): every padded step is kept, 4 * 3",
           "Packing drops the padded steps.",
           "tuple(packed.data.shape) == (12, 3)"),
     wrong("still-padded", "(4, 3, 3): the padded tensor is kept and the lengths are attached",
           "data is 2-D: the steps are flattened.",
           "packed.data.dim() == 3"),
     wrong("row-per-step", "(4, 3): one row per time step",
           "Each sequence's step gets its own row.",
           "tuple(packed.data.shape) == (4, 3)")),
    ("Packing keeps only the real steps: 4 + 2 + 1 = 7.",
     "They are stored step by step across the batch, each as a row of features.",
     "So data is (7, 3)."),
    "batch_sizes sums to the number of rows: 3 + 2 + 1 + 1 = 7.",
    "Which steps does packing keep?",
    ("Keeping the padding.",
     "Expecting a padded or per-step layout."),
    setup=PACK_421, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("batch-sizes", Item(
    "padding", "medium",
    "Sequences of lengths 4, 2 and 1 are packed. What is `packed.batch_sizes`?",
    right("[3, 2, 1, 1]: how many sequences are still running at each step",
          "Step 0 has 3, step 1 has 2 (the 1-step one ended), steps 2 and 3 have 1.",
          "sizes == [3, 2, 1, 1]"),
    (wrong("sizes-are-lengths", "[4, 2, 1]: the length of each sequence, longest first",
           "Those are the lengths; batch_sizes counts per step.",
           "sizes == [4, 2, 1]"),
     wrong("full-batch", "[3, 3, 3, 3]: the batch size at every step",
           "Sequences drop out as they end.",
           "sizes == [3, 3, 3, 3]"),
     wrong("counted-backwards", "[1, 1, 2, 3]: counted from the last step to the first",
           "The count runs from the first step.",
           "sizes == [1, 1, 2, 3]")),
    ("At step 0 all 3 sequences are running.",
     "At step 1 the 1-step sequence has ended: 2.",
     "At steps 2 and 3 only the 4-step sequence is left: [3, 2, 1, 1]."),
    "The entries add up to 7, the number of real steps.",
    "How many sequences still have data at step 1?",
    ("Reading batch_sizes as lengths.",
     "Counting from the end or ignoring sequences that ended."),
    setup=PACK_421, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("packed-output", Item(
    "padding", "easy",
    "An `nn.LSTM` is called on a `PackedSequence`. What comes back as `output`?",
    right("A PackedSequence as well, which pad_packed_sequence turns back into a tensor",
          "The LSTM keeps the packed form; unpacking is a separate step.",
          "isinstance(packed_out, PackedSequence)"),
    (wrong("returns-padded", "A padded tensor straight away, ready to index by step",
           "output stays packed.",
           "isinstance(packed_out, torch.Tensor)"),
     wrong("states-packed", "A tensor, while h_n comes back as a PackedSequence",
           "h_n is a plain tensor.",
           "isinstance(packed_h, PackedSequence)"),
     wrong("returns-list", "A list of tensors, one per sequence of the batch, each as long as its own sequence",
           "torch returns one PackedSequence.",
           "isinstance(packed_out, list)")),
    ("Packed in, packed out: output is a PackedSequence.",
     "h_n and c_n are ordinary tensors of final states.",
     "pad_packed_sequence(output) gives a padded tensor and the lengths."),
    "output.data has one row per real step, like the packed input.",
    "Does the LSTM unpack its result by itself?",
    ("Expecting an unpacked tensor or a list.",
     "Expecting packed states."),
    setup=PADDED, docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("unpacked-zeros", Item(
    "padding", "medium",
    "The packed output of an LSTM (lengths 5 and 3) is turned back with `pad_packed_sequence`. What fills the short sequence's steps 3 and 4?",
    right("Zeros, the default padding value, at every position past its length",
          "pad_packed_sequence fills positions without data with padding_value, 0 by default.",
          "bool((unpacked[3:, 1] == 0).all())"),
    (wrong("repeats-last", "A copy of its last real output, repeated to the end",
           "Nothing is repeated; the gap is filled with zeros.",
           "same(unpacked[3, 1], unpacked[2, 1])"),
     wrong("runs-padding", "The LSTM's outputs on the padding, as if the zero rows had been run through the layer",
           "The padding was never run; the positions are zero.",
           "bool((unpacked[3:, 1] != 0).any())"),
     wrong("lengths-lost", "Zeros, but the lengths are lost and must be kept separately",
           "pad_packed_sequence returns the lengths too.",
           "not isinstance(lengths, torch.Tensor)")),
    ("The packed output has rows only for real steps.",
     "pad_packed_sequence rebuilds a (5, 2, 4) tensor and returns the lengths [5, 3].",
     "Positions with no data get padding_value = 0."),
    "unpacked[2, 1] equals packed_h[0, 1]: the last real step; after it come zeros.",
    "What value does pad_packed_sequence use for missing positions?",
    ("Expecting repeated or computed values in the gap.",
     "Forgetting that lengths come back."),
    setup=PADDED, docs="torch.nn.utils.rnn.pad_packed_sequence",
))

add("pack-batch-first", Item(
    "padding", "easy",
    "A batch-first tensor `x` of shape (3, 5, 2) holds sequences of lengths [5, 3, 2]. What happens if it is packed without `batch_first=True`?",
    right("It is refused: torch reads 5 as the batch size, which 3 lengths do not match",
          "Without the flag, axis 1 is the batch; 3 lengths do not fit a batch of 5.",
          "raises(lambda: pack_padded_sequence(x, [5, 3, 2])) is not None"),
    (wrong("detects-layout", "It is packed correctly, as torch works out the layout from the lengths",
           "torch does not guess; it reads axis 1 as the batch.",
           "raises(lambda: pack_padded_sequence(x, [5, 3, 2])) is None"),
     wrong("flag-only-for-lstm", "It is packed correctly: the flag matters for the LSTM, not for packing",
           "pack_padded_sequence has its own batch_first flag.",
           "raises(lambda: pack_padded_sequence(x, [5, 3, 2])) is None"),
     wrong("ignores-lengths", "It is packed with all 15 rows, since the lengths are ignored whenever batch_first is left out",
           "Lengths are always used; here they do not fit.",
           "raises(lambda: pack_padded_sequence(x, [5, 3, 2])) is None "
           "and pack_padded_sequence(x, [5, 3, 2]).data.shape[0] == 15")),
    ("pack_padded_sequence defaults to (steps, batch, features).",
     "So it reads x as 3 steps of a batch of 5.",
     "Three lengths for five sequences do not fit, so it refuses."),
    "With batch_first=True the same call succeeds, and data gets one row per real step.",
    "Which axis does packing take as the batch by default?",
    ("Expecting the layout to be guessed.",
     "Thinking only the LSTM cares about batch_first."),
    setup=build("from torch.nn.utils.rnn import pack_padded_sequence\nx = torch.randn(3, 5, 2)\n"),
    docs="torch.nn.utils.rnn.pack_padded_sequence",
))

add("pad-sequence", Item(
    "padding", "easy",
    "`pad_sequence` is given a list of two tensors, of shapes (4, 3) and (2, 3). What does it return by default?",
    right("A (4, 2, 3) tensor: longest length first, then the batch of 2",
          "pad_sequence stacks along a new batch axis after the time axis unless batch_first=True.",
          "tuple(padded.shape) == (4, 2, 3)"),
    (wrong("pad-batch-first", "A (2, 4, 3) tensor: batch first, the layout that most models built with nn.LSTM expect",
           "The default is time first.",
           "tuple(padded.shape) == (2, 4, 3)"),
     wrong("pad-concatenates", "A (6, 3) tensor: the two sequences joined end to end",
           "pad_sequence adds a batch axis; it does not concatenate.",
           "tuple(padded.shape) == (6, 3)"),
     wrong("pad-truncates", "A (2, 2, 3) tensor: both cut to the shorter length",
           "It pads to the longest; nothing is cut.",
           "tuple(padded.shape) == (2, 2, 3)")),
    ("The longest sequence has 4 steps, so every sequence is padded to 4.",
     "The default layout is (steps, batch, features).",
     "So the result is (4, 2, 3), with zeros in the short sequence's last 2 steps."),
    "With batch_first=True the same call gives (2, 4, 3).",
    "Which axis comes first by default, and which length wins?",
    ("Assuming batch-first output.",
     "Concatenating or truncating instead of padding."),
    setup=build("from torch.nn.utils.rnn import pad_sequence\npadded = pad_sequence([torch.randn(4, 3), torch.randn(2, 3)])\n"),
    docs="torch.nn.utils.rnn.pad_sequence",
))
