"""Pure parts of Explore and sharing: the form back to a view, building a view once, and the sentences that travel
with a shared chart."""

from __future__ import annotations

from datetime import date

from dashboard.explore.form import clean_fields, controls, form_query
from dashboard.explore.state import parse
from dashboard.explore.view import build_view
from dashboard.model.figure import Source
from dashboard.model.words import made_line, tier_source_line, view_citation


def test_form_resets_follow_what_changed(store):
    prev = "by=ethnicity&groups=Black|Asian&from=2015-17&ci=0"
    same = {"prev": [prev], "ind": ["maternal_mortality_rate"], "by": ["ethnicity"], "groups": ["Black"]}
    assert form_query(same, store) == ("by=ethnicity&groups=Black&ci=0", [])
    new_by = {**same, "by": ["deprivation"], "ci": ["1"]}
    assert form_query(new_by, store) == ("by=deprivation", [])
    new_ind = {**same, "ind": ["maternal_suicide_rate"], "edition": ["2020-12"]}
    assert form_query(new_ind, store) == ("ind=maternal_suicide_rate&ci=0", [])
    variant = {**same, "variant": ["maternal_mortality_rate_excl_covid"], "ci": ["on"]}
    assert form_query(variant, store) == ("ind=maternal_mortality_rate_excl_covid", [])


def test_form_fields_of_any_shape_are_cleaned():
    assert clean_fields(None) == {} and clean_fields(["by", "x"]) == {}
    assert clean_fields({"by": "age", 3: "x", "groups": ["A", None, {"x": 1}, 7, True, "  "], "ci": [1.5]}) == {
        "by": ["age"], "groups": ["A", "7"], "ci": ["1.5"]}
    assert clean_fields({"by": ["x" * 201]}) == {"by": []}


def test_controls_mark_the_current_choice(store):
    c = controls(store, parse("by=deprivation&from=2015-17", store)[0])
    assert [o.value for o in c.breakdowns if o.selected] == ["deprivation"]
    assert [o.value for o in c.periods_from if o.selected] == ["2015-17"]
    assert [o.value for o in c.periods_to if o.selected] == [""]
    assert c.prev == "by=deprivation&from=2015-17"
    assert controls(store, parse("ind=maternal_suicide_rate", store)[0]).groups == ()


def source(tier: str, reported_by: str | None = None) -> Source:
    return Source(producer="mbrrace-uk", producer_name="MBRRACE-UK", publication="Saving Lives, Improving Mothers' "
                  "Care 2024 (2020-22)", published_date="2024-10-10", url="https://example.org/r", locator="p. 3",
                  tier=tier, reported_by=reported_by)


def test_source_lines_name_the_tier():
    assert tier_source_line(source("primary")) == ("Primary source: Saving Lives, Improving Mothers' Care 2024 "
                                                   "(2020-22), MBRRACE-UK.")
    assert tier_source_line(source("official", "NHS England")) == (
        "Official summary: Saving Lives, Improving Mothers' Care 2024 (2020-22), MBRRACE-UK (official summary: "
        "restated by NHS England).")
    assert tier_source_line(source("secondary", "AIMS")) == (
        "Secondary source: Saving Lives, Improving Mothers' Care 2024 (2020-22), MBRRACE-UK (reported by AIMS; not "
        "checked against the original).")


def test_view_citation_and_date_line():
    assert view_citation("UK maternal outcome statistics", "1.2.0", "Maternal deaths", "https://x.org/explore",
                         date(2026, 3, 4)) == ("UK maternal outcome statistics (version 1.2.0). Maternal deaths. An "
                                               "independent presentation of published figures. https://x.org/explore "
                                               "(accessed 4 March 2026).")
    assert made_line("Site", date(2026, 12, 2)) == ("Made on 2 December 2026 by Site, an independent presentation of "
                                                    "published figures.")


def test_a_view_is_built_once_per_state(store):
    # the Explore memo (docs/benchmarks.md: a view from scratch takes milliseconds, from the memo microseconds)
    from dashboard.explore.state import ViewState
    from dashboard.explore.view import build_view

    state = ViewState(indicator="maternal_mortality_rate", breakdown="ethnicity")
    assert build_view(store, state) is build_view(store, state)


def test_a_parsed_view_is_built_without_parsing_the_query_again(store, monkeypatch):
    from dashboard.explore import view as view_module
    from dashboard.explore.state import ViewState

    state, _ = parse("by=age&from=2012-14&ci=0", store)
    calls: list[object] = []
    monkeypatch.setattr(view_module, "parse", lambda *a: calls.append(a) or parse(*a))
    view_module.build_view.cache_clear()
    assert view_module.build_view(store, state).state == state
    assert calls == []
    view_module.build_view(store, ViewState(breakdown="age", period_from="2013-15"))  # a state made in code
    assert len(calls) == 1


def test_the_rate_over_time_says_what_the_source_found_with_covid_deaths_left_out(store):
    # comparisons.csv line 8: 2022-24 against 2019-21 with COVID-19 deaths excluded, "remained statistically
    # significantly increased" (January 2026 brief); line 28: 2020-22 against 2017-19, "remained statistically
    # significant" (January 2024 brief)
    words = " ".join(build_view(store, parse("", store)[0]).summary)
    assert "With deaths from COVID-19 left out" in words
    assert '("remained statistically significantly increased")' in words
    assert '("remained statistically significant")' in words
    # a view of one ethnic group is not the overall series: the overall finding is not said of it
    assert "COVID-19 left out" not in " ".join(build_view(store, parse("by=ethnicity&groups=Black", store)[0]).summary)
