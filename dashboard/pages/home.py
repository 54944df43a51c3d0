"""Home: the headline trend without touching a filter."""

from __future__ import annotations

import dash
from dash import html

from dashboard.charts.trend import build_trend
from dashboard.components.figure_block import figure_block
from dashboard.components.table import figures_table
from dashboard.data.query import Selection, series
from dashboard.text.explain import figure_sentence, precision_sentence, source_line
from dashboard.web import context

dash.register_page(__name__, path="/", title="UK maternal outcome statistics",
                   description="How many women die during pregnancy or soon after in the UK, with sources and uncertainty.")

INDICATOR = "maternal_mortality_rate"


def layout(**_query: str) -> html.Div:
    store = context.store()
    ind = store.catalogue.indicator(INDICATOR)
    df = series(store, Selection(INDICATOR, "overall", period_from="2009-11"))
    latest = df.iloc[-1].to_dict()
    first, last = df["period"].iloc[0], df["period"].iloc[-1]
    block = figure_block(
        "headline",
        title=ind.plain_title,
        subtitle=f"{ind.title}, {ind.unit}, {ind.geography}, {first} to {last}",
        summary=[html.P(figure_sentence(latest, ind), className="lead"), html.P(precision_sentence(latest, ind))],
        fig=build_trend(df, ind),
        table=figures_table(df, ind, f"{ind.title}, {ind.unit}, by period", table_id="headline-table"),
        source=[source_line(latest), " ", html.A("Open the publication", href=latest["source_url"], rel="noopener")],
    )
    return html.Div([
        html.H1("Maternal deaths in the UK"),
        html.P("Published figures from the UK's confidential enquiries into maternal deaths, with their sources "
               "and how sure we can be of them.", className="intro"),
        block,
    ])
