"""Which version of a figure is shown (dashboard.data.query._resolve), on a small table written here: the 2020-22
maternal mortality rate as it was published and restated (13.41 in the January 2024 data brief; 13.56 with 275
deaths in 2,028,543 maternities in the October 2024 report; each later restated). The sources, tiers and the
interval of the 13.41 row are made up for the rule under test; the counts are the published ones."""

from __future__ import annotations

import pandas as pd

from dashboard.data.query import _resolve
from dashboard.model.figure import present

BASE = {"indicator": "maternal_mortality_rate", "period": "2020-22", "breakdown": "overall", "group": "All",
        "geography": "UK", "ci_lower": None, "ci_upper": None, "ci_method": None, "numerator": None,
        "denominator": None, "reported_by": None, "publication": "P", "source_url": "https://x.org/"}


def table(*rows) -> pd.DataFrame:
    t = pd.DataFrame([{**BASE, **r} for r in rows])
    for col in ("ci_source_publication", "ci_source_url", "ci_tier", "ci_reported_by", "counts_source_publication",
                "counts_source_url", "counts_tier", "counts_reported_by"):
        t[col] = None
    return t


def shown(t: pd.DataFrame) -> dict:
    (row,) = _resolve(t, {"maternal_mortality_rate": 100000}, {"maternal_mortality_rate": 2}).to_dict("records")
    return {k: (v if present(v) else None) for k, v in row.items()}


JAN24 = {"value": 13.41, "vintage": "2024-01", "tier": "primary", "ci_lower": 11.8, "ci_upper": 15.2,
         "ci_method": "published", "source_url": "https://www.npeu.ox.ac.uk/brief-2024"}
OCT24 = {"value": 13.56, "vintage": "2024-10", "tier": "secondary", "reported_by": "AIMS", "numerator": 275,
         "denominator": 2028543, "source_url": "https://www.aims.org.uk/x", "publication": "SLIMC 2024"}
JAN25 = {"value": 13.41, "vintage": "2025-01", "tier": "primary", "source_url": "https://www.npeu.ox.ac.uk/b25"}
SEP25 = {"value": 13.56, "vintage": "2025-09", "tier": "official", "reported_by": "HQIP",
         "source_url": "https://www.hqip.org.uk/x"}


def test_a_restatement_of_an_older_value_is_not_a_revision():
    s = shown(table(JAN24, OCT24, JAN25))
    assert (s["value"], s["vintage"], s["tier"], s["n_vintages"]) == (13.56, "2024-10", "secondary", 2)


def test_among_rows_with_the_shown_value_the_best_tier_wins_and_borrows_the_counts_printed_elsewhere():
    s = shown(table(JAN24, OCT24, JAN25, SEP25))
    assert (s["value"], s["vintage"], s["tier"], s["reported_by"]) == (13.56, "2025-09", "official", "HQIP")
    assert (s["numerator"], s["denominator"]) == (275, 2028543)
    assert (s["counts_source_url"], s["counts_source_publication"], s["counts_tier"], s["counts_reported_by"]) == (
        "https://www.aims.org.uk/x", "SLIMC 2024", "secondary", "AIMS")
    # no published interval for 13.56 anywhere: the exact Poisson interval of 275 in 2,028,543 (chi-squared form)
    assert (s["ci_lower"], s["ci_upper"], s["ci_method"], s["ci_source_url"]) == (12.0, 15.26, "calculated", None)


def test_a_published_interval_printed_beside_the_same_value_is_borrowed_with_its_source():
    with_ci = {**SEP25, "vintage": "2025-10", "tier": "secondary", "reported_by": "NHS Providers",
               "ci_lower": 11.9, "ci_upper": 15.3, "ci_method": "published", "source_url": "https://nhsp.org/x",
               "publication": "Briefing"}
    s = shown(table(JAN24, OCT24, SEP25, with_ci))
    assert (s["vintage"], s["tier"]) == ("2025-09", "official")
    assert (s["ci_lower"], s["ci_upper"], s["ci_method"]) == (11.9, 15.3, "published")
    assert (s["ci_source_url"], s["ci_source_publication"], s["ci_tier"], s["ci_reported_by"]) == (
        "https://nhsp.org/x", "Briefing", "secondary", "NHS Providers")


def test_equal_rows_go_to_the_one_with_an_interval_then_counts_then_the_newest():
    a = {**OCT24, "numerator": None, "denominator": None, "vintage": "2024-10"}
    b = {**OCT24, "vintage": "2024-11"}                                   # counts
    c = {**OCT24, "numerator": None, "denominator": None, "vintage": "2024-12"}
    assert shown(table(a, b, c))["vintage"] == "2024-11"
    d = {**c, "ci_lower": 12.0, "ci_upper": 15.3, "ci_method": "calculated"}  # a calculated interval beats counts
    assert shown(table(a, b, d))["vintage"] == "2024-12"
    assert shown(table(a, c))["vintage"] == "2024-12"


def test_a_gap_is_a_value_of_its_own():
    gap = {**OCT24, "value": None, "vintage": "2026-01", "numerator": None, "denominator": None}
    s = shown(table(OCT24, gap))
    assert (s["value"], s["vintage"], s["n_vintages"]) == (None, "2026-01", 2)


def test_a_calculated_interval_gives_way_to_one_published_beside_the_same_value():
    calc = {**OCT24, "ci_lower": 12.0, "ci_upper": 15.26, "ci_method": "calculated"}
    printed = {**OCT24, "vintage": "2024-11", "tier": "secondary", "reported_by": "NHS Providers",
               "numerator": None, "denominator": None, "ci_lower": 11.9, "ci_upper": 15.3, "ci_method": "published",
               "source_url": "https://nhsp.org/x"}
    official = {**SEP25, "ci_lower": 12.0, "ci_upper": 15.26, "ci_method": "calculated", "numerator": 275,
                "denominator": 2028543}
    s = shown(table(calc, printed, official))
    assert (s["tier"], s["ci_lower"], s["ci_upper"], s["ci_method"], s["ci_source_url"]) == (
        "official", 11.9, 15.3, "published", "https://nhsp.org/x")


def test_the_newest_of_several_count_donors_lends_its_counts_once():
    old = {**OCT24, "numerator": 274, "denominator": 2028000, "source_url": "https://a.org/"}
    new = {**OCT24, "vintage": "2024-11", "source_url": "https://b.org/"}
    out = _resolve(table(old, new, SEP25))
    assert len(out) == 1 and "index" not in out.columns
    assert (out.loc[0, "numerator"], out.loc[0, "counts_source_url"]) == (275, "https://b.org/")


def test_an_interval_is_calculated_to_two_decimals_when_the_indicator_gives_none():
    from dashboard.data.query import _calculate_intervals

    best = table(OCT24)
    out = _calculate_intervals(best, {"maternal_mortality_rate": 100000}, {})
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (12.0, 15.26)


def test_unknown_series_have_no_groups_or_periods(store):
    from dashboard.data.query import breakdowns, groups, periods

    assert groups(store, "nope", "overall") == [] and periods(store, "nope") == [] and breakdowns(store, "nope") == []
