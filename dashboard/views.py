"""One view of the data, built from the store and a ViewState: figure, table, words and sources.

build_view(store, state) is pure and never raises on a valid store: an impossible state is moved to
the nearest valid view and the change is listed in View.notices. The Explore page, image and CSV
exports, embeds and briefings all call it, so they show exactly the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.compare import build_compare, build_ratio
from dashboard.charts.theme import TEXT, base_layout
from dashboard.charts.trend import build_trend, definition_differs_periods
from dashboard.data.catalogue import Indicator
from dashboard.data.load import Store
from dashboard.data.query import Selection, breakdowns, period_end, period_start, period_words, series
from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.state import MAX_GROUPS, ViewState, parse, to_query
from dashboard.stats import rate_ratio
from dashboard.text.explain import (
    SMALL_COUNT,
    change_sentences,
    figure_sentence,
    inequality_sentences,
    precision_sentence,
    small_count_sentence,
    source_line,
    split_comparison,
)
from dashboard.text.numbers import fmt
from dashboard.text.safety import assert_safe

# A published period-to-period rate ratio for an indicator's overall series: (ratio indicator, group prefix).
PERIOD_RATIOS = {"maternal_mortality_rate": ("maternal_mortality_period_ratio", "Overall rate")}

KIND_TREND = "trend"
KIND_COMPARE = "compare"
KIND_EMPTY = "empty"


@dataclass(frozen=True)
class SourceRef:
    publication: str
    url: str
    quality: str
    quality_source: str | None = None


@dataclass(frozen=True)
class View:
    """Everything a page, an image, a CSV or a briefing needs to show one view."""

    state: ViewState
    indicator: Indicator            # the indicator chosen
    shown: Indicator                # the indicator whose figures are shown (the ratio indicator for measure=ratio)
    kind: str                       # "trend", "compare" or "empty"
    figure: go.Figure
    table_df: pd.DataFrame          # exactly the figures shown, in EXPORT_COLUMNS order
    title: str
    subtitle: str
    summary: tuple[str, ...]        # plain-English sentences, each safe-message checked (source lines apart)
    alt_text: str
    table_caption: str
    source_lines: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    secondary: tuple[str, ...]      # names of the secondary sources of figures shown (flag them)
    caveats: tuple[str, ...]
    notices: tuple[str, ...]        # what was changed to reach a valid view
    sensitive: bool
    query: str                      # the permalink query string (no leading '?')
    small_counts: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return " ".join(self.summary)


# ---------------------------------------------------------------- helpers about the catalogue


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


def _val(v: Any) -> Any:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def _one_geography(df: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """One geography per group: the indicator's own geography where present, else the best covered."""
    if df.empty or not df.duplicated(["group", "period"]).any():
        return df
    parts = []
    for _g, sub in df.groupby("group", sort=False):
        counts = sub["geography"].value_counts()
        geo = ind.geography if ind.geography in counts.index else counts.index[0]
        parts.append(sub[sub["geography"] == geo])
    return pd.concat(parts).reset_index(drop=True)


def _order(df: pd.DataFrame, groups: tuple[str, ...]) -> pd.DataFrame:
    rank = {g: i for i, g in enumerate(groups)}
    return (df.assign(_g=df["group"].map(lambda g: rank.get(g, len(rank))), _p=df["period"].map(period_start),
                      _e=df["period"].map(period_end))
            .sort_values(["_g", "_p", "_e"], kind="stable").drop(columns=["_g", "_p", "_e"]).reset_index(drop=True))


def _period_range(periods: list[str]) -> str:
    if not periods:
        return ""
    ordered = sorted(set(periods), key=lambda p: (period_start(p), period_end(p)))
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"


# ---------------------------------------------------------------- change and inequality evidence


