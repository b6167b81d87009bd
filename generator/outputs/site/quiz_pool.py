"""The question pool of a set, for fresh quizzes drawn in the browser.

A self-test page shows a fixed handful of questions. Its "Fresh quiz" button draws others from
the whole set, in the browser, seeded by ``?quiz=SEED`` in the address (lstmq.js). The browser
needs every question of the set for that, and a set may be far bigger than a page should be, so
the questions go into a script file beside the pages (``quiz-pool.js``), loaded only when a quiz
is drawn. A script, not JSON: a page opened from disk may load a script, but may not fetch a file.

Each question is stored as the HTML of its card, made from the same template as the pages and
converted by Python-Markdown with the extensions of the site's ``mkdocs.yml``, so a drawn
question looks and behaves like one on a page.
"""

from __future__ import annotations

import json
from typing import Iterable

POOL_FILE = "quiz-pool.js"

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


def render_pool(set_name: str, env, entries: Iterable, torch_version: str) -> str:
    """The text of ``quiz-pool.js``: every question of the set, in the set's order."""
    template = env.get_template("site/question.md.j2")
    converter = _markdown()
    pool = []
    for e in entries:
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
