"""A published figure and every way it may be written: value, interval, count, period, tier, flag and citation.

Pure: a Figure is made from one store row (dashboard.data) and its indicator; nothing here reads files or the web.
Numbers are written as the source printed them (its own decimal places), with thousands separators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.data.catalogue import Indicator
from dashboard.data.metadata import Sources
from dashboard.data.query import period_end, period_start, period_words
from dashboard.tiers import Tier  # re-exported: the model's name for a source's tier

PRIMARY, OFFICIAL, SECONDARY = Tier.PRIMARY, Tier.OFFICIAL, Tier.SECONDARY
PUBLISHED, CALCULATED = "published", "calculated"
SMALL_COUNT = 20  # figures resting on fewer events than this are flagged as unstable (CDC WONDER uses 20)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# the words for what a count counts, by indicator unit (anything else is written as the unit itself)
COUNT_NOUNS = {"women": "women", "deaths": "deaths", "dyads": "mother-infant pairs"}


def present(v: Any) -> bool:
    """A value that is there: not None, not NaN, not pandas NA."""
    if v is None:
        return False
    try:
        return not (v != v)  # noqa: SIM202, PLR0124 - NaN and pd.NA are unequal to themselves (pd.NA raises)
    except TypeError:
        return False


def number(value: float, decimals: int = 0) -> str:
    """'12.80', '1,969,321', '0.46': the given decimal places, with thousands separators."""
    return f"{float(value):,.{max(0, int(decimals))}f}"


def date_words(published_date: str) -> str:
    """'2024-10-10' -> '10 October 2024'; '2024-10' -> 'October 2024'; '2024' -> '2024'."""
    parts = published_date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"{int(parts[2])} {month}" if len(parts) == 3 and parts[2].isdigit() else month
    return parts[0]


@dataclass(frozen=True)
class Source:
    """Where a figure comes from: who produced it, in which publication, where it was read, and the tier."""

    producer: str
    producer_name: str
    publication: str
    published_date: str
    url: str
    locator: str
    tier: str
    reported_by: str | None = None
    reference: str = ""  # a producer's full reference (journal articles), from sources.yaml
    doi: str = ""
    producer_url: str = ""  # the producer's own home page (sources.yaml): what a citation points to
    checked: str = ""       # the day the row was last compared with the page it cites (curated rows)

    @property
    def checked_words(self) -> str:
        """'7 December 2026': when the row was last compared with its page ('' when not recorded)."""
        return date_words(self.checked) if self.checked else ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tier", Tier(self.tier))  # a slug from a table becomes its Tier (a bad one raises)

    @property
    def tier_label(self) -> str:
        """The badge: 'Primary source', 'Official summary' or 'Secondary source'."""
        return Tier(self.tier).label

    @property
    def tier_note(self) -> str:
        """What the tier means for this figure, in words (shown wherever the figure appears)."""
        if self.tier == PRIMARY:
            return f"Read in {self.producer_name}'s own publication"
        if self.tier == OFFICIAL:
            return f"Official summary: restated by {self.reported_by}"
        return f"Reported by {self.reported_by}; not checked against the original"

    @property
    def flag(self) -> str | None:
        """The warning every secondary figure carries beside its number (None for primary and official)."""
        return self.tier_note if self.tier == SECONDARY else None

    @property
    def named(self) -> str:
        """The publication, with its producer when the title does not name it: what a source line links."""
        if self.producer_name in self.publication:
            return self.publication
        return f"{self.publication}, {self.producer_name.rstrip('.')}"

    @property
    def qualifier(self) -> str:
        """Who restated or reported the figure, in a clause ('' for a primary source): 'official summary: restated
        by HQIP', 'reported by RWK Goodman (law firm); not checked against the original'."""
        return "" if self.tier == PRIMARY else self.tier_note[0].lower() + self.tier_note[1:]

    @property
    def qualifier_brief(self) -> str:
        """The qualifier for a table cell: 'restated by HQIP'; a secondary source keeps its whole flag."""
        if self.tier == PRIMARY:
            return ""
        return f"restated by {self.reported_by}" if self.tier == OFFICIAL else self.tier_note

    @property
    def line(self) -> str:
        """The one source line: 'Primary source: <publication>, <producer>.', and for a figure not read at its
        producer who restated or reported it. Pages render the same parts (tier_label, named, qualifier) as
        markup; images, embeds and text exports print this."""
        return f"{self.tier_label}: {self.named}" + (f" ({self.qualifier})" if self.qualifier else "") + "."

    def citation(self) -> str:
        """How to cite the original publication of the figure (and where it was read, if not at its producer).

        The address cited is the producer's (its DOI, or the page it was read on when that is the producer's own);
        a figure read on a restating or secondary page names that page only as where it was read.
        """
        original = self.url if self.tier == PRIMARY else (self.producer_url or self.url)
        if self.reference:
            text = self.reference.rstrip(".") + "." + (f" https://doi.org/{self.doi}" if self.doi else f" {original}")
        else:
            text = f"{self.producer_name}. {self.publication}. {date_words(self.published_date)}. {original}"
        if self.tier != PRIMARY:
            text += f" (figure as {self.qualifier}: {self.url})"
        return text


