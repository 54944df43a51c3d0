"""Explore: any indicator, breakdown, groups, periods, measure and edition; the URL is the view.

- GET /explore?<query> answers server-rendered HTML: a plain GET form of native controls, and the view (chart as
  SVG, words, table, sources, share panel). It works with no JavaScript. A submitted form carries the view it was
  drawn for (`prev`), so resets follow from what changed; it is redirected to the canonical URL unless something
  had to be corrected (then the page says what).
- Dash is the enhancement, mounted under /explore/. assets/explore.js loads its scripts on the first interaction
  with the form, renders Dash's layout (this same view, built from the page's query) into a hidden copy of
  #react-entry-point and swaps it in when it is ready, so nothing moves. From then on a change goes through ONE
  server callback (form fields -> canonical query -> build_view -> the same view panel), which also pushes the
  canonical URL (dcc.Location), and back/forward re-render through the same callback.
- Both renderers use the same Jinja partials: dashboard.explore.dom turns the rendered HTML into Dash components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import flask
from dash import ClientsideFunction, Dash, Input, Output, ctx, dcc, html, no_update

from dashboard.charts.html import svg_pair
from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.explore.dom import one
from dashboard.explore.form import controls, form_query, is_form
from dashboard.explore.state import parse, same_query
from dashboard.explore.view import View, build_view
from dashboard.web import render, urls
from dashboard.web.share import meta_of, share_of

MAX_QUERY = 2000            # longer query strings are cut (parse() then gives the nearest view and a notice)
MAX_FIELDS = 200            # a submitted form has a few dozen fields at most
# The parts of the view panel whose children the callback replaces; the elements themselves stay, so live and
# status regions keep announcing, and an open table stays open (_explore_view.html keeps their attributes fixed).
SLOTS = ("explore-notice", "explore-title", "explore-subtitle", "explore-chart", "explore-summary",
         "explore-table-toggle", "explore-about", "share-panel")
# The callback's outputs, in order: the address, each slot's children, and the form the clientside code swaps in.
OUTPUTS = (("explore-url", "search"), *((slot, "children") for slot in SLOTS), ("explore-form-html", "data"))
SKIPPED_SCRIPTS = ("/dash_table/",)   # Explore has no DataTable: its 4 MB bundle is never loaded


def request_query() -> str:
    return flask.request.query_string.decode("utf-8", "replace")[:MAX_QUERY]


@dataclass(frozen=True)
class Panel:
    """The view panel's HTML, with its two SVG charts as placeholders (`raw` maps each to its markup)."""

    html: str
    raw: dict[str, str]

    def expanded(self) -> str:
        out = self.html
        for token, markup in self.raw.items():
            out = out.replace(token, markup)
        return out

    def component(self) -> Any:
        return one(self.html, self.raw)


def panel(view: View, notices: list[str], public_url: str | None) -> Panel:
    """The view panel (notices, headline, chart, words, table, caveats, sources, support, share)."""
    wide, narrow = svg_pair(view.chart)
    raw = {"@@explore-chart-wide@@": wide, "@@explore-chart-narrow@@": narrow}
    html_ = flask.render_template("_explore_view.html", view=view, notices=notices, chart_wide="@@explore-chart-wide@@",
                                  chart_narrow="@@explore-chart-narrow@@", share=share_of(view, public_url)).strip()
    return Panel(html_, raw)


def form_html(store: Store, view: View) -> str:
    return flask.render_template("_explore_form.html", c=controls(store, view.state),
                                 explore_path=urls.EXPLORE).strip()


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


def layout_query() -> str:
    """The query of the page Dash is taking over: assets/explore.js appends it to the layout request; failing
    that, the Referer (same origin); else the default view (the callback then corrects it from dcc.Location)."""
    query = request_query()
    if query:
        return query
    ref = urlsplit(flask.request.referrer or "")
    same_host = not ref.netloc or ref.netloc == flask.request.host
    return ref.query[:MAX_QUERY] if same_host and ref.path == urls.EXPLORE else ""


def install(app: Dash, store: Store, settings: Settings) -> None:
    assets = DashAssets(app)

    def layout() -> Any:
        if not flask.has_request_context():  # Dash may ask outside a request: the ids the callbacks use
            return html.Div([dcc.Location(id="explore-url"), dcc.Store(id="explore-fields"),
                             dcc.Store(id="explore-form-html"), html.Div(id="explore-panel")], id="explore-dash")
        query = layout_query()
        view, notices, _ = page_view(store, query)
        return html.Div([
            dcc.Location(id="explore-url", refresh=False, pathname=urls.EXPLORE, search=f"?{query}" if query else ""),
            dcc.Store(id="explore-fields"),
            dcc.Store(id="explore-form-html"),
            panel(view, notices, settings.public_url).component(),
        ], id="explore-dash")

    app.layout = layout

    @app.callback(*(Output(cid, prop) for cid, prop in OUTPUTS),
                  Input("explore-fields", "data"), Input("explore-url", "search"), prevent_initial_call=True)
    def update(fields: Any, search: Any) -> tuple[Any, ...]:
        """Thin: the form's fields (or the address, on back/forward) -> canonical query -> the same view panel."""
        if ctx.triggered_id == "explore-fields":
            raw = fields.get("fields") if isinstance(fields, dict) else None
            query, notices = form_query(raw, store)
            view, more = view_of(store, query)
            notices += [n for n in more if n not in notices]
            new_search: Any = f"?{query}" if query else ""
        else:
            query = search[1:] if isinstance(search, str) and search.startswith("?") else ""
            view, notices = view_of(store, query[:MAX_QUERY])
            new_search = no_update
        parts = by_id(panel(view, notices, settings.public_url).component())
        return (new_search, *(parts[slot].children for slot in SLOTS),
                {"form": form_html(store, view), "title": page_title(view), "query": view.query})

    # The form lives outside React: a new form arrives as HTML and assets/explore.js puts it in place.
    app.clientside_callback(ClientsideFunction("explore", "replaceForm"), Input("explore-form-html", "data"),
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
                           panel=panel(view, notices, settings.public_url).expanded(), c=controls(store, view.state),
                           explore_path=urls.EXPLORE, dash_config=assets.config(), dash_scripts=assets.scripts(),
                           **meta_of(view, share))

    # Dash's own page shell is never shown: its index sends people to /explore, anything else under it is 404.
    def dash_index() -> flask.Response:
        return flask.redirect(urls.with_query(urls.EXPLORE, request_query()), code=308)

    def dash_unknown(path: str) -> flask.Response:  # Flask passes the path
        flask.abort(404)

    server.view_functions[app.config.routes_pathname_prefix] = dash_index
    server.view_functions[app.config.routes_pathname_prefix + "<path:path>"] = dash_unknown


def by_id(component: Any) -> dict[str, Any]:
    """Every component with an id in a tree, by id."""
    found: dict[str, Any] = {}
    stack = [component]
    while stack:
        c = stack.pop()
        if isinstance(c, (list, tuple)):
            stack.extend(c)
        elif hasattr(c, "to_plotly_json"):
            cid = getattr(c, "id", None)
            if isinstance(cid, str):
                found[cid] = c
            stack.append(getattr(c, "children", None))
    return found


def page_title(view: View) -> str:
    return f"{view.title} – {render.SITE_NAME}"
