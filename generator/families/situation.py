"""Families whose kinds of item are small classes.

A family such as embedding-pipeline asks several kinds of question (a shape, a count, an error
...). Each kind is a ``Situation``: one object that owns the kind's draw, code, stem, answer,
wrong options and explanation, instead of an ``if kind == ...`` branch in every method of the
family. ``SituationFamily`` is the family side: it looks the item's situation up and hands each
step to it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model import Candidate
from .base import Explanation
from .claims import error_claim, raises
from .distractors import mistakes as trap_mistakes, named_values, offer


class Situation:
    """One kind of item. ``draw`` fills in what the kind adds to the family's shared draw ``d``
    (False: this draw does not fit the kind, the family draws again); the other methods read the
    finished params ``p``."""

    kind = ""
    level = "medium"  # the difficulty, for a kind whose items all have one
    stem_text = ""  # the stem, as a template filled with the params ``p``
    # Common mistakes, in other words than the options' whys: ``traps[id](p, shown)``.
    traps: dict[str, Callable] = {}

    def draw(self, rng, d: dict, difficulty: str | None = None) -> bool:
        return True

    def difficulty(self, p) -> str:
        return self.level

    def snippet(self, p) -> str | None:
        raise NotImplementedError

    def stem(self, p) -> str:
        if not self.stem_text:
            raise NotImplementedError(f"{self.kind} has no stem")
        return self.stem_text.format(p=p)

    def truth(self, p, main):
        """The key as torch's run gives it; here, what the run raised (or that it ran)."""
        return error_claim(main)

    def options(self, p, main) -> tuple[Candidate, list[Candidate]]:
        raise NotImplementedError

    def explain(self, p, main, correct: Candidate) -> Explanation:
        raise NotImplementedError

    def achieves(self, p, outcome) -> bool:
        """Whether a code option's run did what the stem asks (kinds whose options are programs)."""
        raise NotImplementedError(f"{self.kind} has no code options")

    def mistakes(self, p, shown: list[Candidate]) -> tuple[str, ...]:
        """The explanation's common mistakes, given the wrong options ``shown``: by default the
        trap of each one's misconception."""
        return trap_mistakes(p, shown, self.traps)

    def misconceptions(self, p) -> dict[str, object]:
        """What each misconception answers for this draw (None: nothing to say here)."""
        raise ValueError(p.kind)

    def rule(self, p):
        """The key by the rules, without torch (tests hold torch's run to it)."""
        raise ValueError(p.kind)


class ValueSituation(Situation):
    """A kind whose key is a value the rules give (a shape, a number): each wrong option is a
    misconception's value, shown by ``show`` and explained by ``whys[id](p, value)``."""

    probe = ""  # the name the snippet leaves the key in (a tensor's key is its shape)
    show: Callable = str
    fmt = "code"  # how the options are shown: "code" or "text"
    whys: dict[str, Callable] = {}

    def truth(self, p, main):
        value = main.values[self.probe]
        return tuple(value["shape"]) if isinstance(value, dict) else value

    def why_right(self, p, value) -> str:
        raise NotImplementedError

    def options(self, p, main):
        truth = self.truth(p, main)
        intended = Candidate(self.show(truth), self.why_right(p, truth), value=truth, format=self.fmt)
        return intended, named_values(p, self.misconceptions(p), truth, self.show, self.whys, self.fmt)


class ErrorSituation(Situation):
    """A kind whose key is what the run did: torch's exception and message (``right_why`` says
    why), or, where the code runs, ``ran``. Wrong options that claim the key are dropped."""

    def right_why(self, p, main) -> str:
        raise NotImplementedError

    def ran(self, p, main) -> Candidate:
        raise NotImplementedError(f"{p.kind}: the code ran")

    def wrong(self, p, main) -> list[Candidate]:
        raise NotImplementedError

    def options(self, p, main):
        truth = self.truth(p, main)
        intended = self.ran(p, main) if main.ok else raises(*main.error, self.right_why(p, main))
        return intended, [c for c in self.wrong(p, main) if c.value != truth]


class SituationFamily:
    """Mixin for a family (before ``Family`` in its bases) whose kinds are situations: each step
    is the step of the situation ``situation(p)`` picks for the item."""

    def situation(self, p) -> Situation:
        raise NotImplementedError

    def difficulty_of(self, p):
        return self.situation(p).difficulty(p)

    def snippet(self, p):
        return self.situation(p).snippet(p)

    def stem(self, p):
        return self.situation(p).stem(p)

    def truth(self, p, main):
        return self.situation(p).truth(p, main)

    def achieves(self, p, outcome):
        return self.situation(p).achieves(p, outcome)

    def options(self, p, main):
        return offer(p, *self.situation(p).options(p, main))

    def explain(self, p, main, correct):
        s = self.situation(p)
        return replace(s.explain(p, main, correct), mistakes=s.mistakes(p, self.options(p, main)[1]))