def source_from_row(row: Mapping[str, Any], sources: Sources) -> Source:
    """The Source of any row carrying the source columns (a figure or a published comparison)."""
    producer = sources.producers.get(str(row["producer"]))
    return Source(producer=str(row["producer"]), producer_name=producer.name if producer else str(row["producer"]),
                  publication=str(row["publication"]), published_date=str(row["published_date"]),
                  url=str(row["source_url"]), locator=str(row["locator"]), tier=str(row["tier"]),
                  reported_by=str(row["reported_by"]) if present(row.get("reported_by")) else None,
                  reference=producer.citation if producer else "", doi=producer.doi if producer else "",
                  producer_url=producer.url if producer else "",
                  checked=str(row["checked"]) if present(row.get("checked")) else "")


def _borrowed_source(row: Mapping[str, Any], prefix: str, own: Source) -> Source | None:
    """The source of an interval or counts taken from another page beside the same value (None if the row's own)."""
    url = row.get(f"{prefix}_source_url")
    if not present(url):
        return None
    pub, by = row.get(f"{prefix}_source_publication"), row.get(f"{prefix}_reported_by")
    return Source(own.producer, own.producer_name, str(pub) if present(pub) else "", "", str(url), "",
                  str(row.get(f"{prefix}_tier")), str(by) if present(by) else None)


def _borrowed_note(s: Source | None) -> str:
    if s is None or s.tier == PRIMARY:
        return ""
    if s.tier == OFFICIAL:
        return f"as restated by {s.reported_by}"
    return f"as reported by {s.reported_by}, not checked against the original"


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    kind: str  # PUBLISHED or CALCULATED

    @property
    def calculated(self) -> bool:
        return self.kind == CALCULATED


