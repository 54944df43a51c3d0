"""Topic page: perinatal mental health and social care (pure: store and recommendations in, dataclasses out).

Framing: support, not blame. Involvement with social care is an association, never a cause, and no sentence here
says otherwise (each is checked by dashboard.text.safety). Figures of different timings or period lengths are
listed apart and never joined; periods with no figure are named as gaps. Safe messaging on suicide: no method,
no sensational words, support signposted at the top of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.charts import build as charts
from dashboard.content.common import (
    SUPPORT_NOT_BLAME,
    Block,
    ChartPart,
    FigureList,
    Item,
    explore_query,
)
from dashboard.content.spec import pages
from dashboard.data.catalogue import Indicator
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection, breakdowns
from dashboard.data.recommendations import THEMES, Recommendation
from dashboard.model.editorial import pick
from dashboard.model.figure import Figure
from dashboard.model.select import compare_periods, figures, latest, missing_periods, ratio_verdict, sources_of
from dashboard.model.words import (
    NO_COMPARISON,
    chart_alt,
    compare_sentences,
    gaps_sentence,
    headline_sentence,
    period_length,
    plain_sentences,
    ratio_sentence,
    verdict_sentence,
    verdict_short,
)
from dashboard.text.safety import assert_safe

PATH = "/topics/mental-health-and-social-care"
TITLE = pages().topic.title
FRAMING = (
    ("This page brings together published figures on mothers' mental health and on contact with social care. "
     "Every figure stands for women who died, and for the families and friends who miss them."),
    SUPPORT_NOT_BLAME,
    "The researchers behind the national study of social care put it as 'support, not blame'.",
)
# What is published on teenage maternal suicide (docs/provenance/perinatal-social.md, "Teenage maternal suicide",
# on branch data-perisocial): a finding in words, with no number, period or base. No figure is shown for it.
TEENAGE_SUICIDE = (
    "MBRRACE-UK's 2022 report noted \"a concerning trend of increasing teenage suicides\", in the words of the "
    "Institute of Health Visiting's summary. No figure for it has been published on any page we could check, so "
    "none is shown here. The suicide figures on this page are for women of all ages.")
TEENAGE_SOURCE = ("Institute of Health Visiting: news on MBRRACE-UK reports", "https://ihv.org.uk/news_tag/mbrrace-uk/")
MENTAL_HEALTH_LISTS = ("maternal_suicide_count", "maternal_suicide_count_year", "maternal_suicide_rate",
                       "maternal_suicide_rate_year", "psychiatric_deaths_count", "psychiatric_deaths_rate",
                       "mental_health_care_could_improve_share")


@dataclass(frozen=True)
class Theme:
    label: str
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class Topic:
    title: str
    framing: tuple[str, ...]
    blocks: tuple[Block, ...]
    themes: tuple[Theme, ...]
    teenage: str
    teenage_source: tuple[str, str] = TEENAGE_SOURCE

    @property
    def figures(self) -> tuple[Figure, ...]:
        out: dict[str, Figure] = {}
        for b in self.blocks:
            for f in b.figures:
                out.setdefault(f.row_id, f)
        return tuple(out.values())

    @property
    def sentences(self) -> tuple[str, ...]:
        return self.framing + tuple(s for b in self.blocks for s in b.sentences) + (self.teenage,) + tuple(
            r.text for t in self.themes for r in t.recommendations)


def _subtitle(ind: Indicator, figs: list[Figure] | tuple[Figure, ...]) -> str:
    geos = " and ".join(sorted({f.geography for f in figs})) or ind.geography
    ordered = sorted(figs, key=lambda f: (f.start, f.end))
    span = ordered[0].period if ordered[0].period == ordered[-1].period else f"{ordered[0].period} to {ordered[-1].period}"
    return f"{ind.title}, {ind.unit}, {geos}, {span}"


def _trend(ind: Indicator, figs: list[Figure]) -> ChartPart:
    title = ind.plain_title
    chart = charts.trend(figs, title, _subtitle(ind, figs), alt=chart_alt("Line chart", title, figs),
                         annotate=False)
    return ChartPart(chart, tuple(figs), _subtitle(ind, figs))


def _lists(store: Store, ind_id: str, edition: str, skip_overall: bool = False) -> list[FigureList]:
    """One list per group and period length: figures that may be read side by side, and nothing else."""
    if ind_id not in store.catalogue.indicators:
        return []
    ind = store.catalogue.indicators[ind_id]
    out = []
    for by in breakdowns(store, ind_id):
        if skip_overall and by == "overall":
            continue
        figs = [f for f in figures(store, Selection(ind_id, by, edition=edition)) if f.value is not None]
        for group in dict.fromkeys(f.group for f in figs):
            mine = [f for f in figs if f.group == group]
            for years in sorted({f.years for f in mine}):
                same = tuple(sorted((f for f in mine if f.years == years), key=lambda f: f.start))
                who = ind.breakdown_label(by) if group == "All" else group
                out.append(FigureList(f"{ind.title}: {who[0].lower() + who[1:]}, over {period_length(same[0])}",
                                      same))
    return out


# ---------------------------------------------------------------- the sections


def social_services(store: Store, edition: str = LATEST) -> Block | None:
    ind_id = "known_to_social_services_share"
    if ind_id not in store.catalogue.indicators:
        return None
    ind = store.catalogue.indicators[ind_id]
    figs = latest(store, ind_id, edition=edition)
    if not figs:
        return None
    head = headline_sentence(figs[-1])
    lines = [head, *plain_sentences(figs[-1])]  # the newest in words; the chart and its table give every period
    items = [Item(f) for f in figs]
    real = NO_COMPARISON
    if len(figs) > 1:
        v = compare_periods(store, figs[-1], figs[0], edition)
        real = verdict_short(v) + "."
        lines += [real, *compare_sentences(v)]
        items[-1] = Item(figs[-1], verdict_short(v))
    missing = missing_periods(figs)
    if missing:
        lines.append(gaps_sentence(missing, uncited=ind.uncited))
    other = _lists(store, ind_id, edition, skip_overall=True)
    notes = list(ind.caveats)
    return Block("social-services", "Women who died who were known to social services", tuple(lines), tuple(items),
                 query=explore_query(store, edition, ind=ind_id), link_text="See the series in Explore",
                 sensitive=True, charts=(_trend(ind, figs),), lists=tuple(other), notes=tuple(notes), lead=(head,),
                 real=real, lead_sources=(figs[-1].source,))


def mental_health(store: Store, edition: str = LATEST) -> Block | None:
    lines: list[str] = []
    lead: tuple[str, ...] = ()
    real = NO_COMPARISON
    lead_sources: tuple = ()
    charts_: list[ChartPart] = []
    ind_id = "late_deaths_mental_health_share"
    if ind_id in store.catalogue.indicators:
        figs = latest(store, ind_id, edition=edition)
        if figs:
            chosen = pick(figs).shown[0]
            lead, lead_sources = (headline_sentence(chosen),), (chosen.source,)
            lines += [*lead, *plain_sentences(chosen)]
            if len(figs) > 1:
                first = figs[0]
                v = compare_periods(store, figs[-1], first, edition)
                real = verdict_short(v) + "."
                lines += [real, verdict_sentence(v)]
            charts_.append(_trend(store.catalogue.indicators[ind_id], figs))
    lists = [x for i in MENTAL_HEALTH_LISTS for x in _lists(store, i, edition)]
    if not charts_ and not lists:
        return None
    if lists:
        lines.append(assert_safe("The figures below come from different reports. They cover different timings and "
                                 "lengths of time, so each list stands on its own and they are not joined."))
    return Block("mental-health", "Suicide and other mental-health-related deaths", tuple(lines),
                 query=explore_query(store, edition, ind=ind_id), link_text="See these figures in Explore",
                 sensitive=True, charts=tuple(charts_), lists=tuple(lists), lead=lead, real=real,
                 lead_sources=lead_sources)


def _characteristics_chart(store: Store, edition: str) -> ChartPart | None:
    ind_id = "csc_characteristic_share"
    if ind_id not in store.catalogue.indicators:
        return None
    ind = store.catalogue.indicators[ind_id]
    by_series: dict[str, list[Figure]] = {}
    for by in ("with_csc_involvement", "without_csc_involvement"):
        figs = [f for f in figures(store, Selection(ind_id, by, edition=edition)) if f.value is not None]
        if figs:
            by_series[ind.breakdown_label(by)] = figs
    if not by_series:
        return None
    first = next(iter(by_series.values()))
    cats = [f.group for f in sorted(first, key=lambda f: -(f.value or 0))]
    cats += [g for fs in by_series.values() for g in (f.group for f in fs) if g not in cats]
    title = "Experiences of women who died, with and without children's social care involvement"
    every = [f for fs in by_series.values() for f in fs]
    chart = charts.bars(by_series, list(dict.fromkeys(cats)), title, _subtitle(ind, every),
                        alt=chart_alt("Bar chart", title, every))
    return ChartPart(chart, tuple(every), _subtitle(ind, every))


def de_backer(store: Store, edition: str = LATEST) -> Block | None:
    """Children's social care involvement among women who died (De Backer et al., BMJ Medicine 2025)."""
    lines: list[str] = []
    items: list[Item] = []
    lists: list[FigureList] = []
    charts_: list[ChartPart] = []
    ind_id = "csc_involvement_share"
    if ind_id in store.catalogue.indicators:
        figs = latest(store, ind_id, edition=edition)
        lead = pick(figs).shown
        if lead:
            f = lead[0]
            lines += [headline_sentence(f), *plain_sentences(f)]
            items.append(Item(f))
            others = tuple(g for g in figs if g.period != f.period)
            if others:
                lists.append(FigureList("Other periods quoted from the same study (not comparable with the whole "
                                        "study period)", others))
    bars = _characteristics_chart(store, edition)
    if bars is not None:
        charts_.append(bars)
        lines.append(assert_safe("The bar chart shows how common each experience was among women with and without "
                                 "involvement. No test of each difference is shown here, so it does not say which "
                                 "gaps are real. These are links, not causes."))
    rid = "csc_rate_ratio"
    if rid in store.catalogue.indicators:
        ratios = [f for f in figures(store, Selection(rid, "comparison", edition=edition)) if f.value is not None]
        if ratios:
            ind = store.catalogue.indicators[rid]
            title = "How often children's social care was involved, by group (rate ratios)"
            chart = charts.dots(ratios, title, _subtitle(ind, ratios), ref=1.0,
                                alt=chart_alt("Dot chart with 95% confidence intervals", title, ratios))
            charts_.append(ChartPart(chart, tuple(ratios), _subtitle(ind, ratios)))
            for r in ratios:
                v = ratio_verdict(store, r, edition)
                lines += [ratio_sentence(r, "rate of children's social care involvement"), verdict_sentence(v)]
                items.append(Item(r, verdict_short(v)))
    if not lines:
        return None
    lead_figs = [i.figure for i in items[:1]]
    return Block("de-backer", "Children's social care involvement among women who died", tuple(lines),
                 tuple(items), query=explore_query(store, edition, ind="csc_rate_ratio", by="comparison"),
                 link_text="See the rate ratios in Explore", sensitive=True, charts=tuple(charts_), lists=tuple(lists),
                 lead=tuple(headline_sentence(f) for f in lead_figs), real=NO_COMPARISON,
                 lead_sources=sources_of(lead_figs))


