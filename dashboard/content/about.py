"""About: definitions, sources and licences, tiers, how to cite, independence, support and accessibility.

Pure: the catalogue (datapackage.json, sources.yaml) and the store's figures in, dataclasses out. Citations are
each figure's Source.citation(): the original publication at its producer's address, never the page that quoted it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.load import Store
from dashboard.data.query import resolved
from dashboard.model.catalogue import Licence, licences_of
from dashboard.model.figure import Tier as SourceTier
from dashboard.model.select import source_of
from dashboard.text.glossary import GLOSSARY, Term

TIER_TERMS = tuple(t.value for t in sorted(SourceTier, key=lambda t: -t.rank))


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Producer:
    name: str
    long_name: str
    url: str
    reference: str


@dataclass(frozen=True)
class Tier:
    term: Term
    figures: int  # how many of the latest figures have this tier


@dataclass(frozen=True)
class Citation:
    producer: str
    publication: str
    tier: SourceTier
    text: str


@dataclass(frozen=True)
class Resource:
    title: str
    path: str
    licences: tuple[Link, ...]
    sources: tuple[Link, ...]


@dataclass(frozen=True)
class About:
    glossary: tuple[Term, ...]
    tiers: tuple[Tier, ...]
    producers: tuple[Producer, ...]
    official: tuple[str, ...]
    package_title: str
    licences: tuple[Link, ...]
    resources: tuple[Resource, ...]
    citations: tuple[Citation, ...]


def _links(items: object) -> tuple[Link, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(Link(str(i.get("title") or i.get("name") or i.get("path")), str(i.get("path") or ""))
                 for i in items if isinstance(i, dict))


def _licence_links(licences: tuple[Licence, ...]) -> tuple[Link, ...]:
    """'Open Government Licence v3.0 (Office for National Statistics)', linked to the licence text when it has one."""
    return tuple(Link(f"{x.title} ({', '.join(x.producers)})", x.url) for x in licences)


def citations(store: Store) -> tuple[Citation, ...]:
    """One citation per publication behind the figures shown (latest edition), grouped by producer."""
    cols = ["producer", "publication", "published_date", "source_url", "locator", "tier", "reported_by"]
    rows = resolved(store)[cols].drop_duplicates(subset=["producer", "publication", "source_url", "tier"])
    out: dict[str, Citation] = {}
    for r in rows.to_dict("records"):
        src = source_of(store, r)
        text = src.citation()
        out.setdefault(text, Citation(src.producer_name, src.publication, src.tier, text))
    return tuple(sorted(out.values(), key=lambda c: (c.producer, c.publication, c.text)))


def about(store: Store) -> About:
    cat = store.catalogue
    pkg = cat.package
    by_anchor = {t.anchor: t for t in GLOSSARY}
    counts = resolved(store)["tier"].value_counts().to_dict()
    tiers = tuple(Tier(by_anchor[a], int(counts.get(a, 0))) for a in TIER_TERMS if a in by_anchor)
    producers = tuple(Producer(p.name, p.long_name or p.name, p.url, p.citation) for p in cat.sources.producers.values())
    # the terms of each file are its producers' terms (sources.yaml), whatever a descriptor says for the package
    rows = pd.concat([store.table[["producer", "row_id"]], store.comparisons[["producer", "row_id"]]])
    paths = rows["row_id"].astype(str).str.rsplit(":", n=1).str[0]
    resources = tuple(Resource(r.title, r.path, _licence_links(licences_of(store, rows[paths == r.path])),
                               _links(r.descriptor.get("sources"))) for r in cat.resources)
    return About(GLOSSARY, tiers, producers, tuple(b.name for b in cat.sources.official.values()),
                 str(pkg.get("title") or pkg.get("name") or ""), _licence_links(licences_of(store, rows)), resources,
                 citations(store))
