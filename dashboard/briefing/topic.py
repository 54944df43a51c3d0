"""Content of the topic page 'Perinatal mental health and social care' (pure: store in, Sections out).

Framing: support, not blame. Involvement with social care is an association, never a cause. Every number is
a Fact from a store row; secondary figures carry their flag; periods with no figure are named as gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.briefing.content import Section, _latest_two, _rows, explore_link, missing_periods
from dashboard.briefing.facts import Fact, change_words, fact, number, ratio_significance
from dashboard.briefing.figures import gap_series, paired_bars
from dashboard.data.load import Store
from dashboard.data.query import LATEST, period_start, period_words
from dashboard.text.safety import assert_safe

PATH = "/topics/mental-health-and-social-care"
TITLE = "Perinatal mental health and social care"

FRAMING = (
    "This page brings together published figures on mothers' mental health and on involvement with children's "
    "social care. The researchers behind the national study call their message 'support, not blame'.",
    "Being known to social services is an association, not a cause of death. Mothers with social care involvement "
    "often face several difficulties at once, such as domestic abuse, poverty and past trauma. The figures show "
    "where support is needed.",
)


@dataclass(frozen=True)
class StudySummary:
    """The Lever Taylor et al. (2023) study in plain words; its counts come from store rows."""
    facts: tuple[Fact, ...]
    sentences: tuple[str, ...]
    publication: str
    url: str


def social_services(store: Store, public_url: str, edition: str = LATEST) -> Section | None:
    ind = store.catalogue.indicator("known_to_social_services_share")
    df = _rows(store, ind.id, "overall", edition)
    if df.empty:
        return None
    recs = df.to_dict("records")
    first, last = recs[0], recs[-1]
    sentences = [assert_safe(
        f"Out of every 100 women who died during pregnancy or up to six weeks after, {number(first['value'], 0)} were "
        f"known to social services in {period_words(first['period'])} and {number(last['value'], 0)} in "
        f"{period_words(last['period'])}. No statistical test of this difference was published.")]
    facts = [fact(r, ind, label=f"Known to social services, {r['period']}") for r in recs]
    other = _rows(store, ind.id, "classification", edition)
    other_facts = tuple(fact(r, ind, label=r["group"]) for r in other.to_dict("records"))
    gaps = []
    gap = missing_periods(df["period"].tolist())
    if gap:
        gaps.append(assert_safe(f"No figure on this base was published for {', '.join(gap)}. The chart leaves "
                                "these periods empty rather than joining the points."))
    if other_facts:
        gaps.append(assert_safe(f"{len(other_facts)} further figures were quoted by secondary sources with the base "
                                "worded differently (deaths up to a year after pregnancy). They are listed separately "
                                "below, not joined to this series."))
    fig = gap_series(df, ind, "Source: MBRRACE-UK reports, as published and as quoted (* reported by a secondary source)",
                     sensitive=True)
    summary = assert_safe(f"Line chart: {sentences[0]} Periods with no published figure are left empty.")
    return Section("social", "Women who died who were known to social services", tuple(sentences),
                   tuple(facts) + other_facts, explore_link(store, public_url, ind.id, edition=edition),
                   sensitive=True, gaps=tuple(gaps), figure=fig, figure_summary=summary)


_MENTAL_HEALTH_TABLES = (
    ("maternal_suicide_rate", ("overall", "classification")),
    ("maternal_suicide_rate_year", ("classification",)),
    ("maternal_suicide_count", ("overall", "classification")),
    ("maternal_suicide_count_year", ("overall", "classification")),
    ("psychiatric_deaths_count", ("overall", "classification")),
    ("psychiatric_deaths_rate", ("overall",)),
)


def mental_health(store: Store, public_url: str, edition: str = LATEST) -> Section | None:
    share_ind = store.catalogue.indicator("late_deaths_mental_health_share")
    share = _rows(store, share_ind.id, "overall", edition)
    sentences: list[str] = []
    facts: list[Fact] = []
    if not share.empty:
        last, prev = _latest_two(share)
        sentences.append(assert_safe(
            f"Maternal suicide is a leading cause of death between six weeks and a year after pregnancy. In "
            f"{period_words(last['period'])}, {number(last['value'], 0)} in every 100 of these late deaths were from "
            "suicide or other mental-health-related causes."))
        if prev is not None:
            sentences.append(change_words(last, prev, share_ind))
        facts += [fact(r, share_ind, label=f"Late deaths from mental-health-related causes, {r['period']}")
                  for r in share.to_dict("records")]
    for ind_id, breakdowns in _MENTAL_HEALTH_TABLES:
        ind = store.catalogue.indicator(ind_id)
        for b in breakdowns:
            for r in _rows(store, ind_id, b, edition).to_dict("records"):
                timing = ind.breakdowns.get("overall", "") if r["group"] == "All" else r["group"]
                facts.append(fact(r, ind, label=f"{ind.title}, {timing[0].lower() + timing[1:]}" if timing else ind.title))
    care_ind = store.catalogue.indicator("mental_health_care_could_improve_share")
    care = _rows(store, care_ind.id, "overall", edition)
    if not care.empty:
        c, _ = _latest_two(care)
        sentences.append(assert_safe(
            f"Care can make a difference: for {number(c['value'], 0)} in every 100 women who died by suicide in "
            f"{period_words(c['period'])}, the confidential enquiry found that better care might have changed the outcome."))
        facts += [fact(r, care_ind, label=f"Better care might have made a difference, {r['period']}")
                  for r in care.to_dict("records")]
    if not facts:
        return None
    gaps = (assert_safe("Suicide figures are published only for a few periods and with different timings (up to six "
                        "weeks or up to a year after pregnancy), so they are listed, not joined into one trend."),)
    fig = summary = None
    if not share.empty:
        fig = gap_series(share, share_ind, "Source: MBRRACE-UK reports and data briefs (* reported by a secondary source)",
                         sensitive=True)
        summary = assert_safe(f"Line chart of the share of late maternal deaths from mental-health-related causes, "
                              f"{share['period'].iloc[0]} to {share['period'].iloc[-1]}. {sentences[0]}")
    return Section("mental-health", "Suicide and other mental-health-related causes", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, share_ind.id, edition=edition), sensitive=True, gaps=gaps,
                   figure=fig, figure_summary=summary or "")


BOTH = ("with_csc_involvement", "without_csc_involvement")


def involvement(store: Store, public_url: str, edition: str = LATEST) -> Section | None:
    ind = store.catalogue.indicator("csc_characteristic_share")
    df = pd.concat([_rows(store, ind.id, b, edition) for b in BOTH], ignore_index=True)
    share_ind = store.catalogue.indicator("csc_involvement_share")
    shares = _rows(store, share_ind.id, "overall", edition)
    if df.empty and shares.empty:
        return None
    sentences: list[str] = []
    facts: list[Fact] = []
    primary = shares[shares["quality"] == "primary"]
    for r in (primary if not primary.empty else shares).to_dict("records")[:1]:
        sentences.append(assert_safe(
            f"A national study of women who died during or up to a year after pregnancy in {period_words(r['period'])} "
            f"found children's social care involvement for {number(r['value'], share_ind.decimals)}% of them "
            "(among women whose status was known)."))
    facts += [fact(r, share_ind, label=f"Women who died with children's social care involvement, {r['period']}")
              for r in shares.to_dict("records")]
    with_ = {r["group"]: r for r in df[df["breakdown"] == BOTH[0]].to_dict("records")}
    without = {r["group"]: r for r in df[df["breakdown"] == BOTH[1]].to_dict("records")}
    paired = [g for g in with_ if g in without]
    for g in paired[:2]:
        sentences.append(assert_safe(
            f"{g}: {number(with_[g]['value'], 0)}% of women with involvement, compared with "
            f"{number(without[g]['value'], 0)}% of women without."))
    for b, label in zip(BOTH, ("with involvement", "without involvement")):
        facts += [fact(r, ind, label=f"{r['group']} ({label})") for r in df[df["breakdown"] == b].to_dict("records")]
    rr_ind = store.catalogue.indicator("csc_rate_ratio")
    for r in _rows(store, rr_ind.id, "comparison", edition).to_dict("records"):
        facts.append(fact(r, rr_ind, label=f"Involvement rate ratio: {r['group']}",
                          significance=ratio_significance(r, "difference in involvement")))
    sentences.append("These are associations. They describe the circumstances of women who died; they do not show "
                     "that involvement caused any death.")
    only_with = [g for g in with_ if g not in without]
    gaps = (assert_safe(f"{len(only_with)} figures were published only for women with involvement, so they have no "
                        "comparison; they are in the table, not the chart."),) if only_with else ()
    figure = None
    summary = ""
    if paired:
        chart_df = df[df["group"].isin(paired)]
        figure = paired_bars(chart_df, ind, list(BOTH), {BOTH[0]: "With involvement", BOTH[1]: "Without involvement"},
                             "Source: De Backer K et al., BMJ Medicine 2025 (as reported by NPEU, NIHR ARC South London and PubMed)",
                             sensitive=True)
        summary = assert_safe("Bar chart comparing women who died with and without children's social care "
                              "involvement. " + " ".join(sentences[1:1 + min(2, len(paired))]))
    return Section("involvement", "Women who died, with and without children's social care involvement",
                   tuple(sentences), tuple(facts), explore_link(store, public_url, ind.id, BOTH[0], edition),
                   sensitive=True, gaps=gaps, figure=figure, figure_summary=summary)


def circumstances(store: Store, public_url: str, edition: str = LATEST) -> Section | None:
    facts: list[Fact] = []
    for ind_id, breakdowns in (("women_who_died_characteristics", ("characteristic", "deprivation")),
                               ("social_care_outcomes_share", ("cause",)),
                               ("social_care_outcomes_share_year", ("cause",))):
        ind = store.catalogue.indicator(ind_id)
        for b in breakdowns:
            for r in _rows(store, ind_id, b, edition).to_dict("records"):
                if ind_id == "women_who_died_characteristics":
                    label = r["group"]
                elif ind_id == "social_care_outcomes_share":
                    label = f"Women who died ({r['group'].lower()}): a child taken into care or the threat of removal"
                else:
                    label = (f"Women who died ({r['group'].lower()}, {r['period']}): an infant removed into care or "
                             "ongoing care proceedings")
                facts.append(fact(r, ind, label=label))
    if not facts:
        return None
    multi = [f for f in facts if f.indicator == "women_who_died_characteristics" and "ultiple" in f.label]
    sentences = []
    if multi:
        m = max(multi, key=lambda f: period_start(f.period))
        sentences.append(assert_safe(f"Many women who died faced several difficulties at once: in {period_words(m.period)}, "
                                     f"{m.value} of the women who died had {m.label.lower()}."))
    sentences.append("Figures on children taken into care come from different analyses and years; each row says which.")
    return Section("circumstances", "The wider circumstances of women who died", tuple(sentences), tuple(facts),
                   explore_link(store, public_url, "women_who_died_characteristics", "characteristic", edition),
                   sensitive=True)


def study(store: Store, edition: str = LATEST) -> StudySummary | None:
    ind = store.catalogue.indicator("acute_postpartum_dyads")
    overall = _rows(store, ind.id, "overall", edition)
    groups = _rows(store, ind.id, "characteristic", edition)
    if overall.empty or groups.empty:
        return None
    total = overall.to_dict("records")[0]
    by = {r["group"]: r for r in groups.to_dict("records")}
    with_ = next((r for g, r in by.items() if g.startswith("With ")), None)
    without = next((r for g, r in by.items() if g.startswith("Without ")), None)
    facts = [fact(total, ind, label="Mothers (with their babies) in the study")]
    facts += [fact(r, ind, label=r["group"]) for r in (with_, without) if r is not None]
    first = (f"The study followed {number(total['value'], 0)} mothers who needed acute psychiatric care after giving "
             f"birth in {total['geography']}, with their babies.")
    if with_ is not None and without is not None:
        first += (f" {number(with_['value'], 0)} had children's social care involvement and "
                  f"{number(without['value'], 0)} did not.")
    sentences = (
        assert_safe(first),
        "Mothers with social care involvement were often facing hardship and unfairness in many parts of their lives.",
        "They were less satisfied with their mental health care, and had more needs that were not met after they left "
        "acute services.",
        "Involvement during the admission was associated with living in deprivation, trauma in childhood, domestic "
        "abuse, some diagnoses (personality disorder or schizophrenia) and earlier psychiatric admissions.",
        "The authors argue for more support for mothers with histories of trauma, adversity and deprivation. These "
        "are associations found in one study, not causes.",
    )
    return StudySummary(tuple(facts), tuple(assert_safe(s) for s in sentences), str(total["publication"]),
                        str(total["source_url"]))


def sections(store: Store, public_url: str, edition: str = LATEST) -> tuple[Section, ...]:
    built = (social_services(store, public_url, edition), mental_health(store, public_url, edition),
             involvement(store, public_url, edition), circumstances(store, public_url, edition))
    return tuple(s for s in built if s is not None)


def all_text(secs: tuple[Section, ...], st: StudySummary | None) -> list[str]:
    out = list(FRAMING) + [TITLE]
    for s in secs:
        out += [s.title, *s.sentences, *s.gaps, s.figure_summary]
        for f in s.facts:
            out += [f.label, f.value, f.ci, f.count, f.significance, f.note, f.source.publication, f.source.locator]
    if st:
        out += list(st.sentences) + [f.label for f in st.facts]
    return [t for t in out if t]
