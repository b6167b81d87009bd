"""invalid-value: four ``nn.LSTM(...)`` calls; which one raises ``ValueError``, raises ``TypeError``,
builds silently, or builds with a warning (kind ``single``), or which of them raise, raise
``ValueError``, raise ``TypeError`` or build silently (kind ``multiple``: select all that apply).

Each option is a call torch runs on its own. A call is one of the *variants* below: a bad or
surprising argument (a zero size, a float size, ``proj_size`` equal to ``hidden_size``,
``dropout=1.0`` with stacked layers, ``bidirectional=1``...). Each variant knows, as a rule
written here, which of the four outcomes it gives; torch judges every option, so a rule that
disagreed with torch would make the engine redraw the item, never change an answer. The item asks
for one outcome; the key is a variant with that outcome and every wrong option is a variant with
another, named after the belief that would make someone pick it ("a whole-valued float passes as
an int", "dropout must stay below 1", ...). Which variants an item shows sets its difficulty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from math import comb
from typing import Callable

from ..model import Candidate, Outcome
from .distractors import choose
from .base import Explanation, Family
from .typed import Record

SIZE_LOW, SIZE_HIGH = 2, 32  # sizes a call shows (constructor only: no tensor is allocated)
N_SIZES = SIZE_HIGH - SIZE_LOW + 1
GOOD_DROPOUTS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
BAD_DROPOUTS = (1.5, 2.0, -0.1, -0.5, 10, 20, 25, 50)  # whole numbers: percentages by mistake
SIZE_FORMS = ("float", "division", "string")
FLAGS = ("batch_first=1", "bias=0", "batch_first=0", "bias=1")
LEVELS = ("easy", "medium", "hard")
FRAMINGS = 3  # single-choice stems per asked outcome
POOL = 7  # wrong variants a draw weighs for its three places


@dataclass(frozen=True)
class InvalidValueParams(Record):
    """The outcome asked for, the sizes and values the calls share, and which variants are shown:
    ``key`` first, then the three wrong ones."""

    ask: str
    framing: int
    input_size: int
    hidden_size: int
    proj: int  # a projection width some variants use (0: none fits these sizes)
    good_dropout: float
    bad_dropout: int | float
    form: str
    flag: str
    key: str
    wrong: tuple[str, ...]
    right: tuple[str, ...] = ()  # select-all items: the other calls that have the asked outcome
    kind: str = "single"


@dataclass(frozen=True)
class Variant:
    """One call an option can show: its arguments and why torch treats it as it does, as
    templates over ``template_values``, and the belief of whoever picks it for another outcome."""

    id: str
    level: int  # index into LEVELS
    outcome: str  # one of ASKS
    area: str  # the argument it plays with: a key of AREA_HINT
    arguments: str
    why: str
    belief: str
    fits: Callable[[InvalidValueParams], bool] = lambda p: True  # whether the item's sizes allow it

    def args(self, p: InvalidValueParams) -> str:
        return self.arguments.format(**template_values(p))

    def fact(self, p: InvalidValueParams) -> str:
        """Why the call does what it does, with the item's numbers."""
        return self.why.format(**template_values(p))


def _size(p: InvalidValueParams, value: int) -> str:
    return {"float": f"{value}.0", "division": f"{2 * value} / 2", "string": repr(str(value))}[p.form]


@lru_cache(maxsize=64)  # a draw formats every variant's call for its params, many times over
def template_values(p: InvalidValueParams) -> dict:
    """The item's values, and the phrases derived from them, that the templates name (read only)."""
    shown = _size(p, p.hidden_size)
    float_what = {"float": f"`{shown}` is a float although its value is whole",
                  "division": f"`{shown}` is the float {p.hidden_size}.0: `/` always gives a float in Python 3",
                  "string": f"`{shown}` is a string, as values read from a config file are"}[p.form]
    percentage = isinstance(p.bad_dropout, int) and p.bad_dropout > 1
    return {**p.to_dict(), "shown_hidden": shown, "float_what": float_what, "flag_name": p.flag.split("=")[0],
            "percentage_note": " (a percentage where a probability belongs)" if percentage else ""}


