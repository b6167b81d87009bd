"""The benchmark suite keeps working (its figures are checked by reading them, not here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lstmq.engine.draw import generate
from lstmq.families import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks/ is not installed: import it from the checkout

from benchmarks.floor import run_floor, workload  # noqa: E402


def test_the_floor_replays_exactly_the_runs_a_question_needs():
    questions = list(generate(2 * len(REGISTRY), seed=6))
    codes = workload(questions)
    for q in questions:
        if q.code is not None:
            assert q.code in codes  # the snippet a student reads is one of the runs
    code_options = [c for q in questions if q.code is None for c in q.choices if c.format == "code"]
    # Each code option was run (and possibly candidates torch accepted, which were dropped).
    assert len(codes) >= sum(q.code is not None for q in questions) + len(code_options)
    wall, cpu = run_floor(codes)
    assert wall > 0 and cpu > 0
    wall, cpu = run_floor(codes, compile_group=5)  # compiling inside the loop, in groups
    assert wall > 0 and cpu > 0


@pytest.mark.slow
def test_the_benchmark_runs_and_reports_every_target_it_measured(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "generation",
                           "--count", "40", "--repeat", "1", "--jobs", "2", "--no-cli", "--no-floor-settings",
                           "--out", str(out)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert json.loads(out.read_text()) == result
    g = result["generation"]
    assert g["questions"] == 40 and set(g["families"]) == set(REGISTRY)
    assert g["parallel"]["identical_to_one_worker"] is True
    assert g["torch_runs_in_floor"] > 0 and g["floor"]["min_s"] > 0
    parts = g["where_the_time_goes"]
    assert parts["floor_compiling_in_groups_s"]["min_s"] > 0 and parts["lstmq_python_without_torch_s"]["min_s"] > 0
    assert len(parts["compiling_share_by_round"]) == 1 and parts["python_share"] > 0
    from benchmarks.table import table
    assert "Where the one-process time goes" in table(result)
    assert set(result["targets"]) >= {"generation_one_worker_over_floor", "generation_parallel_over_floor",
                                      "parallel_output_identical"}
    assert "torch" in result["machine"] and "cpu_model" in result["machine"]


def test_the_snippet_time_benchmark_times_every_drawn_snippet():
    from benchmarks.snippet_time import snippet_times, summary

    times = snippet_times("training-trace", count=3, repeat=1)
    assert len(times) == 3 and all(t > 0 for t in times)
    report = summary(times)
    assert report["snippets"] == 3 and 0 < report["median_ms"] <= report["p95_ms"] <= report["max_ms"]
