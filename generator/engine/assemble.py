"""The pipeline: sample params, run torch, keep the distractors torch shows wrong, place them.

``make_question`` is deterministic in (family, params, seed): ``lstmq check`` re-derives a
bank's questions through it. ``generate`` plans a whole set from a master seed; every slot's
question is picked by ``resolve_slot``, whether the builds run here (``lstmq.engine.batch``, a family's
slots at a time) or in worker processes (``lstmq.engine.parallel``), so neither the order of building
nor ``--jobs`` changes the output.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Callable, Generator, Iterable, Iterator

from ..errors import GenerationError, RequestError
from ..families import REGISTRY, Family
from ..model import DIFFICULTIES, LABELS, MAX_COUNT, Candidate, Choice, Outcome, Question, Request, Solution

WRONG_PER_QUESTION = len(LABELS) - 1
# Draws that cannot give three distinct verified distractors before giving up: per seed in
# draw_question, per slot in generate.
REDRAWS = 25
# Params sampled per slot before a set is declared impossible. A repeat costs one sample and
# no torch run, so this can be large enough to fill a family to its last distinct question.
MAX_ATTEMPTS_PER_SLOT = 20_000


class TooFewDistractors(GenerationError):
    pass


def _normal(text: str) -> str:
    return " ".join(text.split())


Steps = Generator[Request, Outcome, Question]


def make_question(family: Family, params: dict, seed: int, run: Callable | None = None) -> Question:
    """Build the verified question for ``params``; raise TooFewDistractors if it cannot."""
    if run is None:
        from .runner import run  # torch is imported only when a question is really built
    steps = question_steps(family, params, seed)
    try:
        request = next(steps)
        while True:
            request = steps.send(run(*request))
    except StopIteration as done:
        return done.value


def question_steps(family: Family, params: dict, seed: int) -> Steps:
    """``make_question`` as a generator: it yields each snippet it needs run, is sent the
    outcome, and returns the question. Whoever drives it decides when the snippets run, so
    several questions can send their runs to torch together (``lstmq.engine.batch``)."""
    code = family.snippet(params)
    main = (yield code, seed, family.probes) if code is not None else None
    intended, candidates = family.options(params, main)
    evidence: dict = {"main": main.to_dict() if main else None, "options": {}}
    outcomes: dict[str, Outcome] = {}

    def is_right(c: Candidate) -> Generator[Request, Outcome, bool]:
        if c.program is None:
            return c.value == family.truth(params, main)
        out = yield c.program, seed, family.option_probes
        outcomes[c.text] = out
        return family.achieves(params, out)

    if not (yield from is_right(intended)):
        raise GenerationError(
            f"{family.name}: torch does not confirm the intended answer {intended.text!r} for {params}"
        )

    rng = random.Random(f"lstmq-options:{family.name}:{seed}")
    taken_texts = {_normal(intended.text)}  # options must read differently, spacing aside
    pool = [(c, text) for c in candidates if (text := _normal(c.text)) not in taken_texts]
    rng.shuffle(pool)
    wrong: list[Candidate] = []
    for c, text in pool:
        if len(wrong) == WRONG_PER_QUESTION:
            break
        if text in taken_texts:
            continue
        if not (yield from is_right(c)):  # a candidate torch accepts is not a wrong answer: drop it
            wrong.append(c)
            taken_texts.add(text)
    if len(wrong) < WRONG_PER_QUESTION:
        raise TooFewDistractors(f"{family.name}: only {len(wrong)} verified distractors for {params}")

    placed = [intended, *wrong]
    rng.shuffle(placed)
    choices = tuple(
        Choice(label, c.text, c is intended, c.why, c.format) for label, c in zip(LABELS, placed)
    )
    for choice, c in zip(choices, placed):
        if c.program is not None:
            evidence["options"][choice.label] = outcomes[c.text].to_dict()
    answer = next(ch for ch in choices if ch.correct)
    expl = family.explain(params, main, intended)
    solution = Solution(
        steps=expl.steps,
        final=f"{answer.text} → Option {answer.label}",
        quick_check=expl.quick_check,
        hint=expl.hint,
        mistakes=tuple(ch.why for ch in choices if not ch.correct),
    )
    return Question(
        id=f"{family.name}-{seed:08x}",
        family=family.name,
        difficulty=family.difficulty_of(params),
        seed=seed,
        params=params,
        stem=family.stem(params),
        code=code,
        choices=choices,
        solution=solution,
        evidence=evidence,
    )


def draw_question(family: Family, difficulty: str, seed: int, run: Callable | None = None) -> Question:
    """Sample params for ``difficulty`` from ``seed`` and build; redraw when distractors run out."""
    rng = random.Random(seed)
    for _ in range(REDRAWS):
        params = family.sample(rng, difficulty)
        try:
            return make_question(family, params, seed, run)
        except TooFewDistractors:
            continue
    raise GenerationError(f"{family.name}: no {difficulty} draw with enough distractors for seed {seed}")


def derive_seed(master: int, slot: int, attempt: int) -> int:
    digest = hashlib.sha256(f"lstmq:{master}:{slot}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def params_key(family: str, params: dict) -> str:
    """Two questions are duplicates when they ask the same family about the same params."""
    return family + json.dumps(params, sort_keys=True)


def content_key(q: Question) -> str:
    return params_key(q.family, q.params)


@dataclass(frozen=True)
class Slot:
    index: int
    family: str
    difficulty: str


def _water_fill(count: int, capacities: dict[str, int]) -> dict[str, int]:
    """Split ``count`` as evenly as capacities allow, in the dict's order for remainders."""
    share = {k: 0 for k in capacities}
    left = count
    open_keys = [k for k, cap in capacities.items() if cap > 0]
    while left and open_keys:
        each, extra = divmod(left, len(open_keys))
        for i, k in enumerate(list(open_keys)):
            want = each + (1 if i < extra else 0)
            take = min(want, capacities[k] - share[k])
            share[k] += take
            left -= take
        open_keys = [k for k in open_keys if share[k] < capacities[k]]
    return share


