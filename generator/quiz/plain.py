"""Answers read line by line: for a pipe or a file on stdin, and for terminals where a menu
that redraws itself does not work well (a screen reader, a dumb terminal: ``--plain``)."""

from __future__ import annotations

from typing import Callable

from ..model import Question
from .session import labels, letter, option_text, typed_number

PROMPT = "Your answer (A-D or 1-4, q to stop): "
PROMPT_MULTIPLE = "Your answer (every right letter, such as AC; q to stop): "
PROMPT_NUMBER = "Your answer (a number, q to stop): "


def ask(q: Question, read_line: Callable[[], str], echo: Callable[..., None], echo_input: bool) -> str | None:
    """The label picked for ``q``, or None when the input ends or asks to stop.

    ``echo_input``: print each answer back, so a transcript of piped input reads like a session.
    """
    for c in q.choices:
        echo(f"  {c.label}. {option_text(c)}")
    if q.kind == "numeric":
        echo(f"  Answer with a number ({q.answer.unit}).")
    prompt = {"multiple": PROMPT_MULTIPLE, "numeric": PROMPT_NUMBER}.get(q.kind, PROMPT)
    while True:
        echo(prompt, nl=False)
        line = read_line()
        if line == "":  # end of input
            echo()
            return None
        if echo_input:
            echo(line.rstrip("\r\n"))
        if line.strip().lower() in ("q", "quit"):
            return None
        if q.kind == "numeric":
            value = typed_number(line)
            if value is not None:
                return value
            echo(f"{line.strip()!r} is not a number: type digits, with a point for decimals and no "
                 "thousands separators (such as 2560 or 0.125), or q to stop.")
            continue
        label = labels(line, q) if q.kind == "multiple" else letter(line, q)
        if label is not None:
            return label
        names = [c.label for c in q.choices]
        if q.kind == "multiple":
            echo(f"{line.strip()!r} does not name options: type every right letter (such as "
                 f"{names[0]}{names[-1]}), or q to stop.")
            continue
        echo(f"{line.strip()!r} is not an option: type one of {', '.join(names)} "
             f"(or 1-{len(names)}), or q to stop.")
