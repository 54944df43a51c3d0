"""Per-store lookups, built once when a store is loaded, so a view never filters or sorts a DataFrame.

The store is read-only, so everything a view asks of it (which breakdowns, groups, periods and editions an
indicator has; the resolved figures of one series; the published comparisons of two figures) is answered from
plain dicts and lists built here. The answers are exactly those of the pandas selectors they replace
(dashboard.data.query), in the same order; tests/unit/test_index.py checks every series and lookup against them.

Latest figures are indexed when the store loads; an older edition (figures as known at a vintage) is indexed the
first time it is asked for, at most once per edition and store (there are a few dozen editions).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.data.load import Store
from dashboard.data.resolve import LATEST, _resolve, period_end, period_start
from dashboard.data.schema import EXPORT_COLUMNS

SERIES = tuple[str, str]  # (indicator, breakdown)


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """frame.to_dict("records"), column by column (the same values, several times faster on Arrow columns)."""
    if frame.empty:
        return []
    cols = list(frame.columns)
    values = []
    for c in cols:
        vals = frame[c].tolist()
        values.append([None if v is pd.NA else v for v in vals])
    return [dict(zip(cols, row)) for row in zip(*values)]


@dataclass
class EditionIndex:
    """The figures as known at one edition: the resolved frame, its rows as dicts, and each series' rows."""

    frame: pd.DataFrame
    records: list[dict[str, Any]]
    series: dict[SERIES, tuple[int, ...]]  # positions in frame, sorted by group then period start (stable)
    export: pd.DataFrame                   # frame in the public column order (EXPORT_COLUMNS), same rows

    @classmethod
    def build(cls, frame: pd.DataFrame) -> EditionIndex:
        records = records_of(frame)
        by: dict[SERIES, list[int]] = {}
        for i, r in enumerate(records):
            by.setdefault((r["indicator"], r["breakdown"]), []).append(i)
        series = {k: tuple(sorted(v, key=lambda i: (records[i]["group"], period_start(records[i]["period"]))))
                  for k, v in by.items()}
        return cls(frame, records, series, frame.reindex(columns=list(EXPORT_COLUMNS)))


@dataclass
class StoreIndex:
    store: Store
    breakdowns: dict[str, list[str]] = field(default_factory=dict)
    groups: dict[SERIES, list[str]] = field(default_factory=dict)
    periods: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    editions: dict[str | None, list[tuple[str, str]]] = field(default_factory=dict)
    comparisons: dict[tuple, list[dict[str, Any]]] = field(default_factory=dict)
    _editions: dict[str, EditionIndex] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def edition(self, edition: str = LATEST) -> EditionIndex:
        """The resolved figures as known at an edition (YYYY-MM, or 'latest')."""
        found = self._editions.get(edition)
        if found is not None:
            return found
        table = self.store.table
        if edition != LATEST:
            table = table[table["vintage"] <= edition]
        inds = self.store.catalogue.indicators
        rates = {i: m.multiplier for i, m in inds.items() if m.measure == "rate" and m.multiplier}
        built = EditionIndex.build(_resolve(table, rates, {i: inds[i].decimals for i in rates}))
        with self._lock:
            return self._editions.setdefault(edition, built)


def _build(store: Store) -> StoreIndex:
    idx = StoreIndex(store)
    t = store.table
    cols = {c: t[c].tolist() for c in ("indicator", "breakdown", "group", "period", "vintage", "publication")}
    found_by: dict[str, set[str]] = {}
    groups: dict[SERIES, set[str]] = {}
    periods: dict[tuple[str, str | None], set[str]] = {}
    eds: dict[str | None, set[tuple[str, str]]] = {}
    for ind, by, grp, per, vin, pub in zip(*cols.values()):
        found_by.setdefault(ind, set()).add(by)
        groups.setdefault((ind, by), set()).add(grp)
        periods.setdefault((ind, by), set()).add(per)
        periods.setdefault((ind, None), set()).add(per)
        eds.setdefault(ind, set()).add((vin, pub))
        eds.setdefault(None, set()).add((vin, pub))
    for ind, found in found_by.items():
        meta = store.catalogue.indicators.get(ind)
        ordered = [b for b in ["overall", *(meta.breakdowns if meta else ())] if b in found]
        idx.breakdowns[ind] = list(dict.fromkeys(ordered + sorted(found - set(ordered))))
    idx.groups = {k: sorted(v) for k, v in groups.items()}
    idx.periods = {k: sorted(v, key=lambda p: (period_start(p), period_end(p))) for k, v in periods.items()}
    # newest vintage first, publications A-Z within a vintage (as query.editions sorts them)
    idx.editions = {k: sorted(sorted(v, key=lambda x: x[1]), key=lambda x: x[0], reverse=True) for k, v in eds.items()}
    for row in records_of(store.comparisons):
        key = (row["indicator"], row["breakdown"], row["period_a"], row["group_a"], row["period_b"], row["group_b"])
        idx.comparisons.setdefault(key, []).append(row)
    idx.edition(LATEST)
    return idx


_INDEXES: weakref.WeakKeyDictionary[Store, StoreIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index_of(store: Store) -> StoreIndex:
    """The store's lookups (built on first call; load_store and create_app call it as the store loads)."""
    found = _INDEXES.get(store)
    if found is not None:
        return found
    with _LOCK:
        found = _INDEXES.get(store)
        if found is None:
            found = _INDEXES[store] = _build(store)
    return found
