"""embedding-pipeline: token ids through nn.Embedding, nn.LSTM(batch_first=True) and nn.Linear,
against shapes and counts worked out here again and torch's own runs."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import embedding as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["embedding-pipeline"]
seeds = st.integers(0, 2**32 - 1)


def by_hand(p: dict):
    """Shapes stage by stage, the parameter count tensor by tensor, the padded positions."""
    v, e, h, c, n, t = p.vocab, p.input_size, p.hidden_size, p.classes, p.batch, p.seq_len
    kind = p.kind
    if kind == "stage" and n is None:  # one sentence: every stage lacks the batch axis
        return {"embedded": (t, e), "output": (t, h), "h_n": (1, h), "logits": (c,)}[p.stage]
    if kind == "stage":
        embedded = (n, t, e)                   # one row of the table per id
        output = embedded[:2] + (h,)           # batch_first: (batch, time, hidden)
        h_n = (1, n, h)                        # batch_first never reaches the states
        logits = (h_n[1], c)                   # h_n[-1], then the head
        return {"embedded": embedded, "output": output, "h_n": h_n, "logits": logits}[p.stage]
    if kind == "count":
        tensors = [(v, e), (4 * h, e), (4 * h, h), (4 * h,), (4 * h,), (c, h), (c,)]
        total = 0
        for shape in tensors:
            size = 1
            for k in shape:
                size *= k
            total += size
        return total
    if kind == "padding":  # each 0 id gives a vector of input_size zeros; random rows have no exact 0
        return sum(1 for row in p.ids for token in row if token == 0) * e
    return None


@settings(max_examples=60, deadline=None)
@given(seeds, st.sampled_from(["easy", "medium", "hard"]))
def test_keys_match_the_rules_and_no_misconception_gives_them(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    kind = p.kind
    want = by_hand(p)
    if want is not None:
        assert q.correct.text == str(want)
        assert module.truth_by_rule(p) == want
        offered = {str(v) for v in module.misconceptions(p).values() if v is not None}
        for c in q.choices:
            if not c.correct:
                assert c.text in offered and c.text != q.correct.text
    elif kind == "dtype":  # every option built its ids and ran the lookup: only Long and Int pass
        for c in q.choices:
            accepted = q.evidence["options"][c.label]["error"] is None
            assert accepted == c.correct == (c.text.endswith("torch.int64)") or c.text.endswith("torch.int32)"))
    elif kind == "float-ids":
        error = q.evidence["main"]["error"]
        assert error[0] == "RuntimeError" and "Long, Int" in error[1] and error[1] in q.correct.text
        assert error[1] == module.type_message(module.CASTS[p.variant][1])
    else:  # out of range: an IndexError on CPU, except for the largest valid id
        error = q.evidence["main"]["error"]
        if p.variant == "largest":
            assert error is None and q.correct.text.startswith("It runs")
        else:
            assert error == ["IndexError", "index out of range in self"] and error[1] in q.correct.text


def test_padding_rows_are_zero_vectors_wherever_the_padding_sits():
    p = FAMILY.decode({"kind": "padding", "vocab": 12, "input_size": 5, "hidden_size": 3, "classes": 2,
                       "batch": 2, "seq_len": 4, "stage": None, "ids": [[0, 0, 3, 7], [4, 0, 0, 0]],
                       "variant": "front"})
    q = build_checked(FAMILY, p, 3)
    assert q.evidence["main"]["values"]["zeros"] == 5 * 5 == int(q.correct.text)  # 5 pads × 5 entries


def test_misconceptions_differ_from_the_key_on_every_offered_item():
    rng = random.Random(11)
    for i in range(400):
        p = FAMILY.sample(rng, FAMILY.difficulties[i % 3])
        if p.kind not in ("stage", "count", "padding"):
            continue
        truth = module.truth_by_rule(p)
        wrong = {v for v in module.misconceptions(p).values() if v is not None and v != truth}
        assert len(wrong) >= 3, p


def test_nine_stem_templates_and_three_levels():
    stems, levels, drawn = sampled_situations(FAMILY, 5)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
    assert {p.kind for p in drawn} == {"stage", "count", "padding", "dtype", "float-ids", "out-of-range"}
