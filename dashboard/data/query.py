"""Pure selectors over the store: series by breakdown, groups, periods and edition (latest by default)."""

from __future__ import annotations

from dataclasses import dataclass

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
