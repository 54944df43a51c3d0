"""Domain rules every row must pass, beyond the Table Schema types (which frictionless checks)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dashboard.data.errors import Problem
from dashboard.data.metadata import on_domain

if TYPE_CHECKING:  # annotations only: the catalogue module runs these rules on itself
    from dashboard.data.catalogue import Catalogue

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


def provenance_problems(row: dict[str, Any], cat: Catalogue) -> list[tuple[str, str, str]]:
    """(column, rule, message) for a row whose tier does not fit where it was read (sources.yaml)."""
    src = cat.sources
    url, tier = str(row.get("source_url") or ""), row.get("tier")
    producer, reported_by = row.get("producer"), (row.get("reported_by") or "").strip()
    out: list[tuple[str, str, str]] = []
    if producer and producer not in src.producers:
        out.append(("producer", "producer-known", f"'{producer}' is not a producer in sources.yaml"))
    # source_url is the page the figure was actually read on. When that was a weak copy, the row must also give the
    # original's address (canonical_url) and can only be secondary: the original was not read.
    canonical = str(row.get("canonical_url") or "")
    weak = src.weak_copy(url) if url else None
    if weak and not canonical:
        out.append(("source_url", "no-weak-copy", (f"{url} is {weak}; cite the original, or give its address in "
                                                   "canonical_url and keep the row secondary")))
    elif weak and tier != "secondary":
        out.append(("tier", "weak-copy-secondary", f"{url} is {weak}: a figure read there is secondary"))
    if canonical and src.weak_copy(canonical):
        out.append(("canonical_url", "no-weak-copy", f"{canonical} is {src.weak_copy(canonical)}: name the original"))
    if tier == "primary":
        if producer in src.producers and not any(on_domain(url, d) for d in src.producers[producer].domains):
            out.append(("tier", "primary-on-producer-page",
                        (f"a primary figure must be read on {src.producers[producer].name}'s own pages "
                        f"({', '.join(src.producers[producer].domains)}), not on {url}")))
        if reported_by:
            out.append(("reported_by", "primary-not-reported", "a primary figure is read at its producer: leave reported_by empty"))
    elif tier == "official":
        if not src.official_body_of(url):
            out.append(("tier", "official-on-public-body-page",
                        f"an official summary must be read on a public body's page (sources.yaml: official), not on {url}"))
        if not reported_by:
            out.append(("reported_by", "official-named", "an official summary must name the body that restated it"))
    elif tier == "secondary" and not reported_by:
        out.append(("reported_by", "secondary-named", "a secondary figure must name the source that quoted it"))
    return out


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
    for col in ("producer", "publication", "source_url", "locator", "published_date"):
        if not (row.get(col) or "").strip():
            bad(col, "sourced", f"every figure must name its {col.replace('_', ' ')}")
    out += [Problem(file, line, col, rule, msg) for col, rule, msg in provenance_problems(row, cat)]
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


def check_comparison(row: dict[str, Any], cat: Catalogue, file: str) -> list[Problem]:
    """A published comparison: known indicator and breakdown, periods that fit, words consistent with numbers."""
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
    for col in ("period_a", "period_b"):
        msg = _period_problem(str(row[col]), ind.period_type)
        if msg:
            bad(col, "period-format", msg)
    if (row["period_a"], row["group_a"]) == (row["period_b"], row["group_b"]):
        bad("group_b", "comparison-two-figures", "a comparison needs two different periods or groups")
    for col in ("producer", "publication", "source_url", "locator", "published_date", "words"):
        if not (row.get(col) or "").strip():
            bad(col, "sourced", f"every comparison must name its {col.replace('_', ' ')}")
    out += [Problem(file, line, col, rule, msg) for col, rule, msg in provenance_problems(row, cat)]
    stated = row["significance"]
    ratio, lo, hi = _num(row["ratio"]), _num(row["ci_lower"]), _num(row["ci_upper"])
    if (lo is None) != (hi is None):
        bad("ci_lower" if lo is None else "ci_upper", "ci-pair", "a confidence interval needs both its limits")
    if ratio is not None and lo is not None and hi is not None:
        if not lo <= ratio <= hi:
            bad("ratio", "ci-order", f"the interval {row['ci_lower']} to {row['ci_upper']} does not contain {row['ratio']}")
        elif stated != "not-stated" and (stated == "significant") != (lo > 1 or hi < 1):
            bad("significance", "significance-consistent",
                f"'{stated}' but the interval {row['ci_lower']} to {row['ci_upper']} "
                f"{'excludes' if lo > 1 or hi < 1 else 'includes'} 1")
    direction = row["direction"]
    for number, neutral in ((ratio, 1.0), (_num(row["percent_change"]), 0.0)):
        if number is not None and direction in ("higher", "lower") and (number > neutral) != (direction == "higher"):
            bad("direction", "direction-consistent", f"direction '{direction}' disagrees with the figure {number}")
    if stated == "significant" and direction == "similar":
        bad("direction", "direction-consistent", "a significant difference must be 'higher' or 'lower'")
    return out


def check_comparisons(rows: Iterable[dict[str, Any]], cat: Catalogue, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: Counter[tuple] = Counter()
    for row in rows:
        problems.extend(check_comparison(row, cat, file))
        key = tuple(row[c] for c in ("indicator", "breakdown", "geography", "period_a", "group_a", "period_b",
                                     "group_b", "excludes_covid", "publication", "source_url"))
        seen[key] += 1
        if seen[key] == 2:
            problems.append(Problem(file, row["_line"], "group_b", "key-unique",
                                    f"duplicate comparison {' / '.join(map(str, key[:7]))} from the same publication"))
    return problems


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
    return problems + check_bases(rows, cat, file)


def check_coverage(indicator_ids: set[str], cat: Catalogue) -> list[Problem]:
    """Every indicator in the metadata has data (metadata without data is a dead entry)."""
    return [Problem("indicators.yaml", None, ind_id, "indicator-has-data", f"indicator '{ind_id}' has no rows in any table")
            for ind_id in sorted(set(cat.indicators) - indicator_ids)]


def check_bases(rows: Iterable[dict[str, Any]], cat: Catalogue, file: str) -> list[Problem]:
    """Every point of one series (indicator, breakdown, group, geography) is on one declared base: the indicator's
    own (`base`, the row's base column empty) or one of its `other_bases`, named in the row. A point on another base
    is a series of its own, never a point on the same line."""
    out: list[Problem] = []
    first: dict[tuple, tuple[str, int]] = {}
    for row in rows:
        ind = cat.indicators.get(row["indicator"])
        if ind is None:
            continue
        base = (row.get("base") or "").strip()
        if base and base not in ind.other_bases:
            out.append(Problem(file, row["_line"], "base", "base-declared",
                               f"'{base}' is not one of the other bases declared for '{ind.id}' (indicators.yaml "
                               "other_bases); leave it empty for the indicator's own base"))
            continue
        key = (row["indicator"], row["breakdown"], row["group"], row["geography"])
        seen = first.setdefault(key, (base, row["_line"]))
        if seen[0] != base:
            out.append(Problem(file, row["_line"], "base", "base-consistent",
                               f"this point is on base '{base or 'declared'}' but line {seen[1]} of the same series "
                               f"({' / '.join(map(str, key))}) is on '{seen[0] or 'declared'}': give it a group of "
                               "its own"))
    return out


def check_declared_bases(cat: Catalogue) -> list[Problem]:
    """Every indicator says who its figures are about."""
    return [Problem("indicators.yaml", None, f"{ind.id}.base", "base-declared",
                    f"indicator '{ind.id}' does not declare its base (who the figures are about)")
            for ind in cat.indicators.values() if not ind.base.strip()]


def check_uncited(figures: Iterable[dict[str, Any]], cat: Catalogue) -> list[Problem]:
    """A value named as known but uncited (indicators.yaml `uncited`) is for a period of the right kind that has no
    row: it explains a gap, and is never shown beside a figure for the same period."""
    have = {(r["indicator"], r["period"]) for r in figures}
    out: list[Problem] = []
    for ind in cat.indicators.values():
        for i, u in enumerate(ind.uncited):
            where = f"{ind.id}.uncited[{i}].period"
            msg = _period_problem(u.period, ind.period_type)
            if msg:
                out.append(Problem("indicators.yaml", None, where, "period-format", msg))
            elif (ind.id, u.period) in have:
                out.append(Problem("indicators.yaml", None, where, "uncited-is-a-gap",
                                   f"'{u.period}' has a row in the tables: an uncited value only explains a gap"))
    return out


def check_ambitions(cat: Catalogue, file: str) -> list[Problem]:
    """Each ambition names a known indicator, a baseline period of its kind, and sources whose tier fits (as rows)."""
    out: list[Problem] = []
    for a in cat.ambitions:
        ind = cat.indicators.get(a.indicator)
        if ind is None:
            out.append(Problem(file, None, f"{a.id}.indicator", "indicator-known",
                               f"'{a.indicator}' is not an indicator in indicators.yaml"))
            continue
        msg = _period_problem(a.baseline.period, ind.period_type)
        if msg:
            out.append(Problem(file, None, f"{a.id}.baseline.period", "period-format", msg))
        if a.originally_target_year is not None and a.originally_target_year == a.target_year:
            out.append(Problem(file, None, f"{a.id}.originally_target_year", "ambition-dates",
                               "the original target year is the same as the target year: leave it out"))
        for part in ("statement", "baseline"):
            src = getattr(a, part)
            for col, rule, message in provenance_problems(src.model_dump(), cat):
                out.append(Problem(file, None, f"{a.id}.{part}.{col}", rule, message))
    return out
