"""The briefing as a one-page A4 PDF, made in-process with WeasyPrint from the same HTML as the web page.

No browser and no request to the server itself: the HTML is rendered by the same template, and its stylesheets
(/assets/...) are read from the package's assets folder by a fetcher that fetches nothing else (links stay links).
If the page would run over one A4 page, it is made again in the compact layout. PDFs are kept in a bounded
cache (dashboard.cache, CACHE_BYTES) per (data hash, canonical query, day, site address with scheme and prefix);
the route only ever makes a PDF of a canonical address, so no notice quoting a request is ever printed in one.
WeasyPrint needs the system Pango library: when it cannot be imported or fails, PdfUnavailable is raised (the route
answers a 503 page and logs it). The production server makes its PDFs out of its workers' way, one at a time in one
low-priority process that keeps them on disk (dashboard.web.pdf_service).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dashboard.cache import BoundedCache
from dashboard.web.pdf_service import PdfBusy, PdfService, PdfUnavailable

__all__ = ["CACHE_BYTES", "PdfBusy", "PdfMaker", "PdfService", "PdfUnavailable", "make_pdf"]

log = logging.getLogger(__name__)

CACHE_BYTES = 16 * 1024 * 1024  # a briefing PDF is 60 to 120 KB


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


class PdfMaker:
    """Makes and caches PDFs from HTML produced by `render(compact: bool) -> str`: in this process, or, once a
    PdfService is in use (the production server), in that service's one low-priority process, which keeps every
    PDF it makes on disk for all the workers."""

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        self._cache: BoundedCache[bytes] = BoundedCache(max_bytes=CACHE_BYTES)
        self.service: PdfService | None = None

    def use(self, service: PdfService | None) -> None:
        self.service = service

    def _make(self, render: Callable[[bool], str], base_url: str) -> bytes:
        return make_pdf(self.assets, render, base_url)

    def cached(self, key: tuple) -> bytes | None:
        hit = self._cache.get(key)
        if hit is None and self.service is not None:
            hit = self.service.stored(key)
            if hit is not None:
                self._cache.set(key, hit)
        return hit

    def pdf(self, key: tuple, render: Callable[[bool], str], base_url: str) -> bytes:
        """The PDF of `key`, made if need be. With a service: raises PdfBusy when the service has not made it within
        its wait (it goes on and keeps it for the next request)."""
        service = self.service
        if service is None:
            return self._cache.get_or_make(key, lambda: self._make(render, base_url))
        return self._cache.get_or_make(key, lambda: service.make(key, render(False), render(True), base_url))
