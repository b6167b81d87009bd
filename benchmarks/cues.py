"""Answer cues per family: how often picking by a cue alone finds the key (chance is 25 %).

    python -m benchmarks.cues packing gates --count 300

For each family, ``count`` questions are drawn (seeds 0..count-1, cycling the family's
difficulties) and cues are scored per item: the key is the longest option, the shortest option,
or the option most similar to the others (convergence), by the mean ``difflib`` character ratio
of its text to the other three and by the token edit similarity ``distractors.pick`` balances. A tie among k options counts 1/k, the expected score of a student
who picks at random among the tied ones. This is a quick measure for family authors; the
audit command is the project's own check.
"""

from __future__ import annotations

import argparse
import difflib
from collections import Counter

from lstmq.families.distractors import similarity, tokens


def cue_scores(texts: list[str], key: int) -> dict[str, float]:
    def share(values: list[float], best) -> float:
        top = best(values)
        tied = [i for i, v in enumerate(values) if v == top]
        return 1 / len(tied) if key in tied else 0.0

    lengths = [len(t) for t in texts]
    characters = [sum(difflib.SequenceMatcher(None, t, u).ratio() for j, u in enumerate(texts) if j != i) / 3
                  for i, t in enumerate(texts)]
    toks = [tokens(t) for t in texts]
    words = [round(sum(similarity(toks[i], toks[j]) for j in range(4) if j != i) / 3, 9) for i in range(4)]
    return {"longest": share(lengths, max), "shortest": share(lengths, min),
            "similar-chars": share(characters, max), "similar-tokens": share(words, max)}


CUES = ("longest", "shortest", "similar-chars", "similar-tokens")


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
    return {cue: totals[cue] / count for cue in CUES}, levels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="+")
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    print(f"{'family':<20}" + "".join(f"{cue:>16}" for cue in CUES) + "  levels")
    for name in args.families:
        rates, levels = measure(name, args.count)
        print(f"{name:<20}" + "".join(f"{rates[cue]:>16.1%}" for cue in CUES) + "  "
              + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))


if __name__ == "__main__":
    main()
