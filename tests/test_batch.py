"""Building questions together gives exactly the questions of building them one by one.

``runner.run_many`` must give each snippet the outcome ``run`` gives it alone; ``build_many``
must give each item what ``make_question`` gives; ``batch.generate_here`` must pick what
resolving the slots one by one picks, whatever the batch size and however the guesses fail.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crowded import Crowded, one_by_one, records, with_families
from lstmq.engine import batch, runner
from lstmq.engine.assemble import make_question
from lstmq.engine.draw import generate
from lstmq.engine.plan import plan
from lstmq.errors import GenerationError
from lstmq.families import REGISTRY


def requests_of(questions) -> list:
    """Every run the questions made, as (code, seed, probes), recorded through ``run``."""
    made = []

    def recording_run(code, seed, probes=(), fast=True):
        made.append((code, seed, tuple(probes)))
        return runner.run(code, seed, probes, fast=fast)

    for q in questions:
        make_question(REGISTRY[q.family], REGISTRY[q.family].decode(q.params), q.seed, recording_run)
    return made


def test_run_many_gives_each_snippet_the_outcome_it_gets_alone():
    requests = requests_of(generate(3 * len(REGISTRY), seed=21))
    alone = [runner.run(*request) for request in requests]
    assert any(o.error for o in alone) and any(o.warnings for o in alone) and any(o.values for o in alone)
    assert runner.run_many(requests) == alone
    shuffled = list(range(len(requests)))
    random.Random(1).shuffle(shuffled)
    assert runner.run_many([requests[i] for i in shuffled]) == [alone[i] for i in shuffled]


def test_a_snippet_cannot_hide_the_next_snippets_warnings_or_errors():
    silence = "import warnings\nwarnings.simplefilter('ignore')\nwarnings.resetwarnings()\n"
    warn = "import warnings\nwarnings.warn('careful', UserWarning)\nx = 1\n"
    broken = "x = (\n"
    got = runner.run_many([(silence, 1, ()), (warn, 2, ("x",)), (broken, 3, ()), (warn, 4, ())])
    assert got[1] == runner.run(warn, 2, ("x",)) and got[1].warnings == (("UserWarning", "careful"),)
    assert got[2].error[0] == "SyntaxError" and got[2] == runner.run(broken, 3)
    assert got[3].warnings == (("UserWarning", "careful"),)


def test_run_many_restores_the_rng_and_the_thread_count():
    import torch

    before_threads, before_rng = torch.get_num_threads(), torch.get_rng_state()
    runner.run_many([("import torch\nx = torch.randn(3)\n", 5, ("x",))] * 3)
    assert torch.get_num_threads() == before_threads
    assert torch.equal(torch.get_rng_state(), before_rng)


def test_build_many_gives_what_make_question_gives():
    rng = random.Random(4)
    items = []
    for family in REGISTRY.values():
        for _ in range(3):
            seed = rng.randrange(2**32)
            items.append((family, family.sample(random.Random(seed), rng.choice(family.difficulties)), seed))
    built = batch.build_many(items, runner.run_many)
    for (family, params, seed), item in zip(items, built):
        try:
            alone = (True, make_question(family, params, seed).to_dict())
        except GenerationError as exc:  # too few distractors is an outcome too
            alone = (False, f"{type(exc).__name__}: {exc}")
        got = item.value.to_dict() if item.ok else f"{type(item.value).__name__}: {item.value}"
        assert (item.ok, got) == alone


def test_build_many_sends_runs_in_rounds():
    calls: list[int] = []

    def counting(requests):
        calls.append(len(requests))
        return runner.run_many(requests)

    slots = plan(2 * len(REGISTRY), [], [])
    questions = list(one_by_one(slots, 8))
    items = [(REGISTRY[q.family], REGISTRY[q.family].decode(q.params), q.seed) for q in questions]
    assert [b.question().to_dict() for b in batch.build_many(items, counting)] == [q.to_dict() for q in questions]
    # Every round advances every unfinished question by one run: as many rounds as the most
    # runs one question needs, not a call per run.
    per_question = [len(requests_of([q])) for q in questions]
    assert sum(calls) == sum(per_question)
    assert len(calls) == max(per_question) < sum(per_question) / 4


@pytest.mark.parametrize("seed, per_run", [(1, 32), (2, 5)])
def test_generating_in_runs_picks_what_one_by_one_picks(seed, per_run, monkeypatch):
    monkeypatch.setattr(batch, "SLOTS_PER_RUN", per_run)
    slots = plan(6 * len(REGISTRY), [], [])
    assert records(batch.generate_here(slots, seed, None)) == records(one_by_one(slots, seed))


def test_family_runs_cover_every_slot_once_in_order_of_their_first_slot():
    slots = plan(100, [], [])
    runs = batch.family_runs(slots, 4)
    assert sorted(s.index for run in runs for s in run) == list(range(100))
    assert [run[0].index for run in runs] == sorted(run[0].index for run in runs)
    assert all(len({s.family for s in run}) == 1 and len(run) <= 4 for run in runs)


def outcome(fn):
    """The questions that came out, in order, and the error that ended them (if any)."""
    got = []
    try:
        for q in fn():
            got.append(q)
    except GenerationError as exc:
        return records(got), str(exc)
    return records(got), None


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), per_run=st.sampled_from([1, 3, 5, 32]),
       count=st.integers(1, 22), broken=st.sampled_from([None, 5, 7]), runs=st.booleans())
def test_runs_match_one_by_one_when_draws_collide_and_fail(seed, per_run, count, broken, runs):
    # Two made-up families of twelve params, three without enough distractors, one perhaps
    # with a draw that raises: guesses repeat each other and fail, and the error (if any)
    # must come at the same slot with the same text, after the same questions.
    families = [Crowded(broken=broken, runs=runs), Crowded(runs=not runs, name="crowded-too")]
    registry = with_families(*families)
    saved_size, batch.SLOTS_PER_RUN = batch.SLOTS_PER_RUN, per_run
    try:
        slots = plan(count, [f.name for f in families], [], registry)
        assert outcome(lambda: batch.generate_here(slots, seed, None, registry)) == \
            outcome(lambda: one_by_one(slots, seed, registry=registry))
    finally:
        batch.SLOTS_PER_RUN = saved_size
