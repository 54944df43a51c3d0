"""JSON of a table's rows: the same public columns, in the same order, as the CSV and Parquet downloads.

Missing values are null (never NaN, which is not JSON); counts are integers; the bytes are deterministic.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from dashboard.exports.csv import export_frame


def plain(value: Any) -> Any:
    """A cell as a JSON value: None for every kind of missing, Python numbers for numpy and Arrow ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(table: pd.DataFrame, columns: list[str] | tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts in column order (the public export columns unless others are named)."""
    frame = export_frame(table) if columns is None else table.reindex(columns=list(columns))
    cols = list(frame.columns)
    return [dict(zip(cols, (plain(v) for v in row))) for row in frame.itertuples(index=False, name=None)]


def dumps(obj: Any) -> bytes:
    """Compact, UTF-8, key order kept, NaN refused (a bug, not a value)."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
