"""HTTP caching for a CDN in front: every page, download and image may be kept for a short while by any cache, and
is revalidated cheaply.

- Cache-Control: pages (HTML and the JSON API) `public, max-age=300, stale-while-revalidate=600,
  stale-if-error=86400`; files (downloads, images, the PDF, the data package) `public, max-age=3600,
  stale-while-revalidate=86400, stale-if-error=604800`.
- ETag: derived from what shapes the answer, not from its bytes: the data hash, the package version and a
  fingerprint of the code (modules, templates and assets, so an unreleased change is never served as the old page),
  the site's base address (absolute links follow it), the day (pages and images print the date they were made) and
  the request's path and query. It is known before the route runs, so a revalidation (If-None-Match) is answered
  304 without building the page: this check runs first, ahead of the response memo. Compression appends ":<algorithm>"
  to a strong ETag (Flask-Compress); either form revalidates.
- Left as they are: anything but a 200 to GET or HEAD (errors and redirects are `no-store`), a route's own `no-store`,
  `no-cache` or `private`, versioned assets and Dash's files (dashboard/web/performance.py: a year, immutable),
  Dash's callbacks and the operational endpoints.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import flask
from dash import Dash

from dashboard import __version__
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.web import urls

PAGE_CACHE = "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400"
FILE_CACHE = "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800"
NOT_CACHED = ("/assets/", "/explore/_", "/_dash", "/healthz", "/metrics", "/favicon.ico")
FILE_PREFIXES = ("/image/", "/download/")
FILE_SUFFIXES = (".csv", ".parquet", ".json", ".zip", ".png", ".svg", ".pdf")
COMPRESSIONS = ("gzip", "br", "deflate", "zstd")
PACKAGE = Path(__file__).resolve().parent.parent


def code_fingerprint(*folders: Path) -> str:
    """SHA-256 over the app's modules and templates and the assets (names and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".css", ".js",
                                                                                          ".svg")):
            if "_datasets" in path.parts or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cacheable(method: str, path: str) -> bool:
    return method in ("GET", "HEAD") and not path.startswith(NOT_CACHED)


def policy(path: str) -> str:
    """The Cache-Control of a 200 answer at this path."""
    return FILE_CACHE if path.startswith(FILE_PREFIXES) or path.endswith(FILE_SUFFIXES) else PAGE_CACHE


def etag(data_hash: str, version: str, base: str, day: str, path: str, query: bytes) -> str:
    fields = f"{data_hash}\0{version}\0{base}\0{day}\0{path}\0"
    digest = hashlib.sha256(fields.encode("utf-8") + query)
    return digest.hexdigest()[:32]


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    version = f"{__version__}+{code_fingerprint(PACKAGE, settings.assets)[:16]}"

    def tag_of(req: flask.Request) -> str:
        return etag(store.content_hash, version, urls.base_url(settings.public_url), date.today().isoformat(),
                    req.path, req.query_string)

    def _revalidate() -> flask.Response | None:
        req = flask.request
        if not cacheable(req.method, req.path) or not req.if_none_match:
            return None
        tag = tag_of(req)
        for sent in (tag, *(f"{tag}:{c}" for c in COMPRESSIONS)):
            if req.if_none_match.contains_weak(sent):
                resp = flask.Response(status=304)
                resp.set_etag(sent)
                resp.headers["Cache-Control"] = policy(req.path)
                resp.headers["Vary"] = "Accept-Encoding"
                return resp
        return None

    # first of all before-request functions: a revalidation is answered before the memo replays a body
    server.before_request_funcs.setdefault(None, []).insert(0, _revalidate)

    @server.after_request
    def _cache_headers(resp: flask.Response) -> flask.Response:
        req = flask.request
        if resp.status_code != 200 or not cacheable(req.method, req.path):
            return resp
        own = (resp.headers.get("Cache-Control") or "").lower()
        if own and not own.startswith("public"):
            return resp  # the route said no-store, no-cache or private
        resp.headers["Cache-Control"] = policy(req.path)
        resp.set_etag(tag_of(req))
        return resp
