"""packing: answers against hand recomputation, and misconceptions that never give the key."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import packing as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["packing"]
seeds = st.integers(0, 2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)


def expected(p: dict):
    """The answer by hand, from the rules of pad_sequence and pack/pad_packed (no torch)."""
    ls, bf, kind = p.lengths, p.batch_first, p.kind
    n, m = len(ls), max(ls)
    if kind == "pad-shape":
        return (n, m, p.input_size) if bf else (m, n, p.input_size)
    if kind == "pad-value":
        seq, step = p.which, p.step
        return module.START * (seq + 1) + step if step < ls[seq] else p.padding_value
    if kind == "unpacked-shape":
        steps = p.total_length or m
        return (n, steps, p.hidden_size) if p.unpack_batch_first else (steps, n, p.hidden_size)
    if kind == "lengths-back":
        return list(ls)
    if kind in ("enforce-sorted", "zero-length"):
        # torch's C++ check: the last length must be positive, then (enforce_sorted) the order
        if p.enforce_sorted is not False and ls[-1] > 0 and ls != sorted(ls, reverse=True):
            return "unsorted"
        return "zero" if 0 in ls else "runs"
    return None  # last-step and after-lstm: decided by torch.equal in each option's run (tested below)


def misconception_values(p: dict) -> dict:
    return {"pad-shape": module.pad_shape_misconceptions, "pad-value": module.pad_value_misconceptions,
            "unpacked-shape": module.unpacked_shape_misconceptions,
            "lengths-back": module.lengths_back_misconceptions}[p.kind](p)


@settings(max_examples=40, deadline=None)
@given(seeds, levels)
def test_the_key_matches_the_rules_and_no_distractor_does(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    want = expected(p)
    key = q.correct.text
    if p.kind in ("pad-shape", "unpacked-shape"):
        assert key == str(want)
    elif p.kind in ("pad-value", "lengths-back"):
        assert key == str(want)
    elif p.kind in ("enforce-sorted", "zero-length"):
        marker = {"unsorted": "must be sorted in decreasing order", "zero": "greater than 0",
                  "runs": "It runs"}[want]
        assert marker in key and ("RuntimeError" in key or want == "runs")
    if p.kind in ("pad-shape", "pad-value", "unpacked-shape", "lengths-back"):
        # Every distractor is a named misconception's value, and that value is not the answer.
        values = {str(module.shape_text(v)) if isinstance(v, tuple) else str(v): name
                  for name, v in misconception_values(p).items() if v is not None}
        for c in q.choices:
            if not c.correct:
                assert c.text in values, (c.text, values)
                assert c.text != str(want)


@settings(max_examples=25, deadline=None)
@given(seeds, st.sampled_from(["last-step", "after-lstm"]))
def test_index_options_are_decided_by_torch_equal_in_the_run(seed, kind):
    rng = random.Random(seed)
    while True:
        p = FAMILY.sample(rng, rng.choice(["medium", "hard"]))
        if p.kind == kind:
            break
    q = build_checked(FAMILY, p, seed % 10_000)
    n, length = p.which, p.lengths[p.which]
    assert length < max(p.lengths)
    for c in q.choices:
        evidence = q.evidence["options"][c.label]
        assert (evidence["values"].get("holds") is True) == c.correct, (c.text, evidence)
    if kind == "last-step":
        step = length - 1
        assert q.correct.text == (f"out[{n}, {step}]" if p.batch_first else f"out[{step}, {n}]")
        reads = module.last_step_reads(p)
        assert all(v != reads["truth"] for k, v in reads.items() if k != "truth")
    else:
        holds = module.after_lstm_holds(p)
        assert holds[p.claim]
        shown_false = {module.after_lstm_texts(p)[name][0] for name in module.AFTER_FALSE}
        assert all(c.text in shown_false for c in q.choices if not c.correct)


def test_unsorted_lengths_fail_with_torchs_message_taken_from_the_run():
    p = FAMILY.decode({"kind": "enforce-sorted", "lengths": [2, 6, 3], "batch_first": False, "input_size": 4,
                       "hidden_size": 5, "seq_len": 7, "which": 0, "step": 0, "padding_value": 0,
                       "total_length": None, "unpack_batch_first": None, "enforce_sorted": None, "claim": None})
    q = build_checked(FAMILY, p, 1)
    error = q.evidence["main"]["error"]
    assert error[0] == "RuntimeError" and error[1] in q.correct.text
    assert q.difficulty == "hard"


def test_eight_stem_templates_and_three_levels():
    stems, levels, _ = sampled_situations(FAMILY, 0)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}


def test_pad_value_draws_keep_three_misconceptions_apart_from_the_truth():
    rng = random.Random(5)
    for _ in range(300):
        p = module.Packing()._sample_kind(rng, "pad-value")
        if p is None:
            continue
        truth = expected(p)
        slips = {v for v in module.pad_value_misconceptions(p).values() if v is not None and v != truth}
        assert len(slips) >= 3


def test_a_trailing_zero_is_reported_before_the_order():
    """torch checks the last length before the order: [8, 3, 7, 5, 0] is unsorted, yet the
    message is about the 0 (found by the property test above, against an order-first rule)."""
    p = FAMILY.decode({"kind": "zero-length", "lengths": [8, 3, 7, 5, 0], "batch_first": True, "input_size": 12,
                       "hidden_size": 10, "seq_len": 8, "which": 0, "step": 0, "padding_value": 0,
                       "total_length": None, "unpack_batch_first": None, "enforce_sorted": None, "claim": None})
    q = build_checked(FAMILY, p, 2)
    assert "greater than 0" in q.correct.text and expected(p) == "zero"
    assert any("must be sorted" in c.text for c in q.choices if not c.correct)
