"""Torch time of a family's main snippet: how long one question's own code takes to run.

    python -m benchmarks.snippet_time training-trace --count 200

Issue 15 asks that a training-trace snippet (a tiny LSTM trained for a few epochs) stay under
50 ms of torch time. For each family named, ``count`` params are drawn (seeds 0..count-1,
cycling the difficulties) and each snippet is run once through ``lstmq.engine.runner.run`` to
warm up and then ``repeat`` times; the fastest of those runs is the snippet's time (what the
code costs, with the least of other processes' load). The report gives the median, the 95th
percentile and the maximum over the snippets, in milliseconds, of wall time and of this process's
CPU time (the runner uses one thread, so CPU time is the work itself). On a shared machine both
rise with its load, wall time most: rerun on an idle one before quoting them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from lstmq.families import REGISTRY


def snippet_times(name: str, count: int, repeat: int = 3, clock=time.perf_counter) -> list[float]:
    """The fastest of ``repeat`` runs of each of ``count`` drawn snippets, in seconds of ``clock``."""
    from lstmq.engine.runner import run

    family = REGISTRY[name]
    times = []
    for seed in range(count):
        params = family.sample(random.Random(seed), family.difficulties[seed % len(family.difficulties)])
        code = family.snippet(params)
        if code is None:
            continue
        run(code, seed, family.probes)  # warm-up: first calls of an operator cost more
        best = float("inf")
        for _ in range(repeat):
            start = clock()
            run(code, seed, family.probes)
            best = min(best, clock() - start)
        times.append(best)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    ms = [t * 1000 for t in ordered]
    return {"snippets": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2), "max_ms": round(ms[-1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="+", choices=list(REGISTRY))
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report = {name: {"wall": summary(snippet_times(name, args.count, args.repeat)),
                     "cpu": summary(snippet_times(name, args.count, args.repeat, time.process_time))}
              for name in args.families}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
