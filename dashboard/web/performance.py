"""Fast first loads: compressed responses, long cache lifetimes for versioned files, memoised pages.

- Compression (Flask-Compress: zstd, br or gzip, as the browser asks). Static files are compressed once per worker
  and kept in a bounded cache keyed by the file, never by the request, so a hostile client cannot fill it by
  varying a query string; memoised responses keep their compressed forms beside them.
- Versioned files (/assets/...?v=<hash>, Dash's fingerprinted component suites under /explore/) are cacheable for
  a year; pages and callback responses are revalidated.
- Pages and Explore's callback answers are pure functions of their request (the URL is the state; the data are
  read-only), so a 200 response is memoised per worker by a hash of everything that shapes it: method, path, query,
  the site address links are written with (scheme, host and prefix), and the body for a callback; in a cache
  bounded in bytes (DASHBOARD_CALLBACK_CACHE_MB, default 32; 0 turns it off). Every page is also fast without it
  (docs/benchmarks.md measures both).
- Without a configured public address (DASHBOARD_PUBLIC_URL), absolute links follow the request's Host, so dynamic
  responses say `Vary: Host` (and the forwarded headers a trusted proxy sets) and are never marked `public`.
- Warm before traffic: `warm` renders the main pages, makes the latest briefing PDF and compares every pair of
  adjacent editions in the master before gunicorn forks, as addressed at the server's own address, so every worker
  (and every replacement worker) starts with them.
Caches are dashboard.cache.BoundedCache (least recently used out, bounded, thread-safe).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from itertools import pairwise

import flask
from dash import Dash
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

from dashboard.cache import BoundedCache
from dashboard.config import Settings
from dashboard.data.load import Store

log = logging.getLogger(__name__)

ONE_YEAR = 31536000
SUITES = "/explore/_dash-component-suites/"
CALLBACK_PATH = "/explore/_dash-update-component"
MEMO_MAX_RESPONSE_BYTES = 512 * 1024  # larger responses are not memoised
COMPRESS_CACHE_BYTES = 48 * 1024 * 1024
# Pages warmed in the master before gunicorn forks (their memo entries are shared by every worker).
WARM_PATHS = ("/", "/explore", "/topics/mental-health-and-social-care", "/briefing", "/about", "/data", "/check")


class ByteCache(BoundedCache[bytes]):
    """A thread-safe LRU cache of bytes, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes=max_bytes)
        self.max_bytes = max_bytes


class CompressCache(ByteCache):
    """Flask-Compress cache backend that keeps only keys naming a static file or a memoised response."""

    def __init__(self) -> None:
        super().__init__(COMPRESS_CACHE_BYTES)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key or ";memo:" in key:
            super().set(key, value)


def memo_bytes() -> int:
    env = os.environ.get("DASHBOARD_CALLBACK_CACHE_MB", "32")
    try:
        return max(0, int(float(env) * 1024 * 1024))
    except ValueError:
        return 32 * 1024 * 1024


def memo_key(request: flask.Request) -> str:
    """A request by method, path and query, the address its absolute links are written with (scheme, host and
    prefix: request.root_url), plus its JSON body for a callback."""
    digest = hashlib.sha256(request.method.encode() + b"\0" + request.full_path.encode("utf-8", "replace"))
    digest.update(b"\0" + request.root_url.encode("utf-8", "replace") + b"\0")
    if request.method == "POST":
        parsed = request.get_json(force=True, silent=True)  # canonical JSON: one key whoever serialised it
        digest.update(json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode() if parsed is not None
                      else request.get_data(cache=True))
    return digest.hexdigest()


def static_key(path: str) -> str | None:
    """The file a GET path names, without its fingerprint, or None for anything that is not a static file."""
    if path.startswith(SUITES):
        unprinted, _ = check_fingerprint(path[len(SUITES):])
        return SUITES + unprinted
    if path.startswith("/assets/"):
        return path
    return None


def cache_key(request: flask.Request) -> str:
    memo = flask.g.get("memo_key")
    if memo and flask.g.get("memo_cacheable"):
        return f"memo:{memo}"
    key = static_key(request.path) if request.method == "GET" else None
    return f"static:{key}" if key else "dynamic"


def _versioned(path: str, args: Mapping[str, str]) -> bool:
    if path.startswith(SUITES):
        return check_fingerprint(path[len(SUITES):])[1] or "v" in args
    return path.startswith("/assets/") and "v" in args


