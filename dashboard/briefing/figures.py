"""Small Plotly figures for the briefing and the topic page (pure: rows in, go.Figure out).

Every figure carries its source (and, for sensitive topics, where to get support) inside the image, so a
screenshot or an exported image keeps them. Values are written on the marks, so colour is never the only cue.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.briefing.facts import number, present
from dashboard.charts.theme import PALETTE, TEXT, base_layout, wrap_lines
from dashboard.data.catalogue import Indicator
from dashboard.data.query import period_end, period_start

LABEL_WIDTH = 128  # px for the wrapped category labels of paired_bars
SUPPORT_LINE = "If this topic affects you: Samaritans, free, any time, 116 123."


def rolling_axis(periods: list[str]) -> list[str]:
    """Every three-year period from the first to the last, so a missing period shows as a gap."""
    if not periods:
        return []
    starts = sorted({period_start(p) for p in periods})
    if not all(len(p) == 7 and period_end(p) - period_start(p) == 2 for p in periods):
        return sorted(set(periods), key=lambda p: (period_start(p), period_end(p)))
    return [f"{y}-{str(y + 2)[2:]}" for y in range(starts[0], starts[-1] + 1)]


def wrap(text: str, width: int = 52) -> list[str]:
    """Break a note into lines of at most `width` characters, so it fits a 320 px phone."""
    return wrap_lines(text, width)


def _notes(fig: go.Figure, lines: list[str], top: bool, xshift: int = 0) -> None:
    """Source and support lines inside the image: above the plot (top) or below the x-axis title."""
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=1 if top else 0, xshift=xshift,
                       yshift=10 if top else -66, xanchor="left", yanchor="bottom" if top else "top",
                       showarrow=False, align="left", font={"size": 11, "color": TEXT})


def _note_lines(source: str, sensitive: bool) -> list[str]:
    return wrap(source) + (wrap(SUPPORT_LINE) if sensitive else [])


def _layout(height: int, top_lines: int = 0, bottom_lines: int = 0) -> dict:
    layout = base_layout(height + 15 * (top_lines + bottom_lines))
    layout["margin"] = {"l": 56, "r": 24, "t": 24 + 15 * top_lines, "b": 70 + 15 * bottom_lines}
    return layout


def gap_series(df: pd.DataFrame, ind: Indicator, source: str, sensitive: bool, height: int = 260) -> go.Figure:
    """One line over every period from first to last; periods with no published figure stay empty (a gap)."""
    axis = rolling_axis(df["period"].tolist())
    by_period = {r["period"]: r for r in df.to_dict("records")}
    y = [float(by_period[p]["value"]) if p in by_period else None for p in axis]
    labels = [with_label(by_period[p], ind) if p in by_period else "" for p in axis]
    hover = [f"{p}: {lab}" if lab else f"{p}: not published" for p, lab in zip(axis, labels)]
    fig = go.Figure(go.Scatter(
        x=axis, y=y, mode="lines+markers+text", connectgaps=False, text=labels, textposition="top center",
        line={"color": PALETTE[0], "width": 3}, marker={"size": 9, "color": PALETTE[0], "symbol": "circle"},
        hovertext=hover, hoverinfo="text", cliponaxis=False, name=ind.title))
    lines = _note_lines(source, sensitive)
    layout = _layout(height, top_lines=len(lines))
    layout["xaxis"].update({"type": "category", "categoryorder": "array", "categoryarray": axis,
                            "title": {"text": "Period"}})
    top = max((v for v in y if v is not None), default=1)
    layout["yaxis"].update({"title": {"text": ind.unit}, "rangemode": "tozero", "range": [0, top * 1.25]})
    fig.update_layout(**layout)
    _notes(fig, lines, top=True)
    return fig


def with_label(row: dict, ind: Indicator) -> str:
    v = float(row["value"])
    text = (f"{v:,.{ind.decimals}f}" if ind.measure == "rate" else number(v, ind.decimals)) + (
        "%" if ind.measure == "percent" else "")
    return text + ("*" if row.get("quality") == "secondary" else "")


def paired_bars(df: pd.DataFrame, ind: Indicator, order: list[str], names: dict[str, str], source: str,
                sensitive: bool, height: int | None = None) -> go.Figure:
    """Horizontal bars per characteristic, one bar per breakdown (e.g. with and without involvement).

    A missing value is left empty and labelled 'not published' rather than drawn as zero.
    """
    cats = list(dict.fromkeys(df["group"].tolist()))
    labels = {c: "<br>".join(wrap(c, 18)) for c in cats}
    fig = go.Figure()
    patterns = ("", "/")
    for pos, breakdown in enumerate(order):
        sub = {r["group"]: r for r in df[df["breakdown"] == breakdown].to_dict("records")}
        xs = [float(sub[c]["value"]) if c in sub else None for c in cats]
        text = [with_label(sub[c], ind) if c in sub else "not published" for c in cats]
        fig.add_trace(go.Bar(
            y=[labels[c] for c in cats], x=[x if x is not None else 0 for x in xs], orientation="h", name=names[breakdown], text=text,
            textposition="outside", cliponaxis=False, marker={"color": PALETTE[pos], "pattern": {"shape": patterns[pos % 2]},
                                                              "line": {"color": TEXT, "width": 0.5}},
            hovertemplate="%{y}: %{text}<extra>" + names[breakdown] + "</extra>"))
    lines = _note_lines(source, sensitive)
    layout = _layout(height or 140 + 56 * len(cats), bottom_lines=len(lines))
    layout.update({"barmode": "group", "showlegend": True,
                   "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"}})
    layout["margin"]["t"] = 48
    layout["xaxis"].update({"title": {"text": "Percent of women"}, "rangemode": "tozero", "range": [0, 115]})
    # a fixed label column (labels wrapped to fit), so the notes can start at the image's left edge
    layout["margin"]["l"] = LABEL_WIDTH
    layout["yaxis"].update({"autorange": "reversed", "zeroline": False, "gridcolor": "white", "automargin": False,
                            "tickfont": {"size": 12}})
    fig.update_layout(**layout)
    _notes(fig, lines, top=False, xshift=-(LABEL_WIDTH - 4))
    return fig


def has_ci(df: pd.DataFrame) -> bool:
    return any(present(v) for v in df.get("ci_lower", []))