def period_change(store: Store, ind: Indicator, later: dict, earlier: dict, edition: str) -> tuple:
    """(ratio, lower, upper, method, note) for the change from earlier to later.

    A published period ratio first; else the exact test on published counts (rates only); else no test.
    """
    if later.get("breakdown") == "overall" and ind.id in PERIOD_RATIOS:
        rid, prefix = PERIOD_RATIOS[ind.id]
        df = series(store, Selection(rid, "comparison", edition=edition))
        hit = df[df["group"] == f"{prefix}: {later['period']} vs {earlier['period']}"]
        if not hit.empty and pd.notna(hit.iloc[0]["value"]):
            r = hit.iloc[0].to_dict()
            return float(r["value"]), _val(r["ci_lower"]), _val(r["ci_upper"]), "published", _val(r.get("note"))
    counts = [_val(later.get("numerator")), _val(later.get("denominator")),
              _val(earlier.get("numerator")), _val(earlier.get("denominator"))]
    if ind.measure == "rate" and all(c is not None for c in counts) and counts[0] + counts[2] > 0:
        est = rate_ratio(int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3]))
        return est.value, est.lower, est.upper, "computed", None
    return None, None, None, None, None


def _match(label: str, group: str) -> bool:
    a, g = label.lower().strip(), group.lower().strip()
    return a == g or g.startswith(a + " ") or g.startswith(a + "/") or g.startswith(a + " (")


def published_group_ratio(store: Store, ind: Indicator, breakdown: str, group: str, reference: str, period: str,
                          edition: str) -> dict | None:
    """The published rate ratio of group vs reference in a period, if the source printed one."""
    rid = ratio_indicator(store, ind.id, breakdown)
    if not rid:
        return None
    df = series(store, Selection(rid, breakdown, period_from=period, period_to=period, edition=edition))
    for r in df.to_dict("records"):
        a, b = split_comparison(str(r["group"]))
        if r["period"] == period and pd.notna(r["value"]) and _match(a, group) and _match(b, reference):
            return r
    return None


# ---------------------------------------------------------------- sentences


def _group_sentence(row: dict, ind: Indicator) -> str:
    value = fmt(float(row["value"]), ind.decimals)
    unit = "%" if ind.unit == "percent" else f" {ind.unit}"
    text = f"{row['group']}: {value}{unit} in {period_words(str(row['period']))}"
    lo, hi = _val(row.get("ci_lower")), _val(row.get("ci_upper"))
    if lo is not None and hi is not None:
        text += f" (95% confidence interval {fmt(float(lo), ind.decimals)} to {fmt(float(hi), ind.decimals)})"
    return assert_safe(text + ".")


def _overall_sentences(row: dict, ind: Indicator) -> list[str]:
    if ind.plain_template:
        out = [figure_sentence(row, ind)]
    else:
        value = fmt(float(row["value"]), ind.decimals)
        unit = "%" if ind.unit == "percent" else f" {ind.unit}"
        out = [assert_safe(f"The figure for {period_words(str(row['period']))} was {value}{unit}.")]
    out.append(precision_sentence(row, ind) if ind.measure == "rate" else _ci_or_count(row, ind))
    return [s for s in out if s]


def _ci_or_count(row: dict, ind: Indicator) -> str:
    lo, hi = _val(row.get("ci_lower")), _val(row.get("ci_upper"))
    if lo is not None and hi is not None:
        return assert_safe(f"The 95% confidence interval is {fmt(float(lo), ind.decimals)} to {fmt(float(hi), ind.decimals)}.")
    if ind.measure == "count":
        return ""
    return assert_safe("No confidence interval was published for this figure.")


