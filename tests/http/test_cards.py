"""Every page kind shares as a 1200x630 card that carries its answer: og:image with width, height and alt, and an
og:url that keeps the query that made the page."""

from __future__ import annotations

import struct
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup


def _meta(client, path: str) -> dict[str, str]:
    resp = client.get(path)
    assert resp.status_code == 200, path
    doc = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    return {m.get("property") or m.get("name"): m["content"] for m in doc.find_all("meta") if m.get("content")}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


PAGES = ["/", "/topics/mental-health-and-social-care", "/briefing", "/briefing?view=1&ind=stillbirth_rate",
         "/explore", "/explore?by=ethnicity", "/explore?ind=known_to_social_services_share",
         "/check?q=22%25", "/check?q=five+times+more+likely", "/check?q=zzzz", "/changes",
         "/changes?from=2025-09&to=2026-01"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_has_a_landscape_card(client, path):
    meta = _meta(client, path)
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630", path
    assert meta["og:image:alt"], path
    assert meta["twitter:card"] == "summary_large_image"
    assert urlsplit(meta["og:url"]).path == urlsplit(path).path
    if "?" in path:
        assert urlsplit(meta["og:url"]).query, path   # the query that made the page is kept
    image = urlsplit(meta["og:image"])
    resp = client.get(f"{image.path}?{image.query}")
    assert resp.status_code == 200 and resp.mimetype == "image/png", path
    assert _png_size(resp.get_data()) == (1200, 630), path


def test_check_card_keeps_the_query_and_states_the_answer(client):
    meta = _meta(client, "/check?q=22%25")
    assert meta["og:url"] == "http://localhost/check?q=22%25"
    # social.csv line 28: 22% of women who died in 2020-22 were known to social services
    assert "22%" in meta["og:image:alt"]


def test_social_care_card_says_support_not_blame(client):
    meta = _meta(client, "/topics/mental-health-and-social-care")
    assert "22%" in meta["og:image:alt"] and "2020-22" in meta["og:image:alt"]


def test_unknown_card_is_a_clear_404(client):
    resp = client.get("/card.png?page=nowhere")
    assert resp.status_code == 404 and "no card" in resp.get_data(as_text=True)


def test_a_period_check_card_names_the_period(client):
    meta = _meta(client, "/check?q=2019-21")
    # maternal.csv line 99: 11.66 for 2019-21 (October 2023 data brief)
    assert meta["og:image:alt"].startswith("Check a figure: 2019-21.")
    assert "11.66" in meta["og:image:alt"]
