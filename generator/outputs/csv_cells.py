"""CSV cells a spreadsheet cannot run: OWASP's advice against CSV injection.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``+cmd|...``); a single
quote in front makes it plain text there. Only text cells are changed; numbers lstmq writes
as numbers stay numbers.
"""

from __future__ import annotations

from typing import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]
