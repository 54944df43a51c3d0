"""Explore: any indicator, breakdown, groups, periods, measure and edition; the URL is the view.

install() mounts it: GET /explore answers with the server-rendered view (a plain GET form, the chart as SVG, the
table and the words), and the Dash app under /explore/ takes the page over once its scripts load.
"""

from __future__ import annotations

import flask
from dash import Dash, html

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.state import parse
from dashboard.views import build_view
from dashboard.web import render, urls


def install(app: Dash, store: Store, settings: Settings) -> None:  # noqa: ARG001
    app.layout = html.Div(id="explore-root")

    @app.server.get(urls.EXPLORE)
    def explore_page() -> flask.Response:
        state, notices = parse(flask.request.query_string.decode("utf-8", "replace")[:2000], store)
        view = build_view(store, state)
        return render.page("explore.html", title="Explore the figures", view=view, notices=notices + list(view.notices))
