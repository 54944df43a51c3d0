"""One view of the data, built from the store and a ViewState: figures, chart, table, words and sources.

build_view(store, state) is pure and never raises on a valid store: an impossible state is moved to the nearest
valid view and the change is listed in View.notices. Explore (server-rendered and through its Dash callback), the
images, CSV, embeds, social cards, the API and the view briefing all call it, so they show exactly the same figures.
Every number, interval, flag and significance sentence comes from dashboard.model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from dashboard.charts import build as charts
from dashboard.charts.spec import EMPTY, Chart, RefLine
from dashboard.data.catalogue import Indicator
from dashboard.data.load import Store
from dashboard.data.query import Selection, breakdowns, export_rows, period_end, period_start, series_positions
from dashboard.explore.state import SERIES_LIMIT, ViewState, parse, to_query
from dashboard.explore.table import column_widths
from dashboard.model.ambition import Progress, progress
from dashboard.model.compare import GROUPS, Statement, Verdict, decide
from dashboard.model.editorial import PRE_PANDEMIC, covid_findings, covid_sentence
from dashboard.model.figure import Figure, Source, present
from dashboard.model.select import compare_groups, compare_periods, figure_of, previous, split_pair
from dashboard.model.words import (
    chart_alt,
    compare_sentences,
    figure_sentence,
    group_sentences,
    precision_sentence,
    ratio_sentence,
    verdict_sentence,
)
from dashboard.text.safety import assert_safe


@dataclass(frozen=True)
class View:
    """Everything a page, an image, a CSV, an API answer or a briefing needs to show one view."""

    state: ViewState
    indicator: Indicator            # the indicator chosen
    shown: Indicator                # the indicator whose figures are shown (the ratio indicator for measure=ratio)
    chart: Chart
    figures: tuple[Figure, ...]     # exactly the figures shown (gaps included, value None), in table order
    table_df: pd.DataFrame          # the same figures in EXPORT_COLUMNS order (CSV, JSON, API)
    title: str
    subtitle: str
    summary: tuple[str, ...]        # plain-English sentences, each safe-message checked
    verdicts: tuple[Verdict, ...]   # the differences the summary answers ("is it real?")
    alt_text: str
    table_caption: str
    sources: tuple[Source, ...]     # one per publication and page, newest first
    caveats: tuple[str, ...]
    notices: tuple[str, ...]        # what was changed to reach a valid view
    sensitive: bool
    query: str                      # the permalink query string (no leading '?')
    ambition: Progress | None = None  # progress against a national ambition (its sentences are in the summary)

    @property
    def kind(self) -> str:
        return self.chart.kind

    @property
    def empty(self) -> bool:
        return self.chart.kind == EMPTY

    @property
    def explanation(self) -> str:
        return " ".join(self.summary)

    @property
    def flags(self) -> tuple[str, ...]:
        """The secondary-source flags of the figures shown, once each."""
        return tuple(dict.fromkeys(f.source.flag for f in self.figures if f.source.flag))

    @property
    def value_heading(self) -> str:
        """The table's figure column, with the unit its cells leave out: 'Figure (per 100,000 maternities)'; a
        percentage or a ratio carries its own sign, so its heading is 'Figure'."""
        units = {f.unit_text for f in self.figures if f.unit_text}
        return f"Figure ({units.pop()})" if len(units) == 1 else "Figure"

    @property
    def value_cells(self) -> bool:
        """True when each figure cell must write its unit (the figures shown have more than one)."""
        return len({f.unit_text for f in self.figures if f.unit_text}) > 1

    @property
    def column_widths(self) -> tuple[int, ...]:
        """The table's column widths in percent (Period, Group, Figure, 95% CI, Count, Source)."""
        return column_widths(self.figures, self.value_heading, self.value_cells)

    @property
    def small_counts(self) -> bool:
        return any(f.small_count is not None for f in self.figures if f.value is not None)


# ---------------------------------------------------------------- the catalogue


