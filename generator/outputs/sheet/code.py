"""The text of a sheet's QR code: which exam, which copy, which page, and a checksum.

``LQ1/<exam fingerprint>/<copy>/<page>/<check>``: the fingerprint is a digest of the exam's
key (two folders made with different seeds never mix), the copy is its number in the exam's
``sheets.json``, and the check is a CRC-32 of everything before it, so a code that decodes to
the wrong text by bad luck is refused instead of being filed under another student.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

PREFIX = "LQ1"


@dataclass(frozen=True)
class SheetCode:
    exam: str  # fingerprint, 12 hex digits
    copy: int  # 1-based
    page: int  # 1-based page of the copy's sheet


def fingerprint(key_text: str) -> str:
    return hashlib.sha256(key_text.encode("utf-8")).hexdigest()[:12]


def _check(body: str) -> str:
    return f"{zlib.crc32(body.encode('ascii')):08X}"


def encode(code: SheetCode) -> str:
    body = f"{PREFIX}/{code.exam}/{code.copy}/{code.page}"
    return f"{body}/{_check(body)}"


def decode(text: str) -> SheetCode | None:
    """The code in ``text``, or None when it is not a sheet code or its checksum is wrong."""
    parts = text.strip().split("/")
    if len(parts) != 5 or parts[0] != PREFIX:
        return None
    body = "/".join(parts[:4])
    if parts[4] != _check(body) or not parts[2].isdigit() or not parts[3].isdigit():
        return None
    return SheetCode(parts[1], int(parts[2]), int(parts[3]))
