"""The figure model: each rule stated once, with expected text written out by hand (not computed by the model)."""

from __future__ import annotations

import pytest

from dashboard.data.metadata import Indicator
from dashboard.model.compare import (
    CALCULATED_TEST,
    NONE,
    NOT_SIGNIFICANT,
    NOT_STATED,
    PERIODS,
    SIGNIFICANT,
    SOURCE,
    Statement,
    decide,
)
from dashboard.model.figure import CALCULATED, PUBLISHED, Figure, Interval, Source, Tier, date_words
from dashboard.model.words import figure_sentence, precision_sentence, verdict_sentence

RATE = Indicator(id="maternal_mortality_rate", title="Maternal mortality rate",
                 plain_title="Women who died during pregnancy or within six weeks", topic="maternal-deaths",
                 measure="rate", unit="per 100,000 maternities", multiplier=100000, decimals=2,
                 period_type="rolling-3-year", geography="UK", definition="d", breakdowns={"overall": "All women"},
                 plain_template="About {value} in every 100,000 women who gave birth in {period_words} died during "
                                "pregnancy or within six weeks.")
SHARE = Indicator(id="share", title="Known to social services", plain_title="Known to social services",
                  topic="mental-health-social-care", measure="percent", unit="percent", decimals=0,
                  period_type="rolling-3-year", geography="UK", definition="d", breakdowns={"overall": "All"})
PRIMARY_SRC = Source("mbrrace-uk", "MBRRACE-UK", "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)",
                     "2026-01-15", "https://www.npeu.ox.ac.uk/mbrrace-uk/data-brief/maternal-mortality-2022-2024",
                     "Main points, bullet 1", "primary")
SECONDARY_SRC = Source("mbrrace-uk", "MBRRACE-UK", "Saving Lives, Improving Mothers' Care 2024 (2020-22)", "2024-10",
                       "https://www.example.org/news", "para 2", "secondary", "AIMS (charity)")
OFFICIAL_SRC = Source("mbrrace-uk", "MBRRACE-UK", "Saving Lives, Improving Mothers' Care 2024 (2020-22)", "2024-10",
                      "https://www.hqip.org.uk/resource/x", "Key messages", "official", "HQIP")


def fig(value=12.80, period="2022-24", ci=None, num=None, den=None, src=PRIMARY_SRC, ind=RATE, decimals=2) -> Figure:
    return Figure(indicator=ind, period=period, breakdown="overall", group="All", geography="UK", value=value,
                  decimals=decimals, ci=ci, numerator=num, denominator=den, source=src, vintage="2026-01",
                  row_id="curated/maternal.csv:9")


# ---- how a figure is written ------------------------------------------------------------------------------------

def test_a_rate_keeps_the_decimals_it_was_published_with_and_its_unit():
    assert fig(12.8).value_text == "12.80 per 100,000 maternities"
    assert fig(10.9, decimals=1).value_text == "10.9 per 100,000 maternities"


def test_a_percentage_and_a_count_are_written_plainly():
    assert fig(22, ind=SHARE, decimals=0).value_text == "22%"
    assert fig(1969321, num=None, decimals=0).number == "1,969,321"


def test_a_calculated_interval_says_who_calculated_it_everywhere():
    f = fig(ci=Interval(11.27, 14.48, CALCULATED), num=252, den=1969321)
    assert f.ci_text == "95% CI 11.27 to 14.48, calculated by this dashboard from the published counts"
    assert f.ci_short == "11.27 to 14.48 (calculated)"
    assert precision_sentence(f) == ("The figure was 12.80 per 100,000 maternities in 2022-24 (95% confidence interval "
                                     "11.27 to 14.48), based on 252 deaths among 1,969,321 maternities. The interval "
                                     "was calculated by this dashboard from the published counts.")


def test_a_published_interval_is_not_called_calculated():
    f = fig(10.90, "2018-20", ci=Interval(9.53, 12.40, PUBLISHED))
    assert f.ci_text == "95% CI 9.53 to 12.40"
    assert f.ci_short == "9.53 to 12.40"


