"""What a chart shows, as plain data: built from Figures (dashboard.charts.build), drawn as SVG (dashboard.charts.svg).

Nothing here knows about pixels. Three kinds of chart:
- TREND: one line per group over a time axis. Periods sit at their midpoints (2020-22 at 2021.5), so unevenly
  spaced periods are unevenly spaced on the axis; a line is joined only between consecutive periods of the same
  length (never a six-year period to a three-year one) and a missing period leaves a gap.
- DOTS: the groups of one period, a dot each with its 95% interval as a whisker (ratios against a line at 1).
- BARS: horizontal bars per category, one bar per series (e.g. with and without social care involvement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TREND, DOTS, BARS, EMPTY = "trend", "dots", "bars", "empty"


@dataclass(frozen=True)
class Mark:
    """One figure on a chart."""

    x: float                      # TREND: position on the time axis (years); DOTS/BARS: unused (0)
    period: str
    value: float
    label: str                    # the number as printed beside the mark ('12.80', '22%', '1.39*')
    tooltip: str                  # full words: group, period, value with unit, interval (and who calculated it)
    lower: float | None = None    # 95% interval, when published or calculated
    upper: float | None = None
    ci_calculated: bool = False   # drawn differently (hatched band / dashed whisker) and said in the legend
    flagged: bool = False         # read on a secondary source (an asterisk after the label, explained in the notes)


@dataclass(frozen=True)
class Series:
    """A group's marks. For TREND, `segments` are the runs of marks joined by a line (gaps between them)."""

    name: str
    style: int                    # index into the palette / symbols / dashes of dashboard.charts.theme
    marks: tuple[Mark, ...]
    segments: tuple[tuple[Mark, ...], ...] = ()


@dataclass(frozen=True)
class Band:
    """A shaded span of the time axis with a short label (e.g. the COVID-19 years)."""

    x0: float
    x1: float
    label: str


@dataclass(frozen=True)
class RefLine:
    """A horizontal reference (TREND: y value) or vertical reference (DOTS: x value), e.g. 1 = no difference."""

    value: float
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str                    # the headline (one sentence, plain words)
    subtitle: str                 # measure, unit, geography, periods
    axis_title: str               # the value axis (unit)
    series: tuple[Series, ...] = ()
    categories: tuple[str, ...] = ()   # DOTS/BARS: category names, top to bottom; marks align with them by index
    ticks: tuple[Tick, ...] = ()       # TREND: period labels on the time axis
    x_title: str = ""                  # TREND: 'Rolling three-year period' or 'Year'
    bands: tuple[Band, ...] = ()
    refs: tuple[RefLine, ...] = ()
    show_ci: bool = True
    zero: bool = True                  # the value axis starts at zero
    percent_axis: bool = False         # BARS/DOTS of percentages: axis to 100
    legend: tuple[str, ...] = ()       # lines of key text under the chart (what bands, hatching and * mean)
    notes: tuple[str, ...] = ()        # source and support lines (drawn only in exported images)
    alt: str = ""                      # the text alternative (one or two sentences)
    extra: dict = field(default_factory=dict, compare=False)
    value_labels: bool = False         # TREND: print the value beside the first and latest point of each line
    log_axis: bool = False             # rate ratios: the value axis is logarithmic and centred on 1

    @property
    def empty(self) -> bool:
        return self.kind == EMPTY or not any(s.marks for s in self.series)
