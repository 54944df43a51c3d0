"""The one-page briefing for commissioners, and the briefing of one Explore view (pure: store in, dataclasses out).

The briefing is declared in the page spec (dashboard/content/pages.yaml, `briefing`): its blocks, the question each
answers, the indicators, which number goes in the headline band, which answers are findings and which figures the
print keeps. Each block is built by the same builder as on the home page (dashboard.content.answers), and what leads
is chosen by the one editorial policy (dashboard.model.editorial), so the briefing, home and the API lead with the
same statement: for a gap, the producer's words for the latest period ("nearly three-fold", "twice") with the
number that follows them, its own period and tier. Each figure is a Line: the figure (interval, count, period,
tier, source from the model), its "is it real?" answer in a few words, and the Explore view that shows it.
`edition` (YYYY-MM) shows the figures as they were known at the end of that month.

The printed page (and the PDF) is the one-page summary a commissioner hands round, answer first: a band of four
headline numbers, each with its period and "is it real?"; the trend chart with the national ambition line; five
findings in plain words (the policy's lead, then newer figures only a secondary source gives, flagged); what the
reports call for (the recommendations marked for the briefing); and numbered source notes, every number pointing
to one. The web page shows the same summary first and then lists every figure (Line: interval, count, period,
"is it real?", tier, source, Explore link).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.charts.spec import Chart
from dashboard.content import answers
from dashboard.content.common import RATE, Block, Change, Item, change, figure_query, published_up_to
from dashboard.content.spec import BlockSpec, PageSpec, SectionSpec, pages
from dashboard.data.index import BEFORE_FIRST, index_of
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection
from dashboard.data.recommendations import Recommendation, for_briefing
from dashboard.explore.state import ViewState
from dashboard.explore.view import View, build_view
from dashboard.model.editorial import Answer, band_words, follow_words, gap_sentences, pick
from dashboard.model.figure import Figure, Source, date_words
from dashboard.model.select import figures, sources_of
from dashboard.model.words import (
    NO_COMPARISON,
    causes_sentence,
    compare_sentences,
    figure_sentence,
    largest_sentence,
    more_online_sentence,
    table_cut_sentence,
    verdict_sentence,
    verdict_short,
)
from dashboard.text.safety import assert_safe

TITLE = pages().briefing.title
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
    detail: str = ""               # its interval (and who calculated it) and count, or that none was published;
                                   # under the producer's words, the number that follows them ('As a number: ...')
    detail_note: int | None = None  # the source note of the number in the detail, when it is another publication
    detail_flagged: bool = False   # that number was read on a secondary source
    words: bool = False            # the lead is the producer's words ('nearly three-fold'), not a number


@dataclass(frozen=True)
class Finding:
    text: str
    notes: tuple[int, ...]         # its sources in Briefing.notes


@dataclass(frozen=True)
class Briefing:
    title: str
    edition: str                   # 'latest' or YYYY-MM
    edition_words: str             # 'Figures as published up to January 2026: the newest is ...'
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


Printed = Callable[[int, tuple[Item, ...]], bool]  # (index of an item, the block's items) -> on the printed page?


def _printed(spec: BlockSpec) -> Printed:
    """Which of a block's figures the printed page keeps, as its spec says (`printed`, `top`)."""
    n = spec.top or 10**6
    if spec.printed == "ends":
        return lambda i, items: i in (0, len(items) - 1) and i < n
    if spec.printed == "leads":  # the leading figure of each series (not the newer, secondary-only ones after it)
        return lambda i, items: i < n and (i == 0 or items[i].figure.indicator.id != items[i - 1].figure.indicator.id)
    if spec.printed == "lead-period":  # the figures of the leading period (the sentence above them names it)
        return lambda i, items: i < n and items[i].figure.period == items[0].figure.period
    return lambda i, _items: i < n


def _said(store: Store, spec: BlockSpec, block: Block, ch: Change | None) -> list[str]:
    """What a section says above a block's figures, by the question the block answers."""
    q = spec.question
    if q == "rate" and ch is not None:
        return [figure_sentence(ch.latest)] + [s for v in ch.verdicts for s in compare_sentences(v)]
    if q == "gap":  # the lead, "is it real?", then each published ratio in plain words, as the home page's block
        return list(block.sentences)
    if q == "causes" and block.items:
        return [assert_safe(f"Shares of deaths by cause in {block.items[0].figure.period_words}, largest first.")]
    if q in ("mental-health", "social-care"):
        return [*([figure_sentence(block.items[0].figure)] if q == "mental-health" else []), *block.framing]
    if q == "babies":
        return [figure_sentence(i.figure) for i in block.items[:2]]
    return []


def _sections(store: Store, edition: str, page: PageSpec, built: list[tuple[BlockSpec, Block]],
              ch: Change | None) -> tuple[Section, ...]:
    """The web page's list of every figure: the blocks in spec order, those that share a section together."""
    grouped: dict[str, tuple[SectionSpec, list[tuple[BlockSpec, Block]]]] = {}
    for spec, block in built:
        sec = page.section_of(spec)
        grouped.setdefault(sec.id, (sec, []))[1].append((spec, block))
    out = []
    for sec, members in grouped.values():
        said = [x for spec, block in members for x in _said(store, spec, block, ch)]
        lines = tuple(Line(item, figure_query(store, item.figure, edition), _printed(spec)(i, block.items))
                      for spec, block in members for i, item in enumerate(block.items))
        if lines:
            out.append(Section(sec.id, sec.title, tuple(dict.fromkeys(said)), lines,
                               any(block.sensitive for _, block in members)))
    return tuple(out)


