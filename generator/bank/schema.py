"""Validating a bank's structure (``lstmq check`` is something else: it re-runs torch), with
the path of the first bad field in the message.

The rules follow ``bank.schema.json`` (the tests validate generated banks against that
schema with jsonschema and check that both reject the same broken banks); this module keeps
bank reading free of extra dependencies. On top of the schema it refuses what no export can
carry: duplicate ids (they name files inside the QTI packages), characters XML 1.0 forbids,
and lone surrogates, which cannot be written as UTF-8 at all.
"""

from __future__ import annotations

import re

from ..catalogue import BY_NAME
from ..errors import BankError
from ..model import DIFFICULTIES, KINDS, LABELS

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
CHOICE_FORMATS = ("code", "text")

ID_PATTERN = re.compile(r"[a-z0-9-]+-[0-9a-f]{8}")  # bank.schema.json: ^[a-z0-9-]+-[0-9a-f]{8}$
# XML 1.0 allows tab, newline and carriage return among the control characters, and no
# U+FFFE/U+FFFF; a lone surrogate (JSON "\ud800") is not a character at all.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

TYPE_NAMES = {int: "an integer", str: "a string", dict: "an object", list: "a list", bool: "true or false"}


def _fields(obj, spec: dict, where: str, source: str) -> None:
    if not isinstance(obj, dict):
        raise BankError(f"{source}: {'field ' + where if where else 'the file'} must be an object")
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


def _not_empty(value: str, path: str, source: str) -> None:
    if not value.strip():
        raise BankError(f"{source}: field {path} must not be empty")


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _exportable_text(value: str, path: str, source: str) -> None:
    bad = _XML_FORBIDDEN.search(value)
    if bad:
        raise BankError(
            f"{source}: field {path} holds the character {_codepoint(bad.group())}, which no export format can carry"
        )


INT_RANGE = (-(2**63), 2**63 - 1)  # what JSON readers in other languages hold exactly


