"""Helpers for the families whose options are claims about what a snippet did in torch.

A claim's ``value`` lives in the same space as the truth read off the outcome, so
``lstmq.engine.assemble`` can compare them: ``("error", type, message)`` for an exception,
``("ok", warnings)`` for a run that finished (``warnings`` a tuple of (category, message)).
A claim that says "it runs" without naming warnings uses ``RUNS``: it is wrong exactly when
torch raised. A claim that names only an exception type, not its message, is offered only when
torch raised something else (see ``type_only``).
"""

from __future__ import annotations

import re

from ..model import Candidate, Outcome
from .base import error_text

RUNS = ("ok",)
# The exception types students pick between for a bad argument or a bad tensor.
EXCEPTION_TYPES = ("ValueError", "TypeError", "RuntimeError")


def error_claim(outcome: Outcome) -> tuple:
    """("error", type, message) if the run raised, else ("ok",): warnings are ignored."""
    if outcome.error:
        return ("error", outcome.error[0], outcome.error[1])
    return RUNS


def full_claim(outcome: Outcome) -> tuple:
    """Like ``error_claim``, but a finished run also reports its warnings."""
    if outcome.error:
        return ("error", outcome.error[0], outcome.error[1])
    return ("ok", tuple(tuple(w) for w in outcome.warnings))


def raises(exc_type: str, message: str, why: str) -> Candidate:
    """A claim that the snippet raises ``exc_type`` with exactly ``message``."""
    return Candidate(error_text(exc_type, message), why, value=("error", exc_type, message), format="text")


def runs(text: str, why: str) -> Candidate:
    """A claim that the snippet finishes without an exception."""
    return Candidate(text, why, value=RUNS, format="text")


def type_only(outcome: Outcome, exc_type: str, text: str, why: str) -> list[Candidate]:
    """A claim naming only an exception type: offered only when torch raised another type
    (or nothing), so the part the run cannot check (the reason) never rescues it."""
    if outcome.error and outcome.error[0] == exc_type:
        return []
    return [Candidate(text, why, value=("error", exc_type, None), format="text")]


def other_types(outcome: Outcome, whys: dict[str, str]) -> list[Candidate]:
    """torch's own message under each other exception type: "which type?" distractors."""
    if not outcome.error:
        return []
    actual, message = outcome.error
    return [raises(t, message, whys[t]) for t in EXCEPTION_TYPES if t != actual and t in whys]


NUMBERS = re.compile(r"Expected (\d+), got (\d+)")


def swap_expected_got(message: str) -> str | None:
    """torch's "Expected A, got B" with A and B exchanged; None if the message has no such part."""
    m = NUMBERS.search(message)
    if not m or m.group(1) == m.group(2):
        return None
    return message[:m.start()] + f"Expected {m.group(2)}, got {m.group(1)}" + message[m.end():]
