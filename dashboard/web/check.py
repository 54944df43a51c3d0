"""GET /check?q=<figure or phrase>: which published figures a number could be (dashboard.model.check).

A plain GET form; the answer is server-rendered HTML. Any text is answered with a page (a message for text that
cannot be checked), never an error: the model never raises on input, and the query is cut to a safe length.
"""

from __future__ import annotations

import functools

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.content.spec import pages
from dashboard.data.load import Store
from dashboard.explore.state import view_query
from dashboard.model.check import COMPARISON, FIGURE, check
from dashboard.model.phrases import MAX_LENGTH
from dashboard.web import render, urls

EXAMPLES = ("13.56", "22%", "one in five", "five times more likely", "nearly three-fold", "20% higher", "2019-21",
            "stillbirth 2023")


def register(app: Dash, store: Store, settings: Settings) -> None:
    @app.server.get(urls.CHECK)
    def check_page() -> flask.Response:
        values = flask.request.args.getlist("q")
        raw = values[0] if values else ""
        result = check(store, raw[: MAX_LENGTH * 4], gaps=pages().home.gaps()) if raw.strip() else None
        title = "Check a figure" + (f": {raw.strip()[:40]}" if result else "")
        resp = render.page("check.html", title=title, q=raw[:MAX_LENGTH], result=result, examples=EXAMPLES,
                           FIGURE=FIGURE, COMPARISON=COMPARISON, max_length=MAX_LENGTH,
                           explore_query=functools.partial(view_query, store),
                           description="Paste a figure or a phrase and see which published figures it could be, "
                                       "where each was first published and whether it was revised.")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp
