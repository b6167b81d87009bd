"""Answer cues per family: how often picking by a cue alone finds the key (chance is 25 %).

    python -m benchmarks.cues packing gates --count 300

For each family, ``count`` questions are drawn (seeds 0..count-1, cycling the family's
difficulties) and three cues are scored per item: the key is the longest option, the shortest
option, or the option most similar to the others (mean ``difflib`` ratio of its text to the
other three: convergence). A tie among k options counts 1/k, the expected score of a student
who picks at random among the tied ones. This is a quick measure for family authors; the
audit command is the project's own check.
"""

from __future__ import annotations

import argparse
import difflib
from collections import Counter


def cue_scores(texts: list[str], key: int) -> dict[str, float]:
    def share(values: list[float], best) -> float:
        top = best(values)
        tied = [i for i, v in enumerate(values) if v == top]
        return 1 / len(tied) if key in tied else 0.0

    lengths = [len(t) for t in texts]
    similarity = [sum(difflib.SequenceMatcher(None, t, u).ratio() for j, u in enumerate(texts) if j != i) / 3
                  for i, t in enumerate(texts)]
    return {"longest": share(lengths, max), "shortest": share(lengths, min),
            "most-similar": share(similarity, max)}


def measure(name: str, count: int) -> tuple[dict[str, float], Counter]:
    from lstmq.engine.assemble import draw_question
    from lstmq.families import REGISTRY

    family = REGISTRY[name]
    totals: Counter = Counter()
    levels: Counter = Counter()
    for seed in range(count):
        q = draw_question(family, family.difficulties[seed % len(family.difficulties)], seed)
        texts = [" ".join(c.text.split()) for c in q.choices]
        key = next(i for i, c in enumerate(q.choices) if c.correct)
        for cue, score in cue_scores(texts, key).items():
            totals[cue] += score
        levels[q.difficulty] += 1
    return {cue: totals[cue] / count for cue in ("longest", "shortest", "most-similar")}, levels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="+")
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    print(f"{'family':<20} {'longest':>8} {'shortest':>9} {'most-similar':>13}  levels")
    for name in args.families:
        rates, levels = measure(name, args.count)
        print(f"{name:<20} {rates['longest']:>8.1%} {rates['shortest']:>9.1%} {rates['most-similar']:>13.1%}  "
              + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))


if __name__ == "__main__":
    main()
