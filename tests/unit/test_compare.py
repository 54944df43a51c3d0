"""The edges of the one "is this difference real?" policy (dashboard.model.compare): how a published row or ratio
becomes a statement, where an interval stops counting as significant, when the exact test may run, and which
statement wins. Every expected value is written here by hand."""

from __future__ import annotations

import math

import pytest

from dashboard.model.compare import (
    CALCULATED_TEST,
    GROUPS,
    HIGHER,
    LOWER,
    NONE,
    NOT_SIGNIFICANT,
    NOT_STATED,
    PERIODS,
    SIGNIFICANT,
    SIMILAR,
    SOURCE,
    Statement,
    calculated,
    decide,
    rank,
)
from dashboard.model.figure import CALCULATED, PUBLISHED, Interval
from tests.unit.test_model import OFFICIAL_SRC, PRIMARY_SRC, SECONDARY_SRC, SHARE, fig, stmt


def row(**kw) -> dict:
    base = {"direction": "higher", "significance": NOT_STATED, "words": "an increase", "vintage": "2022-11"}
    return base | kw


# ---- a comparison row ----------------------------------------------------------------------------------------------

def test_a_row_keeps_every_published_field():
    s = Statement.from_row(row(significance=SIGNIFICANT, words="a statistically significant increase", ratio="1.54",
                               ci_lower="1.27", ci_upper="1.88", p_value="0.001", percent_change="53",
                               excludes_covid=True, row_id="curated/comparisons.csv:4"), PRIMARY_SRC)
    assert (s.direction, s.significance, s.words, s.vintage) == (
        "higher", SIGNIFICANT, "a statistically significant increase", "2022-11")
    assert (s.ratio, s.ci, s.p_value, s.percent_change) == (1.54, Interval(1.27, 1.88, PUBLISHED), 0.001, 53.0)
    assert s.excludes_covid and s.row_id == "curated/comparisons.csv:4" and s.source is PRIMARY_SRC
    assert not s.by_interval  # the words decided, not the interval


def test_missing_fields_stay_missing():
    s = Statement.from_row(row(ratio=float("nan"), ci_lower=1.02, ci_upper=None, p_value=None), SECONDARY_SRC)
    assert (s.ratio, s.ci, s.p_value, s.percent_change, s.row_id) == (None, None, None, None, "")
    assert s.significance == NOT_STATED and not s.by_interval and not s.excludes_covid


@pytest.mark.parametrize(("lower", "upper", "expected"), [
    (1.02, 1.51, SIGNIFICANT),      # wholly above 1
    (0.52, 0.97, SIGNIFICANT),      # wholly below 1
    (1.00, 1.51, NOT_SIGNIFICANT),  # touching 1 is not leaving it out
    (0.52, 1.00, NOT_SIGNIFICANT),
    (0.90, 1.30, NOT_SIGNIFICANT),
])
def test_a_printed_interval_counts_as_significant_only_when_it_leaves_out_1(lower, upper, expected):
    s = Statement.from_row(row(ci_lower=lower, ci_upper=upper), PRIMARY_SRC)
    assert s.significance == expected and s.by_interval


# ---- a published rate ratio between groups -------------------------------------------------------------------------

def ratio_fig(value, ci):
    return fig(value, "2020-22", ci=ci, num=None, den=None)


def test_a_published_ratio_with_its_interval_is_the_sources_own_test_of_the_gap():
    s = Statement.from_ratio(ratio_fig(3.66, Interval(2.45, 5.47, PUBLISHED)))
    assert (s.direction, s.significance, s.ratio, s.ci) == (HIGHER, SIGNIFICANT, 3.66, Interval(2.45, 5.47, PUBLISHED))
    assert s.from_ratio_figure and s.by_interval and s.words == ""
    assert (s.vintage, s.row_id, s.source) == ("2026-01", "curated/maternal.csv:9", PRIMARY_SRC)


def test_a_ratio_below_1_is_lower_and_one_of_exactly_1_is_similar():
    low = Statement.from_ratio(ratio_fig(0.80, Interval(0.55, 1.16, PUBLISHED)))
    assert (low.direction, low.significance) == (LOWER, NOT_SIGNIFICANT)
    assert Statement.from_ratio(ratio_fig(1.00, Interval(0.70, 1.43, PUBLISHED))).direction == SIMILAR
    assert Statement.from_ratio(ratio_fig(1.30, None)).direction == HIGHER


@pytest.mark.parametrize("ci", [None, Interval(1.5, 2.9, CALCULATED)])
def test_a_ratio_without_a_published_interval_states_nothing(ci):
    s = Statement.from_ratio(ratio_fig(2.10, ci))
    assert (s.significance, s.ci, s.by_interval) == (NOT_STATED, None, False)
    assert s.direction == HIGHER


# ---- the exact test on published counts ----------------------------------------------------------------------------

LATER = fig(13.56, "2020-22", num=275, den=2028543)
EARLIER = fig(8.79, "2017-19", num=191, den=2173810)


