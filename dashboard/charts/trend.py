"""Trend over periods: a line per group, CI as a light band, gaps drawn as gaps, labels at the line ends."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import CI_FILL_ALPHA, base_layout, rgba, style_for
from dashboard.data.catalogue import Indicator
from dashboard.data.query import period_start


def _fmt(v: float, decimals: int) -> str:
    return f"{v:,.{decimals}f}"


def _full_axis(periods: list[str]) -> list[str]:
    """Category axis in period order, so a missing period shows as a gap, not a join."""
    return sorted(set(periods), key=period_start)


def build_trend(df: pd.DataFrame, ind: Indicator, show_ci: bool = True, height: int = 420) -> go.Figure:
    fig = go.Figure()
    layout = base_layout(height)
    axis = _full_axis(df["period"].tolist())
    groups = list(dict.fromkeys(df["group"].tolist()))
    for pos, group in enumerate(groups):
        g = df[df["group"] == group].set_index("period").reindex(axis)
        colour, symbol, dash = style_for(group, pos)
        y = g["value"].astype("float64")
        if show_ci and g["ci_lower"].notna().any():
            lo, hi = g["ci_lower"].astype("float64"), g["ci_upper"].astype("float64")
            fig.add_trace(go.Scatter(x=axis, y=hi, mode="lines", line={"width": 0}, hoverinfo="skip",
                                     showlegend=False, connectgaps=False, name=f"{group} upper"))
            fig.add_trace(go.Scatter(x=axis, y=lo, mode="lines", line={"width": 0}, fill="tonexty",
                                     fillcolor=rgba(colour, CI_FILL_ALPHA), hoverinfo="skip", showlegend=False,
                                     connectgaps=False, name=f"{group} 95% CI"))
        hover = []
        for period, row in g.iterrows():
            if pd.isna(row["value"]):
                hover.append("")
                continue
            ci = (f"<br>95% CI {_fmt(row['ci_lower'], ind.decimals)} to {_fmt(row['ci_upper'], ind.decimals)}"
                  if pd.notna(row["ci_lower"]) else "<br>No confidence interval published")
            hover.append(f"{group}, {period}: {_fmt(row['value'], ind.decimals)} {ind.unit}{ci}")
        fig.add_trace(go.Scatter(
            x=axis, y=y, mode="lines+markers", name=group, connectgaps=False,
            line={"color": colour, "width": 3, "dash": dash},
            marker={"symbol": symbol, "size": 9, "color": colour, "line": {"color": "white", "width": 1}},
            hovertext=hover, hoverinfo="text",
        ))
        last = y.last_valid_index()
        if last is not None and len(groups) > 1:
            fig.add_annotation(x=last, y=float(y[last]), text=group, showarrow=False, xanchor="left", xshift=8,
                               font={"color": colour, "size": 13})
    layout["xaxis"].update({"type": "category", "categoryorder": "array", "categoryarray": axis,
                            "title": {"text": "Period (rolling three-year periods overlap)" if ind.period_type == "rolling-3-year" else "Year"}})
    layout["yaxis"].update({"title": {"text": ind.unit}, "rangemode": "tozero"})
    if len(groups) > 1:
        layout["margin"]["r"] = 150
    fig.update_layout(**layout)
    return fig