def _no_surrogates(value, path: str, source: str) -> None:
    """Walk any JSON value: a lone surrogate anywhere would fail when the bank is written out,
    and an integer beyond 64 bits would be read wrongly by other programs."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            raise BankError(f"{source}: field {path or 'the file'} holds an integer beyond 64 bits "
                            f"({len(str(abs(value)))} digits)")
    elif isinstance(value, str):
        bad = _SURROGATE.search(value)
        if bad:
            raise BankError(f"{source}: field {path or 'the file'} holds a lone surrogate {_codepoint(bad.group())}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_surrogates(key, path, source)
            _no_surrogates(item, f"{path}.{key}" if path else key, source)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _no_surrogates(item, f"{path}[{i}]", source)


MISCONCEPTION_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # bank.schema.json: the same pattern


def _misconception(m, at: str, source: str) -> None:
    _fields(m, {"id": str, "yields": str}, at, source)
    if not MISCONCEPTION_ID.fullmatch(m["id"]):
        raise BankError(f"{source}: field {at}.id must be a kebab-case name, not {m['id']!r}")
    _exportable_text(m["yields"], f"{at}.yields", source)


def _number(value, path: str, source: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or value in (float("inf"), float("-inf")):
        raise BankError(f"{source}: field {path} must be a finite number")


def _numeric(answer, at: str, source: str) -> None:
    _fields(answer, {"value": (int, float), "tolerance": (int, float), "unit": str, "traps": list}, at, source)
    _number(answer["value"], f"{at}.value", source)
    _number(answer["tolerance"], f"{at}.tolerance", source)
    if answer["tolerance"] < 0:
        raise BankError(f"{source}: field {at}.tolerance must not be negative")
    _not_empty(answer["unit"], f"{at}.unit", source)
    _exportable_text(answer["unit"], f"{at}.unit", source)
    for k, trap in enumerate(answer["traps"]):
        there = f"{at}.traps[{k}]"
        _fields(trap, {"value": (int, float), "why": str}, there, source)
        _number(trap["value"], f"{there}.value", source)
        _not_empty(trap["why"], f"{there}.why", source)
        _exportable_text(trap["why"], f"{there}.why", source)
        if "misconception" in trap:
            _misconception(trap["misconception"], f"{there}.misconception", source)


def _choices(choices: list, kind: str, where: str, source: str) -> None:
    if len(choices) != len(LABELS):
        raise BankError(f"{source}: field {where}.choices must hold {len(LABELS)} options")
    for j, c in enumerate(choices):
        at = f"{where}.choices[{j}]"
        _fields(c, CHOICE, at, source)
        if c["label"] != LABELS[j]:
            raise BankError(f"{source}: field {at}.label must be {LABELS[j]}")
        if "format" in c and c["format"] not in CHOICE_FORMATS:
            raise BankError(f"{source}: field {at}.format must be one of {', '.join(CHOICE_FORMATS)}")
        for key in ("text", "why"):
            _not_empty(c[key], f"{at}.{key}", source)
            _exportable_text(c[key], f"{at}.{key}", source)
        if "misconception" in c:
            _misconception(c["misconception"], f"{at}.misconception", source)
    right = sum(c["correct"] for c in choices)
    if kind == "single" and right != 1:
        raise BankError(f"{source}: field {where}.choices must mark exactly one option correct")
    if kind == "multiple" and right < 1:
        raise BankError(f"{source}: field {where}.choices must mark at least one option correct")


def validate_question(q, where: str, source: str) -> None:
    _fields(q, QUESTION, where, source)
    if not ID_PATTERN.fullmatch(q["id"]):
        raise BankError(f"{source}: field {where}.id must look like family-0123abcd, not {q['id']!r}")
    if q["family"] not in BY_NAME:
        raise BankError(f"{source}: field {where}.family: unknown family {q['family']!r}")
    if q["difficulty"] not in DIFFICULTIES:
        raise BankError(f"{source}: field {where}.difficulty: unknown difficulty {q['difficulty']!r}")
    if q["seed"] < 0:
        raise BankError(f"{source}: field {where}.seed must not be negative")
    _not_empty(q["stem"], f"{where}.stem", source)
    _exportable_text(q["stem"], f"{where}.stem", source)
    if q["code"] is not None:
        _exportable_text(q["code"], f"{where}.code", source)
    if "evidence" in q and not isinstance(q["evidence"], dict):
        raise BankError(f"{source}: field {where}.evidence must be an object")
    kind = q.get("kind", "single")  # schema 1 banks hold single-choice items only
    if kind not in KINDS:
        raise BankError(f"{source}: field {where}.kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "numeric":
        if q["choices"]:
            raise BankError(f"{source}: field {where}.choices must be empty for a numeric item")
        if "answer" not in q:
            raise BankError(f"{source}: missing field {where}.answer (a numeric item's value)")
        _numeric(q["answer"], f"{where}.answer", source)
    else:
        if "answer" in q:
            raise BankError(f"{source}: field {where}.answer belongs to numeric items only")
        _choices(q["choices"], kind, where, source)
    sol = q["solution"]
    _fields(sol, SOLUTION, f"{where}.solution", source)
    if not sol["steps"]:
        raise BankError(f"{source}: field {where}.solution.steps must hold at least one step")
    for key in ("final", "quick_check", "hint"):
        _exportable_text(sol[key], f"{where}.solution.{key}", source)
    for key in ("steps", "mistakes"):
        for k, item in enumerate(sol[key]):
            if not isinstance(item, str):
                raise BankError(f"{source}: field {where}.solution.{key}[{k}] must be a string")
            _exportable_text(item, f"{where}.solution.{key}[{k}]", source)


def validate_bank(data, source: str) -> None:
    from .file import SCHEMA_VERSION

    _fields(data, HEADER, "", source)
    if data["schema_version"] > SCHEMA_VERSION:
        raise BankError(
            f"{source}: schema_version {data['schema_version']} is newer than this lstmq reads "
            f"({SCHEMA_VERSION}); upgrade lstmq"
        )
    if data["schema_version"] < 1:
        raise BankError(f"{source}: field schema_version must be at least 1")
    first_at: dict[str, int] = {}
    for i, q in enumerate(data["questions"]):
        where = f"questions[{i}]"
        validate_question(q, where, source)
        if q["id"] in first_at:
            raise BankError(
                f"{source}: field {where}.id: duplicate id {q['id']!r} (also questions[{first_at[q['id']]}])"
            )
        first_at[q["id"]] = i
    _no_surrogates(data, "", source)