VARIANTS: tuple[Variant, ...] = (
    # --- easy: the two sizes -------------------------------------------------------------
    Variant("zero-hidden", 0, "ValueError", "sizes", "{input_size}, 0",
            "hidden_size=0 is an int, so the type check passes, but a layer needs at least one hidden unit: "
            "the range check raises ValueError.",
            "a size of zero is accepted like an empty tensor"),
    Variant("minus-one-input", 0, "ValueError", "sizes", "-1, {hidden_size}",
            "input_size=-1 is an int below 1; -1 means \"infer it\" only for `view` and `reshape`, so the "
            "range check raises ValueError.",
            "-1 lets torch infer the size, as in `view(-1)`"),
    Variant("float-hidden", 0, "TypeError", "sizes", "{input_size}, {shown_hidden}",
            "{float_what}; torch accepts only an int for a size, so this is a TypeError.",
            "a whole-valued float or a numeric string passes as an int, or fails only its range"),
    Variant("keywords-reordered", 0, "builds", "sizes", "hidden_size={hidden_size}, input_size={input_size}",
            "keywords may come in any order: input_size and hidden_size are named, so the call is the layer "
            "{input_size} → {hidden_size}, with no warning.",
            "named arguments must follow the signature's order"),
    Variant("hidden-below-input", 0, "builds", "sizes", "{input_size}, {hidden_size}",
            "a hidden size ({hidden_size}) below the input size ({input_size}) is allowed: the weights are "
            "simply wider than they are tall. No warning either.",
            "hidden_size may not be smaller than input_size",
            lambda p: p.hidden_size < p.input_size),
    # --- medium: dropout and the number of layers ------------------------------------------
    Variant("one-layer-dropout", 1, "warns", "dropout", "{input_size}, {hidden_size}, dropout={good_dropout}",
            "dropout={good_dropout} is a valid probability, but with the default single layer there is no "
            "gap between layers to apply it: torch builds the layer and warns.",
            "dropout with one layer is an error, or is silently fine"),
    Variant("explicit-one-layer-dropout", 1, "warns", "dropout",
            "{input_size}, {hidden_size}, num_layers=1, dropout={good_dropout}",
            "num_layers=1 leaves no gap between layers for dropout={good_dropout}: torch builds the layer and "
            "warns that the dropout does nothing.",
            "dropout with one layer is an error, or is silently fine"),
    Variant("bad-dropout", 1, "ValueError", "dropout",
            "{input_size}, {hidden_size}, num_layers=2, dropout={bad_dropout!r}",
            "dropout={bad_dropout!r} is a number of the right type outside [0, 1]{percentage_note}: the range "
            "check raises ValueError.",
            "torch clamps dropout, or reads 20 as 20 %"),
    Variant("bad-dropout-one-layer", 1, "ValueError", "dropout", "{input_size}, {hidden_size}, dropout={bad_dropout!r}",
            "dropout={bad_dropout!r} lies outside [0, 1]; the range is checked before the one-layer warning "
            "would be issued, so this raises ValueError.",
            "a one-layer dropout can only ever warn"),
    Variant("dropout-one", 1, "builds", "dropout", "{input_size}, {hidden_size}, num_layers=2, dropout=1.0",
            "dropout=1.0 is inside the closed range [0, 1], and two layers give it a gap to act on: it builds "
            "silently (it would zero everything passed between the layers).",
            "dropout must stay strictly below 1"),
    Variant("stacked-dropout", 1, "builds", "dropout",
            "{input_size}, {hidden_size}, num_layers=3, dropout={good_dropout}",
            "three layers leave two gaps for dropout={good_dropout}: a valid setting, built without a warning.",
            "any dropout in nn.LSTM triggers a warning"),
    Variant("zero-layers", 1, "ValueError", "layers", "{input_size}, {hidden_size}, num_layers=0",
            "num_layers=0 is an int, but a stack needs at least one layer: ValueError.",
            "num_layers counts the layers on top of the first"),
    Variant("float-layers", 1, "TypeError", "layers", "{input_size}, {hidden_size}, num_layers=2.0",
            "num_layers=2.0 is a float; torch uses num_layers as a count (in `range`), which refuses a float "
            "with a TypeError.",
            "a whole-valued float counts as a whole number"),
    # --- hard: projections and bool flags --------------------------------------------------
    Variant("proj-equal", 2, "ValueError", "proj", "{input_size}, {hidden_size}, proj_size={hidden_size}",
            "proj_size must be strictly smaller than hidden_size; {hidden_size} equals it, so the constructor "
            "raises ValueError.",
            "a projection to the same width is allowed"),
    Variant("proj-minus-one", 2, "ValueError", "proj", "{input_size}, {hidden_size}, proj_size=-1",
            "proj_size=-1 is negative; 0 is the value that switches projections off, so this raises ValueError.",
            "-1 switches the projection off"),
    Variant("proj-between", 2, "builds", "proj", "{input_size}, {hidden_size}, proj_size={proj}",
            "proj_size={proj} is below hidden_size={hidden_size}, the only limit: that it is above "
            "input_size={input_size} does not matter. It builds silently.",
            "proj_size must also be below input_size",
            lambda p: p.input_size < p.proj < p.hidden_size),
    Variant("proj-below-input", 2, "ValueError", "proj", "{input_size}, {hidden_size}, proj_size={proj}",
            "proj_size={proj} is not below hidden_size={hidden_size}; being below input_size={input_size} "
            "does not help: ValueError.",
            "proj_size is compared with input_size",
            lambda p: p.hidden_size <= p.proj < p.input_size),
    Variant("int-flag", 2, "TypeError", "flags", "{input_size}, {hidden_size}, {flag}",
            "`{flag}` is an int, not a bool: the constructor checks the type of `{flag_name}` and raises "
            "TypeError, even though 0 and 1 behave like False and True elsewhere.",
            "0 and 1 pass wherever a bool is expected"),
    Variant("int-bidirectional", 2, "builds", "flags", "{input_size}, {hidden_size}, bidirectional=1",
            "bidirectional is not type-checked: torch only tests whether it is true, so 1 builds a "
            "two-direction layer, silently.",
            "every bool flag is type-checked like bias and batch_first"),
)
BY_ID = {v.id: v for v in VARIANTS}


