"""Pure selectors over the store: series by breakdown, groups, periods and edition (latest by default)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.index import index_of
from dashboard.data.load import Store
from dashboard.data.resolve import (  # re-exported: the names every layer reads from here
    LATEST,
    _calculate_intervals,
    _resolve,
    period_end,
    period_start,
    period_words,
)

__all__ = ["LATEST", "_calculate_intervals", "_resolve", "period_end", "period_start", "period_words"]


def _index(store: Store):
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
