"""Planning a set: which family, difficulty and kind each of ``count`` slots gets.

Families share the count evenly (as far as each family's distinct questions allow) and come
interleaved, so any prefix of a set mixes families; inside a family the difficulties (and the
kinds, for a family with several) alternate. A family with one kind plans as before kinds existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..errors import RequestError
from ..families import REGISTRY, Family
from ..limits import MAX_COUNT
from ..model import DIFFICULTIES, KINDS


@dataclass(frozen=True)
class Slot:
    index: int
    family: str
    difficulty: str
    kind: str = "single"


def _water_fill(count: int, capacities: dict[str, int]) -> dict[str, int]:
    """Split ``count`` as evenly as capacities allow, in the dict's order for remainders."""
    share = {k: 0 for k in capacities}
    left = count
    open_keys = [k for k, cap in capacities.items() if cap > 0]
    while left and open_keys:
        each, extra = divmod(left, len(open_keys))
        for i, k in enumerate(list(open_keys)):
            want = each + (1 if i < extra else 0)
            take = min(want, capacities[k] - share[k])
            share[k] += take
            left -= take
        open_keys = [k for k in open_keys if share[k] < capacities[k]]
    return share


def plan(count: int, families: list[str], difficulties: list[str],
         registry: Mapping[str, Family] = REGISTRY, kinds: list[str] | tuple[str, ...] = ()) -> list[Slot]:
    """Which family, difficulty and kind each of ``count`` slots gets: families evenly, interleaved."""
    if count < 1:
        raise RequestError("--count must be at least 1")
    if count > MAX_COUNT:
        raise RequestError(f"--count is at most {MAX_COUNT}")
    fams = families or list(registry)
    levels = difficulties or list(DIFFICULTIES)
    wanted_kinds = kinds or list(KINDS)
    # A cell is a difficulty, or (difficulty, kind) for a family with several kinds.
    per_family: dict[str, dict] = {}
    for name in fams:
        fam = registry[name]
        own = [k for k in fam.kinds if k in wanted_kinds]
        if fam.kinds == ("single",):
            caps = {d: fam.capacity(d) for d in fam.difficulties if d in levels and own}
        else:
            caps = {(d, k): fam.kind_capacity(d, k) for d in fam.difficulties if d in levels for k in own}
        if caps:
            per_family[name] = caps
    if not per_family:
        kind_words = f" and kind {', '.join(wanted_kinds)}" if kinds else ""
        raise RequestError(
            f"no selected family has difficulty {', '.join(levels)}{kind_words} "
            f"(families: {', '.join(fams)})"
        )
    totals = {name: sum(caps.values()) for name, caps in per_family.items()}
    available = sum(totals.values())
    if count > available:
        raise RequestError(
            f"asked for {count} questions, but the selected families and difficulties "
            f"give only {available} distinct ones"
        )
    queues: dict[str, list] = {}
    for name, n in _water_fill(count, totals).items():
        split = _water_fill(n, per_family[name])
        # Interleave difficulties inside a family so a short page still mixes levels.
        order: list = []
        remaining = dict(split)
        while any(remaining.values()):
            for d, k in remaining.items():
                if k:
                    order.append(d)
                    remaining[d] -= 1
        queues[name] = order
    slots: list[Slot] = []
    while len(slots) < count:
        for name, queue in queues.items():
            if queue:
                cell = queue.pop(0)
                difficulty, kind = cell if isinstance(cell, tuple) else (cell, "single")
                slots.append(Slot(len(slots), name, difficulty, kind))
    return slots
