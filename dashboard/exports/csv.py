"""CSV of exactly the rows a chart shows, in the public column order (dashboard.data.schema.EXPORT_COLUMNS)."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.data.schema import EXPORT_COLUMNS


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The public columns of a table, in order (columns the table lacks are left empty)."""
    return table.reindex(columns=list(EXPORT_COLUMNS)).reset_index(drop=True)


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV, LF line ends, no index: the same bytes for the same rows, every time."""
    return export_frame(table).to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_parquet_bytes(table: pd.DataFrame) -> bytes:
    return export_frame(table).to_parquet(index=False)


def slug(text: str, limit: int = 80) -> str:
    """A safe file-name stem: lower-case words joined by hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "data"
