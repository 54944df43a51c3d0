"""Who published a figure, the source line under a chart, and "How to cite" (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

DASHBOARD_NAME = "UK maternal outcome statistics"
INDEPENDENCE = ("This is an independent presentation of published figures. It is not a product of "
                "MBRRACE-UK or the Office for National Statistics (ONS).")
MBRRACE = "MBRRACE-UK"
ONS = "Office for National Statistics"


def publisher_of(publication: str) -> str | None:
    """The organisation behind a publication, when its title names it (None for articles and press)."""
    p = publication.strip()
    if p.startswith("ONS"):
        return ONS
    if p.startswith(("Saving Lives", "MBRRACE")):
        return MBRRACE
    return None


@dataclass(frozen=True)
class SourceRef:
    publication: str
    publisher: str | None
    url: str
    periods: tuple[str, ...]
    secondary_via: str | None = None

    def line(self) -> str:
        """'Source: <publication>, <publisher>' (with the secondary source when there is one)."""
        text = f"Source: {self.publication}"
        if self.publisher and self.publisher not in self.publication:
            text += f", {self.publisher}"
        if self.secondary_via:
            text += f" (reported by {self.secondary_via}; not yet checked against the original publication)"
        return text


def sources_of(table: pd.DataFrame) -> list[SourceRef]:
    """One reference per publication behind the rows shown, newest edition first."""
    if table.empty:
        return []
    refs: list[SourceRef] = []
    t = table.sort_values("vintage", ascending=False, kind="stable")
    for pub, rows in t.groupby("publication", sort=False):
        first = rows.iloc[0]
        secondary = rows[rows["quality"] == "secondary"]
        via = None if secondary.empty else str(secondary["quality_source"].iloc[0])
        refs.append(SourceRef(publication=str(pub), publisher=publisher_of(str(pub)), url=str(first["source_url"]),
                              periods=tuple(dict.fromkeys(str(p) for p in rows["period"])), secondary_via=via))
    return refs


def source_lines(table: pd.DataFrame, limit: int = 2) -> list[str]:
    """Short source lines for an image: the newest publications, then how many more (all are in the CSV)."""
    refs = sources_of(table)
    lines = [r.line() for r in refs[:limit]]
    if len(refs) > limit:
        more = len(refs) - limit
        lines.append(f"and {more} other publication{'s' if more > 1 else ''} for earlier periods "
                     "(each figure's source is in the CSV).")
    return lines


def cite_figure(ref: SourceRef) -> str:
    """A citation of the original publication a figure came from."""
    who = f"{ref.publisher}. " if ref.publisher and ref.publisher not in ref.publication else ""
    text = f"{who}{ref.publication}. Available at: {ref.url}"
    if ref.secondary_via:
        text += f" (figure as reported by {ref.secondary_via})"
    return text + "."


def cite_dashboard(permalink: str, version: str, accessed: date | None = None) -> str:
    """A citation of the dashboard view itself."""
    day = (accessed or date.today()).strftime("%-d %B %Y")
    return (f"{DASHBOARD_NAME} (version {version}), an independent presentation of published figures. "
            f"Available at: {permalink} (accessed {day}).")