def test_no_interval_is_said_plainly():
    assert fig().ci_text == "no interval given"
    assert precision_sentence(fig(13.56, "2020-22")) == ("The figure was 13.56 per 100,000 maternities in 2020-22. "
                                                         "Its source gives no confidence interval.")


def test_a_small_count_is_flagged():
    assert fig(0.46, "2017-19", num=10, den=2173810).small_count == 10
    assert "fewer than 20 events" in precision_sentence(fig(0.46, "2017-19", num=10, den=2173810))
    assert fig(num=252, den=1969321).small_count is None


def test_the_plain_sentence_rounds_for_reading_only():
    assert figure_sentence(fig()) == ("About 13 in every 100,000 women who gave birth in 2022 to 2024 died during "
                                      "pregnancy or within six weeks.")


def test_periods_sit_at_their_midpoints_on_a_time_axis():
    assert fig(period="2020-22").midpoint == 2021.5
    assert fig(period="2009-14").midpoint == 2012.0
    assert fig(period="2009-14").years == 6


# ---- tiers, flags and citations ---------------------------------------------------------------------------------

def test_every_tier_is_named_and_only_secondary_figures_carry_the_flag():
    assert PRIMARY_SRC.tier_label == "Primary source" and PRIMARY_SRC.flag is None
    assert OFFICIAL_SRC.tier_note == "Official summary: restated by HQIP" and OFFICIAL_SRC.flag is None
    assert SECONDARY_SRC.flag == "Reported by AIMS (charity); not checked against the original"


def test_source_lines_name_the_publication_and_the_tier_when_not_primary():
    assert PRIMARY_SRC.line == "Primary source: MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)."
    assert SECONDARY_SRC.line == ("Secondary source: Saving Lives, Improving Mothers' Care 2024 (2020-22), MBRRACE-UK "
                                  "(reported by AIMS (charity); not checked against the original).")
    assert (PRIMARY_SRC.named, PRIMARY_SRC.qualifier) == (PRIMARY_SRC.publication, "")
    assert OFFICIAL_SRC.qualifier == "official summary: restated by HQIP"


def test_one_tier_enum_ranks_and_names_every_tier():
    assert [t.value for t in sorted(Tier, key=lambda t: -t.rank)] == ["primary", "official", "secondary"]
    assert [t.label for t in Tier] == ["Primary source", "Official summary", "Secondary source"]
    assert [t.short for t in Tier] == ["primary", "official", "secondary"]
    assert PRIMARY_SRC.tier is Tier.PRIMARY and SECONDARY_SRC.tier == "secondary"
    assert [t.checked for t in Tier] == [True, True, False]
    assert Tier.of("nonsense") is Tier.SECONDARY
    with pytest.raises(ValueError):
        Source("x", "X", "p", "2024", "https://x", "l", "tertiary")


def test_a_citation_names_the_original_publication_not_the_page_that_quoted_it():
    assert PRIMARY_SRC.citation() == ("MBRRACE-UK. MBRRACE-UK maternal mortality data brief, January 2026 (2022-24). "
                                      "15 January 2026. https://www.npeu.ox.ac.uk/mbrrace-uk/data-brief/"
                                      "maternal-mortality-2022-2024")
    assert SECONDARY_SRC.citation().startswith("MBRRACE-UK. Saving Lives, Improving Mothers' Care 2024 (2020-22). "
                                               "October 2024.")
    assert SECONDARY_SRC.citation().endswith("(figure as reported by AIMS (charity); not checked against the original: "
                                             "https://www.example.org/news)")


def test_dates_in_words():
    assert (date_words("2024-10-10"), date_words("2024-10"), date_words("2024")) == ("10 October 2024", "October 2024",
                                                                                       "2024")


# ---- is the difference real? one policy -------------------------------------------------------------------------

def stmt(significance=SIGNIFICANT, direction="higher", words="a statistically significant increase", ci=None,
         src=PRIMARY_SRC, excludes_covid=False, vintage="2024-10", **kw) -> Statement:
    return Statement(direction=direction, significance=significance, words=words, source=src, vintage=vintage, ci=ci,
                     excludes_covid=excludes_covid, **kw)


LATER = fig(13.56, "2020-22", num=275, den=2028543)
EARLIER = fig(8.79, "2017-19", num=191, den=2173810)


