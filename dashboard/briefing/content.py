"""The one-page briefing for commissioners, built from the store (pure: no Dash, no Flask).

Every number is a Fact made from a store row (value, CI, count, period, significance in words, source).
Sentences are generated from those rows and checked with assert_safe; nothing here hard-codes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.briefing.facts import Fact, change_words, fact, number, present, ratio_significance, with_unit
from dashboard.briefing.figures import gap_series, rolling_axis
from dashboard.briefing.recommendations import Recommendation, for_briefing
from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection, period_start, period_words, series
from dashboard.state import ViewState, to_query
from dashboard.text.explain import figure_sentence
from dashboard.text.safety import assert_safe

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sentences: tuple[str, ...]
    facts: tuple[Fact, ...]
    permalink: str
    sensitive: bool = False
    gaps: tuple[str, ...] = ()
    figure: go.Figure | None = field(default=None, compare=False)
    figure_summary: str = ""


@dataclass(frozen=True)
class Briefing:
    title: str
    edition: str            # YYYY-MM of the newest publication used
    edition_words: str      # "January 2026"
    newest_publication: str
    made_on: str            # ISO date the briefing was made
    permalink: str
    sections: tuple[Section, ...]
    recommendations: tuple[Recommendation, ...]

    @property
    def sensitive(self) -> bool:
        return any(s.sensitive for s in self.sections)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for s in self.sections for f in s.facts)


def edition_words(vintage: str) -> str:
    year, _, month = vintage.partition("-")
    return f"{MONTHS[int(month) - 1]} {year}" if month and month != "00" else year


def explore_link(store: Store, public_url: str, indicator: str, breakdown: str = "overall",
                 edition: str = LATEST) -> str:
    q = to_query(ViewState(indicator=indicator, breakdown=breakdown, edition=edition), None)
    return f"{public_url}/explore" + (f"?{q}" if q else "")


def _rows(store: Store, indicator: str, breakdown: str, edition: str) -> pd.DataFrame:
    return series(store, Selection(indicator, breakdown, edition=edition))


def _ind(store: Store, indicator: str):
    return store.catalogue.indicator(indicator)


def _latest_two(df: pd.DataFrame) -> tuple[dict | None, dict | None]:
    if df.empty:
        return None, None
    d = df.assign(_s=df["period"].map(period_start)).sort_values("_s", kind="stable")
    recs = d.drop(columns="_s").to_dict("records")
    return recs[-1], (recs[-2] if len(recs) > 1 else None)


# ---- sections ------------------------------------------------------------------------------------------------

def mortality_section(store: Store, public_url: str, edition: str) -> Section | None:
    ind = _ind(store, "maternal_mortality_rate")
    df = _rows(store, ind.id, "overall", edition)
    latest, prev = _latest_two(df)
    if latest is None:
        return None
    sentences = [figure_sentence(latest, ind)]
    facts = [fact(latest, ind, label=f"Maternal mortality rate, {latest['period']}")]
    if prev is not None:
        tests = _rows(store, "maternal_mortality_period_ratio", "comparison", edition)
        wanted = f"Overall rate: {latest['period']} vs {prev['period']}"
        test = next((r for r in tests.to_dict("records") if r["group"] == wanted), None)
        sentences.append(change_words(latest, prev, ind, test))
        facts.append(fact(prev, ind, label=f"Maternal mortality rate, {prev['period']}",
                          significance="Earlier period." + ("" if test is not None else
                                                            " No test of the change was published.")))
        if test is not None:
            facts.append(fact(test, _ind(store, "maternal_mortality_period_ratio"), label=wanted,
                              significance=ratio_significance(test, "change")))
    change = _rows(store, "maternal_mortality_change_percent", "comparison", edition)
    overall = [r for r in change.to_dict("records") if r["period"] == latest["period"] and r["group"].startswith("Overall rate")]
    for r in overall[:1]:
        cind = _ind(store, "maternal_mortality_change_percent")
        base = r["group"].rsplit(" vs ", 1)[-1]
        sentences.append(assert_safe(f"The source reports the {latest['period']} rate as {number(r['value'], 0)}% "
                                     f"higher than in {base}. It gives no confidence interval for this comparison."))
        facts.append(fact(r, cind, label=r["group"], significance="As worded by the source; no interval given."))
    axis_df = df[df["period"].map(period_start) >= period_start("2009-11")]
    figure = gap_series(axis_df, ind, f"Source: {latest['publication']} and earlier reports", sensitive=False, height=230)
    summary = assert_safe(f"Line chart of the {ind.title.lower()} from {axis_df['period'].iloc[0]} to "
                          f"{axis_df['period'].iloc[-1]}; the latest value is {with_unit(latest['value'], ind)}.")
    return Section("mortality", "Maternal deaths: the latest rate and what changed", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, ind.id, edition=edition), figure=figure, figure_summary=summary)


def _latest_per_group(df: pd.DataFrame) -> list[dict]:
    out = []
    for _, g in df.groupby("group", sort=False):
        last, _prev = _latest_two(g)
        if last is not None:
            out.append(last)
    return sorted(out, key=lambda r: (-period_start(r["period"]), -float(r["value"])))


def inequalities_section(store: Store, public_url: str, edition: str) -> Section | None:
    ind = _ind(store, "maternal_mortality_rate_ratio")
    facts: list[Fact] = []
    sentences: list[str] = []
    for breakdown in ("ethnicity", "deprivation"):
        rows = _latest_per_group(_rows(store, ind.id, breakdown, edition))
        for r in rows:
            facts.append(fact(r, ind, label=f"{r['group']} ({r['geography']})"))
        if rows:
            newest = max(period_start(r["period"]) for r in rows)
            # headline: the largest ratio among recent periods (within three years of the newest)
            top = max((r for r in rows if period_start(r["period"]) >= newest - 3), key=lambda r: float(r["value"]))
            sentences.append(assert_safe(
                f"{ind.breakdown_label(breakdown)}: in {period_words(top['period'])}, the rate for women from "
                f"{top['group'].split(' vs ')[0]} ethnic backgrounds was {number(top['value'], ind.decimals)} times the rate "
                f"for women from {top['group'].split(' vs ')[-1]} ethnic backgrounds."
                if breakdown == "ethnicity" else
                f"{ind.breakdown_label(breakdown)}: in {period_words(top['period'])}, the rate in the "
                f"{top['group'].split(' vs ')[0].lower()} was {number(top['value'], ind.decimals)} times the rate in the "
                f"{top['group'].split(' vs ')[-1].lower()}."))
    if not facts:
        return None
    without_ci = sum(1 for f in facts if f.ci.startswith("no confidence"))
    gaps = ()
    if without_ci:
        gaps = (assert_safe(f"{without_ci} of these {len(facts)} ratios were published without a confidence interval, "
                            "so we cannot say whether they are statistically significant."),)
    return Section("inequalities", "Inequalities by ethnic group and deprivation", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, ind.id, "ethnicity", edition), gaps=gaps)


def _lower_first(text: str) -> str:
    """'Cardiac disease' -> 'cardiac disease', but 'COVID-19' stays."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() or any(c.isdigit() for c in first) else text[0].lower() + text[1:]


