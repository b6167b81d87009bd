"""constructor and design: every option is judged again here, outside the engine, by building the
layer the option's text describes and comparing it with what the stem asked for."""

from __future__ import annotations

import random
import re
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lstmq.engine.assemble import TooFewDistractors, make_question
from lstmq.families import REGISTRY
from lstmq.families.constructor import CONSTRUCTOR_SITUATIONS, _partial_fixed
from lstmq.families.design import DESIGN_SITUATIONS
from lstmq.families.layer_ask import LayerAsk
from question_contract import assert_question_contract, drawn_or_none as built, sampled_situations

CONSTRUCTOR = REGISTRY["constructor"]
DESIGN = REGISTRY["design"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def layer_of(p: LayerAsk, text: str):
    """The layer an option's call builds in the item's situation, or None if the call fails."""
    names = {"nn": nn}
    if p.situation == "encoder":
        names["n_in"] = p.input_size  # `self` is not defined here: `self.n_in` fails, as it does in the class
    if p.situation == "partial":
        fixed = dict(kv.split("=") for kv in _partial_fixed(p))
        names["make"] = partial(nn.LSTM, **{k: eval(v) for k, v in fixed.items()})
    try:
        layer = eval(text, names)
    except Exception:
        return None
    return layer if isinstance(layer, nn.LSTM) else None


def is_asked_layer(p: LayerAsk, layer) -> bool:
    return layer is not None and (
        layer.input_size, layer.hidden_size, layer.num_layers, layer.bias, layer.batch_first,
        layer.bidirectional, layer.proj_size) == (p.input_size, p.hidden_size, p.num_layers, True,
                                                  p.batch_first, p.bidirectional, p.proj_size) \
        and all(type(v) is bool for v in (layer.batch_first, layer.bidirectional))


def assert_named_traps(q) -> None:
    """Every wrong option names its misconception, and what that misconception gives is not the key."""
    for c in q.choices:
        if not c.correct:
            assert c.misconception and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.misconception)
            assert c.yields and c.yields != q.correct.text


def design_fits(p: LayerAsk, layer) -> bool:
    """The rule the design family teaches, stated independently: the layer reads the width that
    reaches it, outputs the asked width per step, one layer, the data's layout and directions."""
    return layer is not None and (
        layer.input_size, layer.num_layers, layer.batch_first, layer.bidirectional,
        (layer.proj_size or layer.hidden_size) * (2 if layer.bidirectional else 1), layer.hidden_size,
    ) == (p.input_size, 1, p.situation in ("batch-first", "keras-port"), p.bidirectional, p.out_width,
          p.hidden_size)


@pytest.mark.parametrize("name, fits", [("constructor", is_asked_layer), ("design", design_fits)])
@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_key_and_only_the_key_builds_what_is_asked(name, fits, seed):
    """constructor: the asked layer; design: a layer that fits the pipeline."""
    family = REGISTRY[name]
    p, q = built(family, seed)
    if q is None:
        return
    assert_question_contract(q, family, q.params, seed)
    assert_named_traps(q)
    for c in q.choices:
        assert fits(p, layer_of(p, c.text)) == c.correct, (p, c.text)


def test_many_situations_and_two_levels_each():
    for family, situations in ((CONSTRUCTOR, CONSTRUCTOR_SITUATIONS), (DESIGN, DESIGN_SITUATIONS)):
        stems, levels, drawn = sampled_situations(family, seed=3)
        assert len(stems) >= 8 and len(levels) >= 2
        assert {p.situation for p in drawn} == set(situations)


def test_keys_take_every_form_and_the_hint_never_gives_the_numbers():
    forms, hints = set(), set()
    for seed in range(40):
        p, q = built(CONSTRUCTOR, seed)
        if q is None:
            continue
        forms.add("keyword" if "input_size=" in q.correct.text else "positional")
        hints.add(q.solution.hint)
        assert str(p.input_size) not in q.solution.hint and str(p.hidden_size) not in q.solution.hint
    assert forms == {"keyword", "positional"} and len(hints) >= 5


def test_params_round_trip_through_the_bank_form():
    rng = random.Random(1)
    for family in (CONSTRUCTOR, DESIGN):
        for level in family.difficulties:
            p = family.sample(rng, level)
            assert family.decode(family.encode(p)) == p
            assert family.difficulty_of(p) == level


@settings(max_examples=20, deadline=None)
@given(seeds)
def test_select_all_marks_exactly_the_calls_that_build_the_layer(seed):
    level = CONSTRUCTOR.difficulties[seed % 2]
    p = CONSTRUCTOR.sample_kind(random.Random(seed), level, "multiple")
    assert CONSTRUCTOR.kind_of(p) == "multiple" and CONSTRUCTOR.decode(CONSTRUCTOR.encode(p)) == p
    try:
        q = make_question(CONSTRUCTOR, p, seed)
    except TooFewDistractors:
        return
    assert q.kind == "multiple" and q.stem.endswith("Select all that apply.")
    assert 1 <= len(q.correct_choices) <= 3
    assert_named_traps(q)
    for c in q.choices:
        assert is_asked_layer(p, layer_of(p, c.text)) == c.correct, (p, c.text)


@settings(max_examples=25, deadline=None)
@given(seeds, st.sampled_from(["constructor", "design"]))
def test_no_named_trap_builds_what_is_asked_even_when_not_shown(seed, name):
    """The engine judges only the three traps it shows; every trap the family could offer is
    judged here, so a misconception that would give the key cannot hide among the unshown."""
    from lstmq.families.constructor import _constructor_wrongs
    from lstmq.families.design import _design_wrongs

    family = REGISTRY[name]
    p = family.sample(random.Random(seed), family.difficulties[seed % len(family.difficulties)])
    wrongs = _constructor_wrongs(p) if name == "constructor" else _design_wrongs(p)
    fits = is_asked_layer if name == "constructor" else design_fits
    for text, misconception, _ in wrongs:
        assert misconception and not fits(p, layer_of(p, text)), (p, text)
