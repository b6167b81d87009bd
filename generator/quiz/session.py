"""What a quiz asks and says, independent of how answers are read.

The questions are a seeded shuffle of the bank (after the filters), so ``--seed`` repeats a
drill exactly; the options keep the bank's letters, which the solutions refer to. Text is
shown as the bank holds it: backticks around code read well in a terminal too.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass

from ..errors import RequestError
from ..model import Choice, Question

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


def verdict(q: Question, label: str) -> str:
    """Right or wrong; for a wrong pick, the misconception behind it; then the right answer."""
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


@dataclass
class Score:
    total: int
    right: int = 0
    answered: int = 0

    def record(self, q: Question, label: str) -> bool:
        self.answered += 1
        correct = label == q.correct.label
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
