"""pipeline: the asked stage's shape matches an independent trace of the classifier."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import pipeline as module
from question_contract import build_checked, correct_text, wrong_texts

FAMILY = REGISTRY["pipeline"]
STAGES = ("output", "h_n", "last", "logits", "probs")


def expected_shapes(p: dict) -> dict[str, tuple]:
    N, T, F, H, C = p["batch"], p["seq_len"], p["features"], p["hidden_size"], p["classes"]
    D = 2 if p["bidirectional"] else 1
    features = H if p["readout"] == "top-state" else D * H
    return {"x": (N, T, F), "output": (N, T, D * H), "h_n": (D * p["num_layers"], N, H),
            "last": (N, features), "logits": (N, C), "probs": (N, C)}


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
    readout = draw(st.sampled_from(["last-step", "both-states"] if bidirectional else ["last-step", "top-state"]))
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
    return {"batch": batch, "seq_len": seq_len, "features": features, "hidden_size": hidden,
            "classes": classes, "num_layers": layers, "bidirectional": bidirectional,
            "readout": readout, "target": draw(st.sampled_from(STAGES))}


def _p(**kw):
    base = {"batch": 5, "seq_len": 9, "features": 7, "hidden_size": 6, "classes": 3, "num_layers": 1,
            "bidirectional": False, "readout": "last-step", "target": "last"}
    return {**base, **kw}


@settings(max_examples=40)
@given(classifiers(), st.integers(0, 2**32 - 1))
@example(_p(num_layers=2, bidirectional=True, readout="both-states", target="last"), 1)
@example(_p(num_layers=2, bidirectional=True, readout="both-states", target="h_n"), 2)
@example(_p(num_layers=2, readout="top-state", target="last"), 3)
@example(_p(bidirectional=True, target="output"), 4)
@example(_p(target="probs"), 5)
def test_answer_matches_an_independent_trace(params, seed):
    q = build_checked(FAMILY, params, seed)
    shapes = expected_shapes(params)
    truth = str(shapes[params["target"]])
    assert correct_text(q) == truth
    assert truth not in wrong_texts(q)
    # The snippet is the whole classifier, and torch ran every stage with the traced shapes.
    assert "batch_first=True" in q.code and "nn.Linear(" in q.code and "torch.softmax(" in q.code
    ran = q.evidence["main"]["values"]
    for stage, shape in shapes.items():
        assert tuple(ran[stage]["shape"]) == shape, stage


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1))
def test_sample_is_medium_with_distinct_axes(seed):
    p = FAMILY.encode(FAMILY.sample(random.Random(seed), "medium"))
    assert FAMILY.difficulty_of(FAMILY.decode(p)) == "medium"
    assert distinct_axes(p)


def test_capacity_is_the_size_of_the_support(monkeypatch):
    # Shrink the ranges so the support can be listed, then compare it with capacity() and with the draws.
    for name, value in (("MAX_BATCH", 5), ("MAX_SEQ_LEN", 7), ("MAX_FEATURES", 7),
                        ("MAX_HIDDEN", 5), ("MAX_CLASSES", 5)):
        monkeypatch.setattr(module, name, value)
    support = set()
    for layers in (1, 2):
        for bidirectional in (False, True):
            for readout in (["last-step", "both-states"] if bidirectional else ["last-step", "top-state"]):
                for hidden in range(3, 6):
                    for classes in range(3, 6):
                        for batch in range(3, 6):
                            for seq_len in range(3, 8):
                                for features in range(3, 8):
                                    p = _p(batch=batch, seq_len=seq_len, features=features,
                                           hidden_size=hidden, classes=classes, num_layers=layers,
                                           bidirectional=bidirectional, readout=readout)
                                    if distinct_axes(p):
                                        for target in STAGES:
                                            support.add(tuple(sorted({**p, "target": target}.items())))
    assert FAMILY.capacity("medium") == len(support)
    rng = random.Random(0)
    seen = {tuple(sorted(FAMILY.encode(FAMILY.sample(rng, "medium")).items())) for _ in range(20_000)}
    assert seen == support
