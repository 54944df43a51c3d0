"""Reading pages: home, the mental health and social care topic, the briefing (HTML and PDF) and About.

Thin routes: parse the request, call the pure content builders (dashboard.content), render a template. No
JavaScript on any of them. The recommendations file is validated when the app starts (a broken file stops the
start with a DatasetError naming file, entry and field, like any other dataset problem).
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.content import about as about_content
from dashboard.content import briefing as briefing_content
from dashboard.content import home as home_content
from dashboard.content import topic as topic_content
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.data.recommendations import load_recommendations
from dashboard.explore.state import parse, to_query
from dashboard.model.figure import date_words
from dashboard.model.words import NO_COMPARISON
from dashboard.web import busy, render, urls
from dashboard.web.pdf import PdfBusy, PdfMaker, PdfUnavailable

log = logging.getLogger(__name__)

TOPIC = topic_content.PATH
ABOUT = "/about"
MAX_QUERY = 2000


def chart_svg(chart: object) -> tuple[str, str] | None:
    """(wide, narrow) inline SVG of a chart spec, for templates; None while the SVG renderer is not installed."""
    try:
        from dashboard.charts.html import svg_pair
        return svg_pair(chart)  # type: ignore[arg-type]
    except ModuleNotFoundError as exc:
        if exc.name != "dashboard.charts.svg":
            raise
        return None


def _query_string() -> str:
    return flask.request.query_string.decode("utf-8", "replace")[:MAX_QUERY]


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    recs = load_recommendations(settings.datasets)
    server.jinja_env.globals.update(chart_svg=chart_svg, NO_COMPARISON=NO_COMPARISON,
                                    PRINT_RECOMMENDATIONS=briefing_content.PRINT_RECOMMENDATIONS)
    pdfs = server.extensions["dashboard_pdf"] = PdfMaker(settings.assets)

    home_of = lru_cache(maxsize=1)(home_content.home)
    topic_of = lru_cache(maxsize=1)(topic_content.topic)
    about_of = lru_cache(maxsize=1)(about_content.about)
    briefing_of = lru_cache(maxsize=32)(briefing_content.briefing)
    view_briefing_of = lru_cache(maxsize=128)(briefing_content.view_briefing)

    @server.get("/")
    def home_page() -> flask.Response:
        h = home_of(store)
        return render.page("home.html", title=h.title, home=h,
                           description="How many women die during pregnancy or soon after in the UK, with the "
                                       "source, uncertainty and significance of every figure.")

    @server.get(TOPIC)
    def topic_page() -> flask.Response:
        t = topic_of(store, recs)
        return render.page("topic.html", title=t.title, topic=t,
                           description="Published figures on mothers' mental health and social care involvement, "
                                       "with support, not blame.")

    @server.get(ABOUT)
    def about_page() -> flask.Response:
        return render.page("about.html", title="About the figures", about=about_of(store),
                           description="Definitions, sources, licences, how to cite, independence and accessibility.")

    def render_absolute(path: str, query: str) -> str:
        return urls.absolute(path, query, settings.public_url)

    def briefing_address() -> tuple[str, list[str], object]:
        """(canonical query, notices, what it selects: a view state or an edition) of the briefing the request
        asks for. Raises EditionTooEarly for a month before the first edition."""
        args = flask.request.args
        if args.get("view"):
            state, notices = parse(_query_string(), store)
            return "view=1" + (f"&{q}" if (q := to_query(state, store)) else ""), notices, state
        edition, notices = briefing_content.parse_edition(args.get("edition"), store)
        return (f"edition={edition}" if edition != LATEST else ""), notices, edition

    def briefing_content_of(selected: object, notices: list[str], paper: bool = False) -> tuple[str, dict]:
        """(template, context) of a briefing. How current the figures are: an edition's briefing says it in its
        own header; a view's briefing gets the line under its title on screen (not on its one printed page)."""
        if isinstance(selected, str):  # an edition
            b = briefing_of(store, recs, selected, tuple(notices))
            return "briefing.html", {"b": b, "title": b.title, "as_of": ""}  # its header says how current it is
        vb = view_briefing_of(store, selected, tuple(notices))
        return "briefing_view.html", {"vb": vb, "title": f"Briefing: {vb.title}", **({"as_of": ""} if paper else {})}

    def briefing_html(template: str, ctx: dict, query: str, compact: bool = False) -> str:
        return flask.render_template(
            template, **ctx, made=date_words(date.today().isoformat()), compact=compact,
            current_path=urls.BRIEFING, permalink=render_absolute(urls.BRIEFING, query),
            pdf_link=urls.with_query(urls.BRIEFING_PDF, query),
            description="A one-page briefing on maternal deaths in the UK, with sources and uncertainty.")

    def canonical_redirect(path: str, query: str, code: int = 302) -> flask.Response:
        resp = flask.redirect(urls.with_query(path, query), code=code)
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def too_early(exc: Exception) -> flask.Response:
        resp = render.page("error.html", status=400, title="No briefing for that month", message=str(exc),
                           link=urls.BRIEFING, link_text="Open the briefing on the latest figures")
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @server.get(urls.BRIEFING)
    def briefing_page() -> flask.Response:
        try:
            query, notices, selected = briefing_address()
        except briefing_content.EditionTooEarly as exc:
            return too_early(exc)
        raw = (flask.request.args.get("edition") or "").strip()
        if raw and not notices and isinstance(selected, str) and raw != selected:
            return canonical_redirect(urls.BRIEFING, query, 303)  # a month: the address of its edition
        resp = flask.make_response(briefing_html(*briefing_content_of(selected, notices), query), 200)
        resp.mimetype = "text/html"
        return resp

    limiter = busy.limiter(server)

    @server.get(urls.BRIEFING_PDF)
    def briefing_pdf() -> flask.Response:
        try:
            query, _notices, selected = briefing_address()
        except briefing_content.EditionTooEarly as exc:
            return too_early(exc)
        if _query_string() != query:
            # only canonical addresses are made into PDFs: the PDF never quotes the request, and any variety of
            # addresses maps onto the few PDFs there are
            return canonical_redirect(urls.BRIEFING_PDF, query)
        key = (store.content_hash, query, date.today().isoformat(), urls.base_url(settings.public_url))
        html_link = urls.with_query(urls.BRIEFING, query)
        data = pdfs.cached(key)

        def busy_page() -> flask.Response:
            resp = render.page("error.html", title="The PDF is being made for others",
                               message="The server is making other PDFs just now. Try again in a few "
                                       "seconds, or open the briefing and print it from your browser.",
                               link=html_link, link_text="Open the briefing to read or print it")
            return busy.busy(resp)

        try:
            if data is None:
                with limiter.slot() as got:
                    if not got:
                        return busy_page()
                    template, ctx = briefing_content_of(selected, [], paper=True)
                    data = pdfs.pdf(key, lambda compact: briefing_html(template, ctx, query, compact),
                                    flask.request.host_url)
        except PdfBusy:
            return busy_page()
        except PdfUnavailable:
            log.exception("the briefing PDF could not be made")
            resp = render.page("error.html", status=503, title="The PDF could not be made",
                               message="The PDF could not be made; print the briefing from your browser.",
                               link=html_link, link_text="Open the briefing to print it")
            resp.headers["Cache-Control"] = "no-store"
            return resp
        resp = flask.Response(data, mimetype="application/pdf")
        resp.headers["Content-Disposition"] = 'inline; filename="maternal-deaths-briefing.pdf"'
        return resp
