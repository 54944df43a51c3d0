"""How current the figures are, on every page and per indicator: "Figures as published up to <month year>: the
newest is <publication>." right under each page's h1 (the same date on each), for the edition a page shows; per
indicator on /data and in /api/v1/indicators; /data names its data version in words, not as a bare hash.

Expected values are read from datasets/curated/*.csv: the newest publication is "MBRRACE-UK maternal mortality data
brief, January 2026 (2022-24)" (published_date 2026-01, primary, periods 2022-24 and 2021-23); in October 2024 it
was "Saving Lives, Improving Mothers' Care 2024 (2020-22)" (2024-10-10); the stillbirth rate's newest is the
"MBRRACE-UK Perinatal Mortality Surveillance Report: births in 2023" (2025-05, 2023).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from dashboard.web.asof import under_title

BRIEF = "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
LATEST = f"Figures as published up to January 2026: the newest is {BRIEF}."
OCTOBER_2024 = ("Figures as published up to October 2024: the newest is Saving Lives, Improving Mothers' Care 2024 "
                "(2020-22).")
PERINATAL = "MBRRACE-UK Perinatal Mortality Surveillance Report: births in 2023"
PAGES = ["/", "/topics/mental-health-and-social-care", "/about", "/data", "/data/latest/", "/check",
         "/check?q=13.56", "/changes", "/explore", "/explore?ind=stillbirth_rate",
         "/briefing?view=1&ind=known_to_social_services_share"]
EDITION_PAGES = ["/data/2024-10/", "/explore?edition=2024-10", "/changes?from=2024-07&to=2024-10",
                 "/briefing?view=1&ind=maternal_mortality_rate&edition=2024-10"]


def soup(client, path: str, status: int = 200) -> BeautifulSoup:
    r = client.get(path)
    assert r.status_code == status, path
    return BeautifulSoup(r.get_data(as_text=True), "html.parser")


def under_h1(page: BeautifulSoup) -> str:
    """The text of the element right after the page's (only) h1."""
    (h1,) = page.find_all("h1")
    return " ".join(h1.find_next_sibling().get_text(" ", strip=True).split())


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_how_current_its_figures_are_right_under_its_title(client, path):
    page = soup(client, path)
    assert under_h1(page) == LATEST
    assert page.get_text().count("Figures as published up to") == 1  # said once per page


@pytest.mark.parametrize("path,line", [("/briefing", LATEST), ("/briefing?edition=2024-10", OCTOBER_2024)])
def test_the_briefing_says_it_in_its_own_header_once(client, path, line):
    page = soup(client, path)
    assert under_h1(page).startswith(line)
    assert page.get_text().count("Figures as published up to") == 1


@pytest.mark.parametrize("path", EDITION_PAGES)
def test_a_page_of_an_older_edition_says_what_was_published_by_then(client, path):
    assert under_h1(soup(client, path)) == OCTOBER_2024


@pytest.mark.parametrize("path,status", [("/no-such-page", 404), ("/data/1999-01/", 404),
                                         ("/changes?to=1999-01", 404)])
def test_error_pages_do_not_carry_it(client, path, status):
    assert "Figures as published up to" not in soup(client, path, status).get_text()


def test_under_title_puts_the_line_after_the_first_h1_escaped():
    html = '<h1 class="x">Title</h1>\n<p>Lead</p><h2>More</h2>'
    out = str(under_title(html, "Up to <January> & after"))
    assert out == ('<h1 class="x">Title</h1>\n<p class="as-of">Up to &lt;January&gt; &amp; after</p>\n'
                   '<p>Lead</p><h2>More</h2>')
    assert str(under_title(html, "")) == html
    assert str(under_title("<p>No title</p>", "Up to")) == "<p>No title</p>"


def test_data_page_names_each_indicators_newest_publication_and_the_version_in_words(client):
    page = soup(client, "/data")

    def up_to(ind: str) -> str:
        return page.find(id=f"ind-{ind}").find(class_="published-up-to").get_text(" ", strip=True)

    assert up_to("maternal_mortality_rate") == f"published up to January 2026 ({BRIEF})"
    assert up_to("stillbirth_rate") == f"published up to May 2025 ({PERINATAL})"
    assert up_to("csc_involvement_share") == "published up to July 2025 (De Backer et al., BMJ Medicine 2025)"
    text = " ".join(page.get_text(" ").split())
    assert f"Data version: the January 2026 edition (the newest publication in it: {BRIEF})" in text
    assert not re.search(r"Data version:?\s*sha256", text)  # never a bare hash as the version


def test_api_gives_each_indicator_its_newest_publication(client):
    body = client.get("/api/v1/indicators").get_json()
    assert body["published_up_to"] == {
        "edition": "2026-01", "words": "January 2026", "publication": BRIEF, "published_date": "2026-01",
        "period": "2022-24", "tier": "primary",
        "source_url": "https://www.ndph.ox.ac.uk/news/maternal-death-rates-in-the-uk-20-higher-in-2022-24-than-2009-11",
        "sentence": LATEST}
    each = {d["id"]: d["published_up_to"] for d in body["data"]}
    assert all(each.values())
    assert each["stillbirth_rate"] == {
        "edition": "2025-05", "words": "May 2025", "publication": PERINATAL, "published_date": "2025-05",
        "period": "2023", "tier": "primary",
        "source_url": "https://le.ac.uk/news/2025/may/perinatal-loss-infancy-death-leicester",
        "sentence": f"Figures as published up to May 2025: the newest is {PERINATAL}."}
    one = client.get("/api/v1/indicators?indicator=maternal_mortality_rate").get_json()
    assert one["data"][0]["published_up_to"]["publication"] == BRIEF


def test_the_field_is_declared_in_the_openapi_description(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "published_up_to" in schemas["IndicatorOut"]["properties"]
    assert set(schemas["PublishedUpTo"]["required"]) == {"edition", "words", "publication", "published_date",
                                                         "period", "tier", "source_url", "sentence"}


def test_the_data_package_readme_says_it_overall_and_per_indicator(client):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(client.get("/data/package.zip").data)) as zf:
        readme = zf.read("README.md").decode()
    assert LATEST in readme
    still = readme[readme.index("(`stillbirth_rate`)"):]
    still = still[:still.index("\n### ")]
    assert f"- Published up to: May 2025 ({PERINATAL})" in still


def test_the_walk_covers_every_page_in_the_navigation():
    from dashboard.web.render import NAV

    walked = {p.split("?")[0] for p in PAGES} | {"/briefing"}
    assert {href for href, _ in NAV} <= walked