def _summary(store: Store, ind: Indicator, shown: Indicator, df: pd.DataFrame, state: ViewState, kind: str) -> list[str]:
    valid = df[df["value"].notna()]
    if valid.empty:
        return [assert_safe("There are no published figures for this choice. Try a wider period or another breakdown.")]
    out: list[str] = []
    groups = list(dict.fromkeys(valid["group"].tolist()))
    latest = {g: valid[valid["group"] == g].iloc[-1].to_dict() for g in groups}
    if shown.measure == "ratio":
        for g in groups[:3]:
            r = latest[g]
            a, b = split_comparison(str(g))
            out += inequality_sentences(a, b or "reference", str(r["period"]), float(r["value"]), _val(r["ci_lower"]),
                                        _val(r["ci_upper"]), _val(r.get("note")))
    elif groups == ["All"] or len(groups) == 1:
        row = latest[groups[0]]
        out += _overall_sentences(row, ind) if groups == ["All"] else [_group_sentence(row, ind)]
        if kind == KIND_TREND:
            sub = valid[valid["group"] == groups[0]]
            if len(sub) >= 2:
                prev = sub.iloc[-2].to_dict()
                ratio, lo, hi, method, note = period_change(store, ind, row, prev, state.edition)
                noun = "rate" if ind.measure == "rate" else "figure"
                out += change_sentences(str(row["period"]), str(prev["period"]), ratio, lo, hi, method, note, noun)
    else:
        out.append(assert_safe(f"The chart shows {len(groups)} groups. Here is the latest figure for each."))
        for g in groups:
            out.append(_group_sentence(latest[g], ind))
        ref = ind.reference_groups.get(state.breakdown)
        if ref in latest:
            for g in groups:
                if g == ref:
                    continue
                r = latest[g]
                if r["period"] != latest[ref]["period"]:
                    continue
                pub = published_group_ratio(store, ind, state.breakdown, g, ref, str(r["period"]), state.edition)
                if pub:
                    pa, pb = split_comparison(str(pub["group"]))  # the source's own group names
                    out += inequality_sentences(pa, pb, str(r["period"]), float(pub["value"]), _val(pub["ci_lower"]),
                                                _val(pub["ci_upper"]), _val(pub.get("note")))
                    break
                counts = [_val(r.get("numerator")), _val(r.get("denominator")),
                          _val(latest[ref].get("numerator")), _val(latest[ref].get("denominator"))]
                if ind.measure == "rate" and all(c is not None for c in counts) and counts[0] + counts[2] > 0:
                    est = rate_ratio(*(int(c) for c in counts))
                    out += inequality_sentences(g, ref, str(r["period"]), est.value, est.lower, est.upper, computed=True)
                    break
    small = _small(valid, shown)
    if small is not None:
        caveat = small_count_sentence(small, "women" if shown.unit == "women" else "deaths")
        if caveat:
            out.append(caveat)
    if (valid["quality"] == "secondary").any():
        out.append(assert_safe("Some figures were read on a secondary source. The table flags them."))
    if len(df) > len(valid):
        out.append(assert_safe("A gap in the line means no figure was published for that period."))
    return out


def _small(valid: pd.DataFrame, shown: Indicator) -> int | None:
    """The smallest published count behind the figures shown (or the count itself), if under the threshold."""
    counts = [int(v) for v in valid["numerator"].dropna()]
    if shown.measure == "count" and shown.unit in ("women", "deaths"):
        counts += [int(v) for v in valid["value"].dropna()]
    small = [c for c in counts if c < SMALL_COUNT]
    return min(small) if small else None


def _alt_text(kind: str, title: str, df: pd.DataFrame, shown: Indicator) -> str:
    valid = df[df["value"].notna()]
    if valid.empty:
        return f"An empty chart: no published figures for {title.lower()}."
    groups = list(dict.fromkeys(valid["group"].tolist()))
    periods = _period_range(valid["period"].tolist())
    if kind == KIND_TREND:
        text = f"Line chart of {title.lower()}, {periods}, for {', '.join(groups)}."
    else:
        text = f"Dot chart with 95% confidence intervals of {title.lower()}, {periods}, for {', '.join(groups)}."
    last = valid.iloc[-1]
    unit = "%" if shown.unit == "percent" else f" {shown.unit}"
    text += f" Latest figure: {last['group']}, {last['period']}: {fmt(float(last['value']), shown.decimals)}{unit}."
    return assert_safe(text)


def _empty_figure(message: str) -> go.Figure:
    layout = base_layout(220)
    layout["xaxis"].update({"visible": False})
    layout["yaxis"].update({"visible": False})
    fig = go.Figure(layout=layout)
    fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", text=message, showarrow=False,
                       font={"size": 15, "color": TEXT})
    return fig


# ---------------------------------------------------------------- the view


def normalise(store: Store, state: ViewState) -> tuple[ViewState, list[str]]:
    """The nearest valid state to any ViewState (round trip through the URL parser)."""
    return parse(to_query(state), store)


