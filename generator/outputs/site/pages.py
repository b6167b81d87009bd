"""Markdown pages for the MkDocs site, through the shipped Jinja templates (``outputs.jinja``).

A *set* is one draw of questions. Its pages live in ``docs/questions/<set>/``: an overview,
pages per family (``families/``, at most ``QUESTIONS_PER_PAGE`` questions each), a list by
difficulty that only links, and a self-test page with a few questions across the levels.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import jinja2

from ...catalogue import BY_NAME, NAMES
from ...model import DIFFICULTIES, Question, answer_line, number_text
from ..jinja import environment
from ..markup import spans
from .quiz_pool import POOL_FILE, render_pool

# Every page carries the whole navigation, so one page per question costs quadratic build
# time; 25 questions keep a page near 100 kB of HTML and a 120-question set at six pages.
QUESTIONS_PER_PAGE = 25
SELF_TEST_SIZE = 10
SET_META = "set.json"

_MD_SPECIAL = re.compile(r"([\\*_\[\]{}>#|`])")
# Only at the start of a line: a list marker or a number with "." or ")" followed by a space.
_LINE_START = re.compile(r"(?m)^(\s*)(\d+[.)]|[-+])(?=\s|$)")
_SETEXT = re.compile(r"(?m)^(\s*)=")
# A line of dashes alone is a rule, or underlines the line above as a heading.
_DASH_LINE = re.compile(r"(?m)^(\s*)-(?=[-\s]*$)")


# Python-Markdown completes "&#1" inside a code span to "&#1;": such a text is written as HTML.
_NUMERIC_REFERENCE = re.compile(r"&#")


def md_code(text: str) -> str:
    """Inline code that survives backticks in the text: a fence longer than any run inside."""
    if _NUMERIC_REFERENCE.search(text):  # every mark as a character reference: Markdown reads none
        return "<code>" + "".join(ch if ch.isalnum() or ch == " " else f"&#{ord(ch)};" for ch in text) + "</code>"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    pad = " " if longest else ""
    return f"{'`' * (longest + 1)}{pad}{text}{pad}{'`' * (longest + 1)}"


def _escape_prose(text: str) -> str:
    # "&" and "<" as entities: Python-Markdown keeps the backslash of an escaped "<".
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    # What would start a list or a heading at the beginning of a line stays literal.
    text = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
    text = _DASH_LINE.sub(r"\1\\-", text)
    return _SETEXT.sub(r"\1&#61;", text)


def md_text(text: str) -> str:
    """Prose with `code spans` (as ``markup.spans`` finds them): escape Markdown and HTML
    outside the spans, keep each span as written."""
    return _md_text(str(text))


@lru_cache(maxsize=1 << 14)  # a set's pages, self-test and quiz pool write the same texts again
def _md_text(text: str) -> str:
    return "".join(p.raw if p.code else _escape_prose(p.text) for p in spans(text))


def option_md(choice) -> str:
    return md_code(choice.text) if choice.format == "code" else md_text(choice.text)


def answer_md(choice) -> str:
    return answer_line(choice, option_md(choice))


def indent(text: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def fence(code: str, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = code if code.endswith("\n") else code + "\n"
    return f"{ticks}{lang}\n{body}{ticks}"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def site_environment() -> jinja2.Environment:
    """The Jinja environment with the site's Markdown filters."""
    return environment(md_code=md_code, md_text=md_text, option_md=option_md, answer_md=answer_md,
                       indent_block=indent, fence=fence, first_line=first_line, number=number_text)


@dataclass(frozen=True)
class Entry:
    """A question as the site shows it: its number in the set and the page it lives on."""

    number: int
    question: Question
    page: str  # relative to the set folder, e.g. "families/output-shape.md"


def _family_order(names: Iterable[str]) -> list[str]:
    names = set(names)
    return [n for n in NAMES if n in names] + sorted(names - set(NAMES))


def _levels(questions: Iterable[Question]) -> list[str]:
    present = {q.difficulty for q in questions}
    return [d for d in DIFFICULTIES if d in present] + sorted(present - set(DIFFICULTIES))


