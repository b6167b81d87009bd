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
from ..model import (LABELS, Candidate, Choice, Numeric, Outcome, Question, Request, Solution, Trap,
                     answer_line, labels_line, number_text, numeric_line)

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


def question_steps(family: Family, params, seed: int) -> Steps:
    """``make_question`` as a generator: it yields each snippet it needs run, is sent the
    outcome, and returns the question. Whoever drives it decides when the snippets run, so
    several questions can send their runs to torch together (``lstmq.engine.batch``)."""
    if isinstance(params, dict):  # a bank's stored params: the family's own form (typed params)
        params = family.decode(params)
    code = family.snippet(params)
    main = (yield code, seed, family.probes) if code is not None else None
    intended, candidates = family.options(params, main)
    kind = family.kind_of(params)
    evidence: dict = {"main": main.to_dict() if main else None, "options": {}}
    outcomes: dict[str, Outcome] = {}

    def is_right(c: Candidate) -> Generator[Request, Outcome, bool]:
        if c.program is None:
            return family.accepts(params, main, c.value)
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
    pool = [(c, text) for c in candidates if (text := _normal(c.text)) != key_text]
    rng.shuffle(pool)

    def misconception_scores(c: Candidate) -> MisconceptionScores:
        return MisconceptionScores(f"{family.name}: misconception {c.misconception} is right for {params}")

    answer: Numeric | None = None
    if kind == "numeric":
        answer = _numeric_answer(family, params, main, intended, [c for c, _ in pool], misconception_scores)
        choices: tuple[Choice, ...] = ()
        final = numeric_line(answer)
        wrong_whys = tuple(t.why for t in answer.traps)
    else:
        if kind == "single":
            placed = yield from _single_options(family, params, intended, pool, is_right, misconception_scores)
        elif kind == "multiple":
            placed = yield from _multiple_options(family, params, intended, pool, is_right,
                                                  misconception_scores, rng)
        else:
            raise GenerationError(f"{family.name}: unknown question kind {kind!r}")
        # Letters from a generator of their own: whether an attempt survives depends on the order
        # candidates were judged in (``rng``), and letters drawn after it would inherit that
        # selection (a family's keys piled up on C before this).
        random.Random(f"lstmq-letters:{family.name}:{seed}").shuffle(placed)
        choices = tuple(
            Choice(label, c.text, right, c.why, c.format,
                   None if right else c.misconception,
                   None if right or c.misconception is None else (c.yields or c.text))
            for label, (c, right) in zip(LABELS, placed)
        )
        for choice, (c, _) in zip(choices, placed):
            if c.program is not None:
                evidence["options"][choice.label] = outcomes[c.text].to_dict()
        final = answer_line(choices[[r for _, r in placed].index(True)]) if kind == "single" else labels_line(choices)
        wrong_whys = tuple(ch.why for ch in choices if not ch.correct)
    evidence.update(family.evidence_note(params))
    expl = family.explain(params, main, intended)
    solution = Solution(
        steps=expl.steps,
        final=final,
        quick_check=expl.quick_check,
        hint=expl.hint,
        mistakes=expl.mistakes or wrong_whys,
    )
    return Question(
        id=f"{family.name}-{seed:08x}",
        family=family.name,
        difficulty=family.difficulty_of(params),
        seed=seed,
        params=family.encode(params),
        stem=family.shown_stem(params, main),
        code=code,
        choices=choices,
        solution=solution,
        evidence=evidence,
        kind=kind,
        answer=answer,
    )


Placed = list[tuple[Candidate, bool]]  # an option and whether it is right, in placing order


def _single_options(family, params, intended, pool, is_right, misconception_scores
                    ) -> Generator[Request, Outcome, Placed]:
    """The key and the first three candidates torch shows wrong."""
    taken_texts = {_normal(intended.text)}  # options must read differently, spacing aside
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
            raise misconception_scores(c)
    if len(wrong) < WRONG_PER_QUESTION:
        raise TooFewDistractors(f"{family.name}: only {len(wrong)} verified distractors for {params}")
    # A named misconception left out of the item still must not give the key: a student holding
    # it would find the key by it. Value candidates are judged without torch, so all of them are;
    # a code candidate would cost a torch run, and the family's own property tests cover those.
    for c, _ in pool:
        if c.misconception is not None and c.program is None and c not in wrong \
                and (yield from is_right(c)):
            raise misconception_scores(c)
    return [(intended, True), *((c, False) for c in wrong)]


def _multiple_options(family, params, intended, pool, is_right, misconception_scores, rng
                      ) -> Generator[Request, Outcome, Placed]:
    """Select all that apply: torch judges every candidate; one to three right options (how many
    is drawn, so the count is no cue) and wrong ones to make four."""
    taken_texts = {_normal(intended.text)}
    right: list[Candidate] = [intended]
    wrong: list[Candidate] = []
    for c, text in pool:
        if text in taken_texts:
            continue
        taken_texts.add(text)
        if (yield from is_right(c)):
            if c.misconception is not None:
                raise misconception_scores(c)
            right.append(c)
        else:
            wrong.append(c)
    counts = [k for k in range(1, len(LABELS)) if k <= len(right) and len(LABELS) - k <= len(wrong)]
    if not counts:
        raise TooFewDistractors(
            f"{family.name}: {len(right)} right and {len(wrong)} wrong options cannot make a select-all item for {params}")
    k = counts[rng.randrange(len(counts))]
    return [*((c, True) for c in right[:k]), *((c, False) for c in wrong[:len(LABELS) - k])]


MAX_TRAPS = 3


def _numeric_answer(family, params, main, intended, pool, misconception_scores) -> Numeric:
    """The value torch produced, its tolerance, and up to three wrong values misconceptions give."""
    truth = family.truth(params, main)
    answer = Numeric(truth, family.tolerance(params), family.unit(params))
    traps: list[Trap] = []
    seen: set = set()
    for c in pool:
        if c.program is not None or isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
            raise GenerationError(f"{family.name}: a numeric item's trap must be a number, not {c.value!r}")
        if answer.accepts(c.value):
            if c.misconception is not None:
                raise misconception_scores(c)
            continue
        if c.value in seen or len(traps) == MAX_TRAPS:
            continue
        seen.add(c.value)
        traps.append(Trap(c.value, c.why, c.misconception,
                          None if c.misconception is None else (c.yields or number_text(c.value))))
    return Numeric(answer.value, answer.tolerance, answer.unit, tuple(traps))


def draws(family: Family, difficulty: str, seed: int, kind: str = "single") -> Iterator:
    """The params ``draw_question`` tries for ``seed``, in order (pure Python: no torch)."""
    rng = random.Random(seed)
    for _ in range(REDRAWS):
        yield family.sample_kind(rng, difficulty, kind)


def draw_question(family: Family, difficulty: str, seed: int, run: Callable | None = None,
                  kind: str = "single") -> Question:
    """Sample params for ``difficulty`` from ``seed`` and build; redraw when distractors run out."""
    for params in draws(family, difficulty, seed, kind):
        try:
            return make_question(family, params, seed, run)
        except TooFewDistractors:
            continue
    raise GenerationError(f"{family.name}: no {difficulty} draw with enough distractors for seed {seed}")
