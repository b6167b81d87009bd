"""feature-mismatch: the right option is torch's RuntimeError, reporting input_size and the last axis.

The expected numbers come from the params here (expected = input_size, got = the last axis of x);
the message itself from running the question's code in the test.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claim_checks import assert_distractors_refuted, build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY

FAMILY = REGISTRY["feature-mismatch"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@st.composite
def mismatch_params(draw):
    layout = draw(st.sampled_from(["other-features", "time-last"]))
    if layout == "time-last":
        f, h, t, n = draw(st.lists(st.integers(2, 24), min_size=4, max_size=4, unique=True))
        return {"layout": layout, "input_size": f, "hidden_size": h, "batch_first": True, "x_shape": [n, f, t]}
    batched = draw(st.booleans())
    f, h, g, t, n = draw(st.lists(st.integers(1, 24), min_size=5, max_size=5, unique=True))
    if not batched:
        return {"layout": layout, "input_size": f, "hidden_size": h, "batch_first": False, "x_shape": [t, g]}
    batch_first = draw(st.booleans())
    return {"layout": layout, "input_size": f, "hidden_size": h, "batch_first": batch_first,
            "x_shape": [n, t, g] if batch_first else [t, n, g]}


@settings(max_examples=50)
@given(mismatch_params(), seeds)
@example({"layout": "other-features", "input_size": 3, "hidden_size": 4, "batch_first": False,
          "x_shape": [5, 2, 6]}, 0)
@example({"layout": "other-features", "input_size": 8, "hidden_size": 4, "batch_first": False,
          "x_shape": [5, 3]}, 1)
@example({"layout": "time-last", "input_size": 3, "hidden_size": 5, "batch_first": True,
          "x_shape": [2, 3, 7]}, 2)
def test_right_option_reports_input_size_and_last_axis(params, seed):
    typed = FAMILY.decode(params)
    assert typed.to_dict() == params  # the record gives back exactly the dict a bank stores
    q = build_or_none(FAMILY, typed, seed)
    if q is None:
        return
    common_checks(FAMILY, typed, seed, q)
    ran = execute(q.code)
    expected, got = params["input_size"], params["x_shape"][-1]
    assert ran.error is not None and ran.error[0] == "RuntimeError"
    assert f"Expected {expected}, got {got}" in ran.error[1]
    assert q.correct.text == error_option(*ran.error)
    assert_distractors_refuted(q, ran)
    assert f"torch.randn({', '.join(map(str, params['x_shape']))})" in q.code
