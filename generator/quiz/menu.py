"""Answers picked in a menu: arrow keys or a letter, then Enter (questionary, on prompt_toolkit).

Used only when stdin and stdout are a terminal; prompt_toolkit draws with the terminal's own
escape codes, so it works over SSH as well. Ctrl+C raises KeyboardInterrupt (``unsafe_ask``)
so the quiz can print the score so far.
"""

from __future__ import annotations

from ..model import Question
from .session import option_text, typed_number

INSTRUCTION = "(arrow keys or a-d, then Enter; Ctrl+C stops)"
INSTRUCTION_MULTIPLE = "(arrow keys, Space ticks, Enter answers; Ctrl+C stops)"


def ask(q: Question) -> str:
    import questionary

    if q.kind == "numeric":
        return typed_number(questionary.text(
            f"Your answer, a number ({q.answer.unit})",
            validate=lambda text: typed_number(text) is not None
            or "Type digits, with a point for decimals and no thousands separators").unsafe_ask())
    if q.kind == "multiple":
        boxes = [questionary.Choice(title=f"{c.label}. {option_text(c)}", value=c.label) for c in q.choices]
        ticked = questionary.checkbox("Your answer: tick every right option", choices=boxes,
                                      instruction=INSTRUCTION_MULTIPLE,
                                      validate=lambda picked: bool(picked) or "Tick at least one option"
                                      ).unsafe_ask()
        return "".join(c.label for c in q.choices if c.label in ticked)
    choices = [questionary.Choice(title=option_text(c), value=c.label, shortcut_key=c.label.lower())
               for c in q.choices]
    return questionary.select("Your answer", choices=choices, use_shortcuts=True, use_arrow_keys=True,
                              use_jk_keys=False, instruction=INSTRUCTION).unsafe_ask()
