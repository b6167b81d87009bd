"""Anki deck (.apkg): one note per question, in a note type of lstmq's own.

The front shows the stem, the snippet highlighted by Pygments and the four options with
their letters; the back the answer with its letter, the final line, the worked steps, the
quick check and the misconception behind each wrong option. Tags say the family and the
difficulty. A select-all item shows its options and, on the back, every right letter; a numeric
item shows what to enter, and on the back the value and the mistakes behind known wrong values.

Ids are fixed, so importing a newer export updates what an older one added: the note type
and the deck have constant ids, and each note's GUID comes from its question id.

Byte-identical output: genanki stamps notes, cards and the note type with a time, and
numbers notes and cards from it; here that time is a constant (or ``SOURCE_DATE_EPOCH``, the
reproducible-builds variable, when set: Anki updates an imported note only when the package's
copy is newer). The collection is built in memory and serialised (no temporary file), then
zipped by ``package.zip_bytes`` with a fixed entry date. The SQLite file records the SQLite
library's version in its header, so bytes can differ between machines with other SQLite builds.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
from functools import lru_cache
from importlib import resources

from ...bank.file import Bank
from ...errors import RequestError
from ...model import Choice, Question, number_text, numeric_line
from .. import markup
from .package import zip_bytes

MODEL_NAME = "lstmq multiple choice"
DECK_NAME = "lstmq"
FIELDS = ("Id", "Stem", "Code", "Options", "Answer", "Final", "Steps", "QuickCheck", "Misconceptions")
# 2026-01-01T00:00:00Z: the modification time of every note unless SOURCE_DATE_EPOCH says otherwise.
DEFAULT_TIME = 1_767_225_600
LIGHT_STYLE, NIGHT_STYLE = "xcode", "monokai"  # Pygments styles; their contrast is tested
CODE_CLASS = "lstmq-code"

FRONT = """<div class="lstmq-front">
{{Stem}}
{{Code}}
{{Options}}
</div>"""
BACK = """{{FrontSide}}
<hr id="answer">
<div class="lstmq-back">
<h3>Answer</h3>
{{Answer}}
{{Final}}
<h3>Solution</h3>
{{Steps}}
{{QuickCheck}}
<h3>Why the other options are wrong</h3>
{{Misconceptions}}
</div>"""


def stable_id(kind: str, name: str) -> int:
    """An Anki id (within genanki's advised 2**30..2**31 range) that depends on the name only."""
    digest = hashlib.sha256(f"lstmq-anki:{kind}:{name}".encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


MODEL_ID = stable_id("model", MODEL_NAME)
DECK_ID = stable_id("deck", DECK_NAME)


def modified_time(environ=os.environ) -> int:
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return DEFAULT_TIME
    if not value.isdigit() or not 0 < int(value) < 2**32:
        raise RequestError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}")
    return int(value)


def tag(text: str) -> str:
    """Anki tags cannot hold white space (genanki refuses them)."""
    return "_".join(text.split())


def note_tags(q: Question) -> list[str]:
    return ["lstmq", tag(f"lstmq::family::{q.family}"), tag(f"lstmq::difficulty::{q.difficulty}")]


def highlight(code: str) -> str:
    from pygments import highlight as pygments_highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    spans = pygments_highlight(code.rstrip(), PythonLexer(), HtmlFormatter(nowrap=True))
    # A long line scrolls sideways: tabindex lets a keyboard reach the block to scroll it.
    return f'<pre class="{CODE_CLASS}" tabindex="0">{spans.rstrip()}</pre>'


@lru_cache(maxsize=1)
def card_css() -> str:
    """The note type's stylesheet: lstmq's rules, then the code colours for light and night mode."""
    from pygments.formatters import HtmlFormatter

    own = resources.files("lstmq.templates").joinpath("export/anki_card.css").read_text(encoding="utf-8")
    light = HtmlFormatter(style=LIGHT_STYLE).get_token_style_defs(f".{CODE_CLASS}")
    night = HtmlFormatter(style=NIGHT_STYLE).get_token_style_defs(
        [f".nightMode .{CODE_CLASS}", f".night_mode .{CODE_CLASS}"])
    return "\n".join([own.rstrip(), "/* Code, light (Pygments " + LIGHT_STYLE + ") */", *light,
                      "/* Code, night mode (Pygments " + NIGHT_STYLE + ") */", *night]) + "\n"


def lettered(choice: Choice, extra: str = "") -> str:
    return f'<span class="lstmq-letter">{choice.label}.</span> {markup.option(choice)}{extra}'


def answer_field(q: Question) -> str:
    if q.kind == "numeric":
        return f'<p class="lstmq-answer">{markup.escape(numeric_line(q.answer))}</p>'
    if q.kind == "multiple":
        right = q.correct_choices
        letters = " and ".join(c.label for c in right)
        return (f'<p class="lstmq-answer">Select: {letters}</p><ul class="lstmq-options">'
                + "".join(f"<li>{lettered(c, ': ' + markup.prose(c.why))}</li>" for c in right) + "</ul>")
    return f'<p class="lstmq-answer">{lettered(q.correct)}</p><p>{markup.prose(q.correct.why)}</p>'


def mistakes_field(q: Question) -> str:
    if q.kind == "numeric":
        if not q.answer.traps:
            return ""
        return ('<p>Values that known mistakes give:</p><ul class="lstmq-misconceptions">'
                + "".join(f'<li><span class="lstmq-letter">{markup.escape(number_text(t.value))}</span>: '
                          f"{markup.prose(t.why)}</li>" for t in q.answer.traps) + "</ul>")
    wrong = [c for c in q.choices if not c.correct]
    return ('<ul class="lstmq-misconceptions">'
            + "".join(f"<li>{lettered(c, ': ' + markup.prose(c.why))}</li>" for c in wrong) + "</ul>")


def fields(q: Question) -> list[str]:
    steps = "".join(f"<li>{markup.prose(s)}</li>" for s in q.solution.steps)
    check = q.solution.quick_check.strip()
    stem = f"<p>{markup.prose(q.stem)}</p>"
    if q.kind == "numeric":
        stem += f"<p>{markup.escape(markup.entry_instruction(q.answer))}</p>"
        options = ""
    else:
        options = '<ul class="lstmq-options">' + "".join(f"<li>{lettered(c)}</li>" for c in q.choices) + "</ul>"
    return [
        markup.escape(q.id),
        stem,
        highlight(q.code) if q.code else "",
        options,
        answer_field(q),
        f'<p class="lstmq-final">{markup.prose(q.solution.final)}</p>',
        f"<ol>{steps}</ol>",
        f"<p>Quick check: {markup.prose(check)}</p>" if check else "",
        mistakes_field(q),
    ]


def note_type():
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=card_css(),
        sort_field_index=0,  # the question id: unique, so Anki never reports false duplicates
    )


def export(bank: Bank) -> bytes:
    import genanki

    timestamp = modified_time()
    model = note_type()
    deck = genanki.Deck(DECK_ID, DECK_NAME, description=(
        "Questions about PyTorch's nn.LSTM whose answers torch verified, made by lstmq."))
    for position, q in enumerate(bank.questions):
        deck.add_note(genanki.Note(model=model, fields=fields(q), tags=note_tags(q),
                                   guid=genanki.guid_for("lstmq", q.id), due=position))
    connection = sqlite3.connect(":memory:")
    try:
        # genanki numbers notes and cards from the time it is given, in milliseconds.
        genanki.Package(deck).write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    return zip_bytes([("collection.anki2", collection), ("media", b"{}")])
