"""gates: one LSTM step recomputed by hand in numpy; slips that never give the key."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import gates as module
from lstmq.families.distractors import key_most_similar, pick
from lstmq.model import Candidate
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["gates"]
seeds = st.integers(0, 2**32 - 1)


def by_hand(p) -> float:
    """c_1 or h_1 from the LSTM equations in numpy float64, torch's gate order i, f, g, o."""
    h, u = p.hidden_size, p.which
    z = np.array(p.w_ih, dtype=np.float64) * p.x + np.array(p.b_ih, dtype=np.float64)
    zi, zf, zg, zo = (z[k * h + u] for k in range(4))
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    c1 = sig(zf) * p.c0[u] + sig(zi) * np.tanh(zg)
    return float(sig(zo) * np.tanh(c1)) if p.kind == "hidden" else float(c1)


@settings(max_examples=60, deadline=None)
@given(seeds, st.sampled_from(["easy", "medium", "hard"]))
def test_the_key_is_the_hand_computed_step_and_no_slip_gives_it(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    if p.kind in module.SLICES:
        h = p.hidden_size
        var = "W" if p.kind == "rows" else "b"
        assert q.correct.text == f"{var}[{h}:{2 * h}]"
        for c in q.choices:  # each option ran with its slice saturated; only the forget gate's passes
            assert (q.evidence["options"][c.label]["values"].get("holds") is True) == c.correct
        return
    truth = round(by_hand(p), 4)
    assert float(q.correct.text) == truth
    assert q.evidence["main"]["values"][module.target(p)] == truth  # the number torch computed
    slips = module.misconception_values(p)
    for c in q.choices:
        if not c.correct:
            assert abs(float(c.text) - truth) >= module.MIN_GAP
            assert any(abs(float(c.text) - v) < 1e-9 for v in slips.values()), c.text


def test_every_offered_misconception_differs_from_the_truth_on_many_draws():
    rng = random.Random(7)
    for i in range(400):
        p = FAMILY.sample(rng, ("easy", "medium", "hard")[i % 3])
        if p.kind in module.SLICES:
            selected = module.slice_rows(p)
            assert all(v != selected["truth"] for k, v in selected.items() if k != "truth")
            continue
        truth = round(by_hand(p), 4)
        distinct = {v for v in module.misconception_values(p).values() if abs(v - truth) >= module.MIN_GAP}
        assert len(distinct) >= 3


def test_named_slips_compute_what_they_say():
    p = FAMILY.decode({"kind": "cell", "hidden_size": 1, "input_size": 1, "which": 0, "w_ih": [1.0, -1.0, 0.5, 2.0],
                       "b_ih": [0.0, 0.5, -0.5, 0.0], "x": 1.0, "c0": [1.5], "param": None})
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    zi, zf, zg, zo = 1.0, -0.5, 0.0, 2.0
    values = module.misconception_values(p)
    assert values["order-fi"] == round(sig(zi) * 1.5 + sig(zf) * np.tanh(zg), 4)
    assert values["no-forget"] == round(1.5 + sig(zi) * np.tanh(zg), 4)
    assert values["adds"] == round(sig(zf) * 1.5 + sig(zi) + np.tanh(zg), 4)
    assert values["swapped-activations"] == round(np.tanh(zf) * 1.5 + np.tanh(zi) * sig(zg), 4)
    assert values["inverted-forget"] == round((1 - sig(zf)) * 1.5 + sig(zi) * np.tanh(zg), 4)
    hidden = replace(p, kind="hidden")
    c1 = sig(zf) * 1.5 + sig(zi) * np.tanh(zg)
    assert module.misconception_values(hidden)["no-output-gate"] == round(np.tanh(c1), 4)
    assert module.misconception_values(hidden)["no-tanh"] == round(sig(zo) * c1, 4)


def test_saturated_forget_gate_keeps_or_drops_c0_in_torch():
    base = {"hidden_size": 1, "input_size": 1, "which": 0, "w_ih": [0.5, 0.0, 1.0, 0.5],
            "b_ih": [0.0, 20.0, 0.0, 0.0], "x": 1.0, "c0": [1.5], "param": None}
    opened = build_checked(FAMILY, FAMILY.decode(dict(base, kind="forget-open")), 3)
    closed = build_checked(FAMILY, FAMILY.decode(dict(base, kind="forget-closed", b_ih=[0.0, -20.0, 0.0, 0.0])), 3)
    new = 1 / (1 + np.exp(-0.5)) * np.tanh(1.0)
    assert float(opened.correct.text) == round(1.5 + new, 4)
    assert float(closed.correct.text) == round(new, 4)
    assert opened.difficulty == closed.difficulty == "easy"


def test_eight_stem_templates_three_levels_and_no_gate_labels_in_the_code():
    stems, levels, drawn = sampled_situations(FAMILY, 1)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
    for p in drawn:
        code = FAMILY.snippet(p)
        assert "#" not in code and "forget" not in code  # the code never names the gates


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("0123456789.-[]:", min_size=3, max_size=8), min_size=4, max_size=7, unique=True),
       st.text(max_size=8))
def test_pick_returns_three_distinct_wrong_texts(texts, seed):
    key = Candidate(texts[0], "right")
    pool = [Candidate(t, "wrong") for t in texts[1:]]
    chosen = pick(key, pool, seed)
    assert len(chosen) == min(3, len(pool))
    assert len({c.text for c in chosen}) == len(chosen)
    assert key.text not in {c.text for c in chosen}
    assert pick(key, pool, seed) == chosen  # deterministic


def test_pick_makes_the_key_the_most_similar_option_about_as_often_as_chance():
    """Over pools where some choice of three leaves the key central and some does not, the key
    ends up the most similar option in about one item in four (a star of one-edit slips
    around the key cannot be helped, so such pools are left out)."""
    from itertools import combinations

    rng = random.Random(3)
    hits = counted = 0
    for n in range(400):
        key = Candidate(f"{rng.uniform(-2, 2):.4f}", "r")
        pool = [Candidate(f"{rng.uniform(-2, 2):.4f}", "w") for _ in range(5)]
        flags = {key_most_similar(key.text, [c.text for c in s]) for s in combinations(pool, 3)}
        if flags != {True, False}:
            continue
        counted += 1
        hits += key_most_similar(key.text, [c.text for c in pick(key, pool, str(n))])
    assert counted >= 100
    assert 0.15 <= hits / counted <= 0.35
