"""Building a set's questions in worker processes, with exactly the result of building them here.

``build.resolve_slot`` picks the attempt that fills a slot, and the pick depends on what the
earlier slots of the same family took (a repeat of its params or of its id is skipped; see
``build.Taken``). While several workers build one family, none of them knows its final
holdings, so the workers decide nothing. A task hands a worker a run of one family's slots
and a *hint* of what that family holds (digests, possibly stale or incomplete); the worker
runs ``resolve_slot`` against the hint and reports every attempt it sampled and every build
it made. The parent then runs ``resolve_slot`` itself, slot by slot, against the real
holdings, replaying those reports: a reported build is used when ``resolve_slot`` asks for
that very attempt, and anything else (rare: an attempt the hint got wrong) is built on demand.
A wrong hint costs time, never a different question: same slots, same attempts, same
``make_question`` calls, so ``--jobs N`` writes what ``--jobs 1`` writes.

Tasks go out earliest slot first, one family per task, so a family's hint is usually complete
when its next run is sent. The parent neither samples params (the workers do, and report them)
nor imports torch: workers fork from a server process that imported it once.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..errors import GenerationError
from ..families import REGISTRY, Family
from ..model import Question
from .assemble import Attempt, Slot, Taken, attempts, resolve_slot
from .batch import Built, Prebuilt, build_many, runner_for, unwrap

SLOTS_PER_TASK = 16  # a run of one family's slots (~25 ms of work): fewer messages, a short tail
TASKS_IN_FLIGHT_PER_JOB = 8  # queued work per worker: covers a round of 13 families with room to spare


def _digest(key: str) -> int:
    # 8 bytes stand for a params key in a hint: a collision can only make a worker skip an
    # attempt the parent then builds on demand.
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


class Hint(Taken):
    """What a family holds, as far as the parent knows when it sends a task: small to send.

    A worker passes it to ``resolve_slot`` in place of a ``Taken``; only ``has`` and ``add``
    are called, and they work on digests and seeds instead of keys and ids.
    """

    def __init__(self, keys: Iterable[int] = (), seeds: Iterable[int] = ()) -> None:
        self.key_digests = set(keys)
        self.seeds = set(seeds)

    def has(self, family: str, a: Attempt) -> bool:
        return a.seed in self.seeds or _digest(a.key) in self.key_digests

    def add(self, family: str, a: Attempt) -> None:
        self.key_digests.add(_digest(a.key))
        self.seeds.add(a.seed)

    def copy(self) -> "Hint":
        return Hint(self.key_digests, self.seeds)


@dataclass
class Report:
    """One slot as a worker resolved it: the attempts it sampled, in order, and its builds."""

    tried: list[Attempt] = field(default_factory=list)
    built: dict[int, Built] = field(default_factory=dict)  # by attempt number


def build_one(family_name: str, params: dict, seed: int) -> Built:
    return build_many([(REGISTRY[family_name], params, seed)], runner_for(None))[0]


def build_run(family_name: str, run: list[tuple[int, str]], master: int, hint: Hint) -> list[Report]:
    """Worker side: resolve a run of one family's slots against ``hint``, recording everything.

    The run's likely picks are built together first (``batch.Prebuilt``). Stops at the first
    slot that raises, as generating here would; the parent replays up to it.
    """
    slots = [Slot(index, family_name, difficulty) for index, difficulty in run]
    ahead = Prebuilt(slots, master, hint, runner_for(None))
    reports = []
    for slot in slots:
        report = Report()
        reports.append(report)

        def recording_build(family: Family, a: Attempt, report: Report = report) -> Question:
            item = report.built[a.number] = ahead.build(family, a)
            return unwrap(item)

        def recording_tries(slot: Slot = slot, report: Report = report) -> Iterator[Attempt]:
            for a in ahead.tries(slot):
                report.tried.append(a)
                yield a

        try:
            resolve_slot(slot, master, hint, recording_build, recording_tries())
        except Exception:
            break
    return reports


def torch_version() -> str:
    from .runner import TORCH_VERSION

    return str(TORCH_VERSION)  # a plain str: torch's TorchVersion would import torch to unpickle


def worker_torch_version() -> str:
    """The torch version the workers run, asked of one (this process stays free of torch).

    It also starts the fork server, so the workers of the set itself start at once.
    """
    with make_executor(1) as executor:
        return executor.submit(torch_version).result()


def make_executor(jobs: int) -> ProcessPoolExecutor:
    # Not "fork": importing torch already starts a thread, and forking a threaded process is
    # unsafe (Python 3.12+ warns). A fork server that imported torch is as quick.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        # Import torch once in the server; each worker forks from it in milliseconds.
        ctx.set_forkserver_preload(["lstmq.engine.parallel", "lstmq.engine.runner"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent reports it in one line and shuts the
    # workers down; a worker printing its own traceback would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def generate_parallel(slots: list[Slot], master: int, jobs: int,
                      executor: Executor | None = None) -> Iterator[Question]:
    """The questions of ``slots`` in order, built by ``jobs`` workers (or by ``executor``)."""
    own = executor is None
    pool = make_executor(jobs) if own else executor
    try:
        yield from _Schedule(slots, master, pool, jobs).run()
    except BrokenProcessPool:
        raise GenerationError("a worker process stopped unexpectedly (out of memory?); "
                              "try again with fewer --jobs") from None
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


class _Schedule:
    def __init__(self, slots: list[Slot], master: int, executor: Executor, jobs: int) -> None:
        self.slots = slots
        self.master = master
        self.executor = executor
        self.window = max(1, jobs) * TASKS_IN_FLIGHT_PER_JOB
        self.busy_floor = 2 * max(1, jobs)  # a run queued behind the one each worker is on
        self.unsent: dict[str, list[Slot]] = {}  # per family, in slot order (reversed: pop() is next)
        for slot in reversed(slots):
            self.unsent.setdefault(slot.family, []).append(slot)
        self.hints: dict[str, Hint] = {name: Hint() for name in self.unsent}
        self.in_flight: dict[Future, list[Slot]] = {}
        self.returned: set[int] = set()  # slots whose task came back (with a report or not)
        self.reports: dict[int, Report] = {}

    def _send_next(self) -> bool:
        """Send the next run of the family whose next unsent slot comes first.

        A family with a run still out is sent again only to keep the workers from idling: its
        hint would lack that run's picks, and in a small family a stale hint means repeats.
        """
        waiting = [name for name, queue in self.unsent.items() if queue]
        out = {slots[0].family for slots in self.in_flight.values()}
        settled = [name for name in waiting if name not in out]
        if not settled and len(self.in_flight) >= self.busy_floor:
            return False
        candidates = settled or waiting
        if not candidates:
            return False
        family = min(candidates, key=lambda name: self.unsent[name][-1].index)
        queue = self.unsent[family]
        run = [queue.pop() for _ in range(min(SLOTS_PER_TASK, len(queue)))]
        future = self.executor.submit(build_run, family, [(s.index, s.difficulty) for s in run],
                                      self.master, self.hints[family].copy())
        self.in_flight[future] = run
        return True

    def _fill(self) -> None:
        while len(self.in_flight) < self.window and self._send_next():
            pass

    def _receive(self, future: Future) -> None:
        run = self.in_flight.pop(future)
        hint = self.hints[run[0].family]
        for slot, report in zip(run, future.result()):
            self.reports[slot.index] = report
            last = report.tried[-1] if report.tried else None
            if last is not None and report.built.get(last.number, ("",))[0] == "ok":
                hint.add(slot.family, last)  # the likely pick: later runs of the family avoid it
        self.returned.update(slot.index for slot in run)

    def _wait_for(self, slot: Slot) -> None:
        while slot.index not in self.returned:
            self._fill()  # every earlier slot is done, so this slot's family is sent first
            done, _ = wait(list(self.in_flight), return_when=FIRST_COMPLETED)
            for future in done:
                self._receive(future)
        self._fill()

    def _build(self, report: Report | None, family: Family, a: Attempt) -> Question:
        item = report.built.pop(a.number, None) if report else None
        if item is None:  # an attempt the worker did not build (its hint was wrong): build it now
            item = self.executor.submit(build_one, family.name, a.params, a.seed).result()
        q = unwrap(item)
        self.hints[family.name].add(family.name, a)  # a successful build is the slot's pick
        return q

    def _tries(self, slot: Slot, report: Report | None) -> Iterator[Attempt]:
        """``attempts(slot)``: the ones the worker sampled, then (rarely needed) the rest."""
        sampled = report.tried if report else []
        yield from sampled
        yield from attempts(slot, self.master, start=len(sampled))

    def run(self) -> Iterator[Question]:
        taken = Taken()
        for slot in self.slots:
            self._wait_for(slot)
            report = self.reports.pop(slot.index, None)
            yield resolve_slot(slot, self.master, taken,
                               lambda family, a: self._build(report, family, a), self._tries(slot, report))
