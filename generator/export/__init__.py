"""Exports of a bank to the formats learning platforms import.

Each format is one small module with ``export(bank) -> bytes``; the bytes depend on the bank
alone (no clock, no random ids, zip entries in a fixed order with a fixed timestamp), so the
same bank always gives byte-identical files. Nothing here imports torch.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..bank import Bank


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    export: Callable[[Bank], bytes]


def _formats() -> dict[str, Format]:
    from . import canvas, gift, json_bank, moodle, qti21

    return {
        f.name: f
        for f in (
            Format("moodle", "Moodle XML: multiple choice, one answer, categories by family and difficulty", moodle.export),
            Format("gift", "GIFT text for Moodle's GIFT importer", gift.export),
            Format("qti21", "IMS QTI 2.1 content package (zip): one assessmentItem per question", qti21.export),
            Format("canvas", "Canvas quiz: QTI 1.2 package (zip) for Canvas's course import", canvas.export),
            Format("json", "the bank itself, normalised", json_bank.export),
        )
    }


FORMAT_NAMES = ("moodle", "gift", "qti21", "canvas", "json")  # for the CLI, without importing writers


def get_format(name: str) -> Format:
    return _formats()[name]


def export_bank(bank: Bank, name: str) -> bytes:
    return get_format(name).export(bank)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
