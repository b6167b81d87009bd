"""Structural checks of a bank, with the path of the first bad field in the message.

The rules follow ``bank.schema.json`` (the tests validate generated banks against that
schema with jsonschema); this module keeps bank reading free of extra dependencies.
"""

from __future__ import annotations

from .errors import BankError
from .model import DIFFICULTIES, LABELS

HEADER = {
    "schema_version": int,
    "lstmq_version": str,
    "torch_version": str,
    "python_version": str,
    "seed": int,
    "options": dict,
    "questions": list,
}
QUESTION = {
    "id": str,
    "family": str,
    "difficulty": str,
    "seed": int,
    "params": dict,
    "stem": str,
    "code": (str, type(None)),
    "choices": list,
    "solution": dict,
}
CHOICE = {"label": str, "text": str, "correct": bool, "why": str}
SOLUTION = {"steps": list, "final": str, "quick_check": str, "hint": str, "mistakes": list}

TYPE_NAMES = {int: "an integer", str: "a string", dict: "an object", list: "a list", bool: "true or false"}


def _fields(obj, spec: dict, where: str, source: str) -> None:
    if not isinstance(obj, dict):
        raise BankError(f"{source}: {where or 'the file'} must be an object")
    for key, kind in spec.items():
        path = f"{where}.{key}" if where else key
        if key not in obj:
            raise BankError(f"{source}: missing field {path}")
        value = obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python; a flag must not pass as a count or the other way round.
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            expected = " or ".join(TYPE_NAMES.get(k, "null") for k in kinds)
            raise BankError(f"{source}: field {path} must be {expected}")


def check_bank_structure(data, source: str) -> None:
    from .bank import SCHEMA_VERSION
    from .families import REGISTRY

    _fields(data, HEADER, "", source)
    if data["schema_version"] > SCHEMA_VERSION:
        raise BankError(
            f"{source}: schema_version {data['schema_version']} is newer than this lstmq reads "
            f"({SCHEMA_VERSION}); upgrade lstmq"
        )
    if data["schema_version"] < 1:
        raise BankError(f"{source}: field schema_version must be at least 1")
    for i, q in enumerate(data["questions"]):
        where = f"questions[{i}]"
        _fields(q, QUESTION, where, source)
        if q["family"] not in REGISTRY:
            raise BankError(f"{source}: field {where}.family: unknown family {q['family']!r}")
        if q["difficulty"] not in DIFFICULTIES:
            raise BankError(f"{source}: field {where}.difficulty: unknown difficulty {q['difficulty']!r}")
        if len(q["choices"]) != len(LABELS):
            raise BankError(f"{source}: field {where}.choices must hold {len(LABELS)} options")
        for j, c in enumerate(q["choices"]):
            _fields(c, CHOICE, f"{where}.choices[{j}]", source)
            if c["label"] != LABELS[j]:
                raise BankError(f"{source}: field {where}.choices[{j}].label must be {LABELS[j]}")
        if sum(c["correct"] for c in q["choices"]) != 1:
            raise BankError(f"{source}: field {where}.choices must mark exactly one option correct")
        _fields(q["solution"], SOLUTION, f"{where}.solution", source)
        for key in ("steps", "mistakes"):
            for k, item in enumerate(q["solution"][key]):
                if not isinstance(item, str):
                    raise BankError(f"{source}: field {where}.solution.{key}[{k}] must be a string")
