"""Grading answer sheets against ``key.csv``: per-student scores and a per-question report.

The responses file (CSV, UTF-8, a header row first) has one row per student::

    student_id,version,q1,q2,...,qN

``version`` is the letter printed on the student's copy; ``qK`` is the letter given for
question K of that version, or empty for no answer (case and surrounding spaces are ignored).
A multiple-answer question takes every letter marked, run together or split by spaces,
commas or semicolons ("AC", "A C", "a,c"); a numeric question takes a number ("164", "0.125",
"-3", "1e-3"; a point, never a comma, before the decimals).
Rows are numbered as a spreadsheet shows them: the header is row 1. A row that cannot be
graded (no student id, an id seen before, an unknown version, a letter that is not an option,
an answer beyond the version's last question) is reported with its number and skipped; the
others are still graded.

Wrong answers are grouped per question id by the misconception key.csv gives for each wrong
letter, so the same wrong option counts together across versions where its letter differs.

Scoring (docs/exams.md states the same rule):

- single-choice: 1 for the right letter, else 0;
- numeric: 1 when the number is within the key's tolerance of the value (``model.Numeric``),
  else 0;
- multiple-answer, by default all or nothing: 1 when the letters marked are exactly the right
  ones, else 0;
- multiple-answer with ``partial`` (``lstmq grade --partial``): each right option marked earns
  1/R and each wrong option marked costs 1/W (R right and W wrong options), and an item never
  goes below 0. This is the rule of Moodle's multiple-answer questions with the usual
  fractions (+100/R % per right, -100/W % per wrong option): marking every option scores 0,
  and so does marking nothing. Canvas's "partial credit" differs only in the penalty (it
  takes 1/R per wrong pick).

``correct`` counts items with full credit, ``wrong`` items answered without it (a partly
right multiple-answer item among them), ``blank`` items left empty; ``points`` is the sum of
the credits, and the percentage is points over questions.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import LstmqError, RequestError
from ..model import KINDS, LABELS, Numeric, number_text
from ..outputs.csv_cells import safe_row
from ..outputs.exam.versions import EXAM_COLUMN, KEY_COLUMNS, KIND_COLUMNS, MISCONCEPTION_COLUMNS, exam_fingerprint

ID_COLUMNS = ("student_id", "version")
SCORE_COLUMNS = ("student_id", "version", "correct", "wrong", "blank", "questions", "percent")
# With --partial: the credit summed over the items, before the percentage.
PARTIAL_SCORE_COLUMNS = ("student_id", "version", "correct", "wrong", "blank", "questions", "points", "percent")
REPORT_COLUMNS = ("question_id", "students", "correct", "share_correct", "blank",
                  "rank", "letters", "chosen", "share_chosen", "misconception")
LETTER_SPLIT = re.compile(r"[\s,;]+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def letters_of(cell: str) -> str | None:
    """The letters of an answer cell, each once and in order ("c, a" -> "AC"), or None when the
    cell is not letters of the options."""
    text = LETTER_SPLIT.sub("", cell.strip().upper())
    if not text or any(ch not in LABELS for ch in text):
        return None
    return "".join(label for label in LABELS if label in text)


def number_of(cell: str) -> float | None:
    """The number an answer cell holds, or None (a comma, a unit, inf or nan are not numbers)."""
    text = cell.strip()
    if not NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


class GradeError(LstmqError):
    """A key or responses file that cannot be used at all (exit code 1)."""


@dataclass(frozen=True)
class KeyEntry:
    version: str
    number: int
    question_id: str
    correct: str  # the right letter; every right letter ("AC"); or a numeric item's value as text
    misconceptions: dict[str, str] = field(default_factory=dict)  # wrong letter -> misconception
    kind: str = "single"
    tolerance: float = 0.0  # numeric items
    unit: str = ""

    @property
    def numeric(self) -> Numeric | None:
        return Numeric(float(self.correct), self.tolerance, self.unit) if self.kind == "numeric" else None

    def wrong_letters(self) -> tuple[str, ...]:
        """The letters of the wrong options (none for a numeric item)."""
        return () if self.kind == "numeric" else tuple(label for label in LABELS if label not in self.correct)

    def credit(self, given: str, partial: bool = False) -> float:
        """What the answer ``given`` (normalised by ``read_responses``) earns: 0 to 1."""
        if not given:
            return 0.0
        if self.kind == "numeric":
            return float(self.numeric.accepts(float(given)))
        if self.kind == "single" or not partial:
            return float(given == self.correct)
        wrong = self.wrong_letters()
        gain = sum(label in given for label in self.correct) / len(self.correct)
        loss = sum(label in given for label in wrong) / len(wrong) if wrong else 0.0
        return max(0.0, gain - loss)

    def right(self, given: str) -> bool:
        """Full credit (under either rule)."""
        return self.credit(given) == 1.0


@dataclass(frozen=True)
class AnswerKey:
    versions: dict[str, tuple[KeyEntry, ...]]  # version letter -> entries in question order
    exam: str = ""  # the exam's fingerprint; "" for a key written before it had one

    @property
    def longest(self) -> int:
        return max(len(v) for v in self.versions.values())


@dataclass(frozen=True)
class Sheet:
    row: int
    student_id: str
    version: str
    answers: tuple[str, ...]  # one per question of the version; "" is blank


@dataclass(frozen=True)
class BadRow:
    row: int
    reason: str


@dataclass(frozen=True)
class Score:
    student_id: str
    version: str
    correct: int
    wrong: int
    blank: int
    points: float | None = None  # the credit summed (partial scoring); None: equal to correct

    @property
    def questions(self) -> int:
        return self.correct + self.wrong + self.blank

    @property
    def percent(self) -> float:
        return 100.0 * (self.correct if self.points is None else self.points) / self.questions


@dataclass
class WrongOption:
    identity: str
    misconception: str
    letters: dict[str, str] = field(default_factory=dict)  # version -> letter
    chosen: int = 0


@dataclass
class QuestionStat:
    question_id: str
    students: int = 0
    correct: int = 0
    blank: int = 0
    wrong: dict[str, WrongOption] = field(default_factory=dict)


def _read_rows(path: Path, what: str) -> list[list[str]]:
    from ..reading import MAX_CSV_BYTES, read_bytes

    data = read_bytes(path, MAX_CSV_BYTES, what, GradeError)
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except UnicodeDecodeError:
        raise GradeError(f"{path}: {what} is not UTF-8 text") from None
    except csv.Error as exc:
        raise GradeError(f"{path}: {what} is not valid CSV: {exc}") from None


def read_key(path: Path) -> AnswerKey:
    """Parse key.csv; any problem in it stops grading with the row that has it."""
    rows = _read_rows(path, "the key")
    if not rows or [c.strip() for c in rows[0][:len(KEY_COLUMNS)]] != list(KEY_COLUMNS):
        raise GradeError(f"{path}: the key's header must start with {','.join(KEY_COLUMNS)}")
    header = [c.strip() for c in rows[0]]
    why_columns = {label: header.index(col) for label, col in zip(LABELS, MISCONCEPTION_COLUMNS) if col in header}
    kind_columns = {col: header.index(col) for col in KIND_COLUMNS if col in header}
    entries: dict[str, list[KeyEntry]] = {}
    in_order: list[KeyEntry] = []
    for row_number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(KEY_COLUMNS):
            raise GradeError(f"{path}: row {row_number}: expected at least {len(KEY_COLUMNS)} columns")
        version, number, question_id, correct = (c.strip() for c in row[:len(KEY_COLUMNS)])
        version, correct = version.upper(), correct.upper()
        if not version or not question_id:
            raise GradeError(f"{path}: row {row_number}: version and question_id must not be empty")
        listed = entries.setdefault(version, [])
        if number != str(len(listed) + 1):
            raise GradeError(f"{path}: row {row_number}: version {version} question should be "
                             f"{len(listed) + 1}, found {number!r}")
        cell = {col: row[i].strip() if i < len(row) else "" for col, i in kind_columns.items()}
        kind, tolerance, unit = cell.get("kind") or "single", 0.0, cell.get("unit", "")
        if kind not in KINDS:
            raise GradeError(f"{path}: row {row_number}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if kind == "single" and correct not in LABELS:
            raise GradeError(f"{path}: row {row_number}: correct letter {correct!r} is not one of {', '.join(LABELS)}")
        if kind == "multiple":
            if letters_of(correct) != correct or len(correct) == len(LABELS):
                raise GradeError(f"{path}: row {row_number}: the right letters {correct!r} of a multiple-answer "
                                 f"question must be one to {len(LABELS) - 1} of {''.join(LABELS)}, in order")
        if kind == "numeric":
            value, tolerance = number_of(correct), number_of(cell.get("tolerance", ""))
            if value is None or tolerance is None or tolerance < 0:
                raise GradeError(f"{path}: row {row_number}: a numeric question needs a number in correct and "
                                 f"a tolerance of 0 or more (got {correct!r} and {cell.get('tolerance', '')!r})")
        whys = {label: row[i].strip() for label, i in why_columns.items()
                if label not in correct and i < len(row)} if kind != "numeric" else {}
        listed.append(KeyEntry(version, len(listed) + 1, question_id, correct, whys, kind, tolerance, unit))
        in_order.append(listed[-1])
    if not entries:
        raise GradeError(f"{path}: the key has no questions")
    return AnswerKey({v: tuple(e) for v, e in sorted(entries.items())}, _fingerprint(path, header, rows, in_order))


def _fingerprint(path: Path, header: list[str], rows: list[list[str]], entries: list[KeyEntry]) -> str:
    """The exam fingerprint key.csv states, checked against its rows; "" for a key without one."""
    if EXAM_COLUMN not in header:
        return ""
    column = header.index(EXAM_COLUMN)
    stated = {row[column].strip().lower() if column < len(row) else "" for row in rows[1:]
              if any(cell.strip() for cell in row)}
    if len(stated) > 1:
        raise GradeError(f"{path}: the key mixes rows of {len(stated)} exams "
                         f"(exam fingerprints {', '.join(sorted(stated))})")
    ids: dict[str, list[str]] = {}
    for e in entries:
        ids.setdefault(e.version, []).append(e.question_id)
    actual = exam_fingerprint(list(ids.items()))
    if stated != {actual}:
        raise GradeError(f"{path}: the key's exam fingerprint ({', '.join(stated) or 'none'}) does not "
                         f"match its questions ({actual}): it was edited, or mixes rows of two exams")
    return actual


def _norm(cell: str) -> str:
    return cell.strip().upper()


def read_responses(path: Path, key: AnswerKey) -> tuple[list[Sheet], list[BadRow]]:
    """The gradable sheets and the rows that were skipped, each with its reason."""
    rows = _read_rows(path, "the responses file")
    if not rows:
        raise GradeError(f"{path}: the responses file is empty; it needs a header row")
    header = [c.strip().lower() for c in rows[0]]
    # An optional exam column after version carries the code of the exam each sheet was for.
    with_exam = header[2:3] == [EXAM_COLUMN]
    first = len(ID_COLUMNS) + with_exam
    expected = [*ID_COLUMNS, *([EXAM_COLUMN] if with_exam else []),
                *(f"q{k}" for k in range(1, len(header) - first + 1))]
    if header[:2] != list(ID_COLUMNS) or header != expected:
        raise GradeError(f"{path}: the header must be student_id,version,q1,q2,... "
                         f"(or student_id,version,exam,q1,...; got {','.join(rows[0])})")
    columns = len(header) - first
    if columns < key.longest:
        raise GradeError(f"{path}: the header has answer columns up to q{columns}, "
                         f"but the key has {key.longest} questions")
    sheets: list[Sheet] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    known = ", ".join(key.versions)
    for row_number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a student
        row = row + [""] * (first - len(row))
        student, version = row[0].strip(), _norm(row[1])
        cells = [c.strip() for c in row[first:]]
        if with_exam:
            _check_exam(path, row_number, row[2].strip(), key.exam)
        reason = None
        if not student:
            reason = "no student_id"
        elif student in seen:
            reason = f"student {student!r} already graded in row {seen[student]}"
        elif version not in key.versions:
            reason = f"unknown version {row[1].strip()!r} (the key has {known})"
        else:
            count = len(key.versions[version])
            extra = [k for k, c in enumerate(cells, 1) if c and k > count]
            if extra:
                reason = (f"too many answers: version {version} has {count} questions, "
                          f"but the row answers up to q{extra[-1]}")
            else:
                cells, reason = _answers(cells[:count], key.versions[version])
        if reason:
            bad.append(BadRow(row_number, reason))
            continue
        seen[student] = row_number
        count = len(key.versions[version])
        answers = tuple((cells + [""] * count)[:count])
        sheets.append(Sheet(row_number, student, version, answers))
    return sheets, bad


def _answers(cells: list[str], entries: tuple[KeyEntry, ...]) -> tuple[list[str], str | None]:
    """The row's answers in the form the key compares (letters upper-case and in order; a
    number as ``model.number_text`` writes it), or the reason the row cannot be graded."""
    out = []
    for k, (cell, entry) in enumerate(zip(cells, entries), 1):
        if not cell:
            out.append("")
        elif entry.kind == "numeric":
            value = number_of(cell)
            if value is None:
                return out, f"q{k}: {cell!r} is not a number (question {k} asks for one)"
            out.append(number_text(int(value) if value.is_integer() and abs(value) < 1e15 else value))
        elif entry.kind == "multiple":
            letters = letters_of(cell)
            if letters is None:
                return out, f"q{k}: {cell!r} is not letters of {', '.join(LABELS)}"
            out.append(letters)
        else:
            if _norm(cell) not in LABELS:
                return out, f"q{k}: {_norm(cell)!r} is not one of {', '.join(LABELS)}"
            out.append(_norm(cell))
    return out, None


def _check_exam(path: Path, row_number: int, given: str, expected: str) -> None:
    """A sheet of another exam means the whole file is graded against the wrong key: refuse."""
    if given and expected and given.lower() != expected.lower():
        raise GradeError(f"{path}: row {row_number} is for exam {given}, but the key is for exam {expected}; "
                         "grade it with that exam's key.csv")


def score(sheet: Sheet, key: AnswerKey, partial: bool = False) -> Score:
    """A student's score; ``partial`` gives multiple-answer items per-option credit."""
    correct = wrong = blank = 0
    points = 0.0
    for given, entry in zip(sheet.answers, key.versions[sheet.version]):
        if not given:
            blank += 1
            continue
        credit = entry.credit(given, partial)
        points += credit
        if credit == 1.0:
            correct += 1
        else:
            wrong += 1
    return Score(sheet.student_id, sheet.version, correct, wrong, blank, points if partial else None)


