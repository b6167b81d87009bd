"""Property tests for the core families output-shape and concepts (constructor, design and the call
families have their own files): the right answer equals an independent recomputation.

Params are drawn directly by hypothesis strategies (not through the families' own samplers), so
these tests also cover corners a family's sampler rarely visits.
"""

from __future__ import annotations

import ast
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmq.engine.assemble import TooFewDistractors, make_question
from lstmq.families import REGISTRY
from lstmq.model import Question

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=2, max_value=64)


def build_or_skip(family, params, seed):
    """A draw without three verified distractors is redrawn by the pipeline; here it is just skipped."""
    params = family.decode(params) if isinstance(params, dict) else params
    try:
        return make_question(family, params, seed)
    except TooFewDistractors:
        return None


def common_checks(q: Question):
    assert sum(c.correct for c in q.choices) == 1
    texts = [" ".join(c.text.split()) for c in q.choices]
    assert len(set(texts)) == 4
    assert [c.label for c in q.choices] == ["A", "B", "C", "D"]
    assert Question.from_dict(json.loads(json.dumps(q.to_dict()))) == q
    assert q.solution.final.endswith(f"Option {q.correct.label}")
    assert q.solution.mistakes and all(m.strip() for m in q.solution.mistakes)


# --- output-shape ----------------------------------------------------------------------------

@st.composite
def shape_params(draw):
    hidden = draw(st.integers(2, 32))
    batch = draw(st.one_of(st.none(), st.integers(1, 16)))
    return {
        "input_size": draw(st.integers(1, 32)),
        "hidden_size": hidden,
        "num_layers": draw(st.integers(1, 4)),
        "bias": True,
        "batch_first": draw(st.booleans()) if batch is not None else False,
        "dropout": 0.0,
        "bidirectional": draw(st.booleans()),
        "proj_size": draw(st.one_of(st.just(0), st.integers(1, hidden - 1))),
        "seq_len": draw(st.integers(1, 32)),
        "batch": batch,
        "target": draw(st.sampled_from(["output", "h_n", "c_n"])),
    }


def expected_shape(p):
    d = 2 if p["bidirectional"] else 1
    h_out = p["proj_size"] or p["hidden_size"]
    L, N = p["seq_len"], p["batch"]
    if p["target"] == "output":
        if N is None:
            return (L, d * h_out)
        return (N, L, d * h_out) if p["batch_first"] else (L, N, d * h_out)
    width = h_out if p["target"] == "h_n" else p["hidden_size"]
    return (d * p["num_layers"], width) if N is None else (d * p["num_layers"], N, width)


@settings(max_examples=60)
@given(shape_params(), seeds)
@example({"input_size": 5, "hidden_size": 3, "num_layers": 1, "bias": True, "batch_first": False,
          "dropout": 0.0, "bidirectional": False, "proj_size": 0, "seq_len": 4, "batch": 2,
          "target": "output"}, 0)
@example({"input_size": 4, "hidden_size": 6, "num_layers": 3, "bias": True, "batch_first": False,
          "dropout": 0.0, "bidirectional": True, "proj_size": 2, "seq_len": 5, "batch": None,
          "target": "h_n"}, 1)
def test_output_shape_answer_follows_torch_rules(params, seed):
    fam = REGISTRY["output-shape"]
    q = build_or_skip(fam, params, seed)
    if q is None:
        return
    common_checks(q)
    assert q.correct.text == str(expected_shape(params))
    for c in q.choices:
        if not c.correct:
            assert ast.literal_eval(c.text) != expected_shape(params)


@settings(max_examples=300)
@given(shape_params())
def test_output_shape_misconceptions_never_give_the_truth(params):
    """Every misconception the family offers gives a shape other than torch's rule, whatever the
    configuration (one layer, one direction, unbatched, input_size == hidden_size ...)."""
    from lstmq.families.output_shape import misconceptions
    p = REGISTRY["output-shape"].decode(params)
    truth = expected_shape(params)
    for mid, shape, why in misconceptions(p):
        assert shape != truth, (mid, params)
        assert mid and why


@settings(max_examples=200)
@given(seeds)
def test_output_shape_draws_keep_sizes_apart_and_states_mostly_stacked(seed):
    import random
    fam = REGISTRY["output-shape"]
    rng = random.Random(seed)
    for level in fam.difficulties:
        p = fam.sample(rng, level)
        assert p.input_size != p.hidden_size
        assert p.batch != p.seq_len
        assert fam.difficulty_of(p) == level
        if level == "easy":
            assert p.target == "output" and "# (" in fam.snippet(p)
        else:
            assert "# (" not in fam.snippet(p)


def test_output_shape_wrong_options_name_their_misconception():
    import random
    fam = REGISTRY["output-shape"]
    stacked = states = 0
    for seed in range(40):
        rng = random.Random(seed)
        q = build_or_skip(fam, fam.sample(rng, fam.difficulties[seed % 3]), seed)
        assert q is not None
        assert all(c.misconception for c in q.choices if not c.correct)
        if q.params["target"] != "output":
            states += 1
            stacked += q.params["num_layers"] * (2 if q.params["bidirectional"] else 1) > 1
    assert stacked >= 0.7 * states  # "the states are (1, N, H)" must not answer most state items


def test_output_shape_rarely_lacks_distractors():
    fam = REGISTRY["output-shape"]
    import random
    failures = 0
    for seed in range(200):
        rng = random.Random(seed)
        params = fam.sample(rng, rng.choice(fam.difficulties))
        failures += build_or_skip(fam, params, seed) is None
    assert failures < 10




# --- output-shape: numeric and select-all items (built, not yet planned) ----------------------

@pytest.mark.parametrize("seed", range(6))
def test_output_shape_numeric_item_asks_one_axis(seed):
    from lstmq.engine.assemble import draw_question
    fam = REGISTRY["output-shape"]
    q = draw_question(fam, fam.difficulties[seed % 3], seed, kind="numeric")
    p = fam.decode(q.params)
    shape = tuple(q.evidence["main"]["values"][p.target]["shape"])
    assert q.kind == "numeric" and q.choices == () and q.answer.value == shape[p.axis]
    assert q.answer.tolerance == 0 and q.answer.traps
    assert all(t.value != q.answer.value and t.misconception for t in q.answer.traps)
    assert fam.decode(json.loads(json.dumps(q.params))) == p


@pytest.mark.parametrize("seed", range(6))
def test_output_shape_select_all_lists_the_tensors_of_that_shape(seed):
    from lstmq.engine.assemble import draw_question
    fam = REGISTRY["output-shape"]
    q = draw_question(fam, fam.difficulties[seed % 3], seed, kind="multiple")
    ran = q.evidence["main"]["values"]
    asked = tuple(ran[q.params["target"]]["shape"])
    assert str(asked) in q.stem and "Select all" in q.stem
    assert 1 <= len(q.correct_choices) <= 3
    for c in q.choices:
        assert (tuple(ran[c.text.strip("`")]["shape"]) == asked) == c.correct
        assert not (c.correct and c.misconception)
