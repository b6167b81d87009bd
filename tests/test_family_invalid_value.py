"""invalid-value: four constructor calls; the key is the one whose outcome the stem asks for.

Each option's call is run here with plain ``exec`` (not the engine's runner) and classified by
what torch did: an exception type, a warning, or a silent build. Exactly the key must have the
asked outcome. The family's own rule for each variant is checked against torch separately, and
every named misconception must give another outcome than the one asked (without torch).
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claim_checks import build_or_none, common_checks, execute
from lstmq.families import REGISTRY
from lstmq.families.invalid_value import ASKS, BY_ID, VARIANTS, call, misconception_id
from question_contract import sampled_situations

FAMILY = REGISTRY["invalid-value"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)


def ran_outcome(source: str) -> str:
    ran = execute(f"import torch.nn as nn\n\nlstm = {source}\n")
    if ran.error:
        return ran.error[0]
    return "warns" if ran.warnings else "builds"


def option_call(text: str) -> str:
    return text.strip("`")


@settings(max_examples=40, deadline=None)
@given(seeds, levels)
def test_only_the_key_has_the_asked_outcome(seed, level):
    params = FAMILY.sample(random.Random(seed), level)
    assert FAMILY.decode(FAMILY.encode(params)) == params
    q = build_or_none(FAMILY, params, seed)
    if q is None:
        return
    common_checks(FAMILY, params, seed, q)
    assert q.difficulty == level
    for c in q.choices:
        assert (ran_outcome(option_call(c.text)) == params.ask) == c.correct, (c.text, params.ask)
        if not c.correct:
            assert c.misconception and c.misconception.endswith(params.ask.lower())
    # The solution explains with this item's calls, not by pointing at torch.
    assert all(f"`{option_call(c.text)}`" in " ".join(q.solution.steps) for c in q.choices)


@settings(max_examples=200, deadline=None)
@given(seeds, levels)
def test_every_named_misconception_misses_the_asked_outcome(seed, level):
    """Without torch: a wrong option's variant never has the outcome the stem asks for, and the
    key's variant always has it, so no misconception shown can score."""
    p = FAMILY.sample(random.Random(seed), level)
    assert BY_ID[p.key].outcome == p.ask
    assert len(set(p.wrong)) == 3 and p.key not in p.wrong
    for vid in p.wrong:
        assert BY_ID[vid].outcome != p.ask, (vid, p.ask)
        assert BY_ID[vid].fits(p)
    calls = [call(p, v) for v in (p.key, *p.wrong)]
    assert len(set(calls)) == 4


@settings(max_examples=25, deadline=None)
@given(seeds)
def test_each_variants_rule_agrees_with_torch(seed):
    """The outcome each variant states is what torch does, for drawn sizes and values."""
    p = FAMILY.sample(random.Random(seed), "hard")
    for v in VARIANTS:
        if v.fits(p):
            assert ran_outcome(call(p, v.id)) == v.outcome, (v.id, call(p, v.id))


@settings(max_examples=25, deadline=None)
@given(seeds, levels)
def test_select_all_items_mark_exactly_the_calls_with_the_asked_outcome(seed, level):
    params = FAMILY.sample_kind(random.Random(seed), level, "multiple")
    assert FAMILY.decode(FAMILY.encode(params)) == params and FAMILY.kind_of(params) == "multiple"
    q = build_or_none(FAMILY, params, seed)
    if q is None:
        return
    common_checks(FAMILY, params, seed, q)
    assert q.kind == "multiple" and q.stem.endswith("Select all that apply.")
    assert sum(c.correct for c in q.choices) == 1 + len(params.right)
    for c in q.choices:
        outcome = ran_outcome(option_call(c.text))
        asked = outcome in ("ValueError", "TypeError") if params.ask == "raises" else outcome == params.ask
        assert asked == c.correct, (c.text, params.ask)
        assert c.correct or c.misconception


def test_asks_levels_and_situations_vary():
    stems, found_levels, drawn = sampled_situations(FAMILY, seed=4, draws=600)
    assert len(stems) >= 8
    assert found_levels == set(FAMILY.difficulties)
    assert {p.ask for p in drawn} == set(ASKS)
    # Every variant appears as a key and as a wrong option somewhere.
    assert {p.key for p in drawn} | {w for p in drawn for w in p.wrong} == set(BY_ID)
    assert {misconception_id(w, p.ask) for p in drawn for w in p.wrong}


def test_hints_ask_and_do_not_name_the_key():
    rng = random.Random(9)
    hints = set()
    for i in range(60):
        p = FAMILY.sample(rng, FAMILY.difficulties[i % 3])
        expl = FAMILY.explain(p, None, None)
        hints.add(expl.hint)
        assert expl.hint.endswith("?")
        assert call(p, p.key) not in expl.hint and call(p, p.key) not in expl.quick_check
        assert not re.search(r"torch ran", " ".join(expl.steps))
    assert len(hints) >= 8
