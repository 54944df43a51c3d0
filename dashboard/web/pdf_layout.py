"""The briefing's PDF laid out by WeasyPrint from its HTML: the one function that makes PDF bytes, used in a worker
(dashboard.web.pdf) and in the production server's PDF maker process (dashboard.web.pdf_service) alike, so both
make the same bytes for the same HTML.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger("dashboard.web.pdf")


class PdfUnavailable(Exception):
    """WeasyPrint could not be imported or could not make the PDF."""


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnly(URLFetcher):  # type: ignore[misc, valid-type]
        """Serves /assets/<file> from the assets folder; refuses every other address (nothing is downloaded)."""

        def __init__(self, assets: Path) -> None:
            super().__init__(allowed_protocols=())
            self.assets = assets.resolve()

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = unquote(urlsplit(url).path)
            if path.startswith("/assets/"):
                file = (self.assets / path[len("/assets/"):]).resolve()
                if self.assets in file.parents and file.is_file():
                    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": mime})
            raise ValueError(f"the PDF maker fetches only the site's own assets, not {url}")

    return AssetsOnly


def make_pdf(assets: Path, render: Callable[[bool], str], base_url: str) -> bytes:
    """The briefing's PDF from `render(compact) -> html`: the regular layout, or the compact one when the regular
    runs over one A4 page. Raises PdfUnavailable when WeasyPrint cannot be used or fails."""
    try:
        import weasyprint
        fetcher = _fetcher_class()(assets)
        # the screen-only @media (min-width: ...) rules of style.css are not for paper: no warning per PDF
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
    except Exception as exc:  # ImportError, or OSError when the Pango library is missing
        raise PdfUnavailable(f"WeasyPrint cannot be used: {exc}") from exc

    def layout(html: str):
        try:
            return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
        except Exception as exc:
            raise PdfUnavailable(f"WeasyPrint failed: {exc}") from exc

    doc = layout(render(False))  # the HTML is our own code: a bug there is not caught here
    if len(doc.pages) > 1:  # the compact layout: smaller type, tighter spacing
        doc = layout(render(True))
    if len(doc.pages) > 1:
        log.warning("the briefing PDF runs to %d pages", len(doc.pages))
    try:
        return doc.write_pdf(pdf_tags=True)  # tagged PDF: headings, lists and reading order for screen readers
    except Exception as exc:
        raise PdfUnavailable(f"WeasyPrint failed: {exc}") from exc
