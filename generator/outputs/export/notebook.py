"""Jupyter notebook (.ipynb): the questions as cells a student reads, runs and edits.

Per question: a Markdown cell (stem and lettered options); the snippet as a code cell, exactly
the code torch ran (a snippet that raises carries the ``raises-exception`` tag, so running the
whole notebook does not stop there); for a snippet that runs, a small cell that prints the
values the question asks about; then the solution as a Markdown cell whose source starts
hidden (``jupyter.source_hidden`` for JupyterLab and Notebook 7, ``collapsed`` for the classic
notebook).

Prose is Markdown already (backtick code spans); everything else in it is escaped, so a
question's text shows literally and can neither inject HTML nor start LaTeX with ``$``.
Cell ids are derived from the question's position, so the same bank gives the same bytes.
"""

from __future__ import annotations

import keyword
import re

from ... import __version__
from ...bank.file import Bank
from ...model import Choice, Question, number_text, numeric_line
from ..markup import CODE_SPAN, entry_instruction

TITLE_ID = "lstmq-title"  # how lstmq recognises its own notebook before replacing one
RAISES = "raises-exception"  # nbclient and Jupyter run on past a cell with this tag

# Markdown and Jupyter specials: escaped with a backslash wherever they appear in prose.
_SPECIALS = re.compile(r"([\\`*_\[\]<>&#|~$])")
# Markers that start a block at the beginning of a line: list items, quotes, setext underlines.
_LINE_START = re.compile(r"(^|\n)[ \t]*([-+>=]|\d+(?=[.)]))?")


def hidden() -> dict:
    """Metadata that starts a cell's source hidden: JupyterLab and Notebook 7, then classic."""
    return {"jupyter": {"source_hidden": True}, "collapsed": True}


def _block_marker(m: re.Match) -> str:
    marker = m.group(2) or ""
    if marker[:1].isdigit():
        return m.group(1) + marker + "\\"  # "1." starts a list, "1\\." does not
    return m.group(1) + ("\\" + marker if marker else "")


def _escape(text: str, line_start: bool = False) -> str:
    """Literal text as Markdown. ``line_start``: the text begins a line, so its first
    characters may not start a block either. Leading blanks on a line are dropped: four of
    them would start a code block."""
    text = _SPECIALS.sub(r"\\\1", text)
    if not line_start:
        head, newline, rest = text.partition("\n")
        return head + (newline + _LINE_START.sub(_block_marker, rest) if newline else "")
    return _LINE_START.sub(_block_marker, text)


def prose(text: str) -> str:
    """Prose as Markdown that starts a line: its code spans kept, the rest shown literally."""
    out, last = [], 0
    for m in CODE_SPAN.finditer(text):
        out.append(_escape(text[last:m.start()], line_start=last == 0))
        out.append(" ".join(m.group(0).split("\n")))  # a span stays on one line
        last = m.end()
    out.append(_escape(text[last:], line_start=last == 0))
    return "".join(out)


