"""Small helpers the export tests share: the CI rule for missing validators, reading zips,
comparing HTML by what it shows."""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser

import pytest


def unavailable(reason: str):
    """Skip locally; under CI a missing validator is a failure, never a silent pass."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


BLOCKS = {"p", "pre", "ol", "ul", "li", "div", "br"}
# text2qti's Markdown turns straight quotes into typographic ones ("smarty"); the text is the same.
TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.code: list[str] = []
        self.tags: list[str] = []
        self._in_code = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in BLOCKS:
            self.text.append(" ")  # a block boundary shows as a break, however it is written
        if tag == "code":
            self._in_code += 1
            self.code.append("")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text.append(" ")
        if tag == "code":
            self._in_code -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._in_code:
            self.code[-1] += data


def shown(html: str) -> tuple[str, tuple[str, ...]]:
    """What an HTML fragment shows: its text with whitespace runs collapsed (a block boundary
    counts as whitespace) and typographic quotes made straight, and its code texts."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    text = re.sub(r"\s+", " ", "".join(reader.text)).strip().translate(TYPOGRAPHIC)
    return text, tuple(c.strip().translate(TYPOGRAPHIC) for c in reader.code)


def tags(html: str) -> set[str]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return set(reader.tags)


def plain(markdown: str) -> str:
    """The words a reader sees in Markdown: code spans (of any fence length) by their content."""
    from lstmq.outputs.markup import CODE_SPAN

    return " ".join(CODE_SPAN.sub(lambda m: m.group(2), markdown).split())
