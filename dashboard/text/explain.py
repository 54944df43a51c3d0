"""Plain-English sentences about a figure, generated from its row and its indicator's metadata."""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from dashboard.data.catalogue import Indicator
from dashboard.data.query import period_words
from dashboard.text.numbers import about, ci_text, fmt
from dashboard.text.safety import assert_safe

SMALL_COUNT = 20  # rates on fewer deaths than this are flagged as unstable (CDC WONDER uses 20)


def _get(row: Mapping[str, Any], key: str) -> Any:
    v = row.get(key)
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def figure_sentence(row: Mapping[str, Any], ind: Indicator) -> str:
    """What the number means, in a short sentence."""
    value = float(row["value"])
    words = period_words(str(row["period"]))
    if ind.plain_template:
        text = ind.plain_template.format(value=about(value), period_words=words, group=row.get("group", ""))
    else:
        text = f"{ind.plain_title}: {fmt(value, ind.decimals)} {ind.unit} in {words}."
    return assert_safe(text)


def precision_sentence(row: Mapping[str, Any], ind: Indicator) -> str:
    """The exact figure with its interval, count and period."""
    parts = [f"The rate was {fmt(float(row['value']), ind.decimals)} {ind.unit} in {row['period']}"
             if ind.measure == "rate" else f"The figure was {fmt(float(row['value']), ind.decimals)} {ind.unit} in {row['period']}"]
    lo, hi = _get(row, "ci_lower"), _get(row, "ci_upper")
    parts.append(f" ({ci_text(lo, hi, ind.decimals)})")
    num, den = _get(row, "numerator"), _get(row, "denominator")
    if num is not None and den is not None and ind.measure == "rate":
        parts.append(f", based on {int(num):,} deaths among {int(den):,}")
        parts.append(" maternities" if "maternities" in ind.unit else " births")
    text = "".join(parts) + "."
    if _get(row, "ci_method") and str(row["ci_method"]).startswith("computed"):
        text += " The interval was calculated by this dashboard from the published counts."
    if num is not None and ind.measure == "rate" and int(num) < SMALL_COUNT:
        text += f" This rate rests on fewer than {SMALL_COUNT} deaths, so it can change a lot by chance."
    return assert_safe(text)


def source_line(row: Mapping[str, Any]) -> str:
    text = f"Source: {row['publication']}"
    if _get(row, "quality") == "secondary":
        text += f" (reported by {row['quality_source']}; not yet checked against the original publication)"
    return text + "."


# ---------------------------------------------------------------- change, inequality, caveats (issue 3)

READING_EASE_MIN = 60.0  # Flesch reading ease every generated explanation must reach (textstat 0.7.8)


def reading_ease(text: str) -> float:
    """Flesch reading ease of a text (higher is easier; 60 and above is plain English)."""
    import textstat  # pinned to 0.7.8: later versions download data at run time

    return float(textstat.flesch_reading_ease(text))


def _num(v: float, decimals: int = 2) -> str:
    return fmt(float(v), decimals)


def significance(value: float | None, lower: float | None, upper: float | None, note: str | None = None,
                 null: float = 1.0) -> str | None:
    """'significant', 'not significant' or None (unknown), from a published interval or the source's words."""
    low_note = (note or "").lower()
    if "not statistically significant" in low_note:
        return "not significant"
    if lower is not None and upper is not None and not (pd.isna(lower) or pd.isna(upper)):
        return "significant" if (lower > null or upper < null) else "not significant"
    if "statistically significant" in low_note:
        return "significant"
    return None


def change_sentences(later: str, earlier: str, ratio: float | None, lower: float | None, upper: float | None,
                     method: str | None, note: str | None = None, noun: str = "rate") -> list[str]:
    """What changed between two periods, in the words the evidence allows.

    method: 'published' (a rate ratio printed by the source), 'computed' (exact test from published counts)
    or None (no test). A change that is not statistically significant is never called a rise or a fall.
    """
    later_w, earlier_w = period_words(later), period_words(earlier)
    if ratio is None or method is None:
        out = [f"The source gives no test of the change between {earlier_w} and {later_w}.",
               f"So we cannot say if the {noun} really changed."]
        return [assert_safe(s) for s in out]
    sig = significance(ratio, lower, upper, note)
    if sig == "significant":
        word = "increase" if ratio > 1 else "decrease"
        out = [f"Between {earlier_w} and {later_w}, there was a statistically significant {word} in the {noun}."]
    elif sig == "not significant":
        out = [f"Between {earlier_w} and {later_w}, there was no statistically significant change in the {noun}."]
    else:
        out = [f"The source does not say if the change between {earlier_w} and {later_w} is statistically significant."]
    ratio_s = f"The {noun} in {later_w} was {_num(ratio)} times the {noun} in {earlier_w}"
    if lower is not None and upper is not None and not (pd.isna(lower) or pd.isna(upper)):
        ratio_s += f" (95% confidence interval {_num(lower)} to {_num(upper)})"
    out.append(ratio_s + ".")
    if method == "computed":
        out.append("We worked out this test from the published counts.")
    return [assert_safe(s) for s in out]


def split_comparison(group: str) -> tuple[str, str]:
    """'Black vs White' -> ('Black', 'White'); a label without ' vs ' -> (label, '')."""
    if " vs " in group:
        a, b = group.split(" vs ", 1)
        return a.strip(), b.strip()
    return group, ""


def inequality_sentences(group: str, reference: str, period: str, ratio: float, lower: float | None,
                         upper: float | None, note: str | None = None, computed: bool = False) -> list[str]:
    """The gap between two groups as a rate ratio, with its interval and what the source says about it."""
    words = period_words(period)
    out = [f"In {words}, the rate in the {group} group was {_num(ratio)} times the rate in the {reference} group."]
    has_ci = lower is not None and upper is not None and not (pd.isna(lower) or pd.isna(upper))
    if has_ci:
        out.append(f"The 95% confidence interval is {_num(lower)} to {_num(upper)}.")
    sig = significance(ratio, lower, upper, note)
    if sig == "significant":
        out.append("This gap is statistically significant.")
    elif sig == "not significant":
        out.append("This gap is not statistically significant.")
    else:
        out.append("The source gives no interval for this ratio, so we cannot say if the gap is statistically significant.")
    if computed:
        out.append("We worked out this ratio from the published counts.")
    return [assert_safe(s) for s in out]


def small_count_sentence(count: int | None, unit_word: str = "deaths") -> str | None:
    """A caveat when a figure rests on few events (None when the count is unknown or large enough)."""
    if count is None or count >= SMALL_COUNT:
        return None
    return assert_safe(f"This figure rests on fewer than {SMALL_COUNT} {unit_word}. So it can change a lot by chance.")