def causes_section(store: Store, public_url: str, edition: str, top: int = 4) -> Section | None:
    ind = _ind(store, "maternal_deaths_by_cause")
    df = _rows(store, ind.id, "cause", edition)
    if df.empty:
        return None
    sizes = df.groupby(["period", "geography"]).size().reset_index(name="n")
    sizes = sizes[sizes["n"] >= 3]
    if sizes.empty:
        return None
    sizes = sizes.assign(_s=sizes["period"].map(period_start)).sort_values(["_s", "n"], kind="stable")
    period, geography = sizes.iloc[-1]["period"], sizes.iloc[-1]["geography"]
    rows = df[(df["period"] == period) & (df["geography"] == geography)].sort_values("value", ascending=False)
    recs = rows.head(top).to_dict("records")
    facts = [fact(r, ind, label=r["group"]) for r in recs]
    names = ", ".join(f"{_lower_first(r['group'])} ({number(r['value'], 0)} women)" for r in recs)
    sentences = [assert_safe(f"In {period_words(period)} ({geography}), the published counts with the most deaths were: {names}.")]
    gaps = (assert_safe("Only causes that a source published for this period are listed. Cause groupings and timing "
                        "differ between sources, and causes are published as counts, not rates."),)
    return Section("causes", "Leading causes", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, ind.id, "cause", edition), gaps=gaps)


