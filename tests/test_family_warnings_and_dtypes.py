"""warnings-and-dtypes: the dropout warning, and inputs and layers whose dtypes may differ.

Expected outcomes come from rules written here, from the params alone: dropout warns when the
layer has one layer (however many directions), and is silent for a stack; a forward call runs
when x and the weights have the same floating dtype and raises a ValueError naming both dtypes
otherwise; output is (seq_len, batch, directions x hidden_size) in the weights' dtype. The code
is run here with plain ``exec``; fix options are run against the question's setup code.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claim_checks import build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY
from lstmq.model import Outcome
from question_contract import sampled_situations

FAMILY = REGISTRY["warnings-and-dtypes"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)
X_DTYPE = {"float32": "float32", "float64": "float64", "double": "float64", "half": "float16",
           "randint": "int64", "int32": "int32"}
MODEL_DTYPE = {"none": "float32", "chain-double": "float64", "line-double": "float64",
               "line-to-double": "float64", "chain-half": "float16"}
LAYERS = {"default": 1, "one": 1, "two": 2, "three": 3}


def expected(p) -> tuple:
    """("error", type, dtypes named) or ("ok", warns, shape, dtype), by the rules above."""
    if p.kind == "dropout":
        d = 2 if p.bidirectional else 1
        return ("ok", LAYERS[p.layers] == 1, (p.seq_len, p.batch, d * p.hidden_size), "float32")
    x, w = X_DTYPE[p.x_form], MODEL_DTYPE[p.model_form or "none"]
    if x != w:
        return ("error", "ValueError", (x, w))
    return ("ok", False, (p.seq_len, p.batch, p.hidden_size), w)


def ran_as(ran) -> tuple:
    if ran.error:
        dtypes = re.findall(r"torch\.(\w+)\)", ran.error[1])
        return ("error", ran.error[0], tuple(dtypes[:2]))
    out = ran.namespace["output"]
    return ("ok", bool(ran.warnings), tuple(out.shape), str(out.dtype).removeprefix("torch."))


@settings(max_examples=40, deadline=None)
@given(seeds, levels)
def test_key_follows_torch_and_the_rules(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_or_none(FAMILY, p, seed)
    if q is None:
        return
    common_checks(FAMILY, p, seed, q)
    ran = execute(q.code)
    if p.kind == "fix":
        assert ran.error and ran.error[0] == "ValueError"
        setup, call = q.code.rstrip("\n").rsplit("\n", 1)
        for c in q.choices:
            fixed = execute(f"{setup}\n{c.text}\n{call}\n")
            works = fixed.error is None and str(fixed.namespace["output"].dtype) == "torch.float32"
            assert works == c.correct, c.text
            assert c.correct or c.misconception
        return
    assert ran_as(ran) == expected(p)
    if ran.error:
        assert q.correct.text == error_option(*ran.error)
    else:
        out = ran.namespace["output"]
        assert f"`{tuple(out.shape)}`" in q.correct.text
        assert ("UserWarning" in q.correct.text) == bool(ran.warnings)
    for c in q.choices:
        if not c.correct:
            assert c.misconception
            assert c.text != q.correct.text


def _outcome(p) -> Outcome:
    """The outcome the rules predict, in the form the runner gives (for the torch-free test)."""
    truth = expected(p)
    if truth[0] == "error":
        x, w = truth[2]
        message = (f"RNN input dtype (torch.{x}) does not match weight dtype (torch.{w}). Convert input: "
                   f"input.to(torch.{w}), or convert model: model.to(torch.{x})")
        return Outcome(error=("ValueError", message))
    warnings = ()
    if truth[1]:
        warnings = (("UserWarning", "dropout option adds dropout after all but last recurrent layer, so non-zero "
                     f"dropout expects num_layers greater than 1, but got dropout={p.dropout} and num_layers=1"),)
    return Outcome(warnings=warnings, values={"output": {"shape": list(truth[2]), "dtype": truth[3]}})


@settings(max_examples=300, deadline=None)
@given(seeds, levels)
def test_every_offered_misconception_differs_from_the_truth(seed, level):
    """Without torch: each named misconception shown claims another outcome than the rules give."""
    p = FAMILY.sample(random.Random(seed), level)
    if p.kind == "fix":
        return  # its options are lines torch runs; the test above judges them
    main = _outcome(p)
    key, wrong = FAMILY.options(p, main)
    assert key.value == FAMILY.truth(p, main)
    assert len(wrong) == 3
    for c in wrong:
        assert c.misconception and c.value != key.value and c.text != key.text


def test_kinds_levels_and_hints_vary():
    stems, found, drawn = sampled_situations(FAMILY, seed=6, draws=450)
    assert found == set(FAMILY.difficulties)
    assert {p.kind for p in drawn} == {"dropout", "dtype", "fix"}
    hints = set()
    for p in drawn[:150]:
        if p.kind == "fix":
            continue
        main = _outcome(p)
        key, wrong = FAMILY.options(p, main)
        expl = FAMILY.explain(p, main, key)
        hints.add(expl.hint)
        assert expl.hint.endswith("?") and key.text not in expl.hint
        assert expl.mistakes and not set(expl.mistakes) & {c.why for c in wrong}
    assert len(hints) >= 20
