"""Building a set's questions in worker processes, with exactly the result of building them here.

Which attempt fills a slot depends on every earlier slot (a repeat is skipped), so the workers
cannot decide it. The parent plans ahead instead: for each slot it samples params (cheap, no
torch) and predicts the attempt ``build.resolve_slot`` will pick if every build succeeds, plus
a few backups in case one lacks distractors. A worker builds those attempts in order until one
succeeds. The parent then runs ``resolve_slot`` itself, slot by slot, over the questions really
taken; a prebuilt result is used only when ``resolve_slot`` lands on that very attempt, and
anything else (rare: a prediction a failed build made wrong) is built on demand. Same slots,
same attempts, same ``make_question`` calls: ``--jobs N`` writes what ``--jobs 1`` writes.

The parent never imports torch: workers fork from a server process that imported it once.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterator

from .build import (
    Attempt,
    Slot,
    Taken,
    TooFewDistractors,
    attempts,
    make_question,
    resolve_slot,
)
from .errors import GenerationError
from .families import REGISTRY, Family
from .model import Question

SLOTS_PER_TASK = 8  # enough to amortise a round trip (a question takes a few ms)
TASKS_IN_FLIGHT_PER_JOB = 8  # work queued per worker (~0.15 s): a busy parent never starves them
BACKUPS = 1  # attempts a worker tries after a build that lacked distractors (rare)
BACKUP_SEARCH = 8  # attempts sampled past the predicted one when looking for a backup

# One built attempt: (attempt number, "ok" | "few" | "error", Question | message | exception).
Built = tuple[int, str, Any]


def build_attempts(tasks: list[tuple[str, list[tuple[int, dict, int]]]]) -> list[list[Built]]:
    """Worker side: for each slot, build its candidate attempts in order until one succeeds."""
    from .runner import run

    results = []
    for family_name, candidates in tasks:
        family = REGISTRY[family_name]
        built: list[Built] = []
        for number, params, seed in candidates:
            try:
                built.append((number, "ok", make_question(family, params, seed, run)))
                break
            except TooFewDistractors as exc:
                built.append((number, "few", str(exc)))
            except Exception as exc:  # raised in the parent when resolve_slot reaches it
                built.append((number, "error", exc))
                break
        results.append(built)
    return results


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
        ctx.set_forkserver_preload(["lstmq.parallel", "lstmq.runner"])
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
        self.predicted = Taken()  # taken questions plus the predicted winners of submitted slots
        self.in_flight: deque[tuple[Future, list[Slot]]] = deque()
        self.prebuilt: dict[tuple[int, int], Built] = {}
        self.sampled: dict[int, list[Attempt]] = {}
        self.cursor = 0  # the next slot to submit

    def _candidates(self, slot: Slot) -> list[Attempt]:
        family = slot.family
        chosen: list[Attempt] = []
        sampled = self.sampled[slot.index] = []  # kept for resolve_slot: sampling is not free
        for a in attempts(slot, self.master):
            sampled.append(a)
            if chosen and a.number - chosen[0].number > BACKUP_SEARCH:
                break  # a nearly full family: backups are not worth a long search
            if self.predicted.has(family, a) or any(a.key == c.key for c in chosen):
                continue
            chosen.append(a)
            if len(chosen) > BACKUPS:
                break
        if chosen:
            self.predicted.add(family, chosen[0])
        return chosen

    def _tries(self, slot: Slot) -> Iterator[Attempt]:
        """``attempts(slot)``: the ones sampled while predicting, then the rest."""
        sampled = self.sampled.pop(slot.index, [])
        yield from sampled
        yield from attempts(slot, self.master, start=len(sampled))

    def _submit(self) -> None:
        batch = self.slots[self.cursor:self.cursor + SLOTS_PER_TASK]
        self.cursor += len(batch)
        tasks = [(slot.family, [(a.number, a.params, a.seed) for a in self._candidates(slot)])
                 for slot in batch]
        self.in_flight.append((self.executor.submit(build_attempts, tasks), batch))

    def _collect_until(self, slot: Slot) -> None:
        while self.in_flight and self.in_flight[0][1][0].index <= slot.index:
            future, batch = self.in_flight.popleft()
            for s, built in zip(batch, future.result()):
                for item in built:
                    self.prebuilt[(s.index, item[0])] = item
            if self.cursor < len(self.slots):
                self._submit()

    def _build(self, family: Family, a: Attempt) -> Question:
        item = self.prebuilt.pop((a.slot, a.number), None)
        if item is None:  # an attempt no prediction covered: build it now
            task = [(family.name, [(a.number, a.params, a.seed)])]
            item = self.executor.submit(build_attempts, task).result()[0][0]
        _, kind, value = item
        if kind == "ok":
            return value
        if kind == "few":
            raise TooFewDistractors(value)
        raise value

    def run(self) -> Iterator[Question]:
        taken = Taken()
        while self.cursor < len(self.slots) and len(self.in_flight) < self.window:
            self._submit()
        for slot in self.slots:
            self._collect_until(slot)
            q = resolve_slot(slot, self.master, taken, self._build, self._tries(slot))
            self.predicted.add_question(q)
            for key in [k for k in self.prebuilt if k[0] == slot.index]:
                del self.prebuilt[key]
            yield q
