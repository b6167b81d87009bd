"""What a quiz asks and says, independent of how answers are read.

The questions are a seeded shuffle of the bank (after the filters), so ``--seed`` repeats a
drill exactly; the options keep the bank's letters, which the solutions refer to. Text is
shown as the bank holds it: backticks around code read well in a terminal too.

An answer is text: a letter for single choice, every ticked letter in order for a select-all
item ("AC", right only when exactly the right ones), the number typed for a numeric item (right
within its tolerance; a wrong one is told how far off it is and, when a known mistake gives
it, which).
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, replace

from ..errors import RequestError
from ..model import Choice, Question, number_text, numeric_line

WIDTH = 88  # wrap prose at this width: readable in an 80-column terminal over SSH as well


def pick(questions: list[Question], families: tuple[str, ...] = (), difficulties: tuple[str, ...] = (),
         count: int | None = None, seed: int = 0) -> list[Question]:
    """The filtered questions in the seed's order, at most ``count`` of them."""
    kept = [q for q in questions
            if (not families or q.family in families) and (not difficulties or q.difficulty in difficulties)]
    if not kept:
        wanted = [*(f"--family {f}" for f in families), *(f"--difficulty {d}" for d in difficulties)]
        raise RequestError(f"no question in the bank matches {' '.join(wanted)}")
    random.Random(f"lstmq-quiz:{seed}").shuffle(kept)
    return kept[:count] if count else kept


def wrap(text: str, indent: str = "") -> str:
    # Never inside a word or at a hyphen: code such as `num_layers=-1` stays whole.
    return "\n".join(textwrap.fill(part, WIDTH, initial_indent=indent, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False)
                     if part.strip() else "" for part in text.split("\n"))


def option_text(choice: Choice) -> str:
    return " ".join(choice.text.split())


def header(number: int, total: int, q: Question) -> str:
    """The question before its options: number, family, stem and the code torch ran."""
    lines = [f"Question {number} of {total} ({q.family}, {q.difficulty})", "", wrap(q.stem)]
    if q.code:
        lines += ["", *("    " + line if line.strip() else "" for line in q.code.rstrip().split("\n"))]
    return "\n".join(lines)


def is_right(q: Question, answer: str) -> bool:
    if q.kind == "numeric":
        return q.answer.accepts(float(answer))
    if q.kind == "multiple":
        return answer == q.correct_labels
    return answer == q.correct.label


def verdict(q: Question, label: str) -> str:
    """Right or wrong; for a wrong pick, the misconception behind it; then the right answer."""
    if q.kind == "numeric":
        return numeric_verdict(q, float(label))
    if q.kind == "multiple":
        return multiple_verdict(q, label)
    right = q.correct
    if label == right.label:
        return "\n".join([f"Right: {right.label}. {option_text(right)}", wrap(right.why, "  ")])
    picked = next(c for c in q.choices if c.label == label)
    return "\n".join([
        f"Wrong: you picked {picked.label}. {option_text(picked)}",
        wrap(f"Misconception: {picked.why}", "  "),
        f"The answer is {right.label}. {option_text(right)}",
        wrap(right.why, "  "),
    ])


def multiple_verdict(q: Question, ticked: str) -> str:
    """Right only with exactly the right letters; every option marked and explained."""
    right = q.correct_labels
    head = (f"Right: {right}, exactly the right options." if ticked == right
            else f"Wrong: you picked {ticked}; the right options are {right}.")
    lines = [head]
    for c in q.choices:
        picked = c.label in ticked
        mark = ("ticked, right" if c.correct else "ticked, wrong") if picked else \
               ("not ticked, but right" if c.correct else "not ticked, rightly")
        lines += [f"{c.label}. {option_text(c)} ({mark})", wrap(c.why, "  ")]
    return "\n".join(lines)


def numeric_verdict(q: Question, x: float) -> str:
    """Right within the tolerance; a wrong number says how far off it is and which known
    mistake gives it, if one does."""
    answer = q.answer
    shown = number_text(x)
    if answer.accepts(x):
        return f"Right: {shown}." + ("" if x == answer.value else f" The value is {numeric_line(answer)}.")
    off = number_text(abs(x - answer.value))
    lines = [f"Wrong: {shown} is {off} too {'low' if x < answer.value else 'high'}."]
    # A trap matches as the answer does: within the item's tolerance of its value.
    trap = next((t for t in answer.traps if replace(answer, value=t.value).accepts(x)), None)
    if trap is not None:
        lines.append(wrap(f"That is the value a common mistake gives: {trap.why}", "  "))
    lines.append(f"The answer is {numeric_line(answer)}.")
    return "\n".join(lines)


def labels(answer: str, q: Question) -> str | None:
    """The options a typed select-all answer names ("AC", "a, c", "1 3"), in order and each
    once; None if it names none or something that is not an option."""
    names = [c.label for c in q.choices]
    picked = set()
    for part in answer.replace(",", " ").split():
        for token in ([part] if part.isdigit() else list(part.upper().rstrip(".)"))):
            if token in names:
                picked.add(token)
            elif token.isdigit() and 1 <= int(token) <= len(names):
                picked.add(names[int(token) - 1])
            else:
                return None
    return "".join(n for n in names if n in picked) or None


def typed_number(answer: str) -> str | None:
    """A typed number as the quiz records it, or None if it is not one (a decimal point,
    no thousands separators)."""
    text = answer.strip().replace("_", "").replace("\u2212", "-")
    try:
        x = float(text)
    except ValueError:
        return None
    if x != x or x in (float("inf"), float("-inf")) or "," in text:
        return None
    return number_text(int(x) if x.is_integer() and abs(x) < 1e15 else x)


@dataclass
class Score:
    total: int
    right: int = 0
    answered: int = 0

    def record(self, q: Question, label: str) -> bool:
        self.answered += 1
        correct = is_right(q, label)
        self.right += correct
        return correct

    def summary(self) -> str:
        if not self.answered:
            return f"Score: no question answered ({self.total} asked for)"
        percent = round(100 * self.right / self.answered)
        line = f"Score: {self.right} of {self.answered} right ({percent}%)"
        if self.answered < self.total:
            line += f"; {self.total - self.answered} of {self.total} questions not answered"
        return line


def letter(answer: str, q: Question) -> str | None:
    """The option a typed answer names: a letter (any case) or its number, with or without a
    trailing '.' or ')'; None if it names none."""
    text = answer.strip().rstrip(".)").strip().upper()
    labels = [c.label for c in q.choices]
    if text in labels:
        return text
    if text.isdigit() and 1 <= int(text) <= len(labels):
        return labels[int(text) - 1]
    return None


def drill(questions: list[Question], ask, echo, score: Score) -> Score:
    """Ask each question, say the verdict at once, and the score at the end. ``ask(q)``
    returns a label, or None to stop early; Ctrl+C propagates (the caller prints the score)."""
    for number, q in enumerate(questions, 1):
        echo(header(number, len(questions), q))
        echo()
        label = ask(q)
        if label is None:
            break
        score.record(q, label)
        echo(verdict(q, label))
        echo()
    echo(score.summary())
    return score
