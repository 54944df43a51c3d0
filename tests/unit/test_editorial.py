"""The editorial policy (dashboard.model.editorial): which statement leads, tested with fixed cases.

Rule: checked (primary or official) before secondary; then the latest period; then primary > official >
secondary; then a number before words. So the producer's words lead over an older or a secondary number, which
follows them with its own period and tier; a number and words of one period that disagree are named in a sentence.
"""

from __future__ import annotations

from dashboard.model import editorial
from dashboard.model.editorial import GAP, Candidate, choose, covid_findings, covid_sentence, gap_answer, gap_sentences
from dashboard.model.figure import Figure, Source
from dashboard.model.select import compare_periods, latest
from dashboard.model.words import verdict_sentence
from tests.unit.test_model import RATE

PRIMARY = Source("mbrrace-uk", "MBRRACE-UK", "Data brief 2026", "2026-01", "https://p.example/a", "bullet 1", "primary")
OFFICIAL = Source("mbrrace-uk", "MBRRACE-UK", "Report 2025", "2025-10", "https://o.example/b", "para 2", "official",
                  "HQIP")
SECONDARY = Source("mbrrace-uk", "MBRRACE-UK", "Report 2025", "2025-09", "https://s.example/c", "para 3", "secondary",
                   "A law firm")
RATIO = RATE.model_copy(update={"id": "maternal_mortality_rate_ratio", "measure": "ratio", "unit": "ratio", "decimals": 1})


def number(value: float, period: str, src: Source) -> Candidate:
    f = Figure(indicator=RATIO, period=period, breakdown="ethnicity", group="Black vs White", geography="England",
               value=value, decimals=1, ci=None, numerator=None, denominator=None, source=src,
               vintage=src.published_date[:7], row_id=f"x:{period}:{src.tier}")
    return Candidate.of_figure(f)


def words(text: str, period: str, src: Source) -> Candidate:
    return Candidate(period, src, words=text)


def test_the_latest_checked_period_leads():
    a = choose(GAP, [number(3.7, "2018-20", PRIMARY), number(2.9, "2020-22", OFFICIAL)])
    assert a is not None and (a.lead.period, a.lead.tier) == ("2020-22", "official")


def test_among_equal_periods_primary_leads_then_official_then_secondary():
    a = choose(GAP, [number(2.2, "2021-23", SECONDARY), number(2.1, "2021-23", OFFICIAL),
                     number(2.0, "2021-23", PRIMARY)])
    assert a is not None and a.lead.tier == "primary" and a.lead.figure.value == 2.0
    b = choose(GAP, [number(2.2, "2021-23", SECONDARY), number(2.1, "2021-23", OFFICIAL)])
    assert b is not None and b.lead.tier == "official"


def test_a_newer_secondary_number_does_not_lead_over_a_checked_one():
    a = choose(GAP, [number(3.7, "2018-20", PRIMARY), number(2.3, "2021-23", SECONDARY)])
    assert a is not None and (a.lead.period, a.lead.figure.value) == ("2018-20", 3.7)
    only = choose(GAP, [number(2.3, "2021-23", SECONDARY)])
    assert only is not None and only.lead.tier == "secondary"  # nothing checked: the secondary figure, flagged


def test_the_producers_words_lead_over_an_older_or_secondary_number_which_follows():
    a = choose(GAP, [words("nearly three-fold difference", "2022-24", PRIMARY), number(2.3, "2021-23", SECONDARY)])
    assert a is not None and a.lead.words == "nearly three-fold difference"
    assert a.follow is not None and (a.follow.period, a.follow.tier) == ("2021-23", "secondary")
    assert a.conflict is None  # different periods: not a disagreement


def test_at_one_period_and_tier_the_number_leads_and_the_words_do_not_follow():
    a = choose(GAP, [words("3.7 times more likely", "2018-20", PRIMARY), number(3.7, "2018-20", PRIMARY)])
    assert a is not None and a.lead.is_number and a.follow is None and a.conflict is None


