"""stateful: carried states, a smaller last batch, the second backward() and dropout's modes,
against hand rules and each option's own run in torch."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import stateful as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["stateful"]
seeds = st.integers(0, 2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)


def shape_by_hand(p) -> tuple:
    """h keeps (layers × directions, batch, hidden) whatever the windows; out is one window."""
    d = 2 if p.bidirectional else 1
    if p.target == "h":
        return (p.num_layers * d, p.batch, p.hidden_size)
    return (p.batch, p.window, d * p.hidden_size) if p.batch_first else (p.window, p.batch, d * p.hidden_size)


@settings(max_examples=40, deadline=None)
@given(seeds, levels)
def test_keys_follow_the_rules_and_every_option_was_judged_in_torch(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    main = q.evidence["main"]
    if p.kind == "carry-shape":
        assert q.correct.text == str(shape_by_hand(p))
    elif p.kind == "batch-change":
        left = p.sequences % p.batch
        d = p.num_layers * (2 if p.bidirectional else 1)
        message = f"Expected hidden[0] size ({d}, {left}, {p.hidden_size}), got [{d}, {p.batch}, {p.hidden_size}]"
        assert main["error"] == ["RuntimeError", message]
        assert message in q.correct.text
    elif p.kind == "backward-twice":
        assert main["error"][0] == "RuntimeError"
        assert main["error"][1].startswith("Trying to backward through the graph a second time")
        assert main["values"]["windows"] == 1  # the first window trained, the second backward failed
    else:  # split, backward-fix and dropout: each option ran in its own program
        for c in q.choices:
            run = q.evidence["options"][c.label]
            if p.kind == "backward-fix":
                assert (run["error"] is None and run["values"]["windows"] == p.windows) == c.correct, c.text
            else:
                assert (run["values"].get("holds") is True) == c.correct, c.text
    for c in q.choices:  # every wrong option names its misconception, which torch showed wrong
        assert c.correct or c.misconception


@settings(max_examples=200, deadline=None)
@given(seeds, levels)
def test_no_shape_misconception_gives_the_key(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    p = replace(p, kind="carry-shape", window=p.window or 3, seq_len=(p.window or 3) * 3,
                target=p.target if p.target in ("h", "out") else "h")
    key = shape_by_hand(p)
    assert all(v != key for v in module.shape_misconceptions(p).values())


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_the_message_misconceptions_never_read_like_torch(seed):
    p = FAMILY.sample(random.Random(seed), "hard")
    if p.kind != "batch-change":
        p = replace(p, kind="batch-change", sequences=p.batch * 2 + 1)
    real = module.batch_message(p)
    assert module.batch_message(p, swapped=True) != real
    assert module.batch_message(p, index=1) != real


def test_detaching_both_states_is_the_only_fix_torch_accepts():
    p = module.StatefulParams(kind="backward-fix", input_size=3, hidden_size=4, num_layers=1, batch=2, seq_len=12,
                              window=4, names=0, target="before")
    q = build_checked(FAMILY, p, 7)
    assert q.correct.text.startswith("`h, c = h.detach(), c.detach()`")
    wrong = {c.misconception for c in q.choices if not c.correct}
    assert wrong and None not in wrong


def test_one_layer_dropout_and_eval_give_equal_runs_while_train_does_not():
    for target in ("eval", "one-layer", "no-dropout"):
        p = module.StatefulParams(kind="dropout-same", input_size=3, hidden_size=6, num_layers=2, batch=4,
                                  seq_len=5, dropout=0.3, target=target)
        q = build_checked(FAMILY, p, 3)
        assert q.evidence["options"][q.correct.label]["values"]["holds"] is True


def test_params_round_trip_through_the_bank_form():
    rng = random.Random(5)
    for level in FAMILY.difficulties:
        for _ in range(20):
            p = FAMILY.sample(rng, level)
            assert FAMILY.decode(FAMILY.encode(p)) == p
            assert list(FAMILY.encode(p)) == list(module.StatefulParams.__dataclass_fields__)


def test_eight_stem_templates_and_three_levels():
    stems, levels, _ = sampled_situations(FAMILY, 4)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
