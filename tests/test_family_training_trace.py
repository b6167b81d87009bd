"""training-trace: questions that read a training log torch wrote, against rules recomputed here
from that log, and a log that is the same on every run."""

from __future__ import annotations

import math
import random
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import training_trace as module
from question_contract import build_checked, sampled_situations
from claim_checks import build_or_none

FAMILY = REGISTRY["training-trace"]
seeds = st.integers(0, 2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)


def the_log(q) -> list[tuple]:
    return [tuple(row) for row in q.evidence["main"]["values"]["log"]]


def key_epoch(kind: str, log: list[tuple], patience: int = 0):
    """The epoch the question's key names, recomputed from the log with plain loops."""
    val = [row[3] for row in log]
    train = [row[1] for row in log]
    if kind in ("best-epoch", "restored-accuracy"):
        return val.index(min(val)) + 1
    if kind == "first-overfit":
        for e in range(1, len(log)):
            if val[e] > val[e - 1] and train[e] < train[e - 1]:
                return e + 1
        return None
    if kind == "beats-chance":
        return next((e + 1 for e, v in enumerate(val) if v < round(math.log(2), 3)), None)
    if kind == "patience-stop":
        best, misses = math.inf, 0
        for e, v in enumerate(val, 1):
            if v < best:
                best, misses = v, 0
            else:
                misses += 1
            if misses == patience:
                return e
        return None
    return None


@settings(max_examples=30, deadline=None)
@given(seeds, levels)
def test_keys_follow_the_log_and_the_stem_shows_torchs_numbers(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_or_none(FAMILY, p, seed % 10_000)
    if q is None:  # the log has no answer (no overfitting yet): the engine redraws such params
        return
    build_checked(FAMILY, p, seed % 10_000)
    log = the_log(q)
    assert len(log) == p.epochs and [row[0] for row in log] == list(range(1, p.epochs + 1))
    for row in log:  # every logged number is in the stem as the student reads it, to 3 decimals
        shown = {"majority-baseline": (2, 4), "accuracy-verdict": (2, 4),
                 "restored-accuracy": (3, 4), "loss-vs-accuracy": (3, 4)}.get(p.kind, (1, 3))
        assert f"{row[0]}: {row[shown[0]]:.3f}, {row[shown[1]]:.3f}" in q.stem
    key = q.correct.text
    want = key_epoch(p.kind, log, p.patience)
    if p.kind in ("best-epoch", "first-overfit", "beats-chance"):
        assert key.startswith(f"Epoch {want} ")
    elif p.kind == "restored-accuracy":
        assert key == f"{log[want - 1][4]:.3f}, epoch {want}'s (its validation loss {log[want - 1][3]:.3f})"
    elif p.kind == "patience-stop":
        assert key.startswith(f"Runs all {p.epochs} epochs" if want is None else f"Stops after epoch {want};")
    elif p.kind in ("majority-baseline", "accuracy-verdict"):
        ones = q.evidence["main"]["values"]["val_ones"]
        share = f"{max(ones, p.val_size - ones) / p.val_size:.3f}"
        assert share in key
    elif p.kind == "chance-gap":
        assert q.evidence["main"]["values"]["chance"] == round(math.log(2), 3)
        assert key.startswith(f"A 50/50 guess scores {math.log(2):.3f};")
    else:  # loss-vs-accuracy
        val_acc = [row[4] for row in log]
        assert key.startswith(f"Lowest loss: epoch {key_epoch('best-epoch', log)} ")
        assert f"highest accuracy: epoch {val_acc.index(max(val_acc)) + 1} " in key
    for c in q.choices:  # a named misconception never reads like the key
        if not c.correct:
            assert c.misconception and c.text != key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999)), min_size=6, max_size=8),
       st.integers(1, 2))
def test_early_stopping_misconceptions_differ_from_the_rule_when_offered(pairs, patience):
    """On any log, the patience rule here and the family's agree, and each misconception the
    family offers (it drops those equal to the key) is a different stop or a different epoch."""
    log = [module.Row(e, t / 1000, 0.5, v / 1000, 0.5) for e, (t, v) in enumerate(pairs, 1)]
    stop, kept = module.early_stop(log, patience)
    assert stop == key_epoch("patience-stop", [(r.epoch, r.train_loss, 0, r.val_loss, 0) for r in log], patience)
    assert kept.val_loss == min(r.val_loss for r in log[:stop or len(log)])
    p = module.TrainingTraceParams("patience-stop", 0, 2, 4, 4, 12, 24, len(log), 0.1, 0.0, patience)
    main = type("Main", (), {"values": {"log": [(r.epoch, r.train_loss, r.train_acc, r.val_loss, r.val_acc)
                                                for r in log]}})()
    intended, wrong = FAMILY.options(p, main)
    assert all(c.value != intended.value and c.misconception for c in wrong)


def test_a_guess_scores_ln_2_and_the_misconceptions_do_not():
    assert all(abs(v - math.log(2)) > 0.05 for v in module.WRONG_CHANCE.values())


def test_the_log_is_the_same_on_every_run():
    from lstmq.engine.runner import run

    p = FAMILY.sample(random.Random(2), "medium")
    code = FAMILY.snippet(p)
    first = run(code, 1, FAMILY.probes)
    again = run(code, 999, FAMILY.probes)  # the runner's seed does not matter: the code seeds itself
    assert first.ok and first.values["log"] == again.values["log"]
    assert re.search(rf"torch\.manual_seed\({p.seed}\)", code)


def test_a_log_without_overfitting_is_redrawn_not_answered():
    rising = [module.Row(e, 0.7 - 0.05 * e, 0.5, 0.7 - 0.04 * e, 0.5) for e in range(1, 7)]
    assert module.first_overfit(rising) is None
    p = replace(FAMILY.sample(random.Random(0), "medium"), kind="first-overfit")
    main = type("Main", (), {"values": {"log": [(r.epoch, r.train_loss, r.train_acc, r.val_loss, r.val_acc)
                                                for r in rising]}})()
    _, wrong = FAMILY.options(p, main)
    assert wrong == []  # no distractors: the engine draws other params


def test_eight_stem_templates_and_three_levels():
    stems, levels, _ = sampled_situations(FAMILY, 4)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
