"""The smaller sentences of the figure model (dashboard.model.words and Source.citation), each written out in full
by hand: a chart's text alternative, gaps, period lengths, source lines and citations; and the error a broken
datasets folder raises. Revision trails are checked against the publications (13.41 in the January 2024 data
brief; 13.56 in Saving Lives, Improving Mothers' Care 2024)."""

from __future__ import annotations

from dataclasses import replace

from dashboard.data.errors import DatasetError, Problem
from dashboard.data.query import history
from dashboard.model.compare import GROUPS, NOT_SIGNIFICANT, NOT_STATED, PERIODS, SIGNIFICANT, Statement, decide
from dashboard.model.figure import CALCULATED, PUBLISHED, Interval, Source
from dashboard.model.words import (
    chart_alt,
    figure_sentence,
    gaps_sentence,
    group_sentences,
    group_words,
    more_online_sentence,
    more_sources_line,
    period_length,
    ratio_sentence,
    tier_source_line,
    verdict_sentence,
    verdict_short,
)
from tests.unit.test_model import OFFICIAL_SRC, PRIMARY_SRC, RATE, SECONDARY_SRC, fig, stmt

COUNT = RATE.model_copy(update={"id": "late_maternal_deaths", "title": "Late maternal deaths", "measure": "count", "unit": "women", "decimals": 0,
                                "multiplier": None})


def grouped(value, period, group, ci=None):
    f = fig(value, period, ci=ci)
    return type(f)(**{**f.__dict__, "group": group, "breakdown": "ethnicity"})


# ---- a chart's text alternative ------------------------------------------------------------------------------------

def test_alt_text_names_the_span_and_the_latest_figure_with_its_interval():
    figs = [fig(8.79, "2017-19"), fig(12.80, "2022-24", ci=Interval(11.27, 14.48, PUBLISHED)), fig(13.41, "2020-22")]
    assert chart_alt("Line chart", "Maternal mortality rate", figs) == (
        "Line chart of maternal mortality rate, 2017-19 to 2022-24. Latest figure: 2022-24: 12.80 per 100,000 "
        "maternities (95% CI 11.27 to 14.48).")


def test_alt_text_lists_the_groups_and_names_the_group_of_the_latest_figure():
    figs = [grouped(33.99, "2018-20", "Black"), grouped(7.17, "2018-20", "White (inc. not known)"),
            grouped(None, "2019-21", "Asian")]
    assert chart_alt("Bar chart", "Maternal mortality rate", figs) == (
        "Bar chart of maternal mortality rate, 2018-20, for Black, White (inc. not known). Latest figure: White (inc. "
        "not known), 2018-20: 7.17 per 100,000 maternities.")


def test_alt_text_of_a_chart_with_nothing_to_draw_says_so():
    assert chart_alt("Line chart", "Maternal mortality rate", [fig(None, "2022-24")]) == (
        "An empty chart: no figures in this dataset for maternal mortality rate.")


# ---- gaps and period lengths ---------------------------------------------------------------------------------------

def test_one_gap_is_named_alone():
    assert gaps_sentence(["2019"]) == ("No figure for 2019 is in this dataset (none was found on a page it could "
                                       "cite). The chart leaves this gap empty and does not join the points across "
                                       "them.")
    assert gaps_sentence(["2019"], chart=False) == ("No figure for 2019 is in this dataset (none was found on a page "
                                                    "it could cite). This gap stays empty: nothing is filled in.")


def test_consecutive_gaps_are_written_as_runs():
    assert gaps_sentence(["2011", "2012", "2013", "2016", "2019", "2020"]) == (
        "No figure for the periods 2011 to 2013, 2016 and 2019 to 2020 is in this dataset (none was found on a page "
        "it could cite). The chart leaves these gaps empty and does not join the points across them.")
    assert gaps_sentence(["2014-16", "2015-17"], chart=False) == (
        "No figure for the periods 2014-16 to 2015-17 is in this dataset (none was found on a page it could cite). "
        "These gaps stay empty: nothing is filled in.")


def test_period_lengths_in_words():
    assert period_length(fig(3.22, "2023")) == "a single year"
    assert period_length(fig(12.80, "2022-24")) == "a three-year period"
    assert period_length(fig(1.0, "2013-17")) == "a five-year period"
    assert period_length(fig(1.0, "2014-22")) == "a nine-year period"
    assert period_length(fig(1.0, "2003-20")) == "an 18-year period"


def test_what_a_printed_list_or_an_image_leaves_out():
    assert more_online_sentence(1) == "And 1 more in the online briefing."
    assert more_online_sentence(3) == "And 3 more in the online briefing."
    assert more_sources_line(1) == "And 1 other publication for earlier periods: each figure's source is in the CSV."
    assert more_sources_line(4) == "And 4 other publications for earlier periods: each figure's source is in the CSV."


