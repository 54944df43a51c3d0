"""Fast first loads: compressed responses, long cache lifetimes for versioned files, a small plotly.js.

- Compression (Flask-Compress: zstd, br or gzip, as the browser asks). Static files are compressed once per
  worker and kept in a bounded in-memory cache keyed by the file, never by the request, so a callback response
  is never served from the cache and a hostile client cannot fill it by varying a query string.
- Versioned files (Dash's fingerprinted component suites, plotly.js, /assets/...?m=, the favicon ?v=) are
  cacheable for a year; HTML pages and callback responses are revalidated.
- Callback responses and page shells: the data are read-only and every callback and page is a pure function of
  its request (the URL is the state), so a 200 response is memoised per worker by a hash of the request (body
  for callbacks, path and query for pages) and host, in a FIFO cache bounded in bytes
  (DASHBOARD_CALLBACK_CACHE_MB, default 32; 0 turns it off). A spike of visitors on the same few views then
  costs one computation per view and worker.
- plotly.js: when the partial bundle `plotly.js-basic-dist-min` (scatter, bar and pie traces only) is installed
  with `npm ci --prefix tools/plotly-basic`, it is served in place of the full 4.7 MB plotly.min.js. Without it
  (an installed wheel, a checkout without node_modules) the full bundle is served, so charts always render.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import dash
import flask
from dash import Dash
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

from dashboard.config import Settings
from dashboard.data.load import Store

log = logging.getLogger(__name__)

ONE_YEAR = 31536000
SUITES = "/_dash-component-suites/"
PLOTLY_RESOURCE = "plotly/package_data/plotly.min.js"
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})  # the trace types in plotly.js-basic-dist-min
_REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_BUNDLE = _REPO / "tools" / "plotly-basic" / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
CALLBACK_PATH = "/_dash-update-component"
MEMO_MAX_RESPONSE_BYTES = 512 * 1024  # larger responses are not memoised
DASH_PAGE_ENDPOINTS = ("/", "/<path:path>")  # Dash's page shell (index and catch-all)
COMPRESS_CACHE_BYTES = 48 * 1024 * 1024


class BoundedCache:
    """Bytes by key, first in first out, bounded in total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        old = self.data.pop(key, None)
        if old is not None:
            self.size -= len(old)
        while self.data and self.size + len(value) > self.max_bytes:
            self.size -= len(self.data.pop(next(iter(self.data))))
        self.data[key] = value
        self.size += len(value)


class StaticCompressCache(BoundedCache):
    """Flask-Compress cache backend that keeps only keys naming a static file or a memoised callback."""

    def __init__(self) -> None:
        super().__init__(COMPRESS_CACHE_BYTES)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key or ";memo:" in key:
            super().set(key, value)


def callback_cache_bytes() -> int:
    env = os.environ.get("DASHBOARD_CALLBACK_CACHE_MB", "32")
    try:
        return max(0, int(float(env) * 1024 * 1024))
    except ValueError:
        return 32 * 1024 * 1024


def memo_key(request: flask.Request) -> str:
    """A callback by its body, a page by its path and query; both with the host (links may be absolute)."""
    digest = hashlib.sha256(request.method.encode() + b"\0" + request.full_path.encode("utf-8", "replace"))
    digest.update(b"\0" + request.host.encode("utf-8", "replace") + b"\0")
    if request.method == "POST":
        # Canonical JSON, so the same callback gets the same key whoever serialised it (browser, warm()).
        parsed = request.get_json(force=True, silent=True)
        digest.update(json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode() if parsed is not None
                      else request.get_data(cache=True))
    return digest.hexdigest()


def static_key(path: str) -> str | None:
    """The file a GET path names, without its fingerprint, or None for anything that is not a static file."""
    if path.startswith(SUITES):
        unprinted, _ = check_fingerprint(path[len(SUITES):])
        return SUITES + unprinted
    if path.startswith("/assets/") or path == "/_favicon.ico":
        return path
    return None


def cache_key(request: flask.Request) -> str:
    memo = flask.g.get("memo_key")
    if memo and flask.g.get("memo_cacheable"):
        return f"memo:{memo}"
    key = static_key(request.path) if request.method == "GET" else None
    # Flask-Compress prefixes the algorithm; only "static:" keys are ever stored by StaticCompressCache.
    return f"static:{key}" if key else "dynamic"


@dataclass(frozen=True)
class PlotlyBundle:
    path: Path | None  # None: serve Dash's full bundle
    reason: str


