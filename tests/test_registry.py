"""Guarantees every family in the registry keeps, whoever wrote it."""

from __future__ import annotations

import json
import random

import pytest

from lstmq.engine.assemble import draw_question
from lstmq.engine.draw import generate
from lstmq.families import REGISTRY
from lstmq.model import DIFFICULTIES

from claim_checks import assert_capacity_bounds_draws, assert_rarely_short
from question_contract import assert_question_contract

FAMILIES = list(REGISTRY)


@pytest.mark.parametrize("name", FAMILIES)
def test_family_declares_itself(name):
    fam = REGISTRY[name]
    assert fam.name == name
    assert fam.summary
    assert fam.difficulties and set(fam.difficulties) <= set(DIFFICULTIES)
    for level in fam.difficulties:
        assert fam.capacity(level) >= 1


@pytest.mark.parametrize("name", FAMILIES)
def test_sampled_params_have_the_asked_difficulty(name):
    fam = REGISTRY[name]
    rng = random.Random(name)
    for _ in range(40):
        level = rng.choice(fam.difficulties)
        assert fam.difficulty_of(fam.sample(rng, level)) == level


@pytest.mark.parametrize("name", FAMILIES)
def test_capacity_bounds_what_sampling_draws(name):
    assert_capacity_bounds_draws(REGISTRY[name])


@pytest.mark.parametrize("name", FAMILIES)
def test_sampled_params_rarely_lack_distractors(name):
    assert_rarely_short(REGISTRY[name], draws=60, allowed=3)


@pytest.mark.parametrize("name", FAMILIES)
def test_questions_are_verified_distinct_and_round_trip(name):
    fam = REGISTRY[name]
    for seed in range(12):
        level = fam.difficulties[seed % len(fam.difficulties)]
        q = draw_question(fam, level, seed)
        assert q.difficulty == level
        assert_question_contract(q, fam, fam.decode(q.params), seed)
        # Code options were run: their outcomes are kept as evidence, one per code option.
        if any(c.format == "code" and q.code is None for c in q.choices):
            assert len(q.evidence["options"]) == 4


@pytest.mark.parametrize("name", FAMILIES)
def test_same_seed_same_question(name):
    fam = REGISTRY[name]
    level = fam.difficulties[-1]
    a = draw_question(fam, level, 12345).to_dict()
    b = draw_question(fam, level, 12345).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_a_set_has_no_duplicates_and_spreads_letters():
    questions = list(generate(len(FAMILIES) * 16, seed=3))
    keys = {q.family + json.dumps(q.params, sort_keys=True) for q in questions}
    assert len(keys) == len(questions)
    assert {q.family for q in questions} == set(FAMILIES)
    # Key position is a single-choice matter: select-all items have several keys, numeric none.
    letters = [q.correct.label for q in questions if q.kind == "single"]
    assert len(letters) >= len(questions) // 2
    for label in "ABCD":
        assert letters.count(label) / len(letters) <= 0.40


def test_torch_state_does_not_leak():
    import torch

    torch.manual_seed(99)
    before = torch.rand(3)
    torch.manual_seed(99)
    draw_question(REGISTRY["output-shape"], "hard", 5)
    assert torch.equal(torch.rand(3), before)