def plan(count: int, families: list[str], difficulties: list[str]) -> list[Slot]:
    """Which family and difficulty each of ``count`` slots gets: families evenly, interleaved."""
    if count < 1:
        raise RequestError("--count must be at least 1")
    if count > MAX_COUNT:
        raise RequestError(f"--count is at most {MAX_COUNT}")
    fams = families or list(REGISTRY)
    levels = difficulties or list(DIFFICULTIES)
    per_family: dict[str, dict[str, int]] = {}
    for name in fams:
        fam = REGISTRY[name]
        caps = {d: fam.capacity(d) for d in fam.difficulties if d in levels}
        if caps:
            per_family[name] = caps
    if not per_family:
        raise RequestError(
            f"no selected family has difficulty {', '.join(levels)} "
            f"(families: {', '.join(fams)})"
        )
    totals = {name: sum(caps.values()) for name, caps in per_family.items()}
    available = sum(totals.values())
    if count > available:
        raise RequestError(
            f"asked for {count} questions, but the selected families and difficulties "
            f"give only {available} distinct ones"
        )
    queues: dict[str, list[str]] = {}
    for name, n in _water_fill(count, totals).items():
        split = _water_fill(n, per_family[name])
        # Interleave difficulties inside a family so a short page still mixes levels.
        order: list[str] = []
        remaining = dict(split)
        while any(remaining.values()):
            for d, k in remaining.items():
                if k:
                    order.append(d)
                    remaining[d] -= 1
        queues[name] = order
    slots: list[Slot] = []
    while len(slots) < count:
        for name, queue in queues.items():
            if queue:
                slots.append(Slot(len(slots), name, queue.pop(0)))
    return slots


@dataclass(frozen=True)
class Attempt:
    """One try at a slot: its seed and the params sampled from it (no torch yet)."""

    slot: int
    number: int
    seed: int
    params: dict
    key: str


def attempts(slot: Slot, master: int, start: int = 0) -> Iterator[Attempt]:
    family = REGISTRY[slot.family]
    for number in range(start, MAX_ATTEMPTS_PER_SLOT):
        seed = derive_seed(master, slot.index, number)
        params = family.sample(random.Random(seed), slot.difficulty)
        yield Attempt(slot.index, number, seed, params, params_key(family.name, params))


class Taken:
    """What a set already holds: params keys, and ids (an id is family and seed)."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.ids: set[tuple[str, int]] = set()

    def has(self, family: str, a: Attempt) -> bool:
        return a.key in self.keys or (family, a.seed) in self.ids

    def add(self, family: str, a: Attempt) -> None:
        self.keys.add(a.key)
        self.ids.add((family, a.seed))

    def add_question(self, q: Question) -> None:
        self.keys.add(content_key(q))
        self.ids.add((q.family, q.seed))


Build = Callable[[Family, Attempt], Question]


def resolve_slot(slot: Slot, master: int, taken: Taken, build: Build,
                 tries: Iterable[Attempt] | None = None) -> Question:
    """The slot's question: its first attempt with params (and id) not yet taken that builds.

    Repeats are skipped before torch runs; a build without enough distractors moves on to the
    next attempt. This function alone decides which attempt wins, so where ``build`` runs
    (here, or prebuilt in a worker) cannot change the result. ``tries`` may replay attempts
    sampled earlier; it must yield exactly what ``attempts(slot, master)`` yields.
    """
    family = REGISTRY[slot.family]
    failed = 0
    for a in tries if tries is not None else attempts(slot, master):
        if taken.has(family.name, a):
            continue
        try:
            q = build(family, a)
        except TooFewDistractors:
            failed += 1
            if failed == REDRAWS:
                raise GenerationError(
                    f"{family.name}: no {slot.difficulty} draw with enough distractors in {REDRAWS} tries"
                ) from None
            continue
        taken.add(family.name, a)
        return q
    raise GenerationError(
        f"{family.name}: no new distinct {slot.difficulty} question after {MAX_ATTEMPTS_PER_SLOT} draws"
    )


def default_jobs() -> int:
    """The CPUs this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def generate(
    count: int,
    seed: int,
    families: list[str] | None = None,
    difficulties: list[str] | None = None,
    on_question: Callable[[Question], None] | None = None,
    jobs: int = 1,
    run: Callable | None = None,
) -> Iterator[Question]:
    """Yield ``count`` distinct verified questions for the master ``seed``, in slot order.

    ``jobs`` > 1 builds in that many worker processes; the questions are the same. A custom
    ``run`` (tests compare runner settings with it) always runs here, in this process.
    """
    slots = plan(count, list(families or []), list(difficulties or []))
    if jobs > 1 and run is None:
        from .parallel import SLOTS_PER_TASK, generate_parallel

        workers = min(jobs, -(-len(slots) // SLOTS_PER_TASK))  # no idle workers for a small set
        stream = generate_parallel(slots, seed, workers)
    else:
        from .batch import generate_here

        stream = generate_here(slots, seed, run)
    for q in stream:
        if on_question:
            on_question(q)
        yield q
