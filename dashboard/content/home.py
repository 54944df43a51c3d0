"""Home: "Maternal deaths in the UK", told without a filter (pure: store in, dataclasses out).

The headline rate with its interval, count, period, tier and source; the default Explore view's chart, table and
words, with progress against the national ambition (its target line on the chart, its sentences and the source of
the ambition under it: dashboard.model.ambition); then the blocks (what changed, the gaps, causes, late deaths and mental health, social services, babies).
A block whose data is missing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.charts.spec import Chart
from dashboard.content.common import (
    RATE,
    Block,
    babies_block,
    causes_block,
    change,
    change_block,
    gap_block,
    headline_block,
    late_deaths_block,
    social_services_block,
)
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.explore.state import ViewState
from dashboard.explore.view import View, build_view
from dashboard.model.ambition import Progress, progress
from dashboard.model.figure import Figure

TITLE = "Maternal deaths in the UK"
INTRO = ("How many women die during pregnancy or in the year after, in published UK figures. Each number comes "
         "with its source, its range of uncertainty and whether a change is real.")


@dataclass(frozen=True)
class Home:
    title: str
    intro: str
    headline: Block | None
    trend: View
    blocks: tuple[Block, ...]
    ambition: Progress | None = None  # the headline rate against the national ambition

    @property
    def chart(self) -> Chart:
        """The trend chart, with the ambition's target drawn on it when the ambition is comparable."""
        chart = self.trend.chart
        ref = self.ambition.ref if self.ambition is not None else None
        if ref is None or ref in chart.refs:
            return chart
        return replace(chart, refs=chart.refs + (ref,))

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure the page shows (cards, blocks and the trend table), once each."""
        out: dict[str, Figure] = {}
        for b in ([self.headline] if self.headline else []) + list(self.blocks):
            for f in b.figures:
                out.setdefault(f.row_id, f)
        for f in self.trend.figures:
            out.setdefault(f.row_id, f)
        return tuple(out.values())

    @property
    def trend_words(self) -> tuple[str, ...]:
        """The trend view's words, less what the page says elsewhere: the headline, the blocks (the change from the
        period before is the "What changed" block's) and the ambition's sentences (shown apart, with its source)."""
        said = {s for b in ([self.headline] if self.headline else []) + list(self.blocks) for s in b.sentences}
        said |= set(self.ambition.sentences) if self.ambition else set()
        return tuple(s for s in self.trend.summary if s not in said)

    @property
    def sensitive(self) -> bool:
        return any(b.sensitive for b in self.blocks)

    @property
    def sentences(self) -> tuple[str, ...]:
        """All generated text on the page (for the reading-ease and safe-messaging checks)."""
        blocks = ([self.headline] if self.headline else []) + list(self.blocks)
        aim = self.ambition.sentences if self.ambition else ()
        return tuple(s for b in blocks for s in b.sentences) + tuple(dict.fromkeys(self.trend.summary + aim))


def home(store: Store) -> Home:
    ch = change(store, LATEST)
    blocks = [change_block(store, ch), gap_block(store, "ethnicity"), gap_block(store, "deprivation"),
              causes_block(store), late_deaths_block(store), social_services_block(store), babies_block(store)]
    aim = progress(store, RATE, latest=ch.latest) if ch is not None else None
    return Home(TITLE, INTRO, headline_block(store, ch), build_view(store, ViewState()),
                tuple(b for b in blocks if b is not None), aim)
