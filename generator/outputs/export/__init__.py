"""Exports of a bank to the formats learning platforms import.

Each format is one small module with ``export(bank) -> bytes``; the bytes depend on the bank
alone (no clock, no random ids, zip entries in a fixed order with a fixed timestamp), so the
same bank always gives byte-identical files. Nothing here imports torch.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ...bank.file import Bank
from ...errors import RequestError

# Format name → the module that writes it (imported only when that format is asked for).
WRITERS = {
    "moodle": "moodle",     # Moodle XML
    "gift": "gift",         # GIFT text
    "qti21": "qti21",       # IMS QTI 2.1 content package (zip)
    "canvas": "canvas",     # Canvas quiz package, QTI 1.2 (zip)
    "json": "json_bank",    # the bank itself, normalised
}
FORMAT_NAMES = tuple(WRITERS)


def export_bank(bank: Bank, name: str) -> bytes:
    if name not in WRITERS:
        raise RequestError(f"unknown export format {name!r} (formats: {', '.join(FORMAT_NAMES)})")
    return importlib.import_module(f".{WRITERS[name]}", __name__).export(bank)


def write_bytes(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place; an
    existing file is replaced only if lstmq wrote it (or with ``force``)."""
    from ..files import atomic_write

    atomic_write(path, data, force=force)
