"""HTML to PDF with WeasyPrint, imported only when a PDF is really made.

Same HTML in, same bytes out: WeasyPrint writes creation and modification dates only when
the page asks for them (``dcterms.created`` / ``dcterms.modified`` meta tags, which our
templates never emit), and the file identifier is set here from the HTML itself instead of
being left out or drawn at random. Nothing is fetched: the pages are self-contained and any
URL they might name is refused.
"""

from __future__ import annotations

import hashlib
import logging

from ...errors import LstmqError


class PdfError(LstmqError):
    """WeasyPrint is missing, cannot load its system libraries, or failed on a page."""


def pdf_identifier(html: str) -> bytes:
    """A stable PDF file identifier: a digest of the page, not a clock or a random draw."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


def html_to_pdf(html: str) -> bytes:
    try:
        import weasyprint
    except ImportError:
        raise PdfError("PDF output needs WeasyPrint: pip install weasyprint (or pass --no-pdf)") from None
    except OSError as exc:  # pango or harfbuzz missing: WeasyPrint fails while loading them
        raise PdfError(
            "WeasyPrint cannot load its system libraries (on Debian: libpango-1.0-0 "
            f"libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core): {exc}"
        ) from None
    # WeasyPrint reports CSS it skips through logging; our pages should give none, and a
    # stray warning must not clutter the command's output.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        # No protocol allowed: a page that named a URL would get nothing, not a network call.
        fetcher = weasyprint.URLFetcher(allowed_protocols=())
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        return document.write_pdf(pdf_identifier=pdf_identifier(html))
    except LstmqError:
        raise
    except Exception as exc:
        raise PdfError(f"WeasyPrint could not make a PDF: {type(exc).__name__}: {exc}") from None
    finally:
        logger.setLevel(level)
