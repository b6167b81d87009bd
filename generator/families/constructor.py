"""constructor and design: which ``nn.LSTM(...)`` call builds the layer that was asked for.

Both run every option: an option is right only if torch builds the asked layer (constructor:
its sizes and settings; design: a layer that, in the data pipeline the stem describes, maps the
data to the asked output). Every wrong option is a named misconception, built from the item's
own numbers; the engine drops any that torch happens to accept.

Situations differ in what the student must read: a plain description, a ``functools.partial``
that fixes part of the call, a layer built inside a model class, an ``nn.RNN`` being replaced,
an embedding or a linear layer in front, a head behind, a batch-first tensor, a Keras port. Each
situation is a small class below that owns its stem, code, traps and solution pieces; a family
looks the item's situation up in its table (``CONSTRUCTOR_SITUATIONS``, ``DESIGN_SITUATIONS``).
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from typing import Callable

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


@dataclass(frozen=True)
class Setting:
    """One of the settings an item may ask for beyond the two sizes: how a call writes it, how a
    stem describes it and why the key sets it (templates over its value ``{v}``)."""

    name: str
    default: object
    arg: str
    described: str
    reason: str


SETTINGS = (
    Setting("num_layers", 1, "num_layers={v}", "stacks {v} layers",
            "`num_layers={v}` stacks the layers (it is not a width)"),
    Setting("batch_first", False, "batch_first=True", "takes input with the batch on the first axis",
            "`batch_first=True` puts the batch on the first axis"),
    Setting("bidirectional", False, "bidirectional=True", "runs in both directions",
            "`bidirectional=True` adds the backward direction (it is not a second layer)"),
    Setting("proj_size", 0, "proj_size={v}", "projects each output step to {v} features",
            "`proj_size={v}` shrinks each output step below the state width"),
)


def _asked(p: LayerAsk, **changed) -> list[tuple[Setting, object]]:
    """The settings that differ from torch's defaults, with their values (``changed`` overrides p's)."""
    values = [(s, changed.get(s.name, getattr(p, s.name))) for s in SETTINGS]
    return [(s, v) for s, v in values if v != s.default]


def _extras(p: LayerAsk, layers=None, bf=None, bi=None, proj=None) -> list[str]:
    changed = {name: v for name, v in (("num_layers", layers), ("batch_first", bf), ("bidirectional", bi),
                                       ("proj_size", proj)) if v is not None}
    return [s.arg.format(v=v) for s, v in _asked(p, **changed)]


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
    parts += [s.described.format(v=v) for s, v in _asked(p)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _extras_reason(p: LayerAsk) -> str:
    return "".join("; " + s.reason.format(v=v) for s, v in _asked(p))


def _wrong(text: str, misconception: str, why: str, program: str, yields: str | None = None) -> Candidate:
    return Candidate(text, why, program=program, misconception=misconception, yields=yields)


def _positional_all(p: LayerAsk, i, h) -> list[str]:
    values = [str(i), str(h), str(p.num_layers), "True", str(p.batch_first), "0.0", str(p.bidirectional),
              str(p.proj_size)]
    defaults = [None, None, "1", "True", "False", "0.0", "False", "0"]
    while len(values) > 2 and values[-1] == defaults[len(values) - 1]:
        values.pop()
    return values


# --- constructor ----------------------------------------------------------------------------

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
EXTRA_HINTS = {
    "num_layers": "how does torch spell the setting for depth, and is depth a width?",
    "batch_first": "which keyword tells torch the batch comes first, and where would a bare `True` land?",
    "bidirectional": "is a backward pass a second layer, a wider state, or a setting of its own?",
    "proj_size": "which of the two widths is the state, and which the smaller output?",
}
Trap = tuple[str, str, str]  # (the call, its misconception, why it is wrong)


class PlainCall:
    """The layer described in words; the base of every constructor situation."""

    name = "plain"
    levels = ("easy", "medium")
    select_all = True  # several ways of writing the call are right: drawn for select-all items
    only_typos = False  # the settings' traps are only misspellings (the others would blur the item)
    settings_opener = "Read the settings"  # the hint's opener when the layer has settings
    fixed_hint = ""  # a hint of the situation's own, whatever the settings
    hint_without_settings = "Which size does the signature take first, and which keywords does it define?"
    select_all_hint = ("Check every option on its own: are both sizes filled exactly once, by position or by "
                       "torch's own keyword names?")
    mistakes: tuple[str, ...] = ()  # beyond the two every item names

    def stem(self, p: LayerAsk, spec: str) -> str:
        return f"Which call builds an `nn.LSTM` that {spec}, with torch's defaults for everything else?"

    def input_name(self, p: LayerAsk):
        """What the call writes for the input width."""
        return p.input_size

    def program(self, p: LayerAsk, call: str) -> str:
        return f"import torch.nn as nn\n\nlayer = {call}\n"

    def right(self, p: LayerAsk) -> str:
        return _lstm(_sizes(p.form, self.input_name(p), p.hidden_size) + _extras(p))

    def right_forms(self, p: LayerAsk) -> list[str]:
        """Every way of writing the asked call: by position, by keyword in either order, mixed, or
        every argument by position."""
        i, h = self.input_name(p), p.hidden_size
        forms = [_lstm(_sizes(form, i, h) + _extras(p)) for form in FORMS]
        forms.append(_lstm([str(i), f"hidden_size={h}"] + _extras(p)))
        forms.append(_lstm(_positional_all(p, i, h)))
        return list(dict.fromkeys(forms))

    def call(self, p: LayerAsk, args: list[str]) -> str:
        """A trap's call from its arguments."""
        return _lstm(args)

    def trap_form(self, rng: random.Random) -> str:
        """How a trap writes the two sizes (each trap draws its own, so the key is not their centre)."""
        return rng.choice(FORMS)

    def size_traps(self, p: LayerAsk, rng: random.Random, form: Callable[[], str]) -> list[Trap]:
        """The traps on the two sizes and their keywords; ``form()`` draws how one writes the sizes."""
        i, h, given_i, extras = p.input_size, p.hidden_size, self.input_name(p), _extras(p)
        out = [(self.call(p, _sizes(form(), h, given_i) + extras), "swaps-sizes",
                f"Swaps the two sizes: the layer would read {h} features per step into a state of {i} features.")]
        first, second, mid, what = SIZE_NAMES[rng.randrange(len(SIZE_NAMES))]
        out.append((self.call(p, [f"{first}={given_i}", f"{second}={h}"] + extras), mid,
                    f"{what[0].upper() + what[1:]}; `nn.LSTM` accepts only `input_size` and `hidden_size`, "
                    "so Python rejects the call."))
        out.append((self.call(p, [f"input_size={given_i}", str(h)] + extras), "keyword-then-positional",
                    "Writes a keyword before a plain value: Python refuses any positional argument after "
                    "a keyword one, before torch sees the call."))
        out.append((self.call(p, [str(given_i)] + extras), "hidden-size-has-default",
                    "Leaves out `hidden_size` as if it had a default; it is required, so the call fails."))
        if not extras and h <= 16:  # h stacked layers: kept small (tests/test_limits.py)
            out.append((self.call(p, [str(given_i), str(h), str(h)]), "third-positional-is-output-size",
                        f"Adds {h} as a third number for the output width; the third place is `num_layers`, "
                        f"so this stacks {h} layers."))
        return out

    def own_traps(self, p: LayerAsk) -> list[Trap]:
        """Traps only this situation has (after the size traps, before the settings' traps)."""
        return []

    def explain_steps(self, p: LayerAsk) -> list[str]:
        """Solution steps only this situation needs (after the settings, before the conclusion)."""
        return []

    def hint(self, p: LayerAsk, extra: str | None) -> str:
        if self.fixed_hint:
            return self.fixed_hint
        if extra:
            return f"{self.settings_opener}: {EXTRA_HINTS[extra]}"
        return self.hint_without_settings

    def check(self, p: LayerAsk) -> str:
        return (f"After building, `layer.weight_ih_l0.shape` is ({4 * p.hidden_size}, {p.input_size}): four gates "
                "of the state width by the input width.")


class KeywordsOnly(PlainCall):
    name = "keywords-only"
    select_all = False
    settings_opener = "Compare each keyword with the signature"
    hint_without_settings = "Compare each keyword, letter by letter, with the names in torch's signature."

    def stem(self, p, spec):
        return (f"A code review asks for every `nn.LSTM` argument to be passed by keyword. Which call builds a "
                f"layer that {spec}, leaving everything else at torch's defaults?")

    def right(self, p):
        form = "keywords" if p.form == "positional" else p.form
        return _lstm(_sizes(form, p.input_size, p.hidden_size) + _extras(p))

    def trap_form(self, rng):
        return rng.choice(FORMS[1:])


class AllPositional(PlainCall):
    name = "all-positional"
    levels = ("medium",)
    select_all = False
    fixed_hint = "Count the places in torch's signature: what comes third, fourth and fifth?"
    mistakes = ("Counting positions wrongly: `bias` sits between `num_layers` and `batch_first`.",)

    def stem(self, p, spec):
        return (f"Which call passes every argument by position and builds a layer that {spec} (everything else "
                "at torch's defaults)?")

    def right(self, p):
        return _lstm(_positional_all(p, p.input_size, p.hidden_size))

    def trap_form(self, rng):
        return "positional"


class Encoder(PlainCall):
    """The call sits in a model's ``__init__``, where the input width is the parameter ``n_in``."""

    name = "encoder"
    fixed_hint = "Which names exist inside `__init__`: the parameters, or attributes the class never set?"
    select_all_hint = ("Check every option on its own: which names exist inside `__init__`, and is each size "
                       "filled once?")

    def stem(self, p, spec):
        return (f"`Encoder(n_in)` stores its LSTM in `self.lstm`; `Encoder({p.input_size})` should get a layer "
                f"that {spec}. Which call belongs in `__init__`?")

    def input_name(self, p):
        return "n_in"

    def program(self, p, call):
        return ("import torch.nn as nn\n\n\nclass Encoder(nn.Module):\n"
                "    def __init__(self, n_in):\n        super().__init__()\n"
                f"        self.lstm = {call}\n\n\nlayer = Encoder({p.input_size}).lstm\n")

    def own_traps(self, p):
        return [(_lstm(["self.n_in", str(p.hidden_size)] + _extras(p)), "attribute-not-stored",
                 "Reads `self.n_in`, which `__init__` never stored: the parameter is the plain name `n_in`, so "
                 "this raises an AttributeError.")]

    def explain_steps(self, p):
        return [f"Inside `__init__` the input width is the parameter `n_in` (here {p.input_size}); `self.n_in` "
                "does not exist unless the class stores it."]