def call(p: InvalidValueParams, variant_id: str) -> str:
    return f"nn.LSTM({BY_ID[variant_id].args(p)})"


def program(source: str) -> str:
    return f"import torch.nn as nn\n\nlstm = {source}\n"


def outcome_of(out: Outcome) -> str:
    """Which of ASKS a run is (another exception type is named as it is)."""
    if out.error:
        return out.error[0]
    return "warns" if out.warnings else "builds"


def misconception_id(variant_id: str, ask: str) -> str:
    return f"{variant_id}-{ask.lower()}"


def has(outcome: str, ask: str) -> bool:
    """Whether an outcome is what ``ask`` asks for ("raises": either exception)."""
    return outcome in ("ValueError", "TypeError") if ask == "raises" else outcome == ask


@dataclass(frozen=True)
class Ask:
    """An outcome an item can ask for, with everything the item says about it."""

    name: str
    does: str  # what a call with this outcome does: "raises TypeError"
    do: str  # the same for several calls
    framings: tuple[str, ...]  # the single-choice stems (none: asked only in select-all items)
    select_all: str  # the select-all stem ("": never asked there)
    hint: str  # what to ask of the odd argument, after the area's hint
    quick: str  # the quick check


ASK_TABLE = {a.name: a for a in (
    Ask("raises", "raises an exception", "raise an exception", (),
        "Which of these calls raise an exception? Select all that apply.",
        "For each call, is there an argument whose type or value the constructor cannot accept?",
        "Run the two checks on each call in order, type then range; a call that passes both builds, with at "
        "most a warning."),
    Ask("ValueError", "raises ValueError", "raise ValueError",
        ("Which of these calls raises a `ValueError`?",
         "A training script builds its layer with one of these lines. Which one stops it with a `ValueError` "
         "(the right type, a value out of range)?",
         "Three of these constructor calls do not end in a `ValueError`. Which one does?"),
        "Which of these calls raise a `ValueError`? Select all that apply.",
        "Is the odd argument of the wrong type, or of the right type with an impossible value?",
        "Sort the odd arguments in two piles: wrong Python type (TypeError) and right type with an impossible "
        "value (ValueError); legal but idle settings only warn."),
    Ask("TypeError", "raises TypeError", "raise TypeError",
        ("Which of these calls raises a `TypeError`?",
         "Layer settings read from a config file end up in one of these calls. Which call fails with a "
         "`TypeError`?",
         "A reviewer flags one of these lines as passing an argument of the wrong Python type, so that the "
         "constructor raises `TypeError`. Which line?"),
        "A config loader hands its values to these calls. Which of them fail with a `TypeError`? Select all "
        "that apply.",
        "Would `type(...)` of the odd argument print what the constructor expects?",
        "Ask of each odd argument what `type(...)` would print: only a float, a str or an int where a bool is "
        "checked can fail before any range check."),
    Ask("builds", "builds silently", "build silently",
        ("Which of these calls builds a layer with no exception and no warning?",
         "A hyper-parameter sweep tries these four layers. Which one does torch build silently, without "
         "raising and without printing a warning?",
         "Only one of these calls leaves the log clean: no exception and no warning. Which?"),
        "Which of these layers does torch build with no exception and no warning? Select all that apply.",
        "Which of the limits these calls seem to break are real?",
        "Write down the constructor's real limits (sizes and num_layers ≥ 1, 0 ≤ dropout ≤ 1, 0 ≤ proj_size < "
        "hidden_size, ints for sizes, bools for bias and batch_first) and strike every call that breaks one or "
        "warns."),
    Ask("warns", "builds with a warning", "build with a warning",
        ("Which of these calls builds a layer but issues a `UserWarning`?",
         "Which of these layers is created, yet makes torch print a warning that a setting has no effect?",
         "Running these four lines one by one, which one finishes but leaves a `UserWarning` in the log?"),
        "",
        "Which legal setting has nothing to act on here?",
        "A warning needs a legal value that cannot act: count the gaps between layers that dropout would use."),
)}
# What a call does, as the stems name it, in the order a draw picks from; "raises" (either
# exception) is asked only in select-all items.
ASKS = tuple(a.name for a in ASK_TABLE.values() if a.framings)
MULTIPLE_ASKS = tuple(a.name for a in ASK_TABLE.values() if a.select_all)
# The first half of the hint: where the key's argument sits (the key variant's area).
AREA_HINT = {
    "sizes": "Look at the two sizes first: what must be true of a width for a weight matrix to exist?",
    "dropout": "Where does nn.LSTM apply dropout, and what range can a probability take?",
    "layers": "What kind of number can a count of layers be, and how small?",
    "proj": "What does a projection shrink, and which size is its upper limit?",
    "flags": "Which switches does the constructor type-check, and which does it only test for truth?",
}


