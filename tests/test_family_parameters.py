"""parameters: counts and weight shapes match an independent recount, for drawn configurations."""

from __future__ import annotations

import random

import pytest
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import parameters as module
from question_contract import build_checked, correct_text, wrong_texts

FAMILY = REGISTRY["parameters"]
NAME = re.compile(r"^(weight_ih|weight_hh|weight_hr|bias_ih|bias_hh)_l(\d+)(_reverse)?$")


def names_for(layers: int, bidirectional: bool, proj: int, bias: bool) -> list[str]:
    out = []
    for layer in range(layers):
        for suffix in ("", "_reverse") if bidirectional else ("",):
            kinds = ["weight_ih", "weight_hh"] + ["bias_ih", "bias_hh"] * bias + ["weight_hr"] * (proj > 0)
            out += [f"{k}_l{layer}{suffix}" for k in kinds]
    return out


def expected_total(p: dict) -> int:
    I, H, P, L = p["input_size"], p["hidden_size"], p["proj_size"], p["num_layers"]
    D = 2 if p["bidirectional"] else 1
    H_out = P if P else H
    total = 0
    for layer in range(L):
        in_features = I if layer == 0 else D * H_out
        weights = 4 * H * in_features + 4 * H * H_out
        biases = 2 * 4 * H if p["bias"] else 0
        projection = P * H
        total += D * (weights + biases + projection)
    return total


def expected_shape(p: dict) -> tuple:
    kind, layer, _ = NAME.match(p["target"]).groups()
    I, H, P = p["input_size"], p["hidden_size"], p["proj_size"]
    D = 2 if p["bidirectional"] else 1
    H_out = P if P else H
    if kind == "weight_ih":
        return (4 * H, I if int(layer) == 0 else D * H_out)
    if kind == "weight_hh":
        return (4 * H, H_out)
    if kind == "weight_hr":
        return (P, H)
    return (4 * H,)


@st.composite
def configs(draw):
    hidden = draw(st.integers(2, 32))
    size = draw(st.integers(2, 32).filter(lambda n: n != hidden))
    layers = draw(st.integers(1, 3))
    bidirectional = draw(st.booleans())
    proj = draw(st.one_of(st.just(0), st.integers(1, hidden - 1)))
    bias = draw(st.booleans())
    target = draw(st.sampled_from(["total"] + names_for(layers, bidirectional, proj, bias)))
    return {"input_size": size, "hidden_size": hidden, "num_layers": layers, "bias": bias,
            "bidirectional": bidirectional, "proj_size": proj, "target": target}


def _p(**kw):
    base = {"input_size": 7, "hidden_size": 6, "num_layers": 1, "bias": True,
            "bidirectional": False, "proj_size": 0, "target": "total"}
    return {**base, **kw}


@settings(max_examples=60)
@given(configs(), st.integers(0, 2**32 - 1))
@example(_p(bias=False, proj_size=3, num_layers=2, bidirectional=True, target="total"), 1)
@example(_p(bias=False, proj_size=3, num_layers=2, bidirectional=True, target="weight_hr_l1_reverse"), 2)
@example(_p(bias=False, proj_size=5, target="weight_hh_l0"), 3)
@example(_p(num_layers=3, bidirectional=True, target="weight_ih_l2_reverse"), 4)
@example(_p(num_layers=3, bidirectional=True, proj_size=2, target="weight_ih_l1"), 5)
@example(_p(bidirectional=True, target="bias_ih_l0_reverse"), 6)
@example(_p(hidden_size=2, proj_size=1, target="weight_hr_l0"), 7)
@example(_p(input_size=24, hidden_size=6, target="weight_ih_l0"), 8)  # input_size == 4 × hidden_size
def test_answer_matches_independent_recount(params, seed):
    q = build_checked(FAMILY, params, seed)
    if params["target"] == "total":
        truth = str(expected_total(params))
    else:
        truth = str(expected_shape(params))
    assert correct_text(q) == truth
    assert truth not in wrong_texts(q)
    # torch built exactly the tensors the recount assumes.
    described = q.evidence["main"]["values"]["lstm"]["param_shapes"]
    names = names_for(params["num_layers"], params["bidirectional"], params["proj_size"], params["bias"])
    assert list(described) == names
    if params["target"] != "total":
        assert tuple(described[params["target"]]) == expected_shape(params)
    assert all(c.misconception for c in q.choices if not c.correct)


