"""The pieces every reading page is made of, and the blocks the home page and the briefing share.

A Block is a titled group of figures with its sentences, its sources and the Explore view that shows them; it
leads with its answer: one headline sentence (the key number, its interval and period), "is it real?" in one line
and the source of the lead with its tier. Everything else (the other sentences, the figures as a table, things to
know, every source) is detail. Each builder returns None when the store has nothing to show (a block is left out,
never invented). What leads is chosen by dashboard.model.editorial: checked sources first, the latest period, then
the tier; the producer's words lead over an older or secondary number, which follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard.charts.spec import Chart
from dashboard.content.spec import pages
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection, editions
from dashboard.explore.state import ViewState, parse, to_query
from dashboard.model.compare import Verdict
from dashboard.model.currency import published_up_to  # noqa: F401 (the one writer, re-exported: pages import it here)
from dashboard.model.editorial import PRE_PANDEMIC, covid_findings, covid_sentence, gap_sentences, pick
from dashboard.model.figure import Figure, Source
from dashboard.model.select import (
    by_period,
    compare_groups,
    compare_periods,
    figures,
    latest,
    missing_periods,
    previous,
    ratio_verdict,
    sources_of,
)
from dashboard.model.words import (
    NO_COMPARISON,
    compare_sentences,
    figure_sentence,
    gaps_sentence,
    headline_sentence,
    largest_sentence,
    newer_sentence,
    plain_sentences,
    ratio_sentence,
    verdict_sentence,
    verdict_short,
)
from dashboard.text.safety import assert_safe

RATE = "maternal_mortality_rate"
RATIO = "maternal_mortality_rate_ratio"
SUPPORT_NOT_BLAME = (
    "Being known to social services is an association, not a cause of death. Many of these women faced several "
    "hard things at once. The figures show where more support could help, not who is to blame.")


@dataclass(frozen=True)
class Item:
    """One figure as a page lists it, with the answer to "is it real?" in a few words."""

    figure: Figure
    significance: str = NO_COMPARISON


@dataclass(frozen=True)
class ChartPart:
    """A chart (spec) with the figures its table lists."""

    chart: Chart
    figures: tuple[Figure, ...]
    caption: str


@dataclass(frozen=True)
class FigureList:
    """Figures listed together because they share an indicator, a group and a period length (never joined to
    figures of another timing or length)."""

    title: str
    figures: tuple[Figure, ...]
    note: str = ""


@dataclass(frozen=True)
class Block:
    id: str
    title: str
    sentences: tuple[str, ...]
    items: tuple[Item, ...] = ()
    query: str = ""                      # the matching Explore view (a query string)
    link_text: str = "See these figures in Explore"
    sensitive: bool = False
    charts: tuple[ChartPart, ...] = ()
    lists: tuple[FigureList, ...] = ()
    notes: tuple[str, ...] = ()
    extra_sources: tuple[Source, ...] = field(default=())
    lead: tuple[str, ...] = ()           # the answer: the headline sentence(s), key number, interval and period
    real: str = ""                       # "is it real?" in one line
    lead_sources: tuple[Source, ...] = ()  # the source line(s) of the lead, each with its tier
    framing: tuple[str, ...] = ()        # words that must be read before the figures (support, not blame)

    @property
    def more(self) -> tuple[str, ...]:
        """The block's other sentences: what the detail holds (the lead, the answer and the framing are shown)."""
        said = set(self.lead) | {self.real} | set(self.framing)
        return tuple(s for s in self.sentences if s not in said)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure the block shows, once each (cards, chart tables and lists)."""
        out: dict[str, Figure] = {}
        for f in [*(i.figure for i in self.items), *(f for c in self.charts for f in c.figures),
                  *(f for x in self.lists for f in x.figures)]:
            out.setdefault(f.row_id, f)
        return tuple(out.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(sources_of(self.figures) + self.extra_sources))

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.source.flag for f in self.figures if f.source.flag))


def explore_query(store: Store, edition: str = LATEST, **params: str) -> str:
    """The query string of the Explore view with these settings (checked by the URL parser, defaults dropped).

    A page's edition is a month ('as known at the end of it'); Explore names an indicator's own editions, so the
    link carries the indicator's newest edition up to that month (the same figures), never silently the latest."""
    if edition != LATEST:
        ind = params.get("ind") or ViewState().indicator
        known = sorted(v for v, _ in editions(store, ind) if v <= edition) if ind in store.catalogue.indicators else []
        params["edition"] = known[-1] if known else edition
    state, _ = parse(urlencode({k: v for k, v in params.items() if v}, safe="|"), store)
    return to_query(state, store)


