"""constructor: which ``nn.LSTM(...)`` call builds the layer that was asked for.

Every option is run: it is right only if torch builds the asked layer (its sizes and settings).
Every wrong option is a named misconception, built from the item's own numbers; the engine drops
any that torch happens to accept.

Situations differ in what the student must read: a plain description, a ``functools.partial``
that fixes part of the call, a layer built inside a model class, an ``nn.RNN`` being replaced.
Each situation is a small class below that owns its stem, code, traps and solution pieces; the
family looks the item's situation up in ``CONSTRUCTOR_SITUATIONS``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Callable

from ..model import Candidate
from .base import Explanation, Family
from .distractors import pick_balanced
from .layer_ask import FORMS, LayerAsk, Trap, asked_settings, extra_args, lstm_call, size_args, wrong_call

# --- the asked layer: its facts, its description, the key's other forms ----------------------


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
    parts += [s.described.format(v=v) for s, v in asked_settings(p)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _extras_reason(p: LayerAsk) -> str:
    return "".join("; " + s.reason.format(v=v) for s, v in asked_settings(p))


def _positional_all(p: LayerAsk, i, h) -> list[str]:
    values = [str(i), str(h), str(p.num_layers), "True", str(p.batch_first), "0.0", str(p.bidirectional),
              str(p.proj_size)]
    defaults = [None, None, "1", "True", "False", "0.0", "False", "0"]
    while len(values) > 2 and values[-1] == defaults[len(values) - 1]:
        values.pop()
    return values


# --- situations ------------------------------------------------------------------------------

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
        return lstm_call(size_args(p.form, self.input_name(p), p.hidden_size) + extra_args(p))

    def right_forms(self, p: LayerAsk) -> list[str]:
        """Every way of writing the asked call: by position, by keyword in either order, mixed, or
        every argument by position."""
        i, h = self.input_name(p), p.hidden_size
        forms = [lstm_call(size_args(form, i, h) + extra_args(p)) for form in FORMS]
        forms.append(lstm_call([str(i), f"hidden_size={h}"] + extra_args(p)))
        forms.append(lstm_call(_positional_all(p, i, h)))
        return list(dict.fromkeys(forms))

    def call(self, p: LayerAsk, args: list[str]) -> str:
        """A trap's call from its arguments."""
        return lstm_call(args)

    def trap_form(self, rng: random.Random) -> str:
        """How a trap writes the two sizes (each trap draws its own, so the key is not their centre)."""
        return rng.choice(FORMS)

    def size_traps(self, p: LayerAsk, rng: random.Random, form: Callable[[], str]) -> list[Trap]:
        """The traps on the two sizes and their keywords; ``form()`` draws how one writes the sizes."""
        i, h, given_i, extras = p.input_size, p.hidden_size, self.input_name(p), extra_args(p)
        out = [(self.call(p, size_args(form(), h, given_i) + extras), "swaps-sizes",
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
        return lstm_call(size_args(form, p.input_size, p.hidden_size) + extra_args(p))

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
        return lstm_call(_positional_all(p, p.input_size, p.hidden_size))

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
        return [(lstm_call(["self.n_in", str(p.hidden_size)] + extra_args(p)), "attribute-not-stored",
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
        rnn = lstm_call(size_args('positional', p.input_size, p.hidden_size) + extra_args(p), 'nn.RNN')
        return (f"`{rnn}` is being "
                "replaced by an LSTM with the same sizes and settings. Which call builds it?")

    def own_traps(self, p):
        i, h, extras = p.input_size, p.hidden_size, extra_args(p)
        out = [(lstm_call([str(i), str(h)] + extras + ["nonlinearity='tanh'"]), "lstm-has-nonlinearity",
                "Keeps `nn.RNN`'s `nonlinearity` argument; `nn.LSTM` has none, so the call is rejected.")]
        if p.num_layers == 1 and h <= 32:  # a state four times wider: kept small
            out.append((lstm_call([str(i), str(4 * h)] + extras), "gates-widen-hidden",
                        f"Multiplies the hidden size by the four gates ({4 * h}); the gates are inside the "
                        f"weights, and `hidden_size` stays {h}."))
        return out

    def explain_steps(self, p):
        return ["An LSTM takes the same sizes as `nn.RNN`; its four gates live inside the weights, not in "
                "`hidden_size`, and it has no `nonlinearity` argument."]


def _partial_fixed(p: LayerAsk) -> list[str]:
    """What the partial fixes: the hidden size, and the first extra if there is one."""
    fixed = [f"hidden_size={p.hidden_size}"]
    return fixed + extra_args(p)[:1]


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
        return [a for a in extra_args(p) if a not in set(_partial_fixed(p))]

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
    h, given_i, extras, typos_only = p.hidden_size, situation.input_name(p), extra_args(p), situation.only_typos

    def form() -> str:
        return situation.trap_form(rng)

    def call(width: int, *settings: str) -> str:
        """A trap with the sizes in a drawn form, this width for the state, and these settings."""
        return situation.call(p, size_args(form(), given_i, width) + list(settings))

    def misspelt(setting: str) -> Trap:
        typo, mid = EXTRA_TYPOS[setting]
        return (call(h, *[a.replace(f"{setting}=", f"{typo}=") for a in extras]), mid,
                f"Spells `{setting}` as `{typo}`; Python rejects a keyword the signature lacks.")

    out = situation.size_traps(p, rng, form) + situation.own_traps(p)
    if p.num_layers > 1 and not typos_only:
        out.append((call(h * p.num_layers, *extra_args(p, layers=1)), "layers-widen-hidden",
                    f"Folds the {p.num_layers} layers into one state {h * p.num_layers} wide; stacking is "
                    "`num_layers`, the width stays the same."))
    if p.num_layers > 1:
        out.append(misspelt("num_layers"))
    if p.batch_first:
        out.append(misspelt("batch_first"))
        if p.num_layers == 1 and not p.bidirectional and not p.proj_size and not typos_only:
            out.append((lstm_call([str(given_i), str(h), "True"]), "third-positional-is-batch-first",
                        "Passes `True` third, hoping for `batch_first`; the third place is `num_layers`, so "
                        "the layer stays sequence-first."))
            out.append((lstm_call([str(given_i), str(h), "1", "True"]), "fourth-positional-is-batch-first",
                        "Passes `True` fourth, hoping for `batch_first`; the fourth place is `bias`, so "
                        "the layer stays sequence-first."))
    if p.batch_first and not typos_only:
        out.append((call(h, *extra_args(p, bf=False)), "layout-guessed",
                    "Leaves out `batch_first`, as if torch read the layout off the data; it assumes "
                    "(time, batch, features) unless told."))
    if p.bidirectional:
        out.append(misspelt("bidirectional"))
    if p.bidirectional and not typos_only:
        out.append((call(h, *extra_args(p, layers=2 * p.num_layers, bi=False)), "directions-are-layers",
                    "Asks for a second layer in place of a second direction; stacking does not read the "
                    "sequence backwards."))
        out.append((call(2 * h, *extras), "directions-double-hidden",
                    f"Doubles `hidden_size` to {2 * h} for the two directions; each direction keeps its own "
                    f"state of {h} and only the output joins them."))
    if p.proj_size and not typos_only:
        if p.proj_size < h:
            out.append((call(p.proj_size, *extra_args(p, proj=h)), "proj-and-hidden-swapped",
                        f"Exchanges the state width and the projection: a projection of {h} is not smaller "
                        f"than a state of {p.proj_size}, which torch refuses."))
        out.append((call(p.proj_size, *extra_args(p, proj=0)), "projection-is-hidden-size",
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
        wrong = [wrong_call(text, mid, why, situation.program(p, text)) for text, mid, why in _constructor_wrongs(p)]
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
