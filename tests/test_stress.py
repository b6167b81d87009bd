"""Stress: every registered family over many seeds, like R/exams' stresstest_exercise.

Run alone with ``pytest -m stress``. Each family draws SEEDS questions, cycling its
difficulties; every draw must build, mark exactly one option correct and show four
different texts, and the correct letter must spread over A-D (no letter above 40 %).
"""

from __future__ import annotations

from collections import Counter

import pytest

from lstmq.engine.assemble import draw_question
from lstmq.families import REGISTRY
from lstmq.model import LABELS

SEEDS = 300
MAX_LETTER_SHARE = 0.40


@pytest.mark.stress
@pytest.mark.parametrize("name", list(REGISTRY))
def test_family_survives_many_seeds(name):
    family = REGISTRY[name]
    failures: list[str] = []
    letters: Counter[str] = Counter()
    for seed in range(SEEDS):
        level = family.difficulties[seed % len(family.difficulties)]
        try:
            q = draw_question(family, level, seed)
        except Exception as exc:  # collect every failing seed, not only the first
            failures.append(f"seed {seed} ({level}): {type(exc).__name__}: {exc}")
            continue
        texts = [" ".join(c.text.split()) for c in q.choices]
        if len(set(texts)) != len(LABELS):
            failures.append(f"seed {seed} ({level}): duplicate option texts {texts}")
        if sum(c.correct for c in q.choices) != 1:
            failures.append(f"seed {seed} ({level}): {sum(c.correct for c in q.choices)} options marked correct")
        if q.difficulty != level:
            failures.append(f"seed {seed} ({level}): built as {q.difficulty}")
        letters[q.correct.label] += 1
    assert not failures, f"{len(failures)} of {SEEDS} seeds failed:\n" + "\n".join(failures[:10])
    shares = {label: letters[label] / SEEDS for label in LABELS}
    assert max(shares.values()) <= MAX_LETTER_SHARE, shares
