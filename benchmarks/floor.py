"""The torch floor: the torch work a question set needs, with nothing of lstmq around it.

``workload`` replays each accepted question through ``make_question`` with a recording
``run`` and keeps the code strings it executed: the question's snippet and the option
programs that had to run to verify it. (Draws that were skipped or lacked distractors are
lstmq's overhead, so they are not part of the floor.) ``run_floor`` then executes exactly
those strings in a bare loop: no seeding, no RNG fork, no warning capture, no descriptions.
The code objects are compiled beforehand, so the loop times only torch building layers,
making tensors and running forward passes (and raising the errors the questions ask about).
"""

from __future__ import annotations

import contextlib
import sys
import time
import warnings

from lstmq.engine.assemble import make_question
from lstmq.families import REGISTRY


def workload(questions) -> list[str]:
    """The code strings the questions ran, in order; the replay must rebuild each question."""
    from lstmq.engine import runner

    codes: list[str] = []

    def recording_run(code, seed, probes=(), fast=True):
        codes.append(code)
        return runner.run(code, seed, probes, fast=fast)

    for q in questions:
        family = REGISTRY[q.family]
        again = make_question(family, family.decode(q.params), q.seed, recording_run)
        if again.to_dict() != q.to_dict():
            raise AssertionError(f"{q.id}: replay built a different question")
    return codes


@contextlib.contextmanager
def torch_settings(mkldnn: bool, threads: int | None):
    import torch

    before = torch.backends.mkldnn.enabled, torch.get_num_threads()
    torch.backends.mkldnn.enabled = mkldnn
    if threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.backends.mkldnn.enabled = before[0]
        torch.set_num_threads(before[1])


def _compiled(code: str):
    try:
        return compile(code, "<question>", "exec")
    except SyntaxError as exc:
        return exc


def run_floor(codes: list[str], mkldnn: bool = True, threads: int | None = 1,
              compile_group: int = 0) -> tuple[float, float]:
    """Seconds to execute ``codes`` bare. The default settings are the runner's (``fast=True``):
    oneDNN as torch leaves it (on), one intra-op thread. ``threads=None`` keeps torch's count.
    ``compile_group`` > 0 compiles the strings inside the timed loop, that many at a time just
    before running them, as lstmq compiles a round of snippets (not part of the floor: it shows
    what compiling costs). Returns wall-clock and CPU seconds."""
    group = compile_group or len(codes) or 1
    compiled = None if compile_group else [_compiled(code) for code in codes]
    with torch_settings(mkldnn, threads), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(codes), group):
            programs = compiled[start:start + group] if compiled is not None else \
                [_compiled(code) for code in codes[start:start + group]]
            for program in programs:
                try:
                    if isinstance(program, SyntaxError):
                        raise program  # code that does not parse is an outcome too, as in the runner
                    exec(program, {})
                except Exception:  # the error questions ask about is part of the work
                    pass
        return time.perf_counter() - wall, time.process_time() - cpu


def _clear_lstmq_caches() -> None:
    """Empty every ``functools`` cache of lstmq's modules (texts' tokens, pickers' results): a
    replay right after the recording run would otherwise find every text already measured."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").split(".")[0] == "lstmq":
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def python_only(count: int, seed: int, warm_up: tuple[int, int]) -> tuple[float, float]:
    """Seconds lstmq spends on everything but torch for a set: the ``warm_up`` set (count, seed)
    and the set are generated once to record each run's outcome; then, with lstmq's caches
    emptied, the warm-up is replayed as the timed runs have it, and the set is replayed, timed,
    with a runner that returns the recorded outcomes."""
    from lstmq.engine import runner
    from lstmq.engine.draw import generate

    recorded: dict = {}

    def recording_run(code, seed, probes=(), fast=True):
        out = recorded[code, seed, tuple(probes)] = runner.run(code, seed, probes, fast=fast)
        return out

    def replaying_run(code, seed, probes=(), fast=True):
        return recorded[code, seed, tuple(probes)]

    list(generate(*warm_up, run=recording_run))
    first = [q.to_dict() for q in generate(count, seed, run=recording_run)]
    _clear_lstmq_caches()
    list(generate(*warm_up, run=replaying_run))
    wall, cpu = time.perf_counter(), time.process_time()
    again = list(generate(count, seed, run=replaying_run))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if [q.to_dict() for q in again] != first:
        raise AssertionError("the replayed set differs from the recorded one")
    return wall, cpu