def test_the_exact_test_needs_a_rate_and_all_four_counts():
    assert calculated(None, EARLIER) is None and calculated(LATER, None) is None
    assert calculated(fig(22, num=22, den=100, ind=SHARE), fig(12, num=12, den=100, ind=SHARE)) is None
    assert calculated(fig(13.56, num=275, den=None), EARLIER) is None
    assert calculated(LATER, fig(8.79, num=None, den=2173810)) is None
    assert calculated(fig(0.0, num=0, den=1000), fig(0.0, num=0, den=1000)) is None  # no events: nothing to test


def test_equal_counts_are_still_tested():
    ratio, ci, p = calculated(fig(1.0, num=10, den=1000), fig(1.0, num=10, den=1000))
    assert ratio == 1.0 and ci.calculated and ci.lower < 1 < ci.upper and p == 1.0


def test_a_tiny_p_value_stays_tiny():
    ratio, ci, p = calculated(fig(50.0, num=500, den=1000000), fig(10.0, num=100, den=1000000))
    assert ratio == 5.0 and ci.lower > 4 and p < 1e-50


def test_a_calculated_test_that_finds_no_difference_says_so_and_gives_its_direction():
    v = decide(PERIODS, "2018-20", "2017-19", fig(9.0, num=180, den=2000000), fig(9.5, num=190, den=2000000), ())
    assert (v.method, v.significance, v.direction) == (CALCULATED_TEST, NOT_SIGNIFICANT, LOWER)
    assert math.isclose(v.ratio, 180 / 190) and v.ci.calculated and 0.05 < v.p_value <= 1
    assert v.deciding is None


def test_an_interval_starting_at_exactly_1_is_not_significant_in_the_calculated_test_either(monkeypatch):
    from dashboard.model import compare

    monkeypatch.setattr(compare, "calculated", lambda a, b: (1.3, Interval(1.0, 1.7, CALCULATED), 0.05))
    v = decide(PERIODS, "a", "b", LATER, EARLIER, ())
    assert v.significance == NOT_SIGNIFICANT and v.direction == HIGHER


# ---- which statement answers ---------------------------------------------------------------------------------------

def test_the_deciding_statement_brings_its_ratio_interval_and_p():
    s = stmt(ratio=1.54, ci=Interval(1.27, 1.88, PUBLISHED), p_value=0.001)
    v = decide(PERIODS, "2020-22", "2017-19", LATER, EARLIER, (s,))
    assert (v.method, v.ratio, v.ci, v.p_value, v.deciding, v.direction) == (
        SOURCE, 1.54, Interval(1.27, 1.88, PUBLISHED), 0.001, s, "higher")


def test_silence_keeps_the_direction_the_source_gave_and_no_direction_when_it_gave_none():
    v = decide(PERIODS, "2022-24", "2017-19", None, None, (stmt(NOT_STATED, "higher", "45% higher"),))
    assert (v.method, v.direction) == (NONE, "higher")
    assert decide(PERIODS, "a", "b", None, None, ()).direction is None


def test_a_covid_excluded_statement_never_decides_alone():
    covid = stmt(SIGNIFICANT, "higher", "a significant increase", excludes_covid=True)
    v = decide(PERIODS, "2020-22", "2017-19", None, None, (covid,))
    assert (v.method, v.significance, v.direction, v.deciding) == (NONE, NOT_STATED, None, None)
    assert v.covid_excluded is covid and v.statements == (covid,)


def test_sizes_are_the_untested_statements_with_words_and_not_ratio_figures():
    size = stmt(NOT_STATED, words="20% higher")
    blank = stmt(NOT_STATED, words="")
    ratio = Statement.from_ratio(ratio_fig(2.10, None))
    v = decide(GROUPS, "Black", "White", None, None, (size, blank, ratio))
    assert v.sizes == (size,)


def test_words_beat_a_printed_interval_which_beats_silence():
    words = stmt(NOT_SIGNIFICANT, words="not significant", vintage="2020-01")
    interval = Statement.from_row(row(ci_lower=1.02, ci_upper=1.51, vintage="2025-01"), PRIMARY_SRC)
    silent = stmt(NOT_STATED, words="24% higher", vintage="2026-01")
    assert sorted((silent, interval, words), key=rank, reverse=True) == [words, interval, silent]


def test_a_comparison_row_beats_a_ratio_figure_and_official_beats_secondary():
    from_row = Statement.from_row(row(ci_lower=1.1, ci_upper=1.5, vintage="2020-01"), SECONDARY_SRC)
    from_ratio = Statement.from_ratio(ratio_fig(1.3, Interval(1.1, 1.5, PUBLISHED)))
    assert sorted((from_ratio, from_row), key=rank, reverse=True) == [from_row, from_ratio]
    official, secondary = stmt(src=OFFICIAL_SRC, vintage="2020-01"), stmt(src=SECONDARY_SRC, vintage="2026-01")
    assert decide(PERIODS, "a", "b", None, None, (secondary, official)).deciding is official
