"""design: which ``nn.LSTM(...)`` call fits the data and the model around it.

Every option is run in the pipeline the stem describes: it is right only if torch builds a layer
that maps the data to the asked output. Every wrong option is a named misconception, built from
the item's own numbers; the engine drops any that torch happens to accept.

Situations differ in what the student must read: an embedding or a linear layer in front, a
second LSTM, a head behind, a batch-first tensor, a Keras port, a projection. Each situation is a
small class below that owns its stem, code, traps and solution pieces; the family looks the
item's situation up in ``DESIGN_SITUATIONS``.
"""

from __future__ import annotations

import random
from typing import Callable

from ..model import Candidate
from .base import MAX_SEQ_LEN, Explanation, Family
from .distractors import pick_balanced
from .layer_ask import FORMS, LayerAsk, Trap, extra_args, lstm_call, size_args, wrong_call


# --- design ---------------------------------------------------------------------------------

N_BATCH = 3  # sequences in the batch a design item's code runs


class SequenceDesign:
    """Sequences go straight into the layer; the base of every design situation."""

    name = "sequence"
    levels = ("medium", "hard")
    two_directions = False  # hard draws: the layer always runs both ways
    projects = False  # hard draws: the layer always projects
    batch_first = False  # the data is (batch, time, features)
    reads_layer_in_front = False  # the LSTM reads another layer's output, not the raw data
    hint = "Which number describes one time step, and which one only how many steps there are?"

    def other(self, rng: random.Random, drawn: int) -> int:
        """The situation's extra size (see LayerAsk.other), given one drawn like the widths."""
        return drawn

    def stem(self, p: LayerAsk, per_step: str) -> str:
        return (f"Your sequences have {p.seq_len} time steps with {p.input_size} features each. You want a "
                f"single-layer LSTM that outputs {per_step}. Which layer does that?")

    def setup(self, p: LayerAsk) -> tuple[str, str, str, tuple]:
        """(code before the layer, the forward line, the name holding the output, its expected shape)."""
        t, f, n = p.seq_len, p.input_size, N_BATCH
        return f"x = torch.randn({t}, {n}, {f})\n", "out, _ = layer(x)\n", "out", (t, n, p.out_width)

    def input_step(self, p: LayerAsk) -> str:
        f = p.input_size
        return f"Each time step carries {f} features, so `input_size={f}`."

    def own_traps(self, p: LayerAsk, sizes: Callable[[int, int], list[str]]) -> list[Trap]:
        """Traps only this situation has; ``sizes(i, h)`` writes two sizes in a drawn form."""
        return []


class BatchFirstDesign(SequenceDesign):
    name = "batch-first"
    levels = ("medium",)
    batch_first = True
    hint = "Which axis of `x` is time, and how does the layer learn that?"

    def stem(self, p, per_step):
        return (f"`x` holds 3 sequences as (batch, time, features) = (3, {p.seq_len}, {p.input_size}) and must "
                f"go into the LSTM unchanged; `layer` should output {per_step}. Which layer reads it correctly?")

    def setup(self, p):
        t, f, n = p.seq_len, p.input_size, N_BATCH
        return f"x = torch.randn({n}, {t}, {f})\n", "out, _ = layer(x)\n", "out", (n, t, p.out_width)


class KerasPort(BatchFirstDesign):
    name = "keras-port"
    hint = "Which of Keras' numbers is the width of one step, and which axis order did Keras assume?"

    def stem(self, p, per_step):
        return (f"A Keras model used `LSTM(units={p.out_width}, input_shape=({p.seq_len}, {p.input_size}), "
                "return_sequences=True)` on (batch, time, features) data. Which PyTorch layer does the same job on "
                "the same tensors?")

    def input_step(self, p):
        f = p.input_size
        return (f"Keras' `input_shape=({p.seq_len}, {f})` is (time, features): the features per step, {f}, are "
                f"`input_size`, and `units` is `hidden_size`.")

    def own_traps(self, p, sizes):
        keras_args = [f"units={p.hidden_size}", f"input_shape=({p.seq_len}, {p.input_size})", "batch_first=True"]
        return [(lstm_call(keras_args),
                 "keras-keyword-names",
                 "Copies Keras' argument names; `nn.LSTM` knows neither `units` nor `input_shape`.")]


