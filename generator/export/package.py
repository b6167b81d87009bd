"""Deterministic zip files: entries in the order given, a fixed timestamp, fixed permissions.

Entries are stored, not deflated: compressed bytes depend on the zlib build, and the same bank
must give the same bytes on every machine. Packages stay small (a few MB for a large bank).
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError("duplicate entry in a package")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3  # Unix, on every platform, so permissions below mean the same
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buffer.getvalue()
