"""Numbers in words, the way the sources print them."""

from __future__ import annotations

import math


def fmt(value: float | None, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not published"
    return f"{value:,.{decimals}f}"


def about(value: float) -> str:
    """'About 13' for a headline sentence; keeps one decimal below 10 ('about 8.8')."""
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"


def ci_text(lo: float | None, hi: float | None, decimals: int) -> str:
    if lo is None or hi is None or (isinstance(lo, float) and math.isnan(lo)):
        return "no confidence interval was published"
    return f"95% confidence interval {fmt(lo, decimals)} to {fmt(hi, decimals)}"
