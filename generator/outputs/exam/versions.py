"""Exam versions: one question list per version, in a seeded order with re-lettered options.

By default every version holds the same questions; ``--distinct`` gives each version its own
draw. Either way each version gets its own question order and option order, drawn from a
``random.Random`` seeded with a string made of the master seed and the version letter, so the
same command always prints the same exams. A choice keeps its ``why`` when it moves, so a
letter in any version still names the misconception behind it.

Nothing here imports torch: an exam made from a bank never runs it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

from ...errors import RequestError
from ...limits import MAX_VERSIONS, VERSION_LETTERS, version_name
from ...model import LABELS, Choice, Question, answer_line, labels_line, number_text
from ..csv_cells import safe_row

ARRANGE_ATTEMPTS = 50  # orders tried per version before a repeat of an earlier version is accepted
KEY_COLUMNS = ("version", "question", "question_id", "correct")
MISCONCEPTION_COLUMNS = tuple(f"misconception_{label}" for label in LABELS)
EXAM_COLUMN = "exam"  # key.csv's last column: the exam's fingerprint, the same on every row
# Written before ``exam`` only when the exam holds a multiple-answer or numeric item, so the
# key of a single-choice exam keeps its bytes: the kind, and a numeric item's tolerance and unit.
KIND_COLUMNS = ("kind", "tolerance", "unit")


DEFAULT_INSTRUCTIONS = (
    "Mark one letter per question in the answer grid on this page. Each question has exactly "
    "one right answer; a wrong or blank answer scores zero. Write your name and student number above."
)
# The default for an exam that holds a multiple-answer or numeric item (the one above would be
# wrong for it); a teacher's own instructions are never replaced.
KINDS_INSTRUCTIONS = (
    "Mark your answers in the answer grid on this page: one letter for a question with round "
    "bubbles, every right letter for a question with square boxes (select all that apply), and "
    "the number for a question with a long box. A blank answer scores zero. Write your name and "
    "student number above."
)


@dataclass(frozen=True)
class ExamInfo:
    """What the exam header prints; every field is text the user chose (no clock anywhere)."""

    title: str
    course: str = ""
    date: str = ""
    instructions: str = ""
    paper: str = "a4"


@dataclass(frozen=True)
class Version:
    """One printed version: ``questions[i]`` is question number i + 1, options re-lettered."""

    letter: str
    questions: tuple[Question, ...]


def version_letters(count: int) -> list[str]:
    """The names of ``count`` versions: A ... Z, then AA, AB, ... (up to ZZ)."""
    if not 1 <= count <= MAX_VERSIONS:
        raise RequestError(f"--versions must be between 1 and {MAX_VERSIONS}")
    return [version_name(i) for i in range(count)]


def draw_seed(seed: int, letter: str) -> int:
    """The master seed of version ``letter``'s own draw (``--distinct``); version A uses ``seed``."""
    if letter == VERSION_LETTERS[0]:
        return seed
    digest = hashlib.sha256(f"lstmq-exam-draw:{seed}:{letter}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1  # stays within --seed's range, below 2**63


def relabel(question: Question, order: Sequence[int]) -> Question:
    """``question`` with its choices in ``order`` and lettered A, B, ... again (a numeric item,
    which has no choices, comes back as it is)."""
    if not question.choices:
        return question
    moved = [question.choices[i] for i in order]
    choices = tuple(Choice(label, c.text, c.correct, c.why, c.format) for label, c in zip(LABELS, moved))
    # The solution's final line names letters: rewrite it in the model's own format.
    final = labels_line(choices) if question.kind == "multiple" else answer_line(next(c for c in choices if c.correct))
    solution = replace(question.solution, final=final, mistakes=tuple(c.why for c in choices if not c.correct))
    return replace(question, choices=choices, solution=solution)


def fitting_instructions(info: "ExamInfo", questions: Iterable[Question]) -> "ExamInfo":
    """``info`` with the default instructions fitted to the exam's kinds of question."""
    if info.instructions == DEFAULT_INSTRUCTIONS and has_kinds(questions):
        return replace(info, instructions=KINDS_INSTRUCTIONS)
    return info


def key_answer(q: Question) -> str:
    """What key.csv's ``correct`` column holds: the right letter, every right letter ("AC"),
    or a numeric item's value as ``model.number_text`` writes it."""
    if q.kind == "numeric":
        return number_text(q.answer.value)
    return q.correct_labels


def has_kinds(questions: Iterable[Question]) -> bool:
    """Whether key.csv needs its kind columns: some item is not single-choice."""
    return any(q.kind != "single" for q in questions)


def arrange(questions: Sequence[Question], seed: int, letter: str, attempt: int = 0) -> tuple[Question, ...]:
    """A seeded order of ``questions`` with each question's options shuffled too."""
    rng = random.Random(f"lstmq-exam:{seed}:{letter}:{attempt}")
    order = list(questions)
    rng.shuffle(order)
    arranged = []
    for q in order:
        positions = list(range(len(q.choices)))
        rng.shuffle(positions)
        arranged.append(relabel(q, positions))
    return tuple(arranged)


def _signature(questions: Sequence[Question]) -> bytes:
    """A digest of an arrangement (question ids and option texts in order, each text
    length-prefixed): versions are told apart by it without holding every earlier version."""
    h = hashlib.sha256()
    for q in questions:
        for text in (q.id, *(c.text for c in q.choices)):
            data = text.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "big") + data)
        h.update(b"\xff" * 8)  # never a length: ends the question
    return h.digest()


