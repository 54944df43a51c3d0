"""/briefing: a one-page (A4) briefing for commissioners, printable from the browser and as a PDF.

/briefing shows the headline briefing; /briefing?<Explore view query> shows the same layout for one Explore
selection ("Brief me on this view"). The print stylesheet (assets/print.css) fits it on one A4 page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import html

from dashboard.briefing import recommendations
from dashboard.briefing.components import fact_lines, facts_table, gaps, permalink, recommendation_list, section_figure
from dashboard.briefing.content import Briefing, Section, build_briefing
from dashboard.briefing.view import build_view_briefing, is_view_query
from dashboard.components.shell import support_box
from dashboard.data.errors import DatasetError
from dashboard.data.query import LATEST
from dashboard.state import parse
from dashboard.web import context

dash.register_page(__name__, path="/briefing", title="Briefing: maternal deaths in the UK",
                   description="A one-page briefing on maternal deaths in the UK, with sources and uncertainty.")


def _section(s: Section, index: int) -> html.Section:
    sid = f"briefing-{s.key}"
    parts: list = [html.H2(s.title, id=f"{sid}-title"), *[html.P(t) for t in s.sentences]]
    if s.figure is not None:
        parts.append(section_figure(s.figure, sid, s.title, s.figure_summary))
    if s.facts:
        parts.append(facts_table(s.facts, f"{s.title}: the figures, with their intervals and sources",
                                 table_id=f"{sid}-table"))
        parts.append(fact_lines(s.facts))
    note = gaps(s.gaps)
    if note is not None:
        parts.append(note)
    parts.append(permalink(s.permalink, "Open this in Explore"))
    return html.Section(parts, id=sid, className=f"briefing-section briefing-{s.key}",
                        **{"aria-labelledby": f"{sid}-title"})


def render(b: Briefing, pdf_href: str, notices: list[str] | None = None, rec_error: str | None = None) -> html.Article:
    header = html.Header([
        html.H1(b.title),
        html.P([html.Strong("Data edition: "), f"figures published up to {b.edition_words}",
                f" (newest source: {b.newest_publication})" if b.newest_publication else "",
                f". Briefing made on {b.made_on}."], className="briefing-meta"),
        permalink(b.permalink, "Permalink of this briefing"),
        html.P(["Print this page from your browser (it fits one A4 page), or ",
                html.A("download it as a PDF", href=pdf_href, className="briefing-pdf-link"), "."],
               className="briefing-actions"),
        *[html.P(n, className="notice", role="status") for n in notices or []],
    ], className="briefing-header")
    body: list = [_section(s, i) for i, s in enumerate(b.sections)]
    if b.recommendations or rec_error:
        body.append(html.Section([
            html.H2("What the reports recommend", id="briefing-recommendations-title"),
            html.P("Calls made by researchers, guidance and campaigners, in short; each names its source.")
            if not rec_error else html.P(rec_error, className="notice"),
            recommendation_list(b.recommendations, "briefing-recommendations-list"),
        ], id="briefing-recommendations", className="briefing-section briefing-recs",
            **{"aria-labelledby": "briefing-recommendations-title"}))
    footer = [html.P("Figures marked 'Reported by' were read on a secondary page that quotes the original publication. "
                     "This is an independent presentation of published figures, not a product of MBRRACE-UK or ONS.",
                     className="briefing-note")]
    if b.sensitive:
        footer.insert(0, support_box())
    kind = "briefing briefing-view" if len(b.sections) == 1 and b.sections[0].key == "view" else "briefing"
    return html.Article([header, html.Div(body, className="briefing-body"), *footer], className=kind, id="briefing")


def layout(**query: str) -> html.Article:
    store = context.store()
    settings = context.settings()
    q = {k: [v] for k, v in query.items() if isinstance(v, str)}
    state, notices = parse(q, store)
    rec_error = None
    if is_view_query(query):
        b = build_view_briefing(store, state, settings.public_url)
        pdf = "/briefing.pdf?" + b.permalink.split("?", 1)[1]
        return render(b, pdf, notices)
    try:
        recs = recommendations.load(settings.datasets)
    except DatasetError as exc:
        recs, rec_error = (), f"The list of recommendations could not be loaded: {exc.problems[0]}"
    b = build_briefing(store, recs, settings.public_url, state.edition)
    pdf = "/briefing.pdf" + (f"?{urlencode({'edition': state.edition})}" if state.edition != LATEST else "")
    return render(b, pdf, notices if "edition" in query else [], rec_error)