def late_deaths_section(store: Store, public_url: str, edition: str) -> Section | None:
    late_ind = _ind(store, "late_maternal_deaths")
    share_ind = _ind(store, "late_deaths_mental_health_share")
    late, _ = _latest_two(_rows(store, late_ind.id, "overall", edition))
    share, share_prev = _latest_two(_rows(store, share_ind.id, "overall", edition))
    if late is None and share is None:
        return None
    sentences, facts = [], []
    if late is not None:
        sentences.append(assert_safe(f"{number(late['value'], 0)} women died between six weeks and a year after "
                                     f"pregnancy in {period_words(late['period'])}."))
        facts.append(fact(late, late_ind, label=f"Late maternal deaths, {late['period']}"))
    if share is not None:
        sentences.append(assert_safe(f"In {period_words(share['period'])}, {number(share['value'], 0)} in every 100 "
                                     "of these late deaths were from mental-health-related causes (suicide and other "
                                     "psychiatric causes)."))
        facts.append(fact(share, share_ind, label=f"Late deaths from mental-health-related causes, {share['period']}"))
        if share_prev is not None:
            sentences.append(change_words(share, share_prev, share_ind))
    care_ind = _ind(store, "mental_health_care_could_improve_share")
    care, _ = _latest_two(_rows(store, care_ind.id, "overall", edition))
    if care is not None:
        sentences.append(assert_safe(f"For {number(care['value'], 0)} in every 100 women who died by suicide in "
                                     f"{period_words(care['period'])}, the enquiry found that better care might have made "
                                     "a difference."))
        facts.append(fact(care, care_ind, label=f"Better care might have made a difference (suicide), {care['period']}"))
    return Section("late", "Late deaths and mental health", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, share_ind.id, edition=edition), sensitive=True)


def missing_periods(periods: list[str]) -> list[str]:
    present_ = set(periods)
    return [p for p in rolling_axis(periods) if p not in present_]


def social_services_section(store: Store, public_url: str, edition: str) -> Section | None:
    ind = _ind(store, "known_to_social_services_share")
    df = _rows(store, ind.id, "overall", edition)
    if df.empty:
        return None
    first, last = _latest_two(df.iloc[:1])[0], _latest_two(df)[0]
    sentences = [assert_safe(
        f"Out of every 100 women who died during pregnancy or up to six weeks after, {number(first['value'], 0)} were "
        f"known to social services in {period_words(first['period'])} and {number(last['value'], 0)} in "
        f"{period_words(last['period'])}. No statistical test of this difference was published."),
        "Being known to social services is an association, not a cause of death: these women often faced several "
        "difficulties at once, and the figures point to where support is needed."]
    facts = [fact(r, ind, label=f"Known to social services, {r['period']}") for r in df.to_dict("records")]
    csc_ind = _ind(store, "csc_involvement_share")
    csc = _rows(store, csc_ind.id, "overall", edition)
    wide = [r for r in csc.to_dict("records") if r["quality"] == "primary"] or csc.to_dict("records")
    for r in wide[:1]:
        facts.append(fact(r, csc_ind, label="Children's social care involvement, women who died up to a year after"))
        sentences.append(assert_safe(f"A national study found children's social care involvement for "
                                     f"{number(r['value'], csc_ind.decimals)}% of the women who died during or up to a year "
                                     f"after pregnancy in {period_words(r['period'])}."))
    gap = missing_periods(df["period"].tolist())
    gaps = (assert_safe(f"Not published on this base for {', '.join(gap)}: shown as gaps, not filled in."),) if gap else ()
    flagged = [f for f in facts if f.source.secondary_by]
    if flagged:
        gaps += (assert_safe(f"{len(flagged)} figures here were read on secondary pages; each is flagged with its source."),)
    figure = gap_series(df, ind, "Source: MBRRACE-UK reports as published and quoted (* reported by a secondary source)",
                        sensitive=True, height=230)
    summary = assert_safe(f"Line chart of the share of women who died who were known to social services, "
                          f"{df['period'].iloc[0]} to {df['period'].iloc[-1]}, with gaps where no figure was published.")
    return Section("social", "Women who died who were known to social services", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, ind.id, edition=edition), sensitive=True, gaps=gaps,
                   figure=figure, figure_summary=summary)