# ---- source lines and citations ------------------------------------------------------------------------------------

def test_source_lines_under_an_exported_chart_carry_the_tier():
    assert tier_source_line(PRIMARY_SRC) == (
        "Primary source: MBRRACE-UK maternal mortality data brief, January 2026 (2022-24).")
    assert tier_source_line(OFFICIAL_SRC) == (
        "Official summary: Saving Lives, Improving Mothers' Care 2024 (2020-22), MBRRACE-UK (official summary: "
        "restated by HQIP).")
    assert tier_source_line(SECONDARY_SRC) == (
        "Secondary source: Saving Lives, Improving Mothers' Care 2024 (2020-22), MBRRACE-UK (reported by AIMS "
        "(charity); not checked against the original).")


ARTICLE = Source("lever-taylor", "Lever Taylor et al.", "Psychiatric admissions of mothers and infants",
                 "2023-05-01", "https://www.example.org/copy", "Results", "secondary", "A news site",
                 reference="Lever Taylor B, et al. Psychiatric admissions. BJPsych Open. 2023.",
                 doi="10.1192/bjo.2023.1", producer_url="https://www.bjpsych.org")


def test_an_article_is_cited_by_its_reference_and_doi_and_names_where_the_figure_was_read():
    assert ARTICLE.citation() == (
        "Lever Taylor B, et al. Psychiatric admissions. BJPsych Open. 2023. https://doi.org/10.1192/bjo.2023.1 "
        "(figure as reported by A news site; not checked against the original: https://www.example.org/copy)")


def test_without_a_doi_an_article_is_cited_at_its_producer_and_a_primary_page_at_itself():
    no_doi = Source(**{**ARTICLE.__dict__, "doi": "", "tier": "primary", "url": "https://www.bjpsych.org/a/1"})
    assert no_doi.citation() == ("Lever Taylor B, et al. Psychiatric admissions. BJPsych Open. 2023. "
                               "https://www.bjpsych.org/a/1")
    assert PRIMARY_SRC.citation() == (
        "MBRRACE-UK. MBRRACE-UK maternal mortality data brief, January 2026 (2022-24). 15 January 2026. "
        "https://www.npeu.ox.ac.uk/mbrrace-uk/data-brief/maternal-mortality-2022-2024")
    official = Source(**{**OFFICIAL_SRC.__dict__, "producer_url": "https://www.npeu.ox.ac.uk/mbrrace-uk"})
    assert official.citation() == (
        "MBRRACE-UK. Saving Lives, Improving Mothers' Care 2024 (2020-22). October 2024. "
        "https://www.npeu.ox.ac.uk/mbrrace-uk (figure as official summary: restated by HQIP: "
        "https://www.hqip.org.uk/resource/x)")


# ---- a broken datasets folder --------------------------------------------------------------------------------------

def test_the_dataset_error_lists_each_problem_where_it_is_and_counts_the_rest():
    problems = [Problem("curated/maternal.csv", n, "value", "range", "value must be >= 0") for n in range(2, 54)]
    text = str(DatasetError(problems))
    assert text.startswith("The datasets failed validation (52 problem(s)):\n"
                           "  - curated/maternal.csv, line 2, column 'value': value must be >= 0 [range]\n")
    assert text.count("\n  - ") == 50 and text.endswith("line 51, column 'value': value must be >= 0 [range]\n"
                                                         "  ... and 2 more")
    one = DatasetError([Problem("indicators.yaml", None, None, "schema", "missing field 'unit'")])
    assert str(one) == ("The datasets failed validation (1 problem(s)):\n"
                        "  - indicators.yaml: missing field 'unit' [schema]")
    assert one.problems[0].rule == "schema"


# ---- the revision trail --------------------------------------------------------------------------------------------

def test_the_revision_trail_of_2020_22_is_oldest_first(store):
    h = history(store, "maternal_mortality_rate", "2020-22")
    assert list(zip(h["vintage"], h["value"], strict=True)) == [
        ("2024-01", 13.41), ("2024-10", 13.56), ("2025-01", 13.41), ("2025-09", 13.56)]
    assert list(h.index) == [0, 1, 2, 3]


def test_the_revision_trail_of_a_group_needs_its_breakdown(store):
    h = history(store, "maternal_mortality_rate", "2018-20", "ethnicity", "Black")
    assert list(h["value"]) == [33.99]
    assert history(store, "maternal_mortality_rate", "2018-20", "ethnicity", "All").empty


# ---- the latest figure of each group, and the short answers ----------------------------------------------------

