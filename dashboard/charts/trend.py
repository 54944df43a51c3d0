"""Trend over periods: a line per group, CI as a light band, gaps drawn as gaps, labels at the line ends.

Annotations: periods touched by COVID-19 (2020-21), and ONS's 'Definition differs' periods.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import CI_FILL_ALPHA, TEXT, assign_styles, base_layout, rgba, wrap_label
from dashboard.data.catalogue import Indicator
from dashboard.data.query import period_end, period_start

COVID_YEARS = (2020, 2021)
DEFINITION_DIFFERS = "Definition differs"


def _fmt(v: float, decimals: int) -> str:
    return f"{v:,.{decimals}f}"


def _full_axis(periods: list[str]) -> list[str]:
    """Category axis in period order, so a missing period shows as a gap, not a join."""
    return sorted(set(periods), key=lambda p: (period_start(p), period_end(p)))


def covid_periods(periods: list[str]) -> list[str]:
    """Periods that include a COVID-19 pandemic year (2020 or 2021)."""
    return [p for p in periods if period_start(p) <= max(COVID_YEARS) and period_end(p) >= min(COVID_YEARS)]


def definition_differs_periods(df: pd.DataFrame) -> list[str]:
    """Periods ONS marks 'Definition differs' (observation status in the source file)."""
    if "obs_status" not in df:
        return []
    flagged = df[df["obs_status"].fillna("") == DEFINITION_DIFFERS]["period"].tolist()
    return _full_axis(flagged) if flagged else []


def _band(fig: go.Figure, axis: list[str], periods: list[str], text: str, fill: str, at_end: bool = False) -> None:
    idx = [axis.index(p) for p in periods if p in axis]
    if not idx:
        return
    fig.add_shape(type="rect", xref="x", yref="paper", x0=min(idx) - 0.45, x1=max(idx) + 0.45, y0=0, y1=1,
                  fillcolor=fill, line={"width": 0}, layer="below")
    # Labels sit at the outer ends of their bands so two adjacent bands never print over each other.
    x = max(idx) + 0.45 if at_end else min(idx) - 0.45
    fig.add_annotation(x=x, xref="x", xanchor="right" if at_end else "left", y=1, yref="paper", yanchor="bottom",
                       yshift=0 if at_end else 16, text=text, showarrow=False, font={"size": 12, "color": TEXT},
                       align="left")


def _spread(labels: list[dict], top: float, height: int) -> list[dict]:
    """Move end-of-line labels apart vertically so they never print over each other (order kept)."""
    if len(labels) < 2 or top <= 0:
        return labels
    per_px = (top * 1.08) / max(height - 220, 100)  # plot area after margins and rotated ticks
    out = sorted(labels, key=lambda lab: lab["y"])
    for below, above in zip(out, out[1:]):
        need = per_px * 15 * (below["text"].count("<br>") + above["text"].count("<br>") + 2) / 2
        if above["y"] - below["y"] < need:
            above["y"] = below["y"] + need
    return out


def _label(group: str, width: int = 16) -> str:
    return wrap_label(group, width)


def build_trend(df: pd.DataFrame, ind: Indicator, show_ci: bool = True, height: int = 420,
                annotate: bool = True, reference_line: float | None = None) -> go.Figure:
    fig = go.Figure()
    layout = base_layout(height)
    axis = _full_axis(df["period"].tolist())
    groups = list(dict.fromkeys(df["group"].tolist()))
    labels: list[dict] = []
    top = 0.0
    styles = assign_styles(groups)
    nan = float("nan")

    def num(v) -> float:
        return nan if v is None or pd.isna(v) else float(v)

    by_group: dict[str, dict[str, dict]] = {}
    for r in df[["group", "period", "value", "ci_lower", "ci_upper"]].to_dict("records"):
        by_group.setdefault(r["group"], {}).setdefault(r["period"], r)
    for group in groups:
        rows = [by_group[group].get(p, {}) for p in axis]
        colour, symbol, dash = styles[group]
        y = [num(r.get("value")) for r in rows]
        lo = [num(r.get("ci_lower")) for r in rows]
        hi = [num(r.get("ci_upper")) for r in rows]
        present = [not math.isnan(v) for v in y]
        has_ci = [not (math.isnan(a) or math.isnan(b)) for a, b in zip(lo, hi)]
        full_band = all(c for c, p in zip(has_ci, present) if p) and sum(has_ci) > 1
        error_y = None
        if show_ci and any(has_ci) and not full_band:
            # Partial CI coverage: whiskers on the points that have one (a band would draw wedges over gaps).
            error_y = {"type": "data", "symmetric": False, "color": colour, "thickness": 1.5, "width": 5,
                       "array": [b - v for b, v in zip(hi, y)], "arrayminus": [v - a for a, v in zip(lo, y)]}
        if show_ci and full_band:
            fig.add_trace(go.Scatter(x=axis, y=hi, mode="lines", line={"width": 0}, hoverinfo="skip",
                                     showlegend=False, connectgaps=False, name=f"{group} upper"))
            fig.add_trace(go.Scatter(x=axis, y=lo, mode="lines", line={"width": 0}, fill="tonexty",
                                     fillcolor=rgba(colour, CI_FILL_ALPHA), hoverinfo="skip", showlegend=False,
                                     connectgaps=False, name=f"{group} 95% CI"))
        hover = []
        for period, v, a, b, c in zip(axis, y, lo, hi, has_ci):
            if math.isnan(v):
                hover.append("")
                continue
            ci = (f"<br>95% CI {_fmt(a, ind.decimals)} to {_fmt(b, ind.decimals)}" if c
                  else "<br>No confidence interval published")
            hover.append(f"{group}, {period}: {_fmt(v, ind.decimals)} {ind.unit}{ci}")
        fig.add_trace(go.Scatter(
            x=axis, y=y, mode="lines+markers", name=group, connectgaps=False,
            line={"color": colour, "width": 3, "dash": dash},
            marker={"symbol": symbol, "size": 9, "color": colour, "line": {"color": "white", "width": 1}},
            hovertext=hover, hoverinfo="text", error_y=error_y,
        ))
        last = max((i for i, p in enumerate(present) if p), default=None)
        if last is not None and len(groups) > 1:
            labels.append({"x": axis[last], "y": y[last], "text": _label(group), "colour": colour})
        top = max([top] + [v for v in y if not math.isnan(v)] + ([v for v in hi if not math.isnan(v)] if show_ci else []))
    for lab in _spread(labels, top, height):
        fig.add_annotation(x=lab["x"], y=lab["y"], text=lab["text"], showarrow=False, xanchor="left", xshift=8,
                           font={"color": lab["colour"], "size": 12}, align="left")
    rolling = ind.period_type == "rolling-3-year"
    layout["xaxis"].update({"type": "category", "categoryorder": "array", "categoryarray": axis,
                            "title": {"text": "Rolling three-year period" if rolling else "Year"}})
    layout["yaxis"].update({"title": {"text": ind.unit}, "rangemode": "tozero"})
    if len(groups) > 1:
        longest = max(len(line) for g in groups for line in _label(g).split("<br>"))
        layout["margin"]["r"] = min(24 + 7 * longest, 140)
    if annotate:
        layout["margin"]["t"] = 56
    fig.update_layout(**layout)
    if annotate and len(axis) > 1:
        covid = covid_periods(axis)
        if covid:
            _band(fig, axis, covid, "COVID-19 years", "rgba(61,61,61,0.08)", at_end=True)
        differs = definition_differs_periods(df)
        if differs and len(differs) < len(axis):
            _band(fig, axis, differs, "ONS: definition differs", "rgba(18,67,109,0.05)")
    if reference_line is not None:
        fig.add_hline(y=reference_line, line={"color": TEXT, "width": 2, "dash": "dash"})
    return fig
