"""Check a figure: how phrases are read, and which published figure comes first.

Expected values are written from the data files: maternal_mortality_rate 2020-22 was 13.41 in the January 2024
data brief and 13.56 in Saving Lives, Improving Mothers' Care 2024 (October 2024); the Black vs White rate ratio
was 5.27 for 2015-17 (Knight et al. 2020) and 2.3 for 2021-23 (Saving Lives, Improving Mothers' Care 2025).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model.check import COMPARISON, FIGURE, check
from dashboard.model.phrases import MULTIPLE, NUMBER, PERCENT, RATE, parse
from tests.budget import examples


def one(text: str):
    q = parse(text)
    assert q.problem is None, q.problem
    assert len(q.quantities) == 1, q.quantities
    return q.quantities[0]


# ---- reading phrases ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, value", [
    ("one in five", PERCENT, 20.0),
    ("1 in 5 women", PERCENT, 20.0),
    ("a fifth", PERCENT, 20.0),
    ("22%", PERCENT, 22.0),
    ("twenty-two per cent", PERCENT, 22.0),
    ("nearly three-fold", MULTIPLE, 3.0),
    ("threefold", MULTIPLE, 3.0),
    ("5x", MULTIPLE, 5.0),
    ("5x more likely", MULTIPLE, 5.0),
    ("x5", MULTIPLE, 5.0),
    ("3 times", MULTIPLE, 3.0),
    ("five times more likely", MULTIPLE, 5.0),
    ("twice", MULTIPLE, 2.0),
    ("two-fold", MULTIPLE, 2.0),
    ("13.56", NUMBER, 13.56),
    ("1,969,321", NUMBER, 1969321.0),
    ("13.56 per 100,000 maternities", RATE, 13.56),
    ("about 13 in every 100,000", RATE, 13.0),
])
def test_phrases_are_read_as_numbers(text, kind, value):
    q = one(text)
    assert (q.kind, q.value) == (kind, pytest.approx(value))


def test_ranges_follow_rounding_and_qualifiers():
    assert (one("13.56").low, one("13.56").high) == (pytest.approx(13.555), pytest.approx(13.565))
    assert (one("3 times").low, one("3 times").high) == (2.5, 3.5)
    nearly = one("nearly three-fold")
    assert nearly.qualifier == "nearly" and nearly.high == 3.0 and nearly.low == pytest.approx(2.5)
    fifth = one("one in five")
    assert fifth.low == pytest.approx(100 / 5.5) and fifth.high == pytest.approx(100 / 4.5)
    assert one("four times less likely").value == pytest.approx(0.25)
    assert one("20% higher").direction == "higher"


def test_periods_years_and_context_words_are_kept_apart_from_figures():
    q = parse("Black women 13.56 in 2020-22")
    assert [x.value for x in q.quantities] == [13.56]
    assert q.periods == ("2020-22",) and "black" in q.words
    assert parse("rate ratio 1.24 (95% CI 1.02 to 1.51)").quantities[0].value == pytest.approx(1.24)


@pytest.mark.parametrize("text", ["", "   ", "no numbers here", "9" * 30, "x" * 201])
def test_text_that_cannot_be_checked_gets_a_message(text):
    assert parse(text).problem


@settings(max_examples=examples(300), deadline=None)
@given(st.text(max_size=250))
def test_parse_never_raises(text):
    q = parse(text)
    assert q.problem or q.quantities or q.periods or q.years
    for x in q.quantities:
        assert x.low <= x.value <= x.high or x.kind == MULTIPLE


# ---- ranking --------------------------------------------------------------------------------------------------

def test_13_56_is_the_2020_22_rate_from_the_october_2024_report(store):
    r = check(store, "13.56")
    top = r.matches[0]
    assert top.kind == FIGURE and top.how == "exactly"
    f = top.figure
    assert (f.indicator.id, f.period, f.breakdown, f.group) == ("maternal_mortality_rate", "2020-22", "overall", "All")
    assert f.source.publication == "Saving Lives, Improving Mothers' Care 2024 (2020-22)"
    assert f.published_words == "10 October 2024"
    assert top.sentences[0] == "First published in Saving Lives, Improving Mothers' Care 2024 (2020-22), 10 October 2024."
    assert "It replaced the figure of 13.41 first published in MBRRACE-UK maternal mortality data brief, January 2024 (2020-22), " \
           "January 2024." in top.sentences
    assert top.latest is not None and (top.latest.period, top.latest.number) == ("2022-24", "12.80")


def test_a_revised_figure_says_what_replaced_it(store):
    top = check(store, "13.41 2020-22").matches[0]
    assert top.figure.source.publication == "MBRRACE-UK maternal mortality data brief, January 2024 (2020-22)"
    assert top.revised and top.current.number == "13.56"
    assert ("Revised since: Saving Lives, Improving Mothers' Care 2024 (2020-22), 10 October 2024 gives 13.56 per "
            "100,000 maternities for 2020-22.") in top.sentences
    assert top.explore.edition == "2024-01"


def test_five_times_for_black_women_is_the_2014_16_statement_of_the_2018_report(store):
    # comparisons.csv line 64: 2014-16, Black against White (inc. not known), "five times more likely", Saving Lives,
    # Improving Mothers' Care 2018 (2014-16), read on the University of Oxford's Medical Sciences news (primary).
    # Line 59 says "five times more likely to die" for 2015-17, but on a charity's page (secondary): ranked below.
    r = check(store, "Black women are five times more likely to die")
    top = r.matches[0]
    assert top.kind == COMPARISON and top.how == "same words"
    assert top.statement.words == "five times more likely"
    assert top.pair == "Black against White (inc. not known), 2014-16"
    assert top.statement.source.publication == "Saving Lives, Improving Mothers' Care 2018 (2014-16)"
    assert top.statement.source.tier == "primary"
    assert r.matches[1].statement is not None and r.matches[1].statement.source.tier == "secondary"
    # its latest comparable: line 11, 2022-24, "nearly three-fold difference", January 2026 data brief (primary)
    latest = top.latest_statement
    assert latest is not None and latest.words == "nearly three-fold difference"
    assert top.latest_pair == "Black against White (inc. not known), 2022-24"
    assert latest.source.publication == "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
    assert any(s.startswith('The latest comparable statement, for 2022-24: "nearly three-fold difference"')
               for s in top.sentences)


def test_nearly_three_fold_is_the_2022_24_statement(store):
    # comparisons.csv line 11 (2022-24, primary) over line 37 (2020-22, official) and line 29 ("almost", 2020-22)
    top = check(store, "nearly three-fold").matches[0]
    assert top.kind == COMPARISON and top.statement.words == "nearly three-fold difference"
    assert top.pair == "Black against White (inc. not known), 2022-24"
    assert top.latest_statement is None
    assert "No later statement of this comparison is in this dataset." in top.sentences


def test_percentages_still_find_figures(store):
    top = check(store, "22%").matches[0]
    assert (top.figure.indicator.id, top.figure.period, top.figure.short) == ("known_to_social_services_share",
                                                                               "2020-22", "22%")
    assert top.how == "exactly"


def test_twice_is_a_published_statement(store):
    top = check(store, "twice").matches[0]
    assert top.kind == COMPARISON and "twice" in top.statement.words
    assert top.how == "same words"


def test_a_period_alone_gives_the_headline_figure_and_its_revision(store):
    # maternal.csv line 98: 11.56 for 2019-21 (May 2023); line 99: 11.66 (October 2023 data brief)
    r = check(store, "2019-21")
    assert r.message is None
    top = r.matches[0]
    f = top.figure
    assert (f.indicator.id, f.period, f.breakdown, f.number) == ("maternal_mortality_rate", "2019-21", "overall",
                                                                  "11.66")
    assert top.how == "period" and top.how_words == "published for the period you named"
    assert [h.number for h in top.history] == ["11.56", "11.66"]
    assert any(s.startswith("It replaced the figure of 11.56 first published in") for s in top.sentences)


def test_a_year_with_words_is_the_year_of_a_figure(store):
    # perinatal.csv line 71: stillbirth rate 2023, 3.22 per 1,000 total births
    q = parse("stillbirth 2023")
    assert not q.quantities and q.years == (2023,)
    top = check(store, "stillbirth 2023").matches[0]
    assert (top.figure.indicator.id, top.figure.period, top.figure.value_text) == (
        "stillbirth_rate", "2023", "3.22 per 1,000 total births")


def test_a_period_with_nothing_published_says_which(store):
    r = check(store, "2040-42")
    assert not r.matches and r.message == "No published figure in this dashboard is for 2040-42."


@pytest.mark.parametrize("text", ["2019-21", "stillbirth 2023", "2040-42", "13.57", "nearly three-fold",
                                  "black women", "twice", "one in five"])
def test_never_an_empty_quote(store, text):
    r = check(store, text)
    assert "matches ." not in (r.message or "")
    assert r.matches or r.suggestions or r.message


def test_no_match_lists_the_nearest_statements_too(store):
    r = check(store, "seven times more likely")
    if r.matches:
        pytest.fail("no published figure or statement is a ratio of 7")
    assert r.statements and all(title and st.words for title, st in r.statements)


def test_a_published_comparison_is_found_by_its_words(store):
    top = check(store, "20% higher").matches[0]
    assert top.kind == COMPARISON and top.statement.words == "20% higher"
    assert top.pair == "2022-24 against 2009-11"
    assert top.verdict is not None


def test_no_match_says_so_and_suggests_the_nearest(store):
    r = check(store, "13.57")
    assert not r.matches
    assert r.message.startswith("No published figure in this dashboard matches 13.57.")
    assert (r.suggestions[0].period, r.suggestions[0].number) == ("2020-22", "13.56")


def test_words_without_a_number_suggest_figures_that_use_them(store):
    r = check(store, "black women")
    assert not r.matches and "could not find a number" in r.message
    assert any("Black" in f.group for f in r.suggestions)


@settings(max_examples=examples(150), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,% x-intmesfourwdvhalyb")), max_size=40))
def test_check_never_raises(store, text):
    r = check(store, text)
    assert r.matches or r.message


def test_the_readers_own_words_are_quoted_back_not_refused(store):
    # safe-messaging checks guard the words we write; a reader's pasted headline is quoted, never a server error
    r = check(store, "a surge of 22%")
    assert r.reading_sentences == ('We read "a surge of 22%" as 22%.',)


# ---- a pasted ratio of a gap the pages answer is followed by what the pages lead with for it

def _gaps():
    from dashboard.content.spec import pages
    return pages().home.gaps()


def test_a_pasted_older_ratio_is_followed_by_the_producers_2022_24_words(store):
    # maternal.csv: 3.7 (Black vs White, 2018-20, Saving Lives 2022, primary); comparisons.csv line 11: MBRRACE-UK's
    # January 2026 data brief says "nearly three-fold difference" for 2022-24 (primary)
    m = check(store, "3.7 times", gaps=_gaps()).matches[0]
    assert m.kind == FIGURE and m.figure.period == "2018-20" and m.figure.group == "Black vs White"
    words = " ".join(m.sentences)
    assert ("MBRRACE-UK's own words for 2022 to 2024 are \"nearly three-fold difference\" (primary source: MBRRACE-UK "
            "maternal mortality data brief, January 2026 (2022-24))") in words
    # the newest ratio, 2.3 for 2021-23, is a law firm's page: the sentence that names it says so
    latest = next(s for s in m.sentences if s.startswith("The latest published ratio"))
    assert "2.3 for 2021-23" in latest and "not checked against the original" in latest


def test_a_pasted_deprivation_ratio_is_followed_by_the_producers_twice(store):
    # maternal.csv: 1.9 (most vs least deprived, 2021-23, secondary); comparisons.csv line 13: "twice that of women
    # living in the least deprived areas", 2022-24, January 2026 data brief (primary)
    m = next(x for x in check(store, "1.9 times deprived", gaps=_gaps()).matches if x.kind == FIGURE)
    assert m.figure.period == "2021-23"
    assert "\"twice that of women living in the least deprived areas\"" in " ".join(m.sentences)


def test_without_the_pages_gaps_a_ratio_is_answered_alone(store):
    m = check(store, "3.7 times").matches[0]
    assert "nearly three-fold" not in " ".join(m.sentences)
