"""Each curated row says when it was last compared with the page it cites: on /check and in the API."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup


def test_check_shows_when_a_figure_was_last_compared_with_its_page(client):
    # social.csv line 28: 22% (2020-22), Byline Times, re-read on 7 December 2026
    r = client.get("/check?" + urlencode({"q": "22% known to social services 2020-22"}))
    assert r.status_code == 200
    words = " ".join(BeautifulSoup(r.data, "html.parser").get_text(" ").split())
    assert "Last compared with the page it cites: 7 December 2026." in words


def test_the_api_gives_the_checked_date_of_every_curated_row(client):
    body = client.get("/api/v1/figures?indicator=known_to_social_services_share").get_json()
    rows = body["data"]
    assert rows and {r["period"]: r["checked"] for r in rows}["2020-22"] == "2026-12-07"
    assert all(r["checked"] for r in rows)  # all four are curated rows (social.csv lines 25-28)


@pytest.mark.parametrize("path", ["/", "/topics/mental-health-and-social-care", "/about", "/briefing", "/data",
                                  "/explore?ind=known_to_social_services_share", "/check?q=22%25",
                                  "/explore?ind=neonatal_mortality_rate&by=ethnicity"])
def test_no_page_claims_a_figure_was_not_published(client, path):
    # a gap is 'not in this dataset (none was found on a page it could cite)', never 'not published'
    r = client.get(path)
    assert r.status_code == 200
    words = " ".join(BeautifulSoup(r.data, "html.parser").get_text(" ").split()).lower()
    for claim in ("not published", "was published for", "no confidence interval published", "no published figures"):
        assert claim not in words, (path, claim)


def test_the_api_gives_each_indicators_base(client):
    meta = client.get("/api/v1/indicators?indicator=known_to_social_services_share").get_json()["data"][0]
    assert meta["base"] == ("of the women who died during pregnancy or within six weeks of its end from direct or "
                            "indirect causes")
    totals = client.get("/api/v1/indicators?indicator=maternal_deaths_all").get_json()["data"][0]
    assert set(totals["other_bases"]) == {"excludes-coincidental", "unreconciled"}