def iter_versions(question_sets: Sequence[Sequence[Question]], seed: int) -> Iterator[Version]:
    """One version per question set (letters A, B, ...), each in its own seeded arrangement,
    made one at a time so a caller can write each and let it go.

    A version whose arrangement repeats an earlier one is re-shuffled (a bounded number of
    times: a one-question exam has only 24 arrangements), so neighbours see different patterns.
    """
    letters = version_letters(len(question_sets))
    seen: set[bytes] = set()
    for letter, questions in zip(letters, question_sets):
        if not questions:
            raise RequestError("an exam needs at least one question")
        for attempt in range(ARRANGE_ATTEMPTS):
            arranged = arrange(questions, seed, letter, attempt)
            signature = _signature(arranged)
            if signature not in seen:
                break
        seen.add(signature)
        yield Version(letter, arranged)


def make_versions(question_sets: Sequence[Sequence[Question]], seed: int) -> list[Version]:
    """Every version at once (``iter_versions``)."""
    return list(iter_versions(question_sets, seed))


def pick_from_bank(questions: Sequence[Question], count: int | None, seed: int,
                   families: Sequence[str] = (), difficulties: Sequence[str] = ()) -> list[Question]:
    """The bank questions an exam uses: filtered, then ``count`` of them picked by the seed."""
    chosen = [q for q in questions
              if (not families or q.family in families)
              and (not difficulties or q.difficulty in difficulties)]
    if not chosen:
        raise RequestError("the bank has no question that matches --family and --difficulty")
    if count is None or count == len(chosen):
        return chosen
    if count > len(chosen):
        raise RequestError(f"asked for {count} questions, but the bank has only {len(chosen)} that match")
    keep = set(random.Random(f"lstmq-exam-pick:{seed}").sample(range(len(chosen)), count))
    return [q for i, q in enumerate(chosen) if i in keep]  # bank order; versions shuffle anyway


def key_rows(versions: Sequence[Version], kinds: bool = False) -> list[list[str]]:
    """Rows of key.csv: the four key columns, then the misconception behind each wrong letter,
    and with ``kinds`` each item's kind, tolerance and unit."""
    return [row for v in versions for row in version_key_rows(v, kinds)]


def version_key_rows(v: Version, kinds: bool = False) -> list[list[str]]:
    """``key_rows`` of one version."""
    rows = []
    for number, q in enumerate(v.questions, 1):
        whys = {c.label: ("" if c.correct else c.why) for c in q.choices}
        row = [v.letter, str(number), q.id, key_answer(q), *(whys.get(label, "") for label in LABELS)]
        if kinds:
            numeric = q.answer if q.kind == "numeric" else None
            row += [q.kind, number_text(numeric.tolerance) if numeric else "", numeric.unit if numeric else ""]
        rows.append(row)
    return rows


def key_header(kinds: bool) -> list[str]:
    return [*KEY_COLUMNS, *MISCONCEPTION_COLUMNS, *(KIND_COLUMNS if kinds else ()), EXAM_COLUMN]


def exam_fingerprint(ids_by_version: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A short name for one exam: a digest of each version's question ids in printed order.

    It leaves out which letter is right, so printing it on a student copy or in an answer
    sheet's QR code gives nothing away. ``grade`` recomputes it from key.csv's rows to refuse a
    key that mixes rows of two exams, and responses that name another exam."""
    text = "\n".join(f"{letter}:{','.join(ids)}" for letter, ids in ids_by_version)
    return hashlib.sha256(f"lstmq-exam-id:{text}".encode()).hexdigest()[:12]


def versions_fingerprint(versions: Sequence[Version]) -> str:
    """``exam_fingerprint`` of drawn versions: key.csv's ``exam`` column."""
    return exam_fingerprint([(v.letter, [q.id for q in v.questions]) for v in versions])


class RunningFingerprint:
    """``exam_fingerprint`` fed one version at a time, so the versions need not be kept."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"lstmq-exam-id:")
        self._first = True

    def add(self, version: Version) -> None:
        line = f"{version.letter}:{','.join(q.id for q in version.questions)}"
        self._hash.update(("" if self._first else "\n").encode() + line.encode())
        self._first = False

    def hexdigest(self) -> str:
        return self._hash.hexdigest()[:12]


def key_row_texts(version: Version, kinds: bool = False) -> list[str]:
    """One version's rows of key.csv as CSV text, each without its last cell (the exam's
    fingerprint, known once every version is made) and without the line end."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    texts = []
    for row in version_key_rows(version, kinds):
        writer.writerow(safe_row(row))
        texts.append(buf.getvalue()[:-1])
        buf.seek(0)
        buf.truncate()
    return texts


def key_csv_from_texts(texts: Iterable[str], fingerprint: str, kinds: bool = False) -> Iterator[str]:
    """key.csv from ``key_row_texts``: the same text ``key_csv`` gives (every cell is quoted
    on its own, and a fingerprint is plain hex)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(key_header(kinds))
    yield buf.getvalue()
    end = f",{fingerprint}\n"
    for text in texts:
        yield text + end


def key_csv(versions: Sequence[Version]) -> str:
    kinds = has_kinds(q for v in versions for q in v.questions)
    return "".join(key_csv_chunks(key_rows(versions, kinds), versions_fingerprint(versions), kinds))


def key_csv_chunks(rows: Iterable[list[str]], fingerprint: str, kinds: bool = False) -> Iterator[str]:
    """key.csv as text chunks, from ``key_rows`` and the exam's fingerprint."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(key_header(kinds))
    for row in rows:
        writer.writerow(safe_row([*row, fingerprint]))
        if buf.tell() > 1 << 20:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
