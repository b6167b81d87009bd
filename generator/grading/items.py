"""Graded sheets as item data for ``stats``, each version rebuilt as printed, and the stats
file that ``lstmq grade --stats-out`` writes and ``lstmq exam --exclude-flagged`` reads.

The printed order of a question's options is rebuilt from key.csv (the right letter, and the
misconception behind each wrong letter) and the exam's bank.json; a key that does not fit the
bank is refused instead of mislabelling options. Only where two wrong options share one
misconception does that leave the order open: then the exam is replayed from the seed in the
bank's header and used only if it matches key.csv exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from ..bank.file import Bank, load_bank
from ..itemstats import STATS_FORMAT, STATS_KIND, read_stats
from ..model import LABELS, Question
from ..outputs.exam.versions import key_answer, make_versions, relabel
from .grade import OTHER_NUMBER, AnswerKey, GradeError, KeyEntry, Sheet, _wrong_identity, wrong_picks
from .stats import BLANK, KEY, MISSED, Analysis, ItemData, Pick, analyse



# --- from graded sheets to item data ---------------------------------------------------------

def question_order(key: AnswerKey) -> list[str]:
    """Question ids in the order they first appear: version A's order, then any others."""
    seen: dict[str, None] = {}
    for entries in key.versions.values():
        for entry in entries:
            seen.setdefault(entry.question_id)
    return list(seen)


def item_data(key: AnswerKey, sheets: Sequence[Sheet], bank: dict[str, Question] | None = None) -> list[ItemData]:
    ids = question_order(key)
    distractors: dict[str, dict[str, str]] = {qid: {} for qid in ids}  # identity -> misconception
    extras: dict[str, tuple[str, ...]] = {qid: () for qid in ids}
    for entries in key.versions.values():
        for entry in entries:
            extras[entry.question_id] = {"multiple": (MISSED,), "numeric": (OTHER_NUMBER,)}.get(entry.kind, ())
            for letter in entry.wrong_letters():
                identity, why = _wrong_identity(entry, letter)
                distractors[entry.question_id].setdefault(identity, why)
    picks: dict[str, list[Pick]] = {qid: [None] * len(sheets) for qid in ids}
    for s, sheet in enumerate(sheets):
        for given, entry in zip(sheet.answers, key.versions[sheet.version]):
            picks[entry.question_id][s] = pick_of(entry, given)
    items = []
    for qid in ids:
        q = bank.get(qid) if bank else None
        items.append(ItemData(qid, tuple(distractors[qid]), tuple(picks[qid]),
                              {i: why for i, why in distractors[qid].items() if why},
                              q.family if q else "", q.difficulty if q else "", extras[qid]))
    return items


def pick_of(entry: KeyEntry, given: str) -> Pick:
    if not given:
        return BLANK
    if entry.right(given):
        return KEY
    if entry.kind == "multiple":
        missed = any(label not in given for label in entry.correct)
        return frozenset([*wrong_picks(entry, given), *([MISSED] if missed else [])])
    return wrong_picks(entry, given)[0]


def analyse_sheets(key: AnswerKey, sheets: Sequence[Sheet], bank: dict[str, Question] | None) -> Analysis:
    return analyse(item_data(key, sheets, bank), len(sheets))


# --- each version as printed ---------------------------------------------------------------

class Ambiguous(Exception):
    """Two wrong options of a question share one misconception, or two options are right: the
    key cannot tell them apart."""


def printed_question(entry: KeyEntry, question: Question) -> Question:
    """``question`` with its options in the order version ``entry.version`` printed them."""
    where = f"key.csv version {entry.version} question {entry.number} ({entry.question_id})"
    if question.kind != entry.kind:
        raise GradeError(f"{where}: the key says {entry.kind}, the bank's question is {question.kind}; grade with "
                         "the key.csv and bank.json of the same exam")
    if entry.kind == "numeric":
        return question  # nothing to reorder
    if len(question.choices) != len(LABELS):
        raise GradeError(f"{where}: the bank's question has {len(question.choices)} options, not {len(LABELS)}")
    order: list[int] = []
    for label in LABELS:
        if label in entry.correct:
            matches = [i for i, c in enumerate(question.choices) if c.correct]
            if len(matches) > 1:  # several right options: key.csv cannot tell them apart
                raise Ambiguous(where)
        else:
            why = entry.misconceptions.get(label, "")
            matches = [i for i, c in enumerate(question.choices) if not c.correct and c.why == why and why]
        if len(matches) > 1 and label not in entry.correct:
            raise Ambiguous(where)
        if len(matches) != 1 or matches[0] in order:
            raise GradeError(f"{where}: option {label} does not match the bank; grade with the key.csv and "
                             "bank.json of the same exam")
        order.append(matches[0])
    return relabel(question, order)


