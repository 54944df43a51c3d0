"""What changed between editions. Expected values are read off the data files by hand:
- curated/maternal.csv: 2020-22 was 13.41 (272 deaths) in the MBRRACE-UK data brief of January 2024 and 13.56 (275)
  in Saving Lives, Improving Mothers' Care 2024 (October 2024); 2022-24 (12.80) first appears in January 2026;
  2019-21 was 11.56 in May 2023 and 11.66 in October 2023;
- curated/comparisons.csv: the October 2023 data brief says 2019-21 against 2018-20 is not significant (rate ratio
  1.07, 0.89 to 1.29); the January 2026 data brief says 2022-24 was "20% higher" than 2009-11.
"""

from __future__ import annotations

import pytest

from dashboard.model.changes import EditionError, changes, editions
from dashboard.model.links import ExploreLink


def test_default_is_the_latest_edition_against_the_one_before(store):
    c = changes(store)
    assert (c.start.vintage, c.end.vintage) == ("2025-09", "2026-01")
    assert c.publications == ("MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)",)
    assert c.revisions == ()
    mmr = next(s for s in c.new_periods if s.indicator.id == "maternal_mortality_rate")
    assert (mmr.breakdown, mmr.periods, mmr.figures[0].number) == ("overall", ("2022-24",), "12.80")
    assert mmr.explore.edition == "2026-01"
    new = next(x for x in c.new_comparisons if x.title == "Maternal mortality rate: 2022-24 against 2009-11")
    assert new.published == 'MBRRACE-UK maternal mortality data brief, January 2026 (2022-24) says "20% higher".'
    assert new.before is None


def test_a_revision_gives_old_new_and_the_difference(store):
    c = changes(store, "2024-01", "2024-10")
    rev = next(r for r in c.revisions if r.new.indicator.id == "maternal_mortality_rate")
    assert (rev.old.number, rev.new.number, round(rev.difference, 2)) == ("13.41", "13.56", 0.15)
    assert rev.sentence == ("Maternal mortality rate, 2020-22 (UK): 13.41 in MBRRACE-UK maternal mortality data brief, January 2024 (2020-22) "
                            "(January 2024) was revised to 13.56 in Saving Lives, Improving Mothers' Care 2024 "
                            "(2020-22) (10 October 2024), a difference of +0.15 per 100,000 maternities.")
    assert rev.explore == ExploreLink("maternal_mortality_rate", edition="2024-10")
    deaths = next(r for r in c.revisions if r.new.indicator.id == "maternal_deaths_all")
    assert (deaths.old.number, deaths.new.number) == ("272", "275")


def test_a_restatement_of_an_older_value_is_not_a_revision(store):
    # January 2025 restated 13.41 for 2020-22 after October 2024 had published 13.56
    c = changes(store, "2024-10", "2025-01")
    assert not [r for r in c.revisions if r.new.indicator.id == "maternal_mortality_rate" and r.new.period == "2020-22"]


def test_a_published_test_changes_the_answer(store):
    c = changes(store, "2023-09", "2023-10")
    s = next(x for x in c.significance if x.title == "Maternal mortality rate: 2019-21 against 2018-20")
    # before: the exact test of the counts (2019-21: 239 of 2,066,997, May 2023; 2018-20: 229 of 2,101,829)
    # calculated here; after: the source's own test, RR 1.07 (0.89 to 1.29) - the same answer, now in its words
    assert (s.before_words, s.after_words) == ("not statistically significant", "not statistically significant")
    assert (s.before.method, s.after.method) == ("calculated", "source") and s.after.ratio == 1.07
    assert s.reason == "MBRRACE-UK maternal mortality data brief, October 2023 (2019-21) published a comparison"
    assert s.explore.edition == "2023-10"
    rev = next(r for r in c.revisions if r.new.indicator.id == "maternal_mortality_rate")
    assert (rev.old.number, rev.new.number) == ("11.56", "11.66")


def test_comparisons_keep_their_edition(store):
    # statements are filtered by edition: every published comparison has its vintage and its own row id
    assert store.comparisons["vintage"].notna().all()
    assert store.comparisons["row_id"].is_unique


def test_unknown_and_equal_editions_are_clear_errors(store):
    with pytest.raises(EditionError) as info:
        changes(store, "2099-01", None)
    assert info.value.status == 404 and "2024-10" in str(info.value) and "'2099-01'" in str(info.value)
    with pytest.raises(EditionError) as info:
        changes(store, "2024-10", "2024-10")
    assert info.value.status == 400
    first = editions(store)[0].vintage
    with pytest.raises(EditionError):
        changes(store, None, first)


def test_editions_the_wrong_way_round_are_swapped(store):
    c = changes(store, "2024-10", "2024-01")
    assert (c.start.vintage, c.end.vintage) == ("2024-01", "2024-10") and c.notices