class LayerInFront(SequenceDesign):
    """Another layer feeds the LSTM: it must be sized for that layer's output, not the raw data.
    ``front_code`` builds it and ``fed`` is what the LSTM reads."""

    reads_layer_in_front = True
    front_code = ""
    fed = ""

    def setup(self, p):
        t, n = p.seq_len, N_BATCH
        return (f"x = torch.randn({t}, {n}, {p.other})\n{self.front_code.format(p=p)}\n",
                f"out, _ = layer({self.fed})\n", "out", (t, n, p.out_width))

    def own_traps(self, p, sizes):
        return [(lstm_call(sizes(p.other, p.hidden_size) + extra_args(p)), "reads-raw-width",
                 f"Sizes the layer for the raw {p.other} features, but it reads the {p.input_size} features "
                 "coming out of the layer in front.")]


class LinearInFront(LayerInFront):
    name = "linear-in-front"
    front_code = "front = nn.Linear({p.other}, {p.input_size})"
    fed = "front(x)"
    hint = "Which tensor reaches the LSTM: the raw steps, or what `front` makes of them?"

    def stem(self, p, per_step):
        return (f"Sequences of {p.seq_len} raw steps with {p.other} features each pass through "
                f"`front = nn.Linear({p.other}, {p.input_size})` before the LSTM `layer`, which should output "
                f"{per_step}. Which layer fits?")

    def input_step(self, p):
        f = p.input_size
        return f"The LSTM reads what `front` gives: {f} features per step, not the raw {p.other}. So `input_size={f}`."


class SecondLstm(LayerInFront):
    name = "second-lstm"
    levels = ("hard",)
    two_directions = True
    front_code = "first = nn.LSTM({p.other}, {p.input_size})"
    fed = "first(x)[0]"
    hint = "What width does `first` hand on at every step?"

    def stem(self, p, per_step):
        return (f"`first = nn.LSTM({p.other}, {p.input_size})` reads sequences of {p.seq_len} steps; a second "
                f"LSTM `layer` reads `first`'s output and should give {per_step}. Which layer fits?")

    def input_step(self, p):
        f = p.input_size
        return (f"The second LSTM reads `first`'s output, {f} features per step (its hidden size), not the raw "
                f"{p.other}. So `input_size={f}`.")


class EmbeddingDesign(SequenceDesign):
    name = "embedding"
    reads_layer_in_front = True
    hint = "What does one token look like after `emb`: how many numbers, and how many tokens could there be?"

    def other(self, rng, drawn):
        return rng.randint(40, 500)  # a vocabulary, bigger than any width

    def stem(self, p, per_step):
        return (f"Sentences of {p.seq_len} tokens from a vocabulary of {p.other} go through "
                f"`emb = nn.Embedding({p.other}, {p.input_size})` into the LSTM `layer`, which should output "
                f"{per_step}. Which layer fits?")

    def setup(self, p):
        t, f, n = p.seq_len, p.input_size, N_BATCH
        return (f"emb = nn.Embedding({p.other}, {f})\ntokens = torch.randint(0, {p.other}, ({t}, {n}))\n",
                "out, _ = layer(emb(tokens))\n", "out", (t, n, p.out_width))

    def input_step(self, p):
        f = p.input_size
        return (f"The embedding turns each token into {f} numbers; the vocabulary size {p.other} is how many "
                f"rows it has, not what the LSTM reads. So `input_size={f}`.")

    def own_traps(self, p, sizes):
        return [(lstm_call(sizes(p.other, p.hidden_size) + extra_args(p)), "vocabulary-is-input-size",
                 f"Takes the vocabulary size {p.other} for the input width; each embedded token has "
                 f"{p.input_size} numbers.")]


class HeadBehind(SequenceDesign):
    name = "head-behind"
    levels = ("hard",)
    two_directions = True
    hint = "What width does `head` expect, and how do two directions combine?"

    def stem(self, p, per_step):
        return (f"A batch of {p.seq_len}-step sequences with {p.input_size} features per step goes through the "
                f"LSTM `layer`, then `head = nn.Linear({p.out_width}, 5)` reads every step of its output. The "
                "layer should run in both directions. Which layer fits?")

    def setup(self, p):
        t, f, n = p.seq_len, p.input_size, N_BATCH
        return (f"x = torch.randn({t}, {n}, {f})\nhead = nn.Linear({p.out_width}, 5)\n",
                "out = head(layer(x)[0])\n", "out", (t, n, 5))


class ProjectedDesign(SequenceDesign):
    name = "projected"
    levels = ("hard",)
    projects = True
    hint = "Which argument keeps the state wide but makes each output step narrower?"

    def stem(self, p, per_step):
        return (f"Memory is tight downstream: sequences of {p.seq_len} steps with {p.input_size} features each "
                f"should come out of a single-layer LSTM with {per_step}. Which layer does that?")


DESIGN_SITUATIONS: dict[str, SequenceDesign] = {
    s.name: s for s in (SequenceDesign(), BatchFirstDesign(), EmbeddingDesign(), LinearInFront(), SecondLstm(),
                        HeadBehind(), KerasPort(), ProjectedDesign())}


