"""Filling a slot: which attempt's question a set takes, wherever the questions were built.

A slot's attempts come from its seed alone (``attempts``: a seed and the params sampled from
it, no torch yet). ``resolve_slot`` takes the first attempt whose params and id the family
does not hold yet and that builds with enough distractors; it alone decides, so where the
builds run (here, prebuilt together in ``batch``, or in a worker in ``parallel``) can change
the time a set takes, never its questions.

``Replay`` is how earlier work is reused: the attempts sampled for a slot before (the rest
are sampled again from where they stopped), and the results built ahead for some of them. A
build is reused only for the very attempt ``resolve_slot`` asks for; anything else is built
then. ``Replay.record`` writes down what a resolution sampled and built, for a worker to send
back and the parent to replay.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Iterator

from ..errors import GenerationError
from ..families import Family
from ..model import Question
from .assemble import REDRAWS, TooFewDistractors
from .plan import Slot

# Params sampled per slot before a set is declared impossible. A repeat costs one sample and
# no torch run, so this can be large enough to fill a family to its last distinct question.
MAX_ATTEMPTS_PER_SLOT = 20_000


def derive_seed(master: int, slot: int, attempt: int) -> int:
    digest = hashlib.sha256(f"lstmq:{master}:{slot}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def params_key(family: str, params: dict) -> str:
    """Two questions are duplicates when they ask the same family about the same params."""
    return family + json.dumps(params, sort_keys=True)


@dataclass(frozen=True)
class Attempt:
    """One try at a slot: its seed and the params sampled from it (no torch yet)."""

    slot: int
    number: int
    seed: int
    params: dict
    key: str


def attempts(slot: Slot, family: Family, master: int, start: int = 0) -> Iterator[Attempt]:
    for number in range(start, MAX_ATTEMPTS_PER_SLOT):
        seed = derive_seed(master, slot.index, number)
        params = family.sample_kind(random.Random(seed), slot.difficulty, slot.kind)
        yield Attempt(slot.index, number, seed, params, params_key(family.name, family.encode(params)))


@dataclass(frozen=True)
class Built:
    """One build's result, as it travels between processes: the question, or the
    ``GenerationError`` that stopped it (raised by ``question`` only if the slot asks for
    that attempt; any other exception is a bug and is never caught into a result)."""

    value: Question | GenerationError

    @property
    def ok(self) -> bool:
        return isinstance(self.value, Question)

    def question(self) -> Question:
        if isinstance(self.value, GenerationError):
            raise self.value
        return self.value


class Taken:
    """What one family's slots already hold: params keys and seeds (a question's id is its
    family and seed, so within a family the seed is the id)."""

    def __init__(self, keys: Iterable[Hashable] = (), seeds: Iterable[int] = ()) -> None:
        self.keys: set[Hashable] = set(keys)
        self.seeds: set[int] = set(seeds)

    def key(self, a: Attempt) -> Hashable:
        return a.key

    def has(self, a: Attempt) -> bool:
        return a.seed in self.seeds or self.key(a) in self.keys

    def add(self, a: Attempt) -> None:
        self.keys.add(self.key(a))
        self.seeds.add(a.seed)

    def copy(self) -> "Taken":
        return type(self)(self.keys, self.seeds)


class Holdings(dict):
    """A set's ``Taken``, per family (a slot's pick depends on its own family alone)."""

    def __missing__(self, family: str) -> Taken:
        taken = self[family] = Taken()
        return taken


@dataclass
class Replay:
    """Work done earlier for one slot: the attempts sampled, in order, and builds by attempt
    number. Empty, it replays nothing and every build happens on demand."""

    tried: list[Attempt] = field(default_factory=list)
    built: dict[int, Built] = field(default_factory=dict)

    def tries(self, slot: Slot, family: Family, master: int,
              record: Replay | None = None) -> Iterator[Attempt]:
        """``attempts(slot, family, master)``: the ones sampled before, then the rest."""
        sampled = self.tried
        for a in sampled:
            if record is not None:
                record.tried.append(a)
            yield a
        for a in attempts(slot, family, master, start=len(sampled)):
            if record is not None:
                record.tried.append(a)
            yield a

    def take(self, a: Attempt, build_now: Callable[[Attempt], Built],
             record: Replay | None = None) -> Built:
        """The build made earlier for the very attempt ``a``, or one made now."""
        built = self.built.pop(a.number, None)
        if built is None:
            built = build_now(a)
        if record is not None:
            record.built[a.number] = built
        return built


def resolve_slot(slot: Slot, family: Family, master: int, taken: Taken,
                 build_now: Callable[[Attempt], Built], replay: Replay | None = None,
                 record: Replay | None = None) -> Question:
    """The slot's question: its first attempt with params (and id) not yet taken that builds.

    Repeats are skipped before torch runs; a build without enough distractors moves on to the
    next attempt. ``replay`` reuses what was sampled and built before (see ``Replay``);
    ``record`` receives what this resolution sampled and built. Only ``GenerationError``
    travels as a result: anything else a build raises is a bug and propagates at once.
    """
    replay = replay or Replay()
    failed = 0
    for a in replay.tries(slot, family, master, record):
        if taken.has(a):
            continue
        try:
            q = replay.take(a, build_now, record).question()
        except TooFewDistractors:
            failed += 1
            if failed == REDRAWS:
                raise GenerationError(
                    f"{family.name}: no {slot.difficulty} draw with enough distractors in {REDRAWS} tries"
                ) from None
            continue
        taken.add(a)
        return q
    raise GenerationError(
        f"{family.name}: no new distinct {slot.difficulty} question after {MAX_ATTEMPTS_PER_SLOT} draws"
    )
