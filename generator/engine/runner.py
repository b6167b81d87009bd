"""Runs question code in torch and reports what happened. The only module that imports torch.

Each snippet runs in a fresh namespace with torch's CPU generator seeded with the question's
seed and restored afterwards, so random tensors are reproducible and nothing leaks into global
RNG state.
What it produced is described as plain data (shapes, configs, numbers, exception type and
message, warnings): families read those descriptions, never torch objects.
"""

from __future__ import annotations

import contextlib
import gc
import os
import warnings
from types import CodeType
from typing import Any, Iterable

# oneDNN keeps up to 1,024 compiled kernels by default, one per new layer shape. A question
# reuses a shape only within itself (its option programs), so a few suffice: measured over
# 3,000 questions, 16 kept peak memory 85 MB lower at no cost in speed. Read when oneDNN first
# runs, so it is set before torch loads; an explicit setting wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16")

from ..errors import TorchUnavailable  # noqa: E402
from .memory import address_space_limit  # noqa: E402
from ..model import Outcome, Request  # noqa: E402

# Below about 700 MB of address space (ulimit -v) torch cannot load here, and between about 400
# and 650 MB it fails inside its own import or native code, some of it in ways Python cannot
# catch (std::bad_alloc, an OpenBLAS abort): refuse a limit under 1 GB before trying.
IN_PROCESS_ADDRESS_SPACE = 2**30


def _check_memory_limit() -> None:
    soft = address_space_limit()
    if soft is not None and soft < IN_PROCESS_ADDRESS_SPACE:
        raise TorchUnavailable(f"memory is limited to {soft // 2**20} MB (ulimit -v); loading torch needs "
                               f"{IN_PROCESS_ADDRESS_SPACE // 2**20} MB: allow more")


_check_memory_limit()
try:
    import torch
    from torch import nn
except (ImportError, OSError, MemoryError) as exc:  # e.g. under ulimit -v, mapping libtorch fails
    reason = " ".join(str(exc).split())[:200] or type(exc).__name__
    raise TorchUnavailable(f"cannot load torch ({type(exc).__name__}: {reason}); if memory is limited "
                           "(ulimit -v), allow more") from None

# Importing torch leaves about 150,000 objects that live as long as the process. Each full
# garbage collection walked them all again (about 70 ms a time while a set was generated);
# frozen, the collector skips them.
gc.freeze()

TORCH_VERSION = torch.__version__


def named_parameters(module: nn.Module) -> list[tuple[str, torch.Tensor]]:
    """``module.named_parameters()`` read straight from the registry when there are no
    submodules (an LSTM has none): the same list, without the generator machinery, which cost
    about 45 us per layer described."""
    if module._modules:
        return list(module.named_parameters())
    seen: set[int] = set()
    out = []
    for name, p in module._parameters.items():
        if p is not None and id(p) not in seen:
            seen.add(id(p))
            out.append((name, p))
    return out


def _parameter_facts(module: nn.Module) -> dict:
    count, shapes = 0, {}
    for name, p in named_parameters(module):
        count += p.numel()
        shapes[name] = list(p.shape)
    return {"param_count": count, "param_shapes": shapes}


def describe(value: Any) -> Any:
    """A JSON-able description of a value a snippet left behind."""
    if isinstance(value, torch.Tensor):
        info: dict[str, Any] = {"shape": list(value.shape), "dtype": str(value.dtype).replace("torch.", "")}
        if value.numel() == 1 and value.dtype.is_floating_point:
            info["value"] = float(value.item())
        elif value.numel() == 1:
            info["value"] = int(value.item())
        return info
    if isinstance(value, nn.LSTM):
        return {
            "module": "LSTM",
            "input_size": value.input_size,
            "hidden_size": value.hidden_size,
            "num_layers": value.num_layers,
            "bias": value.bias,
            "batch_first": value.batch_first,
            "dropout": value.dropout,
            "bidirectional": value.bidirectional,
            "proj_size": value.proj_size,
            **_parameter_facts(value),
        }
    if isinstance(value, nn.Module):
        return {"module": type(value).__name__, "param_count": sum(p.numel() for p in value.parameters())}
    if isinstance(value, (tuple, list)):
        return [describe(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return {"type": type(value).__name__}


# Notices torch gives once per process (TORCH_WARN_ONCE) about which kernel it picked, e.g.
# that oneDNN has no LSTM with projections. Whether a snippet showed one would depend on what ran
# earlier in the same process (and differ between --jobs), so they are not kept as evidence.
_ONCE_PER_PROCESS_NOTICES = ("is not supported with oneDNN. Using default implementation.",)


def _kept(message: str) -> bool:
    return not any(notice in message for notice in _ONCE_PER_PROCESS_NOTICES)


@contextlib.contextmanager
def _one_thread(enabled: bool):
    """One intra-op thread for the block, restored afterwards.

    Question tensors are tiny: a second OpenMP thread only adds synchronisation, and on a busy
    2-core machine a forward pass ran several times slower with two threads than with one.
    Parallelism comes from worker processes instead (``lstmq generate --jobs``).
    """
    threads = torch.get_num_threads()
    if not enabled or threads == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def run(code: str, seed: int, probes: Iterable[str] = (), fast: bool = True) -> Outcome:
    """Execute ``code`` exactly as written and describe the names listed in ``probes``.

    ``fast`` runs on one thread (see ``_one_thread``); ``fast=False`` keeps torch's defaults.
    Either way the records are the same (a test compares every family's both ways, and with
    oneDNN turned off).
    """
    return run_many([(code, seed, tuple(probes))], fast)[0]


def _compiled(code: str) -> CodeType | Exception:
    try:
        return compile(code, "<question>", "exec")
    except Exception as exc:  # e.g. a SyntaxError: reported like any error the code raises
        return exc


def run_many(requests: list[Request], fast: bool = True) -> list[Outcome]:
    """``run`` for each request in turn: the same outcomes, for less overhead per snippet.

    All the snippets are compiled first: compiling between torch calls costs about twice as
    much, as torch's work leaves the compiler cold in the CPU caches. The thread setting, the
    warning capture and the saved RNG state are set up once for the round; each snippet still
    gets a fresh namespace, its own seed and the "always" warning filter.
    """
    programs = [_compiled(code) for code, _, _ in requests]
    outcomes = []
    # The CPU generator only, saved and restored around the round (what fork_rng(devices=[])
    # does, without its overhead): torch.manual_seed would also queue a seed for CUDA, XPU and
    # MTIA, formatting a stack trace for each (about 0.2 ms a call).
    rng = torch.default_generator
    rng_state = rng.get_state()
    try:
        with _one_thread(fast), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            always = warnings.filters[0]
            for (code, seed, probes), program in zip(requests, programs):
                if not warnings.filters or warnings.filters[0] is not always:
                    warnings.simplefilter("always")  # an earlier snippet changed the filters
                    always = warnings.filters[0]
                del caught[:]
                namespace: dict[str, Any] = {"__name__": "__lstmq_snippet__"}
                rng.manual_seed(seed)
                error = None
                try:
                    if isinstance(program, Exception):
                        raise program
                    exec(program, namespace)
                except Exception as exc:  # the exception is the answer being asked about
                    error = (type(exc).__name__, str(exc))
                seen = tuple(dict.fromkeys((w.category.__name__, str(w.message))
                                           for w in caught if _kept(str(w.message)))) if caught else ()
                values = {name: describe(namespace[name]) for name in probes if name in namespace}
                outcomes.append(Outcome(error=error, warnings=seen, values=values))
    finally:
        rng.set_state(rng_state)
    return outcomes
