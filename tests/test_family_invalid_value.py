"""invalid-value: the right option is the exception torch raises for the bad argument.

Params are drawn by hypothesis directly (wider ranges than the family's sampler). The expected
exception type comes from a rule written here (a wrong type is a TypeError, a value out of range a
ValueError) and the message from running the question's code in the test.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claim_checks import assert_distractors_refuted, build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY

FAMILY = REGISTRY["invalid-value"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(2, 64)


def base(draw, kind):
    return {"kind": kind, "target": None, "form": None, "input_size": draw(sizes), "hidden_size": draw(sizes),
            "num_layers": 1, "dropout": 0, "proj_size": 0, "positional": draw(st.booleans())}


@st.composite
def invalid_params(draw):
    kind = draw(st.sampled_from(["zero-size", "negative-size", "wrong-type-size", "proj-size", "dropout",
                                 "num-layers"]))
    p = base(draw, kind)
    if kind in ("zero-size", "negative-size", "wrong-type-size"):
        p["target"] = draw(st.sampled_from(["input_size", "hidden_size"]))
        if kind == "zero-size":
            p[p["target"]] = 0
        elif kind == "negative-size":
            p[p["target"]] = draw(st.integers(-64, -1))
        else:
            p["form"] = draw(st.sampled_from(["float", "division", "string"]))
    elif kind == "proj-size":
        p["proj_size"] = draw(st.one_of(st.just(-1), st.integers(p["hidden_size"], 80)))
    elif kind == "dropout":
        p["num_layers"] = draw(st.integers(2, 4))
        p["dropout"] = draw(st.one_of(
            st.integers(2, 100),
            st.floats(1.01, 9.5).map(lambda v: round(v, 2)),
            st.floats(-1.0, -0.01).map(lambda v: round(v, 2)),
        ))
    else:
        p["num_layers"] = 0
    return p


def expected_error(p) -> tuple[str, str]:
    """(exception type, a word its message must contain), by Python's convention and torch's docs."""
    kind = p["kind"]
    if kind == "wrong-type-size":
        return "TypeError", p["target"]
    if kind in ("zero-size", "negative-size"):
        return "ValueError", p["target"]
    if kind == "proj-size":
        return "ValueError", "proj_size"
    if kind == "dropout":
        return "ValueError", "dropout"
    return "ValueError", "num_layers"


@settings(max_examples=50)
@given(invalid_params(), seeds)
@example({"kind": "proj-size", "target": None, "form": None, "input_size": 3, "hidden_size": 4,
          "num_layers": 1, "dropout": 0, "proj_size": 4, "positional": True}, 0)
@example({"kind": "wrong-type-size", "target": "hidden_size", "form": "division", "input_size": 8,
          "hidden_size": 32, "num_layers": 1, "dropout": 0, "proj_size": 0, "positional": False}, 1)
@example({"kind": "dropout", "target": None, "form": None, "input_size": 3, "hidden_size": 4,
          "num_layers": 2, "dropout": 50, "proj_size": 0, "positional": True}, 2)
@example({"kind": "negative-size", "target": "input_size", "form": None, "input_size": -1, "hidden_size": 4,
          "num_layers": 1, "dropout": 0, "proj_size": 0, "positional": True}, 3)
def test_right_option_is_the_exception_torch_raises(params, seed):
    typed = FAMILY.decode(params)
    assert typed.to_dict() == params  # the record gives back exactly the dict a bank stores
    q = build_or_none(FAMILY, typed, seed)
    if q is None:
        return
    common_checks(FAMILY, typed, seed, q)
    ran = execute(q.code)
    exc_type, word = expected_error(params)
    assert ran.error is not None and ran.error[0] == exc_type
    assert word in ran.error[1]
    assert q.correct.text == error_option(*ran.error)
    assert_distractors_refuted(q, ran)
    # The code shows the bad value as the params say it.
    if params["kind"] == "wrong-type-size" and params["form"] == "division":
        assert f"{2 * params[params['target']]} / 2" in q.code
