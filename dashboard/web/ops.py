"""Operations: `/healthz`, a request id and one log record per request, and Prometheus `/metrics`.

- `/healthz` (GET): 200 with JSON {status, version, data_hash, latest_edition, latest_edition_words}. The app only
  starts once its data are validated, so a process that answers is healthy; probes and load balancers use it.
  Never cached (`no-store`).
- Each request gets an id: the caller's `X-Request-ID` when it is a short token (a CDN or ingress may set one),
  else a new one; it is sent back in `X-Request-ID` and is in every log record of that request.
- When a response is ready, one record on logger `dashboard.access` (see dashboard.web.logs) and the metrics
  (dashboard.web.metrics) are written, keyed by the URL rule that matched, never by the raw URL.
- `/metrics` (GET): the Prometheus text format, answered by a small WSGI layer in front of Flask, so it is never
  memoised, compressed or counted as a page. DASHBOARD_METRICS=0 turns it off. Keep it off the public internet at
  the edge (deploy/nginx-cdn.conf does).

This module registers first, so its timer starts before any other hook and its record is written after every
other hook has shaped the response.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import flask
from dash import Dash

from dashboard import __version__
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.model.changes import editions
from dashboard.web import logs
from dashboard.web.metrics import CONTENT_TYPE, UNMATCHED, Metrics

access_log = logging.getLogger(logs.ACCESS_LOGGER)

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(given: str | None) -> str:
    """The caller's request id when it is a short token of safe characters, else a new random one."""
    if given and _REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def health(store: Store) -> dict[str, str]:
    latest = editions(store)[-1]
    return {"status": "ok", "version": __version__, "data_hash": store.content_hash,
            "latest_edition": latest.vintage, "latest_edition_words": latest.words}


def metrics_enabled() -> bool:
    return os.environ.get("DASHBOARD_METRICS", "1").strip().lower() not in ("0", "false", "no", "off")


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def metrics_endpoint(inner: WsgiApp, metrics: Metrics) -> WsgiApp:
    """A WSGI layer that answers GET/HEAD /metrics itself and passes everything else to the app."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != METRICS_PATH:
            return inner(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Type", "text/plain"),
                                                      ("Content-Length", "0")])
            return [b""]
        body = metrics.exposition()
        start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]

    return app


def _record(level: int, message: str, fields: dict[str, Any]) -> None:
    access_log.log(level, message, extra=fields)


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    metrics = Metrics()
    server.extensions["dashboard_metrics"] = metrics
    status = health(store)

    @server.before_request
    def _start() -> None:
        flask.g.request_start = time.perf_counter()
        flask.g.request_id = request_id(flask.request.headers.get(REQUEST_ID_HEADER))

    @server.after_request
    def _finish(resp: flask.Response) -> flask.Response:
        req = flask.request
        start = flask.g.get("request_start")
        seconds = time.perf_counter() - start if start is not None else 0.0
        route = req.url_rule.rule if req.url_rule is not None else UNMATCHED
        metrics.observe(route, req.method, resp.status_code, seconds)
        resp.headers[REQUEST_ID_HEADER] = flask.g.get("request_id", "")
        fields = {**logs.request_fields(), "route": route, "status": resp.status_code,
                  "duration_ms": round(seconds * 1000, 2)}
        error = flask.g.pop(logs.ERROR_KEY, None)
        message = f"{req.method} {req.path} {resp.status_code}"
        level = logging.ERROR if resp.status_code >= 500 or error else logging.INFO
        _record(level, f"{message}: {error['error']}" if error else message, {**fields, **(error or {})})
        return resp

    @server.teardown_request
    def _unlogged_error(_: BaseException | None) -> None:
        error = flask.g.pop(logs.ERROR_KEY, None)  # only left if the response was never finished
        if error:
            _record(logging.ERROR, error["error"], {**logs.request_fields(), **error})

    @server.route(HEALTH_PATH)
    def _healthz() -> flask.Response:
        resp = flask.jsonify(status)
        resp.headers["Cache-Control"] = "no-store"
        return resp

    if metrics_enabled():
        server.wsgi_app = metrics_endpoint(server.wsgi_app, metrics)  # type: ignore[method-assign]
