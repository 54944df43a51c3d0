"""Read a file in the Open SDG CSV format (one column per disaggregation, empty = total) as tidy rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.data.errors import Problem

_NON_DISAGGREGATION = {"Year", "Value", "Units", "Unit multiplier", "Unit measure", "Observation status", "GeoCode"}
_STATUS_NOTES = {
    "Definition differs": "ONS marks this period 'Definition differs'",
    "Low reliability": "Low reliability: ONS flags this rate as based on few deaths",
    "Missing value; suppressed": "Suppressed by ONS (fewer than 3 deaths)",
}


def _period(year: str) -> str:
    return year.strip()


def read_opensdg(raw: pd.DataFrame, mapping: dict[str, Any], file: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Map an Open SDG table (all columns as strings) to tidy rows, using the resource's _opensdg mapping."""
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    ind_cols: list[str] = mapping["indicator_columns"]
    geo_col: str = mapping["geography_column"]
    breakdown_cols: dict[str, str] = mapping["breakdown_columns"]
    known = set(ind_cols) | {geo_col} | set(breakdown_cols) | _NON_DISAGGREGATION
    for col in raw.columns:
        if col not in known:
            problems.append(Problem(file, 1, col, "opensdg-column", f"column '{col}' is not in the resource's _opensdg mapping"))
    if problems:
        return rows, problems
    for i, rec in enumerate(raw.to_dict("records")):
        line = i + 2
        key = " | ".join(v for v in (rec[c].strip() for c in ind_cols) if v)
        indicator = mapping["indicators"].get(key)
        if indicator is None:
            problems.append(Problem(file, line, ind_cols[0], "opensdg-series", f"series '{key}' has no indicator in the mapping"))
            continue
        unit = mapping["units"].get(rec["Units"].strip())
        if unit is None:
            problems.append(Problem(file, line, "Units", "unit-unknown", f"unit '{rec['Units']}' is not in the mapping"))
            continue
        geography = rec[geo_col].strip() or mapping["default_geography"]
        used = [(c, rec[c].strip()) for c in breakdown_cols if rec[c].strip()]
        if len(used) > 1:
            names = " and ".join(c for c, _ in used)
            problems.append(Problem(file, line, used[1][0], "opensdg-crosstab",
                                    f"a cross-tabulation ({names}) cannot be shown as one breakdown"))
            continue
        if used:
            breakdown, group = breakdown_cols[used[0][0]], used[0][1]
        elif rec[geo_col].strip() and mapping.get("nation_breakdown"):
            breakdown, group = mapping["nation_breakdown"], geography
        elif rec[geo_col].strip():
            problems.append(Problem(file, line, geo_col, "opensdg-geography", "a geography without a breakdown and no nation_breakdown in the mapping"))
            continue
        else:
            breakdown, group = "overall", "All"
        status = rec.get("Observation status", "").strip()
        value = rec["Value"].strip()
        rows.append({
            "indicator": indicator, "period": _period(rec["Year"]), "breakdown": breakdown, "group": group,
            "geography": geography, "value": value or None, "ci_lower": None, "ci_upper": None,
            "numerator": None, "denominator": None, "unit": unit,
            "producer": mapping["producer"], "publication": mapping["publication"],
            "published_date": mapping.get("first_published", {}).get(rec["Year"].strip(), mapping["published_date"]),
            "source_url": mapping["source_url"], "locator": mapping["locator"].format(line=line),
            "tier": "primary", "reported_by": None,
            "note": _STATUS_NOTES.get(status) if value or status.startswith("Missing") else "No value published by ONS (a gap)",
            "obs_status": status or None, "_line": line,
        })
    return rows, problems
