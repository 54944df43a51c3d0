"""GET /changes?from=YYYY-MM&to=YYYY-MM: what changed in the figures between two editions (dashboard.model.changes).

Without parameters: the latest edition against the one before. An unknown edition gets the page with a clear
message and the list of editions (status 404), never an error page or a 500. A comparison costs up to a second or
two: those made are kept (adjacent editions are made before the server forks), and a new one waits for a free slot
of the worker's expensive-work limit (dashboard.web.busy); with none free, a 503 page offers the latest changes.
"""

from __future__ import annotations

import flask
from dash import Dash

from dashboard.cache import BoundedCache
from dashboard.charts.build import KEY_SECONDARY
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.model.changes import Changes, EditionError, changes, editions
from dashboard.web import busy, render

MAX_VALUE = 20
KEPT = 64  # comparisons kept per worker (there are 33 adjacent pairs)


def register(app: Dash, store: Store, settings: Settings) -> None:
    kept: BoundedCache[Changes] = BoundedCache(entries=KEPT)
    limiter = busy.limiter(app.server)

    @app.server.get("/changes")
    def changes_page() -> flask.Response:
        args = flask.request.args
        start = (args.get("from") or "").strip()[:MAX_VALUE] or None
        end = (args.get("to") or "").strip()[:MAX_VALUE] or None
        eds = tuple(reversed(editions(store)))
        known = {e.vintage for e in eds}
        try:
            result = kept.get((start, end))
            if result is None and all(v is None or v in known for v in (start, end)):
                with limiter.slot() as got:  # new work: only with a free slot
                    if not got:
                        resp = render.page("error.html", title="Busy comparing editions",
                                           message="The server is comparing other editions just now. Try again in "
                                                   "a few seconds, or see what changed in the latest edition.",
                                           link="/changes", link_text="What changed in the latest edition")
                        return busy.busy(resp)
                    result = changes(store, start, end)
                    kept.set((start, end), result)
            elif result is None:
                result = changes(store, start, end)  # an unknown edition: EditionError at once, no work done
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
