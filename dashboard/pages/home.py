"""Home: the story without touching a filter. Every block is generated from published rows and links to Explore."""

from __future__ import annotations

from typing import NamedTuple

import dash
import pandas as pd
from dash import dcc, html

from dashboard.components.figure_block import figure_block
from dashboard.components.shell import support_box
from dashboard.components.table import figures_table
from dashboard.data.load import Store
from dashboard.data.query import Selection, period_words, series
from dashboard.state import ViewState, parse, to_query
from dashboard.text.explain import change_sentences, inequality_sentences, source_line, split_comparison
from dashboard.text.numbers import fmt
from dashboard.text.safety import assert_safe
from dashboard.views import build_view, period_change
from dashboard.web import context

dash.register_page(__name__, path="/", title="UK maternal outcome statistics",
                   description="How many women die during pregnancy or soon after in the UK, with sources and uncertainty.")

INDICATOR = "maternal_mortality_rate"
PRE_PANDEMIC = "2017-19"  # the last complete three-year period before the COVID-19 pandemic


class Block(NamedTuple):
    block_id: str
    title: str
    big: str
    sentences: tuple[str, ...]
    link: str
    link_text: str
    sources: tuple[str, ...]
    flags: tuple[str, ...] = ()
    sensitive: bool = False


def _explore(query: str) -> str:
    return dash.get_relative_path("/explore") + (f"?{query}" if query else "")


def _q(store: Store, query: str) -> str:
    state, _ = parse(query, store)
    return to_query(state, store)


def _val(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def _flags(rows: list[dict]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"Reported by {r['quality_source']}" for r in rows
                               if r.get("quality") == "secondary" and _val(r.get("quality_source"))))


def _rows(store: Store, indicator: str, breakdown: str = "overall") -> pd.DataFrame:
    df = series(store, Selection(indicator, breakdown))
    return df[df["value"].notna()]


def change_block(store: Store) -> Block | None:
    ind = store.catalogue.indicators[INDICATOR]
    df = _rows(store, INDICATOR)
    if len(df) < 2:
        return None
    latest, previous = df.iloc[-1].to_dict(), df.iloc[-2].to_dict()
    sentences: list[str] = []
    used = [latest, previous]
    ratio, lo, hi, method, note = period_change(store, ind, latest, previous, "latest")
    sentences += change_sentences(str(latest["period"]), str(previous["period"]), ratio, lo, hi, method, note)
    pre = df[df["period"] == PRE_PANDEMIC]
    if not pre.empty and latest["period"] != PRE_PANDEMIC:
        pre_row = pre.iloc[0].to_dict()
        used.append(pre_row)
        sentences.append(assert_safe(f"{period_words(PRE_PANDEMIC)} was the last full period before the COVID-19 pandemic."))
        ratio, lo, hi, method, note = period_change(store, ind, latest, pre_row, "latest")
        sentences += change_sentences(str(latest["period"]), PRE_PANDEMIC, ratio, lo, hi, method, note)
        sentences.append(assert_safe(f"The rate was {fmt(float(pre_row['value']), ind.decimals)} in {period_words(PRE_PANDEMIC)}, "
                                     f"and {fmt(float(latest['value']), ind.decimals)} in {period_words(str(latest['period']))}."))
    return Block("change", "What changed", f"{latest['period']} vs {previous['period']}", tuple(sentences),
                 _explore(_q(store, f"from={PRE_PANDEMIC}")), "See the change in Explore",
                 tuple(dict.fromkeys(source_line(r) for r in used)), _flags(used))


def gap_block(store: Store, breakdown: str, title: str) -> Block | None:
    rid = f"{INDICATOR}_ratio"
    df = _rows(store, rid, breakdown)
    if df.empty:
        return None
    latest = [g.iloc[-1].to_dict() for _, g in df.groupby("group", sort=True)]
    latest.sort(key=lambda r: -float(r["value"]))
    sentences: list[str] = []
    for r in latest[:3]:
        a, b = split_comparison(str(r["group"]))
        sentences += inequality_sentences(a, b, str(r["period"]), float(r["value"]), _val(r["ci_lower"]),
                                          _val(r["ci_upper"]), _val(r.get("note")))
    top = latest[0]
    big = f"{fmt(float(top['value']), 1)} times"
    sentences.insert(0, assert_safe(f"The biggest published gap: {top['group']}, {top['period']}."))
    return Block(f"gap-{breakdown}", title, big, tuple(sentences),
                 _explore(_q(store, f"by={breakdown}&measure=ratio")), "See the gap in Explore",
                 tuple(dict.fromkeys(source_line(r) for r in latest[:3])), _flags(latest[:3]))


def causes_block(store: Store) -> Block | None:
    ind_id = "maternal_deaths_cause_share"
    df = _rows(store, ind_id, "cause")
    if df.empty:
        return None
    last_period = max(df["period"], key=lambda p: (int(p[:4]), p))
    rows = df[df["period"] == last_period].sort_values("value", ascending=False).to_dict("records")[:3]
    listed = "; ".join(f"{r['group']}, {fmt(float(r['value']), 0)}%" for r in rows)
    sentences = (assert_safe(f"These were the leading causes in {period_words(last_period)}."),
                 assert_safe(f"Out of every 100 women who died during pregnancy or within six weeks: {listed}."))
    groups = "|".join(str(r["group"]) for r in rows)
    return Block("causes", "Leading causes", str(rows[0]["group"]), sentences,
                 _explore(_q(store, f"ind={ind_id}&by=cause&groups={groups}&from={last_period}&to={last_period}")),
                 "See all causes in Explore", tuple(dict.fromkeys(source_line(r) for r in rows)), _flags(rows))


