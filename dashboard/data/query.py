"""Pure selectors over the store: series by breakdown, groups, periods and edition (latest by default)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.data.load import Store
from dashboard.data.schema import SERIES_KEY

LATEST = "latest"


def period_start(period: str) -> int:
    return int(period[:4])


def period_end(period: str) -> int:
    if len(period) == 4:
        return int(period)
    start, end2 = int(period[:4]), int(period[5:7])
    end = (start // 100) * 100 + end2
    return end + 100 if end < start else end


def period_words(period: str) -> str:
    """'2020-22' -> '2020 to 2022'; '2019' -> '2019'."""
    return period if len(period) == 4 else f"{period_start(period)} to {period_end(period)}"


TIER_RANK = {"primary": 2, "official": 1, "secondary": 0}


def _resolve(table: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: the latest revision; of the rows with that value, the most complete.

    A revision is the first publication of a new value. A later publication that only restates an earlier
    value (for example as the comparison point of a newer figure) is not a revision, so 2020-22 does not flip
    back from 13.56 to 13.41 when a January 2025 release quotes the older figure.
    Completeness order among rows with the value shown: tier (primary, official, secondary), published CI,
    any CI, counts, then newest.
    """
    key = list(SERIES_KEY)
    t = table.sort_values("vintage", kind="stable").reset_index(drop=True)
    value = t["value"].to_numpy(dtype="float64", na_value=float("nan"))
    t = t.assign(_v=pd.Series(value).round(6).fillna(-1.0))
    first = t.groupby([*key, "_v"], sort=False, dropna=False)["vintage"].transform("min")
    t = t.assign(_first=first)
    newest_first = t.groupby(key, sort=False, dropna=False)["_first"].transform("max")
    cand = t[t["_first"] == newest_first].assign(
        _tier=t["tier"].map(TIER_RANK).fillna(0).astype(int),
        _pci=(t["ci_method"] == "published").fillna(False).astype(int),
        _ci=t["ci_lower"].notna().astype(int),
        _n=t["numerator"].notna().astype(int),
    )
    cand = cand.sort_values(["_tier", "_pci", "_ci", "_n", "vintage"], kind="stable")
    best = cand.groupby(key, sort=False, dropna=False).tail(1)
    best = _borrow_interval(best, cand[cand["_pci"] == 1], key)
    counts = t.groupby(key, sort=False, dropna=False)["_v"].nunique()
    best = best.merge(counts.rename("n_vintages").reset_index(), on=key, how="left")
    return best.drop(columns=["_v", "_first", "_tier", "_pci", "_ci", "_n"]).reset_index(drop=True)


_CI_COPY = {"ci_lower": "ci_lower", "ci_upper": "ci_upper", "publication": "ci_source_publication",
            "source_url": "ci_source_url", "tier": "ci_tier", "reported_by": "ci_reported_by"}


def _borrow_interval(best: pd.DataFrame, published: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """A shown figure without an interval takes the published interval printed beside the same value elsewhere
    (best tier, then newest), with that interval's own source, tier and who reported it (ci_source_*)."""
    if published.empty:
        return best
    donor = published.groupby(key, sort=False, dropna=False).tail(1)[key + list(_CI_COPY)]
    donor = donor.rename(columns={k: f"_d_{v}" for k, v in _CI_COPY.items()})
    out = best.merge(donor, on=key, how="left")
    take = out["ci_lower"].isna() & out["_d_ci_lower"].notna()
    for v in _CI_COPY.values():
        out[v] = out[v].where(~take, out[f"_d_{v}"])
    out["ci_method"] = out["ci_method"].where(~take, "published")
    return out.drop(columns=[f"_d_{v}" for v in _CI_COPY.values()])


@lru_cache(maxsize=64)
def resolved(store: Store, edition: str = LATEST) -> pd.DataFrame:
    """One row per figure as known at an edition (YYYY-MM, or 'latest')."""
    table = store.table
    if edition != LATEST:
        table = table[table["vintage"] <= edition]
    return _resolve(table)


@dataclass(frozen=True)
class Selection:
    indicator: str
    breakdown: str = "overall"
    groups: tuple[str, ...] | None = None
    period_from: str | None = None
    period_to: str | None = None
    edition: str = LATEST
    geography: str | None = None


def series(store: Store, sel: Selection) -> pd.DataFrame:
    """The figures of one indicator and breakdown, sorted by group then period."""
    df = resolved(store, sel.edition)
    df = df[(df["indicator"] == sel.indicator) & (df["breakdown"] == sel.breakdown)]
    if sel.geography:
        df = df[df["geography"] == sel.geography]
    if sel.groups is not None:
        df = df[df["group"].isin(sel.groups)]
    if sel.period_from:
        df = df[df["period"].map(period_start) >= period_start(sel.period_from)]
    if sel.period_to:
        df = df[df["period"].map(period_start) <= period_start(sel.period_to)]
    order = df["period"].map(period_start)
    return df.assign(_o=order).sort_values(["group", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def history(store: Store, indicator: str, period: str, breakdown: str = "overall", group: str = "All") -> pd.DataFrame:
    """Every published version of one figure, oldest first: the revision trail."""
    t = store.table
    rows = t[(t["indicator"] == indicator) & (t["period"] == period) & (t["breakdown"] == breakdown) & (t["group"] == group)]
    return rows.sort_values("vintage", kind="stable").reset_index(drop=True)


def editions(store: Store, indicator: str | None = None) -> list[tuple[str, str]]:
    """(vintage, publication) pairs, newest first, optionally for one indicator."""
    t = store.table if indicator is None else store.table[store.table["indicator"] == indicator]
    pairs = t[["vintage", "publication"]].drop_duplicates().sort_values(["vintage", "publication"], ascending=[False, True])
    return [(str(v), str(p)) for v, p in pairs.itertuples(index=False)]


def breakdowns(store: Store, indicator: str) -> list[str]:
    t = store.table
    found = set(t.loc[t["indicator"] == indicator, "breakdown"].unique())
    ordered = [b for b in ["overall", *store.catalogue.indicators[indicator].breakdowns] if b in found]
    return list(dict.fromkeys(ordered + sorted(found - set(ordered))))


def groups(store: Store, indicator: str, breakdown: str) -> list[str]:
    t = store.table
    return sorted(t.loc[(t["indicator"] == indicator) & (t["breakdown"] == breakdown), "group"].unique().tolist())


def periods(store: Store, indicator: str, breakdown: str | None = None) -> list[str]:
    t = store.table
    mask = t["indicator"] == indicator
    if breakdown:
        mask &= t["breakdown"] == breakdown
    return sorted(t.loc[mask, "period"].unique().tolist(), key=lambda p: (period_start(p), period_end(p)))
