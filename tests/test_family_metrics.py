"""metrics: the shown value is the snippet's once-rounded number and matches plain arithmetic."""

from __future__ import annotations

import math
import random

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from lstmq.engine.assemble import TooFewDistractors, make_question
from lstmq.families import REGISTRY
from lstmq.families import metrics as module
from question_contract import build_checked, correct_text, wrong_texts

FAMILY = REGISTRY["metrics"]
CLASS_NAMES = ("walking", "running", "cycling")


def binary_value(p: dict) -> float:
    tn, fp, fn, tp = p["tn"], p["fp"], p["fn"], p["tp"]
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return {
        "accuracy": (tp + tn) / (tn + fp + fn + tp),
        "precision": precision,
        "recall": recall,
        "specificity": tn / (tn + fp),
        "f1": 2 * precision * recall / (precision + recall),
    }[p["metric"]]


def multiclass_value(p: dict) -> float:
    cm, k = p["cm"], len(p["cm"])
    if p["metric"] == "recall":
        per_class = [cm[i][i] / sum(cm[i]) for i in range(k)]
    else:
        per_class = [cm[j][j] / sum(cm[i][j] for i in range(k)) for j in range(k)]
    return sum(per_class) / k if p["which"] == "macro" else per_class[p["which"]]


def far_from_tie(x: float) -> bool:
    hundredths = x * 100
    return abs(hundredths - math.floor(hundredths) - 0.5) > 1e-3


def value_name(p: dict) -> str:
    if p["kind"] != "multiclass":
        return p["metric"]
    which = "macro" if p["which"] == "macro" else CLASS_NAMES[p["which"]]
    return f"{which}_{p['metric']}"


@st.composite
def binary_draws(draw):
    kind = draw(st.sampled_from(["counts", "slices", "f1"]))
    metric = {"counts": st.sampled_from(["accuracy", "precision", "recall"]),
              "slices": st.sampled_from(["accuracy", "precision", "recall", "specificity"]),
              "f1": st.just("f1")}[kind]
    return {"kind": kind, "metric": draw(metric), "tn": draw(st.integers(5, 60)), "fp": draw(st.integers(1, 25)),
            "fn": draw(st.integers(1, 25)), "tp": draw(st.integers(5, 60))}


@st.composite
def multiclass_draws(draw):
    cm = [[draw(st.integers(15, 60)) if i == j else draw(st.integers(0, 12)) for j in range(3)] for i in range(3)]
    return {"kind": "multiclass", "metric": draw(st.sampled_from(["recall", "precision"])),
            "which": draw(st.sampled_from([0, 1, 2, "macro"])), "cm": cm}


