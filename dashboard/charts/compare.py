"""Groups in one period: a dot per group with its 95% CI as whiskers, labelled directly; ratios against a line at 1.

Horizontal layout (groups down the side) so long group names stay readable on a 320 px phone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import TEXT, assign_styles, base_layout, wrap_label
from dashboard.data.catalogue import Indicator


def _fmt(v: float, decimals: int) -> str:
    return f"{v:,.{decimals}f}"


def _wrap(label: str, width: int = 22) -> str:
    """Break a long group label over lines (<br>) so the axis stays narrow on phones."""
    return wrap_label(label, width)


def build_compare(df: pd.DataFrame, ind: Indicator, show_ci: bool = True, reference_line: float | None = None,
                  height: int | None = None) -> go.Figure:
    """One dot per group (rows of df, one period), CI whiskers, value written beside each dot."""
    rows = df[df["value"].notna()].reset_index(drop=True)
    n = max(len(rows), 1)
    layout = base_layout(height or max(220, 90 + 70 * n))
    fig = go.Figure()
    labels = [_wrap(str(g)) for g in rows["group"]]
    styles = assign_styles([str(g) for g in rows["group"]])
    for pos, r in enumerate(rows.to_dict("records")):
        colour, symbol, _dash = styles[str(r["group"])]
        value = float(r["value"])
        has_ci = show_ci and pd.notna(r["ci_lower"]) and pd.notna(r["ci_upper"])
        error_x = None
        if has_ci:
            error_x = {"type": "data", "symmetric": False, "array": [float(r["ci_upper"]) - value],
                       "arrayminus": [value - float(r["ci_lower"])], "color": colour, "thickness": 2, "width": 8}
        ci = (f"95% CI {_fmt(r['ci_lower'], ind.decimals)} to {_fmt(r['ci_upper'], ind.decimals)}"
              if pd.notna(r["ci_lower"]) else "no confidence interval published")
        label = _fmt(value, ind.decimals)
        fig.add_trace(go.Scatter(
            x=[value], y=[labels[pos]], mode="markers+text", name=str(r["group"]), error_x=error_x,
            marker={"symbol": symbol, "size": 13, "color": colour, "line": {"color": "white", "width": 1}},
            text=[label], textposition="top center", textfont={"color": TEXT, "size": 13},
            hovertext=[f"{r['group']}, {r['period']}: {label} {ind.unit}; {ci}"], hoverinfo="text",
        ))
    upper = [float(v) for v in rows["ci_upper"].dropna()] if show_ci else []
    top = max([float(v) for v in rows["value"]] + upper + [reference_line or 0] + [0]) or 1
    layout["xaxis"].update({"title": {"text": ind.unit}, "range": [0, top * 1.15], "showgrid": True,
                            "gridcolor": "#d9d9d9", "zeroline": True, "zerolinecolor": TEXT})
    layout["yaxis"].update({"type": "category", "categoryorder": "array", "categoryarray": labels[::-1],
                            "showgrid": False, "zeroline": False, "autorange": True})
    layout["margin"] = {"l": 8, "r": 24, "t": 40, "b": 56}
    fig.update_layout(**layout)
    if reference_line is not None:
        fig.add_vline(x=reference_line, line={"color": TEXT, "width": 2, "dash": "dash"})
        fig.add_annotation(x=reference_line, y=1, yref="paper", yanchor="bottom", text="1 = no difference",
                           showarrow=False, xanchor="left", xshift=4, font={"size": 12, "color": TEXT})
    return fig


def build_ratio(df: pd.DataFrame, ind: Indicator, show_ci: bool = True, height: int | None = None) -> go.Figure:
    """Rate ratios of groups in one period against a reference line at 1 (no difference)."""
    return build_compare(df, ind, show_ci=show_ci, reference_line=1.0, height=height)
