"""The question pool of a set, for fresh quizzes drawn in the browser.

A self-test page shows a fixed handful of questions. Its "Fresh quiz" button draws others from
the whole set, in the browser, seeded by ``?quiz=SEED`` in the address (lstmq.js). The browser
needs every question of the set for that, and a set may be far bigger than a page should be, so
the questions go into a script file beside the pages (``quiz-pool.js``), loaded only when a quiz
is drawn. A script, not JSON: a page opened from disk may load a script, but may not fetch a file.

Each question is stored as the HTML of its card, made from the same template as the pages and
converted by Python-Markdown with the extensions of the site's ``mkdocs.yml``, so a drawn
question looks and behaves like one on a page.

A large set does not put every question in the pool: at most ``POOL_LIMIT``, spread evenly over
the families and, within a family, over its questions in the set's order. A quiz of ten then has
plenty to draw from, the browser loads about 2 MB instead of about 8 MB per thousand questions,
and writing the set does not spend most of its time converting cards no quiz needs (converting
a card costs about 5 ms, as much as drawing and verifying two questions).
"""

from __future__ import annotations

import json
from typing import Iterable

POOL_FILE = "quiz-pool.js"
POOL_LIMIT = 200  # questions: about ten per family of the default draw

# The Markdown extensions of the starter site's mkdocs.yml (and of lstmq's own): a test checks
# that a card made here equals the card MkDocs builds.
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                       "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite",
                       "pymdownx.tabbed"]
MARKDOWN_CONFIGS = {"toc": {"permalink": True}, "pymdownx.tabbed": {"alternate_style": True}}


def _markdown():
    import markdown

    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIGS)


def card_html(template, converter, entry, torch_version: str, number: int, origin: str | None) -> str:
    """One question card as HTML: ``template`` is site/question.md.j2, ``converter`` a Markdown."""
    converter.reset()
    text = template.render(q=entry.question, number=number, origin=origin, torch_version=torch_version)
    return converter.convert(text)


def pooled(entries: list, limit: int = POOL_LIMIT) -> list:
    """The entries a pool holds, in the set's order: all of them up to ``limit``; otherwise
    ``limit`` spread over the families as evenly as their sizes allow (a small family gives all
    it has, the others share the rest), each family's share evenly spaced over its questions."""
    if len(entries) <= limit:
        return list(entries)
    by_family: dict[str, list] = {}
    for e in entries:
        by_family.setdefault(e.question.family, []).append(e)
    shares, left = {}, limit
    for i, (family, members) in enumerate(sorted(by_family.items(), key=lambda item: len(item[1]))):
        shares[family] = min(len(members), left // (len(by_family) - i))
        left -= shares[family]
    chosen = set()
    for family, members in by_family.items():
        share = shares[family]
        chosen.update(id(members[i * len(members) // share]) for i in range(share))
    return [e for e in entries if id(e) in chosen]


def render_pool(set_name: str, env, entries: Iterable, torch_version: str) -> str:
    """The text of ``quiz-pool.js``: the set's questions that ``pooled`` keeps, in the set's order."""
    template = env.get_template("site/question.md.j2")
    converter = _markdown()
    pool = []
    for e in pooled(list(entries)):
        # The site builds pages as NAME.html (use_directory_urls: false), and the pool is not
        # seen by MkDocs, which would turn the .md link into that.
        page = e.page[:-3] + ".html" if e.page.endswith(".md") else e.page
        html = card_html(template, converter, e, torch_version, e.number, f"{page}#q-{e.number}")
        pool.append({"id": e.question.id, "family": e.question.family, "difficulty": e.question.difficulty,
                     "html": html})
    data = json.dumps(pool, ensure_ascii=False, separators=(",", ":"))
    name = json.dumps(set_name)
    return ("// Every question of this set, for the fresh quizzes of its self-test page (lstmq.js).\n"
            "window.lstmqPools = window.lstmqPools || {};\n"
            f"window.lstmqPools[{name}] = {data};\n")
