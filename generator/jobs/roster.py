"""A class roster for ``lstmq exam --roster``: a CSV with the columns ``id`` and ``name``.

One copy per row, in the file's order. Every problem is one line naming the row, as a
spreadsheet numbers it (the header is row 1): a missing column, an empty id or name, an id
seen before, text no printed page can carry, more students than versions can be named.
Like every input file's problems, they exit with code 1 (a bad option value exits with 2).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from ..errors import LstmqError
from ..limits import MAX_VERSIONS
from ..outputs.sheet.copies import Student

MAX_FIELD = 100


class RosterError(LstmqError):
    """The roster file cannot be used (exit code 1, nothing written)."""


def _bad_char(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch != "\t":
            return f"U+{ord(ch):04X}"
    return None


def read_roster(path: Path) -> list[Student]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except UnicodeDecodeError:
        raise RosterError(f"--roster {path}: not UTF-8 text") from None
    except csv.Error as exc:
        raise RosterError(f"--roster {path}: not valid CSV: {exc}") from None
    except OSError as exc:
        raise RosterError(f"--roster {path}: cannot be read: {exc.strerror}") from None
    if not rows:
        raise RosterError(f"--roster {path}: the file is empty; it needs a header row id,name")
    header = [c.strip().lower() for c in rows[0]]
    if "id" not in header or "name" not in header:
        raise RosterError(f"--roster {path}: the header must name the columns id and name (got {','.join(rows[0])})")
    id_col, name_col = header.index("id"), header.index("name")
    students: list[Student] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(id_col, name_col) + 1 - len(row))
        sid, name = " ".join(cells[id_col].split()), " ".join(cells[name_col].split())
        where = f"--roster {path}: row {number}"
        if not sid:
            raise RosterError(f"{where}: the id is empty")
        if not name:
            raise RosterError(f"{where}: the name is empty")
        for what, text in (("id", sid), ("name", name)):
            if len(text) > MAX_FIELD:
                raise RosterError(f"{where}: the {what} is longer than {MAX_FIELD} characters")
            bad = _bad_char(text)
            if bad:
                raise RosterError(f"{where}: the {what} holds the character {bad}, which cannot be printed")
        if sid.startswith("?"):
            raise RosterError(f"{where}: an id may not start with '?' (the scanner marks unknown students so)")
        if sid in seen:
            raise RosterError(f"{where}: id {sid!r} is already in row {seen[sid]}")
        seen[sid] = number
        students.append(Student(sid, name))
    if not students:
        raise RosterError(f"--roster {path}: no students (only a header)")
    if len(students) > MAX_VERSIONS:
        raise RosterError(f"--roster {path}: {len(students)} students; at most {MAX_VERSIONS} copies can be named")
    return students
