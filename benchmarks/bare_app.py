"""The baseline: a bare Dash app (one dropdown, one px.line graph and a line of text), as a tutorial would write
it, on the same Dash and Plotly versions as the dashboard. Set BARE_COMPRESS=1 for Dash's `compress=True`.

    gunicorn benchmarks.bare_app:server -w 2 -b 127.0.0.1:8060 --no-control-socket --pid /tmp/bare.pid
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

DATA = pd.DataFrame({
    "year": list(range(2015, 2023)) * 2,
    "group": ["A"] * 8 + ["B"] * 8,
    "rate": [20, 21, 19, 22, 23, 25, 24, 22, 10, 11, 9, 12, 13, 15, 18, 14],
})

app = Dash(__name__, compress=os.environ.get("BARE_COMPRESS") == "1")
app.layout = html.Div([
    html.H1("Bare Dash app"),
    dcc.Dropdown(id="group-dd", options=["A", "B"], value="A", clearable=False),
    dcc.Graph(id="chart"),
    html.P(id="summary"),
])
server = app.server


@app.callback(Output("chart", "figure"), Output("summary", "children"), Input("group-dd", "value"))
def update(group: str):
    df = DATA[DATA["group"] == group]
    fig = px.line(df, x="year", y="rate", title=f"Group {group}")
    return fig, f"Showing group {group}: latest rate {df['rate'].iloc[-1]}"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8060, debug=False)
