"""Stress: every registered family over many seeds, like R/exams' stresstest_exercise.

Run alone with ``pytest -m stress``. Each family draws SEEDS questions, cycling its
difficulties and kinds; every draw must build and show four different texts (a numeric item:
distinct traps outside the tolerance), a single-choice item must mark exactly one option
correct and a select-all item one to three, and the correct letter of single-choice items must
spread over A-D (no letter above 40 %). The family's draw then passes ``lstmq audit``'s limits
(issue 14): the sweep's distinct draws are the audit's bank.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from lstmq.audit import audit
from lstmq.engine.assemble import draw_question
from lstmq.families import REGISTRY
from lstmq.model import LABELS

SEEDS = 300
MAX_LETTER_SHARE = 0.40


def _problems(q, level: str, kind: str) -> list[str]:
    if q.difficulty != level:
        return [f"built as {q.difficulty}"]
    if q.kind != kind:
        return [f"built as a {q.kind} item"]
    if kind == "numeric":
        values = [t.value for t in q.answer.traps]
        if len(set(values)) != len(values) or any(q.answer.accepts(v) for v in values):
            return [f"traps {values} repeat or fall within the tolerance of {q.answer.value}"]
        return []
    texts = [" ".join(c.text.split()) for c in q.choices]
    if len(set(texts)) != len(LABELS):
        return [f"duplicate option texts {texts}"]
    right = sum(c.correct for c in q.choices)
    if right != 1 if kind == "single" else not 1 <= right <= 3:
        return [f"{right} options marked correct in a {kind} item"]
    return []


@pytest.mark.stress
@pytest.mark.parametrize("name", list(REGISTRY))
def test_family_survives_many_seeds_and_passes_the_audit(name):
    family = REGISTRY[name]
    cells = [(level, kind) for kind in family.kinds for level in family.difficulties]
    failures: list[str] = []
    letters: Counter[str] = Counter()
    questions = []
    for seed in range(SEEDS):
        level, kind = cells[seed % len(cells)]
        try:
            q = draw_question(family, level, seed, kind=kind)
        except Exception as exc:  # collect every failing seed, not only the first
            failures.append(f"seed {seed} ({level}, {kind}): {type(exc).__name__}: {exc}")
            continue
        failures += [f"seed {seed} ({level}, {kind}): {p}" for p in _problems(q, level, kind)]
        if q.kind == "single":
            letters[q.correct.label] += 1
        questions.append(q)
    assert not failures, f"{len(failures)} of {SEEDS} seeds failed:\n" + "\n".join(failures[:10])
    singles = sum(letters.values())
    shares = {label: letters[label] / singles for label in LABELS}
    assert max(shares.values()) <= MAX_LETTER_SHARE, shares
    # A bank never holds the same params twice (the plan skips repeats): audit the distinct draws.
    distinct = list({json.dumps(q.params, sort_keys=True): q for q in reversed(questions)}.values())[::-1]
    # Scaled as a bank of every family holds them (each family an equal share, as `lstmq generate`
    # plans), so "repeats in a 100-question draw" means what it means for a real bank.
    report = audit(distinct, bank=f"{name} sweep", bank_size=len(distinct) * len(REGISTRY))
    row = report.rows[0]
    assert row.failures == [], {check: row.values[check] for check in row.failures}
