"""Counts over different lengths of time never share a chart's axis: 111 maternal suicides in 2009-14 (six years)
and 88 in 2021-23 (three years) would read as a fall, while per year they rose (about 18.5 to 29)."""

from __future__ import annotations

from dashboard.charts import build as charts
from dashboard.charts.spec import TREND
from dashboard.model.select import latest


def test_a_count_chart_keeps_one_length_and_says_where_the_other_is(store):
    figs = latest(store, "maternal_suicide_count")
    assert [(f.period, f.number) for f in figs] == [("2009-14", "111"), ("2021-23", "88")]  # the shipped rows
    chart = charts.trend(figs, "Maternal suicides", "subtitle")
    assert chart.kind == TREND
    assert [(m.period, m.value) for s in chart.series for m in s.marks] == [("2021-23", 88.0)]
    assert ("The chart shows counts over a three-year period. The count for 2009-14 (a six-year period) is in the "
            "table: counts over different lengths of time cannot share an axis.") in chart.legend


def test_rates_and_counts_of_one_length_are_drawn_whole(store):
    rate = latest(store, "maternal_mortality_rate")
    chart = charts.trend(rate, "Rate", "subtitle")
    assert sum(len(s.marks) for s in chart.series) == len(rate)


def test_the_time_axis_names_the_length_of_the_periods_it_shows(store):
    # the kept count is 88 in 2021-23, three years (maternal.csv): its axis says so, never 'Year'
    chart = charts.trend(latest(store, "maternal_suicide_count"), "Maternal suicides", "subtitle")
    assert chart.x_title == "Three-year period"
    # single years stay 'Year'; rolling three-year rates stay 'Three-year period'
    assert charts.trend(latest(store, "stillbirth_rate"), "Stillbirths", "subtitle").x_title == "Year"
    assert charts.trend(latest(store, "maternal_mortality_rate"), "Rate", "subtitle").x_title == "Three-year period"
