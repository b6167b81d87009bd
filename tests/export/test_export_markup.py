"""The HTML fragments every HTML-based export shares: text stays text, code spans become <code>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.outputs import markup
from lstmq.outputs.export.gift import escape as gift_escape
from lstmq.model import Choice

# Any text a bank may hold (validate refuses what XML 1.0 cannot carry).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
               | st.sampled_from("\n\t`<>&]]>"), max_size=60)


def parsed(fragment: str) -> ET.Element:
    return ET.fromstring(f"<div>{fragment}</div>")


@settings(max_examples=150)
@given(TEXT)
def test_prose_is_well_formed_and_only_adds_code(text):
    root = parsed(markup.prose(text))
    assert {e.tag for e in root.iter()} <= {"div", "code"}
    if "`" not in text:
        assert "".join(root.itertext()) == text


@settings(max_examples=150)
@given(TEXT)
def test_a_code_option_shows_its_text_exactly(text):
    root = parsed(markup.option(Choice("A", text, True, "why", "code")))
    assert [e.tag for e in root] == ["code"]
    assert (root[0].text or "") == text


@settings(max_examples=100)
@given(TEXT)
def test_code_blocks_keep_every_character(text):
    root = parsed(markup.code_block(text))
    assert root[0].tag == "pre" and root[0][0].tag == "code"
    assert (root[0][0].text or "") == text.rstrip()


@pytest.mark.parametrize("text,html", [
    ("use `nn.LSTM` here", "use <code>nn.LSTM</code> here"),
    ("``a`b``", "<code>a`b</code>"),
    ("`` `x` ``", "<code>`x`</code>"),
    ("a lone ` backtick", "a lone ` backtick"),
    ("`a` and `b`", "<code>a</code> and <code>b</code>"),
    ("```x`` y", "```x`` y"),  # runs of different lengths do not pair
    ("`x < y` & <b>", "<code>x &lt; y</code> &amp; &lt;b&gt;"),
])
def test_code_spans(text, html):
    assert markup.prose(text) == html


def test_the_solution_names_the_answer_by_its_text_not_a_letter(bank300):
    q = bank300.questions[0]
    html = markup.solution(q)
    assert f"<p>Answer: {markup.option(q.correct)}</p>" in html
    assert "Option " not in html  # LMSs shuffle the options: a letter would point at the wrong one


@settings(max_examples=150)
@given(TEXT)
def test_gift_escape_leaves_no_special_bare(text):
    escaped = gift_escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    i = 0
    while i < len(escaped):  # every special character is preceded by its backslash
        if escaped[i] == "\\":
            assert escaped[i + 1] in "\\~=#{}:n"
            i += 2
            continue
        assert escaped[i] not in "~=#{}:"
        i += 1
