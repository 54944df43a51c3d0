"""Hardening: security headers on every response, a size limit and a shape check on callback requests, and
error responses that give nothing away (no stack trace, no path, no library name).

- Content-Security-Policy: scripts only from this origin plus the hashes of Dash's own inline scripts
  (`app.csp_hashes()`); no eval. Styles allow inline because Plotly and Dash set style attributes.
  `frame-ancestors 'none'` everywhere except under /embed, which any site may frame.
- X-Content-Type-Options, Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy, X-Frame-Options
  (legacy browsers; not sent under /embed), Strict-Transport-Security when the request came over HTTPS.
- POST to Dash's callback endpoint: bodies over CALLBACK_MAX_BYTES get 413; a body that is not the shape the Dash
  renderer sends, or names a callback or component that does not exist, gets 400. Callbacks themselves treat any
  value as a request for the nearest valid view, so they never raise on input: an exception from the app's own
  code is a bug, answered 500, logged in full and counted (app.server.extensions["dashboard_errors"]), never
  disguised as a client error.
- 400/404/405/413/415/422/500: the site's error page, or JSON for callback and API paths.
"""

from __future__ import annotations

import html as html_escape
import logging
from collections.abc import Callable
from typing import Any

import flask
from dash import Dash
from dash.exceptions import DashException, InvalidResourceError, PreventUpdate
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from dashboard.config import Settings
from dashboard.data.load import Store

log = logging.getLogger(__name__)

CALLBACK_PATH = "/explore/_dash-update-component"
CALLBACK_MAX_BYTES = 64 * 1024
BODY_MAX_BYTES = 1024 * 1024  # any other request body
EMBED_PREFIX = "/embed"

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is nothing at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Request too large", "The request is larger than this site accepts."),
    415: ("Unsupported request", "The request body is not in a format this site accepts."),
    422: ("Request not processed", "The values in the request could not be used."),
    429: ("Too many requests", "Please wait a moment and try again."),
    500: ("Something went wrong", "The page could not be shown. Please try again later."),
}

PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                      "payment=(), usb=(), interest-cohort=()")


def is_embed(path: str) -> bool:
    return path == EMBED_PREFIX or path.startswith(EMBED_PREFIX + "/")


def content_security_policy(script_hashes: list[str], embed: bool) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["*"] if embed else ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def wants_json(path: str) -> bool:
    return path.startswith(("/explore/_dash-", "/_dash-", "/api/")) or path.endswith(".json")


def error_response(status: int) -> flask.Response:
    title, message = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if wants_json(flask.request.path):
        resp = flask.jsonify({"error": title, "message": message, "status": status})
        resp.status_code = status
    else:
        try:
            from dashboard.web.render import page

            resp = page("error.html", status=status, title=title, message=message)
        except Exception:  # the error page must never fail: fall back to a bare page
            log.exception("the error page could not be rendered")
            body = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html_escape.escape(title)}'
                    f"</title></head><body><main><h1>{html_escape.escape(title)}</h1><p>{html_escape.escape(message)}"
                    '</p><p><a href="/">Go to the home page</a></p></main></body></html>\n')
            resp = flask.Response(body, status=status, mimetype="text/html")
    resp.headers["Cache-Control"] = "no-store"
    return resp


# ---- callback request shape -------------------------------------------------------------------------------

def _is_id(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and all(isinstance(k, str) for k in value))


def _items(entries: Any) -> list[Any] | None:
    """A callback's inputs/state list; a pattern-matching entry is itself a list of {id, property}."""
    return entries if isinstance(entries, list) else None


def _matches(declared: list[dict[str, Any]], sent: list[Any]) -> bool:
    if len(declared) != len(sent):
        return False
    for want, got in zip(declared, sent):
        if isinstance(got, list):  # pattern-matching (ALL / ALLSMALLER): ids are dicts
            if isinstance(want.get("id"), str) or not all(
                isinstance(g, dict) and _is_id(g.get("id")) and g.get("property") == want.get("property") for g in got
            ):
                return False
            continue
        if not isinstance(got, dict) or not _is_id(got.get("id")) or got.get("property") != want.get("property"):
            return False
        if isinstance(want.get("id"), str) and got["id"] != want["id"]:
            return False
        if isinstance(want.get("id"), dict) and not isinstance(got["id"], dict):
            return False
    return True


def _declared_outputs(key: str) -> list[str] | None:
    """'..a.children...b.data..' -> ['a.children', 'b.data'] (None for a pattern-matching key: ids are JSON)."""
    if "{" in key:
        return None
    return [part for part in key.strip(".").split("...") if part] if key.startswith("..") else [key]


