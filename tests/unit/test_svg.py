"""The SVG chart renderer (dashboard.charts.svg) and its PNG export, on hand-built Charts like the real ones.

Every SVG is parsed with xml.etree; text boxes are recomputed from the parsed SVG with the renderer's own font
metrics (svg.text_width) to check that labels neither overlap nor leave the box.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import svg
from dashboard.charts.spec import BARS, DOTS, EMPTY, TREND, Band, Chart, Mark, RefLine, Series, Tick

NS = "{http://www.w3.org/2000/svg}"
WIDTHS = (1280, 640, 375, 320)
PERIOD = re.compile(r"^\d{4}-\d{2}$")

# ---------------------------------------------------------------------------------------------------------------
# Charts as the builder would make them


def _period(start: int, years: int = 3) -> tuple[str, float]:
    end = start + years - 1
    return f"{start}-{str(end)[2:]}", start + years / 2


def _mark(group: str, start: int, value: float, years: int = 3, ci: float | None = 0.18, calculated: bool = False,
          flagged: bool = False) -> Mark:
    period, x = _period(start, years)
    lo = hi = None
    if ci is not None:
        lo, hi = round(value * (1 - ci), 2), round(value * (1 + ci), 2)
    who = "calculated by this dashboard" if calculated else "published"
    tip = f"{group}, {period}: {value:.2f} per 100,000 maternities" + (
        f"; 95% CI {lo:.2f} to {hi:.2f} ({who})" if lo is not None else "; no interval given")
    return Mark(x=x, period=period, value=value, label=f"{value:.2f}", tooltip=tip, lower=lo, upper=hi,
                ci_calculated=calculated, flagged=flagged)


def _series(name: str, style: int, runs: list[list[Mark]]) -> Series:
    return Series(name=name, style=style, marks=tuple(m for r in runs for m in r),
                  segments=tuple(tuple(r) for r in runs))


RATES = {2003: 13.95, 2004: 13.1, 2005: 12.4, 2006: 11.8, 2012: 9.0, 2013: 8.5, 2014: 9.0, 2015: 9.8, 2017: 9.7,
         2018: 10.9, 2019: 11.7, 2020: 13.4, 2021: 13.6, 2022: 12.8}
LEGEND = ("Shaded: the COVID-19 years (2020 to 2022).",
          "* Read from a chart in a secondary source (Knight et al. 2024), not from a published table.")
NOTES = ("Source: Saving Lives, Improving Mothers' Care 2024 from MBRRACE-UK",
         "View online: https://example.org/explore?indicator=maternal-mortality&breakdown=ethnicity&period=2020-22",
         "If this topic affects you, you can talk to Samaritans, free, any time, on 116 123.")


def _all_women_runs(calculated_last: bool = True) -> list[list[Mark]]:
    """2003-05 .. 2006-08, the six-year 2009-14 on its own, 2012-14 .. 2015-17, gap (2016-18), 2017-19 .. 2022-24."""
    a = [_mark("All", y, RATES[y]) for y in (2003, 2004, 2005, 2006)]
    b = [_mark("All", 2009, 10.1, years=6)]
    c = [_mark("All", y, RATES[y]) for y in (2012, 2013, 2014, 2015)]
    d = [_mark("All", y, RATES[y]) for y in (2017, 2018, 2019, 2020, 2021)]
    d.append(_mark("All", 2022, RATES[2022], calculated=calculated_last))
    return [a, b, c, d]


def _ticks(starts=range(2003, 2023, 1)) -> tuple[Tick, ...]:
    return tuple(Tick(x=_period(y)[1], label=_period(y)[0]) for y in starts)


def _present_ticks(series: tuple[Series, ...]) -> tuple[Tick, ...]:
    seen = {m.x: m.period for s in series for m in s.marks}
    return tuple(Tick(x=x, label=p) for x, p in sorted(seen.items()))


def trend_all(**kw) -> Chart:
    base = {
        "kind": TREND, "title": "Maternal deaths rose during the COVID-19 years and have not fallen back",
        "subtitle": "Maternal deaths per 100,000 maternities, UK, rolling three-year periods, 2003-05 to 2022-24",
        "axis_title": "Deaths per 100,000 maternities", "series": (_series("All women", 0, _all_women_runs()),),
        "ticks": _present_ticks((_series("All women", 0, _all_women_runs()),)),
        "x_title": "Rolling three-year period (2009-14: one six-year period)",
        "bands": (Band(2020, 2022, "COVID-19 years"),), "legend": LEGEND, "notes": NOTES,
        "alt": "Line chart: the maternal death rate fell from 13.95 in 2003-05 to 8.50 in 2013-15, then rose to 13.60 "
            "in 2021-23."}
    base.update(kw)
    return Chart(**base)


ETHNIC = {"White (inc. not known)": (0, 8.9), "Black": (2, 34.2), "Asian": (1, 12.7), "Mixed": (3, 13.1)}


def trend_ethnicity(**kw) -> Chart:
    series = []
    for name, (style, base) in ETHNIC.items():
        runs = [[_mark(name, y, round(base * (1 + 0.02 * (y - 2015)), 2), ci=0.35 if name != "White (inc. not known)"
                       else 0.1, flagged=(name == "Mixed" and y == 2016)) for y in range(2014, 2019)],
                [_mark(name, y, round(base * (1 + 0.03 * (y - 2015)), 2), ci=0.35,
                       calculated=(y == 2022)) for y in range(2020, 2023)]]
        series.append(_series(name, style, runs))
    base = {
        "kind": TREND, "title": "Black women's death rate stayed about three times White women's",
        "subtitle": "Maternal deaths per 100,000 maternities by ethnic group, UK, 2014-16 to 2022-24",
        "axis_title": "Deaths per 100,000 maternities", "series": tuple(series), "ticks": _ticks(range(2014, 2023)),
        "x_title": "Rolling three-year period", "bands": (Band(2020, 2022, "COVID-19 years"),), "legend": LEGEND[1:],
        "notes": NOTES, "alt": "Line chart of maternal death rates for four ethnic groups, 2014-16 to 2022-24."}
    base.update(kw)
    return Chart(**base)


def dots_ratios(**kw) -> Chart:
    groups = [("Black", 3.82, 2.31, 6.14, False, False), ("Asian", 1.76, 1.12, 2.71, False, False),
              ("Mixed/multiple ethnic groups", 1.39, 0.56, 3.01, True, True),
              ("White (inc. not known)", 1.0, None, None, False, False)]
    marks = tuple(Mark(x=0, period="2020-22", value=v, label=f"{v:.2f}",
                       tooltip=f"{g}, 2020-22: rate ratio {v:.2f} against White women", lower=lo, upper=hi,
                       ci_calculated=calc, flagged=fl) for g, v, lo, hi, calc, fl in groups)
    base = {
        "kind": DOTS, "title": "Black women were about four times as likely to die as White women",
        "subtitle": "Rate ratio against White women, UK, 2020-22", "axis_title": "Rate ratio (White women = 1)",
        "series": (Series("Rate ratio", 0, marks),), "categories": tuple(g[0] for g in groups),
        "refs": (RefLine(1.0, "1 = no difference"),), "legend": LEGEND[1:], "notes": NOTES,
        "alt": "Dot chart of rate ratios: Black 3.82, Asian 1.76, Mixed 1.39, against White women."}
    base.update(kw)
    return Chart(**base)


CARE = [("Domestic abuse", 22, 4), ("Mental health condition before pregnancy", 61, 28),
        ("Substance use", 31, 3), ("Known to mental health services in this pregnancy", 44, None)]


def bars_care(**kw) -> Chart:
    def marks(col: int, name: str) -> tuple[Mark, ...]:
        return tuple(Mark(x=0, period="2019-21", value=float(row[col]), label=f"{row[col]}%",
                          tooltip=f"{name}: {row[col]}% had {row[0].lower()}") if row[col] is not None
                     else Mark(x=0, period="2019-21", value=float("nan"), label="", tooltip="not in this dataset")
                     for row in CARE)
    base = {
        "kind": BARS, "title": "Women with social care involvement more often had other needs",
        "subtitle": "Per cent of women who died, by children's social care involvement, UK and Ireland, 2019-21",
        "axis_title": "Per cent of women who died", "percent_axis": True,
        "series": (Series("With children's social care involvement", 0, marks(1, "With")),
                Series("Without children's social care involvement", 1, marks(2, "Without"))),
        "categories": tuple(r[0] for r in CARE), "notes": NOTES,
        "alt": "Bar chart: domestic abuse 22% with social care involvement, 4% without."}
    base.update(kw)
    return Chart(**base)


def empty_chart() -> Chart:
    return Chart(kind=EMPTY, title="No figures for Mixed ethnic groups in 2009-11", subtitle="", axis_title="",
                 notes=NOTES, alt="No figures are published.")


def _stress() -> dict:
    """Harder cases for the layout tests: long names, six groups, two bands, an axis not from zero, ratios."""
    from dataclasses import replace
    long = "Women born outside the UK who had lived here for less than five years"
    eth = trend_ethnicity()
    six = tuple(_series(f"Group number {i}", i, [[_mark("g", y, 5 + 3 * i + 0.1 * (y % 3)) for y in range(2010, 2023)]])
                for i in range(6))

    def scaled(s: Series, f: float) -> Series:
        def sc(m: Mark) -> Mark:
            return replace(m, value=m.value * f, lower=m.lower * f, upper=m.upper * f)
        return replace(s, marks=tuple(sc(m) for m in s.marks), segments=tuple(tuple(sc(m) for m in r)
                                                                                for r in s.segments))
    dots = dots_ratios()
    return {
        "long-names": lambda: trend_ethnicity(series=tuple(replace(s, name=f"{s.name} {long}") for s in eth.series)),
        "six-groups": lambda: trend_ethnicity(series=six, ticks=_ticks(range(2010, 2023))),
        "two-bands": lambda: trend_all(bands=(Band(2020, 2022, "COVID-19 years"),
                                              Band(2017.5, 2020.2, "ONS: definition differs"))),
        "not-from-zero": lambda: trend_all(zero=False),
        "band-at-the-edge": lambda: trend_all(bands=(Band(2021, 2026, "COVID-19 pandemic and recovery years"),)),
        "ratio-trend": lambda: trend_ethnicity(series=tuple(scaled(s, 0.1) for s in eth.series[1:]),
                                               refs=(RefLine(1.0, "1 = no difference"),)),
        "dots-two-series": lambda: dots_ratios(series=(dots.series[0], replace(dots.series[0], name="2021-23",
                                                                                style=1))),
        "bars-one-series-ci": lambda: bars_care(series=(Series("All", 0, tuple(
            Mark(0, "x", v, f"{v}%", "t", v - 5, min(v + 9, 100)) for v in (22, 61, 96, 44))),)),
    }


CHARTS = {"trend": trend_all, "trend-groups": trend_ethnicity, "dots": dots_ratios, "bars": bars_care,
          "empty": empty_chart}
STRESS = _stress()


# ---------------------------------------------------------------------------------------------------------------
# Helpers on the parsed SVG


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.split("?>", 1)[-1] if text.startswith("<?xml") else text)


def _inherited(el: ET.Element, parents: dict, name: str, default: str) -> str:
    while el is not None:
        if name in el.attrib:
            return el.attrib[name]
        el = parents.get(el)
    return default


def text_boxes(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, box) of every <text>, from its x, y, anchor, size and weight (inherited as SVG does)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    out = []
    for t in root.iter(f"{NS}text"):
        size = float(_inherited(t, parents, "font-size", "16"))
        bold = _inherited(t, parents, "font-weight", "normal") == "bold"
        anchor = _inherited(t, parents, "text-anchor", "start")
        x, y, s = float(t.attrib["x"]), float(t.attrib["y"]), t.text or ""
        w = svg.text_width(s, size, bold)
        x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        out.append((s, (x0, y - 0.75 * size, x0 + w, y + 0.21 * size)))
    return out


def overlapping(boxes) -> list[tuple[str, str]]:
    bad = []
    for i, (s1, a) in enumerate(boxes):
        for s2, b in boxes[i + 1:]:
            if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5:
                bad.append((s1, s2))
    return bad


def size_of(root: ET.Element) -> tuple[float, float]:
    return float(root.attrib["width"]), float(root.attrib["height"])


def series_paths(root: ET.Element, name: str) -> list[ET.Element]:
    return [p for p in root.iter(f"{NS}path") if p.attrib.get("data-series") == name]


# ---------------------------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("standalone", [False, True])
def test_every_kind_is_valid_svg_with_title_and_desc(name, width, standalone):
    chart = CHARTS[name]()
    text = svg.render_svg(chart, width, standalone=standalone)
    root = parse(text)
    assert root.tag == f"{NS}svg"
    assert root.attrib["role"] == "img"
    w, h = size_of(root)
    assert w == width and root.attrib["viewBox"] == f"0 0 {width} {int(h)}"
    ids = root.attrib["aria-labelledby"].split()
    by_id = {el.attrib.get("id"): el for el in root.iter()}
    assert by_id[ids[0]].tag == f"{NS}title" and by_id[ids[0]].text == chart.title
    assert by_id[ids[1]].tag == f"{NS}desc" and by_id[ids[1]].text == chart.alt
    assert text.startswith("<?xml") == standalone
    words = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    if standalone:
        assert chart.title.split()[0] in words and "Samaritans" in words
        background = [r for r in root.iter(f"{NS}rect") if r.attrib.get("fill") == "#fff"]
        assert any(r.attrib.get("width") == str(width) for r in background)
    else:
        assert "Samaritans" not in words
    if name == "empty":
        assert "No figures in this dataset" in words


@pytest.mark.parametrize("name", sorted(CHARTS) + sorted(STRESS))
@pytest.mark.parametrize("width", WIDTHS + (480, 481))
@pytest.mark.parametrize("standalone", [False, True])
def test_no_text_overlaps_or_leaves_the_box(name, width, standalone):
    root = parse(svg.render_svg({**CHARTS, **STRESS}[name](), width, standalone=standalone))
    w, h = size_of(root)
    boxes = text_boxes(root)
    assert boxes
    outside = [s for s, (x0, y0, x1, y1) in boxes if x0 < 0 or y0 < 0 or x1 > w or y1 > h]
    assert not outside, outside
    assert not overlapping(boxes), overlapping(boxes)


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("width", WIDTHS)
def test_text_is_at_least_12px(name, width):
    root = parse(svg.render_svg(CHARTS[name](), width, standalone=True))
    parents = {child: parent for parent in root.iter() for child in parent}
    sizes = {float(_inherited(t, parents, "font-size", "16")) for t in root.iter(f"{NS}text")}
    assert min(sizes) >= 12


def test_gap_gives_separate_paths_for_one_series():
    root = parse(svg.render_svg(trend_all(), 640))
    paths = series_paths(root, "All women")
    # Runs of 4, 1 (the six-year period: a marker, no line), 4 and 6 marks: three lines, never joined.
    assert len(paths) == 3
    assert [p.attrib["d"].count("L") for p in paths] == [3, 3, 5]
    markers = [p for g in root.iter(f"{NS}g") for p in g.findall(f"{NS}path") if p.find(f"{NS}title") is not None]
    assert len(markers) == 15


def test_gap_in_a_two_run_series():
    root = parse(svg.render_svg(trend_ethnicity(), 640))
    for name in ETHNIC:
        assert len(series_paths(root, name)) == 2, name


def test_calculated_interval_is_hatched_and_the_key_says_calculated():
    chart = trend_all(series=(_series("All women", 0, [[_mark("All", y, RATES[y], calculated=y == 2022)
                                                         for y in (2019, 2020, 2021, 2022)]]),),
                      ticks=_ticks(range(2019, 2023)))
    text = svg.render_svg(chart, 640, id_prefix="k1")
    root = parse(text)
    patterns = [p for p in root.iter(f"{NS}pattern")]
    assert [p.attrib["id"] for p in patterns] == ["k1-hatch"]
    hatched = [p for p in root.iter(f"{NS}path") if p.attrib.get("fill") == "url(#k1-hatch)"]
    assert hatched, "the calculated part of the band is hatched"
    swatch = [r for r in root.iter(f"{NS}rect") if r.attrib.get("fill") == "url(#k1-hatch)"]
    assert swatch, "the key shows the hatching"
    words = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "calculated by this dashboard" in words
    assert "95% confidence interval (published)" in words   # the rest of the band is published

    # All published: no hatch anywhere, and the key does not mention calculation.
    published = svg.render_svg(trend_all(series=(_series("All women", 0, _all_women_runs(False)),)), 640)
    assert "hatch" not in published and "calculated by this dashboard" not in published


def test_calculated_whisker_is_dashed_on_dots():
    root = parse(svg.render_svg(dots_ratios(), 640))
    dashed = [p for p in root.iter(f"{NS}path") if p.attrib.get("stroke-dasharray") == "3 2"]
    assert len(dashed) == 2   # the chart's Mixed whisker and the key's sample
    words = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "calculated by this dashboard" in words and "1.39*" in words


def test_two_charts_on_one_page_have_distinct_ids():
    a, b = (svg.render_svg(trend_ethnicity(), 640, id_prefix=p) for p in ("a", "b"))
    ids_a = {el.attrib["id"] for el in parse(a).iter() if "id" in el.attrib}
    ids_b = {el.attrib["id"] for el in parse(b).iter() if "id" in el.attrib}
    assert ids_a and not ids_a & ids_b
    with pytest.raises(ValueError):
        svg.render_svg(trend_all(), 640, id_prefix='x" onload="alert(1)')


def test_wide_layout_labels_line_ends_directly():
    root = parse(svg.render_svg(trend_ethnicity(), 1000))
    boxes = {s: b for s, b in text_boxes(root)}
    ticks = [b for s, b in text_boxes(root) if s.startswith("20")]
    plot_right = max(b[2] for b in ticks)
    for name in ("Black", "Asian", "Mixed"):
        assert boxes[name][0] >= plot_right - 1, name     # in the right margin, beside the line ends


@pytest.mark.parametrize("width", [320, 375, 480])
def test_narrow_layout_moves_names_to_a_key_below_and_keeps_the_plot_wide(width):
    root = parse(svg.render_svg(trend_ethnicity(), width))
    boxes = text_boxes(root)
    ticks = [b for s, b in boxes if PERIOD.match(s)]
    below_axis = max(b[3] for b in ticks)
    for name in ("Black", "Asian", "Mixed"):
        (box,) = [b for s, b in boxes if s == name]
        assert box[1] > below_axis, f"{name} is in a key under the plot"
    grid = next(p for p in root.iter(f"{NS}path") if p.attrib.get("stroke") == "#d9d9d9")
    xs = [float(v) for v in grid.attrib["d"].replace("M", " ").replace("H", " ").split()[0::2]]
    hs = [float(v) for v in grid.attrib["d"].split("H")[1:] for v in [v.split("M")[0]]]
    plot_width = max(hs) - min(xs)
    assert plot_width >= 0.7 * width, plot_width / width
    # The key shows each group's symbol and dash: a line sample per group beside its name.
    samples = [g for g in root.iter(f"{NS}g") if g.attrib.get("stroke") in {"#12436D", "#28A197", "#801650",
                                                                             "#F46A25"}]
    assert len(samples) == 4


def axis_width(root: ET.Element) -> float:
    """Length of the longest horizontal axis line (the value axis of DOTS/BARS, the time axis of TREND)."""
    best = 0.0
    for p in root.iter(f"{NS}path"):
        m = re.fullmatch(r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", p.attrib.get("d", ""))
        if m and p.attrib.get("stroke") == "#0b0c0c" and m[2] == m[4]:
            best = max(best, float(m[3]) - float(m[1]))
    return best


@pytest.mark.parametrize("width", [320, 375])
def test_narrow_dots_and_bars_put_category_names_above_rows(width):
    for chart in (dots_ratios(), bars_care()):
        root = parse(svg.render_svg(chart, width))
        boxes = text_boxes(root)
        for cat in chart.categories:
            first = next(b for s, b in boxes if cat.startswith(s))
            assert first[0] <= 8, f"{cat!r} starts at the left edge, above its row"
        assert axis_width(root) >= 0.7 * width
    wide = parse(svg.render_svg(dots_ratios(), 640))
    assert next(b for s, b in text_boxes(wide) if s == "Black")[0] > 8, "wide: names in a column, right-aligned"


def test_reference_label_keeps_clear_of_the_points():
    chart = STRESS["ratio-trend"]()
    for width in (1280, 640, 320):
        root = parse(svg.render_svg(chart, width))
        (box,) = [b for s, b in text_boxes(root) if s == "1 = no difference"]
        points = [tuple(map(float, xy.split())) for p in root.iter(f"{NS}path") if "data-series" in p.attrib
                  for xy in p.attrib["d"][1:].split("L")]
        hidden = [pt for pt in points if box[0] - 5 < pt[0] < box[2] + 5 and box[1] - 5 < pt[1] < box[3] + 5]
        assert not hidden, (width, hidden)


def test_time_axis_labels_are_thinned_not_overlapping_at_320():
    root = parse(svg.render_svg(trend_all(), 320))
    ticks = [(s, b) for s, b in text_boxes(root) if PERIOD.match(s)]
    assert 3 <= len(ticks) < 20
    assert ticks[-1][0] == "2022-24", "the latest period keeps its label"
    assert not overlapping(ticks)


def test_end_labels_are_moved_apart():
    # Four groups ending at almost the same value: the labels must still not overlap.
    series = tuple(_series(name, style, [[_mark(name, y, 10 + 0.05 * style) for y in range(2015, 2023)]])
                   for name, (style, _) in ETHNIC.items())
    chart = trend_ethnicity(series=series)
    for width in (640, 1280):
        boxes = text_boxes(parse(svg.render_svg(chart, width)))
        assert not overlapping(boxes), overlapping(boxes)


def test_bars_not_published_instead_of_a_zero_bar_and_percent_axis():
    root = parse(svg.render_svg(bars_care(), 640))
    words = [t.text for t in root.iter(f"{NS}text")]
    assert words.count("not in this dataset") == 1
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 7
    assert "100%" in words and "0%" in words
    fills = {r.attrib["fill"] for r in bars}
    assert len(fills) == 2 and any(f.startswith("url(#") for f in fills), "series differ by pattern, not colour only"


def test_text_is_escaped():
    nasty = '<script>alert("x")</script> & co'
    chart = trend_ethnicity(series=trend_ethnicity().series[:1] + (
        Series(nasty, 1, trend_ethnicity().series[1].marks, trend_ethnicity().series[1].segments),),
        title=nasty, alt=nasty, legend=(nasty,))
    for width in (640, 320):
        text = svg.render_svg(chart, width, standalone=True)
        root = parse(text)                                     # still well-formed XML
        assert not list(root.iter("script")) and not list(root.iter(f"{NS}script"))
        assert "<script>" not in text and "&lt;script&gt;" in text
        words = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
        assert "<script>" in words
    dots = dots_ratios(categories=(nasty,) + dots_ratios().categories[1:])
    assert "<script>" not in svg.render_svg(dots, 640)


def test_deterministic_bytes():
    """Same input, same bytes: within a process and across processes with different string-hash seeds."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = _digest_for_subprocess()
    assert _digest_for_subprocess() == here
    root = Path(__file__).resolve().parents[2]
    code = "from tests.unit.test_svg import _digest_for_subprocess as d; print(d())"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                             check=True)
        assert out.stdout.strip() == here, f"PYTHONHASHSEED={seed}"


