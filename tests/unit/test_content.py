"""The reading pages' content (dashboard.content): fixed sentences and figures written from the data files.

Each expected value below was read by hand from datasets/ (file and line named); none is computed by the code
under test. When a data file changes, the sentence here must be re-read from it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dashboard.content import about as about_content
from dashboard.content.briefing import MAX_VIEW_ROWS, EditionTooEarly, briefing, parse_edition, view_briefing
from dashboard.content.common import PRE_PANDEMIC, change, change_block, gap_block
from dashboard.content.home import home
from dashboard.content.topic import topic
from dashboard.data.errors import DatasetError
from dashboard.data.load import load_store, update_hashes
from dashboard.data.query import Selection
from dashboard.data.recommendations import load_recommendations, parse
from dashboard.explore.state import parse as parse_state
from dashboard.model import editorial, select, words
from dashboard.text.glossary import GLOSSARY

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
RISE_FALL = ("rise", "rose", "fall", "fell", "increase", "decrease", "went up", "went down")


@pytest.fixture(scope="module")
def recs():
    return load_recommendations(DATASETS)


@pytest.fixture(scope="module")
def home_page(store):
    return home(store)


@pytest.fixture(scope="module")
def topic_page(store, recs):
    return topic(store, recs)


@pytest.fixture(scope="module")
def brief(store, recs):
    return briefing(store, recs)


def _block(page, block_id):
    return next(b for b in page.blocks if b.id == block_id)


# ---------------------------------------------------------------- home


def test_headline_is_the_newest_rate_with_interval_count_period_tier_and_source(home_page):
    # curated/maternal.csv line 108: 2022-24, 12.80, 252 deaths among 1,969,321 maternities, primary, no CI printed
    # (the exact Poisson interval of 252 / 1,969,321, by chi-squared quantiles: 11.265 to 14.478 per 100,000)
    f = home_page.headline.items[0].figure
    assert (f.period, f.value_text) == ("2022-24", "12.80 per 100,000 maternities")
    assert f.ci_text == "95% CI 11.27 to 14.48, calculated by this dashboard from the published counts"
    assert f.count_text == "252 deaths among 1,969,321 maternities"
    assert f.source.tier_label == "Primary source"
    assert f.source.publication == "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
    assert f.row_id == "curated/maternal.csv:108"


def test_home_says_whether_2022_24_differs_from_2021_23_and_from_2017_19(home_page):
    # maternal.csv line 107 (2021-23: 12.82, primary, January 2026 brief, no counts) and line 94 (2017-19: 8.79,
    # primary, no counts). comparisons.csv line 6 states the first comparison in the source's words ("no
    # statistically significant difference", not significant). No source tests 2022-24 against 2017-19, but the
    # 2021 report's own 8.79 row (maternal.csv line 109, BJGP, secondary) prints its counts, 191 deaths among
    # 2,173,810 maternities, beside the same value; with 252 among 1,969,321 for 2022-24 (line 108) the exact test
    # gives a rate ratio of 1.46, 95% CI 1.20 to 1.77, p < 0.001 (checked with a score interval of 1.21 to
    # 1.76 and its exact conditional test, p = 0.00009), and the page says the counts came from a secondary page.
    said = home_page.headline.sentences
    assert said[said.index("2017 to 2019 was the last full period before the COVID-19 pandemic.") - 2:] == (
        ("The figure was 12.82 per 100,000 maternities in 2021 to 2023 and 12.80 per 100,000 maternities in "
         "2022 to 2024."),
        ('MBRRACE-UK reports that the change between 2021-23 and 2022-24 is not statistically significant, so it '
         'may be down to chance. In its own words: "no statistically significant difference".'),
        "2017 to 2019 was the last full period before the COVID-19 pandemic.",
        ("The figure was 8.79 per 100,000 maternities in 2017 to 2019 and 12.80 per 100,000 maternities in "
         "2022 to 2024."),
        ("The source gives no test, but an exact test of the counts finds the rise between 2017-19 and 2022-24 "
         "statistically significant "
         "(rate ratio 1.46, 95% CI 1.20 to 1.77, p < 0.001; calculated by this dashboard from the published counts). "
         "The counts for 2017-19 were reported by British Journal of General Practice (article by report authors), "
         "not checked against the original."),
    )
    assert home_page.headline.items[0].significance == (
        "Change from 2021-23: not statistically significant (the source's test). "
        "Change from 2017-19: statistically significant (exact test calculated by this dashboard)")
    # the answer first: the number with its interval and period, then "is it real?" with the source's tests with
    # COVID-19 deaths left out (comparisons.csv lines 8 and 27: 2022-24 vs 2019-21 and 2020-22 vs 2017-19, both
    # significant, primary; line 35 restates the second as an official summary, so the primary one is quoted)
    assert home_page.headline.lead == (
        ("Women who died during pregnancy or within six weeks: 12.80 per 100,000 maternities in 2022 to 2024 (95% CI "
        "11.27 to 14.48, calculated by this dashboard from the published counts; 252 deaths among 1,969,321 "
        "maternities)."),)
    assert home_page.headline.real == (
        "Change from 2021-23: not statistically significant (the source's test). Change from 2017-19: statistically "
        "significant (exact test calculated by this dashboard). With deaths from COVID-19 left out, MBRRACE-UK "
        "reports that the rise from 2019-21 to 2022-24 was statistically significant (\"remained statistically "
        "significantly increased\") and the rise from 2017-19 to 2020-22 was statistically significant (\"remained "
        "statistically significant\").")


def test_home_trend_chart_draws_the_ambition_and_says_where_it_comes_from(home_page):
    # ambitions.yaml: halve maternal deaths by 2025 (England, set in 2015, first with 2030), baseline 2009-11 10.63
    # (ons-sdg/indicator_3-1-1.csv line 8), no printed target, so half of 10.63 = 5.315, written "about 5.3" and
    # labelled calculated; comparisons.csv line 2: the January 2026 brief's own "20% higher" for 2022-24 vs 2009-11.
    p = home_page.ambition
    assert p.sentences == (
        ("2022-24 was 12.80 per 100,000 maternities, 20% above 2009-11 (10.63); the ambition was to halve it to "
         "about 5.3 by 2025."),
        ("The 20% is MBRRACE-UK's own figure (MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)); "
         "the target of about 5.3 was calculated by this dashboard as half of the 2009-11 figure."),
        ("Set by: Department of Health and Social Care, for England, in 2015 (first with 2030 as the target year). "
         "The figures here are for the UK."))
    assert [(round(r.value, 3), r.label) for r in home_page.chart.refs] == [
        (5.315, "Ambition for 2025: about 5.3 (calculated)")]
    assert p.statement.publication == "GOV.UK news story: New maternity strategy to reduce the number of stillbirths"
    assert set(p.sentences) <= set(home_page.sentences)
    assert not set(p.sentences) & set(home_page.trend_words)  # said once, beside the ambition's source
    assert not set(home_page.headline.sentences) & set(home_page.trend_words)  # the verdict: in its block


def test_no_change_is_called_a_rise_or_fall_without_a_significant_test(home_page, brief):
    # a line may hold several sentences (the "is it real?" line): each is checked on its own
    lines = home_page.headline.sentences + brief.sections[0].sentences
    for sentence in (s for line in lines for s in re.split(r"(?<=[.)]) (?=[A-Z])", line)):
        s = sentence.lower()
        if any(w in s for w in RISE_FALL):
            assert "statistically significant" in s and "not statistically significant" not in s, sentence


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "datasets"
    shutil.copytree(DATASETS, dest)
    return dest


def test_published_counts_change_a_silent_verdict_into_an_exact_test(tmp_path):
    """The policy through the page: the source's words first (comparisons.csv line 6, already in the data), then,
    where the source is silent, an exact test of published counts (here the 191 deaths among 2,173,810 maternities of maternal.csv line 109, added to the primary 2017-19 row)."""
    d = _copy(tmp_path)
    mat = d / "curated" / "maternal.csv"
    text = mat.read_text(encoding="utf-8")
    old = "maternal_mortality_rate,2017-19,overall,All,UK,8.79,,,,,"
    assert old in text
    mat.write_text(text.replace(old, "maternal_mortality_rate,2017-19,overall,All,UK,8.79,,,191,2173810,"),
                   encoding="utf-8")
    update_hashes(d)
    s = load_store(d)
    said = change_block(s, change(s)).sentences
    assert said[1] == ('MBRRACE-UK reports that the change between 2021-23 and 2022-24 is not statistically '
                       'significant, so it may be down to chance. In its own words: "no statistically significant '
                       'difference".')
    assert said[4].startswith("The source gives no test, but an exact test of the counts finds the rise between "
                              "2017-19 and 2022-24 statistically significant (rate ratio 1.46, 95% CI 1.20 to 1.77")
    assert said[4].endswith("calculated by this dashboard from the published counts).")


def test_gaps_prefer_primary_figures_and_keep_newer_secondary_ones_flagged(store):
    eth = gap_block(store, "ethnicity")
    # maternal.csv lines 125, 130: 2018-20 Asian vs White 1.8 and Black vs White 3.7 are primary; lines 126, 131:
    # 2021-23 (1.3, 2.3) are secondary
    # (largest first within each period)
    shown = [(i.figure.group, i.figure.period, i.figure.number, i.figure.source.tier) for i in eth.items]
    assert shown == [("Black vs White", "2018-20", "3.7", "primary"), ("Asian vs White", "2018-20", "1.8", "primary"),
                     ("Black vs White", "2021-23", "2.3", "secondary"), ("Asian vs White", "2021-23", "1.3", "secondary")]
    # the producer's own words for the newest period lead (comparisons.csv line 10: 2022-24, "nearly three-fold
    # difference", January 2026 brief, primary) over the older number, which follows with its period and tier
    assert eth.lead == (
        ("Comparing women in the Black group with women in the White group, MBRRACE-UK's own words for 2022 to 2024 "
        "are \"nearly three-fold difference\" (primary source: MBRRACE-UK maternal mortality data brief, January 2026 "
        "(2022-24)); as a number, 3.7 times for 2018-20 (primary source: Saving Lives, Improving Mothers' Care 2022 "
        "(2018-20))."),)
    assert "In 2018 to 2020, the rate for women in the Black group was 3.7 times the rate for women in the White " \
           "group." in eth.sentences
    assert "Newer figures, for 2021 to 2023, were reported only by secondary sources. They are shown with their " \
           "flags." in eth.sentences
    # deprivation: only a secondary figure exists (maternal.csv line 123), so it leads, with its flag
    dep = gap_block(store, "deprivation")
    f = dep.items[0].figure
    assert (f.group, f.number) == ("Most deprived quintile vs least deprived", "1.9")
    assert f.source.flag == "Reported by RWK Goodman (law firm); not checked against the original"
    # ... but the producer's "twice" (comparisons.csv line 12: 2022-24, primary) leads over the law firm's 1.9,
    # and both are in one sentence, each with its tier
    assert dep.lead == (
        ("Comparing women in the most deprived areas with women in the least deprived areas, MBRRACE-UK's own words "
        "for 2022 to 2024 are \"twice that of women living in the least deprived areas\" (primary source: MBRRACE-UK "
        "maternal mortality data brief, January 2026 (2022-24)); as a number, 1.9 times for 2021-23 (secondary "
        "source, reported by RWK Goodman (law firm); not checked against the original: Saving Lives, Improving "
        "Mothers' Care 2025 (2021-23))."),)


def test_every_home_figure_is_a_store_row(store, home_page):
    rows = set(store.table["row_id"])
    assert home_page.figures and all(f.row_id in rows for f in home_page.figures)


def test_home_social_services_block_says_the_newest_and_compares_the_ends(home_page):
    # social.csv lines 25-28: every period gets a card; the words give the newest (22%, 2020-22) and set it beside
    # the first (12%, 2012-14); no test and no counts, so nothing is called a rise
    b = _block(home_page, "social-services")
    assert [i.figure.period for i in b.items] == ["2012-14", "2017-19", "2018-20", "2020-22"]
    assert b.sentences[1:] == (
        ("Out of every 100 women who died during pregnancy or within six weeks from causes linked to pregnancy, how "
         "many were known to social services: 22% in 2020 to 2022 (no interval given)."),
        "Change from 2012-14: no test published.",
        "The figure was 12% in 2012 to 2014 and 22% in 2020 to 2022.",
        ("The source gives no test of the change between 2012-14 and 2020-22, and the counts needed for one are not "
         "in this dataset, so we cannot say if it is real."),
        # indicators.yaml `uncited`: Kitchen's 14% (28) and 20% (43), read on limitlesscommunitycare.org/index-2894
        ("No figure for the periods 2013-15 to 2016-18 and 2019-21 is in this dataset (none was found on a page it "
         "could cite). Figures for 2013-15 (14%, 28 women) and 2016-18 (20%, 43 women) were restated by Kirsty "
         "Kitchen of Birth Companions in Community Care (October 2024), read only on an uncredited copy of that "
         "article, so they are not shown. These gaps stay empty: nothing is filled in."))


def test_home_blocks_and_sensitivity(home_page):
    ids = [b.id for b in home_page.blocks]
    assert home_page.headline.id == "headline"
    assert ids == ["gap-ethnicity", "gap-deprivation", "causes", "late-deaths", "social-services", "babies"]
    assert {b.id for b in home_page.blocks if b.sensitive} == {"late-deaths", "social-services"}


def test_a_block_without_data_is_left_out(store):
    # before any ratio or words on deprivation were published (first words: May 2023, comparisons.csv line 48),
    # there is no deprivation block
    assert gap_block(store, "deprivation", "2023-01") is None
    assert gap_block(store, "ethnicity", "2023-01") is not None
    # in January 2025 the producer's words lead alone (comparisons.csv line 23: 2021-23, "twice that of ...")
    early = gap_block(store, "deprivation", "2025-01")
    assert early is not None and early.items == () and '"twice that of women living' in early.lead[0]


# ---------------------------------------------------------------- topic


def test_social_services_series_names_its_gaps_and_never_joins_across_them(topic_page):
    b = _block(topic_page, "social-services")
    # social.csv lines 25-28: 12% (2012-14), 17% (2017-19), 20% (2018-20), 22% (2020-22), all secondary, kept on the
    # up-to-six-weeks base; nothing for 2013-15 to 2016-18 or for 2019-21
    assert [(i.figure.period, i.figure.short) for i in b.items] == [
        ("2012-14", "12%"), ("2017-19", "17%"), ("2018-20", "20%"), ("2020-22", "22%")]
    assert b.sentences[:3] == (
        ("Out of every 100 women who died during pregnancy or within six weeks from causes linked to pregnancy, how "
         "many were known to social services: 22% in 2020 to 2022 (no interval given)."),
        "Change from 2012-14: no test published.",
        "The figure was 12% in 2012 to 2014 and 22% in 2020 to 2022.")
    assert ("No figure for the periods 2013-15 to 2016-18 and 2019-21 is in this dataset (none was found on a page "
            "it could cite). Figures for 2013-15 (14%, 28 women) and 2016-18 (20%, 43 women) were restated by Kirsty "
            "Kitchen of Birth Companions in Community Care (October 2024), read only on an uncredited copy of that "
            "article, so they are not shown. The chart leaves these gaps empty and does not join the points across "
            "them.") in b.sentences
    chart = b.charts[0].chart
    periods = [[p.period for p in seg] for seg in chart.series[0].segments]
    assert periods == [["2012-14"], ["2017-19", "2018-20"], ["2020-22"]]
    assert all(f.source.flag for f in b.figures)


def _runs(store, query: str) -> dict[str, list[list[str]]]:
    from dashboard.explore.view import build_view

    chart = build_view(store, parse_state(query, store)[0]).chart
    return {s.name: [[m.period for m in seg] for seg in s.segments] for s in chart.series}


def test_a_rolling_series_is_never_joined_across_missing_periods(store):
    # maternal.csv lines 127-131: Black vs White 2009-11, 2015-17, 2016-18, 2018-20, 2021-23 (rolling periods, so
    # nothing joins 2018-20 to 2021-23 across 2019-21 and 2020-22); lines 124-126: Asian vs White 2016-18, 2018-20,
    # 2021-23; lines 120-122: Knight's age ratios, published only in whole blocks (2009-11, 2012-14, 2015-17), stay
    # joined block to block
    runs = _runs(store, "by=ethnicity&measure=ratio")
    assert runs["Black vs White"] == [["2009-11"], ["2015-17", "2016-18"], ["2018-20"], ["2021-23"]]
    assert runs["Asian vs White"] == [["2016-18"], ["2018-20"], ["2021-23"]]
    assert _runs(store, "by=age&measure=ratio")["Under 20 vs 20 to 24"] == [["2009-11", "2012-14", "2015-17"]]


def test_mental_health_lists_never_mix_timings_or_period_lengths(topic_page):
    lists = _block(topic_page, "mental-health").lists
    assert lists
    for x in lists:
        assert len({(f.indicator.id, f.group, f.years) for f in x.figures}) == 1, x.title
    titles = [x.title for x in lists]
    # social.csv: 111 women by suicide over 2009-14 (six years) and 88 over 2021-23 (three years), listed apart
    assert "Maternal suicide: during pregnancy or up to one year after, over a six-year period" in titles
    assert "Maternal suicide: during pregnancy or up to one year after, over a three-year period" in titles


def test_de_backer_rate_ratios_say_whether_they_are_significant(topic_page):
    b = _block(topic_page, "de-backer")
    # social.csv line 22: Asian vs White 0.26 (0.14 to 0.44), primary
    assert ("De Backer K et al. reports a rate ratio whose 95% confidence interval leaves out 1 (rate ratio 0.26, "
            "95% CI 0.14 to 0.44), so the gap between the Asian group and the White group is statistically "
            "significant.") in b.sentences
    kinds = [c.chart.kind for c in b.charts]
    assert kinds == ["bars", "dots"]
    assert [s.name for s in b.charts[0].chart.series] == ["Women with children's social care involvement",
                                                           "Women without children's social care involvement"]


def test_lever_taylor_in_plain_words(topic_page):
    b = _block(topic_page, "lever-taylor")
    # social.csv lines 2 and 4: 99 with involvement, 278 in all
    assert b.sentences[1] == "Of these mothers, 99 had children's social care involvement."
    assert "looked at 278 mothers who were admitted to acute psychiatric care after giving birth" in b.sentences[0]


def test_topic_framing_teenage_statement_and_recommendations(topic_page, recs):
    assert any("support, not blame" in s for s in topic_page.framing)
    assert topic_page.teenage.startswith("MBRRACE-UK's 2022 report noted")
    assert "No figure for it has been published" in topic_page.teenage
    assert sum(len(t.recommendations) for t in topic_page.themes) == len(recs) == 10
    assert all(b.sensitive for b in topic_page.blocks)


def test_every_topic_figure_is_a_store_row(store, topic_page):
    rows = set(store.table["row_id"])
    assert topic_page.figures and all(f.row_id in rows for f in topic_page.figures)


# ---------------------------------------------------------------- briefing


def test_briefing_sections_carry_every_figure_with_its_answer(store, brief):
    assert [s.id for s in brief.sections] == ["headline", "inequalities", "causes", "mental-health", "babies"]
    rows = set(store.table["row_id"])
    for s in brief.sections:
        for ln in s.lines:
            f = ln.figure
            assert f.row_id in rows
            assert f.ci_text or f.indicator.measure == "count"
            assert ln.item.significance
            assert ln.query is not None
    assert 3 <= len(brief.recommendations) <= 5
    # the newest edition's primary publication (maternal.csv line 108: the NPEU data brief of January 2026)
    assert brief.edition_words == ("Figures as published up to January 2026: the newest is MBRRACE-UK maternal "
                                   "mortality data brief, January 2026 (2022-24).")


def test_briefing_headline_has_the_same_verdicts_as_home(brief, home_page):
    said = brief.sections[0].sentences
    for s in home_page.headline.sentences:
        if s.startswith(("The figure was", "MBRRACE-UK reports", "The source gives")):
            assert s in said


def test_the_printed_briefing_keeps_lists_short_and_says_what_is_online(brief):
    # every line stays on the web page; the print keeps the largest causes of the period its sentence names: the
    # newest period with a primary figure is 2019-21 (maternal.csv line 81: COVID-19, 33 of 241 deaths, NPEU data
    # brief); the newer 2020-22 figures (secondary) are online. Then the first two late-death figures and the two
    # ends of the social services series (social.csv lines 25, 28)
    sections = {s.id: s for s in brief.sections}
    printed = {k: [(ln.figure.label, ln.figure.period) for ln in s.lines if ln.printed] for k, s in sections.items()}
    assert printed["causes"] == [("COVID-19", "2019-21")]
    assert sections["causes"].sentences == ("Shares of deaths by cause in 2019 to 2021, largest first.",)
    social = "Women who died in pregnancy or within six weeks, known to social services"
    assert printed["mental-health"][2:] == [(social, "2012-14"), (social, "2020-22")]
    assert sections["causes"].more_online == "And 3 more in the online briefing."
    assert sections["mental-health"].more_online == "And 3 more in the online briefing."
    assert sections["headline"].more_online == "" and all(ln.printed for ln in sections["headline"].lines)
    assert len(brief.recommendations) == 5 and brief.more_recommendations == "And 2 more in the online briefing."


def test_an_edition_briefing_links_each_figure_to_explore_as_known_then(store, recs):
    # Explore names an indicator's own editions: late maternal deaths were last published in October 2024
    # (maternal.csv line 6, Saving Lives 2024 as reported by Byline Times), so a September 2025 briefing links to that
    # edition, not to the latest figures
    b = briefing(store, recs, "2025-09")
    queries = {q for s in b.sections for q in s.queries}
    assert "ind=late_maternal_deaths&edition=2024-10" in queries
    assert all("edition=" in q for q in queries)


def test_briefing_edition_shows_the_figures_as_known_then(store, recs):
    b = briefing(store, recs, "2023-01")
    # as known in January 2023: the newest primary rate was 2017-19, 8.79 (ons-sdg/indicator_3-1-1.csv line 187,
    # ONS data of January 2022); 2018-20 (10.90) was then known only from a secondary page (maternal.csv line 95)
    lead = b.sections[0].lines[0].figure
    assert (lead.period, lead.number, lead.row_id) == ("2017-19", "8.79", "ons-sdg/indicator_3-1-1.csv:187")
    assert [ln.figure.period for ln in b.sections[0].lines] == ["2017-19", "2018-20", "2016-18"]
    assert b.sections[0].lines[1].figure.source.flag
    # January 2023 stands for the edition of November 2022: Saving Lives 2022, published 10 November 2022
    # (maternal.csv lines 2 to 5)
    assert b.edition_words == ("Figures as published up to November 2022: the newest is Saving Lives, Improving "
                               "Mothers' Care 2022 (2018-20).")  # the edition's month, as on every page
    assert parse_edition("2023-13", store) == (
        "latest", ["'2023-13' is not a month written as YYYY-MM, so the latest figures are shown."])
    # a month stands for the newest edition at or before it (2022-11: maternal.csv's vintages), a later month for
    # the latest; a month before the first edition (2014-12) is refused
    assert parse_edition("2023-01", store) == ("2022-11", [])
    assert parse_edition("2022-11", store) == ("2022-11", [])
    assert parse_edition("9999-12", store) == ("latest", [])
    with pytest.raises(EditionTooEarly, match="first edition is December 2014"):
        parse_edition("1990-01", store)


def test_view_briefing_fits_its_table_to_one_page(store):
    state, _ = parse_state("ind=neonatal_mortality_rate_ons&by=nation", store)
    vb = view_briefing(store, state)
    assert len(vb.rows) <= MAX_VIEW_ROWS < len(vb.view.figures)
    assert vb.cut == (f"To fit one page, the table shows the newest {len(vb.rows)} of the {len(vb.view.figures)} "
                      "figures in this view. Explore and its CSV download have them all.")


# ---------------------------------------------------------------- about


def test_citations_point_to_the_original_never_to_the_page_that_quoted_it(store):
    cites = about_content.citations(store)
    law = [c for c in cites if "rwkgoodman.com" in c.text]
    assert law
    for c in cites:
        original = c.text.split(" (figure as ")[0]
        for quoting in ("rwkgoodman.com", "bylinetimes.com", "boyesturner", "aims.org.uk"):
            assert quoting not in original, c.text


def test_about_lists_tiers_sources_and_licences(store):
    a = about_content.about(store)
    assert [t.term.term for t in a.tiers] == ["Primary source", "Official summary", "Secondary source"]
    assert {p.name for p in a.producers} >= {"MBRRACE-UK", "Office for National Statistics"}
    titles = {x.title.rsplit(" (", 1)[0] for x in a.licences}
    assert titles == {"Open Government Licence v3.0", "Quoted with attribution, (c) NPEU/HQIP (not an open licence)",
                      "The article's own licence; quoted with attribution"}  # datasets/sources.yaml
    by_file = {r.path: " ".join(x.title for x in r.licences) for r in a.resources}
    assert "NPEU/HQIP" not in by_file["ons-sdg/indicator_3-1-1.csv"]
    assert "Open Government" not in by_file["curated/perinatal.csv"]  # MBRRACE-UK figures only
    terms = {t.term for t in GLOSSARY}
    assert {"Primary source", "Official summary", "Calculated interval", "Published comparison"} <= terms


# ---------------------------------------------------------------- words (safe and plain: tests/unit/test_text.py)


def test_social_care_wording_is_never_causal(topic_page, home_page):
    text = " ".join(topic_page.sentences + home_page.sentences)
    assert "association, not a cause" in text
    for causal in ("led to", "caused by social", "because of social care", "results in"):
        assert causal not in text


# ---------------------------------------------------------------- the model additions


def test_pick_leads_with_primary_and_keeps_only_the_newest_secondary_period(store):
    figs = select.figures(store, Selection("maternal_mortality_rate_ratio", "ethnicity"))
    p = editorial.pick(figs)
    assert {f.period for f in p.shown} == {"2018-20"}
    assert {f.period for f in p.newer} == {"2021-23"}


def test_missing_periods_and_their_sentence(store):
    figs = select.latest(store, "known_to_social_services_share")
    missing = select.missing_periods(figs)
    assert missing == ["2013-15", "2014-16", "2015-17", "2016-18", "2019-21"]  # social.csv lines 25-28
    assert words.gaps_sentence(["2013-15", "2014-16", "2019-21"], chart=False) == (
        "No figure for the periods 2013-15 to 2014-16 and 2019-21 is in this dataset (none was found on a page it "
        "could cite). These gaps stay empty: nothing is filled in.")


def test_pre_pandemic_period_is_the_last_before_covid():
    assert PRE_PANDEMIC == "2017-19"


# ---------------------------------------------------------------- recommendations.yaml schema


def _raw():
    import yaml

    return yaml.safe_load((DATASETS / "recommendations.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, where, rule", [
    (lambda e: e.update(theme="nope"), "training_and_supervision.theme", "schema-literal_error"),
    (lambda e: e.update(text="Cut deaths by 50%"), "training_and_supervision.text", "schema-value_error"),
    (lambda e: e.update(text="Stop the epidemic"), "training_and_supervision.text", "schema-value_error"),
    (lambda e: e.pop("url"), "training_and_supervision.url", "schema-missing"),
    (lambda e: e.update(colour="red"), "training_and_supervision.colour", "schema-extra_forbidden"),
    (lambda e: e.update(published="12/2024"), "training_and_supervision.published", "schema-string_pattern_mismatch"),
])
def test_a_broken_recommendation_names_file_entry_and_field(mutate, where, rule):
    raw = _raw()
    mutate(raw["recommendations"][0])
    with pytest.raises(DatasetError) as err:
        parse(raw)
    p = err.value.problems[0]
    assert (p.file, p.column, p.rule) == ("recommendations.yaml", where, rule)


def test_duplicate_ids_and_empty_files_are_clear_errors():
    raw = _raw()
    raw["recommendations"][1]["id"] = raw["recommendations"][0]["id"]
    with pytest.raises(DatasetError, match="used twice"):
        parse(raw)
    with pytest.raises(DatasetError, match="non-empty list"):
        parse({"recommendations": []})


def test_a_missing_recommendations_file_stops_the_app_with_a_clear_error(tmp_path):
    d = _copy(tmp_path)
    (d / "recommendations.yaml").unlink()
    with pytest.raises(DatasetError, match="recommendations.yaml is missing"):
        load_recommendations(d)