def _wrong_identity(entry: KeyEntry, letter: str) -> tuple[str, str]:
    """How a wrong option is known across versions: by its misconception when the key names
    one that no other wrong letter of the question shares, else by version and letter."""
    why = entry.misconceptions.get(letter, "")
    if why and list(entry.misconceptions.values()).count(why) == 1:
        return why, why
    return f"{entry.version}:{letter}", why


OTHER_NUMBER = "(a number outside the tolerance)"  # how a numeric item's wrong answers are grouped


def wrong_picks(entry: KeyEntry, given: str) -> list[str]:
    """The identities a wrong answer counts under: its wrong letter (single), every wrong letter
    marked (multiple; none when it only missed a right one), or one group for a wrong number."""
    if entry.kind == "numeric":
        return [OTHER_NUMBER]
    return [_wrong_identity(entry, letter)[0] for letter in given if letter not in entry.correct]


def question_report(sheets: list[Sheet], key: AnswerKey) -> list[QuestionStat]:
    """Per question id: who had it, how many were right (full credit), blank, and each wrong
    option's pull (a multiple-answer item's wrong options count once per student who marked it)."""
    stats: dict[str, QuestionStat] = {}
    for version, entries in key.versions.items():  # every wrong option listed, even if never chosen
        for entry in entries:
            stat = stats.setdefault(entry.question_id, QuestionStat(entry.question_id))
            if entry.kind == "numeric":
                stat.wrong.setdefault(OTHER_NUMBER, WrongOption(OTHER_NUMBER, ""))
            for letter in entry.wrong_letters():
                identity, why = _wrong_identity(entry, letter)
                option = stat.wrong.setdefault(identity, WrongOption(identity, why))
                option.letters[version] = letter
    for sheet in sheets:
        for given, entry in zip(sheet.answers, key.versions[sheet.version]):
            stat = stats[entry.question_id]
            stat.students += 1
            if not given:
                stat.blank += 1
            elif entry.right(given):
                stat.correct += 1
            else:
                for identity in wrong_picks(entry, given):
                    stat.wrong[identity].chosen += 1
    return list(stats.values())


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else ""


