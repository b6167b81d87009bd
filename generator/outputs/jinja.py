"""The one Jinja environment every writer renders with, and the XML exports' filters.

Strict: undefined names fail, trailing newlines are kept, blocks are trimmed on purpose
because indentation inside ``??? success`` blocks is significant. Each writer adds the
filters of its own format: the site its Markdown ones (``site.pages``), the exam its HTML
ones (``exam.html``), the XML exports theirs below.

In the XML templates, fragments from ``markup`` enter only through a filter that says how
they are trusted: ``xhtml`` (inline XHTML, for QTI 2.1 bodies) or ``cdata`` (HTML carried as
text in a CDATA section, for Moodle). Anything else, including fragments, is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup


def environment(autoescape: bool = False, **filters) -> jinja2.Environment:
    root = resources.files("lstmq.templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.filters.update(filters)
    return env


def cdata(html: str) -> Markup:
    """HTML as a CDATA section; a "]]>" inside is split across two sections."""
    return Markup("<![CDATA[" + str(html).replace("]]>", "]]]]><![CDATA[>") + "]]>")


def xhtml(fragment: str) -> Markup:
    return Markup(fragment)


@lru_cache(maxsize=1)
def xml_environment() -> jinja2.Environment:
    return environment(autoescape=True, cdata=cdata, xhtml=xhtml)


def render(template: str, **context) -> bytes:
    return xml_environment().get_template(f"export/{template}").render(**context).encode("utf-8")
