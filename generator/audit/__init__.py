"""Item-quality audit of a question bank (``lstmq audit``), after Haladyna, Downing & Rodriguez's
multiple-choice item-writing guidelines and the 19-criterion item-writing-flaw rubric.

Reads plain question records only: never torch, never the families. Modules:

- ``cues``: test-wise cues (longest, shortest, most similar, unique kind, stem words, letters);
- ``repetition``: stem templates, repeated answers, near-duplicates, difficulty levels;
- ``explanations``: circular whys, copied common mistakes, hints and quick checks that give it away;
- ``report``: runs them per family and over the bank, judges the limits, renders text, Markdown, JSON.

``docs/quality.md`` defines every check, its limit and its source.
"""

from .report import CHECKS, Report, audit, render_json, render_markdown, render_text, to_json

__all__ = ["CHECKS", "Report", "audit", "render_json", "render_markdown", "render_text", "to_json"]
