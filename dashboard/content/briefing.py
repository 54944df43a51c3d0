"""The one-page briefing for commissioners, and the briefing of one Explore view (pure: store in, dataclasses out).

The briefing reuses the home page's blocks (dashboard.content.common), so the headline, its change and the gaps
carry the same verdicts. Each figure is a Line: the figure (interval, count, period, tier, source from the model),
its "is it real?" answer in a few words, and the Explore view that shows it (the permalink).
`edition` (YYYY-MM) shows the figures as they were known at the end of that month.

The printed page (and the PDF) is the one-page summary a commissioner hands round, answer first: a band of four
headline numbers, each with its period and "is it real?"; the trend chart with the national ambition line; five
findings in plain words (the latest causes, even when only a secondary source gives them, flagged); what the
reports call for (the recommendations marked for the briefing); and numbered source notes, every number pointing
to one. The web page shows the same summary first and then lists every figure (Line: interval, count, period,
"is it real?", tier, source, Explore link).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.charts.spec import Chart
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
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection
from dashboard.data.recommendations import Recommendation, for_briefing
from dashboard.explore.state import ViewState
from dashboard.explore.view import View, build_view
from dashboard.model.editorial import pick
from dashboard.model.figure import Figure, Source, date_words
from dashboard.model.select import figures, sources_of
from dashboard.model.words import (
    causes_sentence,
    compare_sentences,
    figure_sentence,
    gap_sentence,
    more_online_sentence,
    ratio_sentence,
    table_cut_sentence,
    verdict_sentence,
    verdict_short,
)
from dashboard.text.safety import assert_safe

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
class Headline:
    """One number of the headline band: large, with what it is, its period, "is it real?" and its source note."""

    label: str
    number: str                    # '12.80', '2.3 times', '3.22'
    unit: str                      # 'per 100,000 maternities'
    period: str
    real: str                      # 'Change from 2021-23: not statistically significant (the source's test)'
    note: int                      # the number of its source in Briefing.notes
    flagged: bool = False          # read on a secondary source (an asterisk and the note say so)
    detail: str = ""               # its interval (and who calculated it) and count, or that none was published


@dataclass(frozen=True)
class Finding:
    text: str
    notes: tuple[int, ...]         # its sources in Briefing.notes


@dataclass(frozen=True)
class Briefing:
    title: str
    edition: str                   # 'latest' or YYYY-MM
    edition_words: str             # 'Figures as published up to January 2026'
    sections: tuple[Section, ...]
    recommendations: tuple[Recommendation, ...]
    notices: tuple[str, ...]
    band: tuple[Headline, ...] = ()
    chart: Chart | None = None     # the rate over time with the ambition line
    chart_sentence: str = ""       # what the ambition line is, in words
    findings: tuple[Finding, ...] = ()
    notes: tuple[Source, ...] = ()  # numbered source notes (1-based) of the band and the findings

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


def parse_edition(raw: str | None, store: Store) -> tuple[str, list[str]]:
    """'latest', or a YYYY-MM month from the query, with a notice when the value was not usable."""
    if not raw or raw == LATEST:
        return LATEST, []
    raw = raw.strip()[:20]
    m = _EDITION.match(raw)
    if not m:
        return LATEST, [f"'{raw}' is not a month written as YYYY-MM, so the latest figures are shown."]
    first = str(store.table["vintage"].min())
    if raw < first[:7]:
        return LATEST, [f"No figures had been published by {date_words(raw)}, so the latest figures are shown."]
    return raw, []


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


def same_period(n: int) -> Printed:
    """The first n figures of the leading period only (the sentence above them names that period)."""
    return lambda i, items: i < n and items[i].figure.period == items[0].figure.period


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
                             if lead else [], [(causes, same_period(3))]))
    late, social = late_deaths_block(store, edition), social_services_block(store, edition)
    first_late = late.items[0].figure if late else None
    sections.append(_section(store, edition, "mental-health", "Mental health and social care",
                             ([figure_sentence(first_late)] if first_late else []) + [SUPPORT_NOT_BLAME],
                             [(late, leads), (social, ends)]))
    babies = babies_block(store, edition)
    sections.append(_section(store, edition, "babies", "Babies", [figure_sentence(i.figure) for i in babies.items[:2]]
                             if babies else [], [(babies, leads)]))
    page = _one_page(store, edition, ch)
    return Briefing(TITLE, edition, edition_words(store, edition), tuple(s for s in sections if s is not None),
                    for_briefing(recs)[:5], notices, **page)


class _Notes:
    """Numbered source notes, each publication once, in the order the page first cites it."""

    def __init__(self) -> None:
        self.sources: list[Source] = []

    def __call__(self, *figs: Figure | Source) -> tuple[int, ...]:
        out = []
        for x in figs:
            src = x.source if isinstance(x, Figure) else x
            keys = [(s.publication, s.tier) for s in self.sources]
            if (src.publication, src.tier) not in keys:
                self.sources.append(src)
                keys.append((src.publication, src.tier))
            out.append(keys.index((src.publication, src.tier)) + 1)
        return tuple(dict.fromkeys(out))


def _detail(f: Figure) -> str:
    """'95% CI 11.27 to 14.48 (calculated); 252 deaths among 1,969,321 maternities', as the fact lines print it."""
    text = f.ci_brief or "no interval given"
    return text + (f"; {f.count_brief}" if f.count_text else "")


def _ratio_headline(store: Store, breakdown: str, label: str, edition: str, notes: _Notes) -> tuple[Headline, Figure] | None:
    block = gap_block(store, breakdown, edition)
    if block is None or not block.items:
        return None
    item = block.items[0]
    f = item.figure
    return Headline(label, f"{f.number} times", f"{f.group.replace(' vs ', ' against ')}", f.period,
                    item.significance, notes(f)[0], bool(f.source.flag), _detail(f)), f


def _one_page(store: Store, edition: str, ch) -> dict:
    """The band, chart, findings and source notes of the printed page (empty when there is no headline rate)."""
    if ch is None:
        return {}
    notes = _Notes()
    band: list[Headline] = []
    findings: list[Finding] = []
    rate = ch.latest
    real = verdict_short(ch.verdicts[0]) if ch.verdicts else "No comparison is drawn from this figure"
    band.append(Headline("Maternal death rate", rate.short, rate.unit_text, rate.period, real, notes(rate)[0],
                         bool(rate.source.flag), _detail(rate)))
    view = build_view(store, ViewState(edition=edition))
    said = [figure_sentence(rate)] + [verdict_sentence(v) for v in ch.verdicts[:1]]
    findings.append(Finding(assert_safe(" ".join(said)), notes(rate)))
    aim = view.ambition
    if aim is not None and aim.sentences:
        findings.append(Finding(aim.sentences[0], notes(aim.statement)))
    gaps = [x for x in (_ratio_headline(store, "ethnicity", "Gap by ethnic group", edition, notes),
                        _ratio_headline(store, "deprivation", "Gap by deprivation", edition, notes)) if x]
    band += [h for h, _ in gaps]
    if gaps:
        findings.append(Finding(assert_safe(" ".join(gap_sentence(f) for _, f in gaps)),
                                notes(*(f for _, f in gaps))))
    babies = babies_block(store, edition)
    if babies is not None and babies.items:
        item = babies.items[0]
        b = item.figure
        band.append(Headline("Stillbirth rate", b.short, b.unit_text, b.period, item.significance or
                             "No comparison is drawn from this figure", notes(b)[0], bool(b.source.flag), _detail(b)))
    if "maternal_deaths_cause_share" in store.catalogue.indicators:
        chosen = pick(figures(store, Selection("maternal_deaths_cause_share", "cause", edition=edition)))
        latest_causes = sorted(chosen.newer or chosen.shown, key=lambda f: -(f.value or 0))[:3]
        if latest_causes:
            findings.append(Finding(causes_sentence(latest_causes), notes(*latest_causes)))
    late, social = late_deaths_block(store, edition), social_services_block(store, edition)
    care: list[Figure] = []
    if late is not None and late.items:
        care.append(late.items[0].figure)
    if social is not None and social.items:
        care.append(social.items[-1].figure)
    if care:
        findings.append(Finding(assert_safe(" ".join([figure_sentence(f) for f in care] + [SUPPORT_NOT_BLAME])),
                                notes(*care)))
    ambition_line = ""
    if aim is not None and aim.ref is not None:
        how = "" if aim.target_published else ", calculated by this dashboard from the published baseline"
        ambition_line = assert_safe(f"The dashed line marks the national ambition for the rate: {aim.target_text}{how}.")
    return {"band": tuple(band[:4]), "chart": view.chart, "chart_sentence": ambition_line,
            "findings": tuple(findings[:5]), "notes": tuple(notes.sources)}


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


__all__ = ["RATE", "Briefing", "ViewBriefing", "briefing", "parse_edition", "view_briefing"]
