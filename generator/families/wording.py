"""Per-misconception texts kept as data: a template string each, filled with the item's params.

``spread.named_values`` calls ``whys[name](p, value)`` and ``spread.mistakes`` calls
``traps[name](p, shown)``. Most of those texts only quote a param or the value, so a family writes
them as templates (``"Keeps the input's {p.input_size} features: {v}."``) and ``worded`` turns the
table into the functions those helpers call; a text that needs arithmetic or a condition stays a
function in the same table.
"""

from __future__ import annotations

from typing import Callable


def worded(table: dict[str, str | Callable], show: Callable = str) -> dict[str, Callable]:
    """``table`` as ``(p, value) -> text`` functions: a template string is filled with the params as
    ``p`` and the value as ``v``, written as ``show`` writes it (``shape_text`` for shapes);
    a function is kept as it is."""
    return {name: _filled(text, show) if isinstance(text, str) else text for name, text in table.items()}


def _filled(template: str, show: Callable) -> Callable:
    return lambda p, v: template.format(p=p, v=show(v))
