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
from collections.abc import Callable
from pathlib import Path

from dashboard.cache import BoundedCache
from dashboard.web.pdf_layout import PdfUnavailable, _fetcher_class, make_pdf
from dashboard.web.pdf_service import PdfBusy, PdfService

__all__ = ["CACHE_BYTES", "PdfBusy", "PdfMaker", "PdfService", "PdfUnavailable", "_fetcher_class", "make_pdf"]

log = logging.getLogger(__name__)

CACHE_BYTES = 16 * 1024 * 1024  # a briefing PDF is 60 to 120 KB


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
