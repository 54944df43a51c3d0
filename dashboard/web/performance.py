"""Fast first loads: compressed responses, long cache lifetimes for versioned files, memoised pages.

- Compression (Flask-Compress: zstd, br or gzip, as the browser asks). Static files are compressed once per worker
  and kept in a bounded cache keyed by the file, never by the request, so a hostile client cannot fill it by
  varying a query string; memoised responses keep their compressed forms beside them.
- Versioned files (/assets/...?v=<hash>, Dash's fingerprinted component suites under /explore/) are cacheable for
  a year; pages and callback responses are revalidated.
- Pages and Explore's callback answers are pure functions of their request (the URL is the state; the data are
  read-only), so a 200 response is memoised per worker by a hash of the request (method, path, query, host, and the
  body for a callback), in a cache bounded in bytes (DASHBOARD_CALLBACK_CACHE_MB, default 32; 0 turns it off).
  Every page is also fast without it (docs/benchmarks.md measures both).
Caches are cachetools caches behind a lock: gunicorn runs several threads per worker.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Mapping

import flask
from cachetools import LRUCache
from dash import Dash
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

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


class ByteCache:
    """A thread-safe LRU cache of bytes, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._cache: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=len)
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._cache.get(key)

    def set(self, key: str, value: bytes) -> None:
        if self.max_bytes == 0 or len(value) > self.max_bytes:
            return
        with self._lock:
            self._cache[key] = value

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)


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
    """A request by method, path, query and host (links may be absolute), plus its JSON body for a callback."""
    digest = hashlib.sha256(request.method.encode() + b"\0" + request.full_path.encode("utf-8", "replace"))
    digest.update(b"\0" + request.host.encode("utf-8", "replace") + b"\0")
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


def warm(app: Dash, public_url: str | None = None) -> int:
    """Render the main pages once (as requested at public_url, since the memo is keyed by host), so a preloaded
    server forks its workers with them memoised. Returns how many answered 200."""
    client = app.server.test_client()
    base = public_url or "http://127.0.0.1"
    return sum(client.get(path, base_url=base).status_code == 200 for path in WARM_PATHS)


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
        return resp
