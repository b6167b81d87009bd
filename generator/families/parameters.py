"""parameters: how many learnable numbers an ``nn.LSTM`` holds, and the shape of one named weight.

The truth is read off torch (``sum(p.numel() ...)`` or ``lstm.<name>.shape`` in the snippet);
each wrong option recomputes the count or shape with one named slip (three gates, one bias,
the reverse direction forgotten, hidden_size where proj_size rules, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Candidate
from .base import Explanation, Family, lstm_call, shape_text
from .distractors import pick
from .record import DictParams

MIN_SIZE, MAX_PARAM_SIZE = 2, 32  # small sizes keep the counts readable by hand
MAX_LAYERS = 3
TOTAL = "total"


@dataclass(frozen=True)
class ParametersParams(DictParams):
    """One draw: the layer's arguments and what is asked (``total`` or a parameter's name)."""

    OPTIONAL = ("kind",)  # stored only when not "single": single items keep the params they had before kinds existed

    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    bidirectional: bool
    proj_size: int
    target: str
    kind: str = "single"  # "numeric": the count is typed in (target is then always the total)


def _structures(difficulty: str):
    """Every (num_layers, bidirectional, has_proj, bias) a draw at ``difficulty`` can have."""
    for layers in range(1, MAX_LAYERS + 1):
        for bidirectional in (False, True):
            for proj in (False, True):
                for bias in (True, False):
                    hard = layers > 1 or bidirectional or proj
                    if hard == (difficulty == "hard"):
                        yield layers, bidirectional, proj, bias


def param_names(num_layers: int, bidirectional: bool, proj: bool, bias: bool) -> list[str]:
    """torch's parameter names for a configuration, in torch's order."""
    names = []
    for layer in range(num_layers):
        for suffix in ("", "_reverse") if bidirectional else ("",):
            kinds = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if bias else []) + (["weight_hr"] if proj else [])
            names += [f"{kind}_l{layer}{suffix}" for kind in kinds]
    return names


def _split_name(name: str) -> tuple[str, int, bool]:
    """``weight_hh_l1_reverse`` → ("weight_hh", 1, True)."""
    reverse = name.endswith("_reverse")
    core = name[: -len("_reverse")] if reverse else name
    kind, layer = core.rsplit("_l", 1)
    return kind, int(layer), reverse


def _few_answers(name: str, proj: bool) -> bool:
    """Targets whose shape hangs on hidden_size alone: a bias, or weight_hh without a projection."""
    return name.startswith("bias") or (name.startswith("weight_hh") and not proj)


def _is_tricky(name: str) -> bool:
    kind, layer, reverse = _split_name(name)
    return layer > 0 or reverse or kind == "weight_hr"


def _names_of(p: dict) -> list[str]:
    return param_names(p.num_layers, p.bidirectional, p.proj_size > 0, p.bias)


def count_params(p: dict, gates: int = 4, biases: int | None = None, directions: int | None = None,
                 upper_input: str = "right", use_proj: bool = True, with_hr: bool = True,
                 layers: int | None = None) -> int:
    """The parameter count, or the count a student gets with one slip (the keyword arguments)."""
    I, H = p.input_size, p.hidden_size
    P = p.proj_size if use_proj else 0
    D = 2 if p.bidirectional else 1
    h_out = P or H
    n_bias = (2 if p.bias else 0) if biases is None else biases
    total = 0
    for layer in range(p.num_layers if layers is None else layers):
        if layer == 0 or upper_input == "input_size":
            width = I
        elif upper_input == "one-direction":
            width = h_out
        else:
            width = D * h_out
        per_direction = gates * H * (width + h_out) + n_bias * gates * H + (P * H if with_hr else 0)
        total += per_direction * (D if directions is None else directions)
    return total


def expected_shape(p) -> tuple:
    """The asked weight's shape by torch's rules (for the quick check; torch gives the key)."""
    kind, layer, _ = _split_name(p.target)
    D, h_out = 2 if p.bidirectional else 1, p.proj_size or p.hidden_size
    return {"weight_ih": (4 * p.hidden_size, p.input_size if layer == 0 else D * h_out),
            "weight_hh": (4 * p.hidden_size, h_out), "weight_hr": (p.proj_size, p.hidden_size),
            "bias_ih": (4 * p.hidden_size,), "bias_hh": (4 * p.hidden_size,)}[kind]


def _rows(H: int) -> str:
    return f"4 × {H} = {4 * H}"


class Parameters(Family):
    name = "parameters"
    difficulties = ("medium", "hard")
    kinds = ("single", "numeric")
    summary = (
        "The number of learnable parameters of an `nn.LSTM`, or the shape of one named weight "
        "such as `weight_hh_l1` or `bias_ih_l0_reverse`; stacked, bidirectional and projected "
        "layers in the harder draws, `bias=False` in some."
    )
    probes = ("lstm", TOTAL, "w")

    def sample(self, rng, difficulty):
        structures = list(_structures(difficulty))
        # bias=False in about a quarter of the draws; the rest spread over the structures.
        with_bias = [s for s in structures if s[3]]
        without = [s for s in structures if not s[3]]
        layers, bidirectional, proj, bias = rng.choice(without if rng.random() < 0.25 else with_bias)
        hidden = rng.randint(MIN_SIZE, MAX_PARAM_SIZE)
        size = rng.choice([n for n in range(MIN_SIZE, MAX_PARAM_SIZE + 1) if n != hidden])
        p = {
            "input_size": size,
            "hidden_size": hidden,
            "num_layers": layers,
            "bias": bias,
            "bidirectional": bidirectional,
            "proj_size": rng.randint(1, hidden - 1) if proj else 0,
        }
        names = param_names(layers, bidirectional, proj, bias)
        tricky = [n for n in names if _is_tricky(n)]
        roll = rng.random()
        if roll < 0.5:
            target = TOTAL
        elif tricky and roll < 0.88:
            target = rng.choice(tricky)  # ask about what makes the draw hard, most of the time
        else:
            target = rng.choice(names)
        if _few_answers(target, proj) and rng.random() < 0.7:
            # (4H,) and (4H, H) take few distinct values, so answers would repeat: asked less often.
            target = rng.choice([TOTAL] + [n for n in names if not _few_answers(n, proj)])
        return ParametersParams(**p, target=target)

    def decode(self, data):
        return ParametersParams.from_dict(data)

    def sample_kind(self, rng, difficulty, kind):
        if kind == "numeric":
            return replace(self.sample(rng, difficulty), target=TOTAL, kind="numeric")
        return super().sample_kind(rng, difficulty, kind)

    def kind_of(self, p):
        return p.kind

    def kind_capacity(self, difficulty, kind):
        if kind != "numeric":
            return self.capacity(difficulty)
        sizes = MAX_PARAM_SIZE - MIN_SIZE + 1
        plain = sizes * (sizes - 1)
        projected = (sizes - 1) * sum(h - 1 for h in range(MIN_SIZE, MAX_PARAM_SIZE + 1))
        return sum(projected if proj else plain for _, _, proj, _ in _structures(difficulty))

    def unit(self, p):
        return "learnable parameters"

    def difficulty_of(self, p):
        hard = p.num_layers > 1 or p.bidirectional or p.proj_size > 0
        return "hard" if hard else "medium"

    def capacity(self, difficulty):
        sizes = MAX_PARAM_SIZE - MIN_SIZE + 1
        # (input, hidden) with input != hidden; with a projection also 1 <= proj < hidden.
        plain = sizes * (sizes - 1)
        projected = (sizes - 1) * sum(h - 1 for h in range(MIN_SIZE, MAX_PARAM_SIZE + 1))
        total = 0
        for layers, bidirectional, proj, bias in _structures(difficulty):
            targets = 1 + len(param_names(layers, bidirectional, proj, bias))
            total += (projected if proj else plain) * targets
        return total

    def snippet(self, p):
        if p.target == TOTAL:
            last = f"{TOTAL} = sum(p.numel() for p in lstm.parameters())\n"
        else:
            last = f"w = lstm.{p.target}\n"
        return f"import torch.nn as nn\n\nlstm = {lstm_call(p.to_dict())}\n{last}"

    def stem(self, p):
        if p.kind == "numeric":
            return ("The code below counts the learnable numbers in an LSTM layer. "
                    "What value does `total` hold? Enter a whole number.")
        if p.target == TOTAL:
            return ("The code below counts the learnable numbers in an LSTM layer. "
                    "What is the value of `total`?")
        return (f"What is the shape of `w`, the layer's `{p.target}` parameter "
                "(written as a tuple)?")

    def truth(self, p, main):
        if p.target == TOTAL:
            return main.values[TOTAL]
        return tuple(main.values["w"]["shape"])

    # --- wrong answers: misconceptions as functions of the params ----------------------------

    def _wrong_totals(self, p) -> list[tuple[str, int, str]]:
        """(id, count, why) of every slip that applies to this configuration."""
        layers, D, bias, P, H = p.num_layers, 2 if p.bidirectional else 1, p.bias, p.proj_size, p.hidden_size
        out = [
            ("three-gates", count_params(p, gates=3),
             f"Counts three gate blocks of {H} rows, as in a GRU; an LSTM stacks four (input, forget, cell, output)."),
            ("one-gate", count_params(p, gates=1),
             f"Counts one block of {H} rows per matrix, as in a plain RNN; an LSTM has four gate blocks."),
            ("gates-three-and-one-bias", count_params(p, gates=3, biases=1 if bias else 0),
             "Two slips: three gate blocks, as in a GRU, and one bias vector where torch keeps two."),
        ]
        if bias:
            out += [("one-bias-vector", count_params(p, biases=1),
                     f"Counts one bias of 4 × {H} per layer and direction; torch keeps two, bias_ih and bias_hh."),
                    ("forgets-biases", count_params(p, biases=0),
                     "Leaves out the bias vectors, which bias=True keeps.")]
        else:
            out += [("bias-false-ignored", count_params(p, biases=2),
                     f"Adds two bias vectors of 4 × {H} although bias=False removes them."),
                    ("bias-false-keeps-one", count_params(p, biases=1),
                     "Keeps one bias vector per layer and direction although bias=False removes all of them.")]
        if D == 2:
            out.append(("forgets-reverse-direction", count_params(p, directions=1),
                        "Forgets the reverse direction: a bidirectional layer has a second, equally large set of weights."))
            out.append(("reverse-and-three-gates", count_params(p, directions=1, gates=3),
                        "Two slips: one direction only, and three gate blocks as in a GRU."))
        else:
            out.append(("doubles-one-direction", count_params(p, directions=2),
                        "Doubles the count as if the layer were bidirectional; it runs one way."))
        if layers > 1:
            out.append(("upper-layers-read-input", count_params(p, upper_input="input_size"),
                        f"Gives every layer input_size={p.input_size} inputs; layers above the first read the "
                        "output of the layer below."))
            out.append(("counts-first-layer-only", count_params(p, layers=1),
                        f"Counts only the first layer; num_layers={layers} stacks {layers - 1} more."))
            if D == 2:
                out.append(("upper-layers-read-one-direction", count_params(p, upper_input="one-direction"),
                            "Forgets that upper layers read both directions of the layer below, so their "
                            "input is twice as wide."))
        if P:
            out.append(("ignores-projection", count_params(p, use_proj=False),
                        f"Ignores proj_size={P}: weight_hh then reads {H} features instead of {P}, and "
                        "weight_hr is left out."))
            out.append(("forgets-weight-hr", count_params(p, with_hr=False),
                        f"Forgets the projection matrix weight_hr ({P} × {H}) of every layer and direction."))
        return out

    def _wrong_shapes(self, p) -> list[tuple[str, tuple, str]]:
        """(id, shape, why) of every slip that applies to the asked tensor."""
        kind, layer, reverse = _split_name(p.target)
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        h_out = P or H
        out: list[tuple[str, tuple, str]] = []
        gates3 = f"Uses three gate blocks ({3 * H} rows), as in a GRU; an LSTM stacks four."
        one_gate = f"Forgets that the four gates are stacked: the rows are 4 × {H}, not {H}."
        if kind == "weight_ih":
            width = I if layer == 0 else D * h_out
            out += [("gates-not-stacked", (H, width), one_gate), ("three-gates", (3 * H, width), gates3),
                    ("transposed", (width, 4 * H), "Transposes the matrix: torch stores (4 × hidden_size, in_features), "
                                                   "as nn.Linear stores (out, in)."),
                    ("merges-ih-and-hh", (4 * H, width + h_out), "Merges the input and recurrent weights into one "
                                                                 "matrix; torch keeps weight_ih and weight_hh apart."),
                    ("transposed-three-gates", (width, 3 * H), "Two slips: transposed, and three gate blocks as in a GRU."),
                    ("hidden-as-input-width", (4 * H, h_out), f"Gives the matrix the recurrent width {h_out}; weight_ih "
                                                              "multiplies the layer's input.")]
            if layer > 0:
                out.append(("upper-layer-reads-input", (4 * H, I),
                            f"Gives layer {layer} input_size={I} columns; it reads the output of layer {layer - 1}."))
                if D == 2:
                    out.append(("upper-layer-reads-one-direction", (4 * H, h_out),
                                f"Forgets that layer {layer} reads both directions of the layer below, 2 × {h_out}."))
                if P:
                    out.append(("upper-layer-ignores-projection", (4 * H, D * H),
                                f"Uses hidden_size where proj_size rules: layer {layer - 1} outputs {P} features "
                                "per direction."))
            if D == 2:
                out.append(("directions-share-matrix", (8 * H, width),
                            "Stacks both directions in one matrix; each direction has its own, _reverse in the name."))
        elif kind == "weight_hh":
            out += [("gates-not-stacked", (H, h_out), one_gate), ("three-gates", (3 * H, h_out), gates3),
                    ("transposed", (h_out, 4 * H), "Transposes the matrix: torch stores (4 × hidden_size, H_out)."),
                    ("recurrent-reads-input", (4 * H, I if layer == 0 else D * h_out),
                     "Gives the recurrent weights the width of the layer's input; they read the layer's own "
                     "previous hidden state."),
                    ("transposed-three-gates", (h_out, 3 * H), "Two slips: transposed, and three gate blocks as in a GRU.")]
            if P:
                out.append(("ignores-projection", (4 * H, H),
                            f"Uses hidden_size={H} where proj_size={P} rules: the recurrent weights read the projected state."))
                out.append(("projection-shrinks-gates", (4 * P, P),
                            f"Shrinks the gate rows to proj_size too; the gates keep 4 × {H} rows."))
            if D == 2:
                out.append(("reads-both-directions", (4 * H, 2 * h_out),
                            "Lets each direction read both directions' states; each recurs only on its own."))
                out.append(("directions-share-matrix", (8 * H, h_out),
                            "Stacks both directions in one matrix; each direction has its own."))
        elif kind in ("bias_ih", "bias_hh"):
            other = "bias_hh" if kind == "bias_ih" else "bias_ih"
            out += [("gates-not-stacked", (H,), f"Forgets that the biases of the four gates are stacked: 4 × {H}."),
                    ("three-gates", (3 * H,), gates3),
                    ("merges-biases", (8 * H,), f"Merges {kind} and {other} into one vector; torch keeps both."),
                    ("bias-is-column", (4 * H, 1), "Makes the bias a column matrix; torch's biases are 1-D."),
                    ("bias-like-weight", (4 * H, I if layer == 0 else D * h_out),
                     "Gives the bias the shape of the matching weight matrix; a bias adds one number per row."),
                    ("bias-three-gates-column", (3 * H, 1), "Two slips: three gate blocks, and a column instead of a 1-D tensor.")]
            if P:
                out.append(("projection-shrinks-gates", (4 * P,), f"Sizes the gates with proj_size={P}; they keep hidden_size."))
            if D == 2:
                out.append(("directions-on-own-axis", (4 * H, 2),
                            "Adds an axis for the two directions; each direction has its own bias tensor."))
        else:  # weight_hr
            out += [("transposed", (H, P), "Transposes the projection: it maps hidden_size to proj_size and is "
                                           "stored as (proj_size, hidden_size)."),
                    ("projects-gates", (P, 4 * H), "Thinks the projection acts on the four gate blocks; it acts on h."),
                    ("projection-has-gates", (4 * P, H), "Stacks four gate blocks in the projection; it has none."),
                    ("square-projection", (P, P), "Makes the projection square; it shrinks hidden_size to proj_size."),
                    ("projection-reads-input", (P, I if layer == 0 else D * P),
                     "Gives the projection the layer's input width; it multiplies the hidden state."),
                    ("transposed-gates", (4 * H, P), "Two slips: transposed, and four gate blocks in the projection.")]
            if D == 2:
                out.append(("projects-both-directions", (P, 2 * H),
                            "Projects both directions at once; each direction has its own projection."))
        return out

    def options(self, p, main):
        true = self.truth(p, main)
        text = str if p.target == TOTAL else shape_text
        why = self._why_total(p) if p.target == TOTAL else self._why_shape(p)
        intended = Candidate(text(true), why, value=true)
        if p.kind == "numeric":
            return intended, self.candidates(p, true)  # every slip is a trap; the engine keeps three
        return intended, pick(intended, self.candidates(p, true), repr(p))

    def candidates(self, p, true) -> list[Candidate]:
        """Every misconception that applies to ``p``, once per value; none that lands on ``true``."""
        wrong = self._wrong_totals(p) if p.target == TOTAL else self._wrong_shapes(p)
        text = str if p.target == TOTAL else shape_text
        seen, pool = {true}, []
        for mid, value, why in wrong:
            if value not in seen:
                seen.add(value)
                pool.append(Candidate(text(value), why, value=value, misconception=mid))
        return pool

    def _why_total(self, p):
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        parts = [f"4 × {H} rows of input and recurrent weights"]
        if p.bias:
            parts.append("two biases")
        if P:
            parts.append(f"a {P} × {H} projection")
        return (f"Each of the {p.num_layers * D} layer-direction pair(s) holds " + ", ".join(parts)
                + f"; layer 0 reads {I} features" + (", the layers above read the layer below." if p.num_layers > 1 else "."))

    def _why_shape(self, p):
        kind, layer, reverse = _split_name(p.target)
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        h_out = P or H
        if kind == "weight_ih":
            width = I if layer == 0 else D * h_out
            source = "the input" if layer == 0 else f"the output of layer {layer - 1}"
            return f"Four gate blocks of {H} rows, and one column for each of the {width} features of {source}."
        if kind == "weight_hh":
            return f"Four gate blocks of {H} rows, and one column for each of the {h_out} features of the previous hidden state."
        if kind in ("bias_ih", "bias_hh"):
            return f"One bias per gate row: four blocks of {H} numbers in a 1-D tensor."
        return f"The projection maps the {H} hidden features to {P}, stored like a Linear weight as (out, in)."

    # --- solution --------------------------------------------------------------------------

    def explain(self, p, main, correct):
        expl = self._explain_total(p, correct) if p.target == TOTAL else self._explain_shape(p, correct)
        return Explanation(steps=expl[0], quick_check=expl[1], hint=self._hint(p), mistakes=self._mistakes(p))

    def _explain_total(self, p, correct):
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        h_out = P or H
        holds = ["weight_ih (4 × hidden_size, in_features)", "weight_hh (4 × hidden_size, H_out)"]
        if p.bias:
            holds.append("two biases of 4 × hidden_size")
        if P:
            holds.append("weight_hr (proj_size, hidden_size)")
        steps = [
            f"Each layer and direction holds {', '.join(holds[:-1])} and {holds[-1]}"
            + ("." if p.bias else "; bias=False removes the biases."),
            (f"proj_size={P}, so H_out = {P}." if P else f"There is no projection, so H_out = hidden_size = {H}."),
        ]
        layer_totals = []
        for layer in range(p.num_layers):
            width = I if layer == 0 else D * h_out
            parts = [f"4·{H}·{width}", f"4·{H}·{h_out}"]
            if p.bias:
                parts.append(f"2·4·{H}")
            if P:
                parts.append(f"{P}·{H}")
            one = 4 * H * (width + h_out) + (8 * H if p.bias else 0) + P * H
            source = ("input_size" if layer == 0 else
                      f"both directions of layer {layer - 1}" if D == 2 else f"the output of layer {layer - 1}")
            steps.append(f"Layer {layer} reads {width} features ({source}): {' + '.join(parts)} = {one}"
                         + (f" per direction, × 2 directions = {2 * one}." if D == 2 else "."))
            layer_totals.append(one * D)
        if len(layer_totals) > 1:
            steps.append(f"Adding the layers: {' + '.join(map(str, layer_totals))} = {sum(layer_totals)}.")
        steps.append(f"So `total` is {correct.text}.")
        tensors = len(_names_of(p))
        check = (f"list the tensors instead: `lstm.parameters()` yields {tensors} of them "
                 f"({2 + 2 * p.bias + bool(P)} per layer and direction); add their sizes one by one")
        return tuple(steps), check

    def _explain_shape(self, p, correct):
        kind, layer, reverse = _split_name(p.target)
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        h_out = P or H
        name = p.target
        reading = f"`{name}` belongs to layer {layer}" + (
            ", reverse direction; each direction has its own tensors, shaped like the forward ones."
            if reverse else (", forward direction." if D == 2 else "."))
        if kind == "weight_ih":
            if layer == 0:
                cols = f"Layer 0 reads the input, so it has input_size = {I} columns."
            else:
                cols = (f"Layer {layer} reads the output of layer {layer - 1}: "
                        + (f"{D} directions × H_out {h_out} = {D * h_out}" if D == 2 else f"H_out = {h_out}")
                        + " columns" + (f" (H_out is proj_size={P})." if P else "."))
            rule = f"Its rows are the four stacked gates: {_rows(H)}."
        elif kind == "weight_hh":
            rule = f"Its rows are the four stacked gates: {_rows(H)}."
            cols = (f"It multiplies the previous hidden state, which proj_size={P} shrinks to {P} features."
                    if P else f"It multiplies the previous hidden state of hidden_size = {H} features.")
        elif kind in ("bias_ih", "bias_hh"):
            rule = f"A bias adds one number to each gate row: {_rows(H)} numbers."
            cols = ("Biases are 1-D, so the shape has a single entry; what the layer reads"
                    + (" and the projection do" if P else " does") + " not change it.")
        else:
            rule = f"The projection turns the hidden state of {H} features into {P} features."
            cols = "torch stores it like a Linear weight: (out_features, in_features) = (proj_size, hidden_size)."
        numel = 1
        for d in expected_shape(p):
            numel *= d
        if kind.startswith("bias"):
            check = ("a bias is added to the matrix product of the matching weight: it has one entry per row "
                     "of that weight and no second axis")
        else:
            check = (f"`w.numel()` is {numel}: the number of values this tensor adds to the layer's count; "
                     "your shape's entries must multiply to it")
        return (reading, rule, cols, f"So `w.shape` is {correct.text}."), check

    def _hint(self, p) -> str:
        turn = p.input_size + p.hidden_size + p.num_layers
        if p.target == TOTAL:
            first = ("How many gate blocks does each weight matrix stack", "Which tensors does one layer and direction hold",
                     "What does each matrix multiply")[turn % 3]
            then = []
            if p.num_layers > 1:
                then.append("what the layers above the first read")
            if p.bidirectional:
                then.append("what the second direction adds")
            if p.proj_size:
                then.append("what the projection changes")
            if not p.bias:
                then.append("what bias=False leaves out")
            return first + ("; and " + ", ".join(then) if then else "") + "?"
        kind, layer, reverse = _split_name(p.target)
        rows = ("What do the rows of a gate matrix count", "How many gate blocks are stacked in the rows")[turn % 2]
        cols = {
            "weight_ih": f"which tensor layer {layer}'s input weights multiply",
            "weight_hh": "which state the recurrent weights multiply",
            "weight_hr": "which way the projection maps, and how torch stores a Linear-like weight",
            "bias_ih": "how many axes a bias has", "bias_hh": "how many axes a bias has",
        }[kind]
        return f"{rows}, and {cols}?"

    def _mistakes(self, p) -> tuple[str, ...]:
        out = ["Counting three or one gate blocks (GRU, plain RNN) instead of the LSTM's four."]
        if p.num_layers > 1:
            out.append("Sizing every layer's input weights with input_size; upper layers read the layer below.")
        if p.bidirectional:
            out.append("Treating the reverse direction as part of the forward tensors instead of a full second set.")
        if p.proj_size:
            out.append("Letting proj_size shrink the gates, or forgetting the projection matrix itself.")
        if p.target != TOTAL:
            out.append("Writing the matrix as (in, out); torch stores (out, in), like nn.Linear.")
        elif p.bias:
            out.append("Counting one bias vector where torch keeps two per layer and direction.")
        else:
            out.append("Counting biases that bias=False removed.")
        return tuple(out)
