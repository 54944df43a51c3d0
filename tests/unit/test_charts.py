"""Figure builders: trend lines with gaps and annotations, dots with whiskers, ratios against 1; no drag, no mode bar."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.charts.compare import build_compare, build_ratio
from dashboard.charts.theme import PALETTE, style_for
from dashboard.charts.trend import build_trend, covid_periods
from dashboard.components.figure_block import GRAPH_CONFIG
from dashboard.data.query import Selection, breakdowns, series
from dashboard.state import parse
from dashboard.views import KIND_COMPARE, KIND_TREND, build_view


def _frame(rows):
    cols = ["group", "period", "value", "ci_lower", "ci_upper", "obs_status"]
    return pd.DataFrame(rows, columns=cols)


@pytest.fixture
def ind(store):
    return store.catalogue.indicators["maternal_mortality_rate"]


def test_trend_draws_gaps_as_gaps(ind):
    df = _frame([("All", "2016-18", 9.7, None, None, None), ("All", "2017-19", None, None, None, None),
                 ("All", "2018-20", 10.9, 9.5, 12.4, None)])
    fig = build_trend(df, ind)
    line = [t for t in fig.data if t.name == "All"][0]
    assert line.connectgaps is False
    assert math.isnan(list(line.y)[1])
    assert list(line.x) == ["2016-18", "2017-19", "2018-20"]


def test_trend_uses_a_band_when_every_point_has_a_ci_and_whiskers_otherwise(ind):
    full = _frame([("All", "2017-19", 8.8, 7.6, 10.1, None), ("All", "2018-20", 10.9, 9.5, 12.4, None)])
    assert any(t.fill == "tonexty" for t in build_trend(full, ind).data)
    partial = _frame([("All", "2016-18", 9.7, None, None, None), ("All", "2018-20", 10.9, 9.5, 12.4, None)])
    fig = build_trend(partial, ind)
    assert not any(t.fill == "tonexty" for t in fig.data)
    assert [t for t in fig.data if t.name == "All"][0].error_y.array is not None
    assert not any(t.fill for t in build_trend(full, ind, show_ci=False).data)


def test_trend_annotates_covid_and_definition_change(ind):
    df = _frame([("All", "2015-17", 9.2, None, None, "Definition differs"), ("All", "2016-18", 9.7, None, None, "Definition differs"),
                 ("All", "2017-19", 8.8, None, None, None), ("All", "2019-21", 11.7, None, None, None)])
    fig = build_trend(df, ind)
    texts = [a.text for a in fig.layout.annotations]
    assert "COVID-19 years" in texts and "ONS: definition differs" in texts
    assert covid_periods(["2017-19", "2018-20", "2021-23", "2022-24", "2019", "2020", "2021", "2022"]) == ["2018-20", "2021-23", "2020", "2021"]


def test_no_drag_zoom_and_no_mode_bar(ind):
    df = _frame([("All", "2017-19", 8.8, 7.6, 10.1, None), ("All", "2018-20", 10.9, 9.5, 12.4, None)])
    for fig in (build_trend(df, ind), build_compare(df.iloc[:1], ind)):
        assert fig.layout.dragmode is False
        assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert GRAPH_CONFIG["displayModeBar"] is False and GRAPH_CONFIG["scrollZoom"] is False


def test_compare_draws_dots_with_whiskers_and_direct_labels(ind):
    df = _frame([("White", "2018-20", 9.2, 8.0, 10.5, None), ("Black", "2018-20", 34.0, 25.0, 45.0, None)])
    fig = build_compare(df, ind)
    assert [t.name for t in fig.data] == ["White", "Black"]
    black = fig.data[1]
    assert black.mode == "markers+text" and black.text == ("34.00",)
    assert black.error_x.array[0] == pytest.approx(11.0) and black.error_x.arrayminus[0] == pytest.approx(9.0)
    assert fig.data[1].marker.color == style_for("Black", 1)[0]
    assert len({t.marker.color for t in fig.data}) == 2
    assert build_compare(df, ind, show_ci=False).data[1].error_x.array is None


def test_ratio_chart_has_a_reference_line_at_one(store):
    ratio_ind = store.catalogue.indicators["maternal_mortality_rate_ratio"]
    df = _frame([("Black vs White", "2022-24", 2.5, 1.6, 3.9, None)])
    fig = build_ratio(df, ratio_ind)
    assert any(s.x0 == 1 and s.x1 == 1 for s in fig.layout.shapes)
    assert "1 = no difference" in [a.text for a in fig.layout.annotations]


def test_fixed_colour_per_group_across_charts():
    assert style_for("Black", 0)[0] == style_for("Black", 3)[0] == PALETTE[2]


def test_view_kinds_follow_the_data(store):
    trend = build_view(store, parse("", store)[0])
    assert trend.kind == KIND_TREND and trend.figure.layout.xaxis.type == "category"
    one = build_view(store, parse("from=2022-24&to=2022-24", store)[0])
    assert one.kind == KIND_COMPARE and len(one.table_df) == 1


def test_view_table_is_exactly_the_data_in_the_chart(store):
    state, _ = parse("by=ethnicity&groups=Black|Asian&from=2015-17&to=2018-20", store)
    view = build_view(store, state)
    plotted = {(t.name, x, y) for t in view.figure.data if t.name in ("Black", "Asian")
               for x, y in zip(t.x, t.y) if y is not None and not math.isnan(y)}
    tabled = {(r["group"], r["period"], float(r["value"])) for r in view.table_df.to_dict("records") if pd.notna(r["value"])}
    assert plotted == tabled
    expected = series(store, Selection("maternal_mortality_rate", "ethnicity", ("Black", "Asian"), "2015-17", "2018-20"))
    assert len(view.table_df) == len(expected)


def test_every_indicator_and_breakdown_can_be_explored(store):
    """Done-when: every indicator in datasets/ builds its default view (and its ratio view) without error."""
    built = 0
    for ind_id in store.catalogue.indicators:
        for by in breakdowns(store, ind_id):
            for measure in ("value", "ratio"):
                state, notices = parse(f"ind={ind_id}&by={by}&measure={measure}", store)
                assert notices == [], (ind_id, by, notices)
                view = build_view(store, state)
                assert view.kind in (KIND_TREND, KIND_COMPARE), (ind_id, by)
                assert len(view.table_df) > 0 and view.summary and view.alt_text and view.sources
                assert view.query == "" or "ind=" in view.query or "by=" in view.query or "measure" in view.query
                if view.table_df["quality"].eq("secondary").any():
                    assert view.secondary
                built += 1
    assert built >= 2 * len(store.catalogue.indicators)


def test_positional_groups_never_take_a_fixed_groups_colour(store):
    view = build_view(store, parse("by=deprivation", store)[0])
    colours = [t.line.color for t in view.figure.data if t.mode == "lines+markers"]
    assert len(colours) == len(set(colours)) == 4


def test_an_older_edition_shows_the_figures_as_they_stood(store):
    from dashboard.data.query import editions

    vintages = [v for v, _ in editions(store, "maternal_mortality_rate")]
    old = next(v for v in vintages if v < "2024-01")
    latest_view = build_view(store, parse("", store)[0])
    old_view = build_view(store, parse(f"edition={old}", store)[0])
    assert old_view.state.edition == old and f"edition={old}" in old_view.query
    assert (old_view.table_df["vintage"] <= old).all()
    assert old_view.table_df["period"].max() < latest_view.table_df["period"].max()


def test_ratio_measure_shows_published_ratios_against_one(store):
    view = build_view(store, parse("by=ethnicity&measure=ratio", store)[0])
    assert view.shown.id == "maternal_mortality_rate_ratio"
    assert all(" vs " in g for g in view.table_df["group"])
    assert any(getattr(s, "y0", None) == 1 for s in view.figure.layout.shapes)
    no_ratio = build_view(store, parse("by=country_of_birth&measure=ratio", store)[0])
    assert no_ratio.state.measure == "value" and no_ratio.notices
