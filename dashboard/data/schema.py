"""The tidy table every view, download and CLI command uses."""

from __future__ import annotations

import pandas as pd

# Stored columns of a curated table, in order (see docs/data-schema.md).
STORED_COLUMNS = (
    "indicator", "period", "breakdown", "group", "geography", "value", "ci_lower", "ci_upper",
    "numerator", "denominator", "unit", "publication", "published_date", "source_url", "locator",
    "quality", "quality_source", "note",
)
# Columns added by the loader.
DERIVED_COLUMNS = ("vintage", "row_id", "obs_status", "ci_method")
TIDY_COLUMNS = STORED_COLUMNS + DERIVED_COLUMNS
# The public columns of every download (CSV, JSON, Parquet) and of `dashboard data`.
EXPORT_COLUMNS = (
    "indicator", "period", "breakdown", "group", "geography", "value", "ci_lower", "ci_upper", "ci_method",
    "numerator", "denominator", "unit", "vintage", "publication", "published_date", "source_url", "locator",
    "quality", "quality_source", "obs_status", "note",
)
FLOAT_COLUMNS = ("value", "ci_lower", "ci_upper")
INT_COLUMNS = ("numerator", "denominator")
SERIES_KEY = ("indicator", "period", "breakdown", "group", "geography")


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Arrow-backed dtypes: strings, float64 with nulls, int64 with nulls."""
    out = df.reindex(columns=list(TIDY_COLUMNS))
    for col in TIDY_COLUMNS:
        if col in FLOAT_COLUMNS:
            out[col] = pd.to_numeric(out[col], errors="raise").astype("float64[pyarrow]")
        elif col in INT_COLUMNS:
            out[col] = pd.to_numeric(out[col], errors="raise").astype("int64[pyarrow]")
        else:
            out[col] = out[col].astype("string[pyarrow]")
    return out.reset_index(drop=True)


def vintage_of(published_date: str) -> str:
    """The edition key: YYYY-MM (a bare year sorts as YYYY-00, before that year's months)."""
    return published_date[:7] if len(published_date) >= 7 else f"{published_date[:4]}-00"
