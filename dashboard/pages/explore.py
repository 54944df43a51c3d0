"""Explore: any indicator, breakdown, groups, periods, measure and edition; the URL is the view.

Flow: the page layout is built from the query string (Dash pages re-runs layout() whenever the URL
changes, including back/forward). Changing a control sends the form's fields to one thin server
callback, which returns the canonical URL to a dcc.Location (refresh="callback-nav"); the new URL
then re-renders the page. All figures, tables and words come from dashboard.views.build_view.
"""

from __future__ import annotations

from typing import Any, Mapping

import dash
from dash import Input, Output, callback, clientside_callback, dcc, html, no_update

from dashboard.briefing.link import briefing_link
from dashboard.components.controls import FORM_ID, controls_form
from dashboard.components.figure_block import GRAPH_CONFIG
from dashboard.components.notice import notice
from dashboard.components.share import share_panel
from dashboard.components.shell import support_box
from dashboard.components.table import figures_table
from dashboard.data.load import Store
from dashboard.state import parse, to_query
from dashboard.views import View, build_view
from dashboard.web import context

dash.register_page(__name__, path="/explore", title="Explore the figures - UK maternal outcome statistics",
                   description="Chart, table and plain-English summary of any published figure, with its source.")

PATH = "/explore"
_RESETS = {"ind": ("all",), "variant": ("all",), "by": ("groups", "from", "to")}
_KEEP_ON_RESET = ("ci",)