def _replayed(key: AnswerKey, bank: Bank) -> dict[str, tuple[Question, ...]] | None:
    """The versions ``lstmq exam --bank`` made from this bank, rebuilt from its seed, if they
    are exactly the ones key.csv lists (same ids, right letters and misconceptions)."""
    options = bank.header.get("options") or {}
    seed = bank.header.get("seed")
    if not options.get("exam") or options.get("distinct") or not isinstance(seed, int):
        return None
    versions = make_versions([bank.questions] * len(key.versions), seed)
    for v in versions:
        entries = key.versions.get(v.letter, ())
        if len(entries) != len(v.questions):
            return None
        for entry, q in zip(entries, v.questions):
            whys = {c.label: c.why for c in q.choices if not c.correct}
            if (entry.question_id, entry.correct) != (q.id, key_answer(q)) or \
                    any(entry.misconceptions.get(label, "") != why for label, why in whys.items()):
                return None
    return {v.letter: v.questions for v in versions}


def printed_versions(key: AnswerKey, bank: Bank) -> dict[str, tuple[Question, ...]]:
    """Each version's questions as printed, options in their printed order."""
    questions = {q.id: q for q in bank.questions}
    missing = sorted({e.question_id for entries in key.versions.values() for e in entries} - set(questions))
    if missing:
        raise GradeError(f"the bank lacks {len(missing)} question(s) of key.csv ({', '.join(missing[:3])}"
                         f"{', ...' if len(missing) > 3 else ''}); pass the bank.json of the same exam with --bank")
    try:
        return {v: tuple(printed_question(e, questions[e.question_id]) for e in entries)
                for v, entries in key.versions.items()}
    except Ambiguous as exc:
        replayed = _replayed(key, bank)
        if replayed is None:
            raise GradeError(f"{exc}: two wrong options share one misconception, and the bank's seed does not "
                             "rebuild this exam; their printed order is unknown") from None
        return replayed


def default_bank(key_path: Path, given: Path | None) -> Path | None:
    """The bank to read: --bank, else the bank.json lstmq exam wrote beside key.csv, if any."""
    if given is not None:
        return given
    beside = Path(key_path).parent / "bank.json"
    return beside if beside.is_file() else None


def load_exam_bank(path: Path | None) -> Bank | None:
    return None if path is None else load_bank(path)


# --- stats.json ------------------------------------------------------------------------------

def _num(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def stats_json(analysis: Analysis, exam: str) -> str:
    """Every item's figures by question id; read back by ``lstmq exam --exclude-flagged``."""
    e = analysis.exam
    data = {
        "kind": STATS_KIND,
        "format": STATS_FORMAT,
        "exam": exam,
        "students": e.students,
        "questions": e.items,
        "mean": _num(e.mean), "sd": _num(e.sd), "kr20": _num(e.kr20), "sem": _num(e.sem),
        "items": {
            i.question_id: {
                "family": i.family, "difficulty": i.difficulty, "students": i.students,
                "correct": i.correct, "p": _num(i.p), "point_biserial": _num(i.point_biserial),
                "upper_lower": _num(i.upper_lower), "flagged": i.flagged,
                "flags": [{"code": f.code, "reason": f.reason} for f in i.flags],
                "options": [{"option": o.option, "misconception": o.misconception, "chosen": o.chosen,
                             "upper": _num(o.upper), "lower": _num(o.lower)} for o in i.options],
            }
            for i in analysis.items
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def flagged_ids(path: Path) -> set[str]:
    """The question ids a stats file flags; a one-line error for anything that is not one."""
    return {qid for qid, item in read_stats(path, "--exclude-flagged").items.items() if item.flagged}
