"""The bank itself, normalised: the writer's own layout, key order and defaults.

Reading a bank and writing it back through ``bank_chunks`` drops fields lstmq does not know,
fills defaults (an option's ``format``) and lays the file out exactly as ``lstmq generate``
does, so a fresh bank exports to the same bytes it was written with.
"""

from __future__ import annotations

from ...bank.file import Bank, bank_chunks

HEADER_KEYS = ("schema_version", "lstmq_version", "torch_version", "python_version", "seed", "options")


def export(bank: Bank) -> bytes:
    header = {key: bank.header[key] for key in HEADER_KEYS}
    return "".join(bank_chunks(header, bank.questions)).encode("utf-8")