def figure_query(store: Store, f: Figure, edition: str = LATEST) -> str:
    """The Explore view that shows one figure (a published ratio opens as the ratios of its rate)."""
    ind = f.indicator.id
    base = ind.removesuffix("_ratio")
    if f.indicator.measure == "ratio" and base != ind and base in store.catalogue.indicators:
        return explore_query(store, edition, ind=base, by=f.breakdown, measure="ratio")
    return explore_query(store, edition, ind=ind, by=f.breakdown)


def dedupe(lines: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(lines))


# ---------------------------------------------------------------- the overall rate and its change


@dataclass(frozen=True)
class Change:
    """The newest overall rate and the verdicts on its change from the period before and from 2017-19."""

    latest: Figure
    before: tuple[Figure, ...]
    verdicts: tuple[Verdict, ...]
    newer: tuple[Figure, ...] = ()


def change(store: Store, edition: str = LATEST) -> Change | None:
    figs = latest(store, RATE, edition=edition)
    chosen = pick(figs)
    if not chosen.shown:
        return None
    last = chosen.shown[0]
    before: list[Figure] = []
    prev = previous(figs, last)
    if prev is not None:
        before.append(prev)
    pre = by_period(figs, PRE_PANDEMIC)
    if pre is not None and pre.start < last.start and pre not in before:
        before.append(pre)
    verdicts = tuple(compare_periods(store, last, b, edition) for b in before)
    return Change(last, tuple(before), verdicts, chosen.newer)


def headline_block(store: Store, ch: Change | None, edition: str = LATEST) -> Block | None:
    """The headline: the newest overall rate, its interval, count, period, tier and source."""
    if ch is None:
        return None
    f = ch.latest
    spec = pages().home.block("headline")
    sig = ". ".join(verdict_short(v) for v in ch.verdicts) or NO_COMPARISON
    covid = covid_sentence(covid_findings(store, f.indicator.id, f.period, PRE_PANDEMIC, edition))
    real = sig + "." + (f" {covid}" if covid else "")
    items = [Item(f, sig)] + [Item(n) for n in ch.newer]
    lead = headline_sentence(f)
    sentences = [lead, real, *plain_sentences(f)]
    if ch.newer:
        sentences.append(newer_sentence(ch.newer))
    for b, v in zip(ch.before, ch.verdicts):
        if b.period == PRE_PANDEMIC:
            sentences.append(assert_safe(f"{b.period_words} was the last full period before the COVID-19 pandemic."))
        sentences += compare_sentences(v)
    return Block("headline", spec.title if spec else "The maternal death rate", dedupe(sentences), tuple(items),
                 query=explore_query(store, edition), link_text=spec.link if spec else "Explore the rate over time",
                 lead=(lead,), real=real, lead_sources=(f.source,))


def change_block(store: Store, ch: Change | None, edition: str = LATEST) -> Block | None:
    """What changed: is the newest rate different from the period before, and from 2017-19?"""
    if ch is None or not ch.verdicts:
        return None
    lines: list[str] = []
    items: list[Item] = []  # the newest figure is the headline's card; here, the periods it is compared with
    for b, v in zip(ch.before, ch.verdicts):
        if b.period == PRE_PANDEMIC:
            lines.append(assert_safe(f"{b.period_words} was the last full period before the COVID-19 pandemic."))
        lines += compare_sentences(v)
        items.append(Item(b, verdict_short(v, earlier=True)))
    first = min([ch.latest, *ch.before], key=lambda f: f.start)
    return Block("change", "What changed", dedupe(lines), tuple(items),
                 query=explore_query(store, edition, **{"from": first.period}),
                 link_text="See these periods in Explore")


# ---------------------------------------------------------------- gaps between groups