@dataclass(frozen=True)
class Figure:
    """One published figure: the number, its uncertainty, its counts, its period and its source."""

    indicator: Indicator
    period: str
    breakdown: str
    group: str
    geography: str
    value: float | None
    decimals: int
    ci: Interval | None
    numerator: int | None
    denominator: int | None
    source: Source
    vintage: str
    row_id: str
    note: str = ""
    obs_status: str | None = None
    n_vintages: int = 1
    ci_source: Source | None = None      # set when the interval was printed beside this value by another page
    counts_source: Source | None = None  # likewise for the counts

    @property
    def ci_note(self) -> str:
        """Where the interval comes from, when it is not from the figure's own page and not primary."""
        return _borrowed_note(self.ci_source)

    @property
    def counts_note(self) -> str:
        """Where the counts come from, when they are not from the figure's own page and not primary."""
        return _borrowed_note(self.counts_source)

    # ---- the period -------------------------------------------------------------------------------------------
    @property
    def start(self) -> int:
        return period_start(self.period)

    @property
    def end(self) -> int:
        return period_end(self.period)

    @property
    def midpoint(self) -> float:
        """Where the period sits on a time axis (2020-22 at 2021.5; the year 2020 at 2020.5)."""
        return (self.start + self.end + 1) / 2

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    @property
    def period_words(self) -> str:
        return period_words(self.period)

    @property
    def published_words(self) -> str:
        """When the figure's publication came out, in words ('October 2024')."""
        return date_words(self.source.published_date)

    # ---- the number -------------------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The group, or the indicator's title for the overall figure."""
        return self.indicator.title if self.group == "All" else self.group

    @property
    def number(self) -> str:
        """The value as published ('12.80', '22', '1.39', '1,337'); 'not in this dataset' for a gap."""
        return number(self.value, self.decimals) if self.value is not None else "not in this dataset"

    @property
    def short(self) -> str:
        """The number with a % sign for percentages: what a chart label or a headline shows."""
        return self.number + ("%" if self.indicator.unit == "percent" and self.value is not None else "")

    @property
    def unit_text(self) -> str:
        """The unit written after the number ('per 100,000 maternities', 'women'); empty for % and ratios."""
        unit = self.indicator.unit
        if unit == "percent" or self.indicator.measure == "ratio":
            return ""
        return COUNT_NOUNS.get(unit, unit)

    @property
    def value_text(self) -> str:
        """The number with its unit: '12.80 per 100,000 maternities', '22%', '1.39', '329 women'."""
        if self.value is None:
            return "not in this dataset"
        return self.short + (f" {self.unit_text}" if self.unit_text else "")

    # ---- uncertainty ------------------------------------------------------------------------------------------
    def ci_numbers(self) -> str:
        """'11.27 to 14.48' (empty without an interval)."""
        if self.ci is None:
            return ""
        return f"{number(self.ci.lower, self.decimals)} to {number(self.ci.upper, self.decimals)}"

    @property
    def ci_text(self) -> str:
        """The interval in words, saying who calculated it; counts get no interval sentence."""
        if self.ci is None:
            return "" if self.indicator.measure == "count" else "no interval given"
        text = f"95% CI {self.ci_numbers()}"
        if self.ci.calculated:
            return text + ", calculated by this dashboard from the published counts"
        return text + (f", {self.ci_note}" if self.ci_note else "")

    @property
    def ci_who(self) -> str:
        """Who gave the interval, for a line beside its numbers (a chart hover): '' when it is the figure's own
        source's and nothing more needs saying."""
        if self.ci is None:
            return ""
        if self.ci.calculated:
            return "Interval calculated by this dashboard from the published counts"
        return f"Interval {self.ci_note}" if self.ci_note else ""

    @property
    def ci_short(self) -> str:
        """For tight spaces (chart hovers, table cells): '11.27 to 14.48 (calculated)'."""
        if self.ci is None:
            return "none given" if self.indicator.measure != "count" else ""
        if self.ci.calculated:
            return self.ci_numbers() + " (calculated)"
        return self.ci_numbers() + (" (secondary source)" if self.ci_note else "")

    @property
    def ci_brief(self) -> str:
        """For a printed line whose key explains 'calculated': '95% CI 11.27 to 14.48 (calculated)'; an interval
        read on another, weaker page says its tier ('95% CI 7.58 to 10.12 (secondary source)')."""
        if self.ci is not None and self.ci.calculated:
            return f"95% CI {self.ci_numbers()} (calculated)"
        if self.ci is not None and self.ci_note:
            tier = Tier(self.ci_source.tier).short if self.ci_source else ""
            return f"95% CI {self.ci_numbers()} ({tier})"
        return self.ci_text

    @property
    def count_brief(self) -> str:
        """The counts for a printed line: numbers only, and the tier when they were read on another, weaker page."""
        if self.numerator is None:
            return ""
        text = self.count_text.split(", as ")[0]
        tier = Tier(self.counts_source.tier).short if self.counts_note and self.counts_source else ""
        return text + (f" ({tier})" if tier else "")

    @property
    def count_noun(self) -> str:
        return "deaths" if self.indicator.measure == "rate" else COUNT_NOUNS.get(self.indicator.unit, "women")

    @property
    def count_text(self) -> str:
        """'252 deaths among 1,969,321 maternities', '24 of 200 women', '24 women' or ''."""
        if self.numerator is None:
            return ""
        if self.indicator.measure == "rate" and self.denominator is not None:
            base = "maternities" if "maternities" in self.indicator.unit else (
                "live births" if "live births" in self.indicator.unit else "births")
            text = f"{self.numerator:,} deaths among {self.denominator:,} {base}"
            return text + (f", {self.counts_note}" if self.counts_note else "")
        if self.denominator is not None:
            return f"{self.numerator:,} of {self.denominator:,} {self.count_noun}"
        return f"{self.numerator:,} {self.count_noun}"

    @property
    def small_count(self) -> int | None:
        """The count behind the figure when it is under SMALL_COUNT (so it can change a lot by chance)."""
        if self.numerator is not None:
            count = self.numerator
        elif self.indicator.measure == "count" and self.indicator.unit in ("women", "deaths") and self.value is not None:
            count = int(self.value)
        else:
            return None
        return count if count < SMALL_COUNT else None

    def detail(self) -> str:
        """Everything about the number in one line: '12.80 per 100,000 maternities, 2022-24 (95% CI ...; 252 deaths ...)'."""
        extras = [x for x in (self.ci_text, self.count_text) if x]
        return f"{self.value_text}, {self.period}" + (f" ({'; '.join(extras)})" if extras else "")

    @classmethod
    def from_row(cls, row: Mapping[str, Any], ind: Indicator, sources: Sources) -> Figure:
        def opt(key: str) -> Any:
            v = row.get(key)
            return v if present(v) else None

        value = opt("value")
        lo, hi = opt("ci_lower"), opt("ci_upper")
        kind = CALCULATED if str(opt("ci_method") or "").startswith(("calculated", "computed")) else PUBLISHED
        src = source_from_row(row, sources)
        decimals = opt("decimals")
        num, den = opt("numerator"), opt("denominator")
        return cls(
            indicator=ind, period=str(row["period"]), breakdown=str(row["breakdown"]), group=str(row["group"]),
            geography=str(row["geography"]), value=float(value) if value is not None else None,
            decimals=int(decimals) if decimals is not None else ind.decimals,
            ci=Interval(float(lo), float(hi), kind) if lo is not None and hi is not None else None,
            numerator=int(num) if num is not None else None, denominator=int(den) if den is not None else None,
            source=src, vintage=str(row["vintage"]), row_id=str(opt("row_id") or ""), note=str(opt("note") or ""),
            obs_status=opt("obs_status"), n_vintages=int(opt("n_vintages") or 1),
            ci_source=_borrowed_source(row, "ci", src), counts_source=_borrowed_source(row, "counts", src))

