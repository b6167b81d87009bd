"""Shared by the tests of building together (``lstmq.engine.batch``) and in workers (``lstmq.engine.parallel``).

``one_by_one`` is the definition both must match: every slot resolved in order, every build a
plain ``make_question``. ``Crowded`` is a made-up family that collides and lacks distractors on
purpose, so every path of ``resolve_slot`` is exercised.
"""

from __future__ import annotations

import json
from concurrent.futures import Executor, Future

from lstmq.engine.assemble import make_question
from lstmq.engine.slots import Built, Holdings, resolve_slot
from lstmq.errors import GenerationError
from lstmq.families import REGISTRY
from lstmq.families.base import Explanation, Family
from lstmq.model import Candidate


def records(questions) -> list[str]:
    return [json.dumps(q.to_dict(), sort_keys=True) for q in questions]


def one_by_one(slots, master, run=None, registry=REGISTRY):
    holdings = Holdings()
    for slot in slots:
        family = registry[slot.family]
        yield resolve_slot(slot, family, master, holdings[slot.family],
                           lambda a: built(lambda: make_question(family, a.params, a.seed, run)))


def built(make) -> Built:
    try:
        return Built(make())
    except GenerationError as exc:
        return Built(exc)


def with_families(*families) -> dict:
    """The registry with made-up ``families`` added: passed to the engine, never installed."""
    return {**REGISTRY, **{f.name: f for f in families}}


class Crowded(Family):
    """Twelve distinct params; some lack distractors, one makes torch 'disagree'."""

    name = "crowded"
    difficulties = ("easy",)
    summary = "test family"

    def __init__(self, broken: int | None = None, runs: bool = False, name: str = "crowded"):
        self.name = name
        self.broken = broken
        self.runs = runs  # ask the runner for the number (a snippet) and check options by code
        self.probes = self.option_probes = ("n",) if runs else ()

    def sample(self, rng, difficulty):
        return {"n": rng.randrange(12)}

    def capacity(self, difficulty):
        return 12

    def stem(self, p):
        return f"Which number is {p['n']}?"

    def snippet(self, p):
        return f"n = {p['n']}\n" if self.runs else None

    def truth(self, p, main):
        return p["n"]

    def achieves(self, p, outcome):
        return outcome.values["n"] == p["n"]

    def options(self, p, main):
        if p["n"] == self.broken:
            raise GenerationError(f"crowded: broken draw {p['n']}")
        if self.runs:
            assert main.values["n"] == p["n"]
        def option(n, why):
            program = f"n = {n}\n" if self.runs else None
            return Candidate(str(n), why, value=None if self.runs else n, program=program, format="text")
        right = option(p["n"], "it is")
        # n divisible by 4 offers only two distractors: TooFewDistractors.
        wrong = [option(p["n"] + k, "off") for k in (1, 2, 3) if not (p["n"] % 4 == 0 and k == 3)]
        return right, wrong

    def explain(self, p, main, correct):
        return Explanation(("count",), "check", "hint")


class InProcess(Executor):
    """Runs each task at submit time: the schedule's logic without processes."""

    def __init__(self):
        self.calls: list[str] = []

    def submit(self, fn, *args, **kwargs):
        self.calls.append(fn.__name__)
        future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


