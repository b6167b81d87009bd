"""Holding SIGINT, SIGTERM and SIGHUP for a moment: while outputs are moved into place, and
while a worker process is being started (so that a stop never leaves half of either)."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

HELD_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM/SIGHUP wait until the block ends, then reach their handlers as usual.

    Python runs signal handlers in the main thread only, so swapping the handlers there holds
    a signal whichever thread the kernel delivers it to (a signal mask would not).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    saved = {}
    for sig in HELD_SIGNALS:
        handler = signal.getsignal(sig)
        if handler is not None:  # None: installed outside Python, cannot be restored
            saved[sig] = signal.signal(sig, lambda signum, _frame: pending.append(signum))
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)  # delivered now, to the handler that was there before