class ReplaceRnn(PlainCall):
    name = "replace-rnn"
    levels = ("medium",)
    fixed_hint = "Which arguments do `nn.RNN` and `nn.LSTM` share, and where do an LSTM's four gates live?"

    def stem(self, p, spec):
        return (f"`{_lstm(_sizes('positional', p.input_size, p.hidden_size) + _extras(p), 'nn.RNN')}` is being "
                "replaced by an LSTM with the same sizes and settings. Which call builds it?")

    def own_traps(self, p):
        i, h, extras = p.input_size, p.hidden_size, _extras(p)
        out = [(_lstm([str(i), str(h)] + extras + ["nonlinearity='tanh'"]), "lstm-has-nonlinearity",
                "Keeps `nn.RNN`'s `nonlinearity` argument; `nn.LSTM` has none, so the call is rejected.")]
        if p.num_layers == 1 and h <= 32:  # a state four times wider: kept small
            out.append((_lstm([str(i), str(4 * h)] + extras), "gates-widen-hidden",
                        f"Multiplies the hidden size by the four gates ({4 * h}); the gates are inside the "
                        f"weights, and `hidden_size` stays {h}."))
        return out

    def explain_steps(self, p):
        return ["An LSTM takes the same sizes as `nn.RNN`; its four gates live inside the weights, not in "
                "`hidden_size`, and it has no `nonlinearity` argument."]


