"""Figures in, chart spec out (pure). Every label, tooltip and key line is written from the figure model."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from dashboard.charts.spec import BARS, DOTS, EMPTY, TREND, Band, Chart, Mark, RefLine, Series, Tick
from dashboard.charts.theme import style_indexes
from dashboard.model.figure import Figure
from dashboard.model.words import other_lengths_sentence, period_length

COVID_YEARS = (2020, 2021)
KEY_SECONDARY = "* Reported by a secondary source; not checked against the original."
RATIO_KEY = ("Ratios are drawn on a log scale centred on 1 (no difference), so twice as high and half as high sit "
             "the same distance from 1.")


def tooltip(f: Figure) -> str:
    text = f"{f.label}, {f.period}: {f.value_text}"
    if f.ci is not None:
        text += f" (95% CI {f.ci_short})"
    elif f.indicator.measure != "count":
        text += " (no interval given)"
    if f.source.flag:
        text += f". {f.source.flag}"
    return text


def mark(f: Figure, show_ci: bool = True) -> Mark:
    assert f.value is not None
    ci = f.ci if show_ci else None
    return Mark(x=f.midpoint, period=f.period, value=f.value, label=f.short,
                tooltip=tooltip(f), lower=ci.lower if ci else None, upper=ci.upper if ci else None,
                ci_calculated=bool(ci and ci.calculated), flagged=f.source.flag is not None)


def joined(a: Figure, b: Figure, blocks: bool = True) -> bool:
    """Two figures in a row are joined by a line only if they are the same length and follow on: the next
    rolling period (2018-20, 2019-21), or, in a series published only in whole blocks (`blocks`: 2009-11,
    2012-14, 2015-17), the next block."""
    return a.years == b.years and (b.start - a.start == 1 or (blocks and b.start == a.end + 1))


def segments(figs: list[Figure]) -> list[list[Figure]]:
    """Runs of consecutive published figures (a missing period, or a change of period length, breaks the line).
    A series with overlapping periods is a rolling series: there, 2018-20 and 2021-23 are not joined, since
    2019-21 and 2020-22 are missing."""
    shown = sorted((f for f in figs if f.value is not None), key=lambda f: (f.start, f.end))
    blocks = not any(a.years == b.years and b.start <= a.end for a, b in pairwise(shown))
    runs: list[list[Figure]] = []
    for f in shown:
        if runs and joined(runs[-1][-1], f, blocks):
            runs[-1].append(f)
        else:
            runs.append([f])
    return runs


def legend(marks: Iterable[Mark], extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Key lines beyond the intervals: the SVG renderer draws the interval key itself (bands or whiskers,
    published or calculated by this dashboard), because only it knows which it drew."""
    ms = list(marks)
    out = []
    if any(m.flagged for m in ms):
        out.append(KEY_SECONDARY)
    return tuple(out) + extra


def time_axis(shown: list[Figure], rolling: bool) -> str:
    """The time axis's title, naming the length of its periods: 'Three-year period' (rolling, or every period three
    years long, as a kept count of 2021-23), 'Six-year period', else 'Year'."""
    lengths = {f.years for f in shown}
    if rolling:
        return "Three-year period"
    if len(lengths) == 1 and lengths != {1}:
        words = period_length(shown[0]).split(" ", 1)[1]  # 'six-year period'
        return words[0].upper() + words[1:]
    return "Year"


def _empty(title: str, subtitle: str, axis_title: str, alt: str) -> Chart:
    return Chart(EMPTY, title, subtitle, axis_title, alt=alt or "No figures in this dataset for this choice.")


