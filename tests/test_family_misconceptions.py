"""packing, gates, output-and-states, cell, lstm-gru-rnn, embedding-pipeline: every wrong option
names its misconception, the misconception is wrong on the item it is shown with (recomputed from
the params without torch where it is a value, judged by torch's own run where it is a program),
and Common mistakes are the family's own words, one for each wrong option shown."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.engine.assemble import TooFewDistractors, make_question
from lstmq.families import REGISTRY
from lstmq.model import Outcome
from lstmq.families import cell, embedding, gates, lstm_gru_rnn
from lstmq.families.distractors import named_values

FAMILIES = ("packing", "gates", "output-and-states", "cell", "lstm-gru-rnn", "embedding-pipeline")
KEBAB = r"[a-z0-9]+(-[a-z0-9]+)*"  # the bank schema's pattern


def rule_values(name: str, p) -> tuple[object, dict] | None:
    """(truth, misconception id -> value) from the rules alone, for value kinds that have them."""
    if name == "gates" and p.kind not in gates.SLICES:
        return round(gates.exact_truth(p), gates.DECIMALS), gates.misconception_values(p)
    if name == "cell" and p.kind in ("stacked", "step-shape", "param-count", "param-diff"):
        return cell.truth_by_rule(p), cell.misconceptions(p)
    if name == "embedding-pipeline" and p.kind in ("stage", "count", "padding"):
        return embedding.truth_by_rule(p), embedding.misconceptions(p)
    if name == "lstm-gru-rnn" and p.kind in ("count", "gap", "weight-shape", "output", "state", "swapped-head"):
        return lstm_gru_rnn.truth_by_rule(p), lstm_gru_rnn.misconceptions(p)
    if name == "packing" and p.kind == "pad-shape":
        return None  # shapes from pad_sequence: checked through the run below
    return None


def built(family, seed: int, level: str):
    """The question the engine accepts for ``seed`` at ``level``, or None if the draw is short."""
    rng = random.Random(seed)
    p = family.sample(rng, level)
    try:
        return p, make_question(family, p, seed)
    except TooFewDistractors:
        return p, None


@pytest.mark.parametrize("name", FAMILIES)
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.sampled_from(["easy", "medium", "hard"]))
def test_every_wrong_option_names_a_misconception_that_is_wrong_here(name, seed, level):
    family = REGISTRY[name]
    p, q = built(family, seed, level)
    if q is None:
        return
    wrong = [c for c in q.choices if not c.correct]
    assert all(c.misconception and re.fullmatch(KEBAB, c.misconception) for c in wrong), [c.text for c in wrong]
    assert all(c.correct is False and c.yields for c in wrong)
    # Torch's verdict on each shown option: a value differs from the key, a program fails its check.
    for c in wrong:
        assert c.text != q.correct.text
        if c.label in q.evidence["options"]:
            assert family.achieves(p, _outcome(q.evidence["options"][c.label])) is False
    # The rules alone agree: each shown misconception's own value is not the truth.
    rules = rule_values(name, p)
    if rules is not None:
        truth, values = rules
        for c in wrong:
            assert c.misconception in values, c.misconception
            assert values[c.misconception] is not None and values[c.misconception] != truth
    # Common mistakes: one per wrong option, none a copy of an option's why.
    whys = {c.why for c in q.choices}
    assert len(q.solution.mistakes) == len(wrong)
    assert not set(q.solution.mistakes) & whys


@pytest.mark.parametrize("name", ["cell", "embedding-pipeline", "lstm-gru-rnn"])
@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.sampled_from(["easy", "medium", "hard"]))
def test_no_misconception_that_gives_the_truth_is_offered(name, seed, level):
    """Without torch: every value candidate a family proposes names a misconception whose value on
    these params differs from the rule's truth (the rest are not offered at all)."""
    family = REGISTRY[name]
    module = {"cell": cell, "embedding-pipeline": embedding, "lstm-gru-rnn": lstm_gru_rnn}[name]
    p = family.sample(random.Random(seed), level)
    rules = rule_values(name, p)
    if rules is None:
        return
    truth, values = rules
    offered = named_values(p, values, truth, str, {k: (lambda p, v: "") for k in values})
    assert all(c.value != truth and values[c.misconception] == c.value for c in offered)
    assert {c.misconception for c in offered} == {k for k, v in values.items() if v is not None and v != truth}
    assert module.truth_by_rule(p) == truth


def _outcome(d: dict) -> Outcome:
    return Outcome(tuple(d["error"]) if d["error"] else None, tuple(tuple(w) for w in d["warnings"]), d["values"])


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.sampled_from(["easy", "medium", "hard"]))
def test_gates_offers_only_slips_a_rounded_step_apart_from_the_truth(seed, level):
    """Without torch (the truth from the equations, as the snippet rounds it): each offered slip
    is named, and its own value is at least MIN_GAP from the truth."""
    family = REGISTRY["gates"]
    p = family.sample(random.Random(seed), level)
    if p.kind in gates.SLICES:
        return
    truth = round(gates.exact_truth(p), gates.DECIMALS)
    _, wrong = family.options(p, Outcome(values={gates.target(p): truth}))
    values = gates.misconception_values(p)
    assert len(wrong) == 3
    for c in wrong:
        assert abs(values[c.misconception] - truth) >= gates.MIN_GAP and c.value == values[c.misconception]