def _partial_fixed(p: LayerAsk) -> list[str]:
    """What the partial fixes: the hidden size, and the first extra if there is one."""
    fixed = [f"hidden_size={p.hidden_size}"]
    return fixed + _extras(p)[:1]


def _partial_head(p: LayerAsk) -> str:
    return f"partial(nn.LSTM, {', '.join(_partial_fixed(p))})"


class Partial(PlainCall):
    """``make = partial(nn.LSTM, hidden_size=..., ...)`` fixes part of the call; options call ``make``."""

    name = "partial"
    levels = ("medium",)
    only_typos = True
    fixed_hint = "Which arguments does `make` already carry, and where would a second positional number land?"
    mistakes = ("Forgetting that a partial's fixed keywords still occupy their parameters.",)

    def stem(self, p, spec):
        return (f"`make = {_partial_head(p)}` fixes part of the call. Which call of `make` builds a layer that "
                f"{spec}, with torch's defaults for the rest?")

    def program(self, p, call):
        return (f"from functools import partial\n\nimport torch.nn as nn\n\n"
                f"make = {_partial_head(p)}\nlayer = {call}\n")

    def _rest(self, p: LayerAsk) -> list[str]:
        """The asked settings the partial does not fix."""
        return [a for a in _extras(p) if a not in set(_partial_fixed(p))]

    def right(self, p):
        return f"make({', '.join([str(p.input_size)] + self._rest(p))})"

    def right_forms(self, p):  # with no setting left to pass, the two keyword forms are one call
        i, rest = p.input_size, self._rest(p)
        return [f"make({', '.join([str(i)] + rest)})", f"make({', '.join([f'input_size={i}'] + rest)})",
                f"make({', '.join(rest + [f'input_size={i}'])})"]

    def call(self, p, args):
        fixed = set(_partial_fixed(p))
        return f"make({', '.join(a for a in args if a not in fixed)})"

    def trap_form(self, rng):
        return "keywords"  # the fixed hidden_size keyword drops out of the call

    def size_traps(self, p, rng, form):
        i, h = p.input_size, p.hidden_size
        return [
            (f"make({i}, {h})", "repeats-fixed-argument",
             f"Passes {h} again by position: it lands on `hidden_size`, which the partial already fixes, so "
             "Python sees two values for one argument."),
            (f"make({h})", "partial-fills-input",
             f"Thinks the fixed `hidden_size` shifts the positions, so {h} goes in first: the layer would read "
             f"{h} features per step."),
            (f"make(input={i}{''.join(', ' + a for a in self._rest(p))})", "short-keyword-names",
             "Calls the input width `input`; torch's keyword is `input_size`, so Python rejects it."),
        ]

    def explain_steps(self, p):
        return [f"`{_partial_head(p)}` already supplies {', '.join(_partial_fixed(p))}; the call adds only what "
                "is still missing, and passing a fixed argument again by position collides with it."]

    def check(self, p):
        return (f"`make.keywords` already holds {', '.join(_partial_fixed(p))}, so the call has one job left: "
                "the input width, and nothing that repeats a fixed argument.")


CONSTRUCTOR_SITUATIONS: dict[str, PlainCall] = {
    s.name: s for s in (PlainCall(), KeywordsOnly(), Encoder(), Partial(), AllPositional(), ReplaceRnn())}