def late_block(store: Store) -> Block | None:
    share = _rows(store, "late_deaths_mental_health_share")
    count = _rows(store, "late_maternal_deaths")
    if share.empty:
        return None
    s = share.iloc[-1].to_dict()
    sentences = [assert_safe(f"In {period_words(str(s['period']))}, {fmt(float(s['value']), 0)} in every 100 women who died "
                             "between six weeks and a year after pregnancy died from causes linked to mental health.")]
    used = [s]
    if not count.empty:
        c = count.iloc[-1].to_dict()
        used.append(c)
        sentences.append(assert_safe(f"In {period_words(str(c['period']))}, {int(c['value']):,} women died between six weeks "
                                     "and a year after pregnancy."))
    sentences.append(assert_safe("Better care and support can prevent many of these deaths. The reports say what would help."))
    return Block("late", "Late deaths and mental health", f"{fmt(float(s['value']), 0)}%", tuple(sentences),
                 _explore(_q(store, "ind=late_deaths_mental_health_share")), "See late deaths in Explore",
                 tuple(dict.fromkeys(source_line(r) for r in used)), _flags(used), sensitive=True)


def social_block(store: Store) -> Block | None:
    df = _rows(store, "known_to_social_services_share")
    if df.empty:
        return None
    rows = df.to_dict("records")
    listed = "; ".join(f"{period_words(str(r['period']))}: {fmt(float(r['value']), 0)}%" for r in rows)
    sentences = (assert_safe(f"Share of the women who died who were known to social services. {listed}."),
                 assert_safe("The source gives no test of these changes."),
                 assert_safe("Being known to social services is an association, not a cause. It shows where support "
                             "could reach women sooner: support, not blame."))
    last = rows[-1]
    return Block("social", "Known to social services", f"{fmt(float(last['value']), 0)}% in {last['period']}", sentences,
                 _explore(_q(store, "ind=known_to_social_services_share")), "See this over time in Explore",
                 tuple(dict.fromkeys(source_line(r) for r in rows)), _flags(rows), sensitive=True)


def perinatal_block(store: Store) -> Block | None:
    sb = _rows(store, "stillbirth_rate")
    nn = _rows(store, "neonatal_mortality_rate")
    if sb.empty:
        return None
    s = sb.iloc[-1].to_dict()
    inds = store.catalogue.indicators
    sentences = [assert_safe(inds["stillbirth_rate"].plain_template.format(value=fmt(float(s["value"]), 1),
                                                                          period_words=period_words(str(s["period"])), group=""))]
    used = [s]
    if not nn.empty:
        n = nn.iloc[-1].to_dict()
        used.append(n)
        sentences.append(assert_safe(inds["neonatal_mortality_rate"].plain_template.format(
            value=fmt(float(n["value"]), 1), period_words=period_words(str(n["period"])), group="")))
    return Block("perinatal", "Babies", f"{fmt(float(s['value']), 2)} per 1,000", tuple(sentences),
                 _explore(_q(store, "ind=stillbirth_rate")), "See stillbirths in Explore",
                 tuple(dict.fromkeys(source_line(r) for r in used)), _flags(used))


def story_blocks(store: Store) -> list[Block]:
    builders = (lambda: change_block(store),
                lambda: gap_block(store, "ethnicity", "The gap by ethnic group"),
                lambda: gap_block(store, "deprivation", "The gap by deprivation"),
                lambda: causes_block(store), lambda: late_block(store), lambda: social_block(store),
                lambda: perinatal_block(store))
    return [b for b in (f() for f in builders) if b is not None]


def render_block(b: Block) -> html.Section:
    body: list = [html.H2(b.title, id=f"{b.block_id}-title"), html.P(b.big, className="big")]
    body += [html.P(s) for s in b.sentences]
    if b.flags:
        body.append(html.P([html.Strong(f, className="flag-secondary") for f in b.flags]))
    body.append(html.Ul([html.Li(x) for x in b.sources], className="source source-list"))
    body.append(dcc.Link(b.link_text, href=b.link, className="more", id=f"{b.block_id}-link"))
    return html.Section(body, className="story-block", id=f"story-{b.block_id}", **{"aria-labelledby": f"{b.block_id}-title"})


def layout(**_query: str) -> html.Div:
    store = context.store()
    view = build_view(store, ViewState(indicator=INDICATOR))
    latest = view.table_df[view.table_df["value"].notna()].iloc[-1].to_dict()
    head = figure_block(
        "headline",
        title=view.title,
        subtitle=view.subtitle,
        summary=[html.P(view.summary[0], className="lead")] + [html.P(s) for s in view.summary[1:]],
        fig=view.figure,
        table=figures_table(view.table_df, view.shown, view.table_caption, table_id="headline-table"),
        source=[source_line(latest), " ", html.A("Open the publication", href=latest["source_url"], rel="noopener"),
                " ", dcc.Link("Explore this chart", href=_explore(""), id="headline-link")],
    )
    blocks = story_blocks(store)
    sensitive = any(b.sensitive for b in blocks)
    return html.Div([
        html.H1("Maternal deaths in the UK"),
        html.P("Published figures from the UK's confidential enquiries into maternal deaths, with their sources "
               "and how sure we can be of them.", className="intro"),
        head,
        html.Div([render_block(b) for b in blocks], className="story"),
        support_box() if sensitive else None,
    ])
