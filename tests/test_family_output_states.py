"""output-and-states: which slice of output is which final state, decided by torch.equal in each
option's run and by the rules, independently."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families import output_states as module
from question_contract import build_checked, sampled_situations

FAMILY = REGISTRY["output-and-states"]
seeds = st.integers(0, 2**32 - 1)


def expected_key(p: dict) -> str | None:
    """The right expression written from the layout rules (None for statement kinds)."""
    kind, h, t, b = p.kind, p.hidden_size, p.seq_len, p.which
    last = str(t - 1) if p.counted else "-1"
    if kind in ("last", "unbatched"):
        return f"output[{last}]" if b is None else f"output[{last}, {b}]"
    if kind == "batch-first":
        return f"output[:, {last}]" if b is None else f"output[{b}, {last}]"
    if kind in ("backward", "forward"):
        step, feats = ("0", f"{h}:") if kind == "backward" else (last, f":{h}")
        seq = ":" if b is None else str(b)
        return f"output[{seq}, {step}, {feats}]" if p.batch_first else f"output[{step}, {seq}, {feats}]"
    if kind == "view":
        return f"h_n.view({p.num_layers}, 2, {p.batch}, {h})[-1, 0]"
    return None


@settings(max_examples=50, deadline=None)
@given(seeds, st.sampled_from(["easy", "medium", "hard"]))
def test_torch_confirms_exactly_the_key_and_the_rules_agree(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_checked(FAMILY, p, seed % 10_000)
    for c in q.choices:  # every option ran with its torch.equal check, kept as evidence
        assert (q.evidence["options"][c.label]["values"].get("holds") is True) == c.correct, c.text
    key = expected_key(p)
    if key is not None:
        assert q.correct.text == key
        options = module.expression_options(p)
        refs = {text: ref for text, ref in options.values()}
        key_ref = options["truth"][1]
        for c in q.choices:
            if not c.correct:  # the misconception's tensor is not the key's, by the rules too
                assert not module.same(p, refs[c.text], key_ref), c.text
    else:
        table = module.statements(p)
        by_text = {text: holds for text, _, holds in table.values()}
        assert by_text[q.correct.text] is True
        assert all(by_text[c.text] is False for c in q.choices if not c.correct)


def test_bidirectional_final_states_sit_where_each_direction_stops():
    p = FAMILY.decode({"kind": "backward", "input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True,
                       "batch_first": False, "seq_len": 5, "batch": 6, "claim": None, "which": None, "counted": False})
    assert module.canonical(p, ("out", 0, "bwd", None)) == ("h", 1, 1, None)  # h_n[-1]
    assert module.canonical(p, ("out", -1, "fwd", None)) == ("h", 1, 0, None)  # h_n[-2]
    assert module.canonical(p, ("out", -1, "bwd", None))[0] == "out"  # not a final state
    assert module.flat_state(p, -1) == ("h", 1, 1, None)
    q = build_checked(FAMILY, p, 4)
    assert q.correct.text == "output[0, :, 4:]" and q.difficulty == "hard"


def test_a_misconception_that_names_the_key_is_not_offered():
    # Sequence 4 of a 5-step batch: output[4, 4] is the same element written either way round.
    p = FAMILY.decode({"kind": "last", "input_size": 3, "hidden_size": 2, "num_layers": 1, "bidirectional": False,
                       "batch_first": False, "seq_len": 5, "batch": 6, "claim": None, "which": 4, "counted": True})
    options = module.expression_options(p)
    assert module.same(p, options["batch-axis"][1], options["truth"][1])
    q = build_checked(FAMILY, p, 9)
    assert q.correct.text == "output[4, 4]"
    assert sum(c.text == "output[4, 4]" for c in q.choices) == 1


def test_eight_stem_templates_three_levels_and_no_axis_comments():
    stems, levels, drawn = sampled_situations(FAMILY, 2)
    assert len(stems) >= 8, stems
    assert levels == {"easy", "medium", "hard"}
    assert all("#" not in FAMILY.snippet(p) for p in drawn)