def _digest_for_subprocess() -> str:
    import hashlib
    h = hashlib.sha256()
    for make in CHARTS.values():
        for width in (640, 320):
            h.update(svg.render_svg(make(), width, standalone=True).encode())
    return h.hexdigest()


def test_small_and_fast():
    import time
    chart = trend_ethnicity()
    t0 = time.perf_counter()
    for _ in range(20):
        text = svg.render_svg(chart, 640)
    per = (time.perf_counter() - t0) / 20
    assert per < 0.05, per                          # about 1 ms on a laptop; generous for slow CI
    assert len(text.encode()) < 12_000              # 32 marks, each with its tooltip
    root = parse(text)
    numbers = " ".join(el.attrib[a] for el in root.iter() for a in ("d", "x", "y", "width", "height")
                       if a in el.attrib)
    assert not re.findall(r"\d\.\d\d", numbers), "coordinates are rounded to 0.1 px"


def test_nothing_to_draw_renders_the_empty_box():
    nan = Mark(x=2021.5, period="2020-22", value=float("nan"), label="", tooltip="")
    for chart in (trend_all(series=()), trend_all(series=(Series("All", 0, (nan,), ((nan,),)),)),
                  dots_ratios(categories=()), bars_care(series=(Series("All", 0, (nan,) * 4),))):
        words = [t.text for t in parse(svg.render_svg(chart, 640)).iter(f"{NS}text")]
        assert words == [svg.EMPTY_TEXT]


@pytest.mark.parametrize("width,scale", [(400, 1), (300, 2)])
def test_png_signature_and_width(width, scale):
    from dashboard.charts.png import render_png
    data = render_png(trend_ethnicity(), width=width, scale=scale)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    assert w == width * scale and h > w / 2
