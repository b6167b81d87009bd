"""The XML templates' Jinja environment: the project's strict one, autoescaping everything.

Fragments from ``markup`` enter a template only through a filter that says how they are
trusted: ``xhtml`` (inline XHTML, for QTI 2.1 bodies) or ``cdata`` (HTML carried as text
in a CDATA section, for Moodle). Anything else, including fragments, is escaped.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

from .site.pages import environment


def cdata(html: str) -> Markup:
    """HTML as a CDATA section; a "]]>" inside is split across two sections."""
    return Markup("<![CDATA[" + str(html).replace("]]>", "]]]]><![CDATA[>") + "]]>")


def xhtml(fragment: str) -> Markup:
    return Markup(fragment)


@lru_cache(maxsize=1)
def xml_environment() -> jinja2.Environment:
    env = environment(autoescape=True)
    env.filters.update(cdata=cdata, xhtml=xhtml)
    return env


def render(template: str, **context) -> bytes:
    return xml_environment().get_template(f"export/{template}").render(**context).encode("utf-8")
