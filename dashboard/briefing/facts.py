"""One published figure as it is shown in a briefing or on a topic page: value, interval, count, period,
significance in words and source, all taken from a row of the store. Pure functions, no Dash.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from dashboard.data.catalogue import Indicator
from dashboard.text.safety import assert_safe, problems_in

SMALL_COUNT = 20  # same threshold as dashboard.text.explain: rates on fewer deaths are flagged


def present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and not (
        not isinstance(v, (str, bytes)) and pd.isna(v))


def number(value: float, decimals: int) -> str:
    """The figure as published: at most `decimals` places, trailing zeros dropped (2.3 stays 2.3, 13.56 stays)."""
    text = f"{float(value):,.{decimals}f}"
    if decimals > 0:
        text = text.rstrip("0").rstrip(".")
    return text


def with_unit(value: float, ind: Indicator) -> str:
    # Rates keep the indicator's decimals (12.80, as on the home page and in MBRRACE tables); other measures are
    # printed as published (a ratio quoted as 2.3 is not shown as 2.30).
    n = f"{float(value):,.{ind.decimals}f}" if ind.measure == "rate" else number(value, ind.decimals)
    if ind.measure == "percent":
        return f"{n}%"
    if ind.measure == "ratio":
        return n
    return f"{n} {ind.unit}"


@dataclass(frozen=True)
class Source:
    publication: str
    url: str
    locator: str
    secondary_by: str | None = None  # the secondary source that quoted the figure, when quality is secondary

    @property
    def flag(self) -> str | None:
        return f"Reported by {self.secondary_by}" if self.secondary_by else None


@dataclass(frozen=True)
class Fact:
    label: str
    period: str
    value: str
    ci: str
    count: str
    significance: str
    source: Source
    row_id: str
    indicator: str
    raw_value: float
    note: str = ""


def safe_locator(locator: str) -> str:
    """A locator as stored, unless it quotes a heading in words our safe-messaging check bans (e.g. a charity's
    heading 'Alarming ... findings'): then the quoted heading is replaced by a neutral description."""
    if not problems_in(locator):
        return locator
    cleaned = re.sub(r"'[^']*'", "the section heading", locator)
    return cleaned if not problems_in(cleaned) else "see the locator in the data file"


def source_of(row: Mapping[str, Any]) -> Source:
    secondary = row.get("quality") == "secondary"
    return Source(str(row["publication"]), str(row["source_url"]), safe_locator(str(row["locator"])),
                  str(row.get("quality_source")) if secondary and present(row.get("quality_source")) else None)


def ci_words(row: Mapping[str, Any], ind: Indicator) -> str:
    lo, hi = row.get("ci_lower"), row.get("ci_upper")
    if not (present(lo) and present(hi)):
        return "no confidence interval published"
    d = ind.decimals
    text = (f"95% CI {lo:,.{d}f} to {hi:,.{d}f}" if ind.measure == "rate"
            else f"95% CI {number(lo, d)} to {number(hi, d)}")
    if str(row.get("ci_method") or "").startswith("computed"):
        text += " (calculated here from the published counts)"
    return text


def count_words(row: Mapping[str, Any], ind: Indicator) -> str:
    num, den = row.get("numerator"), row.get("denominator")
    if not present(num):
        return ""
    if ind.measure == "rate" and present(den):
        base = "maternities" if "maternities" in ind.unit else "births"
        text = f"{int(num):,} deaths among {int(den):,} {base}"
        if int(num) < SMALL_COUNT:
            text += f"; fewer than {SMALL_COUNT} deaths, so it can change a lot by chance"
        return text
    if ind.measure == "percent" and present(den):
        return f"{int(num):,} of {int(den):,}"
    if ind.measure == "percent":
        return f"{int(num):,} women"
    return f"{int(num):,}"


def ratio_significance(row: Mapping[str, Any], what: str = "difference") -> str:
    """Significance of a published ratio in words, from its interval (or the source's own note)."""
    note = str(row.get("note") or "")
    lo, hi = row.get("ci_lower"), row.get("ci_upper")
    if present(lo) and present(hi):
        if float(lo) > 1 or float(hi) < 1:
            return f"Statistically significant {what} (the 95% CI does not include 1)."
        return f"No statistically significant {what} (the 95% CI includes 1)."
    if "not statistically significant" in note.lower():
        return f"No statistically significant {what}, as the source says."
    return "No interval published, so significance is not known."


COUNT_NO_CI = "A count; no interval published."
SINGLE_WITH_CI = "A single figure: the interval shows its uncertainty."
SINGLE_NO_CI = "A single figure; no interval published."
SINGLE_PHRASES = (COUNT_NO_CI, SINGLE_WITH_CI, SINGLE_NO_CI)


def plain_significance(row: Mapping[str, Any], ind: Indicator) -> str:
    """For a single figure (not a comparison): what the interval, or its absence, lets us say."""
    if ind.measure == "ratio":
        return ratio_significance(row)
    if ind.measure == "count":
        return COUNT_NO_CI
    if present(row.get("ci_lower")):
        return SINGLE_WITH_CI
    return SINGLE_NO_CI


def fact(row: Mapping[str, Any], ind: Indicator, label: str | None = None, significance: str | None = None) -> Fact:
    note = str(row.get("note") or "") if present(row.get("note")) else ""
    f = Fact(
        label=label or str(row["group"] if row["group"] != "All" else ind.title),
        period=str(row["period"]),
        value=with_unit(float(row["value"]), ind),
        ci=ci_words(row, ind),
        count=count_words(row, ind),
        significance=significance or plain_significance(row, ind),
        source=source_of(row),
        row_id=str(row.get("row_id") or ""),
        indicator=ind.id,
        raw_value=float(row["value"]),
        note=note,
    )
    for text in (f.label, f.value, f.ci, f.count, f.significance, f.note):
        assert_safe(text)
    return f


def change_words(latest: Mapping[str, Any], previous: Mapping[str, Any], ind: Indicator,
                 test: Mapping[str, Any] | None = None) -> str:
    """What changed between two periods, in words the evidence justifies (never 'rise' without a test)."""
    before = f"{with_unit(float(previous['value']), ind)} in {previous['period']}"
    if test is not None and present(test.get("ci_lower")):
        lo, hi, v = float(test["ci_lower"]), float(test["ci_upper"]), float(test["value"])
        ci = f"rate ratio {number(v, 2)}, 95% CI {number(lo, 2)} to {number(hi, 2)}"
        if lo > 1:
            verdict = "a statistically significant increase"
        elif hi < 1:
            verdict = "a statistically significant decrease"
        else:
            verdict = "no statistically significant change"
        return assert_safe(f"Compared with {before}, the source reports {verdict} ({ci}).")
    if float(latest["value"]) == float(previous["value"]):
        return assert_safe(f"The figure was the same, {before}.")
    return assert_safe(f"It was {before}. No statistical test of this change was published, so we do not "
                       "describe it as a rise or a fall.")