def test_a_number_outside_what_the_words_of_its_period_can_stand_for_is_named_in_one_sentence():
    # "twice" stands for 1.5 to 2.5 (dashboard.model.phrases); 2.9 for the same period is outside it
    a = choose(GAP, [words("twice as high", "2021-23", PRIMARY), number(2.9, "2021-23", SECONDARY)])
    assert a is not None and a.lead.words == "twice as high" and a.conflict is not None
    said = gap_sentences(a, "women in the Black group with women in the White group")
    assert said[-1] == ('For 2021 to 2023, the number and the words do not agree: 2.9 times (secondary source) is '
                        'more than "twice as high" (primary source) can stand for.')
    agree = choose(GAP, [words("twice as high", "2021-23", PRIMARY), number(1.9, "2021-23", SECONDARY)])
    assert agree is not None and agree.conflict is None
    assert agree.lead.words == "twice as high"  # same period: the primary words before the secondary number
    same = choose(GAP, [words("twice as high", "2021-23", PRIMARY), number(2.1, "2021-23", OFFICIAL)])
    assert same is not None and same.lead.words == "twice as high"  # the tier before number-or-words
    assert len(gap_sentences(agree, "x with y")) == 1


def test_nothing_to_choose_from_is_no_answer():
    assert choose(GAP, []) is None
    assert editorial.pick([]).shown == ()


# ---- the fixed cases of the shipped data ------------------------------------------------------------------------


def test_ethnicity_leads_with_mbrrace_uks_nearly_three_fold_for_2022_24_not_the_law_firms_2_3(store):
    a = gap_answer(store, "maternal_mortality_rate", "ethnicity", ("Black", "White (inc. not known)"),
                   "Black vs White")
    # comparisons.csv line 10: 2022-24, "nearly three-fold difference", January 2026 data brief, primary
    assert a is not None and (a.lead.period, a.lead.words, a.lead.tier) == (
        "2022-24", "nearly three-fold difference", "primary")
    assert a.lead.source.publication == "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
    # the number that follows is the newest checked one (maternal.csv: 2018-20, 3.7, primary), not 2.3 (secondary)
    assert a.follow is not None and (a.follow.period, a.follow.figure.number) == ("2018-20", "3.7")


def test_deprivation_leads_with_the_producers_twice_and_the_law_firms_1_9_follows_with_its_tier(store):
    a = gap_answer(store, "maternal_mortality_rate", "deprivation",
                   ("Quintile 5 (most deprived)", "Quintile 1 (least deprived)"),
                   "Most deprived quintile vs least deprived")
    assert a is not None and a.lead.words == "twice that of women living in the least deprived areas"
    assert (a.lead.period, a.lead.tier) == ("2022-24", "primary")
    assert a.follow is not None and (a.follow.period, a.follow.figure.number, a.follow.tier) == (
        "2021-23", "1.9", "secondary")
    (sentence,) = gap_sentences(a, "women in the most deprived areas with women in the least deprived areas")
    assert "(primary source: " in sentence and "1.9 times for 2021-23 (secondary source, reported by RWK Goodman" \
        in sentence


def test_the_rate_block_gets_the_excluding_covid_findings_of_2020_22_and_2022_24(store):
    found = covid_findings(store, "maternal_mortality_rate", "2022-24", "2017-19")
    # comparisons.csv line 8 (2022-24 vs 2019-21) and line 27 (2020-22 vs 2017-19, primary; line 35 is HQIP's)
    assert [(c.later, c.earlier, c.statement.significance, c.statement.source.tier) for c in found] == [
        ("2022-24", "2019-21", "significant", "primary"), ("2020-22", "2017-19", "significant", "primary")]
    assert covid_sentence(found) == (
        'With deaths from COVID-19 left out, MBRRACE-UK reports that the rise from 2019-21 to 2022-24 was '
        'statistically significant ("remained statistically significantly increased") and the rise from 2017-19 '
        'to 2020-22 was statistically significant ("remained statistically significant").')


def test_a_change_the_source_finds_real_without_covid_deaths_is_never_called_down_to_chance(store):
    figs = latest(store, "maternal_mortality_rate")
    a = next(f for f in figs if f.period == "2022-24")
    b = next(f for f in figs if f.period == "2019-21")
    said = verdict_sentence(compare_periods(store, a, b))
    assert "down to chance" not in said
    assert said.endswith('With deaths from COVID-19 left out, MBRRACE-UK reports that the change is statistically '
                         'significant. In its own words: "remained statistically significantly increased".')
