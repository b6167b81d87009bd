"""Markdown pages for the MkDocs site, through the shipped Jinja templates.

One strict Jinja environment: undefined names fail, trailing newlines are kept, blocks are
trimmed on purpose because indentation inside ``??? success`` blocks is significant.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Iterable

import jinja2

from .families import REGISTRY
from .model import Question

QUESTIONS_PER_PAGE = 40  # every page carries the whole navigation: group, never one per question

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_MD_SPECIAL = re.compile(r"([\\*_\[\]{}<>#|!+])")


def md_code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_text(text: str) -> str:
    """Prose with `code spans`: escape Markdown and HTML outside the spans, keep the spans."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_MD_SPECIAL.sub(r"\\\1", text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[last:]))
    return "".join(out)


def option_md(choice) -> str:
    return md_code(choice.text) if choice.format == "code" else md_text(choice.text)


def indent(text: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def environment(autoescape: bool = False) -> jinja2.Environment:
    root = resources.files("lstmq.templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.filters.update(md_code=md_code, md_text=md_text, option_md=option_md, indent_block=indent)
    return env


def _pages_of(questions: list[Question]) -> list[list[Question]]:
    return [questions[i:i + QUESTIONS_PER_PAGE] for i in range(0, len(questions), QUESTIONS_PER_PAGE)] or [[]]


def render_pages(header: dict, questions: Iterable[Question]) -> dict[str, str]:
    """Relative path → Markdown for the question pages: an index and pages per family."""
    env = environment()
    by_family: dict[str, list[tuple[int, Question]]] = {}
    for number, q in enumerate(questions, 1):
        by_family.setdefault(q.family, []).append((number, q))
    pages: dict[str, str] = {}
    listing = []
    for name in [n for n in REGISTRY if n in by_family] + sorted(set(by_family) - set(REGISTRY)):
        entries = by_family[name]
        chunks = [entries[i:i + QUESTIONS_PER_PAGE] for i in range(0, len(entries), QUESTIONS_PER_PAGE)]
        family = REGISTRY.get(name)
        for part, chunk in enumerate(chunks, 1):
            slug = name if len(chunks) == 1 else f"{name}-{part}"
            title = name if len(chunks) == 1 else f"{name} ({part} of {len(chunks)})"
            pages[f"{slug}.md"] = env.get_template("site/family_page.md.j2").render(
                title=title, family=family, entries=chunk, header=header,
            )
            listing.append({"slug": slug, "title": title, "count": len(chunk),
                            "difficulties": sorted({q.difficulty for _, q in chunk})})
    pages["index.md"] = env.get_template("site/questions_index.md.j2").render(
        header=header, listing=listing, total=sum(len(v) for v in by_family.values()),
    )
    return pages
