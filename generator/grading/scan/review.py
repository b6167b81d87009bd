"""``lstmq scan --apply review.csv``: the teacher's decisions, written into the responses file.

In review.csv the teacher fills the ``answer`` column of the rows they have decided:

- a question row: the letter the student meant (every letter, "AC", for a select-all
  question), the number for a numeric question, or ``blank`` (or ``-``) for no answer;
- a ``student_id`` row: the student number (the responses row is renamed);
- a row without a question (an unreadable, duplicate or missing page) cannot be applied:
  rescan the page, or type the student's row into the responses file.

Answers are applied first (matched by the student id the scan wrote), then the renames. Cells
not yet decided keep their ``?``, which ``lstmq grade`` refuses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ...errors import LstmqError
from .job import REVIEW_COLUMNS, UNCLEAR

BLANK_WORDS = {"blank", "-", "none"}


class ReviewError(LstmqError):
    """review.csv or the responses file cannot be used (nothing is written)."""


@dataclass(frozen=True)
class Applied:
    responses: str
    applied: int
    undecided: int  # ? cells left in the responses


def _read_csv(path: Path, what: str) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))
    except FileNotFoundError:
        raise ReviewError(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReviewError(f"{path}: {what} cannot be read: {exc}") from None


def _decided(answer: str, letters: str) -> str | None:
    """The cell a decision writes: "" for blank, letters in order, a number as typed; None when
    it is none of these (``lstmq grade`` checks it against the question's kind)."""
    from ..grade import letters_of, number_of

    if answer.lower() in BLANK_WORDS:
        return ""
    if number_of(answer) is not None:
        return answer.strip()
    found = letters_of(answer)
    return found if found is not None and all(ch in letters for ch in found) else None


def apply_review(review_path: Path, responses_path: Path, letters: str = "ABCD") -> Applied:
    review = _read_csv(review_path, "the review file")
    if not review or tuple(c.strip() for c in review[0]) != REVIEW_COLUMNS:
        raise ReviewError(f"{review_path}: the header must be {','.join(REVIEW_COLUMNS)}")
    rows = _read_csv(responses_path, "the responses file")
    if not rows or [c.strip() for c in rows[0][:2]] != ["student_id", "version"]:
        raise ReviewError(f"{responses_path}: not a responses file (header student_id,version,q1,...)")
    header = rows[0]
    by_student = {row[0]: row for row in rows[1:] if row}
    renames: list[tuple[int, str, str]] = []
    applied = 0
    for number, item in enumerate(review[1:], 2):
        if len(item) < len(REVIEW_COLUMNS) or not item[-1].strip():
            continue
        cell = dict(zip(REVIEW_COLUMNS, item))
        answer, question, student = cell["answer"].strip(), cell["question"].strip(), cell["student_id"]
        if not question:
            raise ReviewError(f"{review_path}: row {number}: a page-level item ({cell['reason'][:60]}) cannot take "
                              "an answer; rescan the page or type the student's row into the responses file")
        if student not in by_student:
            raise ReviewError(f"{review_path}: row {number}: student {student!r} is not in {responses_path}")
        if question == "student_id":
            renames.append((number, student, answer))
            continue
        column = f"q{question}"
        if column not in header:
            raise ReviewError(f"{review_path}: row {number}: {responses_path} has no column {column}")
        value = _decided(answer, letters)
        if value is None:
            raise ReviewError(f"{review_path}: row {number}: answer {answer!r} must be one letter of "
                              f"{', '.join(letters)} (several for a select-all question), a number, or blank")
        by_student[student][header.index(column)] = value
        applied += 1
    taken = set(by_student)
    for number, old, new in renames:
        if new in taken and new != old:
            raise ReviewError(f"{review_path}: row {number}: student number {new!r} is already in the responses")
        by_student[old][0] = new
        taken.discard(old)
        taken.add(new)
        applied += 1
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    undecided = sum(cell == UNCLEAR for row in rows[1:] for cell in row[2:])
    undecided += sum(row[0].startswith(UNCLEAR) for row in rows[1:] if row)
    return Applied(buf.getvalue(), applied, undecided)
