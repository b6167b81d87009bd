"""Building several questions together, with exactly the result of building them one by one.

Two things make a question set cheaper to build than a loop of ``make_question`` calls:

- ``build_many`` drives the questions' ``question_steps`` side by side and sends their torch
  runs in rounds (every main snippet, then every first option program, and so on), so the
  runner compiles a round's snippets back to back and sets up warning capture and the RNG once
  per round. Each question still gets exactly the runs, seeds and outcomes it would get alone.
- ``Prebuilt`` guesses which attempt each slot of a batch will pick (its first attempt not
  taken, supposing every earlier guess builds) and builds those guesses with ``build_many``.
  ``resolve_slot`` still decides every slot against what the set really holds: it takes a
  prebuilt question only for the very attempt it asks for, and builds anything else on demand
  (only after a guess lacked distractors). A wrong guess costs time, never a different question.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from .build import Attempt, Request, Slot, Steps, Taken, attempts, question_steps, resolve_slot
from .families import REGISTRY, Family
from .model import Outcome, Question

# Slots whose guesses are built together. Larger batches compile more snippets back to back;
# 16 already gets most of that, and keeps the first questions of a set coming quickly.
SLOTS_PER_BATCH = 16

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
    """``taken`` plus the picks guessed so far in a batch, without copying ``taken``."""

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


def generate_here(slots: list[Slot], master: int, run: Callable | None) -> Iterator[Question]:
    """The questions of ``slots`` in order, built in this process a batch at a time."""
    run_many = runner_for(run)
    taken = Taken()
    for start in range(0, len(slots), SLOTS_PER_BATCH):
        batch = slots[start:start + SLOTS_PER_BATCH]
        ahead = Prebuilt(batch, master, taken, run_many)
        for slot in batch:
            yield resolve_slot(slot, master, taken, lambda family, a: unwrap(ahead.build(family, a)),
                               ahead.tries(slot))
