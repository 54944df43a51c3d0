"""Explore's routes and its Dash app.

- GET /explore?<query> answers server-rendered HTML: a plain GET form of native controls beside (on phones: above)
  the view: notices, headline, the chart as SVG, words, table, sources, share panel. It works with no JavaScript.
  A submitted form carries the view it was drawn for (`prev`), so resets follow from what changed; it is
  redirected to the canonical address unless something had to be corrected (then the page says what). Another
  spelling of a valid view (repeated `groups=`, defaults written out) is redirected to its one address.
- GET /explore/_panel?<query> answers the same view as JSON: the canonical query, the page title, and the view
  panel and the form rendered by the same templates. assets/explore.js uses it to answer a change in place (no
  page load), from the first moment, whether or not the interactive chart has loaded. While the interactive chart
  is shown, the page asks without the SVG pair (X-Explore-Chart: interactive) and the answer carries the plotly
  figure instead, which the page hands to the graph (one round trip for a change); it asks again for the SVG when
  the reader goes back to it.
- The Dash app (mounted under /explore/) is the interactive chart: a dcc.Graph whose plotly figure is drawn from
  the view's chart spec (dashboard.charts.plotly_figure, the spec the SVG is drawn from), with hover details,
  legend toggles and a zoomable period axis. Its scripts load only when a reader asks for the interactive chart
  (or, on a wide screen, first uses the chart or a control). explore.js tells it which view to draw through a
  dcc.Store (the view of the address when it is first shown, and any change asked before it was ready); one
  callback answers with the figure. Once it is shown, a change's figure comes with the panel (above).
- GET /explore/plotly-basic.min.js: plotly.js's basic bundle (scatter and bar traces, which are all these charts
  use; about a quarter of the full bundle), built by `npm ci --prefix tools/plotly`. Without it, dcc.Graph loads
  the full bundle the plotly package ships.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import flask
from dash import ClientsideFunction, Dash, Input, Output, dcc, html

from dashboard.charts.html import svg_pair
from dashboard.charts.plotly_figure import CONFIG, figure
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.explore.form import controls, form_query, is_form
from dashboard.explore.state import parse, same_query
from dashboard.explore.view import View, build_view, hover_details
from dashboard.web import render, urls
from dashboard.web.asof import as_of
from dashboard.web.share import meta_of, share_of

MAX_QUERY = 2000            # longer query strings are cut (parse() then gives the nearest view and a notice)
MAX_FIELDS = 200            # a submitted form has a few dozen fields at most
PANEL_PATH = urls.EXPLORE + "/_panel"
CHART_HEADER = "X-Explore-Chart"  # "interactive": the page shows the interactive chart, so the panel needs no SVG
PLOTLY_PATH = urls.EXPLORE + "/plotly-basic.min.js"
PLOTLY_BASIC = (Path(__file__).resolve().parents[2] / "tools" / "plotly" / "node_modules" / "plotly.js-basic-dist-min"
                / "plotly-basic.min.js")
# Explore has no DataTable, Markdown or date pickers: Dash's bundles of them are never loaded.
SKIPPED_SCRIPTS = ("/dash_table/",)
GRAPH, QUERY, BOOT, READY, DRAWN = "explore-graph", "explore-query", "explore-boot", "explore-ready", "explore-drawn"


def request_query() -> str:
    return flask.request.query_string.decode("utf-8", "replace")[:MAX_QUERY]


def panel_html(view: View, notices: list[str], public_url: str | None, svg: bool = True) -> str:
    """The view panel (notices, headline, chart, words, table, caveats, sources, support, share); without the SVG
    pair (its key kept) when the interactive chart stands in for it."""
    wide, narrow = svg_pair(view.chart) if svg else ("", "")
    return flask.render_template("_explore_view.html", view=view, notices=notices, chart_wide=wide,
                                 chart_narrow=narrow, share=share_of(view, public_url)).strip()


def form_html(store: Store, view: View) -> str:
    return flask.render_template("_explore_form.html", c=controls(store, view.state),
                                 explore_path=urls.EXPLORE, panel_path=PANEL_PATH).strip()


def view_of(store: Store, query: str) -> tuple[View, list[str]]:
    state, notices = parse(query, store)
    view = build_view(store, state)
    return view, notices + [n for n in view.notices if n not in notices]


def page_view(store: Store, query: str) -> tuple[View, list[str], str | None]:
    """The view a page address shows and its notices; for a submitted form, also the canonical query it goes to."""
    try:
        args = parse_qs(query, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        args = {}
    if not is_form(args):
        return (*view_of(store, query), None)
    canonical, notices = form_query(args, store)
    view, more = view_of(store, canonical)
    return view, notices + [n for n in more if n not in notices], canonical


def page_title(view: View) -> str:
    return f"{view.title} – {render.SITE_NAME}"


class DashAssets:
    """Dash's scripts (fingerprinted URLs, listed once) and its config (per page: it carries a per-load token)."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        self._scripts: list[str] | None = None

    def scripts(self) -> list[str]:
        if self._scripts is None:  # also registers the files Dash may then serve from its component suites
            srcs = re.findall(r'<script src="([^"]+)"', self.app._generate_scripts_html())
            self._scripts = [s for s in srcs if not any(k in s for k in SKIPPED_SCRIPTS)]
        return self._scripts

    def config(self) -> str:
        return self.app._generate_config_html()


