"""The bank file: a header (versions, seed, options) and the question records.

Written atomically (a temporary file beside the target, then a rename) and read back with
one-line errors that name the file and the field.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..errors import BankError
from ..model import Question

SCHEMA_VERSION = 1
# A 20000-question bank (the largest --count) is about 90 MB; a file far beyond that is not a
# bank lstmq wrote, and reading it whole could exhaust memory.
MAX_BANK_BYTES = 512 * 2**20


@dataclass(frozen=True)
class Bank:
    header: dict
    questions: list[Question]


def make_header(seed: int, options: dict, torch_version: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "lstmq_version": __version__,
        "torch_version": torch_version,
        "python_version": platform.python_version(),
        "seed": seed,
        "options": options,
    }


def bank_chunks(header: dict, questions: Iterable[Question]) -> Iterable[str]:
    """The bank as JSON text, one question at a time, so a large bank is never held as one string."""
    head = json.dumps(header, indent=2, ensure_ascii=False)
    yield head[:-2] + ',\n  "questions": ['
    for i, q in enumerate(questions):
        body = json.dumps(q.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield ("," if i else "") + "\n    " + body
    yield "\n  ]\n}\n"


def write_bank(path: Path, header: dict, questions: Iterable[Question], force: bool = False) -> None:
    """Write a bank file; an existing file is replaced only if it is a bank (or with ``force``)."""
    from ..outputs.files import atomic_write  # reading a bank needs none of the writers

    atomic_write(path, bank_chunks(header, questions), force=force)


def load_bank(path: Path) -> Bank:
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_file() and size > MAX_BANK_BYTES:
            raise BankError(f"{path}: {size} bytes is larger than the {MAX_BANK_BYTES} bytes a bank may have")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BankError(f"{path}: is a folder, not a bank file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BankError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    from .schema import check_bank_structure  # kept apart: the rules mirror the JSON Schema

    check_bank_structure(data, str(path))
    questions = [Question.from_dict(q) for q in data["questions"]]
    return Bank({k: v for k, v in data.items() if k != "questions"}, questions)
