"""The tidy table every view, download and CLI command uses."""

from __future__ import annotations

import pandas as pd

# Stored columns of a curated table, in order (see docs/data-schema.md).
STORED_COLUMNS = (
    "indicator", "period", "breakdown", "group", "geography", "value", "ci_lower", "ci_upper",
    "numerator", "denominator", "unit", "producer", "publication", "published_date", "source_url", "locator",
    "tier", "reported_by", "note", "base", "canonical_url", "checked",
)
# base: empty = the indicator's declared base (indicators.yaml `base`), else a key of its `other_bases`.
# canonical_url: the page's canonical address when source_url (the page actually read) is another copy of it.
# checked: the day the row was last compared with the page it cites (YYYY-MM-DD).
# Columns added by the loader.
# ci_source_* / counts_source_*: set when the interval / the counts shown were printed beside the same value by
# another publication or page (the figure's own row has none), so they keep their own provenance.
# geography_code: the ONS area code of the geography; licence: the terms of the row's producer (sources.yaml);
# group_as_published: the source's own spelling of a group when it differs from the one label used here.
DERIVED_COLUMNS = ("vintage", "row_id", "obs_status", "ci_method", "decimals", "ci_source_publication",
                   "ci_source_url", "ci_tier", "ci_reported_by", "counts_source_publication", "counts_source_url",
                   "counts_tier", "counts_reported_by", "geography_code", "licence", "group_as_published")
TIDY_COLUMNS = STORED_COLUMNS + DERIVED_COLUMNS
# The public columns of every download (CSV, JSON, Parquet) and of `dashboard data`.
EXPORT_COLUMNS = (
    "indicator", "period", "breakdown", "group", "group_as_published", "geography", "geography_code", "value", "ci_lower", "ci_upper", "ci_method",
    "numerator", "denominator", "unit", "vintage", "producer", "publication", "published_date", "source_url",
    "locator", "tier", "reported_by", "ci_source_publication", "ci_source_url", "ci_tier", "ci_reported_by",
    "counts_source_publication", "counts_source_url", "counts_tier", "counts_reported_by", "obs_status", "licence", "note",
    "base", "canonical_url", "checked",
)
FLOAT_COLUMNS = ("value", "ci_lower", "ci_upper")

# A published comparison (the source's own words on whether two figures differ): columns of comparisons.csv.
# a = the later period or the group compared; b = the earlier period or the reference group.
COMPARISON_COLUMNS = (
    "indicator", "breakdown", "geography", "period_a", "group_a", "period_b", "group_b", "direction", "significance",
    "words", "ratio", "ci_lower", "ci_upper", "p_value", "percent_change", "excludes_covid", "producer",
    "publication", "published_date", "source_url", "locator", "tier", "reported_by", "note", "canonical_url", "checked",
)
COMPARISON_DERIVED = ("vintage", "row_id")
COMPARISON_FLOATS = ("ratio", "ci_lower", "ci_upper", "p_value", "percent_change")
COMPARISON_BOOLS = ("excludes_covid",)
SIGNIFICANCE = ("significant", "not-significant", "not-stated")  # in the source's own words
DIRECTIONS = ("higher", "lower", "similar")
INT_COLUMNS = ("numerator", "denominator", "decimals")
SERIES_KEY = ("indicator", "period", "breakdown", "group", "geography")
# The names of the two whole-store tables the site publishes (beside one table per indicator).
FIGURES = "figures"
ALL_VINTAGES = "all-vintages"

# ONS area codes (GSS) of the geographies the figures cover; a geography without one (UK and Ireland) has none.
AREA_CODES: dict[str, str] = {
    "England": "E92000001",
    "Wales": "W92000004",
    "Scotland": "S92000003",
    "Northern Ireland": "N92000002",
    "UK": "K02000001",
    "England and Wales": "K04000001",
}
# One label per group: a source's other spelling of the same group -> the label every table uses.
GROUP_LABELS: dict[str, str] = {
    "Mixed/ multiple": "Mixed/multiple ethnic groups",
    "Not Stated": "Not stated",
}


def area_code(geography: str | None) -> str | None:
    """The ONS area code of a geography ('UK' -> 'K02000001'), None when it has none."""
    return AREA_CODES.get(geography) if geography else None


def group_label(group: str | None) -> str | None:
    """The one label of a group (a source's other spelling mapped to it; any other group unchanged)."""
    return GROUP_LABELS.get(group, group) if group else group


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


def typed_comparisons(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reindex(columns=list(COMPARISON_COLUMNS + COMPARISON_DERIVED))
    for col in out.columns:
        if col in COMPARISON_FLOATS:
            out[col] = pd.to_numeric(out[col], errors="raise").astype("float64[pyarrow]")
        elif col in COMPARISON_BOOLS:
            out[col] = out[col].map(lambda v: str(v).lower() == "true").astype("bool[pyarrow]")
        else:
            out[col] = out[col].astype("string[pyarrow]")
    return out.reset_index(drop=True)


def vintage_of(published_date: str) -> str:
    """The edition key: YYYY-MM (a bare year sorts as YYYY-00, before that year's months)."""
    return published_date[:7] if len(published_date) >= 7 else f"{published_date[:4]}-00"