def layout() -> Any:
    """The interactive chart: the view's query (set by assets/explore.js), the graph, and two signals back to the
    page (the app is ready; a figure was drawn)."""
    return html.Div([
        dcc.Store(id=QUERY), dcc.Store(id=BOOT, data=1), dcc.Store(id=READY), dcc.Store(id=DRAWN),
        dcc.Graph(id=GRAPH, config=CONFIG, figure={"data": [], "layout": {}}, className="explore-graph",
                  responsive=True),
    ], id="explore-dash")


def install(app: Dash, store: Store, settings: Settings) -> None:
    assets = DashAssets(app)
    app.layout = layout

    @app.callback(Output(GRAPH, "figure"), Input(QUERY, "data"), prevent_initial_call=True)
    def draw(query: Any) -> dict[str, Any]:
        """Thin: an address's query or a change's form fields (resolved as /explore/_panel resolves them) -> the
        plotly figure of the view's chart spec."""
        view, _, _ = page_view(store, query[:MAX_QUERY] if isinstance(query, str) else "")
        return figure(view.chart, hover_details(view))

    app.clientside_callback(ClientsideFunction("explore", "ready"), Output(READY, "data"), Input(BOOT, "data"))
    app.clientside_callback(ClientsideFunction("explore", "drawn"), Output(DRAWN, "data"), Input(GRAPH, "figure"),
                            prevent_initial_call=True)

    server = app.server

    @server.get(urls.EXPLORE)
    def explore_page() -> flask.Response:
        query = request_query()
        view, notices, canonical = page_view(store, query)
        if canonical is None and not notices and not same_query(query, view.query):
            canonical = view.query  # another spelling of a valid view (e.g. repeated groups=): its one address
        if canonical is not None and not notices:  # a submitted form: its canonical address, unless corrected
            resp = flask.redirect(urls.with_query(urls.EXPLORE, canonical), code=303)
            resp.headers["Cache-Control"] = "no-store"
            return resp
        share = share_of(view, settings.public_url)
        return render.page("explore.html", title=view.title, view=view,
                           panel=panel_html(view, notices, settings.public_url), c=controls(store, view.state),
                           explore_path=urls.EXPLORE, panel_path=PANEL_PATH, dash_config=assets.config(),
                           dash_scripts=assets.scripts(),
                           plotly_script=PLOTLY_PATH if PLOTLY_BASIC.is_file() else "", **meta_of(view, share))

    @server.get(PANEL_PATH)
    def explore_panel() -> flask.Response:
        """The view of any query (a form's fields or an address) as JSON, for an update in place."""
        view, notices, _ = page_view(store, request_query())
        svg = flask.request.headers.get(CHART_HEADER) != "interactive"
        answer = {"query": view.query, "url": urls.with_query(urls.EXPLORE, view.query), "title": page_title(view),
                  "panel": panel_html(view, notices, settings.public_url, svg), "form": form_html(store, view),
                  "svg": svg, "as_of": as_of(store, view.state.edition)}
        if not svg:  # the interactive chart is shown: its figure comes in the same answer (one round trip)
            answer["figure"] = figure(view.chart, hover_details(view))
        resp = flask.jsonify(answer)
        resp.headers["Cache-Control"] = "no-store"
        resp.headers["Vary"] = CHART_HEADER
        return resp

    @server.get(PLOTLY_PATH)
    def plotly_basic() -> flask.Response:
        if not PLOTLY_BASIC.is_file():
            flask.abort(404)
        resp = flask.send_file(PLOTLY_BASIC, mimetype="text/javascript", max_age=86400)
        return resp

    # Dash's own page shell is never shown: its index sends people to /explore, anything else under it is 404.
    def dash_index() -> flask.Response:
        return flask.redirect(urls.with_query(urls.EXPLORE, request_query()), code=308)

    def dash_unknown(path: str) -> flask.Response:  # Flask passes the path
        flask.abort(404)

    server.view_functions[app.config.routes_pathname_prefix] = dash_index
    server.view_functions[app.config.routes_pathname_prefix + "<path:path>"] = dash_unknown