def scores_csv(scores: list[Score], partial: bool = False) -> str:
    """Per student; with ``partial`` a ``points`` column (the credit summed, 2 decimals)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(PARTIAL_SCORE_COLUMNS if partial else SCORE_COLUMNS)
    for s in scores:
        points = [f"{s.correct if s.points is None else s.points:.2f}"] if partial else []
        writer.writerow(safe_row([s.student_id, s.version, s.correct, s.wrong, s.blank, s.questions,
                                  *points, f"{s.percent:.1f}"]))
    return buf.getvalue()


def _pull_order(option: WrongOption) -> tuple:
    return (-option.chosen, option.identity)


def report_csv(stats: list[QuestionStat]) -> str:
    """One row per wrong option of each question, most chosen first; question columns repeat."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for stat in stats:
        options = sorted(stat.wrong.values(), key=_pull_order)
        for rank, option in enumerate(options, 1):
            letters = " ".join(f"{v}:{letter}" for v, letter in sorted(option.letters.items()))
            writer.writerow(safe_row([stat.question_id, stat.students, stat.correct,
                                      _share(stat.correct, stat.students), stat.blank, rank, letters,
                                      option.chosen, _share(option.chosen, stat.students),
                                      option.misconception]))
    return buf.getvalue()


def summary_lines(scores: list[Score], stats: list[QuestionStat], width: int = 100) -> list[str]:
    """A short table for the terminal: the class result, then each question's share correct
    and the wrong option that drew the most students."""
    lines = []
    if scores:
        percents = [s.percent for s in scores]
        lines.append(f"{len(scores)} students graded: mean {sum(percents) / len(percents):.1f}%, "
                     f"lowest {min(percents):.1f}%, highest {max(percents):.1f}%")
    else:
        lines.append("no student could be graded")
    id_width = max([len("question")] + [len(s.question_id) for s in stats])
    lines.append(f"{'question':<{id_width}}  correct  most chosen wrong option")
    for stat in stats:
        right = f"{100 * stat.correct / stat.students:.0f}%" if stat.students else "-"
        top = min(stat.wrong.values(), key=_pull_order, default=None)
        if top is None or not top.chosen:
            pull = "-"
        else:
            pull = f"{100 * top.chosen / stat.students:.0f}% {top.misconception or top.identity}"
        line = f"{stat.question_id:<{id_width}}  {right:>7}  {pull}"
        lines.append(line if len(line) <= width else line[:width - 3] + "...")
    return lines


