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
