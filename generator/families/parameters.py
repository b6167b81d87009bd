"""parameters: how many learnable numbers an ``nn.LSTM`` holds, and the shape of one named weight.

The truth is read off torch (``sum(p.numel() ...)`` or ``lstm.<name>.shape`` in the snippet);
each wrong option recomputes the count or shape with one named slip (three gates, one bias,
the reverse direction forgotten, hidden_size where proj_size rules, ...).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import Candidate
from .base import Explanation, Family, lstm_call, shape_text

MIN_SIZE, MAX_PARAM_SIZE = 2, 32  # small sizes keep the counts readable by hand
MAX_LAYERS = 3
TOTAL = "total"


@dataclass(frozen=True)
class ParametersParams:
    """One draw: the layer's arguments and what is asked (``total`` or a parameter's name)."""

    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    bidirectional: bool
    proj_size: int
    target: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ParametersParams":
        return cls(**data)


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


def _prefer(specific: list, generic: list, truth, keep: int = 4) -> list:
    """The slips a hard draw is about come first: every distinct specific one, then generic
    ones only until ``keep`` candidates differ from the truth (the builder picks three)."""
    chosen, seen = [], {truth}
    for value, why in specific + generic:
        if value in seen:
            continue
        if len(chosen) >= keep and (value, why) in generic:
            break
        chosen.append((value, why))
        seen.add(value)
    return chosen


def _rows(H: int) -> str:
    return f"4 × {H} = {4 * H}"


class Parameters(Family):
    name = "parameters"
    difficulties = ("medium", "hard")
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
        if roll < 0.4:
            target = TOTAL
        elif tricky and roll < 0.85:
            target = rng.choice(tricky)  # ask about what makes the draw hard, most of the time
        else:
            target = rng.choice(names)
        return ParametersParams(**p, target=target)

    def decode(self, data):
        return ParametersParams.from_dict(data)

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
        if p.target == TOTAL:
            return ("The code below counts the learnable numbers in an LSTM layer. "
                    "What is the value of `total`?")
        return (f"What is the shape of `w`, the layer's `{p.target}` parameter "
                "(written as a tuple)?")

    def truth(self, p, main):
        if p.target == TOTAL:
            return main.values[TOTAL]
        return tuple(main.values["w"]["shape"])

    # --- wrong answers ---------------------------------------------------------------------

    def _wrong_totals(self, p) -> tuple[list, list]:
        """(slips tied to this configuration's features, slips any LSTM invites)."""
        layers, D, bias, P = p.num_layers, 2 if p.bidirectional else 1, p.bias, p.proj_size
        specific: list[tuple[int, str]] = []
        generic = [
            (count_params(p, gates=3), "Counts three gate blocks, as in a GRU; an LSTM stacks four "
                                       "(input, forget, cell and output gates)."),
            (count_params(p, gates=1), "Counts one block per weight matrix, as in a plain RNN; an LSTM "
                                       "has four gate blocks of hidden_size rows each."),
        ]
        if bias:
            generic.append((count_params(p, biases=1), "Counts one bias vector per layer and direction; "
                                                       "torch keeps two, bias_ih and bias_hh."))
            generic.append((count_params(p, biases=0), "Leaves out the bias vectors, which bias=True keeps."))
        else:
            specific.append((count_params(p, biases=2), "Adds bias vectors although bias=False removes them."))
            specific.append((count_params(p, biases=1), "Adds one bias vector per layer although bias=False "
                                                        "removes all of them."))
        if D == 2:
            specific.append((count_params(p, directions=1), "Forgets the reverse direction: a bidirectional "
                                                            "layer has a second, equally large set of weights."))
        else:
            generic.append((count_params(p, directions=2), "Doubles the count as if the layer were bidirectional."))
        if layers > 1:
            specific.append((count_params(p, upper_input="input_size"),
                             "Gives every layer input_size inputs; layers above the first read the output "
                             "of the layer below."))
            specific.append((count_params(p, layers=1), "Counts only the first layer; num_layers stacks more."))
            if D == 2:
                specific.append((count_params(p, upper_input="one-direction"),
                                 "Forgets that upper layers read both directions of the layer below, "
                                 "so their input is twice as wide."))
        if P:
            specific.append((count_params(p, use_proj=False), "Ignores the projection: with proj_size, "
                                                              "weight_hh reads proj_size features and "
                                                              "weight_hr adds proj_size × hidden_size."))
            specific.append((count_params(p, with_hr=False), "Forgets the projection matrix weight_hr "
                                                             "of every layer and direction."))
        return specific, generic

    def _wrong_shapes(self, p) -> tuple[list, list]:
        """(slips tied to this configuration's features, slips any LSTM invites)."""
        kind, layer, reverse = _split_name(p.target)
        I, H, P = p.input_size, p.hidden_size, p.proj_size
        D = 2 if p.bidirectional else 1
        h_out = P or H
        specific: list[tuple[tuple, str]] = []
        generic: list[tuple[tuple, str]] = []
        gates3 = "Uses three gate blocks, as in a GRU; an LSTM stacks four."
        one_gate = "Forgets that the four gates are stacked: the rows are 4 × hidden_size."
        if kind == "weight_ih":
            width = I if layer == 0 else D * h_out
            generic += [((H, width), one_gate), ((3 * H, width), gates3),
                        ((width, 4 * H), "Transposes the matrix: torch stores (4 × hidden_size, in_features)."),
                        ((4 * H, width + h_out), "Merges the input and hidden weights into one matrix; "
                                                 "torch keeps weight_ih and weight_hh apart.")]
            if layer == 0:
                generic.append(((4 * H, H), "Uses hidden_size for the input width of the first layer."))
            else:
                specific.append(((4 * H, I), "Gives an upper layer input_size inputs; it reads the output "
                                             "of the layer below."))
                if D == 2:
                    specific.append(((4 * H, h_out), "Forgets that an upper layer reads both directions "
                                                     "of the layer below, concatenated."))
                if P:
                    specific.append(((4 * H, D * H), "Uses hidden_size where proj_size rules: the layer "
                                                     "below outputs proj_size features per direction."))
            if D == 2:
                specific.append(((8 * H, width), "Stacks both directions in one matrix; each direction has "
                                                 "its own, with _reverse in the name."))
        elif kind == "weight_hh":
            generic += [((H, h_out), one_gate), ((3 * H, h_out), gates3),
                        ((h_out, 4 * H), "Transposes the matrix: torch stores (4 × hidden_size, H_out).")]
            if P:
                specific.append(((4 * H, H), "Uses hidden_size where proj_size rules: the recurrent "
                                             "weights read the projected state of proj_size features."))
                specific.append(((4 * P, P), "Shrinks the gate rows to proj_size too; only the hidden "
                                             "state is projected, the gates keep 4 × hidden_size rows."))
            if layer == 0:
                generic.append(((4 * H, I), "Gives the recurrent weights the input width; they read "
                                            "the previous hidden state."))
            else:
                specific.append(((4 * H, D * h_out), "Gives the recurrent weights the width of the layer's "
                                                     "input; they read the layer's own previous state."))
            if D == 2:
                specific.append(((4 * H, 2 * h_out), "Lets each direction read both directions' states; "
                                                     "each direction recurs only on its own."))
            if D == 2 or layer > 0:
                specific.append(((8 * H, h_out), "Doubles the gate rows as if directions or layers shared "
                                                 "one matrix."))
        elif kind in ("bias_ih", "bias_hh"):
            other = "bias_hh" if kind == "bias_ih" else "bias_ih"
            generic += [((H,), "Forgets that the biases of the four gates are stacked: 4 × hidden_size."),
                        ((3 * H,), gates3),
                        ((8 * H,), f"Merges {kind} and {other} into one vector; torch keeps both."),
                        ((4 * H, 1), "Makes the bias a column matrix; torch's biases are 1-D."),
                        ((4 * H, I if layer == 0 else D * h_out),
                         "Gives the bias the shape of the matching weight matrix.")]
            if P:
                specific.append(((4 * P,), "Sizes the gates with proj_size; the gates keep hidden_size."))
            if D == 2:
                specific.append(((8 * H,) if reverse else (4 * H, 2),
                                 "Thinks the reverse direction's bias continues the forward one in one "
                                 "vector; each direction has its own." if reverse else
                                 "Adds an axis for the two directions; each direction has its own bias "
                                 "tensor, named with _reverse for the backward one."))
        else:  # weight_hr: every slip is about the projection itself
            specific += [((H, P), "Transposes the projection: it maps hidden_size to proj_size, stored "
                                  "as (proj_size, hidden_size)."),
                         ((P, 4 * H), "Thinks the projection acts on the four gate blocks; it acts on h."),
                         ((4 * P, H), "Stacks four gate blocks in the projection; it has none."),
                         ((P, P), "Makes the projection square; it shrinks hidden_size to proj_size.")]
            if D == 2:
                specific.append(((P, 2 * H), "Projects both directions at once; each direction has its own projection."))
        return specific, generic

    def options(self, p, main):
        true = self.truth(p, main)
        if p.target == TOTAL:
            intended = Candidate(str(true), "Every layer and direction holds 4 × hidden_size rows of input "
                                            "and recurrent weights, plus the biases and the projection "
                                            "when they exist.", value=true)
            specific, generic = self._wrong_totals(p)
            text = str
        else:
            intended = Candidate(shape_text(true), self._why_shape(p), value=true)
            specific, generic = self._wrong_shapes(p)
            text = shape_text
        return intended, [Candidate(text(v), why, value=v) for v, why in _prefer(specific, generic, true)]

    def _why_shape(self, p):
        kind, layer, reverse = _split_name(p.target)
        return {
            "weight_ih": "Four gate blocks of hidden_size rows, one column per input feature of this layer.",
            "weight_hh": "Four gate blocks of hidden_size rows, one column per feature of the recurrent state.",
            "bias_ih": "One bias per gate row: 4 × hidden_size numbers in a 1-D tensor.",
            "bias_hh": "One bias per gate row: 4 × hidden_size numbers in a 1-D tensor.",
            "weight_hr": "The projection maps hidden_size features to proj_size, stored as (proj_size, hidden_size).",
        }[kind]

    # --- solution --------------------------------------------------------------------------

    def explain(self, p, main, correct):
        if p.target == TOTAL:
            return self._explain_total(p, correct)
        return self._explain_shape(p, correct)

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
            where = f"Layer {layer} reads {width} features ({source})"
            steps.append(f"{where}: {' + '.join(parts)} = {one}"
                         + (f" per direction, × 2 directions = {2 * one}." if D == 2 else "."))
            layer_totals.append(one * D)
        if len(layer_totals) > 1:
            steps.append(f"Adding the layers: {' + '.join(map(str, layer_totals))} = {sum(layer_totals)}.")
        steps.append(f"So `total` is {correct.text}.")
        return Explanation(
            steps=tuple(steps),
            quick_check=f"per layer and direction: 4·H·(in + H_out){' + 8·H' if p.bias else ''}"
                        f"{' + P·H' if P else ''}",
            hint="Four gates, two weight matrices" + (", two biases" if p.bias else "")
                 + (", one projection" if P else "") + ": per layer and per direction.",
        )

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
        return Explanation(
            steps=(reading, rule, cols, f"So `w.shape` is {correct.text}."),
            quick_check="weight_ih: (4H, in), weight_hh: (4H, H_out), biases: (4H,), weight_hr: (P, H)",
            hint="Rows count gates × hidden_size; columns count what the matrix multiplies.",
        )
