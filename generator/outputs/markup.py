"""HTML fragments shared by the HTML-based exports (Moodle, QTI 2.1, Canvas, GIFT).

Every fragment is built here from escaped text, so a question's text can never inject
markup: the only tags that appear are the ones these functions write. Prose fields (stems,
explanations, options with ``format == "text"``) hold Markdown backtick code spans, which
become ``<code>``; everything else in them stays literal text. Fragments are plain strings;
a template marks them as trusted explicitly (a filter), so nothing is trusted by accident.
"""

from __future__ import annotations

import re

from ..model import Choice, Question

# A CommonMark code span: a run of N backticks, its content, then a run of exactly N.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


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
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(f"<code>{escape(_span_content(m.group(2)))}</code>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def option(choice: Choice) -> str:
    """An option as inline HTML: a code option is one <code> element, a text option is prose."""
    if choice.format == "code":
        return f"<code>{escape(choice.text)}</code>"
    return prose(choice.text)


def code_block(code: str) -> str:
    return f'<pre><code class="language-python">{escape(code.rstrip())}</code></pre>'


def question_text(q: Question) -> str:
    """The stem as a paragraph, then the snippet torch ran (if any) as a code block."""
    html = f"<p>{prose(q.stem)}</p>"
    if q.code:
        html += code_block(q.code)
    return html


def why(choice: Choice) -> str:
    return f"<p>{prose(choice.why)}</p>"


def solution(q: Question) -> str:
    """The worked solution: steps, the answer (named by its text, never by a letter: LMSs
    shuffle the options), and the quick check."""
    steps = "".join(f"<li>{prose(s)}</li>" for s in q.solution.steps)
    html = f"<ol>{steps}</ol><p>Answer: {option(q.correct)}</p>"
    if q.solution.quick_check.strip():
        html += f"<p>Quick check: {prose(q.solution.quick_check)}</p>"
    return html


def hint(q: Question) -> str:
    return f"<p>{prose(q.solution.hint)}</p>" if q.solution.hint.strip() else ""