class InvalidValue(Family):
    name = "invalid-value"
    difficulties = LEVELS
    summary = (
        "Four `nn.LSTM(...)` calls: which raises `ValueError`, which `TypeError`, which builds silently "
        "or with a warning (zero, negative or float sizes, `dropout`, `num_layers`, `proj_size`, bool "
        "flags given ints)."
    )
    option_probes = ()
    kinds = ("single", "multiple")  # select-all items: sample_kind(..., "multiple")
    writable_kinds = ("single", "multiple")

    # --- drawing ---------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        return self.sample_kind(rng, difficulty, "single")

    def sample_kind(self, rng, difficulty, kind):
        if kind not in self.writable_kinds:
            raise ValueError(f"{self.name} writes no {kind} questions")
        level = LEVELS.index(difficulty)
        draw = self._draw if kind == "single" else self._draw_multiple
        for _ in range(1000):
            p = draw(rng, level)
            if p is not None:
                return p
        raise RuntimeError(f"invalid-value: no {difficulty} draw")  # pragma: no cover (never seen)

    def kind_of(self, p):
        return p.kind

    def kind_capacity(self, difficulty, kind):
        return self.capacity(difficulty)

    def _draw_multiple(self, rng: random.Random, level: int) -> InvalidValueParams | None:
        """A select-all item: the key, 0 to 2 more calls with the asked outcome, and wrong calls
        to make four (so the engine's count of right options is the one drawn here)."""
        base = self._base(rng, level, rng.choice(MULTIPLE_ASKS))
        usable = [v for v in VARIANTS if v.level <= level and v.fits(base)]
        rights = [v for v in usable if has(v.outcome, base.ask)]
        wrongs = [v for v in usable if not has(v.outcome, base.ask)]
        n_right = rng.choice((1, 2, 3))
        if len(rights) < n_right or len(wrongs) < 4 - n_right:
            return None
        chosen = rng.sample(rights, n_right)
        wrong = rng.sample(wrongs, 4 - n_right)
        p = InvalidValueParams.from_dict({**base.to_dict(), "key": chosen[0].id, "wrong": tuple(v.id for v in wrong),
                                  "right": tuple(v.id for v in chosen[1:]), "kind": "multiple"})
        if len({call(p, v) for v in (p.key, *p.right, *p.wrong)}) < 4:
            return None
        if max(BY_ID[v].level for v in (p.key, *p.right, *p.wrong)) != level:
            return None
        return p

    def _base(self, rng, level, ask) -> InvalidValueParams:
        i, h = rng.sample(range(SIZE_LOW, SIZE_HIGH + 1), 2)
        proj = 0
        if i + 1 < h:
            proj = rng.randint(i + 1, h - 1)
        elif h < i:
            proj = rng.randint(h, i - 1)
        return InvalidValueParams(
            ask=ask, framing=rng.randrange(FRAMINGS), input_size=i, hidden_size=h, proj=proj,
            good_dropout=rng.choice(GOOD_DROPOUTS), bad_dropout=rng.choice(BAD_DROPOUTS),
            form=rng.choice(SIZE_FORMS), flag=rng.choice(FLAGS), key="", wrong=())

    def _draw(self, rng: random.Random, level: int) -> InvalidValueParams | None:
        base = self._base(rng, level, rng.choice([a for a in ASKS if a != "warns" or level >= 1]))
        usable = [v for v in VARIANTS if v.level <= level and v.fits(base)]
        keys = [v for v in usable if v.outcome == base.ask]
        others = [v for v in usable if v.outcome != base.ask]
        if not keys or len(others) < 3:
            return None
        key = rng.choice(keys)
        p = InvalidValueParams.from_dict({**base.to_dict(), "key": key.id, "wrong": ()})
        fixed: list[Variant] = []
        if key.level < level:  # one wrong option carries the level
            top = [v for v in others if v.level == level]
            if not top:
                return None
            fixed.append(rng.choice(top))
        rest = [v for v in others if v not in fixed]
        rest = rng.sample(rest, min(len(rest), POOL))
        cand = {v.id: Candidate(call(p, v.id), "") for v in [*fixed, *rest]}
        picked = choose(Candidate(call(p, key.id), ""), [cand[v.id] for v in rest], salt=f"{rng.random()}",
                        fixed=tuple(cand[v.id] for v in fixed))
        by_text = {c.text: vid for vid, c in cand.items()}
        wrong = tuple(by_text[c.text] for c in picked)
        if len(wrong) < 3:
            return None
        return InvalidValueParams.from_dict({**p.to_dict(), "wrong": wrong})

    def decode(self, data):
        return InvalidValueParams.from_dict(data)

    def difficulty_of(self, p):
        return LEVELS[max(BY_ID[v].level for v in (p.key, *p.right, *p.wrong))]

    def capacity(self, difficulty):
        """An upper bound: every pair of sizes, value and form, every ask and framing, and every
        key with every set of three other variants of the level."""
        level = LEVELS.index(difficulty)
        n = sum(v.level <= level for v in VARIANTS)
        values = N_SIZES * N_SIZES * N_SIZES * len(GOOD_DROPOUTS) * len(BAD_DROPOUTS) * len(SIZE_FORMS) * len(FLAGS)
        return values * len(ASKS) * FRAMINGS * n * comb(n, 3)

    # --- the question ----------------------------------------------------------------------

    def stem(self, p):
        # The sizes the calls share open the stem: items of one family never read alike, which
        # quiz importers such as text2qti require.
        setting = (f"Each call below is meant to build a layer for {p.input_size} input features and "
                   f"{p.hidden_size} hidden units; some write an argument differently or add one. ")
        ask = ASK_TABLE[p.ask]
        return setting + (ask.select_all if p.kind == "multiple" else ask.framings[p.framing])

    def achieves(self, p, out):
        return has(outcome_of(out), p.ask)

    def options(self, p, main):
        intended = self._candidate(p, p.key, self._key_why(p, BY_ID[p.key]))
        wrong = [self._candidate(p, vid, self._wrong_why(p, BY_ID[vid]), misconception=misconception_id(vid, p.ask),
                                 yields=f"{call(p, vid)} {ASK_TABLE[p.ask].does}")
                 for vid in p.wrong]
        right = [self._candidate(p, vid, self._key_why(p, BY_ID[vid])) for vid in p.right]
        return intended, right + wrong

    @staticmethod
    def _candidate(p, variant_id: str, why: str, **named) -> Candidate:
        return Candidate(call(p, variant_id), why, program=program(call(p, variant_id)), **named)

    def _key_why(self, p, key: Variant) -> str:
        return f"`{call(p, key.id)}`: {key.fact(p)}"

    def _wrong_why(self, p, v: Variant) -> str:
        return f"A trap for the belief that {v.belief}. In fact {v.fact(p)}"

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p, main, correct):
        key, ask = BY_ID[p.key], ASK_TABLE[p.ask]
        steps = [
            "The constructor checks each argument as it reads it: first its Python type (an int for a "
            "size or a count, a bool for a flag), then its range; a legal value that cannot act (dropout "
            "with one layer) only gets a warning.",
            f"`{call(p, key.id)}`: {key.fact(p)}",
        ]
        steps += [f"`{call(p, vid)}`: {BY_ID[vid].fact(p)}" for vid in (*p.right, *p.wrong)]
        if p.kind == "multiple" and p.right:
            shown = ", ".join(f"`{call(p, vid)}`" for vid in (p.key, *p.right))
            steps.append(f"So {shown} {ask.do}.")
        else:
            steps.append(f"So only `{call(p, key.id)}` {ask.does}.")
        mistakes = tuple(f"Believing {BY_ID[vid].belief}." for vid in p.wrong)
        return Explanation(tuple(steps), ask.quick, f"{AREA_HINT[key.area]} {ask.hint}", mistakes)
