"""Deterministic zip files: entries in the order given, a fixed timestamp, fixed permissions.

Entries are stored, not deflated: compressed bytes depend on the zlib build, and the same bank
must give the same bytes on every machine. Packages stay small (a few MB for a large bank).
"""

from __future__ import annotations

import io
import zipfile

from ..files import ZIP_COMMENT

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError("duplicate entry in a package")
    for name in names:  # an importer unpacks these: none may point outside the package
        parts = name.rstrip("/").split("/")
        if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"unsafe entry name in a package: {name!r}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.comment = ZIP_COMMENT  # how lstmq recognises its own packages before replacing one
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3  # Unix, on every platform, so permissions below mean the same
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buffer.getvalue()