_NOT_REPLAYED = {"content-type", "content-length", "date", "set-cookie"}


def _memoisable(req: flask.Request) -> str | None:
    """The mimetype of a memoisable response to this request, or None."""
    if req.method == "POST" and req.path == CALLBACK_PATH:
        return "application/json"
    if req.method == "GET" and not req.path.startswith(("/assets/", SUITES, "/explore/_")):
        return "*"
    return None


def warm(app: Dash, public_url: str | None = None, bases: Iterable[str] = ()) -> int:
    """Render the main pages, make the latest briefing PDF and compare each pair of adjacent editions once, as
    requested at public_url (else at each of `bases`, the addresses the server answers on), so a preloaded server
    forks its workers with them cached. Returns how many answered 200."""
    from dashboard.model.changes import editions
    from dashboard.web import context

    eds = [e.vintage for e in editions(context.store())]
    paths = [*WARM_PATHS, "/briefing.pdf", "/changes", *(f"/changes?from={a}&to={b}" for a, b in pairwise(eds))]
    client = app.server.test_client()
    ok = 0
    for base in [public_url] if public_url else (list(bases) or ["http://127.0.0.1"]):
        ok += sum(client.get(path, base_url=base).status_code == 200 for path in paths)
    return ok


def vary_on_address(resp: flask.Response, trust_proxy: bool) -> None:
    """A response whose links follow the request's address: shared caches must key it by that address, and it is
    never `public` (a forged Host would otherwise be served to everyone behind the same cache)."""
    resp.vary.add("Host")
    if trust_proxy:
        for name in ("X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix"):
            resp.vary.add(name)
    cc = resp.headers.get("Cache-Control")
    if cc and "public" in cc:
        resp.headers["Cache-Control"] = cc.replace("public", "private")


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    server.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    server.config.setdefault("COMPRESS_BR_LEVEL", 5)
    server.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/plain", "text/csv",
                                                    "application/json", "application/javascript", "text/javascript",
                                                    "image/svg+xml"])
    server.config["COMPRESS_CACHE_BACKEND"] = CompressCache  # called once by init_app
    server.config["COMPRESS_CACHE_KEY"] = cache_key
    compress = Compress()
    compress.init_app(server)
    server.extensions["dashboard_compress"] = compress
    memo = ByteCache(memo_bytes())
    server.extensions["dashboard_memo"] = memo

    @server.before_request
    def _memoised_response() -> flask.Response | None:
        req = flask.request
        kind = _memoisable(req) if memo.max_bytes else None
        if kind is None:
            return None
        key = memo_key(req)
        flask.g.memo_key = key
        hit = memo.get(key)
        if hit is None:
            return None
        head, _, body = hit.partition(b"\n")
        meta = json.loads(head)
        flask.g.memo_cacheable = True
        resp = flask.Response(body, mimetype=meta["m"])
        resp.headers.extend(meta["h"])  # the route's own headers (ETag, CORS, Cache-Control, ...)
        return resp.make_conditional(req)  # If-None-Match still gets its 304

    @server.after_request
    def _remember_response(resp: flask.Response) -> flask.Response:
        key = flask.g.get("memo_key")
        if (key and resp.status_code == 200 and not resp.is_streamed and "Set-Cookie" not in resp.headers
                and "Content-Encoding" not in resp.headers and "Content-Disposition" not in resp.headers):
            body = resp.get_data()
            if len(body) <= MEMO_MAX_RESPONSE_BYTES:
                if memo.get(key) is None:
                    kept = [(k, v) for k, v in resp.headers.items() if k.lower() not in _NOT_REPLAYED]
                    head = json.dumps({"m": resp.mimetype or "application/octet-stream", "h": kept})
                    memo.set(key, head.encode() + b"\n" + body)
                flask.g.memo_cacheable = True
        return resp

    @server.after_request
    def _cache_headers(resp: flask.Response) -> flask.Response:
        path = flask.request.path
        if resp.status_code == 200 and flask.request.method in ("GET", "HEAD"):
            if _versioned(path, flask.request.args):
                resp.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
            elif static_key(path):
                resp.headers["Cache-Control"] = "public, max-age=3600"
            elif "Cache-Control" not in resp.headers:
                resp.headers["Cache-Control"] = "no-cache"
        if not settings.public_url and not static_key(path):
            vary_on_address(resp, settings.trust_proxy)
        return resp
