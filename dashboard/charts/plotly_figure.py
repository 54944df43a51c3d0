"""A chart spec drawn as a plotly figure (a plain dict for dcc.Graph), for Explore's interactive chart. Pure.

The same spec the server draws as SVG (dashboard.charts.svg), so both plot the same points, intervals and labels:
- TREND: a line per group at the periods' midpoints; a gap (None) between segments, as the SVG leaves one; the
  period axis zooms (drag) and resets (double-click); the value axis stays fixed. Its margins are fixed
  (trend_margin), so a change is drawn in one pass.
- DOTS: the groups of one period, a dot each with its interval as a horizontal whisker; a reference line at 1 for
  ratios.
- BARS: horizontal bars per category, one trace per series.
Hovering on a mark shows the mark's own tooltip (group, period, value with unit, interval and who calculated it)
and, when given, `details` for that mark (count, tier): lines written by the model, never here. The legend lists
the groups; clicking one hides or shows it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from html import escape
from typing import Any

from dashboard.charts.spec import BARS, DOTS, TREND, Chart, Mark
from dashboard.charts.theme import DASHES, FONT, GRID, PALETTE, SYMBOLS, TEXT

Details = Mapping[tuple[str, str], tuple[str, ...]]   # (series or category, period) -> extra hover lines
HOVER_WIDTH = 44                                      # characters per hover line: the label fits a 320 px phone
CONFIG: dict[str, Any] = {                            # dcc.Graph's config: zoom and reset, nothing else
    "displaylogo": False, "responsive": True, "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage", "pan2d", "zoomIn2d", "zoomOut2d"],
}


def _tick_chars(top: float) -> int:
    """About how many characters plotly's longest value-axis tick label has when the axis reaches `top` ('40',
    '0.5', '1.5', '3000', '250k'); never fewer than plotly writes."""
    if top >= 10000:
        return len(f"{top / 1000:.0f}") + 1
    return len(f"{top:.0f}") if top >= 10 else 3


def trend_margin(chart: Chart) -> dict[str, int]:
    """Fixed margins for a trend chart, so plotly draws it in one pass (its automatic margins redraw the whole chart
    until the labels fit: about four times the work of a change on a phone). Left: the value axis's title and
    tick labels; bottom: the period labels, which plotly turns upright on a narrow chart, and the axis title."""
    tops = [v for s in chart.series for m in s.marks if _present(m) for v in (m.value, m.upper) if v is not None]
    top = max(tops + [r.value for r in chart.refs], default=1.0)
    return {"l": 36 + 9 * _tick_chars(top), "r": 32, "t": 40, "b": 96}


def _present(m: Mark) -> bool:
    return not (isinstance(m.value, float) and math.isnan(m.value))


def hover(m: Mark, name: str, details: Details | None) -> str:
    """The hover text of one mark: its tooltip, then the model's detail lines (escaped; each line wrapped to
    HOVER_WIDTH characters, lines joined by <br>)."""
    lines = (m.tooltip, *((details or {}).get((name, m.period), ())))
    return "<br>".join(escape(part, quote=False) for line in lines if line
                       for part in textwrap.wrap(line, HOVER_WIDTH, break_long_words=False))


def _errors(marks: list[Mark | None], show: bool) -> dict[str, Any] | None:
    if not show or not any(m is not None and m.lower is not None for m in marks):
        return None
    plus = [None if m is None or m.upper is None else m.upper - m.value for m in marks]
    minus = [None if m is None or m.lower is None else m.value - m.lower for m in marks]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 1.5, "width": 4}


def _style(style: int) -> dict[str, str]:
    i = style % len(PALETTE)
    return {"color": PALETTE[i], "symbol": SYMBOLS[i % len(SYMBOLS)], "dash": DASHES[i % len(DASHES)]}


def _trend_traces(chart: Chart, details: Details | None) -> list[dict[str, Any]]:
    traces = []
    for s in chart.series:
        runs = s.segments or (s.marks,)
        marks: list[Mark | None] = []
        for run in runs:
            if marks:
                marks.append(None)  # a gap: never join across a missing period or a change of period length
            marks.extend(m for m in run if _present(m))
        st = _style(s.style)
        err = _errors(marks, chart.show_ci)
        trace: dict[str, Any] = {
            "type": "scatter", "mode": "lines+markers", "name": s.name, "connectgaps": False,
            "x": [m.x if m else None for m in marks], "y": [m.value if m else None for m in marks],
            "text": [m.label if m else None for m in marks],
            "customdata": [hover(m, s.name, details) if m else None for m in marks],
            "hovertemplate": "%{customdata}<extra></extra>",
            "line": {"color": st["color"], "dash": st["dash"], "width": 2.5},
            "marker": {"color": st["color"], "symbol": st["symbol"], "size": 8},
        }
        if err:
            trace["error_y"] = {**err, "color": st["color"]}
        traces.append(trace)
    return traces


def _category_traces(chart: Chart, details: Details | None) -> list[dict[str, Any]]:
    """DOTS and BARS: per series, one mark per category it has a figure for, on a horizontal category axis; dots
    are markers with their intervals as horizontal whiskers, bars are bars."""
    traces = []
    for s in chart.series:
        pairs = [(c, m) for c, m in zip(chart.categories, s.marks) if _present(m)]
        st = _style(s.style)
        marks = [m for _, m in pairs]
        trace: dict[str, Any] = {
            "type": "scatter" if chart.kind == DOTS else "bar", "orientation": "h", "name": s.name,
            "x": [m.value for m in marks], "y": [c for c, _ in pairs], "text": [m.label for m in marks],
            "customdata": [hover(m, c, details) for c, m in pairs],
            "hovertemplate": "%{customdata}<extra></extra>", "marker": {"color": st["color"]},
        }
        if chart.kind == DOTS:
            trace["mode"] = "markers"
            trace["marker"] = {**trace["marker"], "symbol": st["symbol"], "size": 10}
            err = _errors(list(marks), chart.show_ci)
            if err:
                trace["error_x"] = {**err, "color": st["color"]}
        traces.append(trace)
    return traces


def figure(chart: Chart, details: Details | None = None) -> dict[str, Any]:
    """The plotly figure of a chart spec (JSON-ready)."""
    axis = {"gridcolor": GRID, "zeroline": False, "linecolor": TEXT, "ticks": "outside", "automargin": True}
    layout: dict[str, Any] = {
        "font": {"family": FONT, "color": TEXT, "size": 14}, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "margin": {"l": 8, "r": 32, "t": 40, "b": 8}, "hovermode": "closest", "dragmode": "zoom",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                   "itemclick": "toggle", "itemdoubleclick": "toggleothers"},
        "hoverlabel": {"align": "left", "namelength": -1, "bgcolor": "#ffffff", "font": {"color": TEXT}},
        "shapes": [], "annotations": [], "showlegend": True,
    }
    if chart.kind == TREND:
        traces = _trend_traces(chart, details)
        layout["showlegend"] = len(chart.series) > 1
        xs = [m.x for s in chart.series for m in s.marks if _present(m)] + [t.x for t in chart.ticks]
        xlo, xhi = min(xs) - 0.5, max(xs) + 0.5   # the SVG's range; the period axis zooms within it and resets to it
        layout["margin"] = trend_margin(chart)
        axis = {**axis, "automargin": False}
        layout["xaxis"] = {**axis, "title": {"text": chart.x_title}, "tickvals": [t.x for t in chart.ticks],
                           "ticktext": [t.label for t in chart.ticks], "tickangle": "auto", "fixedrange": False,
                           "range": [xlo, xhi]}
        layout["yaxis"] = {**axis, "title": {"text": chart.axis_title}, "fixedrange": True,
                           "rangemode": "tozero" if chart.zero else "normal"}
        for b in (b for b in chart.bands if b.x0 < xhi - 0.5 and b.x1 > xlo + 0.5):  # as the SVG: bands in range
            layout["shapes"].append({"type": "rect", "xref": "x", "yref": "paper", "x0": max(b.x0, xlo),
                                     "x1": min(b.x1, xhi), "y0": 0,
                                     "y1": 1, "fillcolor": "#505a5f", "opacity": 0.12, "line": {"width": 0},
                                     "layer": "below"})
            layout["annotations"].append({"x": (max(b.x0, xlo) + min(b.x1, xhi)) / 2, "y": 1, "xref": "x", "yref": "paper",
                                          "text": escape(b.label), "showarrow": False, "yanchor": "top"})
        for r in chart.refs:
            layout["shapes"].append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": r.value,
                                     "y1": r.value, "line": {"color": TEXT, "dash": "dot", "width": 1.5}})
            layout["annotations"].append({"x": 0, "y": r.value, "xref": "paper", "yref": "y", "xanchor": "left",
                                          "yanchor": "bottom", "text": escape(r.label), "showarrow": False})
    elif chart.kind in (DOTS, BARS):
        traces = _category_traces(chart, details)
        layout["xaxis"] = {**axis, "title": {"text": chart.axis_title}, "fixedrange": True,
                           "rangemode": "tozero" if chart.zero or chart.kind == BARS else "normal"}
        if chart.percent_axis:
            layout["xaxis"]["range"] = [0, 100]
        layout["yaxis"] = {**axis, "autorange": "reversed", "fixedrange": True, "categoryorder": "array",
                           "categoryarray": list(chart.categories)}
        layout["showlegend"] = len(chart.series) > 1
        for r in chart.refs:
            layout["shapes"].append({"type": "line", "xref": "x", "yref": "paper", "x0": r.value, "x1": r.value,
                                     "y0": 0, "y1": 1, "line": {"color": TEXT, "dash": "dot", "width": 1.5}})
            layout["annotations"].append({"x": r.value, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
                                          "text": escape(r.label), "showarrow": False})
    else:
        traces = []
        layout["xaxis"] = {"visible": False}
        layout["yaxis"] = {"visible": False}
        layout["annotations"].append({"text": escape(chart.alt or "No published figures for this choice."),
                                      "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5})
    return {"data": traces, "layout": layout}
