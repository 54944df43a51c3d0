"""How current the figures are: the newest publication the data go up to, at an edition, overall or for one
indicator, and the one sentence that says so ("Figures as published up to January 2026: the newest is ...").

Pure and cached per store. An edition is 'latest' or a month YYYY-MM (the figures as published by the end of it);
the answer is the newest edition (vintage) at or before it and, among the publications of that edition, the
best-tiered one (primary, then official, then secondary; A-Z among equals), with the newest period it gives
(the one ending latest; the longest of those).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from dashboard.data.load import Store
from dashboard.data.query import LATEST, period_end, period_start
from dashboard.model.figure import Tier, date_words
from dashboard.text.safety import assert_safe


@dataclass(frozen=True)
class UpTo:
    """The newest publication figures go up to."""

    vintage: str          # the edition: YYYY-MM, the month the publication came out ('YYYY-00' when only the year)
    publication: str      # its title, as the data name it
    published_date: str   # as the data give it: YYYY-MM-DD, YYYY-MM or YYYY
    period: str           # the newest period it gives figures for
    tier: Tier            # its best-supported row's tier
    source_url: str       # where that tier's rows were read (the page most of them name; A-Z among equals)

    @property
    def month(self) -> str:
        """'January 2026' (the year alone when only the year is known)."""
        return date_words(self.vintage)

    @property
    def sentence(self) -> str:
        """'Figures as published up to January 2026: the newest is <publication>.' (under every page title)."""
        return assert_safe(f"Figures as published up to {self.month}: the newest is {self.publication}.")

    @property
    def detail(self) -> str:
        """'January 2026 (<publication>)': what an indicator's figures go up to, after the words 'Published up to'."""
        return f"{self.month} ({self.publication})"

    @property
    def short(self) -> str:
        """'published up to January 2026 (<publication>)'."""
        return f"published up to {self.detail}"

    @property
    def edition_words(self) -> str:
        """'the January 2026 edition (the newest publication in it: <publication>)': the version of the data."""
        return f"the {self.month} edition (the newest publication in it: {self.publication})"


@lru_cache(maxsize=256)
def up_to(store: Store, edition: str = LATEST, indicator: str | None = None) -> UpTo | None:
    """The newest publication in the data at an edition ('latest' or YYYY-MM), of every indicator or of one;
    None when nothing had been published by then."""
    t = store.table
    if indicator is not None:
        t = t[t["indicator"] == indicator]
    if edition != LATEST:
        t = t[t["vintage"] <= edition]
    if t.empty:
        return None
    newest = t[t["vintage"] == t["vintage"].max()]
    rows = newest[["publication", "published_date", "tier", "period", "vintage", "source_url"]].astype(str).to_dict(
        "records")
    best = min(rows, key=lambda r: (-Tier.of(r["tier"]).rank, r["publication"]))
    own = [r for r in rows if r["publication"] == best["publication"]]
    period = max((r["period"] for r in own), key=lambda p: (period_end(p), -period_start(p)))  # the latest, longest
    date = max(r["published_date"] for r in own)
    urls = Counter(r["source_url"] for r in own if r["tier"] == best["tier"])
    url = min(urls, key=lambda u: (-urls[u], u))
    return UpTo(best["vintage"], best["publication"], date, period, Tier.of(best["tier"]), url)


def published_up_to(store: Store, edition: str = LATEST) -> str:
    """The sentence under every page title: 'Figures as published up to January 2026: the newest is MBRRACE-UK
    maternal mortality data brief, January 2026 (2022-24).'; '' when nothing had been published by the edition."""
    found = up_to(store, edition)
    return found.sentence if found is not None else ""


def by_indicator(store: Store, edition: str = LATEST) -> dict[str, UpTo]:
    """Each indicator's newest publication at an edition (indicators with no figure by then are left out)."""
    out = {}
    for ind in store.catalogue.indicators:
        found = up_to(store, edition, ind)
        if found is not None:
            out[ind] = found
    return out
