"""Edges of dashboard.model.select, checked on the shipped data: a published group ratio and the source's words on
the same gap (MBRRACE-UK, January 2025 data brief: for 2021-23 Asian women had "a slightly, statistically
non-significant increased risk" against White women; Black women's risk was given as a size only), and the gaps a
yearly series leaves. Also the data package's hashes (dashboard.data.load.update_hashes)."""

from __future__ import annotations

import json

from dashboard.data.load import update_hashes
from dashboard.model.compare import GROUPS, NONE, NOT_SIGNIFICANT, NOT_STATED, SOURCE
from dashboard.model.select import compare_groups, latest, missing_periods, published_ratio, ratio_verdict
from tests.unit.test_model import fig


def ratio(store, group: str, period: str):
    return next(f for f in latest(store, "maternal_mortality_rate_ratio", "ethnicity", group) if f.period == period)


def test_the_sources_words_on_a_gap_answer_beside_its_published_ratio(store):
    v = ratio_verdict(store, ratio(store, "Asian vs White", "2021-23"))
    assert (v.kind, v.a_label, v.b_label, v.method, v.significance) == (GROUPS, "Asian", "White", SOURCE,
                                                                        NOT_SIGNIFICANT)
    assert v.deciding.words == "a slightly, statistically non-significant increased risk"
    assert v.deciding.vintage == "2025-01" and len(v.statements) == 2  # the 1.3 ratio itself and the brief's words


def test_an_earlier_edition_does_not_know_the_later_words(store):
    v = ratio_verdict(store, ratio(store, "Asian vs White", "2021-23"), edition="2024-12")
    assert (v.method, v.significance, len(v.statements)) == (NONE, NOT_STATED, 1)


def test_a_gap_given_only_as_a_size_stays_untested(store):
    v = ratio_verdict(store, ratio(store, "Black vs White", "2021-23"))
    assert (v.method, v.significance, v.a_label, v.b_label) == (NONE, NOT_STATED, "Black", "White")
    assert [s.vintage for s in v.statements if not s.from_ratio_figure] == ["2025-01"]


def test_a_yearly_series_names_its_missing_years_and_a_rolling_one_its_missing_periods():
    yearly = [fig(1.0, "2017"), fig(1.0, "2018"), fig(1.0, "2021")]
    assert missing_periods(yearly) == ["2019", "2020"]
    rolling = [fig(1.0, "2014-16"), fig(1.0, "2017-19")]
    assert missing_periods(rolling) == ["2015-17", "2016-18"]
    assert missing_periods([fig(1.0, "2014-16"), fig(None, "2015-17"), fig(1.0, "2016-18")]) == ["2015-17"]


def test_update_hashes_reports_only_what_changed(mini_copy):
    folder = mini_copy
    assert update_hashes(folder) == []
    csv_path = next(folder.glob("curated/*.csv"))
    csv_path.write_text(csv_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = update_hashes(folder)
    assert changed == [str(csv_path.relative_to(folder))]
    res = next(r for r in json.loads((folder / "datapackage.json").read_text())["resources"] if r["path"] == changed[0])
    assert res["bytes"] == csv_path.stat().st_size
    assert update_hashes(folder) == []


def test_a_short_group_name_names_the_longer_label_it_begins():
    from dashboard.model.select import _matches

    assert _matches("White", "White (inc. not known)") and _matches("Black", "black")
    assert _matches("Mixed", "Mixed/multiple ethnic groups") and _matches("25 to 29", "25 to 29 years")
    assert not _matches("White", "Whiteley") and not _matches("Asian", "Black")


def test_a_gap_between_groups_gathers_the_sources_words_and_its_published_ratio(store):
    # Saving Lives, Improving Mothers' Care 2022: Black women "3.7 times more likely to die" than White women in
    # 2018-20, a size without a test; the ONS file gives the two rates (33.99 and 9.23) without counts
    def rate(group):
        return next(f for f in latest(store, "maternal_mortality_rate", "ethnicity", group) if f.period == "2018-20")

    black, white = rate("Black"), rate("White (inc. not known)")
    v = compare_groups(store, black, white)
    assert (v.kind, v.a_label, v.b_label, v.a, v.b) == (GROUPS, "Black", "White (inc. not known)", black, white)
    assert (v.method, v.significance, v.direction) == (NONE, NOT_STATED, "higher")
    assert [(s.vintage, s.from_ratio_figure, s.words) for s in v.statements] == [
        ("2022-11", False, "3.7 times more likely to die"), ("2022-11", True, "")]
    ratio = published_ratio(store, black, white)
    assert (ratio.value, ratio.period, ratio.group, ratio.vintage) == (3.7, "2018-20", "Black vs White", "2022-11")
    assert published_ratio(store, white, black) is None  # the ratio is Black to White, not the other way round
    assert published_ratio(store, black, white, edition="2022-10") is None
    assert compare_groups(store, black, white, edition="2022-10").statements == ()
