"""Small helpers the export tests share: reading zips and comparing HTML by what it shows."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.code: list[str] = []
        self.tags: list[str] = []
        self._in_code = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "code":
            self._in_code += 1
            self.code.append("")

    def handle_endtag(self, tag):
        if tag == "code":
            self._in_code -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._in_code:
            self.code[-1] += data


def shown(html: str) -> tuple[str, tuple[str, ...]]:
    """What an HTML fragment shows: its text with whitespace runs collapsed, and its code texts."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    text = re.sub(r"\s+", " ", "".join(reader.text)).strip()
    return text, tuple(c.strip() for c in reader.code)


def tags(html: str) -> set[str]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return set(reader.tags)
