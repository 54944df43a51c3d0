"""Dash components for briefings and the topic page, built from Facts, Sections and Recommendations."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.briefing.facts import SINGLE_PHRASES, Fact
from dashboard.briefing.recommendations import Recommendation

GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "doubleClick": False, "showTips": False,
                "responsive": True, "staticPlot": False}


def source_cell(f: Fact) -> list:
    out: list = [html.A(f.source.publication, href=f.source.url, rel="noopener"),
                 html.Span(f" ({f.source.locator})", className="locator")]
    if f.source.flag:
        out += [" ", html.Strong(f.source.flag, className="flag-secondary")]
    return out


def facts_table(facts: tuple[Fact, ...], caption: str, table_id: str | None = None) -> html.Div:
    head = ["Figure", "Period", "Value", "95% CI", "Count", "What we can say", "Source"]
    rows = []
    for f in facts:
        what = [f.significance] + ([" ", html.Span(f.note, className="fact-note")] if f.note else [])
        cells = [(f.period, "nowrap"), (f.value, "num fact-value"), (f.ci, "fact-ci"), (f.count or "–", "fact-count"),
                 (what, "fact-sig"), (source_cell(f), "fact-source")]
        rows.append(html.Tr([html.Th(f.label, scope="row")] + [
            html.Td(content, className=cls, **{"data-label": label}) for (content, cls), label in zip(cells, head[1:])
        ], **{"data-row-id": f.row_id}))
    extra = {"id": table_id} if table_id else {}
    table = html.Table([html.Caption(caption), html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                        html.Tbody(rows)], className="figures facts", **extra)
    return html.Div(table, className="table-wrap", tabIndex=0, role="region", **{"aria-label": caption})


def chart(fig: go.Figure, graph_id: str, label: str) -> html.Div:
    # The canvas is hidden from assistive technology: the summary and the table carry the same figures.
    return html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG, className="chart chart-small"),
                    role="img", **{"aria-label": label})


def permalink(url: str, label: str = "Permalink") -> html.P:
    return html.P([f"{label}: ", html.A(url, href=url, className="permalink")], className="permalink-line")


def recommendation_list(recs: tuple[Recommendation, ...], list_id: str | None = None) -> html.Ul:
    items = []
    for r in recs:
        items.append(html.Li([
            html.Strong(f"{r.theme_label}: "), r.text, " ",
            html.Span(["(", html.Span(f"{r.by}; ", className="rec-by"),
                       html.A(r.publication, href=r.url, rel="noopener"),
                       html.Span(f", {r.locator}", className="rec-locator"), ")"], className="attribution"),
        ], **{"data-recommendation": r.id}))
    extra = {"id": list_id} if list_id else {}
    return html.Ul(items, className="recommendations", **extra)


def gaps(notes: tuple[str, ...]) -> html.Div | None:
    if not notes:
        return None
    return html.Div([html.P(n) for n in notes], className="gap-note")


def fact_line(f: Fact) -> list:
    """One fact as a compact line (used by the printed briefing): value, CI, count, period, significance, source."""
    details = [f.ci.replace("no confidence interval published", "no CI published").replace("95% CI ", "95% CI ")]
    if f.count:
        details.append(f.count)
    when = "" if f.label.endswith(f.period) else f", {f.period}"
    sig = "" if f.significance in SINGLE_PHRASES else f" {f.significance}"
    out: list = [html.Strong(f"{f.label}: "), f"{f.value} ({'; '.join(details)}){when}.{sig} Source: ",
                 html.A(f.source.publication, href=f.source.url, rel="noopener")]
    if f.source.flag:
        out += [" ", html.Strong(f.source.flag, className="flag-secondary")]
    return out + ["."]


def fact_lines(facts: tuple[Fact, ...]) -> html.Ul:
    """The printed form of a facts table (hidden on screen, where the table shows the same figures)."""
    return html.Ul([html.Li(fact_line(f)) for f in facts], className="fact-lines")


def section_figure(fig: go.Figure, sid: str, title: str, summary: str) -> html.Figure:
    """A section's chart with its text summary as the caption (the summary carries the same information)."""
    return html.Figure([
        chart(fig, f"{sid}-chart", f"Chart: {title}. {summary}"),
        html.Figcaption(summary, className="figure-summary"),
    ], className="briefing-figure")
