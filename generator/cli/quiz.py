"""``lstmq quiz``: the terminal drill's command line. Reads a bank; never imports torch."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import click

from .options import COUNT, SEED, SafePath, difficulty_option, family_option
from ..errors import LstmqError


@click.command("quiz")
@click.argument("bank", type=SafePath(dir_okay=True, path_type=Path), default=Path("bank.json"), required=False)
@click.option("--count", type=COUNT, default=None,
              help="How many questions to ask (default: every question that matches).")
@family_option
@difficulty_option
@click.option("--seed", type=SEED, default=None,
              help="Shuffle with this seed: the same seed asks the same questions in the same order "
                   "(default: a new order each time; the quiz prints the seed it used).")
@click.option("--plain", is_flag=True,
              help="Type answers line by line even in a terminal (for screen readers or terminals "
                   "that cannot draw a menu). Used anyway when stdin is not a terminal.")
def quiz(bank: Path, count, families_, difficulty, seed, plain: bool) -> None:
    """Drill the questions of BANK (default bank.json) in the terminal, one at a time.

    Pick an option with the arrow keys or its letter, then Enter; the verdict comes at once,
    with the misconception behind a wrong pick and the right answer. A "select all that apply"
    question takes every right letter (Space ticks them in the menu; AC line by line) and is
    right only with exactly those; a numeric question takes a number, right within its
    tolerance, and a wrong one is told how far off it is. The score comes at the
    end, or when you stop: q (line by line), end of input, or Ctrl+C (exit code 130).
    """
    from ..bank.file import load_bank
    from ..quiz import session

    loaded = load_bank(bank)
    if not loaded.questions:
        raise LstmqError(f"{bank}: holds no questions; there is nothing to ask")
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    questions = session.pick(loaded.questions, tuple(families_), tuple(difficulty), count, seed)
    if count and count > len(questions):
        click.echo(f"lstmq: note: only {len(questions)} questions match; asking all of them", err=True)
    interactive = (not plain and sys.stdin.isatty() and sys.stdout.isatty()
                   and os.environ.get("TERM", "") not in ("", "dumb"))
    click.echo(f"{len(questions)} question{'s' if len(questions) != 1 else ''} from {bank} "
               f"(seed {seed}: --seed {seed} asks them in this order again)\n")
    if interactive:
        from ..quiz import menu

        ask = menu.ask
    else:
        from ..quiz import plain as lines

        echo_input = not sys.stdin.isatty()

        def ask(q):
            return lines.ask(q, sys.stdin.readline, click.echo, echo_input)

    score = session.Score(len(questions))
    try:
        session.drill(questions, ask, click.echo, score)
    except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM/SIGHUP (lstmq raises them as Stopped)
        click.echo()
        click.echo(score.summary())
        sys.exit(getattr(exc, "exit_code", 130))
