"""Figures and verdicts from the store: the only bridge between the data layer's tables and the figure model."""

from __future__ import annotations

import pandas as pd

from dashboard.data.index import index_of
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection, period_start, series_positions
from dashboard.model.compare import GROUPS, PERIODS, Statement, Verdict, decide
from dashboard.model.figure import Figure, Source, present, source_from_row


def figure_of(store: Store, row: dict) -> Figure:
    ind = store.catalogue.indicators[str(row["indicator"])]
    return Figure.from_row(row, ind, store.catalogue.sources)


def figures(store: Store, sel: Selection) -> list[Figure]:
    """The figures of a selection (gaps included, as figures with value None), sorted by group then period."""
    return [figure_of(store, r) for r in series_positions(store, sel)[1]]


def figures_of(store: Store, df: pd.DataFrame) -> list[Figure]:
    return [figure_of(store, r) for r in df.to_dict("records")]


def latest(store: Store, indicator: str, breakdown: str = "overall", group: str = "All",
           edition: str = LATEST) -> list[Figure]:
    """The published figures of one series, oldest period first (gaps left out)."""
    figs = [f for f in figures(store, Selection(indicator, breakdown, (group,), edition=edition)) if f.value is not None]
    return sorted(figs, key=lambda f: (f.start, f.end))


def source_of(store: Store, row: dict) -> Source:
    return source_from_row(row, store.catalogue.sources)


def statements(store: Store, indicator: str, breakdown: str, period_a: str, group_a: str, period_b: str,
               group_b: str, edition: str = LATEST) -> tuple[Statement, ...]:
    """Every published comparison of these two figures (either way round is not the same claim: a vs b only)."""
    rows = index_of(store).comparisons.get((indicator, breakdown, period_a, group_a, period_b, group_b), ())
    return tuple(Statement.from_row(r, source_of(store, r)) for r in rows
                 if edition == LATEST or (r["vintage"] is not None and r["vintage"] <= edition))


def compare_periods(store: Store, a: Figure, b: Figure, edition: str = LATEST) -> Verdict:
    """Is the change from b's period to a's period real? (same indicator, breakdown and group)"""
    found = statements(store, a.indicator.id, a.breakdown, a.period, a.group, b.period, b.group, edition)
    return decide(PERIODS, a.period, b.period, a, b, found)


def _matches(label: str, group: str) -> bool:
    """'Black' names 'Black'; 'White' names 'White (inc. not known)'; '25 to 29' names '25 to 29 years'."""
    x, g = label.lower().strip(), group.lower().strip()
    return x == g or g.startswith((x + " ", x + "/", x + " ("))


def split_pair(label: str) -> tuple[str, str]:
    """'Black vs White' -> ('Black', 'White'); a label without ' vs ' -> (label, '')."""
    a, _, b = label.partition(" vs ")
    return a.strip(), b.strip()


def published_ratio(store: Store, a: Figure, b: Figure, edition: str = LATEST) -> Figure | None:
    """The source's published rate ratio of group a to group b in their period, if it printed one."""
    rid = f"{a.indicator.id}_ratio"
    if rid not in store.catalogue.indicators:
        return None
    _pos, rows = series_positions(store, Selection(rid, a.breakdown, period_from=a.period, period_to=a.period,
                                                   edition=edition))
    for row in rows:
        x, y = split_pair(str(row["group"]))
        if row["period"] == a.period and present(row["value"]) and _matches(x, a.group) and _matches(y, b.group):
            return figure_of(store, row)
    return None


def compare_groups(store: Store, a: Figure, b: Figure, edition: str = LATEST) -> Verdict:
    """Is the gap between group a and reference group b (same period) real?"""
    found = list(statements(store, a.indicator.id, a.breakdown, a.period, a.group, b.period, b.group, edition))
    ratio = published_ratio(store, a, b, edition)
    if ratio is not None:
        found.append(Statement.from_ratio(ratio))
    return decide(GROUPS, a.group, b.group, a, b, tuple(found))


def previous(figs: list[Figure], f: Figure) -> Figure | None:
    """The figure of the period before f's in the same series (same period length), if published."""
    earlier = [g for g in figs if g.group == f.group and g.years == f.years and g.start < f.start and g.value is not None]
    return max(earlier, key=lambda g: g.start) if earlier else None


def by_period(figs: list[Figure], period: str) -> Figure | None:
    return next((f for f in figs if f.period == period and f.value is not None), None)


def newest(figs: list[Figure]) -> Figure | None:
    shown = [f for f in figs if f.value is not None]
    return max(shown, key=lambda f: (period_start(f.period), f.end)) if shown else None


def sources_of(figs: list[Figure] | tuple[Figure, ...]) -> tuple[Source, ...]:
    """The publications behind some figures, once each, newest first."""
    seen: dict[tuple[str, str], Source] = {}
    for f in sorted((f for f in figs if f.value is not None), key=lambda f: f.vintage, reverse=True):
        seen.setdefault((f.source.publication, f.source.url), f.source)
    return tuple(seen.values())


def _label(start: int, years: int) -> str:
    return str(start) if years == 1 else f"{start}-{str(start + years - 1)[2:]}"


def missing_periods(figs: list[Figure]) -> list[str]:
    """Periods of a rolling or yearly series with no published figure between its first and last (same length
    as its neighbours): the gaps a chart leaves empty and a page names, never fills."""
    shown = [f for f in figs if f.value is not None and f.indicator.period_type in ("rolling-3-year", "year")]
    out: list[str] = []
    for years in sorted({f.years for f in shown}):
        starts = {f.start for f in shown if f.years == years}
        if len(starts) > 1:
            out += [_label(s, years) for s in range(min(starts), max(starts)) if s not in starts]
    return sorted(set(out), key=lambda p: (period_start(p), p))


def ratio_verdict(store: Store, ratio: Figure, edition: str = LATEST) -> Verdict:
    """Is a published ratio between two groups a real gap? Its own interval answers (Statement.from_ratio); the
    source's words on the same two groups and period of the rate it divides are kept beside it."""
    a, b = split_pair(ratio.group)
    found = [Statement.from_ratio(ratio)]
    base = ratio.indicator.id.removesuffix("_ratio")
    if base != ratio.indicator.id and base in store.catalogue.indicators:
        t = store.comparisons if edition == LATEST else store.comparisons[store.comparisons["vintage"] <= edition]
        hit = t[(t["indicator"] == base) & (t["breakdown"] == ratio.breakdown) & (t["period_a"] == ratio.period)
                & (t["period_b"] == ratio.period)]
        found += [Statement.from_row(r, source_of(store, r)) for r in hit.to_dict("records")
                  if _matches(a, str(r["group_a"])) and _matches(b, str(r["group_b"]))]
    return decide(GROUPS, a, b or "reference", None, None, tuple(found))
