"""Building a set's questions in worker processes, with exactly the result of building them here.

``slots.resolve_slot`` picks the attempt that fills a slot, and the pick depends on what the
earlier slots of the same family took (a repeat of its params or of its id is skipped; see
``slots.Taken``). While several workers build one family, none of them knows its final
holdings, so the workers decide nothing. A task hands a worker a run of one family's slots
and a *hint* of what that family holds (digests, possibly stale or incomplete); the worker
runs ``resolve_slot`` against the hint and records (``slots.Replay``) every attempt it
sampled and every build it made. The parent then runs ``resolve_slot`` itself, slot by slot,
against the real holdings, replaying those records: a reported build is used when
``resolve_slot`` asks for that very attempt, and anything else (rare: an attempt the hint got
wrong) is built on demand.
A wrong hint costs time, never a different question: same slots, same attempts, same
``make_question`` calls, so ``--jobs N`` writes what ``--jobs 1`` writes.

Tasks go out earliest slot first, one family per task, so a family's hint is usually complete
when its next run is sent. The parent neither samples params (the workers do, and report them)
nor imports torch: workers fork from a server process that imported it once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator, Mapping

from ..errors import GenerationError
from ..families import REGISTRY, Family
from ..model import Question
from ..signals import signals_held
from .batch import build_many, prebuild, runner_for
from .memory import address_space_limit
from .plan import Slot
from .slots import Attempt, Built, Holdings, Replay, Taken, resolve_slot

SLOTS_PER_TASK = 16  # a run of one family's slots (~25 ms of work): fewer messages, a short tail
TASKS_IN_FLIGHT_PER_JOB = 8  # queued work per worker: covers a round of 13 families with room to spare


def _digest(key: str) -> int:
    # 8 bytes stand for a params key in a hint: a collision can only make a worker skip an
    # attempt the parent then builds on demand.
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


class Hint(Taken):
    """What a family holds, as far as the parent knows when it sends a task: small to send.

    A worker passes it to ``resolve_slot`` in place of the family's ``Taken``; it keeps
    digests of the params keys instead of the keys.
    """

    def key(self, a: Attempt) -> int:
        return _digest(a.key)


def build_one(family: Family, params: dict, seed: int) -> Built:
    return build_many([(family, params, seed)], runner_for(None))[0]


def build_run(family: Family, run: list[tuple[int, str]], master: int, hint: Hint) -> list[Replay]:
    """Worker side: resolve a run of one family's slots against ``hint``, recording everything.

    The run's likely picks are built together first (``batch.prebuild``). Stops at the first
    slot that raises, as generating here would; the parent replays up to it.
    """
    slots = [Slot(index, family.name, difficulty, kind) for index, difficulty, kind in run]
    replays = prebuild(slots, family, master, hint, runner_for(None))
    records = []
    for slot in slots:
        record = Replay()
        records.append(record)
        try:
            resolve_slot(slot, family, master, hint, lambda a: build_one(family, a.params, a.seed),
                         replays[slot.index], record)
        except GenerationError:
            break
    return records


def torch_version() -> str:
    from .runner import TORCH_VERSION

    return str(TORCH_VERSION)  # a plain str: torch's TorchVersion would import torch to unpickle


def preload_for(families: Iterable[str], registry: Mapping[str, Family] = REGISTRY) -> tuple[str, ...]:
    """The torch modules the fork server imports for workers that build ``families``."""
    return tuple(sorted({module for name in families for module in registry[name].preload}))


def worker_torch_version(families: Iterable[str] = ()) -> str:
    """The torch version the workers run, asked of one (this process stays free of torch).

    It also starts the fork server, so the workers of the set itself start at once; it imports
    what the snippets of ``families`` load on first use (``Family.preload``).
    """
    try:
        with make_executor(1, preload_for(families)) as executor:
            with signals_held():
                future = executor.submit(torch_version)
            return future.result()
    except BrokenProcessPool:
        raise GenerationError("a worker process could not start or load torch (out of memory, or memory "
                              "limited by ulimit -v?); allow more memory or use --jobs 1") from None


WORKER_ADDRESS_SPACE = 2 * 2**30  # ulimit -v below this: torch cannot load in a worker


def _check_memory_limit() -> None:
    """Under a small ``ulimit -v`` the fork server fails to import torch and, out of memory,
    cannot even report it in one line; say so before starting it."""
    soft = address_space_limit()
    if soft is not None and soft < WORKER_ADDRESS_SPACE:
        raise GenerationError(f"memory is limited to {soft // 2**20} MB (ulimit -v); worker processes need "
                              f"{WORKER_ADDRESS_SPACE // 2**20} MB to load torch: allow more, or use --jobs 1")


def make_executor(jobs: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """Workers forked from a server that imported torch (and ``preload``): a server already
    running, started by an earlier call in this process, is reused as it is."""
    _check_memory_limit()
    # Not "fork": importing torch already starts a thread, and forking a threaded process is
    # unsafe (Python 3.12+ warns). A fork server that imported torch is as quick.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        # Import torch once in the server; each worker forks from it in milliseconds.
        ctx.set_forkserver_preload(["lstmq.engine.parallel", "lstmq.engine.runner", *preload])
        _start_fork_server()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_setup,
                               initargs=(os.getpid(),))


def _start_fork_server() -> None:
    """Start multiprocessing's helper processes (the fork server and the resource tracker) with
    SIGINT and SIGHUP blocked from their first instruction.

    Ctrl+C and a hang-up reach the whole process group. The fork server ignores SIGINT only
    once it has imported torch, so a Ctrl+C during that second printed its KeyboardInterrupt
    traceback; the resource tracker does not ignore SIGHUP, and a new one started after it
    died printed a KeyError traceback. lstmq itself reports the stop and ends them. A child
    keeps its parent's signal mask across exec, so each helper starts with both signals held;
    each then ignores SIGINT itself, which drops a held one, and never unblocks SIGHUP.

    This process blocks them too, and never ignores them: a signal that comes meanwhile waits
    and reaches lstmq's own handlers when the mask is restored. (Ignoring them here as well, as
    lstmq once did, lost a Ctrl+C that came after the resource tracker started: CPython unblocks
    SIGINT when the tracker is up, and an ignored signal that is not blocked is dropped, so the
    whole set was generated after the user had stopped it.)
    """
    from multiprocessing import forkserver, resource_tracker

    quiet = {signal.SIGINT, signal.SIGHUP}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, quiet)
    try:
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, quiet)  # CPython unblocks SIGINT once the tracker is up
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 0.5


def _worker_setup(parent: int) -> None:
    """Each worker: Ctrl+C is the parent's to report (in one line; it shuts the workers down),
    and the worker dies with lstmq.

    Its own parent is the fork server, which only ends once every worker has (each holds the
    server's lifeline pipe), so the kernel's parent-death signal alone would wait for good: it
    covers the server being killed, and a thread watching lstmq's pid covers lstmq.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, TypeError):
        pass  # not Linux: the watch below still ends the worker
    if not _alive(parent):
        os._exit(1)
    threading.Thread(target=_end_with, args=(parent,), name="lstmq-parent-watch", daemon=True).start()


def _end_with(parent: int) -> None:
    while _alive(parent):
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def generate_parallel(slots: list[Slot], master: int, jobs: int, executor: Executor | None = None,
                      registry: Mapping[str, Family] = REGISTRY) -> Iterator[Question]:
    """The questions of ``slots`` in order, built by ``jobs`` workers (or by ``executor``)."""
    own = executor is None
    pool = make_executor(jobs, preload_for({s.family for s in slots}, registry)) if own else executor
    try:
        yield from _Schedule(slots, master, pool, jobs, registry).run()
    except BrokenProcessPool:
        raise GenerationError("a worker process stopped unexpectedly (out of memory?); "
                              "try again with fewer --jobs") from None
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


class _Schedule:
    def __init__(self, slots: list[Slot], master: int, executor: Executor, jobs: int,
                 registry: Mapping[str, Family]) -> None:
        self.slots = slots
        self.master = master
        self.executor = executor
        self.registry = registry
        self.window = max(1, jobs) * TASKS_IN_FLIGHT_PER_JOB
        self.busy_floor = 2 * max(1, jobs)  # a run queued behind the one each worker is on
        self.unsent: dict[str, list[Slot]] = {}  # per family, in slot order (reversed: pop() is next)
        for slot in reversed(slots):
            self.unsent.setdefault(slot.family, []).append(slot)
        self.hints: dict[str, Hint] = {name: Hint() for name in self.unsent}
        self.in_flight: dict[Future, list[Slot]] = {}
        self.returned: set[int] = set()  # slots whose task came back (with a record or not)
        self.records: dict[int, Replay] = {}

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
        with signals_held():  # a worker started mid-submit must be one the pool knows to stop
            future = self.executor.submit(build_run, self.registry[family],
                                          [(s.index, s.difficulty, s.kind) for s in run], self.master,
                                          self.hints[family].copy())
        self.in_flight[future] = run
        return True

    def _fill(self) -> None:
        while len(self.in_flight) < self.window and self._send_next():
            pass

    def _receive(self, future: Future) -> None:
        run = self.in_flight.pop(future)
        hint = self.hints[run[0].family]
        for slot, record in zip(run, future.result()):
            self.records[slot.index] = record
            last = record.tried[-1] if record.tried else None
            if last is not None and last.number in record.built and record.built[last.number].ok:
                hint.add(last)  # the likely pick: later runs of the family avoid it
        self.returned.update(slot.index for slot in run)

    def _wait_for(self, slot: Slot) -> None:
        while slot.index not in self.returned:
            self._fill()  # every earlier slot is done, so this slot's family is sent first
            done, _ = wait(list(self.in_flight), return_when=FIRST_COMPLETED)
            for future in done:
                self._receive(future)
        self._fill()

    def run(self) -> Iterator[Question]:
        holdings = Holdings()
        for slot in self.slots:
            self._wait_for(slot)
            family = self.registry[slot.family]

            def build_now(a: Attempt, family: Family = family) -> Built:
                # an attempt the worker did not build (its hint was wrong): build it now
                with signals_held():
                    future = self.executor.submit(build_one, family, a.params, a.seed)
                return future.result()

            record = Replay()
            q = resolve_slot(slot, family, self.master, holdings[slot.family], build_now,
                             self.records.pop(slot.index, None), record)
            self.hints[slot.family].add(record.tried[-1])  # the slot's pick
            yield q
