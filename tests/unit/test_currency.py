"""How current the figures are (dashboard.model.currency): the newest publication the data go up to, at an edition,
overall and per indicator, and the one sentence pages show under their title.

Expected values are read from the shipped files in datasets/curated/ (the `publication`, `published_date`, `period`
and `tier` columns), not from the code under test."""

from __future__ import annotations

import pandas as pd

from dashboard.data.load import Store
from dashboard.model.currency import UpTo, by_indicator, published_up_to, up_to
from dashboard.tiers import Tier

BRIEF_2026 = "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"  # maternal.csv, published_date 2026-01
SAVING_LIVES_2024 = "Saving Lives, Improving Mothers' Care 2024 (2020-22)"      # published_date 2024-10-10
SAVING_LIVES_2022 = "Saving Lives, Improving Mothers' Care 2022 (2018-20)"      # published_date 2022-11-10
PERINATAL_2023 = "MBRRACE-UK Perinatal Mortality Surveillance Report: births in 2023"  # perinatal.csv, 2025-05
DE_BACKER = "De Backer et al., BMJ Medicine 2025"                               # social.csv, 2025-07-10
# the data brief's primary rows were read on two pages: three on NDPH's news page, two on NPEU's brief page
NDPH_2026 = "https://www.ndph.ox.ac.uk/news/maternal-death-rates-in-the-uk-20-higher-in-2022-24-than-2009-11"
HQIP_2024 = "https://hqip.org.uk/resource/improving-mothers-care-mbrrace"  # Saving Lives 2024's two official rows


def test_the_latest_figures_go_up_to_the_january_2026_data_brief(store):
    got = up_to(store)
    assert got == UpTo("2026-01", BRIEF_2026, "2026-01", "2022-24", Tier.PRIMARY, NDPH_2026)
    assert got.month == "January 2026"
    assert got.sentence == f"Figures as published up to January 2026: the newest is {BRIEF_2026}."
    assert published_up_to(store) == got.sentence


def test_an_edition_shows_what_was_published_up_to_then(store):
    # the 2024-10 rows of Saving Lives 2024 are official (2) and secondary (11); its main period is 2020-22
    got = up_to(store, "2024-10")
    assert got == UpTo("2024-10", SAVING_LIVES_2024, "2024-10-10", "2020-22", Tier.OFFICIAL, HQIP_2024)
    assert published_up_to(store, "2024-10") == (
        f"Figures as published up to October 2024: the newest is {SAVING_LIVES_2024}.")
    # a month with no publication of its own: the newest before it (Saving Lives 2022, 10 November 2022)
    older = up_to(store, "2023-01")
    assert (older.vintage, older.publication, older.month, older.period) == (
        "2022-11", SAVING_LIVES_2022, "November 2022", "2018-20")


def test_nothing_published_yet_is_no_sentence(store):
    assert up_to(store, "2000-01") is None
    assert published_up_to(store, "2000-01") == ""


def test_each_indicator_goes_up_to_its_own_newest_publication(store):
    each = by_indicator(store)
    assert set(each) == set(store.catalogue.indicators)
    assert each["maternal_mortality_rate"].publication == BRIEF_2026
    still = each["stillbirth_rate"]
    assert (still.vintage, still.publication, still.period, still.tier) == ("2025-05", PERINATAL_2023, "2023",
                                                                          Tier.PRIMARY)
    assert still.detail == f"May 2025 ({PERINATAL_2023})"
    assert still.short == f"published up to May 2025 ({PERINATAL_2023})"
    csc = each["csc_involvement_share"]
    assert (csc.month, csc.publication, csc.published_date, csc.period) == ("July 2025", DE_BACKER, "2025-07-10",
                                                                          "2014-22")
    # an edition before the indicator's first figure leaves it out
    assert "csc_involvement_share" not in by_indicator(store, "2024-10")


def test_the_best_tier_leads_within_an_edition_and_the_page_writer_is_reexported():
    rows = [  # two publications in one edition: the primary one leads, whatever its name
        ("a", "2019-21", "A secondary report", "2023-03-01", "secondary", "2023-03", "https://a.example/"),
        ("a", "2020-22", "Z primary report", "2023-03-09", "primary", "2023-03", "https://z.example/2"),
        ("a", "2021", "Z primary report", "2023-03-09", "primary", "2023-03", "https://z.example/1"),
        ("a", "2018", "Z primary report", "2023-03-09", "secondary", "2023-03", "https://news.example/"),
        ("a", "2015-17", "Old report", "2019", "primary", "2019-00", "https://old.example/"),
    ]
    table = pd.DataFrame(rows, columns=["indicator", "period", "publication", "published_date", "tier", "vintage",
                                        "source_url"])
    fake = Store(catalogue=None, table=table, comparisons=pd.DataFrame(), content_hash="x")  # type: ignore[arg-type]
    # its primary rows name two pages once each: the first A-Z; the secondary row's page is not its address
    assert up_to(fake) == UpTo("2023-03", "Z primary report", "2023-03-09", "2020-22", Tier.PRIMARY,
                               "https://z.example/1")
    assert up_to(fake, "2022-12").month == "2019"  # a year-only edition is named by its year
    from dashboard.content.common import published_up_to as reexported
    assert reexported is published_up_to
