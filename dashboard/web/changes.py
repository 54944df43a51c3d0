"""GET /changes?from=YYYY-MM&to=YYYY-MM: what changed in the figures between two editions (dashboard.model.changes).

Without parameters: the latest release against the one before, led by what is new in it. An unknown edition gets
the page with a clear message and the list of editions (status 404), never an error page or a 500. A comparison
costs up to a second or two: those made are kept (adjacent editions are made before the server forks), and a new
one waits for a free slot of the expensive-work limit (dashboard.web.busy); with none free, a 503 page offers the
latest changes.
GET /changes.atom: an Atom feed of the releases, newest first, each linking to its /changes page.
Every page can name the latest release (the template global `latest_release`, for the home page's "New:" link).
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape

import flask
from dash import Dash

from dashboard.cache import BoundedCache
from dashboard.charts.build import KEY_SECONDARY
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.explore.state import view_query
from dashboard.model.changes import Changes, EditionError, Release, changes, changes_headline, editions, releases
from dashboard.web import busy, render, urls
from dashboard.web.asof import as_of

MAX_VALUE = 20
KEPT = 64  # comparisons kept per worker (there are 33 adjacent pairs)
CHANGES, FEED = "/changes", "/changes.atom"
FEED_ENTRIES = 20


def _updated(vintage: str) -> str:
    """RFC 3339 time of an edition (YYYY-MM): the first of its month."""
    return f"{vintage}-01T00:00:00Z"


def atom(items: tuple[Release, ...], base: str, site_name: str) -> str:
    """The Atom document of the releases (newest first), pure: base is the site's absolute address."""
    def link(r: Release) -> str:
        query = f"from={r.previous.vintage}&to={r.edition.vintage}" if r.previous else ""
        return base + urls.with_query(CHANGES, query)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(site_name)}: new releases</title>", f"<id>{escape(base + FEED)}</id>",
           f'<link rel="self" href="{escape(base + FEED)}"/>', f'<link href="{escape(base + CHANGES)}"/>',
           f"<updated>{_updated(items[0].edition.vintage) if items else '1970-01-01T00:00:00Z'}</updated>",
           f"<author><name>{escape(site_name)}</name></author>"]
    for r in items[:FEED_ENTRIES]:
        out += ["<entry>", f"<title>{escape(r.edition.words)}: {escape(r.name)}</title>",
                f"<id>{escape(link(r))}</id>", f'<link href="{escape(link(r))}"/>',
                f"<updated>{_updated(r.edition.vintage)}</updated>",
                f"<summary>{escape(r.summary)} Published: {escape('; '.join(r.edition.publications))}.</summary>",
                "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def register(app: Dash, store: Store, settings: Settings) -> None:
    kept: BoundedCache[Changes] = BoundedCache(entries=KEPT)
    limiter = busy.limiter(app.server)
    latest = releases(store)[0] if releases(store) else None
    app.server.jinja_env.globals.update(latest_release=latest, CHANGES_FEED=FEED)

    @app.server.get(FEED)
    def changes_feed() -> flask.Response:
        body = atom(releases(store), urls.base_url(settings.public_url), render.SITE_NAME)
        resp = flask.Response(body, mimetype="application/atom+xml")
        resp.headers["Cache-Control"] = "public, max-age=3600"
        return resp

    @app.server.get(CHANGES)
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
                                           link=CHANGES, link_text="What changed in the latest edition")
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
                           headline=changes_headline(result), latest_release=latest,
                           explore_query=functools.partial(view_query, store),
                           start=result.start.vintage, end=result.end.vintage, as_of=as_of(store, result.end.vintage),
                           description="Figures revised, new periods, new breakdowns and comparisons whose "
                                       "significance changed, edition by edition.")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp
