"""Answers read line by line: for a pipe or a file on stdin, and for terminals where a menu
that redraws itself does not work well (a screen reader, a dumb terminal: ``--plain``)."""

from __future__ import annotations

from typing import Callable

from ..model import Question
from .session import letter, option_text

PROMPT = "Your answer (A-D or 1-4, q to stop): "


def ask(q: Question, read_line: Callable[[], str], echo: Callable[..., None], echo_input: bool) -> str | None:
    """The label picked for ``q``, or None when the input ends or asks to stop.

    ``echo_input``: print each answer back, so a transcript of piped input reads like a session.
    """
    for c in q.choices:
        echo(f"  {c.label}. {option_text(c)}")
    while True:
        echo(PROMPT, nl=False)
        line = read_line()
        if line == "":  # end of input
            echo()
            return None
        if echo_input:
            echo(line.rstrip("\r\n"))
        if line.strip().lower() in ("q", "quit"):
            return None
        label = letter(line, q)
        if label is not None:
            return label
        labels = [c.label for c in q.choices]
        echo(f"{line.strip()!r} is not an option: type one of {', '.join(labels)} "
             f"(or 1-{len(labels)}), or q to stop.")
