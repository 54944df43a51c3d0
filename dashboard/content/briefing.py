"""The one-page briefing for commissioners, and the briefing of one Explore view (pure: store in, dataclasses out).

The briefing reuses the home page's blocks (dashboard.content.common), so the headline, its change and the gaps
carry the same verdicts. Each figure is a Line: the figure (interval, count, period, tier, source from the model),
its "is it real?" answer in a few words, and the Explore view that shows it (the permalink).
`edition` (YYYY-MM) shows the figures as they were known at the end of that month.

One A4 page: the web page lists every figure; the printed page (print.css) keeps each list short (Line.printed:
the leading figures of each block, the two ends of a compared series) and says how many more are online. A figure
that is printed keeps all it carries: interval, count, period, "is it real?", tier and source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.content.common import (
    RATE,
    SUPPORT_NOT_BLAME,
    Block,
    Item,
    babies_block,
    causes_block,
    change,
    change_block,
    figure_query,
    gap_block,
    headline_block,
    late_deaths_block,
    social_services_block,
)
from dashboard.data.index import BEFORE_FIRST, index_of
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.data.recommendations import Recommendation, for_briefing
from dashboard.model.figure import Figure, Source, date_words
from dashboard.model.select import sources_of
from dashboard.model.words import (
    compare_sentences,
    figure_sentence,
    more_online_sentence,
    ratio_sentence,
    table_cut_sentence,
)
from dashboard.state import ViewState
from dashboard.text.safety import assert_safe
from dashboard.views import View, build_view

TITLE = "Maternal deaths in the UK: one-page briefing"
VIEW_TITLE = "Briefing on one view"
MAX_VIEW_ROWS = 12
PRINT_RECOMMENDATIONS = 3  # the printed page lists the first three calls; the web page all of them
_EDITION = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Line:
    item: Item
    query: str            # the Explore view that shows this figure
    printed: bool = True  # on the one-page print (every line is on the web page)

    @property
    def figure(self) -> Figure:
        return self.item.figure


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    sentences: tuple[str, ...]
    lines: tuple[Line, ...]
    sensitive: bool = False

    @property
    def queries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ln.query for ln in self.lines))

    @property
    def more_online(self) -> str:
        """'And 3 more in the online briefing.' when the print leaves lines out ('' when it prints them all)."""
        n = sum(not ln.printed for ln in self.lines)
        return more_online_sentence(n) if n else ""


@dataclass(frozen=True)
class Briefing:
    title: str
    edition: str                   # 'latest' or YYYY-MM
    edition_words: str             # 'Figures as published up to January 2026'
    sections: tuple[Section, ...]
    recommendations: tuple[Recommendation, ...]
    notices: tuple[str, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(dict.fromkeys(ln.figure for s in self.sections for ln in s.lines))

    @property
    def sensitive(self) -> bool:
        return any(s.sensitive for s in self.sections)

    @property
    def queries(self) -> tuple[str, ...]:
        """The Explore views behind the briefing's figures, once each (printed as permalinks)."""
        return tuple(dict.fromkeys(ln.query for s in self.sections for ln in s.lines))

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(x for s in self.sections for x in s.sentences) + tuple(
            ln.item.significance for s in self.sections for ln in s.lines) + tuple(
            r.text for r in self.recommendations)

    @property
    def more_recommendations(self) -> str:
        n = len(self.recommendations) - PRINT_RECOMMENDATIONS
        return more_online_sentence(n) if n > 0 else ""


class EditionTooEarly(ValueError):
    """A month before the first edition: no figures had been published by then."""


def parse_edition(raw: str | None, store: Store) -> tuple[str, list[str]]:
    """The edition a query asks for: 'latest', or the newest edition at or before a YYYY-MM month (a month from the
    newest edition on is 'latest'), with a notice when the value was not usable. Raises EditionTooEarly for a
    month before the first edition."""
    if not raw or raw == LATEST:
        return LATEST, []
    raw = raw.strip()[:20]
    m = _EDITION.match(raw)
    if not m:
        return LATEST, [f"'{raw}' is not a month written as YYYY-MM, so the latest figures are shown."]
    edition = index_of(store).vintage_at(raw)
    if edition == BEFORE_FIRST:
        first = str(store.table["vintage"].min())
        raise EditionTooEarly(f"No figures had been published by {date_words(raw)}: the first edition is "
                              f"{date_words(first)}.")
    return edition, []


def edition_words(store: Store, edition: str) -> str:
    if edition == LATEST:
        newest = str(store.table["vintage"].max())
        return f"Figures as published up to {date_words(newest)}"
    return f"Figures as they were known at the end of {date_words(edition)}"


Printed = Callable[[int, tuple[Item, ...]], bool]  # (index of an item, the block's items) -> on the printed page?


def first(n: int) -> Printed:
    return lambda i, _items: i < n