def perinatal_section(store: Store, public_url: str, edition: str) -> Section | None:
    sentences, facts = [], []
    for ind_id in ("stillbirth_rate", "neonatal_mortality_rate"):
        ind = _ind(store, ind_id)
        latest, prev = _latest_two(_rows(store, ind_id, "overall", edition))
        if latest is None:
            continue
        sentences.append(assert_safe(f"{ind.title}: {with_unit(latest['value'], ind)} in {latest['period']}."))
        facts.append(fact(latest, ind, label=f"{ind.title}, {latest['period']}"))
        if prev is not None:
            sentences.append(change_words(latest, prev, ind))
            facts.append(fact(prev, ind, label=f"{ind.title}, {prev['period']}", significance="Earlier year. No test of the change was published."))
    if not facts:
        return None
    return Section("perinatal", "Babies: the perinatal headline", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, "stillbirth_rate", edition=edition))


SECTIONS = (mortality_section, inequalities_section, causes_section, late_deaths_section, social_services_section,
            perinatal_section)


def edition_of(store: Store, facts: tuple[Fact, ...], edition: str) -> tuple[str, str]:
    """(newest vintage, its publication) among the rows the briefing shows."""
    ids = {f.row_id for f in facts}
    t = store.table[store.table["row_id"].isin(ids)]
    if edition != LATEST:
        t = t[t["vintage"] <= edition]
    if t.empty:
        return edition, ""
    newest = t.sort_values("vintage", kind="stable").iloc[-1]
    return str(newest["vintage"]), str(newest["publication"])


def build_briefing(store: Store, recs: tuple[Recommendation, ...], public_url: str, edition: str = LATEST,
                   today: date | None = None) -> Briefing:
    sections = tuple(s for s in (build(store, public_url, edition) for build in SECTIONS) if s is not None)
    facts = tuple(f for s in sections for f in s.facts)
    vintage, publication = edition_of(store, facts, edition)
    link = f"{public_url}/briefing" + (f"?{urlencode({'edition': edition})}" if edition != LATEST else "")
    return Briefing(
        title="Maternal deaths in the UK: a one-page briefing",
        edition=vintage, edition_words=edition_words(vintage), newest_publication=publication,
        made_on=(today or date.today()).isoformat(), permalink=link, sections=sections,
        recommendations=for_briefing(recs))


def all_text(b: Briefing) -> list[str]:
    """Every piece of text the briefing shows (for the safety checks)."""
    out = [b.title, b.edition_words, b.newest_publication]
    for s in b.sections:
        out += [s.title, *s.sentences, *s.gaps, s.figure_summary]
        for f in s.facts:
            out += [f.label, f.value, f.ci, f.count, f.significance, f.note, f.source.publication, f.source.locator]
    for r in b.recommendations:
        out += [r.text, r.by, r.publication]
    return [t for t in out if t]


__all__ = ["Briefing", "Section", "build_briefing", "all_text", "present"]