def test_each_group_line_carries_its_interval_kind_and_count_and_the_bare_ones_are_named_once():
    black = replace(grouped(33.99, "2018-20", "Black", ci=Interval(25.0, 45.1, CALCULATED)), numerator=59,
                    denominator=173574)
    white = grouped(7.17, "2018-20", "White (inc. not known)", ci=Interval(6.2, 8.3, PUBLISHED))
    asian = grouped(12.5, "2018-20", "Asian")
    assert group_sentences([black, white, asian, grouped(None, "2018-20", "Mixed")]) == [
        "The chart shows 3 groups. Here is the latest figure for each.",
        ("Black: 33.99 per 100,000 maternities in 2018-20 (95% CI 25.00 to 45.10, calculated; 59 deaths among "
        "173,574 maternities)."),
        "White (inc. not known): 7.17 per 100,000 maternities in 2018-20 (95% CI 6.20 to 8.30).",
        "Asian: 12.50 per 100,000 maternities in 2018-20.",
        "Intervals marked calculated were calculated by this dashboard from the published counts.",
        "Their sources give no confidence interval for 1 of these figures.",
    ]
    assert group_sentences([asian]) == ["The chart shows 1 group. Here is its latest figure.",
                                        "Asian: 12.50 per 100,000 maternities in 2018-20.",
                                        "Its source gives no confidence interval."]
    assert group_sentences([asian, replace(asian, group="Mixed")])[-1] == (
        "Their sources give no confidence interval for these figures.")


def test_a_count_needs_no_interval_note():
    count = replace(fig(289, "2018-20", decimals=0), indicator=COUNT)
    assert group_sentences([count]) == ["The chart shows 1 group. Here is its latest figure.",
                                        "Late maternal deaths: 289 women in 2018-20."]


def test_short_answers_say_which_test_and_for_which_pair():
    said = stmt(NOT_SIGNIFICANT, "lower", "a statistically non-significant decrease")
    v = decide(PERIODS, "2022-24", "2021-23", None, None, (said,))
    assert verdict_short(v) == "Change from 2021-23: not statistically significant (the source's test)"
    assert verdict_short(v, earlier=True) == "Change to 2022-24: not statistically significant (the source's test)"
    calc = decide(PERIODS, "2018-20", "2017-19", fig(10.90, "2018-20", num=229, den=2101829),
                  fig(8.79, "2017-19", num=191, den=2173810), ())
    assert verdict_short(calc) == ("Change from 2017-19: statistically significant (exact test calculated by this "
                                   "dashboard)")
    gap = decide(GROUPS, "Black", "White", None, None, ())
    assert verdict_short(gap) == "Gap to the White group: no test published"


def test_silent_verdicts_name_the_movement_they_cannot_test():
    up = decide(GROUPS, "Black", "White", None, None, (stmt(NOT_STATED, "higher", "2.3 times"),))
    assert verdict_sentence(up) == ("The source gives no test of the gap between the Black group and the White group, "
                                    "and the counts needed for one are not in this dataset, so we cannot say if it is "
                                    "real.")
    assert "the rise between" not in verdict_sentence(decide(PERIODS, "b", "a", None, None, ()))


def test_group_names_inside_a_sentence():
    assert group_words("Most deprived quintile") == "most deprived quintile"
    assert group_words("Black") == "Black"
    assert group_words("White (inc. not known)") == "White (inc. not known)"
    assert group_words("Mixed/multiple ethnic groups") == "mixed/multiple ethnic groups"
    assert group_words("UK born") == "UK born"
    assert group_words("SUDEP (up to one year after pregnancy)") == "SUDEP (up to one year after pregnancy)"
    assert group_words("Age 35 and over") == "age 35 and over"
    assert group_words("") == ""


def test_a_breakdown_without_a_label_is_written_from_its_id():
    assert RATE.breakdown_label("overall") == "All women"
    assert RATE.breakdown_label("country_of_birth") == "Country of birth"


def test_the_sources_own_ratio_interval_and_p_are_quoted_with_its_words():
    # MBRRACE-UK data brief, October 2023: 2019-21 against 2018-20, rate ratio 1.07 (0.89 to 1.29), p = 0.4631
    s = Statement.from_row({"direction": "higher", "significance": "not-significant",
                            "words": "a statistically non-significant increase", "vintage": "2023-10",
                            "ratio": "1.07", "ci_lower": "0.89", "ci_upper": "1.29", "p_value": "0.4631"}, PRIMARY_SRC)
    assert verdict_sentence(decide(PERIODS, "2019-21", "2018-20", None, None, (s,))) == (
        "MBRRACE-UK reports that the change between 2018-20 and 2019-21 is not statistically significant (rate "
        "ratio 1.07, 95% CI 0.89 to 1.29, p = 0.463), so it may be down to chance. In its own words: \"a "
        "statistically non-significant increase\".")


