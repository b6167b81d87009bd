"""pipeline: the asked stage's shape matches an independent trace of the classifier (or tagger),
and no misconception the family offers gives that shape."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families.pipeline import misconceptions
from question_contract import build_checked, correct_text, wrong_texts

FAMILY = REGISTRY["pipeline"]
STAGES = ("output", "h_n", "last", "logits", "probs", "pred")


def expected_shapes(p: dict) -> dict[str, tuple]:
    N, T, F, H, C = p["batch"], p["seq_len"], p["features"], p["hidden_size"], p["classes"]
    D = 2 if p["bidirectional"] else 1

    def steps(feat):
        return (N, T, feat) if p["batch_first"] else (T, N, feat)

    shapes = {"x": steps(F), "output": steps(D * H), "h_n": (D * p["num_layers"], N, H)}
    if p["readout"] == "every-step":
        return {**shapes, "logits": steps(C), "probs": steps(C), "pred": steps(C)[:2]}
    features = H if p["readout"] == "top-state" else D * H
    return {**shapes, "last": (N, features), "logits": (N, C), "probs": (N, C), "pred": (N,)}


def distinct_axes(p: dict) -> bool:
    """No two sizes a student must tell apart are equal (the family's promise)."""
    D = 2 if p["bidirectional"] else 1
    sizes = [p["batch"], p["seq_len"], p["features"], p["hidden_size"], p["classes"]]
    if D == 2:
        sizes.append(2 * p["hidden_size"])
    return len(set(sizes)) == len(sizes) and D * p["num_layers"] not in sizes


@st.composite
def classifiers(draw):
    layers = draw(st.sampled_from([1, 2]))
    bidirectional = draw(st.booleans())
    readout = draw(st.sampled_from(["last-step", "both-states", "mean-steps", "every-step"] if bidirectional
                                   else ["last-step", "top-state", "mean-steps", "every-step"]))
    D = 2 if bidirectional else 1
    hidden = draw(st.integers(3, 32).filter(lambda h: h != D * layers))
    taken = {hidden, D * hidden, D * layers}
    classes = draw(st.integers(3, 10).filter(lambda c: c not in taken))
    taken.add(classes)
    batch = draw(st.integers(3, 16).filter(lambda n: n not in taken))
    taken.add(batch)
    seq_len = draw(st.integers(3, 32).filter(lambda n: n not in taken))
    taken.add(seq_len)
    features = draw(st.integers(3, 32).filter(lambda n: n not in taken))
    stages = [s for s in STAGES if not (readout == "every-step" and s == "last")]
    return {"batch": batch, "seq_len": seq_len, "features": features, "hidden_size": hidden,
            "classes": classes, "num_layers": layers, "bidirectional": bidirectional,
            "batch_first": draw(st.booleans()), "readout": readout, "target": draw(st.sampled_from(stages))}


def _p(**kw):
    base = {"batch": 5, "seq_len": 9, "features": 7, "hidden_size": 6, "classes": 3, "num_layers": 1,
            "bidirectional": False, "batch_first": True, "readout": "last-step", "target": "last"}
    return {**base, **kw}


@settings(max_examples=40)
@given(classifiers(), st.integers(0, 2**32 - 1))
@example(_p(num_layers=2, bidirectional=True, readout="both-states", target="last"), 1)
@example(_p(num_layers=2, bidirectional=True, readout="both-states", target="h_n"), 2)
@example(_p(num_layers=2, readout="top-state", target="last"), 3)
@example(_p(bidirectional=True, target="output", batch_first=False), 4)
@example(_p(target="probs"), 5)
@example(_p(readout="every-step", target="pred", batch_first=False), 6)
@example(_p(readout="mean-steps", target="last", batch_first=False), 7)
def test_answer_matches_an_independent_trace(params, seed):
    q = build_checked(FAMILY, params, seed)
    shapes = expected_shapes(params)
    truth = str(shapes[params["target"]])
    assert correct_text(q) == truth
    assert truth not in wrong_texts(q)
    assert all(c.misconception for c in q.choices if not c.correct)
    assert "nn.Linear(" in q.code and "torch.softmax(" in q.code
    assert ("batch_first=True" in q.code) == params["batch_first"]
    # Axis comments only on easy items.
    assert ("# (N, T, F)" in q.code) == (q.difficulty == "easy")
    ran = q.evidence["main"]["values"]
    for stage, shape in shapes.items():
        assert tuple(ran[stage]["shape"]) == shape, stage


@settings(max_examples=300)
@given(classifiers())
def test_no_misconception_gives_the_truth(params):
    p = FAMILY.decode(params)
    truth = expected_shapes(params)[params["target"]]
    offered = misconceptions(p)
    assert len({shape for _, shape, _ in offered}) >= 3
    for mid, shape, why in offered:
        assert shape != truth, (mid, params)
        assert why


def test_bidirectional_last_step_says_the_backward_direction_saw_one_step():
    q = build_checked(FAMILY, _p(bidirectional=True, target="logits"), 3)
    assert any("backward direction has read only that one step" in s for s in q.solution.steps)
    q = build_checked(FAMILY, _p(num_layers=2, readout="top-state", target="logits"), 3)
    assert not any("last time step" in s for s in q.solution.steps if "h_n[-1]" in s)


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_sample_has_its_level_and_distinct_axes(seed):
    for level in FAMILY.difficulties:
        p = FAMILY.sample(random.Random(seed), level)
        assert FAMILY.difficulty_of(p) == level
        assert distinct_axes(p.to_dict())


def test_levels_templates_and_readouts_are_all_drawn():
    draws = [FAMILY.sample(random.Random(s), FAMILY.difficulties[s % 3]) for s in range(600)]
    assert {p.readout for p in draws} == {"last-step", "top-state", "both-states", "mean-steps", "every-step"}
    assert {p.target for p in draws} == set(STAGES)
    assert any(not p.batch_first for p in draws)
    stems = {FAMILY.stem(p).replace(p.target, "T").split("`")[0] for p in draws}
    assert len(stems) >= 4
