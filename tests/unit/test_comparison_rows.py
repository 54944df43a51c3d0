"""The rules for a row of datasets/curated/comparisons.csv (dashboard.data.validate.check_comparison), each broken on
purpose on a copy of a real row: line 40, MBRRACE-UK's 2019-21 against 2018-20 rate ratio 1.07 (0.89 to 1.29),
"a statistically non-significant increase" (data brief, October 2023)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.data.validate import check_comparison, check_comparisons
from tests.conftest import shipped_row

FILE = "curated/comparisons.csv"


@pytest.fixture(scope="module")
def line40() -> dict:
    row = shipped_row(FILE, 40)
    assert (row["period_a"], row["period_b"], row["ratio"]) == ("2019-21", "2018-20", "1.07")
    return row


def problems(row, catalogue, **changes):
    return [(p.row, p.column, p.rule) for p in check_comparison({**row, **changes}, catalogue, FILE)]


def test_the_real_row_passes(line40, catalogue):
    assert problems(line40, catalogue) == []


@pytest.mark.parametrize(("changes", "column", "rule"), [
    ({"breakdown": "shoe size"}, "breakdown", "breakdown-known"),
    ({"period_a": "2019"}, "period_a", "period-format"),
    ({"period_b": "2018-2020"}, "period_b", "period-format"),
    ({"period_b": "2019-21"}, "group_b", "comparison-two-figures"),
    ({"words": "  "}, "words", "sourced"),
    ({"locator": None}, "locator", "sourced"),
    ({"publication": ""}, "publication", "sourced"),
    ({"ci_upper": None}, "ci_upper", "ci-pair"),
    ({"ci_lower": None}, "ci_lower", "ci-pair"),
    ({"ratio": "1.40"}, "ratio", "ci-order"),
    ({"ratio": "0.80", "direction": "lower"}, "ratio", "ci-order"),
    ({"significance": "significant"}, "significance", "significance-consistent"),
    ({"direction": "lower"}, "direction", "direction-consistent"),
    ({"percent_change": "-7"}, "direction", "direction-consistent"),
    ({"significance": "significant", "direction": "similar", "ci_lower": "1.01"}, "direction",
     "direction-consistent"),
])
def test_each_rule_names_line_column_and_rule(line40, catalogue, changes, column, rule):
    assert problems(line40, catalogue, **changes) == [(40, column, rule)]


def test_an_unknown_indicator_stops_the_other_checks(line40, catalogue):
    assert problems(line40, catalogue, indicator="nope", period_a="x") == [(40, "indicator", "indicator-known")]


def test_an_interval_that_excludes_1_must_be_called_significant(line40, catalogue):
    assert problems(line40, catalogue, ratio="1.24", ci_lower="1.02", ci_upper="1.51") == [
        (40, "significance", "significance-consistent")]
    assert problems(line40, catalogue, ratio="0.80", ci_lower="0.66", ci_upper="0.97") == [
        (40, "significance", "significance-consistent"), (40, "direction", "direction-consistent")]
    assert problems(line40, catalogue, ratio="1.24", ci_lower="1.02", ci_upper="1.51", significance="significant") == []
    assert problems(line40, catalogue, ratio="1.24", ci_lower="1.02", ci_upper="1.51", significance="not-stated") == []
    assert problems(line40, catalogue, ratio="1.00", ci_lower="1.00", ci_upper="1.51") == [
        (40, "direction", "direction-consistent")]  # 1.00 is not 'higher'; an interval touching 1 is not significant


def test_the_messages_say_what_is_wrong(line40, catalogue):
    msgs = {p.rule: p.message for p in check_comparison({**line40, "ratio": "1.40"}, catalogue, FILE)}
    assert msgs == {"ci-order": "the interval 0.89 to 1.29 does not contain 1.40"}
    msgs = {p.rule: p.message for p in check_comparison({**line40, "significance": "significant"}, catalogue, FILE)}
    assert msgs == {"significance-consistent": "'significant' but the interval 0.89 to 1.29 includes 1"}
    msgs = {p.rule: p.message for p in check_comparison({**line40, "direction": "lower"}, catalogue, FILE)}
    assert msgs == {"direction-consistent": "direction 'lower' disagrees with the figure 1.07"}
    msgs = [p.message for p in check_comparison({**line40, "breakdown": "x", "words": ""}, catalogue, FILE)]
    assert msgs == ["'x' is not a breakdown of 'maternal_mortality_rate'", "every comparison must name its words"]


def test_a_similar_or_unstated_direction_is_not_checked_against_the_numbers(line40, catalogue):
    assert problems(line40, catalogue, direction="similar") == []
    assert problems(line40, catalogue, ratio=None, ci_lower=None, ci_upper=None, percent_change="5") == []


def test_the_same_comparison_twice_from_one_publication_is_a_duplicate(line40, catalogue):
    again = {**line40, "_line": 41}
    found = [(p.row, p.column, p.rule) for p in check_comparisons([line40, again, {**line40, "_line": 42}], catalogue, FILE)]
    assert found == [(41, "group_b", "key-unique")]
    other = {**again, "excludes_covid": "true"}
    assert check_comparisons([line40, other], catalogue, FILE) == []


def test_interval_edges_and_the_remaining_messages(line40, catalogue):
    # an interval ending exactly at 1 includes it: 'significant' is then inconsistent
    msgs = {p.rule: p.message for p in check_comparison(
        {**line40, "ratio": "0.80", "ci_lower": "0.64", "ci_upper": "1.00", "significance": "significant",
         "direction": "lower"}, catalogue, FILE)}
    assert msgs == {"significance-consistent": "'significant' but the interval 0.64 to 1.00 includes 1"}
    msgs = {p.rule: p.message for p in check_comparison(
        {**line40, "ratio": "1.60", "ci_lower": "1.50", "ci_upper": "1.70"}, catalogue, FILE)}
    assert msgs == {"significance-consistent": "'not-significant' but the interval 1.50 to 1.70 excludes 1"}
    msgs = [p.message for p in check_comparison({**line40, "ci_upper": None}, catalogue, FILE)]
    assert msgs == ["a confidence interval needs both its limits"]
    msgs = [p.message for p in check_comparison({**line40, "ratio": None, "ci_lower": None, "ci_upper": None,
                                                  "significance": "significant", "direction": "similar"}, catalogue, FILE)]
    assert msgs == ["a significant difference must be 'higher' or 'lower'"]


def test_a_small_percent_change_agrees_with_its_direction(line40, catalogue):
    base = {**line40, "ratio": None, "ci_lower": None, "ci_upper": None}
    assert problems(base, catalogue, percent_change="0.5") == []
    assert problems(base, catalogue, percent_change="-0.5", direction="lower") == []


def test_a_comparison_read_on_the_wrong_page_names_its_rule(line40, catalogue):
    assert problems(line40, catalogue, source_url="https://www.aims.org.uk/x") == [(40, "tier", "primary-on-producer-page")]
    found = [(p.file, p.row, p.rule) for p in check_comparisons([line40, {**line40, "_line": 41}], catalogue, FILE)]
    assert found == [(FILE, 41, "key-unique")]


def test_an_ambition_with_a_bad_baseline_period_is_named(catalogue):
    from dashboard.data.validate import check_ambitions

    a = catalogue.ambitions[0]
    broken = a.model_copy(update={"baseline": a.baseline.model_copy(update={"period": "2009"})})
    found = check_ambitions(replace(catalogue, ambitions=(broken,)), "ambitions.yaml")
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in found] == [
        ("ambitions.yaml", None, f"{a.id}.baseline.period", "period-format",
         "'2009' is not a period of the form YYYY-YY")]
