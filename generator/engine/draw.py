"""Drawing a planned set: in this process, or in worker processes when ``jobs`` > 1.

Both give the same questions in the same order (``slots.resolve_slot`` decides every pick).
"""

from __future__ import annotations

import os
from typing import Callable, Iterator, Mapping

from ..families import REGISTRY, Family
from ..model import Question
from .plan import Slot, plan


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def draw(slots: list[Slot], seed: int, jobs: int = 1, run: Callable | None = None,
         registry: Mapping[str, Family] = REGISTRY) -> Iterator[Question]:
    """The verified question of every slot, in slot order, for the master ``seed``.

    ``jobs`` > 1 builds in that many worker processes; the questions are the same. A custom
    ``run`` (tests compare runner settings with it) always runs here, in this process.
    """
    if jobs > 1 and run is None:
        from .parallel import SLOTS_PER_TASK, generate_parallel

        workers = min(jobs, -(-len(slots) // SLOTS_PER_TASK))  # no idle workers for a small set
        return generate_parallel(slots, seed, workers, registry=registry)
    from .batch import generate_here

    return generate_here(slots, seed, run, registry)


def generate(count: int, seed: int, families: list[str] | None = None, difficulties: list[str] | None = None,
             jobs: int = 1, run: Callable | None = None, kinds: list[str] | None = None) -> Iterator[Question]:
    """``count`` distinct verified questions for the master ``seed``: ``plan``, then ``draw``."""
    return draw(plan(count, list(families or []), list(difficulties or []), kinds=list(kinds or [])),
                seed, jobs, run)
