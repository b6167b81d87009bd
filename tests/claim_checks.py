"""Shared checks for the families whose options are claims about what code does in torch.

``execute`` runs a question's code here, in the test, with plain ``exec`` (not through
``lstmq.engine.runner``), so the outcome the tests compare with is found independently. ``claim_of``
reads what an option's text asserts, and ``contradicts`` says whether that outcome refutes it.
"""

from __future__ import annotations

import json
import random
import re
import warnings
from dataclasses import dataclass

from lstmq.engine.assemble import TooFewDistractors, make_question
from lstmq.model import Question
from question_contract import assert_question_contract


@dataclass(frozen=True)
class Ran:
    error: tuple[str, str] | None
    warnings: tuple[tuple[str, str], ...]
    namespace: dict


def execute(code: str) -> Ran:
    namespace: dict = {}
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, namespace)
        except Exception as exc:  # the exception is what the question asks about
            error = (type(exc).__name__, str(exc))
    seen = tuple(dict.fromkeys((w.category.__name__, str(w.message)) for w in caught))
    return Ran(error, seen, namespace)


def build_or_none(family, params, seed) -> Question | None:
    """A draw without three verified distractors is redrawn by the pipeline; tests skip it."""
    try:
        return make_question(family, params, seed)
    except TooFewDistractors:
        return None


def common_checks(family, params, seed, q: Question) -> None:
    assert_question_contract(q, family, params, seed)


def error_option(exc_type: str, message: str) -> str:
    return f"It raises `{exc_type}`: `{message}`"


_RAISES = re.compile(r"raises an? `(\w+)`|raises `(\w+)`(?:: `(.*)`$)?")


def claim_of(text: str) -> dict:
    """What an option asserts: an exception (type, maybe message), or a run with or without warnings."""
    m = _RAISES.search(text)
    if m:
        return {"error": m.group(1) or m.group(2), "message": m.group(3)}
    says_warns = " warns" in text
    says_silent = "silently" in text or "without an error or a warning" in text
    return {"error": None, "warns": says_warns, "silent": says_silent}


def contradicts(claim: dict, ran: Ran) -> bool:
    """True when the outcome refutes the claim."""
    if claim["error"]:
        if ran.error is None or ran.error[0] != claim["error"]:
            return True
        return claim["message"] is not None and claim["message"] != ran.error[1]
    if ran.error is not None:
        return True
    if claim["warns"] and not ran.warnings:
        return True
    return bool(claim["silent"] and ran.warnings)


def assert_distractors_refuted(q: Question, ran: Ran) -> None:
    for c in q.choices:
        if not c.correct:
            assert contradicts(claim_of(c.text), ran), c.text


def assert_rarely_short(family, draws: int = 80, allowed: int = 4) -> None:
    """Sampled params almost always give three verified distractors."""
    short = 0
    for seed in range(draws):
        rng = random.Random(seed)
        params = family.sample(rng, rng.choice(family.difficulties))
        short += build_or_none(family, params, seed) is None
    assert short <= allowed


def assert_capacity_bounds_draws(family, draws: int = 3000) -> None:
    for level in family.difficulties:
        rng = random.Random(level)
        seen = {json.dumps(family.encode(family.sample(rng, level)), sort_keys=True) for _ in range(draws)}
        assert len(seen) <= family.capacity(level)