def _sent_outputs(outputs: Any) -> list[str] | None:
    items = outputs if isinstance(outputs, list) else [outputs]
    if any(isinstance(o, list) or not isinstance(o.get("id"), str) for o in items):
        return None
    return [f"{o['id']}.{o['property']}" for o in items]


def callback_problem(body: Any, callback_map: dict[str, Any]) -> str | None:
    """Why a /_dash-update-component body is not one the Dash renderer would send for this app, or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback output"
    spec = callback_map[output]
    inputs, state = _items(body.get("inputs")), _items(body.get("state", []))
    if inputs is None or state is None:
        return "inputs and state must be lists"
    if not _matches(spec.get("inputs", []), inputs) or not _matches(spec.get("state", []), state):
        return "inputs or state do not match the callback"
    outputs = body.get("outputs")
    if not isinstance(outputs, (dict, list)):
        return "outputs must be an object or a list"
    for out in outputs if isinstance(outputs, list) else [outputs]:
        if isinstance(out, list):
            if not all(isinstance(o, dict) and _is_id(o.get("id")) and isinstance(o.get("property"), str) for o in out):
                return "malformed output"
        elif not isinstance(out, dict) or not _is_id(out.get("id")) or not isinstance(out.get("property"), str):
            return "malformed output"
    if _declared_outputs(output) != _sent_outputs(outputs):
        return "outputs do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    return None


# ---- registration -----------------------------------------------------------------------------------------

def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    server.config.setdefault("MAX_CONTENT_LENGTH", BODY_MAX_BYTES)
    hashes: list[list[str]] = []  # computed on the first request, after every clientside callback is defined

    def script_hashes() -> list[str]:
        if not hashes:
            hashes.append(list(app.csp_hashes()))
        return hashes[0]

    @server.before_request
    def _check_callback_request() -> flask.Response | None:
        req = flask.request
        if req.path != CALLBACK_PATH or req.method != "POST":
            return None
        if req.content_length is not None and req.content_length > CALLBACK_MAX_BYTES:
            return error_response(413)
        req.max_content_length = CALLBACK_MAX_BYTES  # also bounds chunked bodies with no Content-Length
        try:
            body = req.get_json(force=True, silent=False)
        except RequestEntityTooLarge:
            return error_response(413)
        except HTTPException:
            return error_response(400)
        problem = callback_problem(body, app.callback_map)
        if problem:
            log.info("rejected callback request: %s", problem)
            return error_response(400)
        return None

    @server.after_request
    def _security_headers(resp: flask.Response) -> flask.Response:
        path = flask.request.path
        embed = is_embed(path)
        h = resp.headers
        h["Content-Security-Policy"] = content_security_policy(script_hashes(), embed)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "strict-origin-when-cross-origin"
        h["Permissions-Policy"] = PERMISSIONS_POLICY
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        if embed:
            h.pop("X-Frame-Options", None)
        else:
            h["X-Frame-Options"] = "DENY"
        if flask.request.is_secure:
            h["Strict-Transport-Security"] = "max-age=31536000"
        h.pop("Server", None)
        return resp

    def _http_error(exc: HTTPException) -> flask.Response:
        return error_response(exc.code or 500)

    def _dash_error(exc: DashException) -> flask.Response:
        # an unknown or unregistered file under /explore/_dash-component-suites/ (Dash would echo the path)
        if flask.request.path == CALLBACK_PATH:
            return _unexpected(exc)
        return error_response(404)

    errors = server.extensions.setdefault("dashboard_errors", {"count": 0, "last": None})

    def _unexpected(exc: Exception) -> flask.Response:
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        # Input never reaches our code unvalidated (bad shapes get 400 above; values are parsed to the nearest
        # valid view), so an exception here is a bug in the app: logged, counted, answered 500.
        errors["count"] += 1
        errors["last"] = f"{type(exc).__name__} on {flask.request.method} {flask.request.path}"
        log.exception("unhandled error on %s %s", flask.request.method, flask.request.path)
        return error_response(500)

    handlers: list[tuple[type[BaseException] | int, Callable[..., Any]]] = [
        (HTTPException, _http_error), (DashException, _dash_error), (InvalidResourceError, _dash_error),
        (Exception, _unexpected),
    ]
    for exc_type, handler in handlers:
        server.register_error_handler(exc_type, handler)  # type: ignore[arg-type]

    @server.route("/favicon.ico")
    def _favicon() -> flask.Response:  # browsers ask for it even where a page names its icon
        return flask.redirect(flask.url_for("static", filename="favicon.svg"), code=301)

    @server.errorhandler(PreventUpdate)
    def _no_update(_: PreventUpdate) -> tuple[str, int]:  # keep Dash's meaning: nothing to update
        return "", 204
