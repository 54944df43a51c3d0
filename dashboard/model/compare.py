"""Is this difference real? One policy, used by every page, image, briefing and API answer.

For two periods of a figure (or two groups in one period), in this order:
1. the source's own words: a published comparison (datasets/curated/comparisons.csv) that states whether the
   difference is statistically significant; else the source's own published 95% interval for the ratio (a
   comparison that prints one, or for a gap between groups the published rate ratio), read as: excludes 1 =
   statistically significant;
2. else an exact test calculated by this dashboard from the published counts of both figures (conditional binomial
   test of two Poisson rates; the method reproduces MBRRACE-UK's 1.24, 1.02 to 1.51), always labelled so;
3. else silence: "the source gives no test", never a rise or a fall.
A published statement that gives a size but no test ("20% higher") is kept and shown beside the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.model.figure import CALCULATED, PUBLISHED, Figure, Interval, Source, Tier, present
from dashboard.stats import rate_ratio

SOURCE, CALCULATED_TEST, NONE = "source", "calculated", "none"
SIGNIFICANT, NOT_SIGNIFICANT, NOT_STATED = "significant", "not-significant", "not-stated"
HIGHER, LOWER, SIMILAR = "higher", "lower", "similar"
PERIODS, GROUPS = "periods", "groups"


def _from_interval(ci: Interval | None) -> str:
    """What a published interval for a ratio says: excludes 1 = significant; no interval = not stated."""
    if ci is None or ci.calculated:
        return NOT_STATED
    return SIGNIFICANT if (ci.lower > 1 or ci.upper < 1) else NOT_SIGNIFICANT


@dataclass(frozen=True)
class Statement:
    """What one publication says about a difference (a row of comparisons.csv, or a published group ratio)."""

    direction: str
    significance: str
    words: str
    source: Source
    vintage: str
    ratio: float | None = None
    ci: Interval | None = None
    p_value: float | None = None
    percent_change: float | None = None
    excludes_covid: bool = False
    from_ratio_figure: bool = False  # a published rate ratio (group gap), not a comparison row
    by_interval: bool = False        # the significance is read from the source's printed interval, not its words
    row_id: str = ""

    @property
    def stated(self) -> bool:
        return self.significance != NOT_STATED


    @classmethod
    def from_row(cls, row: Mapping[str, Any], source: Source) -> Statement:
        def opt(k: str) -> Any:
            v = row.get(k)
            return float(v) if present(v) else None

        lo, hi = opt("ci_lower"), opt("ci_upper")
        ci = Interval(lo, hi, PUBLISHED) if lo is not None and hi is not None else None
        words = str(row["significance"])
        significance = words if words != NOT_STATED else _from_interval(ci)
        return cls(direction=str(row["direction"]), significance=significance, words=str(row["words"]),
                   source=source, vintage=str(row["vintage"]), ratio=opt("ratio"), ci=ci,
                   p_value=opt("p_value"), percent_change=opt("percent_change"),
                   excludes_covid=bool(row.get("excludes_covid")),
                   by_interval=words == NOT_STATED and significance != NOT_STATED, row_id=str(row.get("row_id") or ""))

    @classmethod
    def from_ratio(cls, ratio: Figure) -> Statement:
        """A published rate ratio between groups: its interval is the source's own test of the gap."""
        ci = ratio.ci if ratio.ci is not None and not ratio.ci.calculated else None
        assert ratio.value is not None
        direction = HIGHER if ratio.value > 1 else LOWER if ratio.value < 1 else SIMILAR
        sig = _from_interval(ci)
        return cls(direction=direction, significance=sig, words="", source=ratio.source, vintage=ratio.vintage,
                   ratio=ratio.value, ci=ci, from_ratio_figure=True, by_interval=sig != NOT_STATED,
                   row_id=ratio.row_id)


@dataclass(frozen=True)
class Verdict:
    """The answer to "is the difference between a and b real?", with the evidence behind it."""

    kind: str                       # PERIODS or GROUPS
    a_label: str                    # the later period, or the group compared
    b_label: str                    # the earlier period, or the reference group
    a: Figure | None
    b: Figure | None
    method: str                     # SOURCE, CALCULATED_TEST or NONE
    significance: str               # SIGNIFICANT, NOT_SIGNIFICANT or NOT_STATED
    direction: str | None
    ratio: float | None = None
    ci: Interval | None = None
    p_value: float | None = None
    deciding: Statement | None = None               # the statement that answered (method SOURCE)
    statements: tuple[Statement, ...] = field(default=())  # every published statement on this pair, best first

    @property
    def sizes(self) -> tuple[Statement, ...]:
        """Published statements of size without a test ('20% higher'), shown beside the answer."""
        return tuple(s for s in self.statements if not s.stated and s.words and not s.from_ratio_figure)

    @property
    def covid_excluded(self) -> Statement | None:
        return next((s for s in self.statements if s.excludes_covid and s.stated), None)


def _direction_of(ratio: float | None) -> str | None:
    if ratio is None:
        return None
    return HIGHER if ratio > 1 else LOWER if ratio < 1 else SIMILAR


def calculated(a: Figure | None, b: Figure | None) -> tuple[float, Interval, float] | None:
    """The exact rate-ratio test of a against b from their published counts (rates only), or None."""
    if a is None or b is None or a.indicator.measure != "rate":
        return None
    counts = (a.numerator, a.denominator, b.numerator, b.denominator)
    if any(c is None for c in counts) or a.numerator + b.numerator == 0:  # type: ignore[operator]
        return None
    est = rate_ratio(*counts)  # type: ignore[arg-type]
    assert est.p_value is not None  # rate_ratio always tests (a p of 0.0 must stay 0.0, not become 1)
    return est.value, Interval(est.lower, est.upper, CALCULATED), float(est.p_value)


def decide(kind: str, a_label: str, b_label: str, a: Figure | None, b: Figure | None,
           statements: tuple[Statement, ...]) -> Verdict:
    """Apply the policy: the source's words, then the calculated test, then silence."""
    ranked = tuple(sorted(statements, key=rank, reverse=True))
    main = [s for s in ranked if not s.excludes_covid]
    deciding = next((s for s in main if s.stated), None)
    if deciding is not None:
        return Verdict(kind, a_label, b_label, a, b, SOURCE, deciding.significance, deciding.direction,
                       deciding.ratio, deciding.ci, deciding.p_value, deciding, ranked)
    test = calculated(a, b)
    if test is not None:
        ratio, ci, p = test
        sig = SIGNIFICANT if (ci.lower > 1 or ci.upper < 1) else NOT_SIGNIFICANT
        return Verdict(kind, a_label, b_label, a, b, CALCULATED_TEST, sig, _direction_of(ratio), ratio, ci, p,
                       None, ranked)
    direction = main[0].direction if main else None
    return Verdict(kind, a_label, b_label, a, b, NONE, NOT_STATED, direction, statements=ranked)


def rank(s: Statement) -> tuple:
    """Best first: significance in words, then in a printed interval; then a comparison row over a ratio figure;
    then by tier; then the newest."""
    return (s.stated and not s.by_interval, s.stated, not s.from_ratio_figure, Tier.of(s.source.tier).rank,
            s.vintage)
