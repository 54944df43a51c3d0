"""The per-store lookups answer exactly what the pandas selectors they replaced answered (same rows, same order)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data.index import index_of, records_of
from dashboard.data.query import (
    LATEST,
    Selection,
    _resolve,
    breakdowns,
    editions,
    groups,
    period_end,
    period_start,
    periods,
    resolved,
    series,
)


def _series_reference(store, sel: Selection) -> pd.DataFrame:
    """The old pandas selector: filter the resolved table, then sort by group and period start (stable)."""
    df = resolved(store, sel.edition)
    df = df[(df["indicator"] == sel.indicator) & (df["breakdown"] == sel.breakdown)]
    if sel.groups is not None:
        df = df[df["group"].isin(sel.groups)]
    if sel.period_from:
        df = df[df["period"].map(period_start) >= period_start(sel.period_from)]
    if sel.period_to:
        df = df[df["period"].map(period_start) <= period_start(sel.period_to)]
    order = df["period"].map(period_start)
    return df.assign(_o=order).sort_values(["group", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def test_records_are_to_dict_records(store):
    frame = resolved(store)
    assert records_of(frame) == frame.to_dict("records")


@pytest.mark.parametrize("edition", [LATEST, "2019-01", "2024-10"])
def test_every_series_matches_the_pandas_selector(store, edition):
    assert resolved(store, edition).equals(_resolve(store.table if edition == LATEST
                                                    else store.table[store.table["vintage"] <= edition]))
    keys = store.table[["indicator", "breakdown"]].drop_duplicates().itertuples(index=False)
    for ind, by in keys:
        ps = periods(store, ind, by)
        sels = [Selection(ind, by, edition=edition),
                Selection(ind, by, tuple(groups(store, ind, by)[:2]), ps[0], ps[-1], edition)]
        if len(ps) > 2:
            sels.append(Selection(ind, by, None, ps[1], ps[-2], edition))
        for sel in sels:
            pd.testing.assert_frame_equal(series(store, sel), _series_reference(store, sel))


def test_lookups_match_the_table(store):
    t = store.table
    for ind in store.catalogue.indicators:
        rows = t[t["indicator"] == ind]
        assert set(breakdowns(store, ind)) == set(rows["breakdown"])
        assert (breakdowns(store, ind) or ["overall"])[0] == "overall" or "overall" not in set(rows["breakdown"])
        pairs = rows[["vintage", "publication"]].drop_duplicates().sort_values(["vintage", "publication"],
                                                                                ascending=[False, True])
        assert editions(store, ind) == [(str(v), str(p)) for v, p in pairs.itertuples(index=False)]
        for by in set(rows["breakdown"]):
            sub = rows[rows["breakdown"] == by]
            assert groups(store, ind, by) == sorted(sub["group"].unique().tolist())
            assert periods(store, ind, by) == sorted(sub["period"].unique().tolist(),
                                                     key=lambda p: (period_start(p), period_end(p)))


def test_the_index_is_built_once_per_store(store):
    assert index_of(store) is index_of(store)
    assert index_of(store).edition("2020-12") is index_of(store).edition("2020-12")
