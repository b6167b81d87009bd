"""Writing folders lstmq manages: built beside the target, then swapped in whole.

A folder lstmq writes carries a manifest of its files; a folder without one that holds
anything is not lstmq's and is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from .errors import LstmqError

MANIFEST = ".lstmq-manifest.json"


def _safe_relpath(rel: str) -> Path:
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise LstmqError(f"refusing to write outside the output folder: {rel!r}")
    return p


def write_managed_tree(target: Path, files: dict[str, str | bytes], force: bool = False) -> None:
    """Replace ``target`` with exactly ``files`` (relative path → text or bytes), atomically."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise LstmqError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).exists() and not force:
        raise LstmqError(f"{target}: folder has files lstmq did not write; move them or pass --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        for rel, text in sorted(files.items()):
            path = staging / _safe_relpath(rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):  # PDFs and other binary files
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        manifest = {"written_by": "lstmq", "files": sorted(files)}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
