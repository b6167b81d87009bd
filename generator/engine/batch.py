"""Building several questions together, with exactly the result of building them one by one.

Three things make a question set cheaper to build than a loop of ``make_question`` calls:

- ``build_many`` drives the questions' ``question_steps`` side by side and sends their torch
  runs in rounds (every main snippet, then every first option program, and so on), so the
  runner compiles a round's snippets back to back and sets up warning capture and the RNG once
  per round. Each question still gets exactly the runs, seeds and outcomes it would get alone.
- ``Prebuilt`` guesses which attempt each slot of a run will pick (its first attempt not
  taken, supposing every earlier guess builds) and builds those guesses with ``build_many``.
  ``resolve_slot`` still decides every slot against what the set really holds: it takes a
  prebuilt question only for the very attempt it asks for, and builds anything else on demand
  (only after a guess lacked distractors). A wrong guess costs time, never a different question.
- ``generate_here`` builds one family's slots at a time, in runs: a round then runs one
  family's Python and snippets over and over, which the CPU caches keep warm (a run of mixed
  families was about 8% slower on the same set).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from ..families import REGISTRY, Family
from ..model import Outcome, Question, Request
from .assemble import Attempt, Slot, Steps, Taken, attempts, question_steps, resolve_slot

# Slots of one family built together. Longer runs were a little faster up to about 32 (more
# snippets compiled back to back); the first question of a set waits for one run per family.
SLOTS_PER_RUN = 32

# One build: ("ok", Question) or ("error", the exception the build raised).
Built = tuple[str, Any]
RunMany = Callable[[list[Request]], list[Outcome]]


def unwrap(item: Built) -> Question:
    kind, value = item
    if kind == "ok":
        return value
    raise value


def runner_for(run: Callable | None) -> RunMany:
    """``runner.run_many``, or a custom one-at-a-time ``run`` (tests and benchmarks use those)."""
    if run is None:
        from .runner import run_many  # torch is imported only when a question is really built

        return run_many
    return lambda requests: [run(*request) for request in requests]


def build_many(items: list[tuple[Family, dict, int]], run_many: RunMany) -> list[Built]:
    """``make_question(family, params, seed)`` for each item, their torch runs sent in rounds."""
    results: list[Built | None] = [None] * len(items)
    pending: dict[int, tuple[Steps, Request]] = {}

    def advance(i: int, steps: Steps, outcome: Outcome | None) -> None:
        try:
            pending[i] = steps, steps.send(outcome)
        except StopIteration as done:
            pending.pop(i, None)
            results[i] = "ok", done.value
        except Exception as exc:  # raised by resolve_slot if it comes to this attempt
            pending.pop(i, None)
            results[i] = "error", exc

    for i, (family, params, seed) in enumerate(items):
        advance(i, question_steps(family, params, seed), None)
    while pending:
        order = list(pending)
        outcomes = run_many([pending[i][1] for i in order])
        for i, outcome in zip(order, outcomes):
            advance(i, pending[i][0], outcome)
    return results  # type: ignore[return-value]


class _Guess(Taken):
    """``taken`` plus the picks guessed so far in a run, without copying ``taken``."""

    def __init__(self, taken: Taken) -> None:
        super().__init__()
        self.base = taken

    def has(self, family: str, a: Attempt) -> bool:
        return self.base.has(family, a) or super().has(family, a)


class Prebuilt:
    """The likely picks of ``slots`` (against ``taken``, a ``Taken`` or a worker's hint), built
    together; ``tries`` and ``build`` hand them to ``resolve_slot``."""

    def __init__(self, slots: list[Slot], master: int, taken: Taken, run_many: RunMany) -> None:
        self.master = master
        self.run_many = run_many
        self.sampled: dict[int, list[Attempt]] = {}
        guess = _Guess(taken)
        picks: list[tuple[Family, Attempt]] = []
        for slot in slots:
            family = REGISTRY[slot.family]
            tried = self.sampled[slot.index] = []
            for a in attempts(slot, master):
                tried.append(a)
                if not guess.has(family.name, a):
                    guess.add(family.name, a)
                    picks.append((family, a))
                    break
        built = build_many([(family, a.params, a.seed) for family, a in picks], run_many)
        self.built = {(a.slot, a.number): item for (_, a), item in zip(picks, built)}

    def tries(self, slot: Slot) -> Iterator[Attempt]:
        """``attempts(slot, master)``: the ones sampled for the guess, then the rest."""
        sampled = self.sampled.pop(slot.index, [])
        yield from sampled
        yield from attempts(slot, self.master, start=len(sampled))

    def build(self, family: Family, a: Attempt) -> Built:
        item = self.built.pop((a.slot, a.number), None)
        if item is None:  # not the guess (an earlier guess lacked distractors): build it now
            item = build_many([(family, a.params, a.seed)], self.run_many)[0]
        return item


def family_runs(slots: list[Slot], size: int) -> list[list[Slot]]:
    """Each family's slots in runs of ``size``, ordered by their first slot."""
    per_family: dict[str, list[Slot]] = {}
    for slot in slots:
        per_family.setdefault(slot.family, []).append(slot)
    runs = [queue[i:i + size] for queue in per_family.values() for i in range(0, len(queue), size)]
    return sorted(runs, key=lambda run: run[0].index)


def generate_here(slots: list[Slot], master: int, run: Callable | None) -> Iterator[Question]:
    """The questions of ``slots`` in order, built in this process a run of one family at a time.

    A slot's pick depends only on the earlier slots of its own family (``Taken`` keys hold the
    family), so a family's run can be resolved ahead of other families' earlier slots. The
    questions (or the error a slot raised) wait until every earlier slot is done, so they come
    out in slot order and an error is raised at the slot where one-by-one would raise it.
    """
    run_many = runner_for(run)
    taken = Taken()
    done: dict[int, Question | Exception] = {}
    failed: set[str] = set()  # families past a slot that raised: their later slots never come
    following = 0
    for family_run in family_runs(slots, SLOTS_PER_RUN):
        if family_run[0].family in failed:
            continue
        ahead = Prebuilt(family_run, master, taken, run_many)
        for slot in family_run:
            try:
                done[slot.index] = resolve_slot(slot, master, taken,
                                                lambda family, a: unwrap(ahead.build(family, a)),
                                                ahead.tries(slot))
            except Exception as exc:  # raised below, once every earlier slot has come out
                done[slot.index] = exc
                failed.add(slot.family)
                break
        while following in done:
            item = done.pop(following)
            if isinstance(item, Exception):
                raise item
            yield item
            following += 1