@lru_cache(maxsize=128)
def build_view(store: Store, state: ViewState) -> View:
    """Pure: the figure, table, words and sources of one view.

    Memoised per (store, state): the data never change while a store is loaded, and every caller treats the
    View as read-only (images deep-copy the figure before adding titles).
    """
    state, notices = normalise(store, state)
    ind = store.catalogue.indicators[state.indicator]
    shown, breakdown, groups = ind, state.breakdown, state.groups
    if state.measure == "ratio":
        rid = ratio_indicator(store, ind.id, state.breakdown)
        if rid and ind.measure != "ratio":
            shown = store.catalogue.indicators[rid]
            groups = None  # every published comparison for the breakdown
        else:
            notices.append("No ratios to a reference group are published for this choice, so this shows the figures.")
            state = replace(state, measure="value")
    sel = Selection(shown.id, breakdown, groups if groups else None, state.period_from, state.period_to, state.edition)
    df = _one_geography(series(store, sel), shown)
    if groups:
        df = _order(df, tuple(groups))
    elif shown is not ind:
        keep = list(dict.fromkeys(df["group"].tolist()))[:MAX_GROUPS]
        df = _order(df[df["group"].isin(keep)], tuple(keep))
    valid = df[df["value"].notna()]
    n_periods = valid["period"].nunique()
    kind = KIND_EMPTY if valid.empty else (KIND_COMPARE if n_periods == 1 else KIND_TREND)
    ref_line = 1.0 if shown.measure == "ratio" else None
    if kind == KIND_EMPTY:
        figure = _empty_figure("No published figures for this choice")
    elif kind == KIND_COMPARE:
        shown_df = df[df["value"].notna()]
        figure = (build_ratio(shown_df, shown, state.ci) if ref_line else build_compare(shown_df, shown, state.ci))
    else:
        figure = build_trend(df, shown, show_ci=state.ci, reference_line=ref_line)
    if kind == KIND_COMPARE:
        df = df[df["value"].notna()].reset_index(drop=True)
    label = ind.breakdown_label(breakdown)
    title = shown.plain_title if breakdown == "overall" else f"{shown.plain_title}, by {label[0].lower() + label[1:]}"
    geos = sorted(set(df["geography"].dropna().tolist())) or [shown.geography]
    periods = _period_range(df["period"].tolist())
    rolling = " (rolling three-year periods)" if shown.period_type == "rolling-3-year" and kind == KIND_TREND else ""
    subtitle = f"{shown.title}, {shown.unit}, {' and '.join(geos)}, {periods}{rolling}".rstrip(", ")
    summary = _summary(store, ind, shown, df, state, kind)
    caveats = list(shown.caveats)
    if definition_differs_periods(df):
        caveats.append("ONS marks some periods 'Definition differs': the way deaths were counted changed.")
    rows = df.to_dict("records")
    seen: dict[tuple, SourceRef] = {}
    for r in rows:
        key = (r["publication"], r["source_url"])
        if key not in seen:
            seen[key] = SourceRef(str(r["publication"]), str(r["source_url"]), str(r["quality"]),
                                  _val(r.get("quality_source")))
    secondary = tuple(dict.fromkeys(str(r["quality_source"]) for r in rows
                                    if r["quality"] == "secondary" and _val(r.get("quality_source"))))
    lines = tuple(dict.fromkeys(source_line(r) for r in rows))
    table_df = df.reindex(columns=[c for c in EXPORT_COLUMNS if c in df.columns]).reset_index(drop=True)
    caption = f"{shown.title}, {shown.unit}, {label.lower() if breakdown != 'overall' else 'all'}, {periods}".rstrip(", ")
    small = _small(df[df["value"].notna()], shown) if not df.empty else None
    return View(
        state=state, indicator=ind, shown=shown, kind=kind, figure=figure, table_df=table_df, title=title,
        subtitle=subtitle, summary=tuple(summary), alt_text=_alt_text(kind, title, df, shown), table_caption=caption,
        source_lines=lines, sources=tuple(seen.values()), secondary=secondary, caveats=tuple(caveats),
        notices=tuple(notices), sensitive=bool(ind.sensitive or shown.sensitive), query=to_query(state, store),
        small_counts=small is not None,
    )