def trend(figs: list[Figure], title: str, subtitle: str, *, show_ci: bool = True, refs: tuple[RefLine, ...] = (),
          notes: tuple[str, ...] = (), alt: str = "", annotate: bool = True) -> Chart:
    """A line per group over time; figures of the same group in `figs` order of first appearance. Counts over
    different lengths of time never share the axis: the chart keeps the length of the newest count and says where
    the others are (the table lists every figure)."""
    shown = [f for f in figs if f.value is not None]
    if not shown:
        return _empty(title, subtitle, figs[0].indicator.unit if figs else "", alt)
    ind = shown[0].indicator
    length_note: tuple[str, ...] = ()
    if ind.measure == "count" and len({f.years for f in shown}) > 1:
        newest = max(shown, key=lambda f: (f.end, f.start))
        left = [f for f in shown if f.years != newest.years]
        shown = [f for f in shown if f.years == newest.years]
        length_note = (other_lengths_sentence(newest, left),)
    groups = list(dict.fromkeys(f.group for f in shown))
    styles = style_indexes(groups)
    series = []
    for g in groups:
        runs = segments([f for f in shown if f.group == g])
        segs = tuple(tuple(mark(f, show_ci) for f in run) for run in runs)
        series.append(Series(name=g, style=styles[g], marks=tuple(m for s in segs for m in s), segments=segs))
    periods = sorted({(f.midpoint, f.period) for f in shown})
    ticks = tuple(Tick(x, p) for x, p in periods)
    bands: tuple[Band, ...] = ()
    first, last = min(f.start for f in shown), max(f.end for f in shown)
    extra: tuple[str, ...] = length_note
    if annotate and len(periods) > 1 and first <= COVID_YEARS[0] and last >= COVID_YEARS[0]:
        bands = (Band(COVID_YEARS[0], COVID_YEARS[1] + 1, "COVID-19 years"),)
        extra += ("Grey area: the COVID-19 pandemic years 2020 and 2021.",)
    rolling = ind.period_type == "rolling-3-year"
    marks = [m for s in series for m in s.marks]
    ratio = ind.measure == "ratio"
    if ratio and not refs:
        refs = (RefLine(1.0, "1 = no difference"),)
    return Chart(TREND, title, subtitle, ind.unit, series=tuple(series), ticks=ticks,
                 x_title=time_axis(shown, rolling), bands=bands, refs=refs, show_ci=show_ci,
                 zero=not ratio, legend=legend(marks, extra + ((RATIO_KEY,) if ratio else ())), notes=notes,
                 alt=alt, log_axis=ratio)


def dots(figs: list[Figure], title: str, subtitle: str, *, show_ci: bool = True, ref: float | None = None,
         notes: tuple[str, ...] = (), alt: str = "") -> Chart:
    """The groups of one period, a dot each with its interval; ratios against a reference line at 1."""
    shown = [f for f in figs if f.value is not None]
    if not shown:
        return _empty(title, subtitle, figs[0].indicator.unit if figs else "", alt)
    ind = shown[0].indicator
    names = [f.group for f in shown]
    # one series whose marks align with the categories, as the SVG renderer reads DOTS (spec.Chart.categories)
    series = (Series(name=ind.title, style=0, marks=tuple(mark(f, show_ci) for f in shown)),)
    refs = (RefLine(ref, "1 = no difference"),) if ref is not None else ()
    ratio = ind.measure == "ratio"
    return Chart(DOTS, title, subtitle, ind.unit, series=series, categories=tuple(names), refs=refs, show_ci=show_ci,
                 percent_axis=ind.unit == "percent", legend=legend(series[0].marks, (RATIO_KEY,) if ratio else ()),
                 notes=notes, alt=alt, log_axis=ratio, zero=not ratio)


def bars(by_series: dict[str, list[Figure]], categories: list[str], title: str, subtitle: str, *,
         notes: tuple[str, ...] = (), alt: str = "") -> Chart:
    """Horizontal bars per category, one per series (a series with no figure for a category leaves it empty)."""
    names = list(by_series)
    styles = style_indexes(names)
    series = []
    for name in names:
        found = {f.group: f for f in by_series[name] if f.value is not None}
        series.append(Series(name=name, style=styles[name],
                             marks=tuple(mark(found[c]) if c in found else _missing(c) for c in categories)))
    unit = next((f.indicator.unit for fs in by_series.values() for f in fs), "")
    all_marks = [m for s in series for m in s.marks if m.period]
    return Chart(BARS, title, subtitle, unit, series=tuple(series), categories=tuple(categories),
                 percent_axis=unit == "percent", legend=legend(all_marks), notes=notes, alt=alt)


def _missing(category: str) -> Mark:
    """A placeholder where a series has no published figure for a category (drawn as 'not in this dataset')."""
    return Mark(x=0, period="", value=float("nan"), label="not in this dataset", tooltip=f"{category}: not in this dataset")
