"""--jobs N gives exactly the questions of --jobs 1: same slots, same attempts, same records.

The scheduler is tested twice: with real worker processes over the real registry, and with an
in-process executor over a made-up family that collides and lacks distractors on purpose, so
every path of ``resolve_slot`` (reported by a worker, misjudged by a stale hint, built on
demand, failed) is exercised.
"""

from __future__ import annotations

import json
from concurrent.futures import Future

import pytest
from click.testing import CliRunner

from crowded import Crowded, InProcess, one_by_one, records, with_families
from lstmq.engine import parallel
from lstmq.engine.draw import generate
from lstmq.engine.plan import plan
from lstmq.engine.slots import Attempt, Taken
from lstmq.cli import cli
from lstmq.errors import GenerationError
from lstmq.families import REGISTRY


# --- real workers, real families -----------------------------------------------------------

def test_workers_give_the_same_questions_for_every_family():
    count = 8 * len(REGISTRY)
    one = records(generate(count, seed=11))
    two = records(generate(count, seed=11, jobs=2))
    assert one == two
    assert {json.loads(r)["family"] for r in one} == set(REGISTRY)


def test_workers_agree_when_small_families_fill_up():
    # Every concepts question and most missing-argument ones: repeats on nearly every attempt.
    families = ["concepts", "missing-argument"]
    count = REGISTRY["concepts"].capacity("easy") + 200
    one = records(generate(count, seed=5, families=families))
    assert records(generate(count, seed=5, families=families, jobs=2)) == one
    keys = [json.dumps(json.loads(r)["params"], sort_keys=True) + json.loads(r)["family"] for r in one]
    assert len(set(keys)) == len(keys)


def test_cli_jobs_output_is_byte_identical(tmp_path, monkeypatch):
    trees = {}
    for jobs in ("1", "2"):
        where = tmp_path / f"jobs{jobs}"
        where.mkdir()
        monkeypatch.chdir(where)
        result = CliRunner().invoke(cli, ["generate", "--count", "60", "--seed", "9", "--jobs", jobs],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        trees[jobs] = {str(p.relative_to(where)): p.read_bytes() for p in sorted(where.rglob("*")) if p.is_file()}
    assert "bank.json" in trees["1"] and len(trees["1"]) > 2
    assert trees["1"] == trees["2"]


def test_jobs_must_be_positive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["generate", "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output
    assert not any(tmp_path.iterdir())


# --- the scheduler on a family built to collide and fail -------------------------------------

def outcome(fn):
    try:
        return records(fn())
    except GenerationError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize("seed", range(6))
def test_schedule_matches_one_process_with_collisions_and_failures(seed, monkeypatch):
    registry = with_families(Crowded())
    monkeypatch.setattr(parallel, "SLOTS_PER_TASK", 4)  # three runs of one small family
    slots = plan(9, ["crowded"], [], registry)  # 9 of the 9 params that can build (3 of 12 lack distractors)
    here = outcome(lambda: list(one_by_one(slots, seed, None, registry)))
    executor = InProcess()
    there = outcome(lambda: list(parallel.generate_parallel(slots, seed, 2, executor=executor, registry=registry)))
    assert there == here
    assert isinstance(here, list) and len(here) == 9
    assert sorted(json.loads(r)["params"]["n"] for r in here) == [n for n in range(12) if n % 4]
    # All three runs go out before any returns (the workers must not idle), so the later ones
    # carry an empty hint and repeat picks of the first: the parent builds the right ones on demand.
    assert executor.calls.count("build_run") == 3 and "build_one" in executor.calls


@pytest.mark.parametrize("seed", range(4))
def test_schedule_raises_the_same_error_at_the_same_slot(seed, monkeypatch):
    registry = with_families(Crowded(broken=5))
    monkeypatch.setattr(parallel, "SLOTS_PER_TASK", 4)
    slots = plan(11, ["crowded"], [], registry)  # more than can build: every seed meets draw 5 or runs dry
    here = outcome(lambda: list(one_by_one(slots, seed, None, registry)))
    there = outcome(lambda: list(parallel.generate_parallel(slots, seed, 2, executor=InProcess(),
                                                            registry=registry)))
    assert isinstance(here, str) and there == here


def test_schedule_over_real_families_uses_the_workers_builds():
    slots = plan(200, [], [])
    executor = InProcess()
    here = records(one_by_one(slots, 3, None))
    assert records(parallel.generate_parallel(slots, 3, 2, executor=executor)) == here
    # One task per run of SLOTS_PER_TASK slots of a family, and nothing built on demand.
    per_family = [sum(1 for s in slots if s.family == name) for name in REGISTRY]
    runs = sum(-(-n // parallel.SLOTS_PER_TASK) for n in per_family)
    assert executor.calls == ["build_run"] * runs


def test_a_stale_hint_costs_builds_never_a_different_question(monkeypatch):
    # Every run goes out with an empty hint: workers repeat each other's picks in a family of
    # 16 questions, and the parent's replay still lands exactly where one process does.
    monkeypatch.setattr(parallel.Hint, "copy", lambda self: parallel.Hint())
    monkeypatch.setattr(parallel, "SLOTS_PER_TASK", 4)
    slots = plan(16, ["concepts"], [])
    executor = InProcess()
    here = records(one_by_one(slots, 4, None))
    assert records(parallel.generate_parallel(slots, 4, 2, executor=executor)) == here
    assert executor.calls.count("build_one") > 0


def test_a_question_id_is_never_repeated():
    # Within a family the seed is the id: another attempt with the same seed is taken, in the
    # set's holdings and in a worker's hint alike.
    for taken in (Taken(), parallel.Hint()):
        taken.add(Attempt(0, 0, 77, {"n": 1}, "crowded{}"))
        assert taken.has(Attempt(1, 3, 77, {"n": 2}, "crowded{other}"))
        assert taken.has(Attempt(1, 4, 78, {"n": 1}, "crowded{}"))
        assert not taken.has(Attempt(1, 5, 79, {"n": 2}, "crowded{other}"))


def test_a_worker_that_dies_is_one_clear_error():
    from concurrent.futures.process import BrokenProcessPool

    class Dying(InProcess):
        def submit(self, fn, *args, **kwargs):
            future = Future()
            future.set_exception(BrokenProcessPool("gone"))
            return future

    registry = with_families(Crowded())
    with pytest.raises(GenerationError, match="worker process stopped"):
        list(parallel.generate_parallel(plan(4, ["crowded"], [], registry), 1, 2, executor=Dying(),
                                        registry=registry))


def test_a_hint_that_claims_too_much_costs_builds_never_a_different_question(monkeypatch):
    # As a digest collision would: workers skip attempts that are free, and the parent, which
    # checks against what the set really holds, builds those on demand.
    real_has = parallel.Hint.has
    monkeypatch.setattr(parallel.Hint, "has", lambda self, a: a.seed % 3 == 0 or real_has(self, a))
    slots = plan(60, [], [])
    executor = InProcess()
    here = records(one_by_one(slots, 6, None))
    assert records(parallel.generate_parallel(slots, 6, 2, executor=executor)) == here
    assert executor.calls.count("build_one") > 0