def place(questions: Iterable[Question]) -> list[list[Entry]]:
    """Group questions into family pages and number them in reading order.

    Families follow the registry; within a family the bank's order is kept. A family with more
    than ``QUESTIONS_PER_PAGE`` questions is split into parts.
    """
    by_family: dict[str, list[Question]] = {}
    for q in questions:
        by_family.setdefault(q.family, []).append(q)
    pages: list[list[Entry]] = []
    number = 0
    for name in _family_order(by_family):
        qs = by_family[name]
        n = -(-len(qs) // QUESTIONS_PER_PAGE)
        # Even parts (21 questions: 11 and 10, never 20 and 1).
        bounds = [len(qs) * i // n for i in range(n + 1)]
        chunks = [qs[bounds[i]:bounds[i + 1]] for i in range(n)]
        for part, chunk in enumerate(chunks, 1):
            slug = name if len(chunks) == 1 else f"{name}-{part}"
            page = []
            for q in chunk:
                number += 1
                page.append(Entry(number, q, f"families/{slug}.md"))
            pages.append(page)
    return pages


def _key(q: Question) -> str:
    """What a student's answer is compared with, for spreading keys: the right letters
    ("B", or "AC" for a select-all item); a numeric item has no letter."""
    return "#" if q.kind == "numeric" else q.correct_labels


def pick_self_test(entries: list[Entry], size: int = SELF_TEST_SIZE) -> list[Entry]:
    """A short mixed test: levels taken in turn, and families in turn within a level.

    Within a family's turn the question taken is the first whose right letter the test has used
    least so far, so the keys spread over A-D (taking each family's first question alone gave
    six keys D in ten).
    """
    per_level: dict[str, list[list[Entry]]] = {}
    for level in _levels(e.question for e in entries):
        by_family: dict[str, list[Entry]] = {}
        for e in entries:
            if e.question.difficulty == level:
                by_family.setdefault(e.question.family, []).append(e)
        per_level[level] = list(by_family.values())
    turn = {level: 0 for level in per_level}  # the next family to take from, per level
    keys: dict[str, int] = {}
    chosen: list[Entry] = []

    def take(level: str) -> None:
        families = [items for items in per_level[level] if items]
        per_level[level] = families
        items = families[turn[level] % len(families)]
        turn[level] += 1
        pick = min(items, key=lambda e: keys.get(_key(e.question), 0))  # first of the least used
        items.remove(pick)
        keys[_key(pick.question)] = keys.get(_key(pick.question), 0) + 1
        chosen.append(pick)

    while len(chosen) < size and any(any(f) for f in per_level.values()):
        for level in per_level:
            if any(per_level[level]) and len(chosen) < size:
                take(level)
    rank = {level: i for i, level in enumerate(per_level)}
    return sorted(chosen, key=lambda e: (rank[e.question.difficulty], e.number))


def render_set(name: str, header: dict, questions: Iterable[Question]) -> dict[str, str]:
    """Relative path (inside the set folder) → text, for every file of one set."""
    questions = list(questions)
    env = site_environment()
    torch_version = header["torch_version"]
    pages = place(questions)
    entries = [e for page in pages for e in page]
    levels = _levels(questions)
    files: dict[str, str] = {}

    listing = []
    family_template = env.get_template("site/family_page.md.j2")
    parts: dict[str, int] = {}
    for page in pages:
        parts[page[0].question.family] = parts.get(page[0].question.family, 0) + 1
    seen: dict[str, int] = {}
    for page in pages:
        family_name = page[0].question.family
        seen[family_name] = seen.get(family_name, 0) + 1
        title = family_name if parts[family_name] == 1 else f"{family_name} ({seen[family_name]} of {parts[family_name]})"
        page_levels = _levels(e.question for e in page)
        files[page[0].page] = family_template.render(
            title=title, family=BY_NAME.get(family_name), entries=page, set_name=name, up="../",
            tags=[family_name, *page_levels], torch_version=torch_version,
        )
        listing.append({"title": title, "path": page[0].page, "count": len(page), "difficulties": page_levels})

    test = pick_self_test(entries)
    files["self-test.md"] = env.get_template("site/self_test.md.j2").render(
        entries=test, set_name=name, levels=_levels(e.question for e in test), torch_version=torch_version,
        pool=POOL_FILE, kinds={e.question.kind for e in entries}, total=len(entries),
    )
    files[POOL_FILE] = render_pool(name, env, entries, torch_version)
    files["by-difficulty.md"] = env.get_template("site/by_difficulty.md.j2").render(
        set_name=name, levels=[(level, [e for e in entries if e.question.difficulty == level]) for level in levels],
    )
    difficulty_counts = [(level, sum(q.difficulty == level for q in questions)) for level in levels]
    files["index.md"] = env.get_template("site/set_index.md.j2").render(
        set_name=name, header=header, total=len(questions), listing=listing, levels=levels,
        self_test_count=len(test), difficulty_counts=difficulty_counts,
    )
    meta = {
        "name": name,
        "count": len(questions),
        "seed": header["seed"],
        "lstmq_version": header["lstmq_version"],
        "torch_version": torch_version,
        "options": header.get("options", {}),
        "families": {f: sum(q.family == f for q in questions) for f in _family_order({q.family for q in questions})},
        "difficulties": dict(difficulty_counts),
    }
    files[SET_META] = json.dumps(meta, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return files


# The list of sets is rewritten after every draw, but only while nobody has edited it: its
# front matter carries a digest of the page lstmq wrote, and a page that no longer matches
# its digest (or has none) is someone's own and is left alone.
SETS_INDEX_MARK = "written_by: lstmq"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_sets_index_ours(text: str) -> bool:
    lines = text.split("\n")
    if len(lines) < 2 or lines[0] != "---" or not lines[1].startswith(SETS_INDEX_MARK + " "):
        return False
    digest = lines[1][len(SETS_INDEX_MARK) + 1:].split()[0]
    return digest == _digest("\n".join([lines[0], *lines[2:]]))


def render_sets_index(sets: list[dict]) -> str:
    """The page that lists every set (``docs/questions/index.md``), from the sets' metadata."""
    page = site_environment().get_template("site/sets_index.md.j2").render(sets=sets)
    mark = f"{SETS_INDEX_MARK} {_digest(page)} (rewritten by lstmq until someone edits this page)"
    head, rest = page.split("\n", 1)
    return f"{head}\n{mark}\n{rest}"
