"""Pure selectors over the store: series by breakdown, groups, periods and edition (latest by default)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.data.load import Store
from dashboard.data.schema import SERIES_KEY
from dashboard.tiers import TIER_RANK

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


def _resolve(table: pd.DataFrame, multipliers: dict[str, int] | None = None,
             decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per figure: the latest revision; of the rows with that value, the most complete.

    A revision is the first publication of a new value. A later publication that only restates an earlier
    value (for example as the comparison point of a newer figure) is not a revision, so 2020-22 does not flip
    back from 13.56 to 13.41 when a January 2025 release quotes the older figure.
    Completeness order among rows with the value shown: tier (primary, official, secondary), published CI,
    any CI, counts, then newest. What the chosen row lacks and another row with the same value printed (a
    published interval, the counts) is taken from that row with its own source (ci_source_*, counts_source_*);
    with counts but no published interval, the interval is calculated (exact Poisson, ci_method 'calculated').
    `multipliers` and `decimals` (per rate indicator) allow that calculation.
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
    best = _borrow(best, cand[cand["_pci"] == 1], key, _CI_COPY,
                   take=lambda out: out["ci_lower"].isna() | (out["ci_method"] == "calculated"))
    best["ci_method"] = best["ci_method"].where(best["ci_source_url"].isna(), "published")
    best = _borrow(best, cand[cand["numerator"].notna() & cand["denominator"].notna()], key, _COUNT_COPY,
                   take=lambda out: out["numerator"].isna() | out["denominator"].isna())
    if multipliers:
        best = _calculate_intervals(best, multipliers, decimals or {})
    counts = t.groupby(key, sort=False, dropna=False)["_v"].nunique()
    best = best.merge(counts.rename("n_vintages").reset_index(), on=key, how="left")
    return best.drop(columns=["_v", "_first", "_tier", "_pci", "_ci", "_n"]).reset_index(drop=True)


_CI_COPY = {"ci_lower": "ci_lower", "ci_upper": "ci_upper", "publication": "ci_source_publication",
            "source_url": "ci_source_url", "tier": "ci_tier", "reported_by": "ci_reported_by"}
_COUNT_COPY = {"numerator": "numerator", "denominator": "denominator", "publication": "counts_source_publication",
               "source_url": "counts_source_url", "tier": "counts_tier", "reported_by": "counts_reported_by"}


def _borrow(best: pd.DataFrame, donors: pd.DataFrame, key: list[str], copy: dict[str, str],
            take: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Fill what a shown figure lacks from the best donor row with the same value (best tier, then newest),
    recording the donor's publication, page, tier and who reported it."""
    if donors.empty:
        return best
    donor = donors.groupby(key, sort=False, dropna=False).tail(1)[key + list(copy)]
    donor = donor.rename(columns={k: f"_d_{v}" for k, v in copy.items()})
    out = best.merge(donor, on=key, how="left")
    mask = take(out).fillna(False) & out[f"_d_{next(iter(copy.values()))}"].notna()
    for v in copy.values():
        out[v] = out[v].where(~mask, out[f"_d_{v}"])
    return out.drop(columns=[f"_d_{v}" for v in copy.values()])


def _calculate_intervals(best: pd.DataFrame, multipliers: dict[str, int], decimals: dict[str, int]) -> pd.DataFrame:
    """An exact Poisson interval, labelled calculated, for a shown rate with counts (its own or borrowed) and no
    published interval."""
    from dashboard.stats import poisson_rate

    need = best["ci_lower"].isna() & best["numerator"].notna() & best["denominator"].notna() & \
        best["indicator"].isin(list(multipliers))
    if not need.any():
        return best
    out = best.copy()
    for i in out.index[need.fillna(False)]:
        ind = out.at[i, "indicator"]
        est = poisson_rate(int(out.at[i, "numerator"]), int(out.at[i, "denominator"]), multipliers[ind])
        out.at[i, "ci_lower"] = round(est.lower, decimals.get(ind, 2))
        out.at[i, "ci_upper"] = round(est.upper, decimals.get(ind, 2))
        out.at[i, "ci_method"] = "calculated"
    return out


def _index(store: Store):  # dashboard.data.index imports this module, so it is imported here
    from dashboard.data.index import index_of

    return index_of(store)


def resolved(store: Store, edition: str = LATEST) -> pd.DataFrame:
    """One row per figure as known at an edition (YYYY-MM, or 'latest')."""
    return _index(store).edition(edition).frame


@dataclass(frozen=True)
class Selection:
    indicator: str
    breakdown: str = "overall"
    groups: tuple[str, ...] | None = None
    period_from: str | None = None
    period_to: str | None = None
    edition: str = LATEST
    geography: str | None = None


def series_positions(store: Store, sel: Selection) -> tuple[list[int], list[dict]]:
    """The rows of one indicator and breakdown, sorted by group then period: positions in resolved(store,
    sel.edition) and the rows as dicts (no DataFrame is filtered or sorted)."""
    ed = _index(store).edition(sel.edition)
    lo = period_start(sel.period_from) if sel.period_from else None
    hi = period_start(sel.period_to) if sel.period_to else None
    wanted = set(sel.groups) if sel.groups is not None else None
    pos, rows = [], []
    for i in ed.series.get((sel.indicator, sel.breakdown), ()):
        r = ed.records[i]
        if sel.geography and r["geography"] != sel.geography:
            continue
        if wanted is not None and r["group"] not in wanted:
            continue
        if (lo is not None or hi is not None) and not (
                (lo is None or period_start(r["period"]) >= lo) and (hi is None or period_start(r["period"]) <= hi)):
            continue
        pos.append(i)
        rows.append(r)
    return pos, rows


def export_rows(store: Store, positions: list[int], edition: str = LATEST) -> pd.DataFrame:
    """Rows of resolved(store, edition), by position, in the public column order (EXPORT_COLUMNS)."""
    return _index(store).edition(edition).export.take(positions).reset_index(drop=True)


def series(store: Store, sel: Selection) -> pd.DataFrame:
    """The figures of one indicator and breakdown, sorted by group then period."""
    pos, _rows = series_positions(store, sel)
    return resolved(store, sel.edition).take(pos).reset_index(drop=True)


def history(store: Store, indicator: str, period: str, breakdown: str = "overall", group: str = "All") -> pd.DataFrame:
    """Every published version of one figure, oldest first: the revision trail."""
    t = store.table
    rows = t[(t["indicator"] == indicator) & (t["period"] == period) & (t["breakdown"] == breakdown) & (t["group"] == group)]
    return rows.sort_values("vintage", kind="stable").reset_index(drop=True)


def editions(store: Store, indicator: str | None = None) -> list[tuple[str, str]]:
    """(vintage, publication) pairs, newest first, optionally for one indicator."""
    return list(_index(store).editions.get(indicator, []))


def breakdowns(store: Store, indicator: str) -> list[str]:
    return list(_index(store).breakdowns.get(indicator, []))


def groups(store: Store, indicator: str, breakdown: str) -> list[str]:
    return list(_index(store).groups.get((indicator, breakdown), []))


def periods(store: Store, indicator: str, breakdown: str | None = None) -> list[str]:
    return list(_index(store).periods.get((indicator, breakdown or None), []))