def code_span(text: str) -> str:
    """Literal text as one Markdown code span, whatever backticks it holds."""
    text = " ".join(text.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def option(choice: Choice) -> str:
    return code_span(choice.text) if choice.format == "code" else prose(choice.text)


def question_markdown(number: int, q: Question) -> str:
    if q.kind == "numeric":
        options = f"*{_escape(entry_instruction(q.answer), line_start=True)}*"
    else:
        options = "\n".join(f"- **{c.label}.** {option(c)}" for c in q.choices)
    return f"## Question {number}\n\n*{_escape(q.family)}, {_escape(q.difficulty)}*\n\n{prose(q.stem)}\n\n{options}\n"


def answer_markdown(q: Question) -> str:
    if q.kind == "numeric":
        value, _, rest = numeric_line(q.answer).partition(" ")
        return f"**Answer: {_escape(value)}** {_escape(rest)}"
    if q.kind == "multiple":
        right = q.correct_choices
        lines = "\n".join(f"- **{c.label}.** {option(c)}: {prose(c.why)}" for c in right)
        return f"**Answer: {' and '.join(c.label for c in right)}.** Select all of these:\n\n{lines}"
    right = q.correct
    return f"**Answer: {right.label}.** {option(right)}: {prose(right.why)}"


def solution_markdown(q: Question) -> str:
    parts = [
        "### Solution",
        answer_markdown(q),
        "\n".join(f"{i}. {prose(step)}" for i, step in enumerate(q.solution.steps, 1)),
    ]
    if q.solution.quick_check.strip():
        parts.append(f"Quick check: {prose(q.solution.quick_check)}")
    if q.kind == "numeric":
        if q.answer.traps:
            traps = "\n".join(f"- **{_escape(number_text(t.value))}**: {prose(t.why)}" for t in q.answer.traps)
            parts += ["**Values that known mistakes give**", traps]
    else:
        wrong = "\n".join(f"- **{c.label}.** {option(c)}: {prose(c.why)}" for c in q.choices if not c.correct)
        parts += ["**Why the other options are wrong**", wrong]
    return "\n\n".join(parts) + "\n"


def probe_lines(values: dict) -> list[str]:
    """Lines that print what the bank recorded about each probed name: a tensor's shape and
    dtype, a plain value itself. Modules and other objects are left out: no question asks
    for one directly (a layer's parameter count is asked through a name such as ``total``)."""
    lines = []
    for name, value in values.items():
        if not name.isidentifier() or keyword.iskeyword(name):
            continue
        if isinstance(value, dict) and "shape" in value:
            lines.append(f'print("{name}:", tuple({name}.shape), {name}.dtype)')
        elif isinstance(value, (bool, int, float, str)) or value is None:
            lines.append(f'print("{name}:", {name})')
    return lines


def question_cells(number: int, q: Question) -> list:
    import nbformat.v4 as nbf

    key = f"q{number}"
    cells = [nbf.new_markdown_cell(question_markdown(number, q), id=f"{key}-question")]
    if q.code:
        main = (q.evidence or {}).get("main") or {}
        raises = bool(main.get("error"))
        cells.append(nbf.new_code_cell(q.code.rstrip("\n"), id=f"{key}-code",
                                       metadata={"tags": [RAISES]} if raises else {}))
        lines = [] if raises else probe_lines(main.get("values") or {})
        if lines:
            source = "# Run the cell above first: this prints what the question asks about.\n" + "\n".join(lines)
            cells.append(nbf.new_code_cell(source, id=f"{key}-check"))
    cells.append(nbf.new_markdown_cell(solution_markdown(q), id=f"{key}-solution", metadata=hidden()))
    return cells


def export(bank: Bank) -> bytes:
    import nbformat
    import nbformat.v4 as nbf

    count = len(bank.questions)
    title = (
        f"# nn.LSTM practice: {count} question{'s' if count != 1 else ''}\n\n"
        "Read a question, decide on an answer, then run its code (Shift+Enter) to see what torch "
        "does. The code is what lstmq ran to check every option; change it and run it again to "
        "explore. Each solution follows its question, hidden: click the collapsed cell (or the "
        "bar to its left) to show it.\n\n"
        f"Made by lstmq {_escape(__version__)} from a bank verified with torch "
        f"{_escape(str(bank.header.get('torch_version', 'unknown')))}.\n"
    )
    cells = [
        nbf.new_markdown_cell(title, id=TITLE_ID),
        nbf.new_code_cell(
            "# Show a warning every time it happens (Python shows each only once by default),\n"
            "# as lstmq did when it ran the questions.\nimport warnings\n\nwarnings.simplefilter(\"always\")",
            id="lstmq-setup"),
    ]
    for number, q in enumerate(bank.questions, 1):
        cells += question_cells(number, q)
    notebook = nbf.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    return (nbformat.writes(notebook) + "\n").encode("utf-8")
