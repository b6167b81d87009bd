"""constructor and design: which ``nn.LSTM(...)`` call builds the layer that was asked for.

Both run every option: an option is right only if torch builds the asked layer (constructor:
its sizes and settings; design: a layer that, in the data pipeline the stem describes, maps the
data to the asked output). Every wrong option is a named misconception, built from the item's
own numbers; the engine drops any that torch happens to accept.

Situations differ in what the student must read: a plain description, a ``functools.partial``
that fixes part of the call, a layer built inside a model class, an ``nn.RNN`` being replaced,
an embedding or a linear layer in front, a head behind, a batch-first tensor, a Keras port.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace

from ..model import Candidate
from .distractors import pick_balanced
from .base import MAX_SEQ_LEN, Explanation, Family

# --- params ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerAsk:
    """What a constructor or design item asks for: the situation and the layer's numbers.
    ``other`` is the situation's extra size (a vocabulary, a linear layer's width, ...), 0 if none."""

    situation: str
    input_size: int
    hidden_size: int
    num_layers: int = 1
    batch_first: bool = False
    bidirectional: bool = False
    proj_size: int = 0
    seq_len: int = 0
    other: int = 0
    form: str = "positional"
    kind: str = "single"  # "multiple": select every call that builds the layer

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.kind == "single":
            del d["kind"]  # single items keep the params they had before kinds existed
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "LayerAsk":
        return cls(**d)

    @property
    def extras(self) -> int:
        return (self.num_layers > 1) + self.batch_first + self.bidirectional + (self.proj_size > 0)

    @property
    def out_width(self) -> int:
        """Features per output step: the projection (or hidden) width, times the directions."""
        return (self.proj_size or self.hidden_size) * (2 if self.bidirectional else 1)


FORMS = ("positional", "keywords", "keywords-reversed")


def _sizes(form: str, i, h) -> list[str]:
    if form == "positional":
        return [str(i), str(h)]
    if form == "keywords":
        return [f"input_size={i}", f"hidden_size={h}"]
    return [f"hidden_size={h}", f"input_size={i}"]


def _extras(p: LayerAsk, layers=None, bf=None, bi=None, proj=None) -> list[str]:
    layers = p.num_layers if layers is None else layers
    bf = p.batch_first if bf is None else bf
    bi = p.bidirectional if bi is None else bi
    proj = p.proj_size if proj is None else proj
    out = []
    if layers != 1:
        out.append(f"num_layers={layers}")
    if bf:
        out.append("batch_first=True")
    if bi:
        out.append("bidirectional=True")
    if proj:
        out.append(f"proj_size={proj}")
    return out


def _lstm(args: list[str], head: str = "nn.LSTM") -> str:
    return f"{head}({', '.join(args)})"


def _facts(p: LayerAsk) -> dict:
    return {"input_size": p.input_size, "hidden_size": p.hidden_size, "num_layers": p.num_layers,
            "bias": True, "batch_first": p.batch_first, "bidirectional": p.bidirectional,
            "proj_size": p.proj_size}


def _layer_matches(layer, facts: dict) -> bool:
    # `is True`/`is False` on flags: a layer built with num_layers=True is not the asked one.
    if not layer or layer.get("module") != "LSTM":
        return False
    return all(type(layer[k]) is type(v) and layer[k] == v for k, v in facts.items())


def _spec(p: LayerAsk) -> str:
    parts = [f"reads {p.input_size} features per time step", f"keeps a hidden state of {p.hidden_size} features"]
    if p.num_layers > 1:
        parts.append(f"stacks {p.num_layers} layers")
    if p.batch_first:
        parts.append("takes input with the batch on the first axis")
    if p.bidirectional:
        parts.append("runs in both directions")
    if p.proj_size:
        parts.append(f"projects each output step to {p.proj_size} features")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _wrong(text: str, misconception: str, why: str, program: str, yields: str | None = None) -> Candidate:
    return Candidate(text, why, program=program, misconception=misconception, yields=yields)


# --- constructor ----------------------------------------------------------------------------

CONSTRUCTOR_SITUATIONS = {
    # name: levels it is drawn at
    "plain": ("easy", "medium"),
    "keywords-only": ("easy", "medium"),
    "encoder": ("easy", "medium"),
    "partial": ("medium",),
    "all-positional": ("medium",),
    "replace-rnn": ("medium",),
}
# Keyword spellings people bring from elsewhere, and the misconception each is.
SIZE_NAMES = (
    ("input", "hidden", "short-keyword-names", "shortens torch's keyword names"),
    ("input_dim", "hidden_dim", "keras-keyword-names", "uses the `*_dim` names of other libraries"),
    ("in_features", "out_features", "linear-keyword-names", "borrows `nn.Linear`'s keyword names"),
    ("input_size", "hidden_sizes", "plural-hidden-sizes", "writes `hidden_sizes`, a plural torch does not have"),
)
EXTRA_TYPOS = {
    "num_layers": ("num_layer", "singular-num-layer"),
    "batch_first": ("batchfirst", "batchfirst-typo"),
    "bidirectional": ("bidirection", "bidirection-typo"),
    "proj_size": ("projection", "projection-keyword"),
}


def _constructor_program(p: LayerAsk, call: str) -> str:
    if p.situation == "encoder":
        return ("import torch.nn as nn\n\n\nclass Encoder(nn.Module):\n"
                "    def __init__(self, n_in):\n        super().__init__()\n"
                f"        self.lstm = {call}\n\n\nlayer = Encoder({p.input_size}).lstm\n")
    if p.situation == "partial":
        return (f"from functools import partial\n\nimport torch.nn as nn\n\n"
                f"make = {_partial_head(p)}\nlayer = {call}\n")
    return f"import torch.nn as nn\n\nlayer = {call}\n"


def _partial_fixed(p: LayerAsk) -> list[str]:
    """What the partial fixes: the hidden size, and the first extra if there is one."""
    fixed = [f"hidden_size={p.hidden_size}"]
    return fixed + _extras(p)[:1]


def _partial_head(p: LayerAsk) -> str:
    return f"partial(nn.LSTM, {', '.join(_partial_fixed(p))})"


class Constructor(Family):
    name = "constructor"
    difficulties = ("easy", "medium")
    kinds = ("single", "multiple")  # select-all items: sample_kind below
    summary = ("The call that builds an LSTM with given sizes and settings: plain calls, keywords only, "
               "every argument by position, a layer inside a model class, a `functools.partial`, an "
               "`nn.RNN` being replaced; stacked, batch-first, bidirectional and projected layers in the "
               "medium draws.")
    option_probes = ("layer",)

    def sample(self, rng, difficulty):
        names = sorted(s for s, levels in CONSTRUCTOR_SITUATIONS.items() if difficulty in levels)
        situation = rng.choice(names)
        i, h = rng.sample(range(2, 65), 2)
        if difficulty == "easy":
            return LayerAsk(situation, i, h, form=rng.choice(FORMS))
        while True:
            layers = rng.choice((1, 1, 2, 3, 4))
            bf, bi = rng.random() < 0.5, rng.random() < 0.4
            proj = rng.randint(1, h - 1) if h > 2 and rng.random() < 0.25 else 0
            ask = LayerAsk(situation, i, h, layers, bf, bi, proj, form=rng.choice(FORMS))
            if ask.extras and (situation != "replace-rnn" or not proj):
                return ask

    def decode(self, data):
        return LayerAsk.from_dict(data)

    def sample_kind(self, rng, difficulty, kind):
        if kind == "single":
            return self.sample(rng, difficulty)
        if kind != "multiple":
            raise ValueError(f"{self.name} writes no {kind} questions")
        while True:  # a situation where several ways of writing the call are right
            p = self.sample(rng, difficulty)
            if p.situation in MULTIPLE_SITUATIONS:
                return replace(p, kind=kind)

    def kind_of(self, p):
        return p.kind

    def difficulty_of(self, p):
        return "easy" if p.extras == 0 else "medium"

    def capacity(self, difficulty):
        pairs = 63 * 62
        if difficulty == "easy":
            return pairs * 3 * len(FORMS)
        return pairs * len(CONSTRUCTOR_SITUATIONS) * 4 * 2 * 2 * 64 * len(FORMS)

    def stem(self, p):
        text = self._single_stem(p)
        if p.kind == "multiple":
            text = text.replace("Which call builds", "Which calls build").replace(
                "Which call belongs", "Which calls could go").replace("Which call of `make` builds", "Which calls "
                "of `make` build") + " Select all that apply."
        return text

    def _single_stem(self, p):
        spec = _spec(p)
        if p.situation == "keywords-only":
            return (f"A code review asks for every `nn.LSTM` argument to be passed by keyword. Which call "
                    f"builds a layer that {spec}, leaving everything else at torch's defaults?")
        if p.situation == "all-positional":
            return (f"Which call passes every argument by position and builds a layer that {spec} "
                    "(everything else at torch's defaults)?")
        if p.situation == "encoder":
            return (f"`Encoder(n_in)` stores its LSTM in `self.lstm`; `Encoder({p.input_size})` should get a "
                    f"layer that {spec}. Which call belongs in `__init__`?")
        if p.situation == "partial":
            return (f"`make = {_partial_head(p)}` fixes part of the call. Which call of `make` builds a "
                    f"layer that {spec}, with torch's defaults for the rest?")
        if p.situation == "replace-rnn":
            return (f"`{_lstm(_sizes('positional', p.input_size, p.hidden_size) + _extras(p), 'nn.RNN')}` is "
                    "being replaced by an LSTM with the same sizes and settings. Which call builds it?")
        return f"Which call builds an `nn.LSTM` that {spec}, with torch's defaults for everything else?"

    def achieves(self, p, out):
        return bool(out.ok and _layer_matches(out.values.get("layer"), _facts(p)))

    def _right(self, p) -> str:
        i, h = ("n_in", p.hidden_size) if p.situation == "encoder" else (p.input_size, p.hidden_size)
        if p.situation == "all-positional":
            return _lstm(_positional_all(p, i, h))
        if p.situation == "partial":
            fixed = set(_partial_fixed(p))
            rest = [a for a in _extras(p) if a not in fixed]
            return f"make({', '.join([str(i)] + rest)})"
        form = "keywords" if p.situation == "keywords-only" and p.form == "positional" else p.form
        return _lstm(_sizes(form, i, h) + _extras(p))

    def options(self, p, main):
        right = self._right(p)
        why = (f"`input_size` is the width of each step ({p.input_size}) and `hidden_size` the width of the "
               f"state ({p.hidden_size})" + _extras_reason(p) + "; this call sets exactly those.")
        intended = Candidate(right, why, program=_constructor_program(p, right))
        wrong = [_wrong(text, mid, why, _constructor_program(p, text))
                 for text, mid, why in _constructor_wrongs(p)]
        if p.kind == "multiple":  # the engine judges every candidate; other right forms join the key
            others = [Candidate(text, f"Another way to write the same call: {why[0].lower()}{why[1:]}",
                                program=_constructor_program(p, text))
                      for text in _right_forms(p) if text != right]
            return intended, others + wrong
        return intended, pick_balanced(intended, wrong, f"constructor:{sorted(p.to_dict().items())}")

    def explain(self, p, main, correct):
        i, h = p.input_size, p.hidden_size
        steps = [
            "`nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, "
            "bidirectional=False, proj_size=0)`: two required sizes first, then settings with defaults, "
            "in that order when passed by position.",
            f"The layer reads {i} features per step, so `input_size={i}`; its state has {h} features, so "
            f"`hidden_size={h}`.",
        ]
        if p.extras:
            steps.append("The other settings asked for:" + _extras_reason(p).lstrip(";") + ".")
        if p.situation == "partial":
            steps.append(f"`{_partial_head(p)}` already supplies {', '.join(_partial_fixed(p))}; the call "
                         "adds only what is still missing, and passing a fixed argument again by position "
                         "collides with it.")
        if p.situation == "encoder":
            steps.append(f"Inside `__init__` the input width is the parameter `n_in` (here {i}); `self.n_in` "
                         "does not exist unless the class stores it.")
        if p.situation == "replace-rnn":
            steps.append("An LSTM takes the same sizes as `nn.RNN`; its four gates live inside the weights, "
                         "not in `hidden_size`, and it has no `nonlinearity` argument.")
        steps.append(f"`{correct.text}` is the call that gives all of this.")
        return Explanation(
            steps=tuple(steps),
            quick_check=_constructor_check(p),
            hint=_constructor_hint(p),
            mistakes=_constructor_mistakes(p),
        )


def _extras_reason(p: LayerAsk) -> str:
    parts = []
    if p.num_layers > 1:
        parts.append(f"`num_layers={p.num_layers}` stacks the layers (it is not a width)")
    if p.batch_first:
        parts.append("`batch_first=True` puts the batch on the first axis")
    if p.bidirectional:
        parts.append("`bidirectional=True` adds the backward direction (it is not a second layer)")
    if p.proj_size:
        parts.append(f"`proj_size={p.proj_size}` shrinks each output step below the state width")
    return "".join("; " + part for part in parts)


def _positional_all(p: LayerAsk, i, h) -> list[str]:
    values = [str(i), str(h), str(p.num_layers), "True", str(p.batch_first), "0.0", str(p.bidirectional),
              str(p.proj_size)]
    defaults = [None, None, "1", "True", "False", "0.0", "False", "0"]
    while len(values) > 2 and values[-1] == defaults[len(values) - 1]:
        values.pop()
    return values


def _constructor_wrongs(p: LayerAsk) -> list[tuple[str, str, str]]:
    """(text, misconception, why) for every trap that applies to this item."""
    rng = random.Random(f"constructor-wrongs:{sorted(p.to_dict().items())}")
    i, h = p.input_size, p.hidden_size
    given_i = "n_in" if p.situation == "encoder" else i
    extras = _extras(p)
    out: list[tuple[str, str, str]] = []

    def call(args):
        if p.situation == "partial":
            fixed = set(_partial_fixed(p))
            return f"make({', '.join(a for a in args if a not in fixed)})"
        return _lstm(args)

    def form():
        if p.situation == "partial":
            return "keywords"  # the fixed hidden_size keyword drops out of the call
        if p.situation == "keywords-only":
            return rng.choice(FORMS[1:])
        if p.situation == "all-positional":
            return "positional"
        return rng.choice(FORMS)

    if p.situation == "partial":
        out.append((f"make({given_i}, {h})", "repeats-fixed-argument",
                    f"Passes {h} again by position: it lands on `hidden_size`, which the partial already "
                    "fixes, so Python sees two values for one argument."))
        out.append((f"make({h})", "partial-fills-input",
                    f"Thinks the fixed `hidden_size` shifts the positions, so {h} goes in first: the layer "
                    f"would read {h} features per step."))
        rest = [a for a in extras if a not in set(_partial_fixed(p))]
        out.append((f"make(input={i}{''.join(', ' + a for a in rest)})", "short-keyword-names",
                    "Calls the input width `input`; torch's keyword is `input_size`, so Python rejects it."))
    else:
        out.append((call(_sizes(form(), h, given_i if p.situation == "encoder" else i) + extras), "swaps-sizes",
                    f"Swaps the two sizes: the layer would read {h} features per step into a state of "
                    f"{i} features."))
        first, second, mid, what = SIZE_NAMES[rng.randrange(len(SIZE_NAMES))]
        out.append((call([f"{first}={given_i}", f"{second}={h}"] + extras), mid,
                    f"{what[0].upper() + what[1:]}; `nn.LSTM` accepts only `input_size` and `hidden_size`, "
                    "so Python rejects the call."))
        out.append((call([f"input_size={given_i}", str(h)] + extras), "keyword-then-positional",
                    "Writes a keyword before a plain value: Python refuses any positional argument after "
                    "a keyword one, before torch sees the call."))
        out.append((call([str(given_i)] + extras), "hidden-size-has-default",
                    "Leaves out `hidden_size` as if it had a default; it is required, so the call fails."))
        if not extras and h <= 16:  # h stacked layers: kept small (tests/test_limits.py)
            out.append((call([str(given_i), str(h), str(h)]), "third-positional-is-output-size",
                        f"Adds {h} as a third number for the output width; the third place is `num_layers`, "
                        f"so this stacks {h} layers."))
    if p.situation == "encoder":
        out.append((_lstm(["self.n_in", str(h)] + extras), "attribute-not-stored",
                    "Reads `self.n_in`, which `__init__` never stored: the parameter is the plain name "
                    "`n_in`, so this raises an AttributeError."))
    if p.situation == "replace-rnn":
        out.append((_lstm([str(i), str(h)] + extras + ["nonlinearity='tanh'"]), "lstm-has-nonlinearity",
                    "Keeps `nn.RNN`'s `nonlinearity` argument; `nn.LSTM` has none, so the call is rejected."))
        if p.num_layers == 1 and h <= 32:  # a state four times wider: kept small
            out.append((_lstm([str(i), str(4 * h)] + extras), "gates-widen-hidden",
                        f"Multiplies the hidden size by the four gates ({4 * h}); the gates are inside the "
                        f"weights, and `hidden_size` stays {h}."))
    typos_only = p.situation == "partial"  # a partial's fixed extras would blur the other traps
    if p.num_layers > 1 and not typos_only:
        out.append((call(_sizes(form(), given_i, h * p.num_layers) + _extras(p, layers=1)), "layers-widen-hidden",
                    f"Folds the {p.num_layers} layers into one state {h * p.num_layers} wide; stacking is "
                    "`num_layers`, the width stays the same."))
    if p.num_layers > 1:
        typo, mid = EXTRA_TYPOS["num_layers"]
        out.append((call(_sizes(form(), given_i, h) + [a.replace("num_layers=", f"{typo}=") for a in extras]),
                    mid, f"Spells `num_layers` as `{typo}`; Python rejects a keyword the signature lacks."))
    if p.batch_first:
        typo, mid = EXTRA_TYPOS["batch_first"]
        out.append((call(_sizes(form(), given_i, h) + [a.replace("batch_first=", f"{typo}=") for a in extras]),
                    mid, f"Spells `batch_first` as `{typo}`; Python rejects a keyword the signature lacks."))
        if p.num_layers == 1 and not p.bidirectional and not p.proj_size and not typos_only:
            out.append((_lstm([str(given_i), str(h), "True"]), "third-positional-is-batch-first",
                        "Passes `True` third, hoping for `batch_first`; the third place is `num_layers`, so "
                        "the layer stays sequence-first."))
            out.append((_lstm([str(given_i), str(h), "1", "True"]), "fourth-positional-is-batch-first",
                        "Passes `True` fourth, hoping for `batch_first`; the fourth place is `bias`, so "
                        "the layer stays sequence-first."))
    if p.batch_first and not typos_only:
        out.append((call(_sizes(form(), given_i, h) + _extras(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first`, as if torch read the layout off the data; it assumes "
                    "(time, batch, features) unless told."))
    if p.bidirectional:
        typo, mid = EXTRA_TYPOS["bidirectional"]
        out.append((call(_sizes(form(), given_i, h) + [a.replace("bidirectional=", f"{typo}=") for a in extras]),
                    mid, f"Spells `bidirectional` as `{typo}`; Python rejects a keyword the signature lacks."))
    if p.bidirectional and not typos_only:
        out.append((call(_sizes(form(), given_i, h) + _extras(p, layers=2 * p.num_layers, bi=False)),
                    "directions-are-layers",
                    "Asks for a second layer in place of a second direction; stacking does not read the "
                    "sequence backwards."))
        out.append((call(_sizes(form(), given_i, 2 * h) + extras), "directions-double-hidden",
                    f"Doubles `hidden_size` to {2 * h} for the two directions; each direction keeps its own "
                    f"state of {h} and only the output joins them."))
    if p.proj_size and not typos_only:
        if p.proj_size < h:
            out.append((call(_sizes(form(), given_i, p.proj_size) + _extras(p, proj=h)), "proj-and-hidden-swapped",
                        f"Exchanges the state width and the projection: a projection of {h} is not smaller "
                        f"than a state of {p.proj_size}, which torch refuses."))
        out.append((call(_sizes(form(), given_i, p.proj_size) + _extras(p, proj=0)), "projection-is-hidden-size",
                    f"Builds a state {p.proj_size} wide in place of projecting a state of {h} down to "
                    f"{p.proj_size}."))
    return out


EXTRA_HINTS = {
    "num_layers": "how does torch spell the setting for depth, and is depth a width?",
    "batch_first": "which keyword tells torch the batch comes first, and where would a bare `True` land?",
    "bidirectional": "is a backward pass a second layer, a wider state, or a setting of its own?",
    "proj_size": "which of the two widths is the state, and which the smaller output?",
}


def _constructor_hint(p: LayerAsk) -> str:
    extra = next((k for k in ("proj_size", "bidirectional", "num_layers", "batch_first")
                  if getattr(p, k) not in (0, 1, False)), None)
    if p.kind == "multiple":
        if extra:
            return f"Check every option on its own: {EXTRA_HINTS[extra]}"
        if p.situation == "encoder":
            return "Check every option on its own: which names exist inside `__init__`, and is each size filled once?"
        return ("Check every option on its own: are both sizes filled exactly once, by position or by torch's "
                "own keyword names?")
    if p.situation == "partial":
        return "Which arguments does `make` already carry, and where would a second positional number land?"
    if p.situation == "encoder":
        return "Which names exist inside `__init__`: the parameters, or attributes the class never set?"
    if p.situation == "replace-rnn":
        return "Which arguments do `nn.RNN` and `nn.LSTM` share, and where do an LSTM's four gates live?"
    if p.situation == "all-positional":
        return "Count the places in torch's signature: what comes third, fourth and fifth?"
    if extra:
        opener = "Compare each keyword with the signature" if p.situation == "keywords-only" else "Read the settings"
        return f"{opener}: {EXTRA_HINTS[extra]}"
    if p.situation == "keywords-only":
        return "Compare each keyword, letter by letter, with the names in torch's signature."
    return "Which size does the signature take first, and which keywords does it define?"


def _constructor_check(p: LayerAsk) -> str:
    if p.situation == "partial":
        return (f"`make.keywords` already holds {', '.join(_partial_fixed(p))}, so the call has one job left: "
                "the input width, and nothing that repeats a fixed argument.")
    return (f"After building, `layer.weight_ih_l0.shape` is ({4 * p.hidden_size}, {p.input_size}): four gates of "
            "the state width by the input width.")


def _constructor_mistakes(p: LayerAsk) -> tuple[str, ...]:
    out = ["Putting the hidden width where the input width goes: the first size is what each step brings in."]
    out.append("Trusting a keyword that merely looks right (`hidden_sizes`, `input_dim`, `batchfirst`): Python "
               "rejects any name the signature does not define.")
    if p.num_layers > 1 or p.bidirectional:
        out.append("Confusing depth, width and direction: more layers is `num_layers`, a backward pass is "
                   "`bidirectional`, and neither changes `hidden_size`.")
    if p.situation == "partial":
        out.append("Forgetting that a partial's fixed keywords still occupy their parameters.")
    if p.situation == "all-positional":
        out.append("Counting positions wrongly: `bias` sits between `num_layers` and `batch_first`.")
    return tuple(out)


# --- design ---------------------------------------------------------------------------------

DESIGN_SITUATIONS = {
    "sequence": ("medium", "hard"),
    "batch-first": ("medium",),
    "embedding": ("medium", "hard"),
    "linear-in-front": ("medium", "hard"),
    "second-lstm": ("hard",),
    "head-behind": ("hard",),
    "keras-port": ("medium",),
    "projected": ("hard",),
}


def _design_setup(p: LayerAsk) -> tuple[str, str, str, tuple]:
    """(code before the layer, the forward line, the name holding the output, its expected shape)."""
    t, f, n = p.seq_len, p.input_size, 3
    if p.situation == "embedding":
        return (f"emb = nn.Embedding({p.other}, {f})\ntokens = torch.randint(0, {p.other}, ({t}, {n}))\n",
                "out, _ = layer(emb(tokens))\n", "out", (t, n, p.out_width))
    if p.situation == "linear-in-front":
        return (f"x = torch.randn({t}, {n}, {p.other})\nfront = nn.Linear({p.other}, {f})\n",
                "out, _ = layer(front(x))\n", "out", (t, n, p.out_width))
    if p.situation == "second-lstm":
        return (f"x = torch.randn({t}, {n}, {p.other})\nfirst = nn.LSTM({p.other}, {f})\n",
                "out, _ = layer(first(x)[0])\n", "out", (t, n, p.out_width))
    if p.situation == "head-behind":
        return (f"x = torch.randn({t}, {n}, {f})\nhead = nn.Linear({p.out_width}, 5)\n",
                "out = head(layer(x)[0])\n", "out", (t, n, 5))
    if p.situation in ("batch-first", "keras-port"):
        return (f"x = torch.randn({n}, {t}, {f})\n", "out, _ = layer(x)\n", "out", (n, t, p.out_width))
    return (f"x = torch.randn({t}, {n}, {f})\n", "out, _ = layer(x)\n", "out", (t, n, p.out_width))


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
        names = sorted(s for s, levels in DESIGN_SITUATIONS.items() if difficulty in levels)
        situation = rng.choice(names)
        t, f, k, other = rng.sample(range(2, MAX_SEQ_LEN + 1), 4)
        bi = proj = 0
        if difficulty == "hard":
            bi = situation in ("head-behind", "second-lstm") or rng.random() < 0.5
            if situation == "projected" or (not bi and k > 2 and rng.random() < 0.3):
                proj = rng.randint(1, k - 1) if k > 2 else 0
            if not bi and not proj:
                bi = True
        if situation == "embedding":
            other = rng.randint(40, 500)  # a vocabulary, bigger than any width
        return LayerAsk(situation, f, k, batch_first=situation in ("batch-first", "keras-port"),
                        bidirectional=bool(bi), proj_size=proj, seq_len=t, other=other,
                        form=rng.choice(FORMS[:2]))

    def decode(self, data):
        return LayerAsk.from_dict(data)

    def difficulty_of(self, p):
        return "hard" if p.bidirectional or p.proj_size else "medium"

    def capacity(self, difficulty):
        n = MAX_SEQ_LEN - 1
        names = sum(difficulty in levels for levels in DESIGN_SITUATIONS.values())
        return names * n ** 4 * 500 * 2 * (1 + 2 * MAX_SEQ_LEN)

    def stem(self, p):
        t, f, k = p.seq_len, p.input_size, p.out_width
        per_step = f"{k} features at every time step"
        if p.bidirectional:
            per_step = f"{k} features at every time step, {k // 2} from each direction"
        if p.proj_size:
            per_step += f", projected down from a state of {p.hidden_size}"
        if p.situation == "embedding":
            return (f"Sentences of {t} tokens from a vocabulary of {p.other} go through "
                    f"`emb = nn.Embedding({p.other}, {f})` into the LSTM `layer`, which should output {per_step}. "
                    "Which layer fits?")
        if p.situation == "linear-in-front":
            return (f"Sequences of {t} raw steps with {p.other} features each pass through "
                    f"`front = nn.Linear({p.other}, {f})` before the LSTM `layer`, which should output {per_step}. "
                    "Which layer fits?")
        if p.situation == "second-lstm":
            return (f"`first = nn.LSTM({p.other}, {f})` reads sequences of {t} steps; a second LSTM `layer` "
                    f"reads `first`'s output and should give {per_step}. Which layer fits?")
        if p.situation == "head-behind":
            return (f"A batch of {t}-step sequences with {f} features per step goes through the LSTM `layer`, "
                    f"then `head = nn.Linear({k}, 5)` reads every step of its output. The layer should run "
                    "in both directions. Which layer fits?")
        if p.situation == "batch-first":
            return (f"`x` holds 3 sequences as (batch, time, features) = (3, {t}, {f}) and must go into the "
                    f"LSTM unchanged; `layer` should output {per_step}. Which layer reads it correctly?")
        if p.situation == "keras-port":
            return (f"A Keras model used `LSTM(units={k}, input_shape=({t}, {f}), return_sequences=True)` on "
                    "(batch, time, features) data. Which PyTorch layer does the same job on the same tensors?")
        if p.situation == "projected":
            return (f"Memory is tight downstream: sequences of {t} steps with {f} features each should come out "
                    f"of a single-layer LSTM with {per_step}. Which layer does that?")
        return (f"Your sequences have {t} time steps with {f} features each. You want a single-layer LSTM "
                f"that outputs {per_step}. Which layer does that?")

    def achieves(self, p, out):
        _, _, name, shape = _design_setup(p)
        layer, result = out.values.get("layer"), out.values.get(name)
        return bool(out.ok and result and layer and layer.get("module") == "LSTM"
                    and tuple(result["shape"]) == shape and layer["num_layers"] == 1
                    and layer["batch_first"] is p.batch_first and layer["bidirectional"] is p.bidirectional
                    and layer["proj_size"] == p.proj_size and layer["hidden_size"] == p.hidden_size)

    def options(self, p, main):
        right = _lstm(_sizes(p.form, p.input_size, p.hidden_size) + _extras(p))
        intended = Candidate(right, _design_why(p), program=_design_program(p, right))
        wrong = [_wrong(text, mid, why, _design_program(p, text)) for text, mid, why in _design_wrongs(p)]
        return intended, pick_balanced(intended, wrong, f"design:{sorted(p.to_dict().items())}")

    def explain(self, p, main, correct):
        t, f = p.seq_len, p.input_size
        steps = [_design_input_step(p),
                 "Each output step carries `hidden_size` features per direction"
                 + (f" (or `proj_size` when projecting: here {p.proj_size} from a state of {p.hidden_size})"
                    if p.proj_size else f": here {p.hidden_size}")
                 + (", and two directions join side by side, doubling the width." if p.bidirectional else "."),
                 f"The {t} time steps belong to the data, not to the layer: the same layer reads any length."]
        if p.batch_first:
            steps.append("The data has the batch first, so the layer needs `batch_first=True`; without it torch "
                         "would read the batch axis as time.")
        steps.append(f"`{correct.text}` fits all of this.")
        _, _, _, shape = _design_setup(p)
        return Explanation(
            steps=tuple(steps),
            quick_check=(f"Follow one tensor through the pipeline: the layer's input ends in {f} features, and "
                         f"the final output keeps all {t} steps, each ending in {shape[-1]} features."),
            hint=_design_hint(p),
            mistakes=_design_mistakes(p),
        )


def _design_input_step(p: LayerAsk) -> str:
    f = p.input_size
    if p.situation == "embedding":
        return (f"The embedding turns each token into {f} numbers; the vocabulary size {p.other} is how many "
                f"rows it has, not what the LSTM reads. So `input_size={f}`.")
    if p.situation == "linear-in-front":
        return f"The LSTM reads what `front` gives: {f} features per step, not the raw {p.other}. So `input_size={f}`."
    if p.situation == "second-lstm":
        return (f"The second LSTM reads `first`'s output, {f} features per step (its hidden size), not the raw "
                f"{p.other}. So `input_size={f}`.")
    if p.situation == "keras-port":
        return (f"Keras' `input_shape=({p.seq_len}, {f})` is (time, features): the features per step, {f}, are "
                f"`input_size`, and `units` is `hidden_size`.")
    return f"Each time step carries {f} features, so `input_size={f}`."


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


def _design_wrongs(p: LayerAsk) -> list[tuple[str, str, str]]:
    t, f, h = p.seq_len, p.input_size, p.hidden_size
    ex = _extras(p)
    rng = random.Random(f"design-wrongs:{sorted(p.to_dict().items())}")

    def sizes(i, k):  # each trap in a form of its own, so the key is not their common centre
        return _sizes(rng.choice(FORMS), i, k)

    out = [
        (_lstm(sizes(h, f) + ex), "swaps-sizes",
         f"Swaps the sizes: the layer would expect {h} features per step and output {f}."),
        (_lstm(sizes(t, h) + ex), "length-is-input-size",
         f"Takes the {t} time steps for the features per step; the input width is {f}."),
        (_lstm(sizes(f, t) + ex), "length-is-hidden-size",
         f"Takes the {t} time steps for the output width; each step's output is {p.out_width} wide."),
        (_lstm(sizes(f, h) + ex + [f"seq_len={t}"]), "length-is-a-setting",
         "Passes the length to the constructor; `nn.LSTM` has no such argument, it reads the length off the data."),
        (_lstm(sizes(t * f, h) + ex), "flattens-the-sequence",
         f"Flattens the whole sequence into {t * f} inputs; an LSTM reads one step of {f} at a time."),
    ]
    if t <= 16 or not p.bidirectional:  # t stacked layers: kept small (tests/test_limits.py)
        out.append((_lstm([str(f), str(h), str(t)] + ex), "length-is-third-argument",
                    f"Passes the length third; that place is `num_layers`, so this stacks {t} layers."))
    if p.situation == "embedding":
        out.append((_lstm(sizes(p.other, h) + ex), "vocabulary-is-input-size",
                    f"Takes the vocabulary size {p.other} for the input width; each embedded token has {f} numbers."))
    if p.situation in ("linear-in-front", "second-lstm"):
        out.append((_lstm(sizes(p.other, h) + ex), "reads-raw-width",
                    f"Sizes the layer for the raw {p.other} features, but it reads the {f} features coming "
                    "out of the layer in front."))
    if p.batch_first:
        out.append((_lstm(sizes(f, h) + _extras(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first=True`: torch would read the batch axis as time."))
        out.append((_lstm(sizes(f, h) + _extras(p, bf=False) + ["batch_size=3"]), "batch-is-a-setting",
                    "Gives the batch size to the constructor; `nn.LSTM` has no such argument, and the layout "
                    "needs `batch_first`."))
    if p.situation == "keras-port":
        out.append((_lstm([f"units={h}", f"input_shape=({t}, {f})", "batch_first=True"]), "keras-keyword-names",
                    "Copies Keras' argument names; `nn.LSTM` knows neither `units` nor `input_shape`."))
    if p.bidirectional:
        out.append((_lstm(sizes(f, p.out_width) + _extras(p, bi=False)), "one-wide-direction",
                    f"Gets {p.out_width} features from one direction; the item asks for two directions."))
        if not p.proj_size:
            out.append((_lstm(sizes(f, 2 * h) + ex), "directions-double-hidden",
                        f"Doubles `hidden_size` to {2 * h} for two directions: the joined output would be "
                        f"{4 * h} wide."))
        out.append((_lstm(sizes(f, h) + _extras(p, layers=2, bi=False)), "directions-are-layers",
                    f"Stacks two layers in place of two directions: the output stays {h} wide."))
    if p.proj_size:
        out.append((_lstm(sizes(f, p.proj_size) + _extras(p, proj=0)), "projection-is-hidden-size",
                    f"Builds a state of {p.proj_size} instead of projecting a state of {h} down to it."))
        out.append((_lstm(sizes(f, h) + _extras(p, proj=0)), "projection-forgotten",
                    f"Leaves out `proj_size`: each step would output the full {h}-wide state."))
    return out


def _design_hint(p: LayerAsk) -> str:
    return {
        "embedding": "What does one token look like after `emb`: how many numbers, and how many tokens could there be?",
        "linear-in-front": "Which tensor reaches the LSTM: the raw steps, or what `front` makes of them?",
        "second-lstm": "What width does `first` hand on at every step?",
        "head-behind": "What width does `head` expect, and how do two directions combine?",
        "batch-first": "Which axis of `x` is time, and how does the layer learn that?",
        "keras-port": "Which of Keras' numbers is the width of one step, and which axis order did Keras assume?",
        "projected": "Which argument keeps the state wide but makes each output step narrower?",
    }.get(p.situation, "Which number describes one time step, and which one only how many steps there are?")


def _design_mistakes(p: LayerAsk) -> tuple[str, ...]:
    out = ["Treating the sequence length as part of the layer: it is a property of each batch of data."]
    if p.situation in ("embedding", "linear-in-front", "second-lstm"):
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


# --- select all that apply (constructor) ----------------------------------------------------

MULTIPLE_SITUATIONS = ("plain", "encoder", "partial", "replace-rnn")  # where several forms are right


def _right_forms(p: LayerAsk) -> list[str]:
    """Every way of writing the asked call that the item's situation allows: by position, by
    keyword in either order, mixed, or (outside a partial) every argument by position."""
    i = "n_in" if p.situation == "encoder" else p.input_size
    h = p.hidden_size
    if p.situation == "partial":
        rest = [a for a in _extras(p) if a not in set(_partial_fixed(p))]
        return [f"make({', '.join([str(i)] + rest)})", f"make({', '.join([f'input_size={i}'] + rest)})",
                f"make({', '.join(rest + [f'input_size={i}'])})"]
    forms = [_lstm(_sizes(form, i, h) + _extras(p)) for form in FORMS]
    forms.append(_lstm([str(i), f"hidden_size={h}"] + _extras(p)))
    forms.append(_lstm(_positional_all(p, i, h)))
    return list(dict.fromkeys(forms))
