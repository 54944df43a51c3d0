"""'Brief me on this view': the one-page layout for one Explore selection (pure: store + ViewState in).

The figures come from the same selection Explore shows (dashboard.data.query.series). When the Explore
module dashboard.views is present, its build_view supplies the chart, title, subtitle and summary, so the
briefing shows exactly the Explore view; otherwise a trend chart is built here from the same rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.briefing.content import Briefing, Section, edition_of, edition_words
from dashboard.briefing.facts import change_words, fact, ratio_significance
from dashboard.data.load import Store
from dashboard.data.query import Selection, period_start, series
from dashboard.state import ViewState, to_query
from dashboard.text.explain import figure_sentence, precision_sentence
from dashboard.text.safety import assert_safe

VIEW_KEYS = ("view", "ind", "by", "groups", "from", "to", "measure", "ci")


def is_view_query(query: dict) -> bool:
    return any(k in query for k in VIEW_KEYS)


def selection_rows(store: Store, state: ViewState) -> pd.DataFrame:
    return series(store, Selection(state.indicator, state.breakdown, state.groups or None, state.period_from,
                                   state.period_to, state.edition))


def _explore_view(store: Store, state: ViewState):
    """The Explore developer's View for this state, or None when dashboard.views is not available."""
    try:
        from dashboard.views import build_view  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        return build_view(store, state)
    except Exception:  # a view that cannot be built falls back to the rows shown here
        return None


def _attr(view, *names: str, default=None):
    for n in names:
        v = getattr(view, n, None)
        if v is not None:
            return v
    return default


def _as_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return " ".join(_as_text(x) for x in v)
    return str(v)


def _with_row_ids(store: Store, rows: pd.DataFrame) -> pd.DataFrame:
    """The View's table rows with the store's row_id (table_df carries the export columns only)."""
    if rows.empty or "row_id" in rows.columns:
        return rows
    key = ["indicator", "period", "breakdown", "group", "geography", "publication", "vintage"]
    ids = store.table[key + ["row_id"]].drop_duplicates(key)
    return rows.merge(ids, on=key, how="left")


def build_view_briefing(store: Store, state: ViewState, public_url: str, today: date | None = None) -> Briefing:
    view = _explore_view(store, state)
    if view is not None:
        state = getattr(view, "state", state)
        ind = getattr(view, "shown", None) or store.catalogue.indicator(state.indicator)
        df = _with_row_ids(store, view.table_df)
    else:
        ind = store.catalogue.indicator(state.indicator)
        df = selection_rows(store, state)
    q = to_query(state, store)
    explore = f"{public_url}/explore" + (f"?{q}" if q else "")
    title = assert_safe(_as_text(_attr(view, "title", default=None)) or ind.plain_title)
    sentences: list[str] = []
    subtitle = _as_text(_attr(view, "subtitle", default=""))
    if subtitle:
        sentences.append(assert_safe(subtitle))
    summary = _attr(view, "summary", default=())
    facts = []
    for r in df[df["value"].notna()].to_dict("records"):
        sig = ratio_significance(r) if ind.measure == "ratio" else None
        label = r["group"] if r["group"] != "All" else ind.title
        facts.append(fact(r, ind, label=label, significance=sig))
    if summary:
        sentences += [assert_safe(str(t)) for t in (summary if isinstance(summary, (list, tuple)) else [summary])]
    elif not df.empty:
        recs = df.assign(_s=df["period"].map(period_start)).sort_values("_s", kind="stable").drop(columns="_s")
        last = recs.to_dict("records")[-1]
        if ind.plain_template or ind.measure == "rate":
            sentences.append(figure_sentence(last, ind))
            sentences.append(precision_sentence(last, ind))
        groups = recs[recs["group"] == last["group"]].to_dict("records")
        if len(groups) > 1:
            sentences.append(change_words(groups[-1], groups[-2], ind))
    figure = _attr(view, "figure", default=None)
    if figure is None and not df.empty:
        from dashboard.charts.trend import build_trend
        figure = build_trend(df, ind, show_ci=state.ci, height=300)
    alt = _as_text(_attr(view, "alt_text", default="")) or f"Chart of {ind.title.lower()}; the figures are in the table."
    gaps = () if facts else ("No published figures match this selection.",)
    sensitive = bool(ind.sensitive or _attr(view, "sensitive", default=False))
    section = Section("view", title, tuple(sentences), tuple(facts), explore, sensitive=sensitive, gaps=gaps,
                      figure=figure, figure_summary=assert_safe(alt))
    vintage, publication = edition_of(store, section.facts, state.edition)
    link = f"{public_url}/briefing?view=1" + (f"&{q}" if q else "")
    return Briefing(title=assert_safe(f"Briefing: {title}"), edition=vintage, edition_words=edition_words(vintage),
                    newest_publication=publication, made_on=(today or date.today()).isoformat(), permalink=link,
                    sections=(section,), recommendations=())
