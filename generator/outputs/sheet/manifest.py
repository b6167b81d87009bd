"""``sheets.json``: what the scanner needs to know about an exam's printed sheets.

``lstmq exam --sheet`` writes it beside key.csv; ``lstmq scan --exam DIR`` reads it. It lists
every copy (its version, its student when a roster was given, the option count of each
question, and each question's kind when some item is multiple-answer or numeric), the paper
and the student-number grid, so the scanner rebuilds each sheet's layout with the same
``layout`` function the renderer used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...errors import LstmqError
from .layout import ID_DIGITS, KINDS, PAPER_MM, SheetSpec

FORMAT = "lstmq-sheets"
FORMAT_VERSION = 1


class ManifestError(LstmqError):
    """sheets.json is missing or not one lstmq wrote."""


@dataclass(frozen=True)
class Copy:
    copy: int  # 1-based number printed in the QR code
    version: str  # the version letter(s) key.csv uses
    options: tuple[int, ...]
    student_id: str = ""
    student_name: str = ""
    kinds: tuple[str, ...] = ()  # empty: every question is single-choice


@dataclass(frozen=True)
class Manifest:
    exam: str  # fingerprint of key.csv
    paper: str
    anonymous: bool  # sheets carry a student-number grid
    copies: tuple[Copy, ...]

    def spec(self, copy: Copy) -> SheetSpec:
        return SheetSpec(self.paper, copy.options, ID_DIGITS if self.anonymous else 0, copy.kinds)

    def copy(self, number: int) -> Copy | None:
        return self.copies[number - 1] if 1 <= number <= len(self.copies) else None


def manifest_json(manifest: Manifest) -> str:
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "exam": manifest.exam,
            "paper": manifest.paper, "anonymous": manifest.anonymous,
            "copies": [{"copy": c.copy, "version": c.version, "student_id": c.student_id,
                        "student_name": c.student_name, "options": list(c.options),
                        **({"kinds": list(c.kinds)} if c.kinds else {})} for c in manifest.copies]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read_manifest(folder: Path) -> Manifest:
    path = Path(folder) / "sheets.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: not found; make the exam with `lstmq exam --sheet` (or --roster)") from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: cannot be read: {exc}") from None
    try:
        if data["format"] != FORMAT or data["format_version"] != FORMAT_VERSION:
            raise ManifestError(f"{path}: not an lstmq sheets file of format version {FORMAT_VERSION}")
        if data["paper"] not in PAPER_MM:
            raise ManifestError(f"{path}: unknown paper {data['paper']!r}")
        copies = tuple(Copy(int(c["copy"]), str(c["version"]), tuple(int(n) for n in c["options"]),
                            str(c["student_id"]), str(c["student_name"]),
                            tuple(str(k) for k in c.get("kinds", ()))) for c in data["copies"])
        for c in copies:
            if c.kinds and (len(c.kinds) != len(c.options) or not set(c.kinds) <= set(KINDS)):
                raise ManifestError(f"{path}: copy {c.copy}: kinds must name single, multiple or numeric "
                                    "for every question")
        if [c.copy for c in copies] != list(range(1, len(copies) + 1)):
            raise ManifestError(f"{path}: copies must be numbered 1, 2, ... in order")
        return Manifest(str(data["exam"]), data["paper"], bool(data["anonymous"]), copies)
    except (KeyError, TypeError, ValueError) as exc:
        raise ManifestError(f"{path}: malformed ({type(exc).__name__}: {exc})") from None
