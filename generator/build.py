"""The pipeline: sample params, run torch, keep the distractors torch shows wrong, place them.

``make_question`` is deterministic in (family, params, seed): ``lstmq check`` re-derives a
bank's questions through it. ``generate`` plans a whole set from a master seed.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Callable, Iterator

from .errors import GenerationError, RequestError
from .families import REGISTRY, Family
from .model import DIFFICULTIES, LABELS, Candidate, Choice, Outcome, Question, Solution

WRONG_PER_QUESTION = len(LABELS) - 1
REDRAWS = 25  # params redrawn when a draw cannot give three distinct verified distractors
MAX_ATTEMPTS_PER_SLOT = 400  # seeds tried per slot before a set is declared impossible
MAX_COUNT = 20_000


class TooFewDistractors(GenerationError):
    pass


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def make_question(family: Family, params: dict, seed: int, run: Callable | None = None) -> Question:
    """Build the verified question for ``params``; raise TooFewDistractors if it cannot."""
    if run is None:
        from .runner import run  # torch is imported only when a question is really built
    code = family.snippet(params)
    main = run(code, seed, family.probes) if code is not None else None
    intended, candidates = family.options(params, main)
    evidence: dict = {"main": main.to_dict() if main else None, "options": {}}
    outcomes: dict[str, Outcome] = {}

    def is_right(c: Candidate) -> bool:
        if c.program is None:
            return c.value == family.truth(params, main)
        out = run(c.program, seed, family.option_probes)
        outcomes[c.text] = out
        return family.achieves(params, out)

    if not is_right(intended):
        raise GenerationError(
            f"{family.name}: torch does not confirm the intended answer {intended.text!r} for {params}"
        )

    rng = random.Random(f"lstmq-options:{family.name}:{seed}")
    pool = [c for c in candidates if not _same_text(c.text, intended.text)]
    rng.shuffle(pool)
    wrong: list[Candidate] = []
    for c in pool:
        if len(wrong) == WRONG_PER_QUESTION:
            break
        if any(_same_text(c.text, w.text) for w in wrong):
            continue
        if not is_right(c):  # a candidate torch accepts is not a wrong answer: drop it
            wrong.append(c)
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


def content_key(q: Question) -> str:
    """Two questions are duplicates when they ask the same family about the same params."""
    return q.family + json.dumps(q.params, sort_keys=True)


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


def generate(
    count: int,
    seed: int,
    families: list[str] | None = None,
    difficulties: list[str] | None = None,
    on_question: Callable[[Question], None] | None = None,
) -> Iterator[Question]:
    """Yield ``count`` distinct verified questions for the master ``seed``, in slot order."""
    seen: set[str] = set()
    for slot in plan(count, list(families or []), list(difficulties or [])):
        family = REGISTRY[slot.family]
        for attempt in range(MAX_ATTEMPTS_PER_SLOT):
            q = draw_question(family, slot.difficulty, derive_seed(seed, slot.index, attempt))
            key = content_key(q)
            if key not in seen:
                seen.add(key)
                break
        else:
            raise GenerationError(
                f"{family.name}: no new distinct {slot.difficulty} question after "
                f"{MAX_ATTEMPTS_PER_SLOT} draws"
            )
        if on_question:
            on_question(q)
        yield q