def _as_lists(query: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in query.items():
        vals = v if isinstance(v, (list, tuple)) else [v]
        out[str(k)] = [str(x) for x in vals if x is not None]
    return out


def form_query(fields: Mapping[str, Any], changed: str | None, store: Store) -> str:
    """The canonical query string for the form's fields after one control changed (pure)."""
    q = _as_lists(fields if isinstance(fields, Mapping) else {})
    if changed == "variant" and q.get("variant"):
        q["ind"] = q["variant"][:1]
    q.pop("variant", None)
    resets = _RESETS.get(changed or "", ())
    if "all" in resets:
        q = {k: v for k, v in q.items() if k in ("ind", *_KEEP_ON_RESET)}
    else:
        for k in resets:
            q.pop(k, None)
    if "groups" in q:
        q["groups"] = ["|".join(q["groups"])]
    q["ci"] = ["1" if q.get("ci") else "0"]
    state, _notices = parse(q, store)
    return to_query(state, store)


def href_for(query: str) -> str:
    return dash.get_relative_path(PATH) + (f"?{query}" if query else "")


@callback(Output("explore-nav", "href"), Input("explore-form-data", "data"), prevent_initial_call=True)
def on_form_change(data: Any) -> Any:
    """Thin: form fields in, canonical URL out (the URL change re-renders the page)."""
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return no_update
    return href_for(form_query(data["fields"], data.get("changed"), context.store()))


# Sends the form to the server on any change. Native controls only; focus returns to the control after
# the page re-renders. Installed once; it never touches Dash internals beyond dash_clientside.set_props.
clientside_callback(
    """
    function(formId) {
        var w = window;
        function collect(form, toggle) {
            var fields = {};
            function add(k, v) { (fields[k] = fields[k] || []).push(v); }
            form.querySelectorAll('select[name]').forEach(function (s) { if (s.value !== '') add(s.name, s.value); });
            form.querySelectorAll('button[data-name]').forEach(function (b) {
                var on = b.getAttribute('aria-pressed') === 'true';
                if (toggle && b.dataset.name === toggle.dataset.name) {
                    if (b === toggle) { on = b.dataset.exclusive ? true : !on; }
                    else if (toggle.dataset.exclusive) { on = false; }
                }
                if (on) add(b.dataset.name, b.dataset.value);
            });
            return fields;
        }
        function send(form, changed, toggle) {
            w.__exploreFocus = document.activeElement && document.activeElement.id;
            w.dash_clientside.set_props('explore-form-data',
                {data: {fields: collect(form, toggle), changed: changed, t: Date.now()}});
        }
        if (!w.__exploreInstalled) {
            w.__exploreInstalled = true;
            document.addEventListener('change', function (ev) {
                var t = ev.target, form = t && t.form;
                if (form && form.id === 'explore-form') { send(form, t.name, null); }
            }, true);
            document.addEventListener('click', function (ev) {
                var b = ev.target && ev.target.closest && ev.target.closest('button[data-name]');
                if (b && b.form && b.form.id === 'explore-form') { ev.preventDefault(); send(b.form, b.dataset.name, b); }
            }, true);
            document.addEventListener('submit', function (ev) {
                if (ev.target && ev.target.id === 'explore-form') { ev.preventDefault(); send(ev.target, null, null); }
            }, true);
        }
        if (w.__exploreFocus) {
            var id = w.__exploreFocus; w.__exploreFocus = null;
            setTimeout(function () { var el = document.getElementById(id); if (el) { el.focus(); } }, 0);
        }
        return w.dash_clientside.no_update;
    }
    """,
    Output("explore-js", "data"),
    Input(FORM_ID, "id"),
)


def _sources(view: View) -> html.Div:
    items = []
    for s in view.sources:
        item: list = [html.A(s.publication, href=s.url, rel="noopener")]
        if s.quality == "secondary" and s.quality_source:
            item += [" ", html.Strong(f"Reported by {s.quality_source}: not yet checked against the original",
                                      className="flag-secondary")]
        items.append(html.Li(item))
    return html.Div([html.H3("Sources", id="explore-sources-title"), html.Ul(items, className="source-list")],
                    className="source", id="explore-sources")


def view_panel(view: View) -> html.Div:
    """The chart, its words, its table and its sources (pure: a View in, components out)."""
    parts: list = [
        html.H2(view.title, id="explore-title"),
        html.P(view.subtitle, className="subtitle", id="explore-subtitle"),
    ]
    if view.secondary:
        parts.append(html.P([html.Strong("Secondary source: ", className="flag-secondary"),
                             f"some figures here were read on pages by {'; '.join(view.secondary)}. "
                             "They are flagged in the table."], className="secondary-note", id="explore-secondary"))
    parts += [
        html.Div(dcc.Graph(id="explore-chart", figure=view.figure, config=GRAPH_CONFIG, className="chart"),
                 role="img", **{"aria-label": view.alt_text}, className="chart-wrap"),
        html.Div([html.P(s) for s in view.summary] + [html.P(line, className="source-line") for line in view.source_lines[:1]],
                 id="explore-summary", className="summary", **{"aria-live": "polite"}),
        html.Details([html.Summary("Show the figures as a table"),
                      figures_table(view.table_df, view.shown, view.table_caption, table_id="explore-table")],
                     className="table-toggle", id="explore-table-toggle"),
    ]
    if view.caveats:
        parts.append(html.Div([html.H3("Things to know"), html.Ul([html.Li(c) for c in view.caveats])],
                              className="caveats", id="explore-caveats"))
    parts.append(_sources(view))
    if view.sensitive:
        parts.append(support_box())
    parts.append(html.P(["Link to this view: ", html.A(href_for(view.query), href=href_for(view.query),
                                                       id="explore-permalink")], className="permalink"))
    # Share (images, alt text, CSV, copy link, embed, how to cite) and "Brief me on this view".
    parts.append(html.Div(share_panel(view.state, view, context.settings()), id="share-panel",
                          className="share-panel", **{"data-query": view.query}))
    parts.append(html.Div(briefing_link(view.state, context.store()), id="briefing-link", className="briefing-link",
                          **{"data-query": view.query}))
    return html.Div(parts, id="explore-view", className="explore-view")


def layout(**query: Any) -> html.Div:
    store = context.store()
    state, notices = parse(_as_lists(query), store)
    view = build_view(store, state)
    return html.Div([
        dcc.Location(id="explore-nav", refresh="callback-nav"),
        dcc.Store(id="explore-form-data"),
        dcc.Store(id="explore-js"),
        html.H1("Explore the figures"),
        html.P("Choose an indicator and how to break it down. The chart, the table and the words below change "
               "together, and the address of this page always links back to what you see.", className="intro"),
        notice(list(notices) + list(view.notices), "explore-notice"),
        html.Div([
            html.Div(controls_form(store, view.state), className="explore-controls", key=view.query or "default"),
            view_panel(view),
        ], className="explore-grid"),
    ])
