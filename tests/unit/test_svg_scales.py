"""Charts you can trust: every mark sits at the linear (or, for ratios, log) image of its value on the axis its
tick labels show, and the ticks cover the data (and include zero where the axis starts at zero). Property tests:
hypothesis draws the values; the positions are read back from the rendered SVG, not from the renderer's code."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.charts import svg
from dashboard.charts.spec import DOTS, TREND, Chart, Mark, RefLine, Series, Tick
from dashboard.charts.svg_scale import log_ticks, value_ticks
from tests.budget import examples

NS = "{http://www.w3.org/2000/svg}"
MOVE = re.compile(r"^M(-?[\d.]+) (-?[\d.]+)a([\d.]+) ")   # a circle marker: M(x - r) y a r r ...
values = st.floats(min_value=0.01, max_value=5000, allow_nan=False, allow_infinity=False)
ratios = st.floats(min_value=0.05, max_value=20, allow_nan=False, allow_infinity=False)


# ---------------------------------------------------------------- ticks


@settings(max_examples=examples(300), deadline=None)
@given(a=st.floats(min_value=-1e4, max_value=1e5, allow_nan=False), b=st.floats(min_value=-1e4, max_value=1e5,
       allow_nan=False), zero=st.booleans())
def test_ticks_cover_the_data_and_include_zero_when_the_axis_starts_at_zero(a, b, zero):
    lo, hi = min(a, b), max(a, b)
    t = value_ticks(lo, hi, zero)
    tol = 1e-6 * max(1.0, hi - lo)                      # the tick search rounds within a millionth of the span
    assert t[0] <= lo + tol and t[-1] >= hi - tol
    assert all(x < y for x, y in pairwise(t))
    steps = [y - x for x, y in pairwise(t)]
    # evenly spaced (ticks are rounded to 10 decimal places, so steps agree to about 1e-10)
    assert max(steps) - min(steps) <= 3e-10 + 1e-9 * max(abs(t[0]), abs(t[-1]))
    if zero:
        assert t[0] <= 0 and any(abs(x) < 1e-9 for x in t)


@settings(max_examples=examples(300), deadline=None)
@given(a=ratios, b=ratios)
def test_log_ticks_are_centred_on_one_and_cover_the_data(a, b):
    lo, hi = min(a, b), max(a, b)
    t = log_ticks(lo, hi)
    assert 1.0 in t
    assert t[0] <= lo and t[-1] >= hi
    assert all(abs(x * y - 1) < 1e-6 for x, y in zip(t, reversed(t)))     # symmetric about 1 on a log scale


# ---------------------------------------------------------------- marks where their values are


def _texts(root: ET.Element) -> list[tuple[float, float, str, str]]:
    return [(float(t.get("x")), float(t.get("y")), t.get("text-anchor", "start"), "".join(t.itertext()))
            for t in root.iter(f"{NS}text")]


def _number(label: str) -> float | None:
    try:
        return float(label.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def _markers(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each circle marker's centre, by its tooltip."""
    out = {}
    for p in root.iter(f"{NS}path"):
        title = p.find(f"{NS}title")
        m = MOVE.match(p.get("d", ""))
        if title is not None and m:
            out[title.text] = (float(m.group(1)) + float(m.group(3)), float(m.group(2)))
    return out


def _fit(ticks: list[tuple[float, float]], log: bool):
    """The map value -> position the axis's own labels show (from its first and last labelled tick)."""
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    f = math.log if log else (lambda v: v)
    return lambda v: p0 + (f(v) - f(v0)) / (f(v1) - f(v0)) * (p1 - p0)


def _dots(vals: list[float], log: bool) -> Chart:
    marks = tuple(Mark(x=0, period="2020-22", value=v, label="", tooltip=f"mark {i}") for i, v in enumerate(vals))
    return Chart(DOTS, "t", "s", "ratio" if log else "rate", series=(Series("s", 0, marks),),
                 categories=tuple(f"Group {i}" for i in range(len(vals))),
                 refs=(RefLine(1.0, ""),) if log else (), log_axis=log, zero=not log)


@settings(max_examples=examples(60), deadline=None)
@given(vals=st.lists(values, min_size=1, max_size=5), log=st.just(False))
def test_dots_sit_at_the_linear_image_of_their_values(vals, log):
    _check_dots(vals, log)


@settings(max_examples=examples(60), deadline=None)
@given(vals=st.lists(ratios, min_size=1, max_size=5))
def test_ratio_dots_sit_at_the_log_image_of_their_values_on_an_axis_centred_on_one(vals):
    _check_dots(vals, True)


def _check_dots(vals: list[float], log: bool) -> None:
    root = ET.fromstring(svg.render_svg(_dots(vals, log), 640))
    texts = _texts(root)
    axis_y = max(y for _x, y, anchor, s in texts if anchor == "middle" and _number(s) is not None)
    ticks = sorted((_number(s), x) for x, y, anchor, s in texts if anchor == "middle" and y == axis_y
                   and _number(s) is not None)
    tol = 1e-9 * max(vals)                                  # the labels print the ticks rounded
    assert ticks[0][0] <= min(vals) + tol and ticks[-1][0] >= max(vals) - tol
    if log:
        assert any(v == 1 for v, _ in ticks)
    at = _fit(ticks, log)
    found = _markers(root)
    for i, v in enumerate(vals):
        assert abs(found[f"mark {i}"][0] - at(v)) <= 0.35, (v, found[f"mark {i}"][0], at(v))


@settings(max_examples=examples(60), deadline=None)
@given(vals=st.lists(values, min_size=2, max_size=8))
def test_trend_points_sit_at_the_linear_image_of_their_values(vals):
    marks = tuple(Mark(x=2000 + i + 1.5, period=f"{2000 + i}-{(2002 + i) % 100:02d}", value=v, label="",
                       tooltip=f"mark {i}") for i, v in enumerate(vals))
    chart = Chart(TREND, "t", "s", "", series=(Series("All", 0, marks, (marks,)),),
                  ticks=tuple(Tick(m.x, m.period) for m in marks), zero=True)
    root = ET.fromstring(svg.render_svg(chart, 640))
    texts = _texts(root)
    left = min(x for x, _y, anchor, s in texts if anchor == "end" and _number(s) is not None)
    # a y tick label's baseline sits 0.35 x its size below the gridline it names (13 px text on a wide chart)
    ticks = sorted((_number(s), y - 13 * 0.35) for x, y, anchor, s in texts if anchor == "end" and x == left)
    assert ticks[0][0] == 0 and ticks[-1][0] >= max(vals) * (1 - 1e-9)   # from zero, covering the data
    at = _fit(ticks, False)
    found = _markers(root)
    for i, v in enumerate(vals):
        assert abs(found[f"mark {i}"][1] - at(v)) <= 0.6, (v, found[f"mark {i}"][1], at(v))


def test_published_rate_ratios_are_drawn_on_a_log_axis_centred_on_one(store):
    from dashboard.explore.state import parse
    from dashboard.explore.view import build_view

    for query in ("by=ethnicity&measure=ratio", "ind=csc_rate_ratio"):
        chart = build_view(store, parse(query, store)[0]).chart
        assert chart.log_axis and any(r.value == 1.0 for r in chart.refs), query
        labels = [t.itertext() for t in ET.fromstring(svg.render_svg(chart, 640)).iter(f"{NS}text")]
        assert "1" in ["".join(x) for x in labels], query
    assert not build_view(store, parse("by=ethnicity", store)[0]).chart.log_axis