def _design_setup(p: LayerAsk) -> tuple[str, str, str, tuple]:
    return DESIGN_SITUATIONS[p.situation].setup(p)


def _design_program(p: LayerAsk, call: str) -> str:
    setup, forward, _, _ = _design_setup(p)
    return f"import torch\nimport torch.nn as nn\n\n{setup}layer = {call}\n{forward}"


class Design(Family):
    name = "design"
    difficulties = ("medium", "hard")
    summary = (
        "Pick the layer that fits the data and the model around it: F features per step to K per step "
        "(the length is not a constructor argument), batch-first tensors, a Keras port, an embedding or a "
        "linear layer in front, a second LSTM, a head behind, two directions and projections in the "
        "hard draws.")
    option_probes = ("layer", "out")

    def sample(self, rng, difficulty):
        names = sorted(name for name, s in DESIGN_SITUATIONS.items() if difficulty in s.levels)
        situation = DESIGN_SITUATIONS[rng.choice(names)]
        t, f, k, other = rng.sample(range(2, MAX_SEQ_LEN + 1), 4)
        bi = proj = 0
        if difficulty == "hard":
            bi = situation.two_directions or rng.random() < 0.5
            if situation.projects or (not bi and k > 2 and rng.random() < 0.3):
                proj = rng.randint(1, k - 1) if k > 2 else 0
            if not bi and not proj:
                bi = True
        other = situation.other(rng, other)
        return LayerAsk(situation.name, f, k, batch_first=situation.batch_first,
                        bidirectional=bool(bi), proj_size=proj, seq_len=t, other=other,
                        form=rng.choice(FORMS[:2]))

    def decode(self, data):
        return LayerAsk.from_dict(data)

    def difficulty_of(self, p):
        return "hard" if p.bidirectional or p.proj_size else "medium"

    def capacity(self, difficulty):
        n = MAX_SEQ_LEN - 1
        names = sum(difficulty in s.levels for s in DESIGN_SITUATIONS.values())
        return names * n ** 4 * 500 * 2 * (1 + 2 * MAX_SEQ_LEN)

    def stem(self, p):
        k = p.out_width
        per_step = f"{k} features at every time step"
        if p.bidirectional:
            per_step = f"{k} features at every time step, {k // 2} from each direction"
        if p.proj_size:
            per_step += f", projected down from a state of {p.hidden_size}"
        return DESIGN_SITUATIONS[p.situation].stem(p, per_step)

    def achieves(self, p, out):
        _, _, name, shape = _design_setup(p)
        layer, result = out.values.get("layer"), out.values.get(name)
        return bool(out.ok and result and layer and layer.get("module") == "LSTM"
                    and tuple(result["shape"]) == shape and layer["num_layers"] == 1
                    and layer["batch_first"] is p.batch_first and layer["bidirectional"] is p.bidirectional
                    and layer["proj_size"] == p.proj_size and layer["hidden_size"] == p.hidden_size)

    def options(self, p, main):
        right = lstm_call(size_args(p.form, p.input_size, p.hidden_size) + extra_args(p))
        intended = Candidate(right, _design_why(p), program=_design_program(p, right))
        wrong = [wrong_call(text, mid, why, _design_program(p, text)) for text, mid, why in _design_wrongs(p)]
        return intended, pick_balanced(intended, wrong, f"design:{sorted(p.to_dict().items())}")

    def explain(self, p, main, correct):
        situation = DESIGN_SITUATIONS[p.situation]
        t, f = p.seq_len, p.input_size
        steps = [situation.input_step(p),
                 "Each output step carries `hidden_size` features per direction"
                 + (f" (or `proj_size` when projecting: here {p.proj_size} from a state of {p.hidden_size})"
                    if p.proj_size else f": here {p.hidden_size}")
                 + (", and two directions join side by side, doubling the width." if p.bidirectional else "."),
                 f"The {t} time steps belong to the data, not to the layer: the same layer reads any length."]
        if p.batch_first:
            steps.append("The data has the batch first, so the layer needs `batch_first=True`; without it torch "
                         "would read the batch axis as time.")
        steps.append(f"`{correct.text}` fits all of this.")
        _, _, _, shape = situation.setup(p)
        return Explanation(
            steps=tuple(steps),
            quick_check=(f"Follow one tensor through the pipeline: the layer's input ends in {f} features, and "
                         f"the final output keeps all {t} steps, each ending in {shape[-1]} features."),
            hint=situation.hint,
            mistakes=_design_mistakes(p, situation),
        )