def variants(store: Store, indicator_id: str) -> list[Indicator]:
    """The indicator family: the base indicator first, then its variants (e.g. excluding COVID-19)."""
    inds = store.catalogue.indicators
    base = inds[indicator_id].variant_of or indicator_id
    if base not in inds:
        return [inds[indicator_id]]
    return [inds[base]] + [i for i in inds.values() if i.variant_of == base]


def ratio_indicator(store: Store, indicator_id: str, breakdown: str) -> str | None:
    """The published ratio-to-reference-group indicator for this indicator and breakdown, if any."""
    rid = f"{indicator_id}_ratio"
    if rid in store.catalogue.indicators and breakdown in breakdowns(store, rid):
        return rid
    return None


# ---------------------------------------------------------------- helpers


Row = tuple[int, dict]  # (position in the edition's resolved frame, the row)


def _one_geography(rows: list[Row], ind: Indicator) -> list[Row]:
    """One geography per group: the indicator's own geography where present, else the best covered."""
    if len({(r["group"], r["period"]) for _, r in rows}) == len(rows):
        return rows
    out: list[Row] = []
    for g in dict.fromkeys(r["group"] for _, r in rows):
        sub = [x for x in rows if x[1]["group"] == g]
        counts: dict[str, int] = {}
        for _, r in sub:
            counts[r["geography"]] = counts.get(r["geography"], 0) + 1
        geo = ind.geography if ind.geography in counts else max(counts, key=lambda k: counts[k])
        out += [x for x in sub if x[1]["geography"] == geo]
    return out


def _order(rows: list[Row], groups: tuple[str, ...]) -> list[Row]:
    rank = {g: i for i, g in enumerate(groups)}
    return sorted(rows, key=lambda x: (rank.get(x[1]["group"], len(rank)), period_start(x[1]["period"]),
                                       period_end(x[1]["period"])))


def period_range(periods: list[str]) -> str:
    if not periods:
        return ""
    ordered = sorted(set(periods), key=lambda p: (period_start(p), period_end(p)))
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"


