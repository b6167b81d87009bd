"""cell: nn.LSTMCell and the hand-written time loop, against hand rules and torch's checks."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import cell as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["cell"]
seeds = st.integers(0, 2**32 - 1)


def by_hand(p: dict):
    """The answer from the rules (no torch): shapes of one step and of the joined steps, counts."""
    i, h, t, n, kind = p.input_size, p.hidden_size, p.seq_len, p.batch, p.kind
    if kind == "stacked":
        return {"stack0": (t, n, h), "stack1": (n, t, h), "cat0": (t * n, h)}[p.join]
    if kind == "step-shape":
        return (h,) if n is None else (n, h)
    one_layer = 4 * h * i + 4 * h * h + 4 * h + 4 * h  # weight_ih, weight_hh, bias_ih, bias_hh
    if kind == "param-count":
        return one_layer
    if kind == "param-diff":
        return (p.num_layers - 1) * (4 * h * h + 4 * h * h + 8 * h)
    return None


@settings(max_examples=50, deadline=None)
@given(seeds, st.sampled_from(["easy", "medium", "hard"]))
def test_keys_match_the_rules_and_no_misconception_gives_them(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    want = by_hand(p)
    kind = p.kind
    if want is not None:
        assert q.correct.text == (str(tuple(want)) if isinstance(want, tuple) else str(want))
        offered = {str(v) for v in module.misconceptions(p).values() if v is not None}
        for c in q.choices:
            if not c.correct:
                assert c.text in offered and c.text != q.correct.text
    elif kind in module.ERROR_KINDS:
        error = q.evidence["main"]["error"]
        expected_type = {"one-state": "TypeError", "mixed-batch": "RuntimeError"}.get(kind, "ValueError")
        assert error[0] == expected_type and error[1] in q.correct.text
        if kind == "mixed-batch":  # the numbers in torch's message are the batch and hidden sizes
            assert error[1] == module.size_message(p)
    else:  # param-name and loop-vs-lstm: every option ran its own check in torch
        for c in q.choices:
            assert (q.evidence["options"][c.label]["values"].get("holds") is True) == c.correct, c.text
        if kind == "param-name":
            assert q.correct.text == f"`cell.{p.name}` of shape {module.shape_text(module.param_shape(p, p.name))}"


def test_upper_layers_read_hidden_size_features():
    p = FAMILY.decode({"kind": "param-diff", "input_size": 5, "hidden_size": 3, "seq_len": 4, "batch": 2,
                       "join": None, "name": None, "claim": None, "num_layers": 3, "variant": None})
    q = build_checked(FAMILY, p, 1)
    assert q.evidence["main"]["values"]["gap"] == 2 * (4 * 3 * 6 + 24) == 192
    assert q.correct.text == "192"
    assert module.misconceptions(p)["same-input"] != 192  # the misconception that reads x everywhere


def test_eight_stem_templates_and_three_levels():
    stems, levels, _ = sampled_situations(FAMILY, 4)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}