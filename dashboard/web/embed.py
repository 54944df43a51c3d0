"""/embed?<view query>: the chart, its source and a link back, nothing else; it fills its frame.

Framing: dashboard/web/headers.py allows framing by any site only on paths under EMBED_PREFIX
(Content-Security-Policy frame-ancestors *, no X-Frame-Options); every other page forbids it. The two
modules share the prefix "/embed"; the embed response also carries EMBED_HEADER as a marker.
"""

from __future__ import annotations

from html import escape

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.exports.html import DRAW_JS, embed_page
from dashboard.views import View
from dashboard.web.downloads import permalink, request_view

EMBED_PREFIX = "/embed"
EMBED_HEADER = "X-Dashboard-Embed"
DRAW_PATH = EMBED_PREFIX + "/draw.js"
# The plotly.js the Dash app already serves (compressed and cached by dashboard.web.performance).
PLOTLY_SRC = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def embed_url(settings: Settings, view: View) -> str:
    return f"{settings.public_url}{EMBED_PREFIX}" + (f"?{view.query}" if view.query else "")


def iframe_snippet(settings: Settings, view: View) -> str:
    """The HTML a site pastes to show this view (responsive width, fixed height)."""
    return (f'<iframe src="{escape(embed_url(settings, view))}" title="{escape(view.title)}" width="100%" '
            f'height="480" style="border:0;max-width:100%" loading="lazy"></iframe>')


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server

    @server.get(EMBED_PREFIX)
    def embed() -> flask.Response:
        view, other = request_view(store)
        if other is not None:
            return other
        html = embed_page(view, permalink(settings, view), PLOTLY_SRC, DRAW_PATH)
        resp = flask.Response(html, mimetype="text/html")
        resp.headers[EMBED_HEADER] = "1"
        resp.headers["Cache-Control"] = "public, max-age=600"
        return resp

    @server.get(DRAW_PATH)
    def draw_js() -> flask.Response:
        resp = flask.Response(DRAW_JS, mimetype="text/javascript")
        resp.headers["Cache-Control"] = "public, max-age=3600"
        return resp