def briefing(store: Store, recs: tuple[Recommendation, ...], edition: str = LATEST,
             notices: tuple[str, ...] = ()) -> Briefing:
    """The briefing the page spec declares (dashboard/content/pages.yaml, `briefing`), as known at an edition."""
    page = pages().briefing
    ch = change(store, edition)
    built = [(spec, b) for spec in page.blocks if (b := answers.build(store, spec, edition, ch)) is not None]
    one = _one_page(store, edition, page, built, ch)
    return Briefing(page.title, edition, published_up_to(store, edition), _sections(store, edition, page, built, ch),
                    for_briefing(recs)[:5], notices, **one)


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


def _gap(store: Store, spec: BlockSpec, edition: str) -> Answer | None:
    q = spec.gap_question
    return q.answer(store, edition) if q is not None else None


def _band(store: Store, edition: str, spec: BlockSpec, block: Block, ch: Change | None,
          notes: _Notes) -> Headline | None:
    """The block's number in the headline band: what leads its answer (dashboard.model.editorial), its period, tier
    and "is it real?"."""
    label = spec.band or spec.title
    if spec.question == "rate" and ch is not None:
        f = ch.latest
        real = verdict_short(ch.verdicts[0]) if ch.verdicts else NO_COMPARISON
        return Headline(label, f.short, f.unit_text, f.period, real, notes(f)[0], bool(f.source.flag), _detail(f))
    if spec.question == "gap":
        answer = _gap(store, spec, edition)
        if answer is None:
            return None
        lead, follow = answer.lead, answer.follow
        unit = (spec.ratio_group or "").replace(" vs ", " against ")
        detail = _detail(lead.figure) if lead.figure is not None else follow_words(answer).removesuffix(".")
        follow_note = notes(follow.source)[0] if follow is not None and not lead.is_number else None
        return Headline(label, band_words(answer), unit, lead.period, (block.real or NO_COMPARISON).removesuffix("."),
                        notes(lead.source)[0], bool(lead.source.flag), detail, follow_note,
                        bool(follow is not None and follow_note is not None and follow.source.flag),
                        words=not lead.is_number)
    if not block.items:
        return None
    item = block.items[0]
    f = item.figure
    return Headline(label, f.short, f.unit_text, f.period, item.significance or NO_COMPARISON, notes(f)[0],
                    bool(f.source.flag), _detail(f))


def _finding(store: Store, edition: str, spec: BlockSpec, block: Block, ch: Change | None,
             notes: _Notes) -> tuple[str, tuple[int, ...]] | None:
    """The block's answer in plain words for the findings, and the notes of its sources."""
    q = spec.question
    if q == "rate" and ch is not None:
        said = [figure_sentence(ch.latest)] + [verdict_sentence(v) for v in ch.verdicts[:1]]
        return " ".join(said), notes(ch.latest)
    if q == "gap":
        answer = _gap(store, spec, edition)
        if answer is None or not spec.subject:
            return None
        return " ".join(gap_sentences(answer, spec.subject, brief=True)), notes(*answer.sources)
    if q == "causes":
        chosen = pick(figures(store, Selection(spec.indicators[0], spec.breakdown, edition=edition)))
        top = spec.top or 3
        lead = sorted(chosen.shown, key=lambda f: -(f.value or 0))[:top]
        newer = sorted(chosen.newer, key=lambda f: -(f.value or 0))[:top]
        if not lead:
            return None
        said = [largest_sentence(lead)] + ([causes_sentence(newer)] if newer else [])
        return " ".join(said), notes(*lead, *newer)
    if not block.items:
        return None
    f = block.items[-1 if spec.printed == "ends" else 0].figure  # a series printed by its ends: its newest figure
    return " ".join([figure_sentence(f), *block.framing]), notes(f)


def _one_page(store: Store, edition: str, page: PageSpec, built: list[tuple[BlockSpec, Block]],
              ch: Change | None) -> dict:
    """The band, chart, findings and source notes of the printed page (empty when there is no headline rate)."""
    if ch is None:
        return {}
    notes = _Notes()
    band: list[Headline] = []
    findings: list[Finding] = []
    view = build_view(store, ViewState(edition=edition))
    aim = view.ambition
    joined: dict[str, tuple[list[str], list[int]]] = {}
    for spec, block in built:
        if spec.band and len(band) < page.band_size:
            h = _band(store, edition, spec, block, ch, notes)
            if h is not None:
                band.append(h)
        if spec.finding:
            found = _finding(store, edition, spec, block, ch, notes)
            if found is not None:
                text, cited = joined.setdefault(page.section_of(spec).id, ([], []))
                text.append(found[0])
                cited.extend(found[1])
        if spec.chart and aim is not None and aim.sentences:  # the chart's ambition line, said as a finding
            text, cited = joined.setdefault(f"{spec.id}-chart", ([], []))
            text.append(aim.sentences[0])
            cited.extend(notes(aim.statement))
    for text, cited in joined.values():
        findings.append(Finding(assert_safe(" ".join(dict.fromkeys(text))), tuple(dict.fromkeys(cited))))
    ambition_line = ""
    if aim is not None and aim.ref is not None:
        how = "" if aim.target_published else ", calculated by this dashboard from the published baseline"
        ambition_line = assert_safe(f"The dashed line marks the national ambition for the rate: {aim.target_text}{how}.")
    return {"band": tuple(band), "chart": view.chart, "chart_sentence": ambition_line,
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


__all__ = ["RATE", "Briefing", "EditionTooEarly", "ViewBriefing", "briefing", "parse_edition", "view_briefing"]