def test_a_view_title_names_its_breakdown_once():
    from dashboard.explore.view import view_title

    assert view_title("Women who died, by cause of death", "cause", "Cause of death") == (
        "Women who died, by cause of death")
    assert view_title("Women who died during pregnancy or within six weeks", "ethnicity", "Ethnic group") == (
        "Women who died during pregnancy or within six weeks, by ethnic group")
    assert view_title("Women who died", "overall", "All women") == "Women who died"


def test_a_tested_gap_between_groups_says_whose_rate_is_higher_or_lower():
    black = replace(fig(34.0, "2018-20", num=59, den=173574), group="Black")
    white = replace(fig(9.0, "2018-20", num=150, den=1666667), group="White")
    assert verdict_sentence(decide(GROUPS, "Black", "White", black, white, ())) == (
        "The source gives no test, but an exact test of the counts finds the higher rate of the Black group against "
        "the White group statistically significant (rate ratio 3.78, 95% CI 2.75 to 5.14, p < 0.001; calculated by "
        "this dashboard from the published counts).")
    assert "finds the lower rate of the White group against the Black group statistically significant" in \
        verdict_sentence(decide(GROUPS, "White", "Black", white, black, ()))
    said = stmt(SIGNIFICANT, "similar", "a significant difference")
    assert verdict_sentence(decide(GROUPS, "Most deprived", "Least deprived", None, None, (said,))) == (
        "MBRRACE-UK reports that the difference between the most deprived group and the least deprived group is "
        "statistically significant. In its own words: \"a significant difference\".")
    rise = decide(PERIODS, "2018-20", "2017-19", fig(10.90, "2018-20", num=229, den=2101829),
                  fig(8.79, "2017-19", num=191, den=2173810), ())
    assert "finds the rise between 2017-19 and 2018-20 statistically significant" in verdict_sentence(rise)
    fall = decide(PERIODS, "2018-20", "2017-19", fig(8.79, "2018-20", num=191, den=2173810),
                  fig(10.90, "2017-19", num=229, den=2101829), ())
    assert "finds the fall between 2017-19 and 2018-20 statistically significant" in verdict_sentence(fall)


# ---- one-line details, newest figures and sources ------------------------------------------------------------------

def test_a_figure_in_one_line():
    f = fig(12.80, "2022-24", ci=Interval(11.27, 14.48, PUBLISHED), num=252, den=1969321)
    assert f.detail() == ("12.80 per 100,000 maternities, 2022-24 (95% CI 11.27 to 14.48; 252 deaths among 1,969,321 "
                          "maternities)")
    assert fig(12.80, "2022-24").detail() == "12.80 per 100,000 maternities, 2022-24 (no interval given)"
    assert replace(fig(289, "2018-20", decimals=0), indicator=COUNT).detail() == "289 women, 2018-20"


def test_the_newest_figure_and_the_sources_newest_first():
    from dashboard.model.select import newest, sources_of

    older, later, gap = fig(8.79, "2017-19"), replace(fig(12.80, "2022-24"), source=SECONDARY_SRC,
                                                      vintage="2026-02"), fig(None, "2023-25")
    assert newest([later, older, gap]) is later and newest([gap]) is None
    assert sources_of([older, later, gap, fig(9.0, "2016-18")]) == (SECONDARY_SRC, PRIMARY_SRC)


def test_plain_sentences_round_at_ten_and_say_when_a_ratio_is_missing():
    assert figure_sentence(fig(10.0, "2022-24")).startswith("About 10 in every 100,000 women who gave birth in 2022 to "
                                                            "2024")
    assert figure_sentence(fig(9.96, "2022-24")).startswith("About 10.0 in every 100,000")
    assert figure_sentence(fig(9.71, "2022-24")).startswith("About 9.7 in every 100,000")
    assert ratio_sentence(replace(fig(None, "2021-23"), group="Black vs White")) == (
        "No ratio for 2021 to 2023 is in this dataset.")
    assert period_length(fig(1.0, "2010-19")) == "a ten-year period"
    assert period_length(fig(1.0, "2009-19")) == "an 11-year period"
    assert period_length(fig(1.0, "2012-19")) == "an eight-year period"
    assert period_length(fig(1.0, "2000-19")) == "a 20-year period"


def test_alt_text_spans_first_to_last_period_whatever_lies_between():
    figs = [fig(8.79, "2017-19"), fig(10.90, "2018-20"), fig(11.66, "2019-21")]
    assert chart_alt("Line chart", "Maternal mortality rate", figs).startswith(
        "Line chart of maternal mortality rate, 2017-19 to 2019-21.")


def test_fifty_problems_are_listed_and_the_51st_is_counted():
    problems = [Problem("curated/maternal.csv", n, "value", "range", "bad") for n in range(2, 53)]
    assert str(DatasetError(problems)).endswith("\n  ... and 1 more")
    assert "more" not in str(DatasetError(problems[:50]))
