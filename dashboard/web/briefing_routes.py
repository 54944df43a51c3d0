"""GET /briefing.pdf?<view query>: the one-page briefing as a PDF, printed server-side by Chromium.

The query is first turned into the nearest valid view (dashboard.state.parse), so junk never reaches the
browser. Chromium opens this server's own /briefing page on the loopback address (DASHBOARD_INTERNAL_URL
overrides it, e.g. behind a proxy or under gunicorn) and prints it. If printing fails, the reader gets a
plain page saying so, with a link to the printable page, never a stack trace or a 500.

Under gunicorn the PDF request waits for Chromium's requests to the same server: run at least two workers
(or threads), or set DASHBOARD_INTERNAL_URL to another instance.
"""

from __future__ import annotations

import html as html_escape
import logging
import os
import re
from datetime import date
from urllib.parse import parse_qs, urlencode

import flask
from dash import Dash

from dashboard.briefing.pdf import PdfError, render_pdf
from dashboard.briefing.view import VIEW_KEYS
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.state import parse, to_query

log = logging.getLogger(__name__)
_PORT = re.compile(r"^\d{1,5}$")


def canonical_query(raw: str, store: Store) -> str:
    """The briefing query for a raw query string: a valid view (with view=1), or only a valid edition."""
    try:
        q = parse_qs(raw, keep_blank_values=False, max_num_fields=50)
    except ValueError:
        q = {}
    state, _notices = parse(q, store)
    if any(k in q for k in VIEW_KEYS) or "view" in q:
        rest = to_query(state, store)
        return "view=1" + (f"&{rest}" if rest else "")
    return urlencode({"edition": state.edition}) if state.edition != LATEST else ""


def internal_base() -> str:
    override = os.environ.get("DASHBOARD_INTERNAL_URL")
    if override:
        return override.rstrip("/")
    port = str(flask.request.environ.get("SERVER_PORT") or "")
    return f"http://127.0.0.1:{port if _PORT.match(port) else '8050'}"


def failure_page(message: str, printable: str) -> flask.Response:
    body = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>The PDF could not be made</title></head><body><main>"
            "<h1>The PDF could not be made</h1>"
            f"<p>{html_escape.escape(message)}</p>"
            f'<p>You can still <a href="{html_escape.escape(printable)}">open the briefing</a> and print it, or save it '
            "as a PDF, from your browser.</p>"
            '<p><a href="/">Go to the home page</a></p></main></body></html>\n')
    resp = flask.Response(body, status=503, mimetype="text/html")
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Retry-After"] = "60"
    return resp


def register(app: Dash, store: Store, settings: Settings) -> None:
    @app.server.route("/briefing.pdf", methods=["GET"])
    def briefing_pdf() -> flask.Response:
        query = canonical_query(flask.request.query_string.decode("utf-8", "replace")[:2000], store)
        page = "/briefing" + (f"?{query}" if query else "")
        today = date.today().isoformat()
        try:
            pdf = render_pdf(internal_base() + page, cache_key=f"{store.content_hash}:{today}")
        except PdfError as exc:
            log.warning("briefing PDF failed for %s: %s", page, exc)
            return failure_page(str(exc), page)
        name = "briefing" + ("-view" if query.startswith("view=1") else "") + f"-{today}.pdf"
        resp = flask.Response(pdf, mimetype="application/pdf")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        resp.headers["Cache-Control"] = "no-store"
        return resp
