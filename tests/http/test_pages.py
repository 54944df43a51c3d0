"""The reading pages over HTTP (Flask test client): figures in the HTML without JavaScript, every figure a store
row, flags, support boxes, junk queries, a tampered dataset, error pages and the first-load weight."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dashboard.config import Settings
from dashboard.data.load import load_store, update_hashes
from dashboard.model import words

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
TOPIC = "/topics/mental-health-and-social-care"
PAGES = ["/", TOPIC, "/briefing", "/briefing?view=1&ind=known_to_social_services_share", "/about"]
BUDGET = 150 * 1024  # a reading page's first load, transferred (HTML + CSS, compressed)


@pytest.fixture(scope="module")
def pages(client):
    out = {}
    for path in PAGES:
        resp = client.get(path)
        assert resp.status_code == 200, path
        out[path] = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    return out


@pytest.fixture(autouse=True)
def _no_unexpected_errors(app):
    errors = app.server.extensions["dashboard_errors"]
    before = errors["count"]
    yield
    assert errors["count"] == before, errors["last"]


def test_pages_have_no_javascript_and_show_their_figures(pages):
    for path, soup in pages.items():
        assert soup.find("script") is None, path
        assert soup.find("h1").get_text(strip=True), path
    home = pages["/"].get_text(" ", strip=True)
    # curated/maternal.csv line 108: 12.80 per 100,000 maternities in 2022-24, 252 deaths among 1,969,321
    for text in ("12.80", "per 100,000 maternities", "95% CI 11.27 to 14.48, calculated by this dashboard",
                 "252 deaths among 1,969,321 maternities", "2022-24",
                 "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"):
        assert text in home, text
    assert pages["/"].select_one("#trend-chart svg[role=img]") is not None
    assert pages["/"].select_one("#trend-table tbody tr") is not None
    topic = pages[TOPIC].get_text(" ", strip=True)
    assert "Of these mothers, 99 had children's social care involvement." in topic  # social.csv line 2
    assert "rate ratio 0.26, 95% CI 0.14 to 0.44" in topic  # social.csv line 22


def test_home_chart_carries_the_ambition_line_and_its_source(pages):
    # ambitions.yaml: halve the 2009-11 rate (10.63) by 2025; no printed target, so "about 5.3", calculated
    home = pages["/"]
    assert "Ambition for 2025: about 5.3 (calculated)" in home.select_one("#trend-chart .chart-wide svg").get_text()
    words = home.select_one("#headline #ambition").get_text(" ", strip=True)  # in the rate block's detail
    assert "20% above 2009-11 (10.63); the ambition was to halve it to about 5.3 by 2025." in words
    link = home.select_one("#ambition a[href]")
    assert link["href"] == "https://www.gov.uk/government/news/new-maternity-strategy-to-reduce-the-number-of-stillbirths"


def test_every_figure_shown_is_a_store_row(pages, store):
    rows = set(store.table["row_id"])
    for path, soup in pages.items():
        shown = {el["data-row"] for el in soup.select("[data-row]")}
        assert shown or path == "/about", path  # About shows no figures, only definitions and references
        assert shown <= rows, (path, shown - rows)


def test_secondary_figures_carry_their_flag_beside_the_number(pages):
    for path, soup in pages.items():
        for card in soup.select(".figure-card--flagged"):
            assert card.select_one(".big").get_text().endswith("*"), path
            assert "not checked against the original" in card.select_one(".flag-secondary").get_text(), path
        for line in soup.select("li.fact"):
            if "Secondary source" in line.get_text():
                assert "not checked against the original" in line.get_text(), path
    for cell in soup.select("td[data-label=Source]") if (soup := pages["/"]) else ():
        if "Secondary source" in cell.get_text():
            assert "not checked against the original" in cell.select_one(".flag-secondary").get_text()
    # the deprivation gap's answer names the law firm's 1.9 with its flag, beside the producer's own words
    dep = pages["/"].select_one("#gap-deprivation .answer-source .flag-secondary")
    assert dep.get_text() == "(reported by RWK Goodman (law firm); not checked against the original)."  # the full stop inside the flag


def test_sensitive_pages_carry_the_support_box(pages):
    for path in (TOPIC, "/briefing", "/about"):
        box = pages[path].select_one(".support-box")
        assert box is not None and "116 123" in box.get_text(), path
    # one support text: the box says the model's words (the line under a shared chart is their first part)
    said = re.sub(r"\s+([.,])", r"\1", " ".join(pages[TOPIC].select_one(".support-box").get_text(" ").split()))
    assert said == f"{words.SUPPORT_TITLE} {words.SUPPORT_TEXT} {words.BEREAVEMENT_TEXT}"
    assert words.SUPPORT_LINE.startswith(words.SUPPORT_TITLE + ", you can talk to Samaritans")
    # the home page says it once, in its first sensitive block
    assert [b.find_parent("section")["id"] for b in pages["/"].select(".support-box")] == ["late-deaths"]
    assert pages["/about"].select_one("#support") is not None
    assert pages[TOPIC].select_one("#teenage") is not None


def test_error_pages_look_like_the_site_and_are_not_indexed(client, app, monkeypatch):
    for path, method, status in (("/no-such-page", "get", 404), ("/about", "post", 405)):
        resp = getattr(client, method)(path)
        assert resp.status_code == status
        soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
        assert soup.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
        assert soup.select_one(".site-header nav") is not None and soup.select_one("link[rel=stylesheet]")
    import dashboard.content.home as home_content

    monkeypatch.setattr(home_content, "build_view", lambda *a: 1 / 0)
    errors = app.server.extensions["dashboard_errors"]
    before = errors["count"]
    fresh = _fresh_app(DATASETS)  # a new app: the running one has its home page cached
    resp = fresh.server.test_client().get("/")
    assert resp.status_code == 500
    soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    assert soup.select_one(".site-header nav") is not None
    assert "ZeroDivisionError" not in resp.get_data(as_text=True)
    assert fresh.server.extensions["dashboard_errors"]["count"] == 1
    assert errors["count"] == before


JUNK = ["?edition=9999-99", "?edition=<script>", "?edition=" + "x" * 5000, "?view=1&ind=%00%ff", "?view=1&by=nope",
        "?view=1&ind=maternal_mortality_rate&from=2030-32&to=1066", "?view=1&groups=" + "|".join(["A"] * 200),
        "?view=1&measure=ratio&ind=stillbirth_rate", "?view=%ZZ&edition=%", "?" + "&".join(f"k{i}=v" for i in range(300)),
        "?view=1&edition=2019-05", "?edition=1900-01"]


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("path", ["/", TOPIC, "/briefing", "/about"])
def test_junk_query_strings_never_500(client, path, junk):
    resp = client.get(path + junk)
    if path == "/briefing" and junk == "?edition=1900-01":  # before the first edition: a clear 400 page
        assert resp.status_code == 400 and "No figures had been published by January 1900" in resp.get_data(as_text=True)
        return
    assert resp.status_code == 200, (path, junk)
    assert b"<script" not in resp.data.lower().replace(b"&lt;script", b"")


def test_junk_edition_gets_a_notice(client):
    text = client.get("/briefing?edition=2030-13").get_data(as_text=True)
    assert "is not a month written as YYYY-MM, so the latest figures are shown." in text


def _fresh_app(datasets: Path):
    from dashboard.app import create_app

    settings = Settings(datasets=datasets, assets=Settings.from_env().assets, cache=datasets.parent / "cache")
    return create_app(settings, load_store(datasets))


def test_a_tampered_dataset_copy_changes_the_pages(tmp_path, app):
    d = tmp_path / "datasets"
    shutil.copytree(DATASETS, d)
    mat = d / "curated" / "maternal.csv"
    text = mat.read_text(encoding="utf-8")
    old = "maternal_mortality_rate,2022-24,overall,All,UK,12.80,,,252,1969321,"
    assert old in text
    mat.write_text(text.replace(old, "maternal_mortality_rate,2022-24,overall,All,UK,13.41,,,264,1969321,"),
                   encoding="utf-8")
    update_hashes(d)
    try:
        client = _fresh_app(d).server.test_client()
        home = client.get("/").get_data(as_text=True)
        brief = client.get("/briefing").get_data(as_text=True)
    finally:
        _fresh_app(DATASETS)  # put the shipped data back as the app context other tests read
    for page in (home, brief):
        assert "13.41 per 100,000 maternities" in page and "264 deaths among 1,969,321 maternities" in page
        assert "12.80 per 100,000 maternities" not in page


def test_first_load_of_a_reading_page_is_small(client):
    for path in ["/", TOPIC, "/about", "/briefing"]:
        resp = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        html = resp.get_data()
        total = len(html)
        soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
        for link in soup.select("link[rel=stylesheet]"):
            css = client.get(link["href"], headers={"Accept-Encoding": "br, gzip"})
            assert css.status_code == 200
            total += len(css.get_data())
        assert resp.headers.get("Content-Encoding") in ("br", "gzip", "zstd"), path
        assert total <= BUDGET, (path, total)


def test_pdf_failure_is_a_clear_503_page_not_a_500(client, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the library (or Pango) could not be loaded
    resp = client.get("/briefing.pdf?edition=2023-05")  # an edition no other test has made a PDF of
    assert resp.status_code == 503
    text = resp.get_data(as_text=True)
    assert "The PDF could not be made; print the briefing from your browser." in text
    assert 'href="/briefing?edition=2023-05"' in text
    assert re.search(r'<meta name="robots" content="noindex">', text)
    assert any("could not be made" in r.getMessage() for r in caplog.records)