@dataclass(frozen=True)
class GradeResult:
    scores: list[Score]
    stats: list[QuestionStat]
    bad_rows: list[BadRow]
    graded_rows: int
    scores_path: Path
    report_path: Path
    summary: list[str]

    def raise_if_rows_failed(self) -> None:
        if self.bad_rows:
            total = len(self.bad_rows) + self.graded_rows
            raise GradeError(f"{len(self.bad_rows)} of {total} rows could not be graded (listed above); "
                             f"the other rows were graded")


def report_paths(responses: Path, out: Path | None) -> tuple[Path, Path]:
    folder = Path(out) if out is not None else Path(responses).parent
    stem = Path(responses).stem
    return folder / f"{stem}-scores.csv", folder / f"{stem}-questions.csv"


def _special_input(path: Path) -> bool:
    """stdin, a pipe or a device (``/dev/stdin``, ``/dev/fd/0``, ``<(...)``): nothing to put reports beside."""
    import os

    from ..reading import is_stdin

    if str(path.parent) in ("/dev", "/dev/fd", "/proc/self/fd") or not path.is_file():
        return True
    try:
        return is_stdin(os.stat(path))
    except OSError:
        return True


def grade_files(key_path: Path, responses: Path, out: Path | None = None, force: bool = False,
                more: Callable | None = None, partial: bool = False) -> GradeResult:
    """Grade ``responses`` and write the scores and the question report, both in one step.

    ``more(key, sheets, outputs)`` stages further files in the same step (the item analysis of
    ``lstmq.jobs.analysis``), so either all are written or none.
    Existing reports are replaced only if they are lstmq's reports (or with ``force``)."""
    from ..outputs.files import Outputs

    if out is None and _special_input(Path(responses)):
        raise RequestError(f"{responses}: is stdin or a special file, so the reports cannot go beside it; "
                           "pass --out FOLDER")
    key = read_key(key_path)
    sheets, bad = read_responses(responses, key)
    scores = [score(s, key, partial) for s in sheets]
    stats = question_report(sheets, key)
    scores_path, report_path = report_paths(responses, out)
    if Path(responses).resolve() in (scores_path.resolve(), report_path.resolve()):
        raise GradeError(f"{responses}: the reports would overwrite the responses file; rename it or pass --out")
    with Outputs(force=force) as outputs:
        outputs.file(scores_path, scores_csv(scores, partial))
        outputs.file(report_path, report_csv(stats))
        if more is not None:
            more(key, sheets, outputs)
    return GradeResult(scores, stats, bad, len(sheets), scores_path, report_path, summary_lines(scores, stats))