def test_the_sources_words_come_first_even_when_counts_allow_a_test():
    v = decide(PERIODS, "2020-22", "2017-19", LATER, EARLIER, (stmt(),))
    assert (v.method, v.significance) == (SOURCE, SIGNIFICANT)
    assert verdict_sentence(v) == ('MBRRACE-UK reports that the rise between 2017-19 and 2020-22 is statistically '
                                   'significant. In its own '
                                   'words: "a statistically significant increase".')


def test_a_non_significant_statement_is_never_called_a_rise_or_a_fall():
    v = decide(PERIODS, "2021-23", "2020-22", None, None,
               (stmt(NOT_SIGNIFICANT, "lower", "a statistically non-significant decrease"),))
    assert verdict_sentence(v) == ('MBRRACE-UK reports that the change between 2020-22 and 2021-23 is not statistically '
                                   'significant, so it may be down to chance. In its own words: "a statistically '
                                   'non-significant decrease".')


def test_a_printed_interval_is_the_sources_test_when_it_has_no_words():
    ci = Interval(1.02, 1.51, PUBLISHED)
    s = Statement.from_row({"direction": "higher", "significance": NOT_STATED, "words": "an increase of 24%",
                            "vintage": "2022-11", "ratio": 1.24, "ci_lower": 1.02, "ci_upper": 1.51}, SECONDARY_SRC)
    assert s.significance == SIGNIFICANT and s.by_interval and s.ci == ci
    v = decide(PERIODS, "2018-20", "2017-19", None, None, (s,))
    assert verdict_sentence(v) == ("MBRRACE-UK reports (as quoted by AIMS (charity); not checked against the original) "
                                   "a rate ratio whose 95% confidence interval leaves out 1 (rate ratio 1.24, 95% CI "
                                   "1.02 to 1.51), so the change between 2017-19 and 2018-20 is statistically "
                                   "significant.")


def test_without_a_statement_the_exact_test_on_the_counts_answers_and_says_it_was_calculated_here():
    v = decide(PERIODS, "2018-20", "2017-19", fig(10.90, "2018-20", num=229, den=2101829), EARLIER, ())
    assert (v.method, v.significance) == (CALCULATED_TEST, SIGNIFICANT)
    # MBRRACE-UK published 1.24 (1.02 to 1.51) for this comparison; the exact test reproduces it
    assert (round(v.ratio, 2), round(v.ci.lower, 2), round(v.ci.upper, 2)) == (1.24, 1.02, 1.51)
    assert verdict_sentence(v) == ("The source gives no test, but an exact test of the counts finds the rise "
                                   "between 2017-19 and 2018-20 statistically significant (rate ratio 1.24, 95% CI 1.02 to 1.51, p = 0.028; "
                                   "calculated by this dashboard from the published counts).")


def test_with_neither_words_nor_counts_the_answer_is_silence():
    v = decide(PERIODS, "2022-24", "2017-19", fig(), fig(8.79, "2017-19"), (stmt(NOT_STATED, words="45% higher"),))
    assert (v.method, v.significance) == (NONE, NOT_STATED)
    assert verdict_sentence(v) == ("The source gives no test of the change between 2017-19 and 2022-24, and the counts "
                                   "needed for one are not in this dataset, so we cannot say if it is real.")
    assert [s.words for s in v.sizes] == ["45% higher"]


def test_a_statement_excluding_covid_is_reported_beside_the_main_one_not_instead_of_it():
    main = stmt(NOT_SIGNIFICANT, words="no significant change")
    covid = stmt(SIGNIFICANT, words="a significant increase", excludes_covid=True)
    v = decide(PERIODS, "2020-22", "2017-19", None, None, (covid, main))
    assert v.deciding is main and v.covid_excluded is covid


def test_primary_beats_secondary_and_newer_beats_older_among_equal_statements():
    old = stmt(vintage="2023-01")
    new_secondary = stmt(vintage="2025-01", src=SECONDARY_SRC)
    new = stmt(vintage="2025-01")
    assert decide(PERIODS, "a", "b", None, None, (old, new_secondary, new)).deciding is new


