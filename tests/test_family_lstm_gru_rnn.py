"""lstm-gru-rnn: nn.LSTM, nn.GRU and nn.RNN of the same sizes, against rules written here again
(per tensor, not per block) and torch's own runs."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import lstm_gru_rnn as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["lstm-gru-rnn"]
seeds = st.integers(0, 2**32 - 1)
ROWS_PER_HIDDEN = {"LSTM": 4, "GRU": 3, "RNN": 1}


def tensors(p: dict, module_name: str) -> list[tuple[int, ...]]:
    """Every parameter's shape, listed the way torch names them (weight_ih_lK, ..., _reverse)."""
    g, i, h = ROWS_PER_HIDDEN[module_name], p.input_size, p.hidden_size
    d = 2 if p.bidirectional else 1
    shapes = []
    for layer in range(p.num_layers):
        for _ in range(d):
            shapes += [(g * h, i if layer == 0 else d * h), (g * h, h)]
            if p.bias:
                shapes += [(g * h,), (g * h,)]
    return shapes


def numel(shapes) -> int:
    total = 0
    for s in shapes:
        n = 1
        for k in s:
            n *= k
        total += n
    return total


def by_hand(p: dict):
    kind, m = p.kind, p.module
    d = 2 if p.bidirectional else 1
    if kind == "count":
        return numel(tensors(p, m))
    if kind == "gap":
        return numel(tensors(p, "LSTM")) - numel(tensors(p, p.other))
    if kind == "weight-shape":
        index = {"weight_ih_l0": 0, "weight_hh_l0": 1, "bias_ih_l0": 2}[p.weight]
        return tensors(replace(p, bias=True), m)[index]
    if kind == "output":
        return (p.seq_len, p.batch, d * p.hidden_size)
    if kind == "swapped-head":  # the LSTM's second value is the pair (h_n, c_n): [-1] is c_n
        return (p.num_layers, p.batch, p.classes)
    if kind == "state":
        return ("pair" if m == "LSTM" else "tensor", (p.num_layers * d, p.batch, p.hidden_size))
    return None


@settings(max_examples=60, deadline=None)
@given(seeds, st.sampled_from(["easy", "medium", "hard"]))
def test_keys_match_the_rules_and_no_misconception_gives_them(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    want = by_hand(p)
    kind = p.kind
    if want is not None:
        show = {"count": str, "gap": str, "state": module.state_text}.get(kind, module.shape_text)
        assert q.correct.text == show(want)
        assert module.truth_by_rule(p) == want
        offered = {show(v) for v in module.misconceptions(p).values() if v is not None}
        for c in q.choices:
            if not c.correct:
                assert c.text in offered and c.text != q.correct.text
        return
    if kind == "which-runs":  # every option is a layer run with the unpacking: only two state rows unpack
        for c in q.choices:
            layers = int(re.search(r"num_layers=(\d+)", c.text).group(1)) if "num_layers" in c.text else 1
            rows = layers * (2 if "bidirectional=True" in c.text else 1)
            assert (q.evidence["options"][c.label]["error"] is None) == c.correct == (rows == 2), c.text
        return
    error = q.evidence["main"]["error"]
    rows = p.num_layers * (2 if p.bidirectional else 1)
    if kind == "unpack" and rows == 2:  # a tensor of two rows unpacks into two names silently
        assert error is None and q.correct.text.startswith("It runs")
    elif kind == "unpack":
        assert error[0] == "ValueError" and error[1] in q.correct.text
        assert ("not enough" in error[1]) == (rows == 1)
    elif kind == "tuple-attr":
        assert error[0] == "AttributeError" and "'tuple' object" in error[1] and error[1] in q.correct.text
    elif p.variant == "tuple":
        assert error[0] == "AttributeError" and error[1] in q.correct.text
    else:  # torch.cat made one tensor of two rows, or of twice the features
        n, h = p.batch, p.hidden_size
        got = f"[2, {n}, {h}]" if p.variant == "cat0" else f"[1, {n}, {2 * h}]"
        assert error == ["RuntimeError", f"Expected hidden size (1, {n}, {h}), got {got}"]
        assert error[1] in q.correct.text


def test_gates_blocks_make_the_counts_four_three_and_one_times_the_rnn():
    p = FAMILY.decode({"kind": "count", "module": "RNN", "input_size": 5, "hidden_size": 3, "seq_len": 4,
                       "batch": 2, "num_layers": 2, "bias": True, "bidirectional": True, "weight": None,
                       "other": None, "attr": None, "classes": None, "variant": None})
    counts = {}
    for m in ("LSTM", "GRU", "RNN"):
        q = build_checked(FAMILY, replace(p, module=m), 1)
        counts[m] = q.evidence["main"]["values"]["n_params"]
    # RNN by hand: layer 0: 2 × (3·5 + 3·3 + 3 + 3); layer 1 reads 2·3 = 6: 2 × (3·6 + 9 + 6)
    assert counts["RNN"] == 2 * (15 + 9 + 6) + 2 * (18 + 9 + 6) == 126
    assert counts == {"LSTM": 4 * 126, "GRU": 3 * 126, "RNN": 126}


def test_misconceptions_differ_from_the_key_on_every_offered_item():
    rng = random.Random(7)
    for i in range(400):
        p = FAMILY.sample(rng, FAMILY.difficulties[i % 3])
        if p.kind in module.ERROR_KINDS or p.kind == "which-runs":
            continue
        truth = module.truth_by_rule(p)
        wrong = [v for v in module.misconceptions(p).values() if v is not None and v != truth]
        assert len({repr(v) for v in wrong}) >= 3, p


def test_eight_stem_templates_and_three_levels():
    stems, levels, drawn = sampled_situations(FAMILY, 4)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
    assert {p.kind for p in drawn} == {"count", "gap", "weight-shape", "output", "state", "tuple-attr",
                                          "swapped-head", "unpack", "which-runs", "pair-in"}
