"""The one reading of Markdown code spans, and the HTML fragments the exports share.

Prose fields (stems, explanations, options with ``format == "text"``, summaries) hold
Markdown backtick code spans. ``spans`` is the only parser of them: the site's Markdown
(``outputs.site.pages.md_text``), the exam's HTML (``outputs.exam.html.html_text``) and every
export (``prose`` below) split a text with it, so a stem shows the same code on the site, on
paper and in an LMS. Each writer then escapes the rest for its own format.

Every fragment here is built from escaped text, so a question's text can never inject
markup: the only tags that appear are the ones these functions write. Fragments are plain
strings; a template marks them as trusted explicitly (a filter), so nothing is trusted by
accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Choice, Numeric, Question, number_text, numeric_line

# A CommonMark code span: a run of N backticks, its content, then a run of exactly N. A span
# never crosses a line break: on the site a line may start a Markdown block, so the spans must
# be found line by line in every format alike.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
CODE_SPAN = _CODE_SPAN  # the notebook writer splits Markdown prose on the same spans


@dataclass(frozen=True)
class Piece:
    text: str  # prose as written, or a span's code (its padding stripped as CommonMark does)
    code: bool
    raw: str  # as written in the source, backticks included


def spans(text: str) -> Iterator[Piece]:
    """``text`` as prose and code pieces, in order; empty prose pieces are left out."""
    last = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > last:
            yield Piece(text[last:m.start()], False, text[last:m.start()])
        yield Piece(_span_content(m.group(2)), True, m.group(0))
        last = m.end()
    if last < len(text):
        yield Piece(text[last:], False, text[last:])


def escape(text: str) -> str:
    """Text content for HTML or XML: only &, < and > need escaping outside attributes."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _span_content(raw: str) -> str:
    # CommonMark strips one space on each side when both are there (how `` `x` `` is written).
    if len(raw) > 2 and raw.startswith(" ") and raw.endswith(" ") and raw.strip():
        return raw[1:-1]
    return raw


def prose(text: str) -> str:
    """Prose with `code spans` as inline HTML: spans become <code>, the rest is escaped."""
    return "".join(f"<code>{escape(p.text)}</code>" if p.code else escape(p.text) for p in spans(text))


def option(choice: Choice) -> str:
    """An option as inline HTML: a code option is one <code> element, a text option is prose."""
    if choice.format == "code":
        return f"<code>{escape(choice.text)}</code>"
    return prose(choice.text)


def code_block(code: str) -> str:
    return f'<pre><code class="language-python">{escape(code.rstrip())}</code></pre>'


def question_text(q: Question) -> str:
    """The stem as a paragraph, then the snippet torch ran (if any) as a code block; a numeric
    item then says what to enter (its unit or rounding)."""
    html = f"<p>{prose(q.stem)}</p>"
    if q.code:
        html += code_block(q.code)
    if q.kind == "numeric":
        html += f"<p>{escape(entry_instruction(q.answer))}</p>"
    return html


def entry_instruction(answer: Numeric) -> str:
    """What a numeric item asks for, as plain text: "Answer with a number (parameters)."."""
    return f"Answer with a number ({answer.unit})."


def trap_why(trap) -> str:
    """Feedback for a numeric trap: the value and the mistake that gives it."""
    return f"<p>{escape(number_text(trap.value))}: {prose(trap.why)}</p>"


def why(choice: Choice) -> str:
    return f"<p>{prose(choice.why)}</p>"


def solution(q: Question) -> str:
    """The worked solution: steps, the answer (named by its text, never by a letter: LMSs
    shuffle the options), and the quick check."""
    steps = "".join(f"<li>{prose(s)}</li>" for s in q.solution.steps)
    if q.kind == "numeric":
        html = f"<ol>{steps}</ol><p>Answer: {escape(numeric_line(q.answer))}</p>"
    elif q.kind == "multiple":
        right = "; ".join(option(c) for c in q.correct_choices)
        html = f"<ol>{steps}</ol><p>Right options (select all of them): {right}</p>"
    else:
        html = f"<ol>{steps}</ol><p>Answer: {option(q.correct)}</p>"
    if q.solution.quick_check.strip():
        html += f"<p>Quick check: {prose(q.solution.quick_check)}</p>"
    return html


def hint(q: Question) -> str:
    return f"<p>{prose(q.solution.hint)}</p>" if q.solution.hint.strip() else ""
