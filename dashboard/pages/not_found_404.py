"""A page that does not exist gets a plain message and a way back, never an error page."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", title="Page not found")


def layout(**_query: str) -> html.Div:
    return html.Div([
        html.H1("Page not found"),
        html.P(["There is no page at this address. ", dcc.Link("Go to the home page", href="/"), "."]),
    ])