GAP_TITLES = {"ethnicity": "The gap by ethnic group", "deprivation": "The gap by deprivation"}


def gap_block(store: Store, breakdown: str, edition: str = LATEST) -> Block | None:
    """The newest published ratios to the reference group (primary or official first), each with its verdict."""
    if RATIO not in store.catalogue.indicators:
        return None
    chosen = pick(figures(store, Selection(RATIO, breakdown, edition=edition)))
    spec = pages().home.gap(breakdown)
    q = spec.gap_question if spec is not None else None
    answer = q.answer(store, edition) if q is not None else None
    if not chosen.shown and answer is None:
        return None
    lead: tuple[str, ...] = ()
    real = ""
    if answer is not None and q is not None:
        lead = gap_sentences(answer, q.subject)
        periods = tuple(c.period for c in answer.shown)
        real = _gap_real(store, q.indicator, breakdown, q.groups, periods, edition) or (
            verdict_short(ratio_verdict(store, answer.follow.figure, edition)) + "."
            if answer.follow is not None and answer.follow.figure is not None else "")
    lines: list[str] = [*lead, *([real] if real else [])]
    items: list[Item] = []
    for n, group in enumerate(sorted(figs, key=lambda f: -(f.value or 0)) for figs in (chosen.shown, chosen.newer)):
        if n == 1 and group:
            lines.append(newer_sentence(group))
        for f in group:
            v = ratio_verdict(store, f, edition)
            lines += [ratio_sentence(f), *compare_sentences(v)]
            items.append(Item(f, verdict_short(v)))
    notes = store.catalogue.indicators[RATIO].caveats
    title = spec.title if spec else GAP_TITLES.get(breakdown, f"The gap by {breakdown}")
    return Block(f"gap-{breakdown}", title, dedupe(lines),
                 tuple(items), query=explore_query(store, edition, ind=RATE, by=breakdown, measure="ratio"),
                 link_text=spec.link if spec else "See the gap in Explore", notes=notes, lead=lead, real=real,
                 lead_sources=answer.sources if answer is not None else ())


def _gap_real(store: Store, indicator: str, breakdown: str, groups: tuple[str, str], periods: tuple[str, ...],
              edition: str) -> str:
    """Is the gap real? The verdict on the two groups' rates (the source's words, else an exact test of the
    published counts) in the lead's period, else in the period of the number that follows it, in a few words;
    '' when neither period has both rates."""
    figs = [f for f in figures(store, Selection(indicator, breakdown, groups, edition=edition)) if f.value is not None]
    for n, period in enumerate(periods):
        pair = {f.group: f for f in figs if f.period == period}
        if groups[0] in pair and groups[1] in pair:
            v = verdict_short(compare_groups(store, pair[groups[0]], pair[groups[1]], edition))
            return (f"In {period}: {v[0].lower()}{v[1:]}." if n else f"{v}.")
    return ""


# ---------------------------------------------------------------- causes, mental health, social services, babies


def causes_block(store: Store, edition: str = LATEST, top: int = 4) -> Block | None:
    ind_id = "maternal_deaths_cause_share"
    if ind_id not in store.catalogue.indicators:
        return None
    chosen = pick(figures(store, Selection(ind_id, "cause", edition=edition)))
    if not chosen.shown:
        return None
    lead = sorted(chosen.shown, key=lambda f: -(f.value or 0))[:top]
    headline = largest_sentence(lead[:3])
    lines = [headline, NO_COMPARISON]
    if len(lead) > 1:
        lines += [assert_safe(f"The sources give these causes of death for {lead[0].period_words}, largest first.")]
    lines += [figure_sentence(f) for f in lead]
    newer = sorted(chosen.newer, key=lambda f: -(f.value or 0))[:top]
    if newer:
        lines.append(newer_sentence(newer))
        lines += [figure_sentence(f) for f in newer]
    items = tuple(Item(f) for f in [*lead, *newer])
    return Block("causes", "Leading causes", dedupe(lines), items,
                 query=explore_query(store, edition, ind=ind_id, by="cause"), link_text="See all causes in Explore",
                 lead=(headline,), real=NO_COMPARISON,
                 lead_sources=tuple({s.publication: s for s in sources_of(lead[:3])}.values()))


