"""GET /changes?from=YYYY-MM&to=YYYY-MM: what changed in the figures between two editions (dashboard.model.changes).

Without parameters: the latest edition against the one before. An unknown edition gets the page with a clear
message and the list of editions (status 404), never an error page or a 500.
"""

from __future__ import annotations

import flask
from dash import Dash

from dashboard.charts.build import KEY_SECONDARY
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.model.changes import EditionError, changes, editions
from dashboard.web import render

MAX_VALUE = 20


def register(app: Dash, store: Store, settings: Settings) -> None:
    @app.server.get("/changes")
    def changes_page() -> flask.Response:
        args = flask.request.args
        start = (args.get("from") or "").strip()[:MAX_VALUE] or None
        end = (args.get("to") or "").strip()[:MAX_VALUE] or None
        eds = tuple(reversed(editions(store)))
        try:
            result = changes(store, start, end)
        except EditionError as exc:
            resp = render.page("changes.html", status=exc.status, title="What changed: no such edition", result=None,
                               problem=str(exc), editions=eds, start=start, end=end)
            resp.headers["Cache-Control"] = "no-store"
            return resp
        title = f"What changed: {result.end.words}" + (f" since {result.start.words}" if start else "")
        resp = render.page("changes.html", title=title, result=result, problem=None, editions=eds, KEY_SECONDARY=KEY_SECONDARY,
                           start=result.start.vintage, end=result.end.vintage,
                           description="Figures revised, new periods, new breakdowns and comparisons whose "
                                       "significance changed, edition by edition.")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp
