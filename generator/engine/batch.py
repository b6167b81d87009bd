"""Building several questions together, with exactly the result of building them one by one.

Three things make a question set cheaper to build than a loop of ``make_question`` calls:

- ``build_many`` drives the questions' ``question_steps`` side by side and sends their torch
  runs in rounds (every main snippet, then every first option program, and so on), so the
  runner compiles a round's snippets back to back and sets up warning capture and the RNG once
  per round. Each question still gets exactly the runs, seeds and outcomes it would get alone.
- ``prebuild`` guesses which attempt each slot of a run will pick (its first attempt not
  taken, supposing every earlier guess builds) and builds those guesses with ``build_many``,
  as one ``slots.Replay`` per slot. ``resolve_slot`` still decides every slot against what the
  set really holds: it takes a prebuilt question only for the very attempt it asks for, and
  builds anything else on demand (only after a guess lacked distractors). A wrong guess costs
  time, never a different question.
- ``generate_here`` builds one family's slots at a time, in runs: a round then runs one
  family's Python and snippets over and over, which the CPU caches keep warm (a run of mixed
  families was about 8% slower on the same set).
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping

from ..errors import GenerationError
from ..families import REGISTRY, Family
from ..model import Outcome, Question, Request
from .assemble import Steps, question_steps
from .plan import Slot
from .slots import Attempt, Built, Holdings, Replay, Taken, attempts, resolve_slot

# Slots of one family built together. Longer runs were a little faster up to about 32 (more
# snippets compiled back to back); the first question of a set waits for one run per family.
SLOTS_PER_RUN = 32

RunMany = Callable[[list[Request]], list[Outcome]]


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
            results[i] = Built(done.value)
        except GenerationError as exc:  # raised by resolve_slot if it comes to this attempt
            pending.pop(i, None)
            results[i] = Built(exc)

    for i, (family, params, seed) in enumerate(items):
        advance(i, question_steps(family, params, seed), None)
    while pending:
        order = list(pending)
        outcomes = run_many([pending[i][1] for i in order])
        for i, outcome in zip(order, outcomes):
            advance(i, pending[i][0], outcome)
    return results  # type: ignore[return-value]


def prebuild(slots: list[Slot], family: Family, master: int, taken: Taken,
             run_many: RunMany) -> dict[int, Replay]:
    """The likely picks of one family's ``slots`` against ``taken`` (a set's or a worker's
    hint), built together: a ``Replay`` per slot index for ``resolve_slot``."""
    guess = taken.copy()  # plus the picks guessed so far in this run
    replays: dict[int, Replay] = {}
    picks: list[tuple[Replay, Attempt]] = []
    for slot in slots:
        replay = replays[slot.index] = Replay()
        for a in attempts(slot, family, master):
            replay.tried.append(a)
            if not guess.has(a):
                guess.add(a)
                picks.append((replay, a))
                break
    built = build_many([(family, a.params, a.seed) for _, a in picks], run_many)
    for (replay, a), item in zip(picks, built):
        replay.built[a.number] = item
    return replays


def family_runs(slots: list[Slot], size: int) -> list[list[Slot]]:
    """Each family's slots in runs of ``size``, ordered by their first slot."""
    per_family: dict[str, list[Slot]] = {}
    for slot in slots:
        per_family.setdefault(slot.family, []).append(slot)
    runs = [queue[i:i + size] for queue in per_family.values() for i in range(0, len(queue), size)]
    return sorted(runs, key=lambda run: run[0].index)


def generate_here(slots: list[Slot], master: int, run: Callable | None,
                  registry: Mapping[str, Family] = REGISTRY) -> Iterator[Question]:
    """The questions of ``slots`` in order, built in this process a run of one family at a time.

    A slot's pick depends only on the earlier slots of its own family (``Taken`` is per
    family), so a family's run can be resolved ahead of other families' earlier slots. The
    questions (or the error a slot raised) wait until every earlier slot is done, so they come
    out in slot order and an error is raised at the slot where one-by-one would raise it.
    """
    run_many = runner_for(run)
    holdings = Holdings()
    done: dict[int, Question | GenerationError] = {}
    failed: set[str] = set()  # families past a slot that raised: their later slots never come
    following = 0
    for family_run in family_runs(slots, SLOTS_PER_RUN):
        name = family_run[0].family
        if name in failed:
            continue
        family, taken = registry[name], holdings[name]
        replays = prebuild(family_run, family, master, taken, run_many)

        def build_now(a: Attempt, family: Family = family) -> Built:
            return build_many([(family, a.params, a.seed)], run_many)[0]

        for slot in family_run:
            try:
                done[slot.index] = resolve_slot(slot, family, master, taken, build_now, replays[slot.index])
            except GenerationError as exc:  # raised below, once every earlier slot has come out
                done[slot.index] = exc
                failed.add(name)
                break
        while following in done:
            item = done.pop(following)
            if isinstance(item, GenerationError):
                raise item
            yield item
            following += 1