def lever_taylor(store: Store, edition: str = LATEST) -> Block | None:
    """Mothers in acute postpartum psychiatric care (Lever Taylor et al. 2023), in plain words."""
    ind_id = "acute_postpartum_dyads"
    if ind_id not in store.catalogue.indicators:
        return None
    overall = pick(latest(store, ind_id, edition=edition)).shown
    groups = {f.group: f for f in figures(store, Selection(ind_id, "characteristic", edition=edition))
              if f.value is not None}
    involved = next((f for g, f in groups.items() if g.lower().startswith("with ")), None)
    if not overall or involved is None:
        return None
    total = overall[0]
    lines = [
        assert_safe(f"A study by Lever Taylor and colleagues looked at {total.number} mothers who were admitted to "
                    f"acute psychiatric care after giving birth, in {total.period_words}."),
        assert_safe(f"Of these mothers, {involved.number} had children's social care involvement."),
        assert_safe("Compared with the other mothers in the study, they had faced more deprivation, childhood "
                    "trauma and domestic abuse. They were less satisfied with their care and had more needs that "
                    "were not met."),
        assert_safe("The authors ask services to give more support to mothers who have lived through trauma, "
                    "hardship and deprivation."),
    ]
    return Block("lever-taylor", "Mothers in psychiatric care after birth", tuple(lines),
                 (Item(total), Item(involved)), query=explore_query(store, edition, ind=ind_id, by="characteristic"),
                 link_text="See the study's figures in Explore", sensitive=True, lead=tuple(lines[:2]),
                 real=NO_COMPARISON, lead_sources=(total.source,))


def themes(recs: tuple[Recommendation, ...]) -> tuple[Theme, ...]:
    return tuple(Theme(label, tuple(r for r in recs if r.theme == key)) for key, label in THEMES.items()
                 if any(r.theme == key for r in recs))


def topic(store: Store, recs: tuple[Recommendation, ...], edition: str = LATEST) -> Topic:
    builders = {"social-care": social_services, "mental-health": mental_health, "social-care-study": de_backer,
                "psychiatric-care-study": lever_taylor}
    spec = pages().topic
    built = [(b, builders[b.question](store, edition)) for b in spec.blocks if b.question in builders]
    blocks = tuple(replace(x, id=b.id, title=b.title, link_text=b.link) for b, x in built if x is not None)
    return Topic(spec.title, tuple(assert_safe(s) for s in FRAMING), blocks,
                 themes(recs), assert_safe(TEENAGE_SUICIDE))


__all__ = ["PATH", "TITLE", "Topic", "topic"]
