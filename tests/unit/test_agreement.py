"""Wherever a source states whether two figures differ AND both figures' counts are published, the dashboard's exact
test agrees with the source. The check runs over every such pair in the shipped data, and the expected pairs are
written out by hand so that the test cannot pass by finding none."""

from __future__ import annotations

from dashboard.data.query import resolved
from dashboard.model.compare import NOT_SIGNIFICANT, NOT_STATED, SIGNIFICANT, calculated
from dashboard.model.select import figures_of, statements

# (indicator, breakdown, period_a, period_b): stated comparisons whose two figures both have published counts today
EXPECTED_PAIRS = {
    ("maternal_mortality_rate", "overall", "2019-21", "2018-20"),   # published: RR 1.07 (0.89-1.29), not significant
    ("maternal_mortality_rate", "overall", "2020-22", "2017-19"),   # published: a statistically significant increase
}


def _figure(latest, store, indicator, breakdown, period, group):
    rows = latest[(latest["indicator"] == indicator) & (latest["breakdown"] == breakdown) & (latest["period"] == period)
                  & (latest["group"] == group)]
    return figures_of(store, rows)[0] if len(rows) else None


def test_the_exact_test_agrees_with_every_stated_comparison_it_can_check(store):
    latest = resolved(store)
    checked = set()
    for row in store.comparisons.to_dict("records"):
        a = _figure(latest, store, row["indicator"], row["breakdown"], row["period_a"], row["group_a"])
        b = _figure(latest, store, row["indicator"], row["breakdown"], row["period_b"], row["group_b"])
        test = calculated(a, b)
        if test is None or row["excludes_covid"]:
            continue
        for s in statements(store, row["indicator"], row["breakdown"], row["period_a"], row["group_a"],
                            row["period_b"], row["group_b"]):
            if s.significance == NOT_STATED or s.excludes_covid:
                continue
            ratio, ci, _p = test
            ours = SIGNIFICANT if (ci.lower > 1 or ci.upper < 1) else NOT_SIGNIFICANT
            assert ours == s.significance, (row["row_id"], s.words, ratio, ci)
            if s.ratio is not None:
                assert abs(ratio - s.ratio) < 0.01 + 10 ** -2, (row["row_id"], ratio, s.ratio)
            checked.add((row["indicator"], row["breakdown"], row["period_a"], row["period_b"]))
    assert checked >= EXPECTED_PAIRS