@pytest.mark.parametrize("text", ["epidemic", "soaring", "committed suicide"])
def test_generated_sentences_are_safe_messaging_checked(text):
    v = decide(PERIODS, "2020-22", "2017-19", None, None, (stmt(words=f"an {text}"),))
    with pytest.raises(ValueError, match="unsafe generated text"):
        verdict_sentence(v)


def test_a_store_row_becomes_a_figure_with_its_interval_kind_counts_and_source(store):
    row = {"indicator": "maternal_mortality_rate", "period": "2022-24", "breakdown": "overall", "group": "All",
           "geography": "UK", "value": 12.8, "decimals": 2, "ci_lower": 11.27, "ci_upper": 14.48,
           "ci_method": "calculated", "numerator": 252, "denominator": 1969321, "producer": "mbrrace-uk",
           "publication": "P", "published_date": "2026-01", "source_url": "https://www.npeu.ox.ac.uk/x",
           "locator": "L", "tier": "primary", "reported_by": None, "vintage": "2026-01", "row_id": "f:2"}
    f = Figure.from_row(row, store.catalogue.indicators["maternal_mortality_rate"], store.catalogue.sources)
    assert f.ci == Interval(11.27, 14.48, CALCULATED)
    assert f.count_text == "252 deaths among 1,969,321 maternities"
    assert (f.source.producer_name, f.source.tier, f.source.flag) == ("MBRRACE-UK", "primary", None)
    assert Figure.from_row({**row, "ci_method": "published"}, f.indicator, store.catalogue.sources).ci.kind == PUBLISHED


def test_an_interval_printed_elsewhere_beside_the_same_value_keeps_its_own_source():
    f = fig(8.79, "2017-19", ci=Interval(7.58, 10.12, PUBLISHED))
    f = Figure(**{**f.__dict__, "ci_source": SECONDARY_SRC})
    assert f.source.flag is None  # the value itself is primary
    assert f.ci_text == "95% CI 7.58 to 10.12, as reported by AIMS (charity), not checked against the original"
    assert f.ci_short == "7.58 to 10.12 (secondary source)"


def test_the_shown_figure_borrows_a_published_interval_for_the_same_value_from_another_page(store):
    from dashboard.data.query import Selection, series

    row = series(store, Selection("maternal_mortality_rate", "overall", period_from="2017-19",
                                  period_to="2017-19")).iloc[0]
    assert (row["value"], row["tier"]) == (8.79, "primary")
    assert (row["ci_lower"], row["ci_upper"], row["ci_method"]) == (7.58, 10.12, "published")
    assert row["ci_tier"] == "secondary" and "BMJ" in row["ci_reported_by"]


def test_the_shown_figure_borrows_the_counts_printed_beside_the_same_value_and_says_where_from(store):
    from dashboard.model.select import by_period, latest

    f = by_period(latest(store, "maternal_mortality_rate"), "2017-19")
    assert (f.value, f.numerator, f.denominator, f.source.tier) == (8.79, 191, 2173810, "primary")
    assert f.counts_source is not None and f.counts_source.tier == "secondary"
    assert f.count_text.startswith("191 deaths among 2,173,810 maternities, as reported by ")


def test_a_calculated_test_on_counts_read_on_a_secondary_page_says_so():
    a = fig(10.90, "2018-20", num=229, den=2101829)
    b = Figure(**{**fig(8.79, "2017-19", num=191, den=2173810).__dict__, "counts_source": SECONDARY_SRC})
    v = decide(PERIODS, "2018-20", "2017-19", a, b, ())
    assert verdict_sentence(v).endswith(" The counts for 2017-19 were reported by AIMS (charity), not checked against "
                                        "the original.")


def test_explore_says_whether_2020_22_differs_from_2017_19_when_the_range_starts_there(store):
    from dashboard.explore.state import parse
    from dashboard.explore.view import build_view

    state, _ = parse("from=2017-19&to=2020-22", store)
    summary = build_view(store, state).summary
    # comparisons.csv: the October 2024 report's "a statistically significant increase" for 2020-22 vs 2017-19
    assert ('MBRRACE-UK reports that the rise between 2017-19 and 2020-22 is statistically significant. In its own '
            'words: "a statistically significant increase".') in summary
