"""The briefing as a one-page A4 PDF, made in-process with WeasyPrint from the same HTML as the web page.

No browser and no request to the server itself: the HTML is rendered by the same template, and its stylesheets
(/assets/...) are read from the package's assets folder by a fetcher that fetches nothing else (links stay links).
If the page would run over one A4 page, it is made again in the compact layout. PDFs are kept in a bounded,
thread-safe cache per (data hash, query, day, site address). WeasyPrint needs the system Pango library: when it
cannot be imported or fails, PdfUnavailable is raised (the route answers a 503 page and logs it).
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cachetools import LRUCache

log = logging.getLogger(__name__)

CACHE_SIZE = 32


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


class PdfMaker:
    """Makes and caches PDFs from HTML produced by `render(compact: bool) -> str`."""

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        self._cache: LRUCache = LRUCache(maxsize=CACHE_SIZE)
        self._lock = threading.Lock()

    def _make(self, render: Callable[[bool], str], base_url: str) -> bytes:
        try:
            import weasyprint
            fetcher = _fetcher_class()(self.assets)
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

    def pdf(self, key: tuple, render: Callable[[bool], str], base_url: str) -> bytes:
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        data = self._make(render, base_url)
        with self._lock:
            self._cache[key] = data
        return data
