"""metrics: the shown value is the snippet's once-rounded number and matches plain arithmetic;
no misconception the family offers gives the shown value."""

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
    thousandths = x * 1000
    return abs(thousandths - math.floor(thousandths) - 0.5) > 1e-2


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
    return {"kind": kind, "metric": draw(metric), "tn": draw(st.integers(5, 90)), "fp": draw(st.integers(1, 80)),
            "fn": draw(st.integers(1, 80)), "tp": draw(st.integers(5, 90))}


@st.composite
def multiclass_draws(draw):
    cm = [[draw(st.integers(10, 90)) if i == j else draw(st.integers(0, 30)) for j in range(3)] for i in range(3)]
    return {"kind": "multiclass", "metric": draw(st.sampled_from(["recall", "precision"])),
            "which": draw(st.sampled_from([0, 1, 2, "macro"])), "cm": cm}


@st.composite
def paradox_draws(draw):
    flaw = draw(st.sampled_from(["misses", "false-alarms"]))
    tp = draw(st.integers(1, 15))
    many = draw(st.integers(2 * tp, 60))
    few = draw(st.integers(0, tp // 3))
    fn, fp = (many, few) if flaw == "misses" else (few, many)
    tn = draw(st.integers(10 * (fp + fn), 1200))
    return {"kind": "paradox", "task": draw(st.sampled_from(["fraud", "arrhythmia", "failure", "intrusion"])),
            "flaw": flaw, "tn": tn, "fp": fp, "fn": fn, "tp": tp}


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
@example({"kind": "slices", "metric": "recall", "tn": 48, "fp": 16, "fn": 9, "tp": 52}, 4)
@example({"kind": "multiclass", "metric": "precision", "which": "macro",
          "cm": [[30, 0, 0], [0, 30, 0], [0, 0, 30]]}, 5)  # a perfect classifier: every metric 1.0
@example({"kind": "multiclass", "metric": "recall", "which": 0,
          "cm": [[29, 1, 6], [10, 40, 12], [12, 7, 54]]}, 6)
def test_value_is_the_rounded_metric(params, seed):
    exact = multiclass_value(params) if params["kind"] == "multiclass" else binary_value(params)
    assume(far_from_tie(exact))  # at a tie float32 and exact arithmetic may round apart
    q = _build(params, seed)
    truth = round(exact, 3)
    assert correct_text(q) == repr(truth)
    assert q.evidence["main"]["values"][value_name(params)] == truth  # torch's rounded number is the one shown
    for text in wrong_texts(q):
        assert float(text) != truth
    assert all(c.misconception for c in q.choices if not c.correct)
    assert "round(" in q.code and ".item(), 3)" in q.code  # rounded once, in the snippet


@settings(max_examples=300)
@given(st.one_of(binary_draws(), multiclass_draws()))
@example({"kind": "f1", "metric": "f1", "tn": 30, "fp": 7, "fn": 7, "tp": 40})  # P = R = F1
def test_offered_misconceptions_never_give_the_shown_value(params):
    """Options are built from a stand-in for torch's run (the exact value, rounded): every
    misconception left differs from it, whatever the counts (fp == fn included)."""
    exact = multiclass_value(params) if params["kind"] == "multiclass" else binary_value(params)
    truth = round(exact, 3)

    class Ran:
        values = {value_name(params): truth}

    p = FAMILY.decode(params)
    _, wrongs = FAMILY.options(p, Ran())
    assert all(c.value != truth and c.misconception for c in wrongs)
    assert len({c.misconception for c in wrongs}) == len(wrongs)


@settings(max_examples=40)
@given(paradox_draws(), st.integers(0, 2**32 - 1))
@example({"kind": "paradox", "task": "fraud", "flaw": "misses", "tn": 940, "fp": 3, "fn": 45, "tp": 12}, 1)
@example({"kind": "paradox", "task": "failure", "flaw": "misses", "tn": 610, "fp": 0, "fn": 2, "tp": 1}, 2)
@example({"kind": "paradox", "task": "intrusion", "flaw": "false-alarms", "tn": 900, "fp": 40, "fn": 1, "tp": 9}, 3)
def test_imbalanced_set_points_at_the_low_metric(params, seed):
    tn, fp, fn, tp = params["tn"], params["fp"], params["fn"], params["tp"]
    scores = {"accuracy": (tp + tn) / (tn + fp + fn + tp), "precision": tp / (tp + fp),
              "recall": tp / (tp + fn), "specificity": tn / (tn + fp)}
    assume(all(far_from_tie(v) for v in scores.values()))
    q = _build(params, seed)
    assert scores["accuracy"] >= 0.9
    low = min(scores, key=scores.get)
    assert low == ("recall" if params["flaw"] == "misses" else "precision") and scores[low] < 0.5
    assert correct_text(q).startswith(low.capitalize() + ":")
    assert not any(t.startswith(low.capitalize()) for t in wrong_texts(q))
    ran = q.evidence["main"]["values"]
    assert {name: ran[name] for name in scores} == {n: round(v, 3) for n, v in scores.items()}


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
        if p["kind"] == "f1":
            assert p["fp"] != p["fn"]  # otherwise precision = recall = F1


def test_answers_rarely_repeat_and_both_flaws_are_drawn():
    draws = [FAMILY.sample(random.Random(s), "hard") for s in range(400)]
    assert {p.flaw for p in draws if p.kind == "paradox"} == {"misses", "false-alarms"}


def test_every_metric_is_a_class_with_its_own_misconceptions():
    m = module.binary_metrics(40, 9, 14, 33)
    ids = {}
    for name, metric in module.METRICS.items():
        slips = metric.slips(m, "slices")
        assert slips and all(mid and why for mid, _, why in slips)
        ids[name] = {mid for mid, _, _ in slips}
        assert metric.hints() and metric.check
    assert ids["f1"] != ids["accuracy"]


def test_few_draws_lack_distractors():
    failures = 0
    for seed in range(600):
        difficulty = FAMILY.difficulties[seed % 3]
        try:
            make_question(FAMILY, FAMILY.sample(random.Random(seed), difficulty), seed)
        except TooFewDistractors:
            failures += 1
    assert failures <= 6  # under 1 %: redraws stay rare


# --- numeric and select-all items (built, not yet planned) -------------------------------------

@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["easy", "medium", "hard"]))
def test_numeric_item_is_the_rounded_metric_with_traps_outside_the_tolerance(seed, difficulty):
    from lstmq.engine.assemble import draw_question
    q = draw_question(FAMILY, difficulty, seed, kind="numeric")
    p = q.params
    assert q.kind == "numeric" and q.choices == () and p["kind"] != "paradox"
    exact = multiclass_value(p) if p["kind"] == "multiclass" else binary_value(p)
    assert q.answer.value == round(exact, 3) and q.answer.tolerance == 0.0005
    assert q.answer.traps and all(abs(t.value - q.answer.value) > 0.0005 and t.misconception
                                  for t in q.answer.traps)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["medium", "hard"]))
def test_select_all_item_marks_exactly_the_metrics_above_the_threshold(seed, difficulty):
    from lstmq.engine.assemble import draw_question
    q = draw_question(FAMILY, difficulty, seed, kind="multiple")
    p, ran = q.params, q.evidence["main"]["values"]
    assert q.kind == "multiple" and f"above {p['threshold']}" in q.stem
    for c in q.choices:
        name = c.text.lower()
        assert (ran[name] > p["threshold"]) == c.correct
        assert abs(binary_value({**p, "metric": name}) - p["threshold"]) > 0.01  # none sits on the line
        assert not (c.correct and c.misconception)
