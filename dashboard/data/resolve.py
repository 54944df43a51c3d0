"""Which row stands for each figure: the latest revision, the most complete of its rows, with the interval or the
counts another row printed beside the same value (pure pandas; dashboard.data.query and dashboard.data.index read
it, so neither imports the other's internals). Also the period arithmetic every layer uses."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.data.schema import SERIES_KEY
from dashboard.stats import poisson_rate
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
