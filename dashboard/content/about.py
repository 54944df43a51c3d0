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
from dashboard.model.figure import number
from dashboard.model.select import source_of
from dashboard.stats import poisson_rate, rate_ratio
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
    method: tuple[str, ...] = ()  # how intervals and p-values are calculated here (sentences)


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


def _counts(store: Store, period: str) -> tuple[int, int, float] | None:
    t = resolved(store)
    row = t[(t["indicator"] == "maternal_mortality_rate") & (t["breakdown"] == "overall") & (t["group"] == "All")
            & (t["geography"] == "UK") & (t["period"] == period)]
    if row.empty or row["numerator"].isna().iloc[0] or row["denominator"].isna().iloc[0]:
        return None
    return int(row["numerator"].iloc[0]), int(row["denominator"].iloc[0]), float(row["value"].iloc[0])


def method_note(store: Store) -> tuple[str, ...]:
    """How this site calculates intervals and p-values, and why a calculated p can differ from a printed one, with
    the examples worked from the figures in the data (2017-19's interval; 2019-21 against 2018-20)."""
    out = [("Where a source gives a rate with its counts but no interval, this site calculates the 95% confidence "
            "interval with the exact (Garwood) Poisson method and labels it \"calculated by this dashboard\".")]
    base = _counts(store, "2017-19")
    if base:
        n, d, v = base
        est = poisson_rate(n, d, 100_000)
        out[0] += (f" It reproduces the intervals MBRRACE-UK publishes: for 2017-19, {n:,} deaths among {d:,} "
                   f"maternities give {number(v, 2)} per 100,000 ({number(est.lower, 2)} to {number(est.upper, 2)}).")
    out.append("Where a source compares two rates but gives no test, this site tests the published counts with an "
               "exact conditional test: given the total number of deaths in the two periods or groups, the number "
               "in one of them follows a binomial distribution if the rates are equal. The 95% interval of the rate "
               "ratio and a two-sided p-value come from that distribution, and both are labelled \"calculated by "
               "this dashboard\".")
    c = store.comparisons
    printed = c[(c["indicator"] == "maternal_mortality_rate") & (c["breakdown"] == "overall") & c["p_value"].notna()
                & (c["period_a"] == "2019-21") & (c["period_b"] == "2018-20") & ~c["excludes_covid"]]
    a, b = _counts(store, "2019-21"), _counts(store, "2018-20")
    if not printed.empty and a and b:
        p = rate_ratio(a[0], a[1], b[0], b[1]).p_value or 0.0
        src = printed.iloc[0]
        out.append(f"MBRRACE-UK's printed p-values come from a different, approximate test (close to a score test), so a p-value "
                   f"calculated here can differ from the one a source printed for the same comparison. For 2019-21 "
                   f"against 2018-20 ({a[0]} deaths among {a[1]:,} maternities against {b[0]} among {b[1]:,}), the "
                   f"exact test gives p = {p:.3f}, while the {src['publication']} printed "
                   f"p = {float(src['p_value']):g}. Both mean the change is not statistically significant. Where a "
                   "source gives its own verdict, this site shows the source's words first.")
    return tuple(out)


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
    checked = tuple(Term(d.term, d.anchor, d.words) for d in cat.definitions if d.anchor not in by_anchor)
    return About(GLOSSARY + checked, tiers, producers, tuple(b.name for b in cat.sources.official.values()),
                 str(pkg.get("title") or pkg.get("name") or ""), _licence_links(licences_of(store, rows)), resources,
                 citations(store), method_note(store))
