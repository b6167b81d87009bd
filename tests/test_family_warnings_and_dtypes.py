"""warnings-and-dtypes: the one-layer dropout warning, and inputs whose dtype is not float32.

Expected outcomes come from rules written here: one layer with dropout > 0 warns (a UserWarning
naming dropout and num_layers) and still runs; stacked layers run silently; a float64 or integer
input to a float32 layer raises a ValueError that names both dtypes. Fix options are run here
against the question's setup code.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claim_checks import assert_distractors_refuted, build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY

FAMILY = REGISTRY["warnings-and-dtypes"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)
INTEGER_FORMS = {"randint", "arange"}


@st.composite
def dtype_params(draw):
    kind = draw(st.sampled_from(["dropout-warning", "input-dtype", "dtype-fix"]))
    i, h, t, n = (draw(st.integers(1, 12)) for _ in range(4))
    p = {"kind": kind, "input_size": i, "hidden_size": h, "seq_len": t, "batch": n}
    if kind == "dropout-warning":
        p["layers"] = draw(st.sampled_from(["default", "one", "two", "three"]))
        p["dropout"] = draw(st.sampled_from([0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 0.9]))
    else:
        p["dtype_form"] = draw(st.sampled_from(["float64", "double", "randint", "arange"]))
        if kind == "dtype-fix":
            p["fix_form"] = draw(st.sampled_from(["float", "to"]))
    return p


def check_dropout(p, q, ran):
    one_layer = p["layers"] in ("default", "one")
    assert ran.error is None
    if one_layer:
        assert len(ran.warnings) == 1
        category, message = ran.warnings[0]
        assert category == "UserWarning"
        assert f"dropout={p['dropout']}" in message and "num_layers=1" in message
        assert q.correct.text == f"It runs, and torch warns with `{category}`: `{message}`"
    else:
        assert ran.warnings == ()
        assert q.correct.text == "It runs without an error or a warning."
    assert "output" in ran.namespace  # the layer was built and the forward pass ran


def check_dtype_error(p, ran):
    input_dtype = "torch.int64" if p["dtype_form"] in INTEGER_FORMS else "torch.float64"
    assert ran.error is not None and ran.error[0] == "ValueError"
    message = ran.error[1]
    assert input_dtype in message and "torch.float32" in message
    assert "input.to(torch.float32)" in message  # the fix torch suggests for the input


def check_fix(p, q):
    assert q.correct.text == ("x = x.float()" if p["fix_form"] == "float" else "x = x.to(torch.float32)")
    setup, call = q.code.rstrip("\n").rsplit("\n", 1)
    for c in q.choices:
        ran = execute(f"{setup}\n{c.text}\n{call}\n")
        works = ran.error is None and str(ran.namespace["output"].dtype) == "torch.float32"
        assert works == c.correct, c.text
    assert len(q.evidence["options"]) == 4


@settings(max_examples=50)
@given(dtype_params(), seeds)
@example({"kind": "dropout-warning", "input_size": 3, "hidden_size": 4, "seq_len": 5, "batch": 2,
          "layers": "default", "dropout": 0.5}, 0)
@example({"kind": "dropout-warning", "input_size": 3, "hidden_size": 4, "seq_len": 5, "batch": 2,
          "layers": "two", "dropout": 0.5}, 1)
@example({"kind": "dtype-fix", "input_size": 3, "hidden_size": 4, "seq_len": 5, "batch": 2,
          "dtype_form": "randint", "fix_form": "to"}, 2)
@example({"kind": "input-dtype", "input_size": 3, "hidden_size": 4, "seq_len": 5, "batch": 2,
          "dtype_form": "float64"}, 3)
def test_right_option_follows_torch(params, seed):
    typed = FAMILY.decode(params)
    assert typed.to_dict() == params  # the record gives back exactly the dict a bank stores
    q = build_or_none(FAMILY, typed, seed)
    if q is None:
        return
    common_checks(FAMILY, typed, seed, q)
    ran = execute(q.code)
    if params["kind"] == "dropout-warning":
        check_dropout(params, q, ran)
    elif params["kind"] == "input-dtype":
        check_dtype_error(params, ran)
        assert q.correct.text == error_option(*ran.error)
    else:
        check_dtype_error(params, ran)  # the code shown fails; the question asks for the fix
        check_fix(params, q)
        return
    assert_distractors_refuted(q, ran)
