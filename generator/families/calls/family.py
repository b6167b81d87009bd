"""``CallFamily``: what missing-argument and wrong-keyword share. An item is a program in one
situation (looked up by name in the family's table) and its options are claims about what the
program does; a select-all item asks which of several one-line calls fail."""

from __future__ import annotations

import random
from dataclasses import replace

from ...model import Candidate, Outcome
from ..base import MAX_SIZE, Explanation, Family
from ..distractors import pick_balanced
from .scenes import HEAD, PARTIAL_IMPORT, CallAsk, Scene, Situation, claim_text, err, layer_facts, ok

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


class CallFamily(Family):
    """A family whose items are programs written by its situations; options are claims about them.

    A subclass names its ``situations`` (name -> ``Situation``), its select-all ``lines`` and the
    ``setup_lines`` the setup lines use (a template with {i} {h} {n}, as the lines are)."""

    probes = ("config", "make", "sizes", "model", "lstm", "x", "out")
    situations: dict[str, Situation] = {}

    # Select-all items ("which lines fail") are written by sample_kind below; the kind is declared
    # once the writers on main render them (their tests still assume one right option per item).
    kinds = ("single",)
    lines: dict[str, tuple[Line, ...]] = {}  # "plain" lines, and "setup" lines that use the setup
    setup_lines = ""
    multiple_rule = ""
    multiple_mistakes: tuple[str, ...] = ()

    def setup(self, p: CallAsk) -> str:
        if self.difficulty_of(p) != LINES_LEVEL:
            return HEAD  # the plain lines need nothing else
        return PARTIAL_IMPORT + HEAD + self._fill(p, self.setup_lines)

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
        names = sorted(n for n, s in self.situations.items() if s.level == difficulty)
        situation = rng.choice(names)
        variant = rng.choice(self.situations[situation].variants)
        i, h = rng.sample(range(2, MAX_SIZE + 1), 2)
        other = rng.choice([n for n in range(2, 7) if n not in (i, h)])
        return CallAsk(situation, variant, i, h, other)

    def decode(self, data):
        return CallAsk.from_dict(data)

    def difficulty_of(self, p):
        if p.situation == "lines":  # variant "medium-3": the level, and the line the key is
            return p.variant.split("-")[0]
        return self.situations[p.situation].level

    def capacity(self, difficulty):
        variants = sum(len(s.variants) for s in self.situations.values() if s.level == difficulty)
        return variants * (MAX_SIZE - 1) * (MAX_SIZE - 2) * 5

    def scene(self, p: CallAsk) -> Scene:
        return self.situations[p.situation].scene(p)

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

