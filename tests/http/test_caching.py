"""A CDN in front: pages, downloads and images are public for a while with an ETag made from the data hash, the
version and the address, revalidated with 304; robots.txt keeps crawlers off images, downloads, the API and PDFs;
sitemap.xml lists the pages (dashboard/web/caching.py, dashboard/web/sitemap.py)."""

from __future__ import annotations

import dataclasses
import urllib.robotparser
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from dashboard.web.caching import etag

PAGE = "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400"
FILE = "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


LIVE = "https://maternal-stats.example.org"


@pytest.fixture(scope="module")
def app(store, settings):
    """The app as deployed behind a CDN: with its public address set (without one, absolute links follow the
    request's Host and shared caches may not keep the pages)."""
    from dashboard.app import create_app

    return create_app(dataclasses.replace(settings, public_url=LIVE), store)


@pytest.mark.parametrize(("url", "policy"), [
    ("/", PAGE), ("/explore?by=ethnicity", PAGE), ("/topics/mental-health-and-social-care", PAGE), ("/about", PAGE),
    ("/check?q=13.56", PAGE), ("/data", PAGE), ("/embed?by=ethnicity", PAGE), ("/api/v1/indicators", PAGE),
    ("/data/latest/figures.csv", FILE), ("/data/latest/maternal_mortality_rate.json", FILE),
    ("/image/view.png?by=ethnicity", FILE), ("/download/view.csv?by=ethnicity", FILE), ("/briefing.pdf", FILE),
])
def test_answers_are_public_with_a_stable_etag_and_revalidate_with_304(client, url, policy):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Cache-Control"] == policy
    tag = first.headers["ETag"]
    assert client.get(url).headers["ETag"] == tag
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == policy
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_a_revalidation_is_answered_without_building_the_answer(app, client, monkeypatch, encoding):
    url = "/data/latest/figures.json"  # 2 MB: built by its route every time (too large for the response memo)
    first = client.get(url, headers={"Accept-Encoding": encoding})
    assert first.status_code == 200 and first.headers["ETag"].endswith(':br"' if encoding == "br" else '"')
    calls = []
    route = app.server.view_functions["data_json"]
    monkeypatch.setitem(app.server.view_functions, "data_json", lambda **kw: calls.append(kw) or route(**kw))
    again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and calls == []
    assert client.get(url, headers={"Accept-Encoding": encoding}).status_code == 200 and len(calls) == 1


def test_each_address_has_its_own_etag(client):
    tags = {client.get(u).headers["ETag"] for u in ("/", "/about", "/explore?by=ethnicity", "/explore?by=age",
                                                      "/explore?by=ethnicity&ci=0")}
    assert len(tags) == 5


def test_a_different_data_hash_gives_a_different_etag(store, settings, client):
    from dashboard.app import create_app

    other = create_app(dataclasses.replace(settings, public_url=LIVE),
                       dataclasses.replace(store, content_hash=store.content_hash + "-next")).server
    for url in ("/", "/data/latest/figures.csv"):
        assert other.test_client().get(url).headers["ETag"] != client.get(url).headers["ETag"]
    args = ("sha256:a", "0.1.0", "https://s.example.org", "2026-12-07", "/explore", b"by=age")
    assert etag(*args) != etag("sha256:b", *args[1:])
    assert etag(*args) != etag(args[0], "0.1.1", *args[2:])
    assert etag(*args) != etag(*args[:2], "https://t.example.org", *args[3:])
    assert etag(*args) != etag(*args[:3], "2026-12-08", *args[4:])
    assert etag(*args) != etag(*args[:5], b"by=ethnicity")


def test_errors_redirects_and_the_callback_are_not_cached_publicly(client):
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store" and "ETag" not in missing.headers
    redirect = client.get("/image/view.png?by=nonsense")
    assert redirect.status_code == 302 and redirect.headers["Cache-Control"] == "no-store"
    assert "ETag" not in client.post("/explore/_dash-update-component", json={"output": "nope"}).headers


def test_robots_keeps_crawlers_off_images_downloads_the_api_and_pdfs(client):
    resp = client.get("/robots.txt")
    text = resp.get_data(as_text=True)
    assert resp.mimetype == "text/plain"
    rules = urllib.robotparser.RobotFileParser()
    rules.parse(text.splitlines())
    for url in ("/", "/explore?by=ethnicity", "/about", "/data", "/data/2024-10/", "/check?q=13.56", "/briefing"):
        assert rules.can_fetch("AnyBot", url), url
    for url in ("/image/view.png?by=ethnicity", "/download/view.csv", "/api/v1/figures", "/explore/_dash-layout"):
        assert not rules.can_fetch("AnyBot", url), url
    for line in ("Disallow: /*.pdf$", "Disallow: /data/*.csv$", "Disallow: /data/*.parquet$",
                 "Disallow: /data/*.json$", "Disallow: /data/*.zip$"):
        assert line in text.splitlines()
    assert f"Sitemap: {LIVE}/sitemap.xml" in text.splitlines()


def test_sitemap_lists_the_pages_and_the_explore_views_they_link_to(client):
    resp = client.get("/sitemap.xml")
    assert resp.status_code == 200 and resp.mimetype == "application/xml"
    locs = [e.text for e in ET.fromstring(resp.data).iter(f"{SITEMAP_NS}loc")]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(f"{LIVE}/") for loc in locs)
    paths = [loc.removeprefix(LIVE) for loc in locs]
    for page in ("/", "/explore", "/topics/mental-health-and-social-care", "/briefing", "/about", "/data",
                 "/check", "/changes", "/data/2024-10/", "/check?q=13.56"):
        assert page in paths, page
    home = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    views = {a["href"] for a in home.find_all("a", href=True) if a["href"].startswith("/explore")}
    assert views and views <= set(paths)
    assert not [p for p in paths if p.startswith(("/image/", "/download/", "/api/", "/embed", "/assets/"))]
    assert not [p for p in paths if p.endswith((".pdf", ".csv", ".json", ".zip", ".parquet"))]
    for path in paths:
        assert client.get(path).status_code == 200, path
