"""Per-store lookups, built once when a store is loaded, so a view never filters or sorts a DataFrame.

The store is read-only, so everything a view asks of it (which breakdowns, groups, periods and editions an
indicator has; the resolved figures of one series; the published comparisons of two figures) is answered from
plain dicts and lists built here. The answers are exactly those of the pandas selectors they replace
(dashboard.data.query), in the same order; tests/unit/test_index.py checks every series and lookup against them.

Latest figures are indexed when the store loads and kept. An older edition (figures as known at a month) is first
mapped to the newest vintage at or before that month (a later month is the latest edition), so any month names one of
a few dozen editions; those are indexed when first asked for and kept in a small LRU cache (EDITION_CACHE entries of
a few MB each), so no run of requests for distinct months can grow a worker's memory.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.cache import BoundedCache
from dashboard.data.load import Store
from dashboard.data.resolve import LATEST, _resolve, period_end, period_start
from dashboard.data.schema import EXPORT_COLUMNS

SERIES = tuple[str, str]  # (indicator, breakdown)
EDITION_CACHE = 6         # older editions kept per store (the latest is always kept)
BEFORE_FIRST = "before-first"  # the edition of a month before the first vintage: no figures


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
    vintages: list[str] = field(default_factory=list)   # every vintage, oldest first
    _latest: EditionIndex | None = None
    _editions: BoundedCache[EditionIndex] = field(default_factory=lambda: BoundedCache(entries=EDITION_CACHE))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def vintage_at(self, month: str) -> str:
        """The edition a month (YYYY-MM) stands for: the newest vintage at or before it; 'latest' from the newest
        vintage on; BEFORE_FIRST for a month before the first vintage."""
        if month == LATEST or (self.vintages and month >= self.vintages[-1]):
            return LATEST
        at = bisect.bisect_right(self.vintages, month)
        return self.vintages[at - 1] if at else BEFORE_FIRST

    def edition(self, edition: str = LATEST) -> EditionIndex:
        """The resolved figures as known at an edition (YYYY-MM, or 'latest')."""
        key = self.vintage_at(edition)
        if key == LATEST and self._latest is not None:
            return self._latest
        found = self._editions.get(key)
        if found is not None:
            return found
        with self._lock:  # one build per edition at a time (a build takes a fraction of a second and a few MB)
            found = self._latest if key == LATEST else self._editions.get(key)
            if found is not None:
                return found
            table = self.store.table
            if key != LATEST:
                table = table[table["vintage"] <= key] if key != BEFORE_FIRST else table.iloc[0:0]
            inds = self.store.catalogue.indicators
            rates = {i: m.multiplier for i, m in inds.items() if m.measure == "rate" and m.multiplier}
            built = EditionIndex.build(_resolve(table, rates, {i: inds[i].decimals for i in rates}))
            if key == LATEST:
                self._latest = built
            else:
                self._editions.set(key, built)
            return built


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
    idx.vintages = sorted({str(v) for v in cols["vintage"]})
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
