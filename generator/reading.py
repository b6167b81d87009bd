"""Reading an input file (a bank, key.csv, responses, set.json, a manifest): bounded in size
whatever it is, and never a device or a pipe other than stdin.

A path is opened without blocking (a pipe with no writer would otherwise wait forever), then
what it is gets checked on the open file itself (no race between a check and the open).
Anything but a regular file or this process's stdin is refused in one line; every read stops
one byte past its limit, so ``/dev/zero`` or an endless stdin cannot exhaust memory.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path

from .errors import LstmqError

MAX_BANK_BYTES = 512 * 2**20  # a 20000-question bank is about 90 MB
MAX_CSV_BYTES = 256 * 2**20  # key.csv of 26 versions of 20000 questions, with its misconceptions
MAX_SMALL_JSON_BYTES = 64 * 2**20  # set.json, a manifest: a few MB for the largest site
CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


def is_stdin(st: os.stat_result) -> bool:
    try:
        mine = os.fstat(0)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (st.st_dev, st.st_ino)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def read_bytes(path: Path, limit: int, what: str, error: type[LstmqError] = LstmqError) -> bytes:
    """The bytes of ``path`` (``what`` names it in errors: "a bank file", "the key"), at most ``limit``."""
    path = Path(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"{path}: is a folder, not {what}")
        regular = stat.S_ISREG(st.st_mode)
        if not regular and not is_stdin(st):
            raise error(f"{path}: is {_kind(st.st_mode)}, not a regular file; lstmq reads {what} "
                        "only from a regular file or stdin")
        if regular and st.st_size > limit:
            raise error(f"{path}: {st.st_size} bytes is larger than the {limit} bytes {what} may have")
        if not regular:
            os.set_blocking(fd, True)  # stdin: wait for the writer, as any reader of stdin does
        return _read_at_most(fd, limit, path, what, error)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, path: Path, what: str, error: type[LstmqError]) -> bytes:
    parts, total = [], 0
    while True:
        block = os.read(fd, min(CHUNK, limit + 1 - total))
        if not block:
            return b"".join(parts)
        parts.append(block)
        total += len(block)
        if total > limit:
            raise error(f"{path}: holds more than the {limit} bytes {what} may have")


def read_text(path: Path, limit: int, what: str, error: type[LstmqError] = LstmqError) -> str:
    """``read_bytes`` decoded as UTF-8; a byte order mark in front (Windows editors add one)
    is dropped."""
    data = read_bytes(path, limit, what, error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: cannot read: {what} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


MAX_DEPTH = 64  # nesting of lists and objects: a bank needs under 10


def parse_json(text: str, source: str, error: type[LstmqError] = LstmqError):
    """``json.loads`` with every failure as one line: bad syntax, a number too long for Python
    to convert, nesting deeper than the parser's stack (or than ``MAX_DEPTH``)."""
    try:
        data = json.loads(text, parse_constant=_not_finite, parse_float=_finite_float)
    except NotFinite as exc:
        raise error(f"{source}: holds the number {exc}, which strict JSON cannot carry; "
                    "lstmq reads only finite numbers") from None
    except json.JSONDecodeError as exc:
        raise error(f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise error(f"{source}: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # an integer of more digits than int() converts
        raise error(f"{source}: holds a number too long to read ({_first_line(exc)})") from None
    deepest = _depth(data)
    if deepest > MAX_DEPTH:
        raise error(f"{source}: nested more than {MAX_DEPTH} levels deep")
    return data


class NotFinite(ValueError):
    """NaN, Infinity or a number that overflows to it: Python's json reads them, strict
    readers (and every other language) refuse them."""


def _not_finite(name: str):
    raise NotFinite(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotFinite(f"{text} (Infinity)")
    return value


def _first_line(exc: BaseException) -> str:
    return str(exc).split(";")[0].split("\n")[0]


def _depth(data) -> int:
    """How deeply lists and objects nest in ``data`` (walked without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        value, level = todo.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:
            todo.extend((item, level + 1) for item in value if isinstance(item, (dict, list)))
    return deepest
