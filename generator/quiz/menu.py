"""Answers picked in a menu: arrow keys or a letter, then Enter (questionary, on prompt_toolkit).

Used only when stdin and stdout are a terminal; prompt_toolkit draws with the terminal's own
escape codes, so it works over SSH as well. Ctrl+C raises KeyboardInterrupt (``unsafe_ask``)
so the quiz can print the score so far.
"""

from __future__ import annotations

from ..model import Question
from .session import option_text

INSTRUCTION = "(arrow keys or a-d, then Enter; Ctrl+C stops)"


def ask(q: Question) -> str:
    import questionary

    choices = [questionary.Choice(title=option_text(c), value=c.label, shortcut_key=c.label.lower())
               for c in q.choices]
    return questionary.select("Your answer", choices=choices, use_shortcuts=True, use_arrow_keys=True,
                              use_jk_keys=False, instruction=INSTRUCTION).unsafe_ask()
