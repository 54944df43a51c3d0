"""/embed?<view query>: the chart (SVG), its key, its sources and a link back, nothing else; it fills its frame.

This is the only path any site may frame: dashboard/web/headers.py sends `frame-ancestors *` (and no
X-Frame-Options) under /embed, and `frame-ancestors 'none'` everywhere else.
"""

from __future__ import annotations

import flask
from dash import Dash

from dashboard.charts.html import svg_pair
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.model.words import CI_HIDDEN, SUPPORT_LINE, tier_source_line
from dashboard.web import urls
from dashboard.web.downloads import request_view
from dashboard.web.share import share_of


def register(app: Dash, store: Store, settings: Settings) -> None:
    @app.server.get(urls.EMBED)
    def embed() -> flask.Response:
        view, other = request_view(store)
        if view is None:
            return other  # type: ignore[return-value]
        wide, narrow = svg_pair(view.chart)
        ci_hidden = not view.state.ci and any(f.ci is not None for f in view.figures)
        html = flask.render_template(
            "embed.html", view=view, share=share_of(view, settings.public_url), chart_wide=wide, chart_narrow=narrow,
            sources=[(s, tier_source_line(s)) for s in view.sources], ci_note=CI_HIDDEN if ci_hidden else "",
            support=SUPPORT_LINE if view.sensitive else "")
        resp = flask.Response(html, mimetype="text/html")
        resp.headers["Cache-Control"] = "public, max-age=600"
        return resp
