"""One reading of Markdown code spans: the site, the printed exam and every export show the
same code pieces and the same prose for any text, however odd its backticks.

``lstmq.outputs.markup.spans`` is the only parser; these properties hold each renderer to it,
reading each output back the way its reader would (Python-Markdown for the site's Markdown,
an HTML parser for the exam and the exports' fragments).
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmq.model import Choice
from lstmq.outputs import markup
from lstmq.outputs.exam.html import html_text, option_html
from lstmq.outputs.site.pages import md_text, option_md

# The site's own Markdown extensions (mkdocs.yml): tables make "\|" an escape, for one.
SITE_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.superfences",
                   "pymdownx.highlight", "pymdownx.inlinehilite"]


def site_html(md: str) -> str:
    return markdown.markdown(md, extensions=SITE_EXTENSIONS)


# Backticks, the spaces around them and the characters each format escapes, in any order.
odd_text = st.text(alphabet="`` ` ``ab <>&*_#|[]\\-1.=\n", max_size=40)


class Shown(HTMLParser):
    """The pieces a reader sees: ("code", text) inside <code>, ("prose", text) outside."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self._code = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._code += tag == "code"
        if tag == "code":
            self.pieces.append(("code", ""))

    def handle_endtag(self, tag):
        self._code -= tag == "code"

    def handle_data(self, data):
        kind = "code" if self._code else "prose"
        if self.pieces and self.pieces[-1][0] == kind and kind == "prose":
            self.pieces[-1] = (kind, self.pieces[-1][1] + data)
        elif kind == "code":
            self.pieces[-1] = ("code", self.pieces[-1][1] + data)
        else:
            self.pieces.append((kind, data))


def expected(text: str) -> list[tuple[str, str]]:
    return [("code" if p.code else "prose", p.text) for p in markup.spans(text)]


def words(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pieces with white space folded: Markdown joins lines and trims paragraph ends."""
    folded = [(kind, " ".join(text.split())) for kind, text in pieces]
    return [(kind, text) for kind, text in folded if text or kind == "code"]


@settings(max_examples=300, deadline=None)
@given(odd_text)
@example("a `x` b ``y`z`` c")
@example("`` `x` ``")
@example("```")
@example("`a\nb`")
def test_every_renderer_shows_the_code_spans_the_parser_finds(text):
    want = expected(text)
    assert "".join(p.raw for p in markup.spans(text)) == text  # the pieces cover the text
    assert Shown(markup.prose(text)).pieces == want  # exports (Moodle, QTI, Canvas, GIFT)
    assert Shown(str(html_text(text))).pieces == want  # the printed exam
    # The site: its Markdown, as MkDocs' Python-Markdown renders it in a paragraph. Markdown
    # trims a span's padding and folds line breaks, so compare words.
    site = Shown(site_html(md_text(text))).pieces
    assert words(site) == words(want)


@settings(max_examples=100, deadline=None)
@given(odd_text.filter(lambda t: t.strip() and "\n" not in t))
@example("&#1")  # Python-Markdown completes a numeric reference inside a code span to "&#1;"
def test_a_code_option_is_one_code_element_everywhere(text):
    choice = Choice("A", text, True, "why", "code")
    assert Shown(markup.option(choice)).pieces == [("code", text)]
    assert Shown(str(option_html(text, "code"))).pieces == [("code", text)]
    assert words(Shown(site_html(option_md(choice))).pieces) == words([("code", text)])
