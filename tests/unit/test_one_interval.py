"""One interval label per figure, wherever it is shown, and the headline's lay sentence says what the rate measures."""

from __future__ import annotations

from dashboard.content.home import home
from dashboard.model.check import check

# maternal.csv line 93: BMJ news printed 8.79 with 95% CI 7.58 to 10.12 (secondary); line 94: Oxford's release gives
# 8.79 (primary, no interval); line 109: BJGP gives 8.79 with 191 deaths among 2,173,810 maternities (secondary)
BMJ_LABEL = "95% CI 7.58 to 10.12, as reported by BMJ (news), not checked against the original"


def test_the_2017_19_interval_has_one_label_on_home_and_on_the_checker(store):
    h = home(store)
    on_home = [i.figure for b in (h.headline, *h.blocks) if b for i in b.items
               if i.figure.value == 8.79 and i.figure.indicator.id == "maternal_mortality_rate"]
    on_check = [m.figure for m in check(store, "8.79").matches if m.figure is not None]
    assert on_check
    assert {f.ci_text for f in on_home + on_check} == {BMJ_LABEL}


def test_every_row_of_one_value_carries_the_same_interval_and_its_source(store):
    t = store.table
    key = ["indicator", "period", "breakdown", "group", "geography", "value"]
    printed = t[t["ci_method"] == "published"]
    same = t.merge(printed[key].drop_duplicates(), on=key)
    per_value = same.groupby(key, dropna=False)[["ci_lower", "ci_upper", "ci_method"]].nunique(dropna=False)
    assert (per_value <= 1).all().all(), per_value[(per_value > 1).any(axis=1)]
    row = t[t["row_id"] == "curated/maternal.csv:109"].iloc[0]
    assert (row["ci_method"], row["ci_source_url"], row["ci_tier"]) == ("published", "https://doi.org/10.1136/bmj.o2732",
                                                                         "secondary")


def test_the_lay_sentence_counts_per_100000_maternities_not_per_woman_who_gave_birth(store):
    # NDPH, January 2026: '252 women died ... among 1,969,321 maternities ... 12.80 per 100,000 maternities'
    lay = "In 2022 to 2024, for every 100,000 maternities, about 13 women died in pregnancy or in the six weeks after."
    assert lay in home(store).headline.sentences
    assert not any("in every 100,000 women who gave birth" in s for s in home(store).headline.sentences)
