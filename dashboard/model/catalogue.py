"""What the data are: every table and indicator with its definition, unit, breakdowns, periods, rows, sources,
licence and editions. One description, read by the /data page, the /data/<edition>/ file lists and the API.

Pure and cached per store. Table names and file addresses are the download scheme's (dashboard.exports.package):
/data/latest/<table>.<csv|parquet|json>, /data/<YYYY-MM>/<table>.<ext>, /data/package.zip.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from dashboard.data.catalogue import Indicator
from dashboard.data.load import Store
from dashboard.data.query import LATEST, breakdowns, groups, period_end, period_start, resolved
from dashboard.data.schema import ALL_VINTAGES, FIGURES
from dashboard.model.figure import Tier, date_words

FORMATS = ("csv", "parquet", "json")
PACKAGE_URL = "/data/package.zip"


def file_url(table: str, ext: str, edition: str = LATEST) -> str:
    """'/data/latest/figures.csv'; '/data/2024-10/maternal_mortality_rate.json'."""
    return f"/data/{edition}/{table}.{ext}"


def edition_url(edition: str = LATEST) -> str:
    return f"/data/{edition}/"


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    url: str                          # the licence text ('' when the terms are quotation with attribution)
    producers: tuple[str, ...] = ()   # the producers whose figures are reused on these terms


@dataclass(frozen=True)
class BreakdownEntry:
    id: str
    label: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class ProducerEntry:
    id: str
    name: str
    tiers: tuple[tuple[str, int], ...]   # (tier, rows), primary first


@dataclass(frozen=True)
class Edition:
    vintage: str                 # YYYY-MM ('YYYY-00' when only the year is known)
    words: str                   # 'October 2024'
    publications: tuple[str, ...]
    rows: int                    # figures first published (or restated) in this edition


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: Indicator
    breakdowns: tuple[BreakdownEntry, ...]
    periods: tuple[str, ...]
    figures: int                 # one row per figure, latest value
    versions: int                # every published version
    producers: tuple[ProducerEntry, ...]
    tiers: tuple[tuple[str, int], ...]
    licences: tuple[Licence, ...]
    editions: tuple[str, ...]    # the vintages with rows of this indicator, newest first

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def period_span(self) -> str:
        return self.periods[0] if len(self.periods) == 1 else f"{self.periods[0]} to {self.periods[-1]}"

    def url(self, ext: str, edition: str = LATEST) -> str:
        return file_url(self.id, ext, edition)


@dataclass(frozen=True)
class TableEntry:
    name: str
    title: str
    description: str
    rows: int

    def url(self, ext: str, edition: str = LATEST) -> str:
        return file_url(self.name, ext, edition)


@dataclass(frozen=True)
class DataCatalogue:
    tables: tuple[TableEntry, ...]        # the whole-set tables (figures, all-vintages)
    indicators: tuple[IndicatorEntry, ...]
    editions: tuple[Edition, ...]         # newest first
    licences: tuple[Licence, ...]         # the terms of every figure, by producer
    title: str
    description: str
    data_hash: str

    def indicator(self, indicator_id: str) -> IndicatorEntry | None:
        return next((e for e in self.indicators if e.id == indicator_id), None)

    @property
    def edition_ids(self) -> tuple[str, ...]:
        return tuple(e.vintage for e in self.editions)


def licences_of(store: Store, rows) -> tuple[Licence, ...]:
    """The terms of a set of rows, one entry per licence (by its producers' rows, most first), with who uses it."""
    sources = store.catalogue.sources
    by_licence: dict[str, Counter] = {}
    for pid in rows["producer"].astype(str):
        by_licence.setdefault(sources.licence_of(pid), Counter())[pid] += 1
    out = []
    for name, c in sorted(by_licence.items(), key=lambda x: (-sum(x[1].values()), x[0])):
        d = sources.licence_descriptor(name)
        names = tuple(sources.producers[p].name if p in sources.producers else p for p, _ in c.most_common())
        out.append(Licence(name, d["title"], d.get("path", ""), names))
    return tuple(out)


def table_entries(store: Store, edition: str = LATEST) -> tuple[TableEntry, ...]:
    t = store.table if edition == LATEST else store.table[store.table["vintage"] <= edition]
    return (
        TableEntry(FIGURES, "Every figure, latest value",
                   "One row per figure as known at the edition: when a figure was revised, its latest value.",
                   len(resolved(store, edition))),
        TableEntry(ALL_VINTAGES, "Every published version of every figure",
                   "One row per publication of a figure, so revisions can be traced.", len(t)),
    )


def _editions(store: Store) -> tuple[Edition, ...]:
    t = store.table
    out = []
    for vintage, rows in t.groupby("vintage", sort=True):
        pubs = tuple(sorted(set(rows["publication"].astype(str))))
        out.append(Edition(str(vintage), date_words(str(vintage)), pubs, len(rows)))
    return tuple(reversed(out))


@lru_cache(maxsize=4)
def describe(store: Store) -> DataCatalogue:
    """The data catalogue of a store (cached)."""
    cat = store.catalogue
    t = store.table
    latest = resolved(store, LATEST)
    producers = cat.sources.producers
    entries = []
    for ind in sorted(cat.indicators.values(), key=lambda i: (i.topic, i.id)):
        rows = t[t["indicator"] == ind.id]
        bds = tuple(BreakdownEntry(b, "All" if b == "overall" else ind.breakdown_label(b), tuple(groups(store, ind.id, b)))
                    for b in breakdowns(store, ind.id))
        periods = tuple(sorted(set(rows["period"].astype(str)), key=lambda p: (period_start(p), period_end(p))))
        per_producer: dict[str, Counter] = {}
        for pid, tier in zip(rows["producer"].astype(str), rows["tier"].astype(str)):
            per_producer.setdefault(pid, Counter())[tier] += 1
        prods = tuple(ProducerEntry(pid, producers[pid].name if pid in producers else pid,
                                    tuple(sorted(c.items(), key=lambda x: -Tier.of(x[0]).rank)))
                      for pid, c in sorted(per_producer.items(), key=lambda x: -sum(x[1].values())))
        tiers = Counter(rows["tier"].astype(str))
        lic = licences_of(store, rows)
        entries.append(IndicatorEntry(
            indicator=ind, breakdowns=bds, periods=periods, figures=int((latest["indicator"] == ind.id).sum()),
            versions=len(rows), producers=prods,
            tiers=tuple(sorted(tiers.items(), key=lambda x: -Tier.of(x[0]).rank)), licences=lic,
            editions=tuple(sorted(set(rows["vintage"].astype(str)), reverse=True))))
    pkg = cat.package
    return DataCatalogue(tables=table_entries(store), indicators=tuple(entries), editions=_editions(store),
                         licences=licences_of(store, t), title=str(pkg.get("title", "")),
                         description=str(pkg.get("description", "")), data_hash=store.content_hash)


def known_edition(store: Store, edition: str) -> bool:
    return edition == LATEST or edition in describe(store).edition_ids
