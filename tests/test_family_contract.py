"""The contract every family keeps with the engine and the bank, checked once over the registry
(each family's own tests check its answers; this checks what all of them must do alike).

For every family, every kind it offers and every level that kind has params at:
- the params survive the bank: ``encode`` gives a JSON object, and ``decode`` of that object
  after a trip through JSON text gives the same params back (the bank is JSON, so tuples
  come back as lists and a family must read them);
- the params say what was asked: ``kind_of`` is the kind, ``difficulty_of`` the level;
- a single-choice draw is what ``sample`` draws, so banks drawn before kinds keep their bytes.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY

CASES = [(name, kind, level) for name, family in REGISTRY.items() for kind in family.kinds
         for level in family.difficulties if family.kind_capacity(level, kind) > 0]


def test_every_family_offers_each_of_its_kinds_at_some_level():
    for name, family in REGISTRY.items():
        assert {kind for n, kind, _ in CASES if n == name} == set(family.kinds), name


@pytest.mark.parametrize("name,kind,level", CASES, ids=["-".join(c) for c in CASES])
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_params_survive_the_bank_and_say_what_was_asked(name, kind, level, seed):
    family = REGISTRY[name]
    p = family.sample_kind(random.Random(seed), level, kind)
    stored = family.encode(p)
    assert isinstance(stored, dict)
    assert family.decode(json.loads(json.dumps(stored))) == p
    assert family.encode(family.decode(json.loads(json.dumps(stored)))) == stored
    assert family.kind_of(p) == kind
    assert family.difficulty_of(p) == level
    if kind == "single":
        assert stored == family.encode(family.sample(random.Random(seed), level))


def test_a_family_whose_snippets_build_optimizers_has_the_fork_server_preload_torchs_compiler():
    """torch imports its compiler (``torch._dynamo``, about 1 s of CPU) when the first optimizer
    is built; declared in ``Family.preload``, the fork server imports it once instead of every
    worker on its first such snippet (``engine.parallel.preload_for``)."""
    import importlib.util

    from lstmq.engine.parallel import preload_for

    for name, family in REGISTRY.items():
        codes = [family.snippet(family.sample(random.Random(seed), level)) or ""
                 for level in family.difficulties for seed in range(12)]
        builds_optimizers = any("torch.optim." in code for code in codes)
        assert ("torch._dynamo" in family.preload) == builds_optimizers, name
        assert all(importlib.util.find_spec(module) for module in family.preload), name
    assert preload_for(["training-trace", "stateful", "constructor"]) == ("torch._dynamo",)
    assert preload_for(["constructor"]) == ()
