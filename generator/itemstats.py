"""The stats file ``lstmq grade --stats-out`` writes (every item's measured figures by question
id), and the one reader of it: ``lstmq exam --exclude-flagged`` and ``lstmq audit --stats`` both
use ``read_stats``.

It sits at the bottom of the package (it imports only ``errors`` and ``reading``) so that the
audit, which may not import the grading layer's writers, reads the same file the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import RequestError
from .reading import MAX_SMALL_JSON_BYTES, parse_json, read_text

STATS_KIND = "lstmq-item-stats"
STATS_FORMAT = 1


@dataclass(frozen=True)
class ItemStats:
    """One question's figures as measured on one exam. ``p`` and ``discrimination`` (the
    rest-score point-biserial) are None where the analysis could not define them."""

    question_id: str
    family: str
    p: float | None
    discrimination: float | None
    flagged: bool
    flags: tuple[str, ...]  # flag codes, as the stats file lists them


@dataclass(frozen=True)
class StatsFile:
    path: str
    exam: str
    students: int
    items: dict[str, ItemStats]  # by question id, in the file's order


def _number(value) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _item(qid: str, v) -> ItemStats | None:
    if not isinstance(v, dict) or not isinstance(v.get("flagged"), bool):
        return None
    p, r, flags = v.get("p"), v.get("point_biserial"), v.get("flags", [])
    if not (_number(p) and _number(r) and isinstance(flags, list)
            and all(isinstance(f, dict) and isinstance(f.get("code"), str) for f in flags)):
        return None
    family = v.get("family") if isinstance(v.get("family"), str) else ""
    return ItemStats(qid, family, p, r, v["flagged"], tuple(f["code"] for f in flags))


def read_stats(path: Path, option: str) -> StatsFile:
    """The stats file at ``path``; anything else is a one-line error (exit 2) naming ``option``."""
    wrong = f"{option} {path}: not a stats file lstmq grade --stats-out wrote"
    try:
        text = read_text(Path(path), MAX_SMALL_JSON_BYTES, "a stats file", RequestError)
        data = parse_json(text, str(path), RequestError)
    except RequestError as exc:
        raise RequestError(f"{wrong} ({str(exc).removeprefix(f'{path}: ')})") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("kind") != STATS_KIND or not isinstance(items, dict):
        raise RequestError(wrong)
    if data.get("format") != STATS_FORMAT:
        raise RequestError(f"{option} {path}: stats format {data.get('format')!r} is not "
                           f"{STATS_FORMAT}; this lstmq cannot read it")
    read = {qid: _item(qid, v) for qid, v in items.items()}
    bad = [qid for qid, item in read.items() if item is None]
    if bad:
        raise RequestError(f"{wrong} (item {bad[0]!r} lacks its figures)")
    exam = data.get("exam") if isinstance(data.get("exam"), str) else ""
    students = data.get("students") if isinstance(data.get("students"), int) else 0
    return StatsFile(str(path), exam, students, read)
