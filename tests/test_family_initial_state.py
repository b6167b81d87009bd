"""initial-state: the (h0, c0) shapes torch accepts, and what it does with a wrong shape or one tensor.

The shapes come from the rule written here: (num_layers × directions, batch, features), no batch
axis for unbatched input, proj_size features for h and hidden_size for c. Shape options are run
against a layer built here; the exceptions for wrong states are predicted by rule and checked
against a run of the question's code in the test.
"""

from __future__ import annotations

import ast
import random
import re
import warnings

import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from torch import nn

from claim_checks import assert_distractors_refuted, build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY
from lstmq.families.initial_state import wrong_states
from question_contract import sampled_situations

FAMILY = REGISTRY["initial-state"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def right_shapes(p):
    first = (2 if p["bidirectional"] else 1) * p["num_layers"]
    h_width = p["proj_size"] or p["hidden_size"]
    if p["batch"] is None:
        return (first, h_width), (first, p["hidden_size"])
    return (first, p["batch"], h_width), (first, p["batch"], p["hidden_size"])


def perturb(shape, how, amount):
    if how == "drop-axis":
        return shape[:-1]
    if how == "add-axis":
        return (*shape[:1], 1, *shape[1:])
    i = how
    return tuple(d + amount if k == i % len(shape) else d for k, d in enumerate(shape))


@st.composite
def config(draw):
    hidden = draw(st.integers(3, 12))
    batched = draw(st.booleans())
    return {
        "input_size": draw(st.integers(1, 12)),
        "hidden_size": hidden,
        "num_layers": draw(st.integers(1, 3)),
        "bidirectional": draw(st.booleans()),
        "proj_size": draw(st.one_of(st.just(0), st.integers(2, hidden - 1))),
        "batch_first": draw(st.booleans()) if batched else False,
        "seq_len": draw(st.integers(1, 6)),
        "batch": draw(st.integers(1, 6)) if batched else None,
        "h0_shape": None,
        "c0_shape": None,
    }


@st.composite
def state_params(draw):
    p = draw(config())
    p["kind"] = draw(st.sampled_from(["shapes", "wrong-shape", "right-states", "one-tensor"]))
    if p["kind"] == "right-states":
        h, c = right_shapes(p)
        p["h0_shape"], p["c0_shape"] = list(h), list(c)
    if p["kind"] == "wrong-shape":
        h, c = right_shapes(p)
        which = draw(st.sampled_from(["h0", "c0", "both"]))
        how = draw(st.sampled_from(["drop-axis", "add-axis", 0, 1, 2]))
        amount = draw(st.integers(1, 3))
        if which in ("h0", "both"):
            h = perturb(h, how, amount)
        if which in ("c0", "both"):
            c = perturb(c, how, amount)
        p["h0_shape"], p["c0_shape"] = list(h), list(c)
    return p


def expected_error(p):
    """(type, message) torch raises for the question's states, by the order torch checks them."""
    batched = p["batch"] is not None
    rank = 3 if batched else 2
    where = "batched 3-D" if batched else "unbatched 2-D"
    if p["kind"] == "one-tensor":
        first = right_shapes(p)[0][0]
        if first == 1:
            return "IndexError", None
        return "RuntimeError", f"For {where} input, hx and cx should also be {rank}-D but got ({rank - 1}-D, {rank - 1}-D) tensors"
    h, c = tuple(p["h0_shape"]), tuple(p["c0_shape"])
    if len(h) != rank or len(c) != rank:
        return "RuntimeError", f"For {where} input, hx and cx should also be {rank}-D but got ({len(h)}-D, {len(c)}-D) tensors"
    right_h, right_c = right_shapes(p)

    def shown(shape):  # unbatched states are compared with a batch axis of 1 added
        return shape if batched else (shape[0], 1, *shape[1:])

    index, want, given_ = (0, right_h, h) if h != right_h else (1, right_c, c)
    return "RuntimeError", f"Expected hidden[{index}] size {shown(want)}, got [{', '.join(map(str, shown(given_)))}]"


def layer_accepts(p, h0, c0) -> bool:
    kwargs = {k: p[k] for k in ("input_size", "hidden_size", "num_layers", "bidirectional", "proj_size", "batch_first")}
    lstm = nn.LSTM(**kwargs)
    t, n, i = p["seq_len"], p["batch"], p["input_size"]
    x = torch.randn(t, i) if n is None else torch.randn(n, t, i) if p["batch_first"] else torch.randn(t, n, i)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # oneDNN's note that projections use the default kernel
            lstm(x, (torch.zeros(h0), torch.zeros(c0)))
    except RuntimeError:
        return False
    return True


PAIR = re.compile(r"h0 `(\([^`]*\))`, c0 `(\([^`]*\))`")


@settings(max_examples=40)
@given(state_params(), seeds)
@example({"kind": "shapes", "input_size": 4, "hidden_size": 6, "num_layers": 3, "bidirectional": True,
          "proj_size": 2, "batch_first": False, "seq_len": 5, "batch": None, "h0_shape": None, "c0_shape": None}, 0)
@example({"kind": "wrong-shape", "input_size": 3, "hidden_size": 4, "num_layers": 1, "bidirectional": False,
          "proj_size": 0, "batch_first": False, "seq_len": 5, "batch": None, "h0_shape": [1, 1, 4],
          "c0_shape": [1, 1, 4]}, 1)
@example({"kind": "wrong-shape", "input_size": 3, "hidden_size": 4, "num_layers": 1, "bidirectional": False,
          "proj_size": 0, "batch_first": True, "seq_len": 5, "batch": 2, "h0_shape": [2, 1, 4],
          "c0_shape": [2, 1, 4]}, 2)
@example({"kind": "one-tensor", "input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": False,
          "proj_size": 0, "batch_first": False, "seq_len": 5, "batch": 2, "h0_shape": None, "c0_shape": None}, 3)
@example({"kind": "one-tensor", "input_size": 3, "hidden_size": 4, "num_layers": 1, "bidirectional": False,
          "proj_size": 2, "batch_first": False, "seq_len": 5, "batch": 2, "h0_shape": None, "c0_shape": None}, 4)
def test_right_option_follows_the_state_rules(params, seed):
    typed = FAMILY.decode(params)
    assert typed.to_dict() == params  # the record gives back exactly the dict a bank stores
    q = build_or_none(FAMILY, typed, seed)
    if q is None:
        return
    common_checks(FAMILY, typed, seed, q)
    if params["kind"] == "shapes":
        h0, c0 = right_shapes(params)
        assert q.correct.text == f"h0 `{h0}`, c0 `{c0}`"
        for c in q.choices:
            h, cc = (ast.literal_eval(s) for s in PAIR.fullmatch(c.text).groups())
            assert layer_accepts(params, h, cc) == c.correct, c.text
        assert len(q.evidence["options"]) == 4  # every option program ran in torch
        return
    ran = execute(q.code)
    if params["kind"] == "right-states":
        h_n = tuple(ran.namespace["h_n"].shape)
        assert ran.error is None and h_n == right_shapes(params)[0]
        for c in q.choices:
            shown = re.search(r"`h_n` has shape `(\([^`]*\))`", c.text)
            claims_h_n = ast.literal_eval(shown.group(1)) if shown else None
            assert (claims_h_n == h_n) == c.correct, c.text
            assert c.correct or c.misconception
        return
    exc_type, message = expected_error(params)
    assert ran.error is not None and ran.error[0] == exc_type
    if message is not None:
        assert ran.error[1] == message
    assert q.correct.text == error_option(*ran.error)
    assert_distractors_refuted(q, ran)


def test_sampled_wrong_states_are_wrong():
    rng = random.Random(3)
    for i in range(300):
        p = FAMILY.sample(rng, FAMILY.difficulties[i % 3]).to_dict()
        if p["kind"] == "wrong-shape":
            assert (tuple(p["h0_shape"]), tuple(p["c0_shape"])) != right_shapes(p)
        if p["kind"] == "right-states":
            assert (tuple(p["h0_shape"]), tuple(p["c0_shape"])) == right_shapes(p)


@settings(max_examples=300, deadline=None)
@given(config())
@example({"input_size": 4, "hidden_size": 6, "num_layers": 2, "bidirectional": False, "proj_size": 0,
          "batch_first": False, "seq_len": 2, "batch": 3, "h0_shape": None, "c0_shape": None})
def test_every_misconception_differs_from_the_truth(params):
    """Without torch: each wrong rule for the states, on this configuration, gives other shapes
    than the rule here (seq_len == num_layers x directions: the per-time-step slip is not offered)."""
    p = FAMILY.decode({"kind": "shapes", **params})
    right = right_shapes(params)
    slips = wrong_states(p)
    assert slips
    for h, c, why, mid in slips:
        assert (h, c) != right and why and mid
    if params["seq_len"] == (2 if params["bidirectional"] else 1) * params["num_layers"]:
        assert "states-per-time-step" not in {mid for *_, mid in slips}


def test_levels_kinds_and_hints_vary():
    stems, found, drawn = sampled_situations(FAMILY, seed=8, draws=450)
    assert found == set(FAMILY.difficulties)
    assert {p.kind for p in drawn} == {"shapes", "wrong-shape", "right-states", "one-tensor"}
    hints = {FAMILY._hint(p) for p in drawn}
    assert len(hints) >= 10 and all(h.endswith("?") for h in hints)
