"""Statistics reproduce MBRRACE-UK's published intervals from the published counts."""

import pytest

from dashboard.stats import poisson_rate, rate_ratio


@pytest.mark.parametrize("deaths,maternities,value,low,high", [
    (191, 2173810, 8.79, 7.58, 10.12),    # 2017-19
    (229, 2101829, 10.90, 9.53, 12.40),   # 2018-20
    (241, 2066997, 11.66, 10.23, 13.23),  # 2019-21
])
def test_exact_poisson_ci_matches_published(deaths, maternities, value, low, high):
    est = poisson_rate(deaths, maternities, 100_000)
    assert (round(est.value, 2), round(est.lower, 2), round(est.upper, 2)) == (value, low, high)


@pytest.mark.parametrize("a,b,ratio,low,high", [
    ((229, 2101829), (191, 2173810), 1.24, 1.02, 1.51),  # 2018-20 vs 2017-19, published 1.24 (1.02-1.51)
    ((241, 2066997), (229, 2101829), 1.07, 0.89, 1.29),  # 2019-21 vs 2018-20, published 1.07 (0.89-1.29)
])
def test_rate_ratio_ci_matches_published(a, b, ratio, low, high):
    est = rate_ratio(*a, *b)
    assert (round(est.value, 2), round(est.lower, 2), round(est.upper, 2)) == (ratio, low, high)


def test_the_exact_test_gives_a_two_sided_p_value():
    assert round(rate_ratio(229, 2101829, 191, 2173810).p_value, 3) == 0.028  # interval 1.02 to 1.51 excludes 1
    assert rate_ratio(241, 2066997, 229, 2101829).p_value > 0.05             # interval 0.89 to 1.29 includes 1


def test_zero_count_has_a_finite_upper_limit_and_bad_input_is_refused():
    est = poisson_rate(0, 100_000, 100_000)
    assert est.lower == 0 and 3.6 < est.upper < 3.8
    with pytest.raises(ValueError):
        poisson_rate(1, 0, 100_000)
    with pytest.raises(ValueError):
        rate_ratio(0, 10, 0, 10)


def test_a_rate_ratio_with_no_events_on_one_side_is_zero_or_unbounded():
    none_here = rate_ratio(0, 1000, 5, 1000)
    assert none_here.value == 0.0 and none_here.lower == 0.0 and 0 < none_here.upper < float("inf")
    none_there = rate_ratio(5, 1000, 0, 1000)
    assert none_there.value == float("inf") and none_there.upper == float("inf") and 0 < none_there.lower < 5
    for bad in ((0, 1000, 0, 1000), (-1, 1000, 5, 1000), (5, 1000, -1, 1000), (5, 0, 5, 1000), (5, 1000, 5, 0)):
        with pytest.raises(ValueError, match="need positive denominators and at least one event"):
            rate_ratio(*bad)
