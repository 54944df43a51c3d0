"""Home: "Maternal deaths in the UK", told without a filter (pure: store in, dataclasses out).

Answer first, in the order of the page spec (dashboard/content/pages.yaml): the headline rate with its interval,
period and whether the latest change is real (with and without COVID-19 deaths), over the trend chart with the
national ambition's target (dashboard.model.ambition); then the gaps, causes, late deaths and mental health, social
services and babies. Each block's table, notes and sources are detail. A block whose data is missing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.charts.spec import Chart, RefLine
from dashboard.content import answers
from dashboard.content.common import RATE, Block, change
from dashboard.content.spec import pages
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.explore.state import ViewState
from dashboard.explore.view import View, build_view
from dashboard.model.ambition import Progress, progress
from dashboard.model.figure import Figure

TITLE = pages().home.title
INTRO = pages().home.intro


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
        aim = self.ambition.ref if self.ambition is not None else None
        ref = RefLine(aim.value, aim.label) if aim is not None else None
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
        return tuple(s for s in self.trend.summary if not any(s in x for x in said))  # nor inside a longer one

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
    built = [(s, answers.build(store, s, LATEST, ch)) for s in pages().home.blocks]
    blocks = [replace(b, id=s.id, title=s.title, link_text=s.link) for s, b in built if b is not None]
    rate = {s.id for s in pages().home.blocks if s.question == "rate"}
    headline = next((b for b in blocks if b.id in rate), None)  # the rate leads the page, over the trend chart
    aim = progress(store, RATE, latest=ch.latest) if ch is not None else None
    return Home(TITLE, INTRO, headline, build_view(store, ViewState()),
                tuple(b for b in blocks if b is not headline), aim)