MULTIPLE_SITUATIONS = tuple(name for name, s in CONSTRUCTOR_SITUATIONS.items() if s.select_all)


def _constructor_wrongs(p: LayerAsk) -> list[Trap]:
    """(text, misconception, why) for every trap that applies to this item: the situation's own,
    then one or more for each setting the layer asks for."""
    rng = random.Random(f"constructor-wrongs:{sorted(p.to_dict().items())}")
    situation = CONSTRUCTOR_SITUATIONS[p.situation]
    h, given_i, extras, typos_only = p.hidden_size, situation.input_name(p), _extras(p), situation.only_typos

    def form() -> str:
        return situation.trap_form(rng)

    def call(width: int, *settings: str) -> str:
        """A trap with the sizes in a drawn form, this width for the state, and these settings."""
        return situation.call(p, _sizes(form(), given_i, width) + list(settings))

    def misspelt(setting: str) -> Trap:
        typo, mid = EXTRA_TYPOS[setting]
        return (call(h, *[a.replace(f"{setting}=", f"{typo}=") for a in extras]), mid,
                f"Spells `{setting}` as `{typo}`; Python rejects a keyword the signature lacks.")

    out = situation.size_traps(p, rng, form) + situation.own_traps(p)
    if p.num_layers > 1 and not typos_only:
        out.append((call(h * p.num_layers, *_extras(p, layers=1)), "layers-widen-hidden",
                    f"Folds the {p.num_layers} layers into one state {h * p.num_layers} wide; stacking is "
                    "`num_layers`, the width stays the same."))
    if p.num_layers > 1:
        out.append(misspelt("num_layers"))
    if p.batch_first:
        out.append(misspelt("batch_first"))
        if p.num_layers == 1 and not p.bidirectional and not p.proj_size and not typos_only:
            out.append((_lstm([str(given_i), str(h), "True"]), "third-positional-is-batch-first",
                        "Passes `True` third, hoping for `batch_first`; the third place is `num_layers`, so "
                        "the layer stays sequence-first."))
            out.append((_lstm([str(given_i), str(h), "1", "True"]), "fourth-positional-is-batch-first",
                        "Passes `True` fourth, hoping for `batch_first`; the fourth place is `bias`, so "
                        "the layer stays sequence-first."))
    if p.batch_first and not typos_only:
        out.append((call(h, *_extras(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first`, as if torch read the layout off the data; it assumes "
                    "(time, batch, features) unless told."))
    if p.bidirectional:
        out.append(misspelt("bidirectional"))
    if p.bidirectional and not typos_only:
        out.append((call(h, *_extras(p, layers=2 * p.num_layers, bi=False)), "directions-are-layers",
                    "Asks for a second layer in place of a second direction; stacking does not read the "
                    "sequence backwards."))
        out.append((call(2 * h, *extras), "directions-double-hidden",
                    f"Doubles `hidden_size` to {2 * h} for the two directions; each direction keeps its own "
                    f"state of {h} and only the output joins them."))
    if p.proj_size and not typos_only:
        if p.proj_size < h:
            out.append((call(p.proj_size, *_extras(p, proj=h)), "proj-and-hidden-swapped",
                        f"Exchanges the state width and the projection: a projection of {h} is not smaller "
                        f"than a state of {p.proj_size}, which torch refuses."))
        out.append((call(p.proj_size, *_extras(p, proj=0)), "projection-is-hidden-size",
                    f"Builds a state {p.proj_size} wide in place of projecting a state of {h} down to "
                    f"{p.proj_size}."))
    return out


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
        names = sorted(name for name, s in CONSTRUCTOR_SITUATIONS.items() if difficulty in s.levels)
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
        text = CONSTRUCTOR_SITUATIONS[p.situation].stem(p, _spec(p))
        if p.kind == "multiple":
            text = text.replace("Which call builds", "Which calls build").replace(
                "Which call belongs", "Which calls could go").replace("Which call of `make` builds", "Which calls "
                "of `make` build") + " Select all that apply."
        return text

    def achieves(self, p, out):
        return bool(out.ok and _layer_matches(out.values.get("layer"), _facts(p)))

    def options(self, p, main):
        situation = CONSTRUCTOR_SITUATIONS[p.situation]
        right = situation.right(p)
        why = (f"`input_size` is the width of each step ({p.input_size}) and `hidden_size` the width of the "
               f"state ({p.hidden_size})" + _extras_reason(p) + "; this call sets exactly those.")
        intended = Candidate(right, why, program=situation.program(p, right))
        wrong = [_wrong(text, mid, why, situation.program(p, text)) for text, mid, why in _constructor_wrongs(p)]
        if p.kind == "multiple":  # the engine judges every candidate; other right forms join the key
            others = [Candidate(text, f"Another way to write the same call: {why[0].lower()}{why[1:]}",
                                program=situation.program(p, text))
                      for text in situation.right_forms(p) if text != right]
            return intended, others + wrong
        return intended, pick_balanced(intended, wrong, f"constructor:{sorted(p.to_dict().items())}")

    def explain(self, p, main, correct):
        situation = CONSTRUCTOR_SITUATIONS[p.situation]
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
        steps += situation.explain_steps(p)
        steps.append(f"`{correct.text}` is the call that gives all of this.")
        return Explanation(
            steps=tuple(steps),
            quick_check=situation.check(p),
            hint=self._hint(p, situation),
            mistakes=self._mistakes(p, situation),
        )

    @staticmethod
    def _hint(p: LayerAsk, situation: PlainCall) -> str:
        extra = next((k for k in ("proj_size", "bidirectional", "num_layers", "batch_first")
                      if getattr(p, k) not in (0, 1, False)), None)
        if p.kind != "multiple":
            return situation.hint(p, extra)
        return f"Check every option on its own: {EXTRA_HINTS[extra]}" if extra else situation.select_all_hint

    @staticmethod
    def _mistakes(p: LayerAsk, situation: PlainCall) -> tuple[str, ...]:
        out = ["Putting the hidden width where the input width goes: the first size is what each step brings in.",
               "Trusting a keyword that merely looks right (`hidden_sizes`, `input_dim`, `batchfirst`): Python "
               "rejects any name the signature does not define."]
        if p.num_layers > 1 or p.bidirectional:
            out.append("Confusing depth, width and direction: more layers is `num_layers`, a backward pass is "
                       "`bidirectional`, and neither changes `hidden_size`.")
        return tuple(out) + situation.mistakes


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
        return [(_lstm([f"units={p.hidden_size}", f"input_shape=({p.seq_len}, {p.input_size})", "batch_first=True"]),
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
        return [(_lstm(sizes(p.other, p.hidden_size) + _extras(p)), "reads-raw-width",
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
        return [(_lstm(sizes(p.other, p.hidden_size) + _extras(p)), "vocabulary-is-input-size",
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
        right = _lstm(_sizes(p.form, p.input_size, p.hidden_size) + _extras(p))
        intended = Candidate(right, _design_why(p), program=_design_program(p, right))
        wrong = [_wrong(text, mid, why, _design_program(p, text)) for text, mid, why in _design_wrongs(p)]
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
    if p.batch_first:
        out.append((_lstm(sizes(f, h) + _extras(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first=True`: torch would read the batch axis as time."))
        out.append((_lstm(sizes(f, h) + _extras(p, bf=False) + ["batch_size=3"]), "batch-is-a-setting",
                    "Gives the batch size to the constructor; `nn.LSTM` has no such argument, and the layout "
                    "needs `batch_first`."))
    out += DESIGN_SITUATIONS[p.situation].own_traps(p, sizes)
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
