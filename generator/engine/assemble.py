"""One question: sample params, run torch, keep the distractors torch shows wrong, place them.

``make_question`` is deterministic in (family, params, seed): ``lstmq check`` re-derives a
bank's questions through it. A whole set is planned in ``plan``, its slots resolved in
``slots`` and built here or in workers (``batch``, ``parallel``); ``draw`` chooses how.
"""

from __future__ import annotations

import random
from typing import Callable, Generator, Iterator

from ..errors import GenerationError
from ..families import Family
from ..model import LABELS, Candidate, Choice, Outcome, Question, Request, Solution, answer_line

WRONG_PER_QUESTION = len(LABELS) - 1
# Draws that cannot give three distinct verified distractors before giving up: per seed in
# draw_question, per slot in slots.resolve_slot.
REDRAWS = 25
# Params sampled per slot before a set is declared impossible. A repeat costs one sample and
# no torch run, so this can be large enough to fill a family to its last distinct question.
MAX_ATTEMPTS_PER_SLOT = 20_000


class TooFewDistractors(GenerationError):
    pass


class MisconceptionScores(TooFewDistractors):
    """A named misconception gives the key on these params: the item would reward it, so the
    params are redrawn like an item short of distractors."""


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
    key_text = _normal(intended.text)
    for c in candidates:
        if c.misconception is not None and _normal(c.text) == key_text:
            raise MisconceptionScores(f"{family.name}: misconception {c.misconception} gives the key for {params}")
    taken_texts = {key_text}  # options must read differently, spacing aside
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
        elif c.misconception is not None:
            raise MisconceptionScores(f"{family.name}: misconception {c.misconception} is right for {params}")
    if len(wrong) < WRONG_PER_QUESTION:
        raise TooFewDistractors(f"{family.name}: only {len(wrong)} verified distractors for {params}")

    placed = [intended, *wrong]
    rng.shuffle(placed)
    choices = tuple(
        Choice(label, c.text, c is intended, c.why, c.format,
               None if c is intended else c.misconception,
               None if c is intended or c.misconception is None else (c.yields or c.text))
        for label, c in zip(LABELS, placed)
    )
    for choice, c in zip(choices, placed):
        if c.program is not None:
            evidence["options"][choice.label] = outcomes[c.text].to_dict()
    evidence.update(family.evidence_note(params))
    answer = next(ch for ch in choices if ch.correct)
    expl = family.explain(params, main, intended)
    solution = Solution(
        steps=expl.steps,
        final=answer_line(answer),
        quick_check=expl.quick_check,
        hint=expl.hint,
        mistakes=expl.mistakes or tuple(ch.why for ch in choices if not ch.correct),
    )
    return Question(
        id=f"{family.name}-{seed:08x}",
        family=family.name,
        difficulty=family.difficulty_of(params),
        seed=seed,
        params=family.encode(params),
        stem=family.stem(params),
        code=code,
        choices=choices,
        solution=solution,
        evidence=evidence,
    )


def draws(family: Family, difficulty: str, seed: int) -> Iterator[dict]:
    """The params ``draw_question`` tries for ``seed``, in order (pure Python: no torch)."""
    rng = random.Random(seed)
    for _ in range(REDRAWS):
        yield family.sample(rng, difficulty)


def draw_question(family: Family, difficulty: str, seed: int, run: Callable | None = None) -> Question:
    """Sample params for ``difficulty`` from ``seed`` and build; redraw when distractors run out."""
    for params in draws(family, difficulty, seed):
        try:
            return make_question(family, params, seed, run)
        except TooFewDistractors:
            continue
    raise GenerationError(f"{family.name}: no {difficulty} draw with enough distractors for seed {seed}")
