"""Domain rules every row must pass, beyond the Table Schema types (which frictionless checks)."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Iterable

from dashboard.data.catalogue import Catalogue
from dashboard.data.errors import Problem

_ROLLING = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


def decimals_of(text: str) -> int:
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


def _num(v: Any) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return float(v)


def _period_problem(period: str, period_type: str) -> str | None:
    m = _ROLLING.match(period)
    if period_type == "year":
        return None if _YEAR.match(period) else f"'{period}' is not a year (YYYY)"
    if not m:
        return f"'{period}' is not a period of the form YYYY-YY"
    start, end2 = int(m.group(1)), int(m.group(2))
    end = (start // 100) * 100 + end2
    if end < start:
        end += 100
    if period_type == "rolling-3-year" and end != start + 2:
        return f"'{period}' is not a three-year period"
    if end <= start:
        return f"'{period}' ends before it starts"
    return None


def check_row(row: dict[str, Any], cat: Catalogue, file: str) -> list[Problem]:
    line = row["_line"]
    out: list[Problem] = []

    def bad(column: str, rule: str, message: str) -> None:
        out.append(Problem(file, line, column, rule, message))

    ind = cat.indicators.get(row["indicator"])
    if ind is None:
        bad("indicator", "indicator-known", f"'{row['indicator']}' is not an indicator in indicators.yaml")
        return out
    if row["breakdown"] != "overall" and row["breakdown"] not in ind.breakdowns:
        bad("breakdown", "breakdown-known", f"'{row['breakdown']}' is not a breakdown of '{ind.id}'")
    if row["unit"] != ind.unit:
        bad("unit", "unit-known", f"unit '{row['unit']}' differs from the unit of '{ind.id}' ('{ind.unit}')")
    msg = _period_problem(str(row["period"]), ind.period_type)
    if msg:
        bad("period", "period-format", msg)
    for col in ("publication", "source_url", "locator", "published_date"):
        if not (row.get(col) or "").strip():
            bad(col, "sourced", f"every figure must name its {col.replace('_', ' ')}")
    if row.get("quality") == "secondary" and not (row.get("quality_source") or "").strip():
        bad("quality_source", "secondary-named", "a secondary figure must name the source that quoted it")
    value, lo, hi = _num(row["value"]), _num(row["ci_lower"]), _num(row["ci_upper"])
    if value is None:
        return out
    if not math.isfinite(value) or value < 0:
        bad("value", "value-range", f"{row['value']} is not a finite, non-negative figure")
    if ind.measure == "percent" and value > 100:
        bad("value", "value-range", f"{row['value']} is more than 100 percent")
    if (lo is None) != (hi is None):
        bad("ci_lower" if lo is None else "ci_upper", "ci-pair", "a confidence interval needs both its limits")
    elif lo is not None and hi is not None and not lo <= value <= hi:
        bad("ci_lower" if lo > value else "ci_upper", "ci-order",
            f"the interval {row['ci_lower']} to {row['ci_upper']} does not contain the value {row['value']}")
    num, den = _num(row["numerator"]), _num(row["denominator"])
    if num is not None and den is not None:
        if num > den:
            bad("numerator", "count-order", f"numerator {row['numerator']} exceeds denominator {row['denominator']}")
        elif ind.multiplier and ind.measure == "rate":
            expected = num / den * ind.multiplier
            tolerance = 0.5 * 10 ** -decimals_of(str(row["value"])) + 1e-9
            if abs(expected - value) > tolerance:
                bad("value", "rate-consistent",
                    f"{row['value']} does not match {row['numerator']}/{row['denominator']} x {ind.multiplier:,}"
                    f" = {expected:.3f} (within rounding)")
    return out


def check_rows(rows: Iterable[dict[str, Any]], cat: Catalogue, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: Counter[tuple] = Counter()
    for row in rows:
        problems.extend(check_row(row, cat, file))
        key = (row["indicator"], row["period"], row["breakdown"], row["group"], row["geography"], row["publication"])
        seen[key] += 1
        if seen[key] == 2:
            problems.append(Problem(file, row["_line"], "group", "key-unique",
                                    f"duplicate figure for {' / '.join(map(str, key[:5]))} from the same publication"))
    return problems


def check_coverage(indicator_ids: set[str], cat: Catalogue) -> list[Problem]:
    """Every indicator in the metadata has data (metadata without data is a dead entry)."""
    return [Problem("indicators.yaml", None, ind_id, "indicator-has-data", f"indicator '{ind_id}' has no rows in any table")
            for ind_id in sorted(set(cat.indicators) - indicator_ids)]
