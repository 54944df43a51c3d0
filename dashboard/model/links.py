"""Which Explore view a sentence about a figure opens: the view's settings as a value, not an address.

The model says what to show (indicator, breakdown, groups, periods, data edition); the layers above write the
address (dashboard.explore.state.view_query), so the model knows no URL and no web module.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data.query import LATEST


@dataclass(frozen=True)
class ExploreLink:
    indicator: str
    breakdown: str = "overall"
    groups: tuple[str, ...] = ()
    edition: str = LATEST
    period_from: str | None = None
    period_to: str | None = None