def _series_items(store: Store, ind_id: str, edition: str) -> tuple[list[Item], list[str]]:
    """The headline figure of one overall series (and any newer secondary one), with its words."""
    if ind_id not in store.catalogue.indicators:
        return [], []
    chosen = pick(latest(store, ind_id, edition=edition))
    if not chosen.shown:
        return [], []
    f = chosen.shown[0]
    lines = [headline_sentence(f), *plain_sentences(f)]
    if chosen.newer:
        lines += [newer_sentence(chosen.newer), *(figure_sentence(n) for n in chosen.newer)]
    return [Item(f), *(Item(n) for n in chosen.newer)], lines


def late_deaths_block(store: Store, edition: str = LATEST) -> Block | None:
    items: list[Item] = []
    lines: list[str] = []
    for ind_id in ("late_deaths_mental_health_share", "late_maternal_deaths"):
        i, s = _series_items(store, ind_id, edition)
        items += i
        lines += s
    if not items:
        return None
    first = items[0].figure
    before = previous(latest(store, first.indicator.id, edition=edition), first)
    real = verdict_short(compare_periods(store, first, before, edition)) + "." if before is not None else NO_COMPARISON
    return Block("late-deaths", "Late deaths and mental health", dedupe([lines[0], real, *lines[1:]]), tuple(items),
                 query=explore_query(store, edition, ind="late_deaths_mental_health_share"),
                 link_text="See mental health figures in Explore", sensitive=True, lead=(lines[0],), real=real,
                 lead_sources=(first.source,))


def social_services_block(store: Store, edition: str = LATEST) -> Block | None:
    """The share of women who died who were known to social services: every published period, gaps named."""
    ind_id = "known_to_social_services_share"
    if ind_id not in store.catalogue.indicators:
        return None
    figs = latest(store, ind_id, edition=edition)
    if not figs:
        return None
    head = headline_sentence(figs[-1])
    lines = [SUPPORT_NOT_BLAME, head, *plain_sentences(figs[-1])]  # the newest in words; every period has its card
    items = [Item(f) for f in figs]
    real = NO_COMPARISON
    if len(figs) > 1:
        v = compare_periods(store, figs[-1], figs[0], edition)
        real = verdict_short(v) + "."
        lines += [real, *compare_sentences(v)]
        items[-1] = Item(figs[-1], verdict_short(v))
        items[0] = Item(figs[0], verdict_short(v, earlier=True))
    missing = missing_periods(figs)
    if missing:
        lines.append(gaps_sentence(missing, chart=False, uncited=store.catalogue.indicators[ind_id].uncited))
    return Block("social-services", "Women known to social services", dedupe(lines), tuple(items),
                 query=explore_query(store, edition, ind=ind_id), link_text="See the series in Explore",
                 sensitive=True, lead=(head,), real=real, lead_sources=(figs[-1].source,),
                 framing=(SUPPORT_NOT_BLAME,))


def babies_block(store: Store, edition: str = LATEST) -> Block | None:
    items: list[Item] = []
    lines: list[str] = []
    lead: list[str] = []
    real: list[str] = []
    for ind_id in ("stillbirth_rate", "neonatal_mortality_rate"):
        i, s = _series_items(store, ind_id, edition)
        if i:
            lead.append(s[0])
            before = previous(latest(store, ind_id, edition=edition), i[0].figure)
            if before is not None:
                v = compare_periods(store, i[0].figure, before, edition)
                s.append(verdict_sentence(v))
                i[0] = Item(i[0].figure, verdict_short(v))
                real.append(f"{i[0].figure.indicator.title}: {verdict_short(v)[0].lower()}{verdict_short(v)[1:]}")
        items += i
        lines += s
    if not items:
        return None
    answer = ". ".join(real) + "." if real else NO_COMPARISON
    return Block("babies", "Babies", dedupe([*lines[:1], answer, *lines[1:]]), tuple(items),
                 query=explore_query(store, edition, ind="stillbirth_rate"), link_text="See babies' figures in Explore",
                 lead=tuple(lead), real=answer, lead_sources=tuple(dict.fromkeys(i.figure.source for i in items[:1])))