def _sources(figs: list[Figure]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for f in sorted(figs, key=lambda f: f.vintage, reverse=True):
        seen.setdefault((f.source.publication, f.source.url), f.source)
    return tuple(seen.values())


# ---------------------------------------------------------------- words


def _series_summary(store: Store, figs: list[Figure], edition: str,
                    from_chosen: bool = False) -> tuple[list[str], list[Verdict]]:
    """One group over time: the latest figure, its precision, and whether it differs from the period before; when
    the reader chose where the range starts, also whether it differs from that first period."""
    shown = [f for f in figs if f.value is not None]
    last = max(shown, key=lambda f: (f.start, f.end))
    out = [figure_sentence(last), precision_sentence(last)]
    verdicts = []
    before = previous(shown, last)
    first = min((f for f in shown if f.years == last.years), key=lambda f: (f.start, f.end))
    against = [before] + ([first] if from_chosen and first is not last and first is not before else [])
    for other in (f for f in against if f is not None):
        v = compare_periods(store, last, other, edition)
        verdicts.append(v)
        out.append(verdict_sentence(v))
    if last.breakdown == "overall" and (covid := covid_sentence(
            covid_findings(store, last.indicator.id, last.period, PRE_PANDEMIC, edition))):
        out.append(covid)   # what the source found with deaths from COVID-19 left out, as the home page says it
    return out, verdicts


def _groups_summary(store: Store, ind: Indicator, figs: list[Figure], reference: str | None,
                    edition: str) -> tuple[list[str], list[Verdict]]:
    shown = [f for f in figs if f.value is not None]
    groups = list(dict.fromkeys(f.group for f in shown))
    latest = {g: max((f for f in shown if f.group == g), key=lambda f: (f.start, f.end)) for g in groups}
    out = group_sentences([latest[g] for g in groups])
    verdicts = []
    if reference in latest:
        for g in groups:
            if g == reference:
                continue
            pair = _latest_common(shown, g, reference)
            if pair is None:
                continue
            v = compare_groups(store, pair[0], pair[1], edition)
            verdicts.append(v)
            out += compare_sentences(v)
    return out, verdicts


def _latest_common(shown: list[Figure], group: str, reference: str) -> tuple[Figure, Figure] | None:
    """The group's and the reference group's figures in the latest period both have."""
    mine = {f.period: f for f in shown if f.group == group}
    ref = {f.period: f for f in shown if f.group == reference}
    common = sorted(set(mine) & set(ref), key=lambda p: (period_start(p), period_end(p)))
    return (mine[common[-1]], ref[common[-1]]) if common else None


def _ratio_summary(figs: list[Figure]) -> tuple[list[str], list[Verdict]]:
    """Published ratios between groups: each is its own answer (its interval is the source's test)."""
    shown = [f for f in figs if f.value is not None]
    groups = list(dict.fromkeys(f.group for f in shown))
    out, verdicts = [], []
    for g in groups[:SERIES_LIMIT]:
        f = max((x for x in shown if x.group == g), key=lambda x: (x.start, x.end))
        a, b = split_pair(f.group)
        out.append(ratio_sentence(f))
        v = decide(GROUPS, a, b or "reference", None, None, (Statement.from_ratio(f),))
        verdicts.append(v)
        out.append(verdict_sentence(v))
    return out, verdicts


def _summary(store: Store, ind: Indicator, shown: Indicator, figs: list[Figure], state: ViewState,
             trend: bool) -> tuple[list[str], list[Verdict]]:
    valid = [f for f in figs if f.value is not None]
    if not valid:
        return [assert_safe("There are no figures in this dataset for this choice. Try a wider period or another "
                            "breakdown.")], []
    groups = list(dict.fromkeys(f.group for f in valid))
    if shown.measure == "ratio" and shown is not ind:
        out, verdicts = _ratio_summary(figs)
    elif len(groups) == 1:
        if trend:
            out, verdicts = _series_summary(store, valid, state.edition, state.period_from is not None)
        else:
            out, verdicts = [figure_sentence(valid[-1]), precision_sentence(valid[-1])], []
    else:
        out, verdicts = _groups_summary(store, ind, figs, ind.reference_groups.get(state.breakdown), state.edition)
    small = [f.small_count for f in valid if f.small_count is not None]
    if small:
        out.append(assert_safe("Some figures rest on fewer than 20 events, so they can change a lot by chance."))
    if any(f.source.flag for f in valid):
        out.append(assert_safe("Some figures were read on a secondary source. They are marked * and flagged in "
                               "the table."))
    if len(figs) > len(valid) or any(len(s) > 1 for s in _runs(valid)):
        out.append(assert_safe("A gap in a line means no figure for that period is in this dataset, or the periods "
                               "are of different lengths and cannot be joined."))
    return out, verdicts


def _runs(valid: list[Figure]) -> list[list[list[Figure]]]:
    return [charts.segments([f for f in valid if f.group == g]) for g in dict.fromkeys(f.group for f in valid)]


def _alt_text(trend: bool, title: str, figs: list[Figure]) -> str:
    return chart_alt("Line chart" if trend else "Dot chart with 95% confidence intervals", title, figs)


def _ambition(store: Store, ind: Indicator, shown: Indicator, state: ViewState, figs: list[Figure],
              trend: bool) -> Progress | None:
    """Progress against the indicator's national ambition, on the overall trend of the indicator itself."""
    if shown is not ind or state.breakdown != "overall" or not trend:
        return None
    valid = [f for f in figs if f.value is not None]
    last = max(valid, key=lambda f: (f.start, f.end)) if valid else None
    return progress(store, ind.id, state.edition, latest=last)


# ---------------------------------------------------------------- the view


def normalise(store: Store, state: ViewState) -> tuple[ViewState, list[str]]:
    """The nearest valid state to any ViewState: a state the URL parser made is valid as it stands; one made in
    code (a page's own link) goes once through the parser."""
    return (state, []) if state.checked else parse(to_query(state), store)


def view_title(plain_title: str, breakdown: str, label: str) -> str:
    """'Women who died, by cause of death': the breakdown is named once, even when the title already names it."""
    if breakdown == "overall":
        return plain_title
    by = f"by {label[0].lower() + label[1:]}"
    return plain_title if plain_title.lower().endswith(by.lower()) else f"{plain_title}, {by}"


@lru_cache(maxsize=256)
def build_view(store: Store, state: ViewState) -> View:
    """Pure: the figures, chart, table, words and sources of one view (memoised per store and state)."""
    state, notices = normalise(store, state)
    ind = store.catalogue.indicators[state.indicator]
    shown, groups = ind, state.groups
    if state.measure == "ratio":
        rid = ratio_indicator(store, ind.id, state.breakdown)
        if rid and ind.measure != "ratio":
            shown = store.catalogue.indicators[rid]
            groups = ()  # every published comparison for the breakdown
        else:
            notices.append("Measure: no ratios to a reference group are in this dataset for this choice, so this shows "
                           "the figures.")
            state = replace(state, measure="value")
    sel = Selection(shown.id, state.breakdown, groups or None, state.period_from, state.period_to, state.edition)
    pos, found = series_positions(store, sel)
    rows = _one_geography(list(zip(pos, found)), shown)
    if groups:
        rows = _order(rows, tuple(groups))
    elif shown is not ind:
        keep = list(dict.fromkeys(r["group"] for _, r in rows))[:SERIES_LIMIT]
        rows = _order([x for x in rows if x[1]["group"] in keep], tuple(keep))
    figs = [figure_of(store, r) for _, r in rows]
    valid = [f for f in figs if f.value is not None]
    trend = len({f.period for f in valid}) > 1
    if not trend:  # one period: the groups side by side; gaps are not drawn
        figs = valid
        rows = [x for x in rows if present(x[1]["value"])]
    label = ind.breakdown_label(state.breakdown)
    title = view_title(shown.plain_title, state.breakdown, label)
    geos = sorted({f.geography for f in figs}) or [shown.geography]
    periods = period_range([f.period for f in figs])
    subtitle = f"{shown.title}, {shown.unit}, {' and '.join(geos)}, {periods}".rstrip(", ")
    summary, verdicts = _summary(store, ind, shown, figs, state, trend)
    alt = _alt_text(trend, title, figs)
    sources = _sources(valid)
    aim = _ambition(store, ind, shown, state, figs, trend)
    if aim is not None:
        summary += list(aim.sentences)
        named = {s.publication for s in sources}
        sources += tuple(s for s in (aim.statement, aim.baseline_source) if s.publication not in named)
    if trend:
        refs = (RefLine(aim.ref.value, aim.ref.label),) if aim is not None and aim.ref is not None else ()
        chart = charts.trend(figs, title, subtitle, show_ci=state.ci, refs=refs, alt=alt)
    else:
        ref = 1.0 if shown.measure == "ratio" else None
        chart = charts.dots(figs, title, subtitle, show_ci=state.ci, ref=ref, alt=alt)
    caveats = list(shown.caveats)
    if any(f.obs_status == "Definition differs" for f in valid) and not any("Definition differs" in c for c in caveats):
        caveats.append("ONS marks some periods 'Definition differs': the way deaths were counted changed.")
    table_df = export_rows(store, [i for i, _ in rows], state.edition)
    caption = f"{shown.title}, {shown.unit}, {label[0].lower() + label[1:] if state.breakdown != 'overall' else 'all'}, {periods}"
    return View(
        state=state, indicator=ind, shown=shown, chart=chart, figures=tuple(figs), table_df=table_df, title=title,
        subtitle=subtitle, summary=tuple(summary), verdicts=tuple(verdicts), alt_text=alt,
        table_caption=caption.rstrip(", "), sources=sources, caveats=tuple(caveats), notices=tuple(notices),
        sensitive=bool(ind.sensitive or shown.sensitive), query=to_query(state, store), ambition=aim)


def hover_details(view: View) -> dict[tuple[str, str], tuple[str, ...]]:
    """What the interactive chart adds on hover to each mark's own tooltip, by (group, period): who calculated the
    interval, the counts, and the source's tier and publication (the model's words)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for f in view.figures:
        if f.value is None:
            continue
        lines = (f.ci_who, f.count_text,
                 f"{f.source.tier_label}: {f.source.publication}")
        out[(f.group, f.period)] = tuple(x for x in lines if x)
    return out
