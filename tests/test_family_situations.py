"""Families whose kinds are situation classes (embedding-pipeline, lstm-gru-rnn, packing,
stateful): every drawn kind has its class, and every misconception a value kind can offer has its
why and, where the explanation's mistakes are the shown options' traps, its trap
(``distractors.mistakes`` silently skips a misconception without a trap). No torch here."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY, embedding, lstm_gru_rnn, packing, stateful
from lstmq.families.base import shape_text
from lstmq.families.situation import Situation, ValueSituation
from lstmq.families.wording import worded

FAMILIES = {"embedding-pipeline": embedding, "lstm-gru-rnn": lstm_gru_rnn, "packing": packing, "stateful": stateful}


@pytest.mark.parametrize("name", FAMILIES)
def test_every_drawn_kind_has_its_situation_with_its_texts(name):
    family, rng = REGISTRY[name], random.Random(3)
    seen = set()
    for i in range(600):
        p = family.sample(rng, family.difficulties[i % 3])
        s = family.situation(p)
        assert s.kind == p.kind
        assert s.difficulty(p) == family.difficulty_of(p) == family.difficulties[i % 3]
        assert family.stem(p).strip()
        if isinstance(s, ValueSituation):
            named = {k for k, v in s.misconceptions(p).items() if v is not None}
            assert named <= set(s.whys), (p.kind, named - set(s.whys))
            if type(s).mistakes is Situation.mistakes:  # the mistakes are the shown options' traps
                assert named <= set(s.traps), (p.kind, named - set(s.traps))
        seen.add(p.kind)
    assert seen == set(FAMILIES[name].SITUATIONS)


def test_a_template_is_filled_with_the_params_and_the_shown_value():
    class P:
        hidden_size = 7
        lengths = [3, 1]

    table = worded({"t": "h={p.hidden_size}, first={p.lengths[0]}, got {v}.",
                    "f": lambda p, v: f"kept {v!r}"}, shape_text)
    assert table["t"](P(), (2, 3)) == "h=7, first=3, got (2, 3)."
    assert table["f"](P(), (2, 3)) == "kept (2, 3)"  # a function is kept as it is: show does not apply


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40),
       st.integers() | st.lists(st.integers(), max_size=4))
def test_a_template_reads_as_the_f_string_it_replaces(text, value):
    assert worded({"x": text + "{v}"})["x"](None, value) == f"{text}{value}"
