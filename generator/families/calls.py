"""missing-argument and wrong-keyword: what happens when code calls ``nn.LSTM`` (or a wrapper of
it) with an argument missing, misspelt, repeated or out of place.

Each item is a short program in a situation (a bare call, a layer built inside a model class, a
config dict unpacked with ``**``, a ``functools.partial``, a tuple of sizes, a forward call, ...).
Some programs run, some raise ``TypeError``, some fail in other ways (``SyntaxError``,
``ValueError``); torch's own outcome is the key. A claim names the statement that fails, the
exception and its message, or, for a program that runs, the layer it builds: the failing statement
is read off which names the run left behind, never assumed. Every wrong option is a named
misconception computed from the item's numbers.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, replace

from ..model import Candidate, Outcome
from .distractors import pick_balanced
from .base import MAX_SIZE, Explanation, Family, code_span

# --- claims ---------------------------------------------------------------------------------

SYNTAX_PLACE = re.compile(r" \(<question>, line (\d+)\)$")
CLASS_DEFINED = "class Tagger"  # the "where" of a claim that defining the class fails


def ok(i, h, layers=1, bf=False, bi=False) -> tuple:
    return ("ok", (i, h, layers, bf, bi))


def err(where: str | None, exc: str, message: str) -> tuple:
    return ("error", where, exc, message)


def missing(names: list[str], owner: str = "RNNBase.__init__()") -> str:
    quoted = [f"'{n}'" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    s = "" if len(names) == 1 else "s"
    return f"{owner} missing {len(names)} required positional argument{s}: {listed}"


def unexpected(keyword: str) -> str:
    return f"RNNBase.__init__() got an unexpected keyword argument '{keyword}'"


def multiple(name: str) -> str:
    return f"RNNBase.__init__() got multiple values for argument '{name}'"


def layer_text(facts: tuple) -> str:
    i, h, layers, bf, bi = facts
    extra = "".join([f", {layers} layers" if layers != 1 else "", ", batch first" if bf else "",
                     ", both directions" if bi else ""])
    return f"It runs: `lstm` reads {i} features per step into a state of {h}{extra}."


LATE = ("late",)  # a claim that the layer is built and the problem surfaces only with data


def claim_text(value: tuple, code: str, statements: tuple) -> str:
    """What a claim says, as a student reads it. An error names where it happens: the line a
    ``SyntaxError`` reports, or the failing statement (after the one before it, which ran)."""
    if value == LATE:
        return "It builds `lstm`; the missing size is reported only when data first goes through it."
    if value[0] == "ok":
        return layer_text(value[1])
    _, where, exc, message = value
    place = SYNTAX_PLACE.search(message)
    shown = SYNTAX_PLACE.sub("", message)
    if where is None:
        lines = code.splitlines()
        line = int(place.group(1)) if place else 0
        if 1 <= line <= len(lines):
            return f"Line {line}, `{lines[line - 1].strip()}`, does not parse: `{exc}`: {code_span(shown)}"
        return f"The file does not parse: `{exc}`: {code_span(shown)}"
    if where == CLASS_DEFINED:
        return f"Defining `Tagger` raises `{exc}`: {code_span(shown)}"
    texts = [text for _, text in statements]
    before = texts[texts.index(where) - 1] if where in texts and texts.index(where) > 0 else None
    if before:
        return f"`{before}` runs, then `{where}` raises `{exc}`: {code_span(shown)}"
    return f"`{where}` raises `{exc}`: {code_span(shown)}"


def layer_facts(layer: dict) -> tuple:
    return (layer["input_size"], layer["hidden_size"], layer["num_layers"], layer["batch_first"],
            layer["bidirectional"])


@dataclass(frozen=True)
class Scene:
    """One program: its lines, its statements in order as (name they assign, text shown), and
    the traps (claim value, misconception id, why) a student could fall into."""

    code: str
    statements: tuple[tuple[str, str], ...]
    traps: tuple[tuple[tuple, str, str], ...]
    stem: str
    rule: str  # the rule the item turns on, with this item's numbers
    hint: str
    check: str  # a second route to the outcome
    mistakes: tuple[str, ...]


@dataclass(frozen=True)
class CallAsk:
    situation: str
    variant: str
    input_size: int
    hidden_size: int
    other: int  # a second number the situation uses: layers, a second hidden size, a length
    kind: str = "single"  # "multiple": which of several lines fail

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.kind == "single":
            del d["kind"]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CallAsk":
        return cls(d["situation"], d["variant"], d["input_size"], d["hidden_size"], d["other"],
                   d.get("kind", "single"))


# --- select all that apply: which lines fail ------------------------------------------------
# A line is (code with {i} {h} {n}, the misconception that would make it fail if it runs, why).
# Lines meant to fail carry no misconception (a student picking them is right); lines meant to
# run name the belief that they fail. torch judges every one: a named line that fails redraws.
Line = tuple[str, str | None, str]
MULTIPLE_HINTS = (
    "Which lines leave a required size unfilled?",
    "Which lines give one parameter two values?",
    "Which lines use a name torch's signature does not have?",
    "For each line, what does the call finally receive once the setup's dict, tuple or partial is expanded?",
    "Which lines would Python reject before torch even looks at the values?",
)
LINES_LEVEL = "hard"  # lines using the setup (a config dict, a partial, a tuple) appear from here


def _line_program(setup: str, line: str) -> str:
    return f"{setup}lstm = {line}\n"


HEAD = "import torch.nn as nn\n\n"
TORCH_HEAD = "import torch\nimport torch.nn as nn\n\n"


def _bare(stmt: str) -> tuple[str, tuple]:
    return HEAD + stmt + "\n", (("lstm", stmt),)


def _tagger(inner: str, args: str) -> tuple[str, tuple]:
    code = (HEAD + "\nclass Tagger(nn.Module):\n    def __init__(self, n_features, n_hidden):\n"
            f"        super().__init__()\n        self.lstm = {inner}\n\n\nmodel = Tagger({args})\nlstm = model.lstm\n")
    return code, (("model", f"model = Tagger({args})"), ("lstm", "lstm = model.lstm"))


def _forward(call: str, step: str, i: int, t: int) -> tuple[str, tuple]:
    lines = [f"lstm = {call}", f"x = torch.randn({t}, 3, {i})", step]
    return TORCH_HEAD + "\n".join(lines) + "\n", (("lstm", lines[0]), ("x", lines[1]), ("out", lines[2]))


# --- the family machinery shared by both ---------------------------------------------------


class CallFamily(Family):
    """A family whose items are programs built by ``scene(p)``; options are claims about them."""

    probes = ("config", "make", "sizes", "model", "lstm", "x", "out")
    situations: dict[str, tuple[str, tuple[str, ...]]] = {}  # name: (level, variants)

    # Select-all items ("which lines fail") are written by sample_kind below; the kind is declared
    # once the writers on main render them (their tests still assume one right option per item).
    kinds = ("single",)
    lines: dict[str, tuple[Line, ...]] = {}  # "plain" lines, and "setup" lines that use the setup

    def setup(self, p: CallAsk) -> str:
        raise NotImplementedError

    def sample_kind(self, rng, difficulty, kind):
        if kind == "single":
            return self.sample(rng, difficulty)
        if kind != "multiple":
            raise ValueError(f"{self.name} writes no {kind} questions")
        # No easy select-all items (kind_capacity 0, so none is planned); asked anyway (``lstmq
        # check`` tries every level), the plain lines of the medium ones are drawn.
        difficulty = "medium" if difficulty == "easy" else difficulty
        p = self.sample(rng, difficulty)
        failing = [k for k, line in enumerate(self._lines(difficulty)) if line[1] is None]
        return replace(p, situation="lines", variant=f"{difficulty}-{rng.choice(failing)}", kind=kind)

    def kind_of(self, p):
        return p.kind

    def kind_capacity(self, difficulty, kind):
        if kind == "single":
            return self.capacity(difficulty)
        if difficulty == "easy":
            return 0
        return sum(line[1] is None for line in self._lines(difficulty)) * (MAX_SIZE - 1) * (MAX_SIZE - 2) * 5

    def _lines(self, difficulty: str) -> tuple[Line, ...]:
        return self.lines["plain"] + (self.lines["setup"] if difficulty == LINES_LEVEL else ())

    def _fill(self, p: CallAsk, text: str) -> str:
        return text.format(i=p.input_size, h=p.hidden_size, n=p.other)

    def achieves(self, p, out):
        return out.error is not None  # "which lines fail": a line is right when it fails

    def _multiple_options(self, p):
        lines = self._lines(self.difficulty_of(p))
        setup = self.setup(p)
        key_index = int(p.variant.split("-")[1])
        key_text, _, key_why = lines[key_index]
        intended = Candidate(self._fill(p, key_text), self._fill(p, key_why),
                             program=_line_program(setup, self._fill(p, key_text)))
        others = [Candidate(self._fill(p, text), self._fill(p, why), program=_line_program(setup, self._fill(p, text)),
                            misconception=mid)
                  for k, (text, mid, why) in enumerate(lines) if k != key_index]
        random.Random(f"{self.name}-lines:{sorted(p.to_dict().items())}").shuffle(others)
        return intended, others

    def sample(self, rng, difficulty):
        names = sorted(n for n, (level, _) in self.situations.items() if level == difficulty)
        situation = rng.choice(names)
        variant = rng.choice(self.situations[situation][1])
        i, h = rng.sample(range(2, MAX_SIZE + 1), 2)
        other = rng.choice([n for n in range(2, 7) if n not in (i, h)])
        return CallAsk(situation, variant, i, h, other)

    def decode(self, data):
        return CallAsk.from_dict(data)

    def difficulty_of(self, p):
        if p.situation == "lines":  # variant "medium-3": the level, and the line the key is
            return p.variant.split("-")[0]
        return self.situations[p.situation][0]

    def capacity(self, difficulty):
        variants = sum(len(v) for level, v in self.situations.values() if level == difficulty)
        return variants * (MAX_SIZE - 1) * (MAX_SIZE - 2) * 5

    def scene(self, p: CallAsk) -> Scene:
        raise NotImplementedError

    def snippet(self, p):
        if p.kind == "multiple":
            return self.setup(p)
        return self.scene(p).code

    def stem(self, p):
        if p.kind == "multiple":
            return ("After this setup, which of these lines raise an exception or fail to parse, each run "
                    "on its own as `lstm = ...`? Select all that apply.")
        return self.scene(p).stem

    def truth(self, p, main: Outcome):
        if main.error:
            exc, message = main.error
            if exc == "SyntaxError":
                return err(None, exc, message)
            where = next((text for name, text in self.scene(p).statements if name not in main.values), None)
            return err(where, exc, message)
        return ok(*layer_facts(main.values["lstm"]))

    def options(self, p, main):
        if p.kind == "multiple":
            return self._multiple_options(p)
        scene = self.scene(p)
        value = self.truth(p, main)
        intended = Candidate(claim_text(value, scene.code, scene.statements), _key_why(scene, value),
                             value=value, format="text")
        traps = [Candidate(claim_text(v, scene.code, scene.statements), why, value=v, format="text",
                           misconception=mid) for v, mid, why in scene.traps]
        if any(v == value for v, _, _ in scene.traps):
            return intended, traps  # a misconception that gives the key: the engine redraws the item
        return intended, pick_balanced(intended, traps, f"{self.name}:{sorted(p.to_dict().items())}",
                                       common_kind="TypeError")

    def explain(self, p, main, correct):
        if p.kind == "multiple":
            return Explanation(
                steps=(self.multiple_rule,
                       "Take each line on its own: bind its arguments to the signature (or the partial's stored "
                       "ones), then check what torch checks about the values.",
                       f"For example, `{correct.text}` fails: {correct.why[0].lower()}{correct.why[1:]}"),
                quick_check="For each line, write out the call torch finally receives, every argument by name; "
                            "a name twice, a name torch lacks or a required size missing means it fails.",
                hint=MULTIPLE_HINTS[int(p.variant.split("-")[1]) % len(MULTIPLE_HINTS)],
                mistakes=self.multiple_mistakes)
        scene = self.scene(p)
        value = self.truth(p, main)
        if value[0] == "ok":
            outcome = "Every statement runs, and the layer is built as the claim says."
        elif value[1] is None:
            outcome = f"Python stops before running anything: the file does not parse (`{value[2]}`)."
        else:
            outcome = f"The first statement that fails is `{value[1]}`; the statements before it run."
        return Explanation(
            steps=(scene.rule, outcome, f"So: {correct.text}"),
            quick_check=scene.check,
            hint=scene.hint,
            mistakes=scene.mistakes,
        )


def _key_why(scene: Scene, value: tuple) -> str:
    if value[0] == "ok":
        return f"{scene.rule} Nothing is missing or unknown, so the layer is built."
    return scene.rule


# --- missing-argument ----------------------------------------------------------------------

MISSING_SITUATIONS = {
    "bare": ("easy", ("input-only", "hidden-keyword", "settings-only", "input-and-layers", "three-positional")),
    "keyword-order": ("easy", ("keyword-first", "keyword-last", "size-twice")),
    "sizes-tuple": ("medium", ("star", "no-star", "short-tuple", "long-tuple")),
    "config": ("medium", ("missing-hidden", "complete", "unstarred", "single-star")),
    "partial": ("medium", ("fills-input", "called-empty", "repeats-hidden", "overrides")),
    "class": ("hard", ("inner-missing", "caller-missing", "complete")),
    "forward": ("hard", ("no-input", "state-only", "runs")),
}

SIGNATURE = ("`nn.LSTM` hands its arguments to `RNNBase.__init__(mode, input_size, hidden_size, num_layers=1, "
             "bias=True, batch_first=False, ...)`: the two sizes are required and have no defaults.")


class MissingArgument(CallFamily):
    name = "missing-argument"
    difficulties = ("easy", "medium", "hard")
    situations = MISSING_SITUATIONS
    lines = {
        "plain": (
            ("nn.LSTM({i})", None, "`hidden_size` is required and the call leaves it out."),
            ("nn.LSTM(hidden_size={h})", None, "`input_size` is required and the call leaves it out."),
            ("nn.LSTM(input_size={i}, {h})", None, "A plain value after a keyword does not parse."),
            ("nn.LSTM(num_layers={n}, batch_first=True)", None, "Both sizes are required and neither is given."),
            ("nn.LSTM({i}, {h}, input_size={i})", None, "`input_size` gets two values, by position and by name."),
            ("nn.LSTM({i}, {h}, {n})", "settings-keyword-only",
             "Thinks settings must be passed by keyword; the third place is `num_layers`, so this builds."),
            ("nn.LSTM({i}, hidden_size={h})", "no-mixing-allowed",
             "Thinks plain values and keywords cannot be mixed; plain first, keywords after, is allowed."),
            ("nn.LSTM(hidden_size={h}, input_size={i})", "keyword-order-matters",
             "Thinks keywords must follow the signature's order; names decide, not order."),
        ),
        "setup": (
            ("nn.LSTM(**config, num_layers={n})", None, "`config` already holds `num_layers`, so the keyword "
                                                        "gives it a second value."),
            ("make(num_layers={n})", None, "The partial stores only `hidden_size`; `input_size` is still missing."),
            ("make({i}, {h})", None, "The second plain value lands on `hidden_size`, which the partial fixes."),
            ("nn.LSTM(sizes, num_layers={n})", None, "Without `*` the tuple is one value, so `hidden_size` is missing."),
            ("nn.LSTM(**config, hidden_size={h})", "dict-and-keyword-clash",
             "Thinks `**config` and a keyword cannot be combined; different names do not clash."),
            ("make({i})", "partial-incomplete", "Thinks `make` still needs both sizes; the partial supplies one."),
            ("make(input_size={i}, hidden_size={h})", "partial-frozen",
             "Thinks a partial's keyword cannot be given again; a keyword in the call replaces it."),
            ("nn.LSTM(*sizes)", "star-unpacking-suspect",
             "Thinks `*sizes` passes the tuple whole; it passes each item as its own value."),
        ),
    }
    multiple_rule = SIGNATURE + (" Every line must fill both sizes once each: by position, by name, from "
                                 "`**config`, from `*sizes`, or from what the partial `make` stores.")
    multiple_mistakes = ("Expecting mixed positional and keyword arguments, or keywords in any order, to fail.",
                         "Forgetting what a partial or an unpacked dict already supplies.")

    def setup(self, p):
        if self.difficulty_of(p) != LINES_LEVEL:
            return HEAD  # the plain lines need nothing else
        return ("from functools import partial\n\n" + HEAD +
                f'config = {{"input_size": {p.input_size}, "num_layers": {p.other}}}\n'
                f"make = partial(nn.LSTM, hidden_size={p.hidden_size})\nsizes = ({p.input_size}, {p.hidden_size})\n")
    summary = ("What happens when `nn.LSTM` may lack an argument: bare calls, keyword order, a tuple or a "
               "config dict unpacked (or not), a `functools.partial`, a layer built inside a model class, "
               "a forward call without input. Some run, most raise `TypeError`, some fail to parse.")

    def scene(self, p: CallAsk) -> Scene:
        return getattr(self, "_" + p.situation.replace("-", "_"))(p)

    def _bare(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        call = {"input-only": f"nn.LSTM({i})", "hidden-keyword": f"nn.LSTM(hidden_size={h})",
                "settings-only": f"nn.LSTM(num_layers={n}, proj_size={i})",
                "input-and-layers": f"nn.LSTM({i}, num_layers={n})",
                "three-positional": f"nn.LSTM({i}, {h}, {n})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        layers = n if p.variant in ("input-and-layers", "three-positional", "settings-only") else 1
        bf = False
        traps = []
        if p.variant == "three-positional":
            traps += [
                (ok(i, h), "third-positional-ignored",
                 f"Thinks a third number is ignored; it is `num_layers`, so the layer has {n} layers."),
                (err(stmt, "TypeError", "RNNBase.__init__() takes 4 positional arguments but 5 were given"),
                 "settings-keyword-only", "Believes settings can only be passed by keyword; they have positions too."),
                (ok(i, n), "third-positional-is-hidden",
                 f"Reads the last number as the state width; `hidden_size` is the second, {h}."),
                (err(stmt, "TypeError", missing(["hidden_size"])), "third-positional-shifts",
                 "Thinks three numbers confuse the sizes; positions fill left to right."),
            ]
            rule = f"{SIGNATURE} Positions fill left to right: {i} is `input_size`, {h} `hidden_size`, {n} `num_layers`."
        else:
            absent = [s for s, given in (("input_size", p.variant in ("input-only", "input-and-layers")),
                                         ("hidden_size", p.variant == "hidden-keyword")) if not given]
            present = "input_size" if "input_size" not in absent else "hidden_size"
            size = i if present == "input_size" else h
            traps += [
                (err(stmt, "ValueError", f"{absent[-1]} must be greater than zero"), "missing-is-zero",
                 "Treats a missing size as zero; Python rejects the call before torch checks any value."),
                (err(stmt, "TypeError", "RNNBase.__init__() got an unexpected keyword argument 'num_layers'"
                     if "num_layers" in call else f"{absent[-1]} should be of type int, got: NoneType"),
                 "missing-is-none", "Thinks the missing size arrives as something else to be type-checked; "
                                    "Python reports the missing argument itself."),
                (LATE, "checked-at-forward",
                 "Expects the size to be checked only when data first flows; required arguments are "
                 "checked when the constructor is called."),
            ]
            if len(absent) == 1:
                traps += [
                    (ok(size, size, layers, bf), "hidden-copies-input",
                     f"Assumes the missing size copies the given one ({size}); neither size has a default."),
                    (ok(size if present == "input_size" else 1, 1 if present == "input_size" else size, layers, bf),
                     "size-defaults-to-one", "Assumes a missing size defaults to 1; it has no default."),
                    (err(stmt, "TypeError", missing([present])), "names-the-given-size",
                     f"Names `{present}`, the size the call does give, as the missing one."),
                    (err(stmt, "TypeError", missing(["input_size", "hidden_size"])), "both-reported-missing",
                     "Counts both sizes as missing, though one is given."),
                ]
            else:
                traps += [
                    (err(stmt, "TypeError", missing(["input_size"])), "reports-first-only",
                     "Expects only the first missing argument to be reported; Python lists every missing one."),
                    (ok(1, 1, layers, bf), "size-defaults-to-one", "Assumes both sizes default to 1; neither has a default."),
                ]
            rule = (f"{SIGNATURE} `{call}` supplies no {' and no '.join(f'`{a}`' for a in absent)}, so Python "
                    "refuses the call and lists what is missing.")
        return Scene(code, statements, tuple(traps), "What happens when this code runs?", rule,
                     hint=("Which parameter does each plain value fill, counting from the left?"
                           if p.variant == "three-positional" else
                           "Which of the two sizes does the call give, and by position or by name?"),
                     check="Compare the call with `inspect.signature(nn.modules.rnn.RNNBase.__init__)`: "
                           "every parameter without a default must be filled.",
                     mistakes=("Believing one size defaults to the other, or to 1.",
                               "Expecting the layer to be built and the problem to surface later, with data."))

    def _keyword_order(self, p):
        i, h = p.input_size, p.hidden_size
        call = {"keyword-first": f"nn.LSTM(input_size={i}, {h})", "keyword-last": f"nn.LSTM({i}, hidden_size={h})",
                "size-twice": f"nn.LSTM({i}, {h}, input_size={i})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        traps = [
            (ok(i, h), "order-is-free", "Believes keywords and plain values may come in any order and "
                                        "that repeating a value is harmless."),
            (err(stmt, "TypeError", multiple("input_size")), "keyword-fills-first-slot",
             f"Thinks the named value takes the first place and {h} then collides with it."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "plain-after-keyword-dropped",
             "Thinks the plain value after a keyword is dropped, leaving `hidden_size` missing."),
            (err(None, "SyntaxError", "keyword argument repeated: input_size (<question>, line 3)"),
             "repeat-caught-by-parser", "Thinks the parser spots a size given twice; it only spots a keyword "
                                        "written twice."),
            (err(None, "SyntaxError", "positional argument follows keyword argument (<question>, line 3)"),
             "no-mixing-allowed", "Believes plain values and keywords cannot be mixed at all; plain values "
                                  "first, keywords after, is allowed."),
            (ok(h, i), "keyword-wins-position", f"Thinks the name moves {i} into place after {h}."),
        ]
        traps = _drop(traps, *{"keyword-first": ("no-mixing-allowed",), "keyword-last": ("order-is-free",),
                               "size-twice": ("keyword-fills-first-slot",)}[p.variant])
        rule = ("Python's call syntax: plain (positional) values come first, keywords after; a plain value "
                "after a keyword does not parse, and one parameter given both by position and by name is "
                f"a `TypeError`. Here the call is `{call}`.")
        return Scene(code, statements, tuple(traps), "What does running this code do?", rule,
                     hint="Read the arguments left to right: which parameter does each plain value fill?",
                     check="Fill the signature by hand: plain values first, left to right, then each keyword "
                           "into its named slot; a slot filled twice, or a plain value after a keyword, fails.",
                     mistakes=("Expecting Python to rearrange a mixed argument list.",
                               "Missing that a size given by position and again by name collides."))

    def _sizes_tuple(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        sizes = {"star": f"({i}, {h})", "no-star": f"({i}, {h})", "short-tuple": f"({i},)",
                 "long-tuple": f"({i}, {h}, {n})"}[p.variant]
        call = "nn.LSTM(sizes)" if p.variant == "no-star" else "nn.LSTM(*sizes)"
        stmt = f"lstm = {call}"
        code = HEAD + f"sizes = {sizes}\n{stmt}\n"
        statements = (("sizes", f"sizes = {sizes}"), ("lstm", stmt))
        traps = [
            (ok(i, h), "tuple-spreads-itself", "Believes a tuple passed as one argument is spread over the "
                                               "parameters; only `*` does that."),
            (err(stmt, "TypeError", "input_size should be of type int, got: tuple"), "tuple-type-checked-first",
             "Expects torch to inspect the tuple first; Python rejects the missing argument before torch runs."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "star-is-one-argument",
             "Thinks `*sizes` still passes one argument; it passes each item separately."),
            (ok(i, h, 1) if p.variant == "long-tuple" else ok(i, i), "extra-items-ignored" if p.variant == "long-tuple"
             else "hidden-copies-input",
             f"Thinks the third item is dropped; it becomes `num_layers` ({n})." if p.variant == "long-tuple"
             else "Assumes the missing size copies the given one."),
            (err(stmt, "TypeError", "RNNBase.__init__() takes 4 positional arguments but 5 were given"),
             "sizes-only-positional", "Believes only the two sizes may be passed by position."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "missing-is-zero",
             "Treats a missing size as zero; Python reports it as missing before any value check."),
        ]
        traps = _drop(traps, *{"star": ("tuple-spreads-itself",), "no-star": ("star-is-one-argument",),
                               "short-tuple": ("star-is-one-argument",), "long-tuple": ()}[p.variant])
        rule = (f"{SIGNATURE} `*sizes` passes each item of `sizes = {sizes}` as its own positional value; "
                "without `*`, the whole tuple is the single value for `input_size`.")
        return Scene(code, statements, tuple(traps), "`sizes` holds the layer's numbers. What happens when this code runs?",
                     rule, hint="How many positional values does the call really pass: one tuple, or its items?",
                     check="Write the call out by hand: with `*`, each item of the tuple becomes its own "
                           "value between the commas; without it, the tuple stays one value.",
                     mistakes=("Forgetting that a tuple is a single value unless unpacked with `*`.",
                               "Assuming extra items are dropped instead of filling the next parameters."))

    def _config(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        if p.variant == "missing-hidden":
            config = f'{{"input_size": {i}, "num_layers": {n}}}'
        else:
            config = f'{{"hidden_size": {h}, "input_size": {i}}}'
        call = {"missing-hidden": "nn.LSTM(**config)", "complete": "nn.LSTM(**config)",
                "unstarred": "nn.LSTM(config)", "single-star": "nn.LSTM(*config)"}[p.variant]
        stmt = f"lstm = {call}"
        code = HEAD + f"config = {config}\n{stmt}\n"
        statements = (("config", f"config = {config}"), ("lstm", stmt))
        layers = n if p.variant == "missing-hidden" else 1
        traps = [
            (ok(i, h, layers), "dict-unpacks-itself", "Believes a dict passed as one argument is matched to the "
                                                       "parameters by key; only `**` does that."),
            (ok(h, i, layers), "dict-order-is-position", f"Thinks the keys fill the parameters in the dict's "
                                                          f"order, so {h} becomes `input_size`."),
            (err(stmt, "TypeError", "input_size should be of type int, got: str"), "unpacking-passes-keys",
             "Thinks unpacking hands over the keys; `**` passes each value under its key's name."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "dict-is-one-value",
             "Expects the size to be missing; every size the dict needs is there and `**` passes it."),
            (err(stmt, "TypeError", "input_size should be of type int, got: dict"), "dict-type-checked-first",
             "Expects torch to inspect the dict first; Python reports the missing argument before torch runs."),
            (err(stmt, "TypeError", unexpected("config")), "name-becomes-keyword",
             "Thinks the variable's name is passed as a keyword; a plain argument has no name."),
            (ok(i, i, layers), "hidden-copies-input", "Assumes a size the dict lacks copies the other one."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "missing-is-zero",
             "Treats a key the dict lacks as zero; Python reports it as a missing argument."),
            (ok(i, 1, layers), "size-defaults-to-one", "Assumes a size the dict lacks defaults to 1."),
        ]
        traps = _drop(traps, *{
            "missing-hidden": ("dict-is-one-value", "dict-unpacks-itself", "dict-order-is-position"),
            "complete": ("dict-unpacks-itself", "hidden-copies-input", "size-defaults-to-one", "missing-is-zero"),
            "unstarred": ("dict-is-one-value", "size-defaults-to-one"),
            "single-star": ("unpacking-passes-keys", "size-defaults-to-one")}[p.variant])
        rule = (f"{SIGNATURE} `**config` passes each entry as a keyword (its order does not matter), `*config` "
                "passes the keys as plain values, and `config` alone is one plain value.")
        return Scene(code, statements, tuple(traps), "The layer's settings live in a dict. What does this code do?",
                     rule, hint="What does the call actually hand over: the dict, its keys, or its entries by name?",
                     check="Write the call out by hand: `**` turns each entry into `key=value`, `*` turns each key "
                           "into a plain value.",
                     mistakes=("Confusing `*` (keys as plain values) with `**` (entries as keywords).",
                               "Expecting a dict's order, or its name, to matter for `**`."))

    def _partial(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other + MAX_SIZE  # a second width, never i or h
        call = {"fills-input": f"make({i})", "called-empty": "make()", "repeats-hidden": f"make({i}, {n})",
                "overrides": f"make(input_size={i}, hidden_size={n})"}[p.variant]
        head = f"make = partial(nn.LSTM, hidden_size={h})"
        stmt = f"lstm = {call}"
        code = "from functools import partial\n\n" + HEAD + f"{head}\n{stmt}\n"
        statements = (("make", head), ("lstm", stmt))
        traps = [
            (err(head, "TypeError", missing(["input_size"])), "partial-calls-at-once",
             "Thinks `partial` builds the layer right away; it only stores the arguments until `make` is called."),
            (ok(i, h), "fixed-keyword-wins", f"Thinks the fixed `hidden_size={h}` silently wins over what the "
                                             "call passes."),
            (err(stmt, "TypeError", multiple("hidden_size")), "fixed-keyword-frozen",
             "Believes a partial's keywords cannot be given again; a keyword in the call replaces them."),
            (ok(i, n), "later-value-wins", f"Thinks the second value {n} replaces the fixed one; by position it "
                                           "collides with the fixed keyword."),
            (ok(h, h), "partial-fills-input", f"Thinks the partial's {h} also serves as `input_size`."),
            (err(stmt, "TypeError", missing(["input_size", "hidden_size"])), "partial-forgotten",
             "Forgets that the partial already supplies `hidden_size`."),
        ]
        traps = _drop(traps, *{"fills-input": ("fixed-keyword-wins", "later-value-wins"),
                               "called-empty": ("fixed-keyword-wins", "later-value-wins"),
                               "repeats-hidden": ("fixed-keyword-frozen",),
                               "overrides": ("later-value-wins",)}[p.variant])
        rule = (f"{SIGNATURE} `{head}` stores `hidden_size={h}`; `{call}` adds its own arguments: plain values "
                "fill the free places from the left (the first is `input_size`), a keyword given in the call "
                "replaces the stored one, and a plain value that lands on `hidden_size` collides with it.")
        return Scene(code, statements, tuple(traps), "`make` fixes part of the call. What happens when this code runs?",
                     rule, hint="What does `make.keywords` already hold, and which parameter does each new value fill?",
                     check="Expand the call by hand: `make(...)` means `nn.LSTM(...)` with the call's own "
                           "arguments first and the stored `hidden_size` added by name.",
                     mistakes=("Thinking `partial` calls the constructor immediately.",
                               "Missing that a plain value can land on a parameter the partial fixed by keyword."))

    def _class(self, p):
        i, h = p.input_size, p.hidden_size
        inner = "nn.LSTM(n_features)" if p.variant == "inner-missing" else "nn.LSTM(n_features, n_hidden)"
        args = f"{i}" if p.variant == "caller-missing" else f"{i}, {h}"
        code, statements = _tagger(inner, args)
        model_stmt = statements[0][1]
        traps = [
            (err(CLASS_DEFINED, "TypeError", missing(["hidden_size"])), "body-runs-at-definition",
             "Thinks the body of `__init__` runs when the class is defined; it runs when `Tagger(...)` is called."),
            (err("lstm = model.lstm", "AttributeError", "'Tagger' object has no attribute 'lstm'"),
             "fails-at-first-use", "Expects the model to be built without its layer and to fail when the "
                                   "layer is used; the constructor call itself fails."),
            (err(model_stmt, "TypeError", missing(["n_hidden"], "Tagger.__init__()")), "caller-blamed",
             "Blames `Tagger`'s own signature; the call to `Tagger` passes both of its arguments."),
            (err(model_stmt, "TypeError", missing(["hidden_size"])), "layer-blamed",
             "Blames the layer; `Tagger` itself is called with too few arguments, before any layer exists."),
            (ok(i, i), "hidden-copies-input", "Assumes the missing width copies the given one."),
            (ok(h, i), "positions-by-name", f"Thinks positions follow the parameter names' order differently; "
                                            f"`n_features` ({i}) is first."),
        ]
        if p.variant == "inner-missing":
            traps = [t for t in traps if t[1] != "layer-blamed"]
        elif p.variant == "caller-missing":
            traps = [t for t in traps if t[1] != "caller-blamed"]
        else:
            traps = [t for t in traps if t[1] != "hidden-copies-input"]
        rule = (f"`Tagger({args})` runs `__init__`, which builds `{inner}`; {SIGNATURE} `Tagger.__init__` "
                "itself needs `n_features` and `n_hidden`, and whichever call lacks a required argument fails first.")
        return Scene(code, statements, tuple(traps), "`Tagger` wraps an LSTM. What happens when the last two lines run?",
                     rule, hint="When does the body of `__init__` run, and which of the two calls is short of an argument?",
                     check="Trace it line by line: the class statement only defines; `Tagger(...)` binds its own "
                           "arguments first, then runs the body, which calls `nn.LSTM`.",
                     mistakes=("Believing a class body's code runs when the class is defined.",
                               "Blaming the inner layer when the outer call is short, or the reverse."))

    def _forward(self, p):
        i, h, t = p.input_size, p.hidden_size, p.other
        call = f"nn.LSTM({i}, {h})"
        step = {"no-input": "out, (h_n, c_n) = lstm()", "state-only": "out, (h_n, c_n) = lstm(hx=None)",
                "runs": "out, (h_n, c_n) = lstm(x)"}[p.variant]
        code, statements = _forward(call, step, i, t)
        traps = [
            (ok(i, h), "input-has-default", "Believes the forward call makes up an input when none is given."),
            (err(step, "TypeError", "LSTM.forward() missing 2 required positional arguments: 'input' and 'hx'"),
             "state-and-input-required", "Thinks the state `hx` is required too; it defaults to zeros."),
            (err(step, "TypeError", "LSTM.forward() missing 1 required positional argument: 'hx'"),
             "state-required", "Thinks the state `hx` is required; it defaults to zeros."),
            (err(step, "RuntimeError", f"input.size(-1) must be equal to input_size. Expected {i}, got 0"),
             "empty-input", "Expects an empty input to reach the size check; Python stops the call first."),
            (err(f"lstm = {call}", "TypeError", missing(["input"], "LSTM.__init__()")), "input-at-construction",
             "Thinks the data is a constructor argument; it is passed to the forward call."),
            (err(step, "ValueError", "LSTM: Expected input to be 2D or 3D, got 0D instead"), "zero-d-input",
             "Thinks a missing input counts as a 0-D tensor; a missing argument never reaches torch."),
        ]
        traps += [
            (err(step, "AttributeError", "'NoneType' object has no attribute 'dim'"), "input-becomes-none",
             "Thinks a missing input arrives as None and fails inside torch; Python stops the call first."),
            (err(step, "TypeError", "LSTM.forward() takes from 2 to 3 positional arguments but 1 was given"),
             "counts-positions", "Expects a complaint about the number of positions; Python names the "
                                 "missing argument instead."),
        ]
        if p.variant == "runs":
            traps = _drop(traps, "input-has-default", "zero-d-input", "input-becomes-none", "counts-positions")
            traps.append((ok(i, h, 1, True), "layout-guessed",
                          "Thinks the layer reads `x` batch first; without `batch_first=True` it reads "
                          "(time, batch, features)."))
        rule = ("`lstm(input, hx=None)`: the forward call needs the input tensor; the state is optional and "
                f"defaults to zeros. The layer itself, `{call}`, has both sizes.")
        return Scene(code, statements, tuple(traps), "What happens when this code runs?", rule,
                     hint="Which arguments does `LSTM.forward` require, and which have defaults?",
                     check="Look at `inspect.signature(lstm.forward)`: `input` has no default, `hx` defaults to None.",
                     mistakes=("Mixing up what the constructor needs (sizes) with what the forward call needs (data).",
                               "Believing the initial state must always be passed."))


def _drop(traps: list, *ids: str) -> list:
    """The traps without the misconceptions this configuration cannot tell from the truth."""
    return [t for t in traps if t[1] not in ids]


# --- wrong-keyword -------------------------------------------------------------------------

KEYWORD_SITUATIONS = {
    "size-names": ("easy", ("hidden-sizes", "short", "dim", "units", "correct")),
    "setting-names": ("medium", ("num_layer", "layers", "batchfirst", "bidirection", "correct")),
    "foreign": ("easy", ("batch_size", "seq_len", "nonlinearity", "return_sequences")),
    "duplicate": ("medium", ("size-again", "keyword-twice")),
    "bad-value": ("medium", ("batch_first-str", "bias-int", "dropout-range", "num_layers-zero")),
    "config": ("hard", ("typo-key", "correct")),
    "partial": ("hard", ("typo-fixed", "correct")),
    "class": ("hard", ("typo-inner", "correct")),
}
# (keyword as written, the real keyword, the value written, what the writer meant)
SETTING_TYPOS = {
    "num_layer": ("num_layer", "num_layers", "{n}", "a singular of `num_layers`"),
    "layers": ("layers", "num_layers", "{n}", "`layers` for `num_layers`"),
    "batchfirst": ("batchfirst", "batch_first", "True", "`batch_first` without its underscore"),
    "bidirection": ("bidirection", "bidirectional", "True", "`bidirectional` cut short"),
    "correct": ("num_layers", "num_layers", "{n}", "torch's own `num_layers`"),
}
FOREIGN = {
    "batch_size": ("batch_size", "3", "a batch size fixed at construction"),
    "seq_len": ("seq_len", "{t}", "a sequence length fixed at construction"),
    "nonlinearity": ("nonlinearity", "'tanh'", "`nn.RNN`'s activation argument"),
    "return_sequences": ("return_sequences", "True", "Keras' `return_sequences`"),
}
KEYWORDS = ("`nn.LSTM` accepts exactly these keywords: `input_size`, `hidden_size`, `num_layers`, `bias`, "
            "`batch_first`, `dropout`, `bidirectional`, `proj_size`, `device`, `dtype`; any other name is a "
            "`TypeError` when the constructor is called.")


def _setting_facts(p: CallAsk, real: str) -> tuple:
    n = p.other
    return ok(p.input_size, p.hidden_size, n if real == "num_layers" else 1,
              real == "batch_first", real == "bidirectional")


class WrongKeyword(CallFamily):
    name = "wrong-keyword"
    difficulties = ("easy", "medium", "hard")
    situations = KEYWORD_SITUATIONS
    lines = {
        "plain": (
            ("nn.LSTM({i}, {h}, num_layer={n})", None, "`num_layer` is not torch's name; it is `num_layers`."),
            ("nn.LSTM({i}, {h}, batchfirst=True)", None, "`batchfirst` lacks the underscore of `batch_first`."),
            ("nn.LSTM({i}, {h}, bidirection=True)", None, "`bidirection` is not torch's `bidirectional`."),
            ("nn.LSTM(input_size={i}, hidden_sizes={h})", None, "`hidden_sizes` is not torch's `hidden_size`."),
            ("nn.LSTM({i}, {h}, batch_first='yes')", None, "`batch_first` is a real name, but it must be a bool."),
            ("nn.LSTM({i}, {h}, hidden_size={h})", None, "`hidden_size` gets two values, by position and by name."),
            ("nn.LSTM({i}, {h}, num_layers={n})", "num-layers-doubted",
             "Doubts `num_layers`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, batch_first=True)", "batch-first-doubted",
             "Doubts `batch_first`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, bidirectional=True)", "bidirectional-doubted",
             "Doubts `bidirectional`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, dropout=0.5)", "one-layer-dropout-fails",
             "Thinks dropout on a single layer is an error; torch only warns and builds the layer."),
        ),
        "setup": (
            ("make({i}, {h})", None, "The partial hands on the stored `batchfirst`, which torch rejects."),
            ("nn.LSTM(**config)", None, "`**config` passes the key `bidirection` as a keyword torch lacks."),
            ("partial(nn.LSTM, bidirection=True)", "partial-checks-at-once",
             "Thinks `partial` checks its keywords when created; it only stores them, so this line runs."),
            ("nn.LSTM(**fixed)", "dict-keywords-suspect",
             "Thinks keywords from a dict are treated differently; `fixed` has only torch's own names."),
        ),
    }
    multiple_rule = KEYWORDS + (" A dict unpacked with `**` and a partial's stored keywords are checked the same "
                                "way, when the call happens; values of real keywords are checked by torch.")
    multiple_mistakes = ("Doubting torch's own names while trusting look-alikes.",
                         "Expecting a partial to check its keywords when it is created.")

    def setup(self, p):
        if self.difficulty_of(p) != LINES_LEVEL:
            return HEAD  # the plain lines need nothing else
        return ("from functools import partial\n\n" + HEAD +
                f'config = {{"input_size": {p.input_size}, "hidden_size": {p.hidden_size}, "bidirection": True}}\n'
                f'fixed = {{"input_size": {p.input_size}, "hidden_size": {p.hidden_size}, "num_layers": {p.other}}}\n'
                "make = partial(nn.LSTM, batchfirst=True)\n")
    summary = ("What torch does with keywords: look-alikes of its own (`hidden_sizes`, `num_layer`, "
               "`batchfirst`, `bidirection`), names from other libraries, a size given twice, right names "
               "with wrong values, inside a config dict, a `functools.partial` or a model class. Some run, "
               "some raise `TypeError`, some `ValueError` or `SyntaxError`.")

    def scene(self, p: CallAsk) -> Scene:
        return getattr(self, "_" + p.situation.replace("-", "_"))(p)

    def _typo_traps(self, stmt: str, written: str, real: str, p: CallAsk, later: str | None = None) -> list:
        traps = [
            (_setting_facts(p, real), "look-alike-accepted",
             f"Assumes torch reads `{written}` as `{real}`; Python matches keyword names exactly."),
            (ok(p.input_size, p.hidden_size), "unknown-keyword-ignored",
             f"Thinks an unknown keyword such as `{written}` is silently dropped; Python rejects it."),
            (err(stmt, "ValueError", f"unknown keyword argument '{written}'"), "unknown-keyword-valueerror",
             "Expects a `ValueError`; Python reports an unexpected keyword as a `TypeError`."),
            (err(stmt, "TypeError", unexpected(real)), "blames-the-real-name",
             f"Names `{real}` as the unexpected keyword; the call never passes `{real}`."),
            (err(stmt, "AttributeError", f"'LSTM' object has no attribute '{written}'"), "keyword-becomes-attribute",
             "Thinks the keyword is stored and fails when read back; the call itself is refused."),
            (err(stmt, "TypeError", multiple(real)), "look-alike-collides",
             f"Thinks `{written}` fills `{real}` and then clashes with it; Python never maps one name to another."),
            (err(stmt, "TypeError", f"{real} should be of type int, got: str"), "look-alike-type-checked",
             f"Expects torch to check the value meant for `{real}`; the unknown name stops the call before "
             "any value is checked."),
        ]
        if later:
            traps.append((err(later, "TypeError", unexpected(written)), "checked-at-forward",
                          "Expects the bad keyword to surface only when data flows; keywords are checked "
                          "when the constructor is called."))
        return traps

    def _correct_traps(self, stmt: str, real: str, written_wrong: str, p: CallAsk) -> list:
        return [
            (err(stmt, "TypeError", unexpected(real)), "real-name-doubted",
             f"Doubts that `{real}` is torch's own name; it is in the signature."),
            (ok(p.input_size, p.hidden_size), "setting-ignored",
             f"Thinks the setting is ignored at construction; the layer records `{real}`."),
            (err(stmt, "TypeError", unexpected(written_wrong)), "other-spelling-expected",
             f"Expects torch to want `{written_wrong}`; that spelling is the one it rejects."),
            (err(stmt, "ValueError", f"{real} must be set after construction"), "setting-after-construction",
             "Believes settings are assigned after building; they are constructor arguments."),
        ]

    def _size_names(self, p):
        i, h = p.input_size, p.hidden_size
        call = {"hidden-sizes": f"nn.LSTM(input_size={i}, hidden_sizes={h})",
                "short": f"nn.LSTM(input={i}, hidden={h})", "dim": f"nn.LSTM(input_dim={i}, hidden_dim={h})",
                "units": f"nn.LSTM({i}, units={h})", "correct": f"nn.LSTM(input_size={i}, hidden_size={h})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        first = {"hidden-sizes": "hidden_sizes", "short": "input", "dim": "input_dim", "units": "units"}
        if p.variant == "correct":
            traps = _drop(self._correct_traps(stmt, "input_size", "input", p), "setting-ignored")
            traps.append((ok(h, i), "keywords-by-order", f"Thinks keywords fill places in the order "
                                                         f"written; names decide, so {i} is `input_size`."))
        else:
            written = first[p.variant]
            traps = _drop(self._typo_traps(stmt, written, "hidden_size" if written in ("hidden_sizes", "units")
                                           else "input_size", p), "unknown-keyword-ignored")
            traps += [
                (err(stmt, "TypeError", missing(["hidden_size"] if p.variant in ("hidden-sizes", "units")
                                                else ["input_size", "hidden_size"])), "missing-reported-first",
                 "Expects Python to report the missing sizes; an unexpected keyword is reported before them."),
            ]
            if p.variant in ("short", "dim"):
                second = {"short": "hidden", "dim": "hidden_dim"}[p.variant]
                traps.append((err(stmt, "TypeError", unexpected(second)), "last-keyword-reported",
                              f"Names `{second}`; Python reports the first unknown keyword, `{written}`."))
        rule = f"{KEYWORDS} Here the call is `{call}`."
        return Scene(code, statements, tuple(traps), "What happens when this line runs?", rule,
                     hint={"hidden-sizes": "Is `hidden_sizes` exactly a name from torch's signature?",
                           "short": "Compare `input` and `hidden` with the names in torch's signature: which "
                                    "one does Python meet first?",
                           "dim": "Where do names like `input_dim` come from, and does `nn.LSTM` define them?",
                           "units": "Which library calls the state width `units`, and what does torch call it?",
                           "correct": "Compare each keyword, letter by letter, with the names in torch's "
                                      "signature."}[p.variant],
                     check="Python binds keywords before torch's code runs: "
                           "`inspect.signature(nn.modules.rnn.RNNBase.__init__).bind(...)` fails the same way.",
                     mistakes=("Trusting a name that merely resembles torch's (`hidden_sizes`, `input_dim`).",
                               "Expecting the missing sizes, not the unknown name, to be reported."))

    def _setting_names(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        written, real, value, _ = SETTING_TYPOS[p.variant]
        value = value.format(n=n)
        call = f"nn.LSTM({i}, {h}, {written}={value})"
        step = "out, _ = lstm(x)"
        code, statements = _forward(call, step, i, 5)
        stmt = statements[0][1]
        if p.variant == "correct":
            traps = self._correct_traps(stmt, real, "num_layer", p)
        else:
            traps = self._typo_traps(stmt, written, real, p, later=step)
        rule = f"{KEYWORDS} Here the setting is written `{written}=`."
        return Scene(code, statements, tuple(traps), "Which statement fails, if any, when this code runs?", rule,
                     hint=f"Is `{written}` spelled exactly as in torch's signature, and when are keywords checked?",
                     check="Python binds keywords before torch's code runs: a name not in the signature stops the "
                           "constructor call, whatever comes after it.",
                     mistakes=("Trusting a setting name that is one letter or one underscore away from torch's.",
                               "Expecting a bad keyword to surface only when the layer first runs."))

    def _foreign(self, p):
        i, h, t = p.input_size, p.hidden_size, p.other
        written, value, _ = FOREIGN[p.variant]
        call = f"nn.LSTM({i}, {h}, {written}={value.format(t=t)})"
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        traps = self._typo_traps(stmt, written, "batch_first" if written == "return_sequences" else "num_layers", p)
        traps = _drop(traps, "look-alike-accepted", "blames-the-real-name", "look-alike-collides",
                      "look-alike-type-checked")
        traps += [
            (err(stmt, "TypeError", "RNNBase.__init__() takes from 4 to 12 positional arguments but 5 were given"),
             "keyword-counted-as-position", f"Thinks the extra `{written}` counts as one more positional "
                                            "argument; Python reports it by name."),
            (err(stmt, "TypeError", f"LSTM.forward() got an unexpected keyword argument '{written}'"),
             "keyword-passed-to-forward", f"Thinks the constructor hands `{written}` on to the forward call; "
                                          "the constructor itself rejects it, and nothing is called forward."),
        ]
        rule = f"{KEYWORDS} `{written}` is not one of them."
        return Scene(code, statements, tuple(traps), "This call brings a setting from elsewhere. What does it do?",
                     rule, hint="Where does this setting come from: `nn.LSTM`'s signature, the data, or another library?",
                     check="`nn.LSTM` reads lengths and batch sizes off the input tensor; its signature has neither.",
                     mistakes=("Carrying settings over from Keras or `nn.RNN`.",
                               "Fixing the batch size or the length in the constructor."))

    def _duplicate(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        call = {"size-again": f"nn.LSTM({i}, {h}, hidden_size={h})",
                "keyword-twice": f"nn.LSTM({i}, {h}, num_layers={n}, num_layers={n + 1})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        traps = [
            (ok(i, h), "repeat-harmless", "Believes repeating a value is harmless when it is the same."),
            (ok(i, h, n + 1), "last-keyword-wins", "Thinks the last value given wins; Python never lets a "
                                                   "parameter receive two values."),
            (err(stmt, "TypeError", multiple("hidden_size" if p.variant == "size-again" else "num_layers")),
             "repeat-caught-at-call", "Thinks a repeat is caught when the call runs; a keyword written twice "
                                      "does not even parse."),
            (err(None, "SyntaxError", "keyword argument repeated: hidden_size (<question>, line 3)"),
             "repeat-caught-by-parser", "Thinks the parser catches a size given by position and again by name; "
                                        "it only sees keywords written twice."),
            (err(stmt, "TypeError", unexpected("hidden_size")), "keyword-unknown",
             "Thinks `hidden_size` is rejected as unknown; it is a real keyword, given a second time."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "repeat-zeroes",
             "Expects a value check to fail; the clash is found before any value is checked."),
        ]
        if p.variant == "size-again":
            traps = [t for t in traps if t[1] not in ("last-keyword-wins", "repeat-caught-at-call")]
        else:
            traps = [t for t in traps if t[1] not in ("repeat-caught-by-parser", "keyword-unknown")]
            traps.append((err(None, "SyntaxError", "positional argument follows keyword argument (<question>, line 3)"),
                          "wrong-syntax-error", "Names a different syntax rule; the call breaks the rule against "
                                                "repeated keywords."))
        rule = ("A parameter can receive one value. The parser rejects a keyword written twice (`SyntaxError`, "
                "before anything runs); a value given by position and again by keyword is only found when the "
                f"call runs (`TypeError`). Here: `{call}`.")
        return Scene(code, statements, tuple(traps), "The same argument appears twice. What happens?", rule,
                     hint="Is the repeat visible from the text alone, or only once the positions are matched?",
                     check="Try `compile(source, 'f', 'exec')` without running it: only a keyword written twice "
                           "fails there.",
                     mistakes=("Expecting the last value to win.",
                               "Mixing up what the parser rejects with what the call rejects."))

    def _bad_value(self, p):
        i, h = p.input_size, p.hidden_size
        kw, value = {"batch_first-str": ("batch_first", "'yes'"), "bias-int": ("bias", "1"),
                     "dropout-range": ("dropout", "1.5"), "num_layers-zero": ("num_layers", "0")}[p.variant]
        call = f"nn.LSTM({i}, {h}, {kw}={value})"
        stmt = f"lstm = {call}"
        code, statements = _bare(stmt)
        kind = "type" if p.variant in ("batch_first-str", "bias-int") else "range"
        traps = [
            (err(stmt, "TypeError", unexpected(kw)), "right-name-rejected",
             f"Thinks `{kw}` is an unknown keyword; it is torch's own, with a bad value."),
            (ok(i, h, 1, kw == "batch_first"), "truthy-accepted",
             f"Assumes torch takes any value for `{kw}`; it checks the value's type and range."),
            (err(stmt, "ValueError" if kind == "type" else "TypeError",
                 f"{kw} should be of type bool, got: {'str' if value.startswith(chr(39)) else 'int'}"
                 if kind == "type" else f"{kw} should be of type int, got: float"),
             "type-and-range-swapped", "Swaps the two checks: a wrong type is a `TypeError`, a value out of "
                                       "range a `ValueError`."),
            (err(stmt, "ValueError", "dropout should be a number in range [0, 1] representing the probability of "
                                     "an element being zeroed"), "every-bad-value-is-dropout",
             "Quotes the dropout check for a different setting."),
            (err(stmt, "ValueError", "num_layers must be greater than zero"), "every-bad-value-is-layers",
             "Quotes the layer-count check for a different setting."),
            (err(stmt, "TypeError", f"bias should be of type bool, got: {'str' if value.startswith(chr(39)) else 'int'}"),
             "blames-bias", "Quotes the `bias` check for a different setting."),
        ]
        traps = _drop(traps, *{"batch_first-str": (), "bias-int": ("blames-bias",),
                               "dropout-range": ("every-bad-value-is-dropout",),
                               "num_layers-zero": ("every-bad-value-is-layers",)}[p.variant])
        rule = (f"`{kw}` is a real keyword, so the call binds; torch then checks each setting's value: flags "
                "must be `bool` (`TypeError` otherwise), `dropout` must lie in [0, 1] and `num_layers` be at least "
                f"1 (`ValueError` otherwise). Here `{kw}={value}`.")
        return Scene(code, statements, tuple(traps), "The keyword is right. What about the value?", rule,
                     hint=f"Is `{kw}` a real keyword, and what type and range does torch expect for it?",
                     check="Separate the two checks: Python checks the names, then torch checks each value's "
                           "type (`TypeError`) and range (`ValueError`).",
                     mistakes=("Treating a bad value as a bad keyword.",
                               "Expecting `1` or `'yes'` to pass as `True`."))

    def _config(self, p):
        i, h = p.input_size, p.hidden_size
        key = "batchfirst" if p.variant == "typo-key" else "batch_first"
        config = f'{{"input_size": {i}, "hidden_size": {h}, "{key}": True}}'
        stmt = "lstm = nn.LSTM(**config)"
        code = HEAD + f"config = {config}\n{stmt}\n"
        statements = (("config", f"config = {config}"), ("lstm", stmt))
        if p.variant == "typo-key":
            traps = self._typo_traps(stmt, key, "batch_first", p)
            traps.append((err(f"config = {config}", "KeyError", "'batchfirst'"), "dict-checks-keys",
                          "Thinks the dict checks its own keys; any string is a valid key."))
        else:
            traps = self._correct_traps(stmt, "batch_first", "batchfirst", p)
            traps.append((err(stmt, "TypeError", "input_size should be of type int, got: str"),
                          "unpacking-passes-keys", "Thinks `**` passes the keys as values; it passes `key=value`."))
        rule = f"`**config` turns every entry into a keyword argument, so its keys are checked like written keywords. {KEYWORDS}"
        return Scene(code, statements, tuple(traps), "The settings come from a dict. What does this code do?", rule,
                     hint="Write `**config` out as keywords: is every one of them in torch's signature?",
                     check="`nn.LSTM(**config)` is the same call as writing every entry of `config` as `key=value` "
                           "inside the parentheses.",
                     mistakes=("Thinking keys in a dict escape the keyword check.",
                               "Expecting an unknown key to be ignored."))

    def _partial(self, p):
        i, h = p.input_size, p.hidden_size
        key = "batchfirst" if p.variant == "typo-fixed" else "batch_first"
        head = f"make = partial(nn.LSTM, {key}=True)"
        stmt = f"lstm = make({i}, {h})"
        code = "from functools import partial\n\n" + HEAD + f"{head}\n{stmt}\n"
        statements = (("make", head), ("lstm", stmt))
        if p.variant == "typo-fixed":
            traps = self._typo_traps(stmt, key, "batch_first", p)
            traps.append((err(head, "TypeError", unexpected(key)), "partial-checks-at-once",
                          "Thinks `partial` checks the keywords when it is created; it only stores them."))
        else:
            traps = self._correct_traps(stmt, "batch_first", "batchfirst", p)
            traps.append((err(stmt, "TypeError", multiple("batch_first")), "partial-collides",
                          "Thinks the stored keyword collides with the call; it fills a place the call leaves free."))
        rule = f"`partial` stores `{key}=True` and passes it on only when `make(...)` runs. {KEYWORDS}"
        return Scene(code, statements, tuple(traps), "`make` stores a keyword for later. Which line fails, if any?",
                     rule, hint="When does `partial` hand its stored keyword to `nn.LSTM`: when created, or when called?",
                     check="`make(...)` is `nn.LSTM(...)` with the stored keyword added at the moment it runs, "
                           "not before.",
                     mistakes=("Expecting `partial` to validate keywords when it is created.",
                               "Trusting a look-alike keyword because it is stored out of sight."))

    def _class(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        written = "num_layer" if p.variant == "typo-inner" else "num_layers"
        inner = f"nn.LSTM(n_features, n_hidden, {written}={n})"
        code, statements = _tagger(inner, f"{i}, {h}")
        model_stmt = statements[0][1]
        if p.variant == "typo-inner":
            traps = self._typo_traps(model_stmt, written, "num_layers", p)
        else:
            traps = self._correct_traps(model_stmt, "num_layers", "num_layer", p)
        traps.append((err(CLASS_DEFINED, "TypeError", unexpected(written)), "body-runs-at-definition",
                      "Thinks `__init__`'s body runs when the class is defined; it runs at `Tagger(...)`."))
        traps.append((err("lstm = model.lstm", "AttributeError", "'Tagger' object has no attribute 'lstm'"),
                      "fails-at-first-use", "Expects the model to exist without its layer; the constructor fails "
                                            "or succeeds as a whole."))
        rule = f"`Tagger({i}, {h})` runs `__init__`, which calls `{inner}`. {KEYWORDS}"
        return Scene(code, statements, tuple(traps), "`Tagger` builds its LSTM in `__init__`. What happens when the last two lines run?",
                     rule, hint="When does the code inside `__init__` run, and is every keyword in it torch's own?",
                     check="Trace it: defining the class runs nothing; `Tagger(...)` runs the body, so any error in "
                           "the body surfaces at that line.",
                     mistakes=("Believing a class body's code runs when the class is defined.",
                               "Trusting a look-alike keyword buried in a model's `__init__`."))
