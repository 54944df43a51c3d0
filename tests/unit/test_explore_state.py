"""The URL is the view: parse/to_query round-trip, and junk links never raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from dashboard.data.query import breakdowns, editions, groups, periods
from dashboard.explore.state import ViewState, default_groups, max_groups, parse, same_query, to_query
from tests.budget import examples


def test_empty_query_is_the_default_view(store):
    state, notices = parse("", store)
    assert state == ViewState(groups=("All",))
    assert notices == []
    assert to_query(state, store) == ""


def test_round_trip_of_a_full_view(store):
    eds = [v for v, _ in editions(store, "maternal_mortality_rate")]
    q = (f"ind=maternal_mortality_rate&by=ethnicity&groups=Black|Asian&from=2013-15&to=2018-20&measure=ratio"
         f"&ci=0&edition={eds[-1]}")
    state, notices = parse(q, store)
    assert notices == []
    assert state.groups == ("Black", "Asian") and state.breakdown == "ethnicity"
    assert (state.period_from, state.period_to, state.measure, state.ci) == ("2013-15", "2018-20", "ratio", False)
    again, notices2 = parse(to_query(state, store), store)
    assert again == state and notices2 == []


@pytest.mark.parametrize("query, fragment", [
    ("ind=nonsense", "Indicator: we don't have an indicator called 'nonsense'"),
    ("by=shoe-size", "Breakdown: this indicator has no 'shoe-size' breakdown"),
    ("by=ethnicity&groups=Martian", "Groups: 'Martian' is not a group of this breakdown"),
    ("from=1066", "From: '1066' is not a period"),
    ("to=1066", "To: '1066' is not a period"),
    ("measure=vibes", "Measure: 'vibes' is not a measure we show"),
    ("ci=maybe", "Confidence intervals: the setting in the link was not understood"),
    ("edition=1999-01", "Data edition: there is no edition '1999-01'"),
    ("from=2022-24&to=2003-05", "From and To: the start period came after the end period, so they were swapped."),
])
def test_each_junk_value_gives_a_notice_and_a_valid_view(store, query, fragment):
    state, notices = parse(query, store)
    assert any(fragment in n for n in notices), notices
    assert state.indicator in store.catalogue.indicators
    assert state.breakdown in breakdowns(store, state.indicator)


# The nine English regions of the ONS neonatal mortality table (datasets/curated/perinatal.csv, by=region), in the
# order a link names them; a chart tells apart six series (six colours, each with its own marker and dash).
REGIONS = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East",
           "London", "South East", "South West"]
QUINTILES = ["Quintile 1 (least deprived)", "Quintile 2", "Quintile 3", "Quintile 4", "Quintile 5 (most deprived)"]


def test_too_many_groups_keep_the_first_six_and_name_the_ones_left_out(store):
    state, notices = parse("ind=neonatal_mortality_rate_ons&by=region&groups=" + "|".join(REGIONS), store)
    assert list(state.groups) == REGIONS[:6]
    assert notices == [("Groups: a chart of this breakdown shows at most 6 groups, so 'London', 'South East' and "
                       "'South West' were left out.")]


def test_all_five_deprivation_quintiles_and_all_five_ethnic_groups_fit_in_one_view(store):
    state, notices = parse("by=deprivation&groups=" + "|".join(QUINTILES), store)
    assert (list(state.groups), notices) == (QUINTILES, [])
    assert max_groups(store, "maternal_mortality_rate", "deprivation") == 5
    eth = ["White (inc. not known)", "Asian", "Black", "Chinese or other", "Mixed/multiple ethnic groups"]
    state, notices = parse("by=ethnicity&groups=" + "|".join(eth), store)
    assert (list(state.groups), notices) == (eth, [])


@pytest.mark.parametrize("query", [
    "by=deprivation&groups=Quintile 2|Quintile 4",
    "by=deprivation&groups=Quintile+2%7CQuintile+4",
    "by=deprivation&groups=Quintile%202&groups=Quintile%204",
    "by=deprivation&groups=Quintile 2|Quintile 4&groups=Quintile 2",
])
def test_every_encoding_of_the_groups_names_the_same_view(store, query):
    state, notices = parse(query, store)
    assert notices == []
    assert state.groups == ("Quintile 2", "Quintile 4")
    assert to_query(state, store) == "by=deprivation&groups=Quintile+2|Quintile+4"


def test_same_query_treats_a_percent_encoded_bar_as_the_bar_itself():
    assert same_query("by=ethnicity&groups=Black%7CAsian", "by=ethnicity&groups=Black|Asian")
    assert same_query("groups=Quintile%202", "groups=Quintile+2")
    assert not same_query("groups=Black&groups=Asian", "groups=Black|Asian")   # another spelling: one redirect
    assert not same_query("groups=Asian|Black", "groups=Black|Asian")          # another order is another view


def test_default_groups_put_the_reference_first_and_keep_the_notable_groups(store):
    eth = default_groups(store, "maternal_mortality_rate", "ethnicity")
    assert eth[0] == "White (inc. not known)" and "Black" in eth and "Asian" in eth
    dep = default_groups(store, "maternal_mortality_rate", "deprivation")
    assert dep[0] == "Quintile 1 (least deprived)" and "Quintile 5 (most deprived)" in dep


def _valid(state: ViewState, store) -> bool:
    ind = state.indicator
    ok = ind in store.catalogue.indicators and state.breakdown in breakdowns(store, ind)
    ok &= set(state.groups) <= set(groups(store, ind, state.breakdown)) and 0 < len(state.groups) <= max_groups(store, ind, state.breakdown)
    valid_periods = periods(store, ind, state.breakdown)
    rid = f"{ind}_ratio"
    if state.measure == "ratio" and rid in store.catalogue.indicators and state.breakdown in breakdowns(store, rid):
        valid_periods = valid_periods + periods(store, rid, state.breakdown)
    ok &= state.period_from in (None, *valid_periods) and state.period_to in (None, *valid_periods)
    return bool(ok and state.measure in ("value", "ratio"))


KEYS = st.sampled_from(["ind", "by", "groups", "from", "to", "measure", "ci", "edition", "x", "", "ind[]"])
JUNK = st.one_of(st.text(max_size=300), st.sampled_from(["maternal_mortality_rate", "ethnicity", "2018-20", "Black|Asian",
                                                          "%00", "%ZZ", "&&&", "=", "ratio", "0", "1", "latest"]))


@hsettings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(KEYS, JUNK), max_size=8))
def test_fuzzed_junk_never_raises_and_always_gives_a_valid_view(store, pairs):
    from urllib.parse import urlencode

    state, notices = parse(urlencode(pairs), store)
    assert _valid(state, store)
    assert all(isinstance(n, str) and n for n in notices)
    again, _ = parse(to_query(state, store), store)
    assert again == state


@hsettings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=400))
def test_raw_query_strings_never_raise(store, raw):
    state, _ = parse(raw, store)
    assert _valid(state, store)


def test_ratio_measure_accepts_the_ratios_own_periods(store):
    state, notices = parse("by=ethnicity&measure=ratio&from=2021-23&to=2021-23", store)
    assert notices == [] and state.period_from == "2021-23"
    _, notices = parse("by=ethnicity&from=2021-23", store)
    assert notices  # not a period of the rates by ethnicity


def test_an_indicator_without_an_overall_figure_opens_on_its_first_breakdown(store):
    # datasets/indicators.yaml: the published rate ratios come by ethnicity first, then deprivation and age
    state, notices = parse("ind=maternal_mortality_rate_ratio", store)
    assert (state.breakdown, notices) == ("ethnicity", [])
    state, notices = parse("ind=maternal_mortality_rate_ratio&by=overall", store)
    assert state.breakdown == "ethnicity"
    assert notices == ["Breakdown: this indicator has no 'overall' breakdown, so this shows ethnicity."]
    state, notices = parse("ind=csc_characteristic_share&by=" + "x" * 100, store)
    assert state.breakdown == "with_csc_involvement"
    assert notices == [f"Breakdown: this indicator has no '{'x' * 60}' breakdown, so this shows with csc involvement."]


def test_a_leading_question_mark_is_part_of_a_pasted_link_not_of_the_first_field(store):
    assert parse("?by=ethnicity", store)[0].breakdown == "ethnicity"


def test_a_link_with_more_than_50_fields_is_ignored_whole(store):
    junk = "&".join(f"x{i}=1" for i in range(49))
    assert parse(f"{junk}&by=ethnicity", store)[0].breakdown == "ethnicity"          # 50 fields
    assert parse(f"{junk}&y=1&by=ethnicity", store)[0].breakdown == "overall"        # 51 fields


def test_breakdowns_follow_the_metadata_order_and_editions_run_newest_first(store):
    # datasets/indicators.yaml lists the rate ratios' breakdowns as ethnicity, deprivation, age
    assert breakdowns(store, "maternal_mortality_rate_ratio") == ["ethnicity", "deprivation", "age"]
    eds = [v for v, _ in editions(store, "maternal_mortality_rate")]
    assert eds == sorted(eds, reverse=True) and eds[0] == "2026-01"