@st.composite
def paradox_draws(draw):
    tp = draw(st.integers(1, 15))
    fn = draw(st.integers(2 * tp, 60))
    fp = draw(st.integers(0, tp // 3))
    tn = draw(st.integers(10 * (fp + fn), 1200))
    return {"kind": "paradox", "task": draw(st.sampled_from(["fraud", "arrhythmia", "failure", "intrusion"])),
            "tn": tn, "fp": fp, "fn": fn, "tp": tp}


def _build(params, seed):
    try:
        return build_checked(FAMILY, params, seed)
    except TooFewDistractors:
        # A few count patterns make several slips land on one value; draw_question redraws those,
        # and test_few_draws_lack_distractors bounds how often it happens.
        assume(False)


@settings(max_examples=80)
@given(st.one_of(binary_draws(), multiclass_draws()), st.integers(0, 2**32 - 1))
@example({"kind": "counts", "metric": "recall", "tn": 43, "fp": 24, "fn": 17, "tp": 13}, 1)
@example({"kind": "slices", "metric": "precision", "tn": 57, "fp": 11, "fn": 11, "tp": 14}, 2)
@example({"kind": "f1", "metric": "f1", "tn": 30, "fp": 7, "fn": 7, "tp": 40}, 3)  # P = R = F1
@example({"kind": "slices", "metric": "recall", "tn": 48, "fp": 16, "fn": 9, "tp": 52}, 4)  # 0.8 shows as 0.8
@example({"kind": "multiclass", "metric": "precision", "which": "macro",
          "cm": [[30, 0, 0], [0, 30, 0], [0, 0, 30]]}, 5)  # a perfect classifier: every metric 1.0
@example({"kind": "multiclass", "metric": "recall", "which": 0,
          "cm": [[29, 1, 6], [10, 40, 12], [12, 7, 54]]}, 6)
def test_value_is_the_rounded_metric(params, seed):
    exact = multiclass_value(params) if params["kind"] == "multiclass" else binary_value(params)
    assume(far_from_tie(exact))  # at a tie float32 and exact arithmetic may round apart
    q = _build(params, seed)
    truth = round(exact, 2)
    assert correct_text(q) == repr(truth)
    assert q.evidence["main"]["values"][value_name(params)] == truth  # torch's rounded number is the one shown
    for text in wrong_texts(q):
        assert float(text) != truth
    assert "round(" in q.code and ".item(), 2)" in q.code  # rounded once, in the snippet


@settings(max_examples=40)
@given(paradox_draws(), st.integers(0, 2**32 - 1))
@example({"kind": "paradox", "task": "fraud", "tn": 940, "fp": 3, "fn": 45, "tp": 12}, 1)
@example({"kind": "paradox", "task": "failure", "tn": 610, "fp": 0, "fn": 2, "tp": 1}, 2)
@example({"kind": "paradox", "task": "fraud", "tn": 271, "fp": 0, "fn": 26, "tp": 13}, 3)
def test_paradox_points_at_recall(params, seed):
    tn, fp, fn, tp = params["tn"], params["fp"], params["fn"], params["tp"]
    scores = {"Accuracy": (tp + tn) / (tn + fp + fn + tp), "Precision": tp / (tp + fp),
              "Recall": tp / (tp + fn), "Specificity": tn / (tn + fp)}
    assume(all(far_from_tie(v) for v in scores.values()))
    q = _build(params, seed)
    assert scores["Accuracy"] >= 0.9 and scores["Recall"] < 0.5
    assert min(scores, key=scores.get) == "Recall"
    assert correct_text(q) == "Recall"
    assert "Recall" not in wrong_texts(q)
    ran = q.evidence["main"]["values"]
    assert {name: ran[name.lower()] for name in scores} == {n: round(v, 2) for n, v in scores.items()}


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_sample_has_its_difficulty_and_no_tie(seed):
    for difficulty in FAMILY.difficulties:
        p = FAMILY.encode(FAMILY.sample(random.Random(seed), difficulty))
        assert FAMILY.difficulty_of(FAMILY.decode(p)) == difficulty
        if p["kind"] == "paradox":
            values = [binary_value({**p, "metric": m}) for m in ("accuracy", "precision", "recall", "specificity")]
        else:
            values = [multiclass_value(p) if p["kind"] == "multiclass" else binary_value(p)]
        assert all(far_from_tie(v) for v in values)


def test_few_draws_lack_distractors():
    failures = 0
    for seed in range(600):
        difficulty = FAMILY.difficulties[seed % 3]
        try:
            make_question(FAMILY, FAMILY.sample(random.Random(seed), difficulty), seed)
        except TooFewDistractors:
            failures += 1
    assert failures <= 6  # under 1 %: redraws stay rare


def test_capacity_is_a_lower_bound_of_the_support(monkeypatch):
    # Shrink the ranges so the support can be listed; capacity() may undercount, never overcount.
    monkeypatch.setattr(module, "HIT_RANGE", (5, 8))
    monkeypatch.setattr(module, "MISS_RANGE", (1, 3))
    monkeypatch.setattr(module, "DIAG_RANGE", (15, 16))
    monkeypatch.setattr(module, "OFF_RANGE", (0, 1))
    monkeypatch.setattr(module, "PARADOX_TP", (1, 4))
    monkeypatch.setattr(module, "PARADOX_FN_MAX", 9)
    monkeypatch.setattr(module, "PARADOX_TN_MAX", 130)
    counts = [dict(tn=tn, fp=fp, fn=fn, tp=tp) for tn in range(5, 9) for tp in range(5, 9)
              for fp in range(1, 4) for fn in range(1, 4)]
    metrics = {"easy": [("counts", m) for m in ("accuracy", "precision", "recall")],
               "medium": [("slices", m) for m in ("accuracy", "precision", "recall", "specificity")] + [("f1", "f1")]}
    for difficulty, kinds in metrics.items():
        support = {(kind, metric, *c.values()) for kind, metric in kinds for c in counts
                   if far_from_tie(binary_value({"metric": metric, **c}))}
        assert FAMILY.capacity(difficulty) <= len(support)
        rng = random.Random(0)
        for _ in range(2000):
            p = FAMILY.encode(FAMILY.sample(rng, difficulty))
            assert (p["kind"], p["metric"], p["tn"], p["fp"], p["fn"], p["tp"]) in support
    cells = range(15, 17), range(0, 2)
    hard = 0
    for diag in [(a, b, c) for a in cells[0] for b in cells[0] for c in cells[0]]:
        for off in [(a, b, c, d, e, f) for a in cells[1] for b in cells[1] for c in cells[1]
                    for d in cells[1] for e in cells[1] for f in cells[1]]:
            it = iter(off)
            cm = [[diag[i] if i == j else next(it) for j in range(3)] for i in range(3)]
            for metric in ("recall", "precision"):
                for which in (0, 1, 2, "macro"):
                    hard += far_from_tie(multiclass_value({"cm": cm, "metric": metric, "which": which}))
    hard += 4 * sum(all(far_from_tie(binary_value(dict(metric=m, tn=tn, fp=fp, fn=fn, tp=tp)))
                        for m in ("accuracy", "precision", "recall", "specificity"))
                    for tp in range(1, 5) for fn in range(2 * tp, 10) for fp in range(0, tp // 3 + 1)
                    for tn in range(10 * (fp + fn), 131))
    assert FAMILY.capacity("hard") <= hard