def ends(i: int, items: tuple[Item, ...]) -> bool:
    """The first and the last figure of a series (the two a verdict compares)."""
    return i in (0, len(items) - 1)


def leads(i: int, items: tuple[Item, ...]) -> bool:
    """The leading figure of each series in a block (not the newer, secondary-only figures that follow it)."""
    return i == 0 or items[i].figure.indicator.id != items[i - 1].figure.indicator.id


def _section(store: Store, edition: str, id_: str, title: str, sentences: list[str],
             blocks: list[tuple[Block | None, Printed]]) -> Section | None:
    lines = tuple(Line(item, figure_query(store, item.figure, edition), printed(i, b.items))
                  for b, printed in blocks if b for i, item in enumerate(b.items))
    if not lines:
        return None
    return Section(id_, title, tuple(sentences), lines, any(b.sensitive for b, _ in blocks if b))


def briefing(store: Store, recs: tuple[Recommendation, ...], edition: str = LATEST,
             notices: tuple[str, ...] = ()) -> Briefing:
    ch = change(store, edition)
    every = first(100)
    sections: list[Section | None] = []
    if ch is not None:
        said = [figure_sentence(ch.latest)] + [s for v in ch.verdicts for s in compare_sentences(v)]
        sections.append(_section(store, edition, "headline", "The maternal death rate and how it changed", said,
                                 [(headline_block(store, ch, edition), every), (change_block(store, ch, edition), every)]))
    gaps = [gap_block(store, "ethnicity", edition), gap_block(store, "deprivation", edition)]
    shown = [i.figure for g in gaps if g for i in g.items if not i.figure.source.flag]
    sections.append(_section(store, edition, "inequalities", "Inequalities", [ratio_sentence(f) for f in shown],
                             [(g, every) for g in gaps]))
    causes = causes_block(store, edition, top=3)
    lead = causes.items[0].figure if causes else None
    sections.append(_section(store, edition, "causes", "Leading causes",
                             [assert_safe(f"Shares of deaths by cause in {lead.period_words}, largest first.")]
                             if lead else [], [(causes, first(3))]))
    late, social = late_deaths_block(store, edition), social_services_block(store, edition)
    first_late = late.items[0].figure if late else None
    sections.append(_section(store, edition, "mental-health", "Mental health and social care",
                             ([figure_sentence(first_late)] if first_late else []) + [SUPPORT_NOT_BLAME],
                             [(late, leads), (social, ends)]))
    babies = babies_block(store, edition)
    sections.append(_section(store, edition, "babies", "Babies", [figure_sentence(i.figure) for i in babies.items[:2]]
                             if babies else [], [(babies, leads)]))
    return Briefing(TITLE, edition, edition_words(store, edition), tuple(s for s in sections if s is not None),
                    for_briefing(recs)[:5], notices)


# ---------------------------------------------------------------- one Explore view


@dataclass(frozen=True)
class ViewBriefing:
    view: View
    rows: tuple[Figure, ...]       # the table as printed (the newest figures, when the view has too many)
    cut: str                       # the sentence saying the table was shortened ('' when it was not)
    notices: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.view.title

    @property
    def sources(self) -> tuple[Source, ...]:
        """The publications behind the table's figures (numbered in the table), then the ambition's statement and
        baseline when the view's words measure progress against it."""
        out = list(sources_of(self.rows) or self.view.sources)
        aim = self.view.ambition
        if aim is not None:  # a publication already listed is not listed again (as the view's own sources do)
            out += [s for s in (aim.statement, aim.baseline_source) if s.publication not in {x.publication for x in out}]
        return tuple(out)

    def source_number(self, f: Figure) -> int | None:
        """The number of a figure's publication in the sources list (1-based), as the table prints it."""
        keys = [(s.publication, s.url) for s in self.sources]
        key = (f.source.publication, f.source.url)
        return keys.index(key) + 1 if key in keys else None


def _newest_rows(figs: tuple[Figure, ...], limit: int) -> tuple[Figure, ...]:
    if len(figs) <= limit:
        return figs
    groups = list(dict.fromkeys(f.group for f in figs))
    per = max(1, limit // max(1, len(groups)))
    keep = {id(f) for g in groups for f in sorted((f for f in figs if f.group == g), key=lambda f: (f.start, f.end))[-per:]}
    return tuple(f for f in figs if id(f) in keep)


def view_briefing(store: Store, state: ViewState, notices: tuple[str, ...] = ()) -> ViewBriefing:
    view = build_view(store, state)
    rows = _newest_rows(view.figures, MAX_VIEW_ROWS)
    cut = table_cut_sentence(len(rows), len(view.figures)) if len(rows) < len(view.figures) else ""
    return ViewBriefing(view, rows, cut, tuple(notices) + view.notices)


__all__ = ["RATE", "Briefing", "EditionTooEarly", "ViewBriefing", "briefing", "parse_edition", "view_briefing"]
