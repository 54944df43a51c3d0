"""A chart block: title, generated summary (announced), the chart, its table one tap away, and the source."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "doubleClick": False, "showTips": False,
                "responsive": True}


def graph(fig: go.Figure, graph_id: str, label: str) -> html.Div:
    # The canvas is hidden from screen readers: the summary and the table carry the same information.
    return html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG, className="chart"),
                    role="img", **{"aria-label": label})


def figure_block(block_id: str, title: str, subtitle: str, summary: list, fig: go.Figure, table: html.Div,
                 source: list) -> html.Section:
    return html.Section([
        html.H2(title, id=f"{block_id}-title"),
        html.P(subtitle, className="subtitle"),
        html.Div(summary, id=f"{block_id}-summary", className="summary", **{"aria-live": "polite"}),
        graph(fig, f"{block_id}-chart", f"Chart: {title}. The figures are in the table below."),
        html.Details([html.Summary("Show the figures as a table"), table], className="table-toggle"),
        html.P(source, className="source"),
    ], className="figure-block", **{"aria-labelledby": f"{block_id}-title"})