def _design_why(p: LayerAsk) -> str:
    parts = [f"it reads {p.input_size} features per step"]
    if p.bidirectional:
        parts.append(f"each direction outputs {p.proj_size or p.hidden_size} and the two are joined into {p.out_width}")
    elif p.proj_size:
        parts.append(f"its state of {p.hidden_size} is projected to {p.proj_size} per step")
    else:
        parts.append(f"each step's output is its {p.hidden_size}-wide hidden state")
    if p.batch_first:
        parts.append("`batch_first=True` matches the (batch, time, features) data")
    return "This layer fits: " + "; ".join(parts) + "; the length never enters the constructor."


def _design_wrongs(p: LayerAsk) -> list[Trap]:
    """(text, misconception, why) for every trap that applies: the length and the sizes, the
    layout, the situation's own, then the directions and the projection."""
    t, f, h = p.seq_len, p.input_size, p.hidden_size
    ex = extra_args(p)
    rng = random.Random(f"design-wrongs:{sorted(p.to_dict().items())}")

    def sizes(i, k):  # each trap in a form of its own, so the key is not their common centre
        return size_args(rng.choice(FORMS), i, k)

    out = [
        (lstm_call(sizes(h, f) + ex), "swaps-sizes",
         f"Swaps the sizes: the layer would expect {h} features per step and output {f}."),
        (lstm_call(sizes(t, h) + ex), "length-is-input-size",
         f"Takes the {t} time steps for the features per step; the input width is {f}."),
        (lstm_call(sizes(f, t) + ex), "length-is-hidden-size",
         f"Takes the {t} time steps for the output width; each step's output is {p.out_width} wide."),
        (lstm_call(sizes(f, h) + ex + [f"seq_len={t}"]), "length-is-a-setting",
         "Passes the length to the constructor; `nn.LSTM` has no such argument, it reads the length off the data."),
        (lstm_call(sizes(t * f, h) + ex), "flattens-the-sequence",
         f"Flattens the whole sequence into {t * f} inputs; an LSTM reads one step of {f} at a time."),
    ]
    if t <= 16 or not p.bidirectional:  # t stacked layers: kept small (tests/test_limits.py)
        out.append((lstm_call([str(f), str(h), str(t)] + ex), "length-is-third-argument",
                    f"Passes the length third; that place is `num_layers`, so this stacks {t} layers."))
    if p.batch_first:
        out.append((lstm_call(sizes(f, h) + extra_args(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first=True`: torch would read the batch axis as time."))
        out.append((lstm_call(sizes(f, h) + extra_args(p, bf=False) + ["batch_size=3"]), "batch-is-a-setting",
                    "Gives the batch size to the constructor; `nn.LSTM` has no such argument, and the layout "
                    "needs `batch_first`."))
    out += DESIGN_SITUATIONS[p.situation].own_traps(p, sizes)
    if p.bidirectional:
        out.append((lstm_call(sizes(f, p.out_width) + extra_args(p, bi=False)), "one-wide-direction",
                    f"Gets {p.out_width} features from one direction; the item asks for two directions."))
        if not p.proj_size:
            out.append((lstm_call(sizes(f, 2 * h) + ex), "directions-double-hidden",
                        f"Doubles `hidden_size` to {2 * h} for two directions: the joined output would be "
                        f"{4 * h} wide."))
        out.append((lstm_call(sizes(f, h) + extra_args(p, layers=2, bi=False)), "directions-are-layers",
                    f"Stacks two layers in place of two directions: the output stays {h} wide."))
    if p.proj_size:
        out.append((lstm_call(sizes(f, p.proj_size) + extra_args(p, proj=0)), "projection-is-hidden-size",
                    f"Builds a state of {p.proj_size} instead of projecting a state of {h} down to it."))
        out.append((lstm_call(sizes(f, h) + extra_args(p, proj=0)), "projection-forgotten",
                    f"Leaves out `proj_size`: each step would output the full {h}-wide state."))
    return out


def _design_mistakes(p: LayerAsk, situation: SequenceDesign) -> tuple[str, ...]:
    out = ["Treating the sequence length as part of the layer: it is a property of each batch of data."]
    if situation.reads_layer_in_front:
        out.append("Sizing the LSTM for the raw data instead of for what the layer in front hands it.")
    if p.batch_first:
        out.append("Expecting torch to detect the layout: without `batch_first=True` it reads axis 0 as time.")
    if p.bidirectional:
        out.append("Putting the doubled width of a bidirectional output into `hidden_size`.")
    if p.proj_size:
        out.append("Shrinking the hidden state itself when only the output should shrink.")
    if len(out) == 1:
        out.append("Mixing up which number is the input width and which the output width.")
    return tuple(out)
