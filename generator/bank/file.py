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

from .. import __version__, reading
from ..errors import BankError
from ..model import Question

SCHEMA_VERSION = 2  # 2: question kinds, named misconceptions; 1 still loads
# A 20000-question bank (the largest --count) is about 90 MB; a file far beyond that is not a
# bank lstmq wrote, and reading it whole could exhaust memory.
MAX_BANK_BYTES = reading.MAX_BANK_BYTES


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
    head = _strict_json(header)
    yield head[:-2] + ',\n  "questions": ['
    for i, q in enumerate(questions):
        body = _strict_json(q.to_dict()).replace("\n", "\n    ")
        yield ("," if i else "") + "\n    " + body
    yield "\n  ]\n}\n"


def _strict_json(value) -> str:
    """JSON that every reader accepts: NaN and Infinity are refused, never written."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise BankError(f"cannot write a bank holding NaN or Infinity ({exc})") from None


def write_bank(path: Path, header: dict, questions: Iterable[Question], force: bool = False) -> None:
    """Write a bank file; an existing file is replaced only if it is a bank (or with ``force``)."""
    from ..outputs.files import atomic_write  # reading a bank needs none of the writers

    atomic_write(path, bank_chunks(header, questions), force=force)


def load_bank(path: Path) -> Bank:
    path = Path(path)
    text = reading.read_text(path, MAX_BANK_BYTES, "a bank file", BankError)
    data = reading.parse_json(text, str(path), BankError)
    from .schema import validate_bank  # kept apart: the rules mirror the JSON Schema

    validate_bank(data, str(path))
    questions = [Question.from_dict(q) for q in data["questions"]]
    return Bank({k: v for k, v in data.items() if k != "questions"}, questions)
