"""Runs question code in torch and reports what happened. The only module that imports torch.

Each snippet runs in a fresh namespace inside ``torch.random.fork_rng`` seeded with the
question's seed, so random tensors are reproducible and nothing leaks into global RNG state.
What it produced is described as plain data (shapes, configs, numbers, exception type and
message, warnings): families read those descriptions, never torch objects.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any, Iterable

import torch
from torch import nn

from .model import Outcome

TORCH_VERSION = torch.__version__


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
            "param_count": sum(p.numel() for p in value.parameters()),
            "param_shapes": {n: list(p.shape) for n, p in value.named_parameters()},
        }
    if isinstance(value, nn.Module):
        return {"module": type(value).__name__, "param_count": sum(p.numel() for p in value.parameters())}
    if isinstance(value, (tuple, list)):
        return [describe(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return {"type": type(value).__name__}


@contextlib.contextmanager
def _native_kernels(enabled: bool):
    """Turn oneDNN off for the block (``mkldnn.flags`` would also reset TF32 and warn each time)."""
    if not enabled:
        yield
        return
    before = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    try:
        yield
    finally:
        torch.backends.mkldnn.enabled = before


def run(code: str, seed: int, probes: Iterable[str] = (), fast: bool = True) -> Outcome:
    """Execute ``code`` exactly as written and describe the names listed in ``probes``.

    ``fast`` turns oneDNN off: small CPU forward passes spend most of their time building a
    oneDNN primitive per new shape, and the native kernels give the same answers (a test
    compares every family's answers both ways).
    """
    namespace: dict[str, Any] = {"__name__": "__lstmq_snippet__"}
    error = None
    with torch.random.fork_rng(devices=[]), _native_kernels(fast), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.manual_seed(seed)
        try:
            exec(compile(code, "<question>", "exec"), namespace)
        except Exception as exc:  # the exception is the answer being asked about
            error = (type(exc).__name__, str(exc))
    seen = tuple(dict.fromkeys((w.category.__name__, str(w.message)) for w in caught))
    values = {name: describe(namespace[name]) for name in probes if name in namespace}
    return Outcome(error=error, warnings=seen, values=values)