@settings(max_examples=400)
@given(configs())
@example(_p(input_size=24, hidden_size=6, target="weight_ih_l0"))
@example(_p(num_layers=2, input_size=12, hidden_size=6, bidirectional=True, target="total"))
def test_misconceptions_offered_never_give_the_truth(params):
    """Every misconception offered misses the independent recount, and enough remain to choose three."""
    p = FAMILY.decode(params)
    truth = expected_total(params) if params["target"] == "total" else expected_shape(params)
    pool = FAMILY.candidates(p, truth)
    assert len(pool) >= 3
    assert all(c.value != truth and c.misconception for c in pool)
    # Each id names one slip: no id comes twice in an item.
    ids = [c.misconception for c in pool]
    assert len(ids) == len(set(ids))


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_sample_has_the_difficulty_it_was_drawn_for(seed):
    for difficulty in FAMILY.difficulties:
        p = FAMILY.encode(FAMILY.sample(random.Random(seed), difficulty))
        assert FAMILY.difficulty_of(FAMILY.decode(p)) == difficulty
        assert p["input_size"] != p["hidden_size"]
        assert p["target"] == "total" or p["target"] in names_for(
            p["num_layers"], p["bidirectional"], p["proj_size"], p["bias"])


def test_bias_false_and_every_target_kind_are_drawn():
    draws = [FAMILY.encode(FAMILY.sample(random.Random(s), FAMILY.difficulties[s % 2])) for s in range(2000)]
    assert any(not p["bias"] for p in draws)
    kinds = {NAME.match(p["target"]).group(1) for p in draws if p["target"] != "total"}
    assert kinds == {"weight_ih", "weight_hh", "weight_hr", "bias_ih", "bias_hh"}
    assert any(p["target"].endswith("_reverse") for p in draws)
    assert any(p["target"] == "total" for p in draws)


def test_capacity_is_the_size_of_the_support(monkeypatch):
    # Shrink the ranges so the support can be listed, then compare it with capacity() and with the draws.
    monkeypatch.setattr(module, "MAX_PARAM_SIZE", 3)
    monkeypatch.setattr(module, "MAX_LAYERS", 2)
    for difficulty in FAMILY.difficulties:
        support = set()
        for hidden in range(2, 4):
            for size in range(2, 4):
                if size == hidden:
                    continue
                for layers in (1, 2):
                    for bidirectional in (False, True):
                        for proj in range(0, hidden):
                            for bias in (True, False):
                                hard = layers > 1 or bidirectional or proj > 0
                                if hard != (difficulty == "hard"):
                                    continue
                                for target in ["total"] + names_for(layers, bidirectional, proj, bias):
                                    support.add((size, hidden, layers, bias, bidirectional, proj, target))
        assert FAMILY.capacity(difficulty) == len(support)
        rng = random.Random(0)
        seen = set()
        for _ in range(80_000):  # biases and weight_hh without projection are drawn less often
            p = FAMILY.encode(FAMILY.sample(rng, difficulty))
            seen.add((p["input_size"], p["hidden_size"], p["num_layers"], p["bias"],
                      p["bidirectional"], p["proj_size"], p["target"]))
        assert seen == support


@pytest.mark.parametrize("seed", range(8))
def test_numeric_item_is_the_count_with_named_traps(seed):
    """Built, not yet planned: the count typed in, wrong counts kept as named traps."""
    from lstmq.engine.assemble import draw_question
    q = draw_question(FAMILY, FAMILY.difficulties[seed % 2], seed, kind="numeric")
    assert q.kind == "numeric" and q.choices == () and q.params["target"] == "total"
    assert q.answer.value == expected_total(q.params) and q.answer.tolerance == 0
    assert q.answer.traps and all(t.value != q.answer.value and t.misconception for t in q.answer.traps)
    assert FAMILY.encode(FAMILY.decode(q.params)) == q.params