def plotly_bundle(candidate: Path | None = None) -> PlotlyBundle:
    """The partial bundle to serve, if installed and of the same plotly.js version as plotly.py's full bundle.

    DASHBOARD_PLOTLY_BUNDLE overrides the location; set it to "full" to always serve the full bundle.
    """
    from plotly.offline import get_plotlyjs_version

    env = os.environ.get("DASHBOARD_PLOTLY_BUNDLE", "")
    if env == "full":
        return PlotlyBundle(None, "DASHBOARD_PLOTLY_BUNDLE=full")
    path = candidate or (Path(env) if env else DEFAULT_BUNDLE)
    if not path.is_file():
        return PlotlyBundle(None, f"no partial bundle at {path}")
    meta = path.parent / "package.json"
    try:
        version = json.loads(meta.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        version = None
    if version is not None and version != get_plotlyjs_version():
        return PlotlyBundle(None, f"partial bundle is plotly.js {version}, plotly.py needs {get_plotlyjs_version()}")
    return PlotlyBundle(path, f"plotly.js partial bundle {version or '(unknown version)'}")


def figure_trace_types(fig: dict) -> set[str]:
    """Trace types a figure (dict or go.Figure) uses; a trace with no type is a scatter."""
    data = fig.get("data", []) if isinstance(fig, dict) else fig.to_plotly_json().get("data", [])
    return {t.get("type", "scatter") if isinstance(t, dict) else "scatter" for t in data}


def _versioned(path: str, args: Mapping[str, str]) -> bool:
    if path.startswith(SUITES):
        return check_fingerprint(path[len(SUITES):])[1] or "v" in args
    return (path.startswith("/assets/") and "m" in args) or (path == "/_favicon.ico" and "v" in args)


def router_request(pathname: str, search: str = "") -> dict[str, object]:
    """The body the Dash 4 renderer posts to render a page (as captured from Chromium)."""
    changed = ["_pages_location.pathname", "_pages_location.search"]
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": changed, "parsedChangedPropsIds": changed,
    }


def warm(app: Dash, public_url: str, extra_paths: tuple[str, ...] = ()) -> int:
    """Render every page (shell and routing callback) once, as if requested at public_url (the memo is keyed by
    host), so that a preloaded server forks its workers with the default views memoised. Returns the count."""
    pages = sorted({p["path"] for p in dash.page_registry.values() if "<" not in p["path"]})
    client = app.server.test_client()
    done = 0
    for path in [*pages, *extra_paths]:
        route, _, query = path.partition("?")
        search = f"?{query}" if query else ""
        body = router_request(route, search)
        for resp in (client.get(path, base_url=public_url), client.post(CALLBACK_PATH, json=body, base_url=public_url)):
            done += resp.status_code == 200
    return done


def register(app: Dash, store: Store, settings: Settings) -> None:  # noqa: ARG001 - route-module signature
    server = app.server
    server.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    server.config.setdefault("COMPRESS_BR_LEVEL", 5)
    server.config["COMPRESS_CACHE_BACKEND"] = StaticCompressCache  # called once by init_app
    server.config["COMPRESS_CACHE_KEY"] = cache_key
    compress = Compress()
    compress.init_app(server)
    server.extensions["dashboard_compress"] = compress

    bundle = plotly_bundle()
    server.config["DASHBOARD_PLOTLY_BUNDLE"] = str(bundle.path) if bundle.path else "full"
    log.info("plotly.js: %s", bundle.reason)
    partial = bundle.path.read_bytes() if bundle.path else None
    partial_etag = hashlib.sha256(partial).hexdigest()[:32] if partial else ""

    @server.before_request
    def _serve_partial_plotly() -> flask.Response | None:
        path = flask.request.path
        if partial is None or flask.request.method not in ("GET", "HEAD") or not path.startswith(SUITES):
            return None
        if check_fingerprint(path[len(SUITES):])[0] != PLOTLY_RESOURCE:
            return None
        resp = flask.Response(partial, mimetype="application/javascript")
        resp.headers["X-Plotly-Bundle"] = "basic"
        resp.set_etag(partial_etag)
        return resp

    memo = BoundedCache(callback_cache_bytes())
    background: list[bool] = []  # whether any callback is a background one (decided on the first request)

    def _memo_kind(req: flask.Request) -> str | None:
        if memo.max_bytes == 0:
            return None
        if req.method == "POST" and req.path == CALLBACK_PATH:
            return "application/json"
        if req.method == "GET" and req.endpoint in DASH_PAGE_ENDPOINTS:
            # The page shell carries a per-load token that only background callbacks use: never memoise
            # it for an app that has any.
            if not background:
                background.append(any(spec.get("background") for spec in app.callback_map.values()))
            return None if background[0] else "text/html"
        return None

    @server.before_request
    def _memoised_response() -> flask.Response | None:
        req = flask.request
        kind = _memo_kind(req)
        if kind is None:
            return None
        key = memo_key(req)
        flask.g.memo_key, flask.g.memo_mimetype = key, kind
        body = memo.get(key)
        if body is None:
            return None
        flask.g.memo_cacheable = True
        return flask.Response(body, mimetype=kind)

    @server.after_request
    def _remember_response(resp: flask.Response) -> flask.Response:
        key = flask.g.get("memo_key")
        if (key and resp.status_code == 200 and resp.mimetype == flask.g.get("memo_mimetype") and not resp.is_streamed
                and "Set-Cookie" not in resp.headers and "Content-Encoding" not in resp.headers):
            body = resp.get_data()
            if len(body) <= MEMO_MAX_RESPONSE_BYTES:
                if memo.get(key) is None:
                    memo.set(key, body)
                flask.g.memo_cacheable = True
        return resp

    @server.after_request
    def _cache_headers(resp: flask.Response) -> flask.Response:
        path = flask.request.path
        if resp.status_code == 200 and flask.request.method in ("GET", "HEAD"):
            if _versioned(path, flask.request.args):
                resp.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
            elif path.startswith(SUITES) and check_fingerprint(path[len(SUITES):])[0] == PLOTLY_RESOURCE:
                # The renderer asks for plotly.js at a fixed, unversioned URL: a day, then revalidate (ETag).
                resp.headers["Cache-Control"] = "public, max-age=86400"
            elif static_key(path):
                resp.headers["Cache-Control"] = "public, max-age=3600"
            elif "Cache-Control" not in resp.headers:
                resp.headers["Cache-Control"] = "no-cache"
        return resp
