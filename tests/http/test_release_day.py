"""Release day: /changes leads with what is new in the latest release, the home page and the navigation link to it,
and an Atom feed lists the releases. Expected names and figures are read from the shipped tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from dashboard.data.query import resolved
from dashboard.model.changes import changes, first_published, releases
from dashboard.model.check import check
from dashboard.model.select import figure_of

ATOM = "{http://www.w3.org/2005/Atom}"
# maternal.csv line 107: the January 2026 data brief (primary), the newest edition of the shipped data
LATEST = "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"


def test_changes_defaults_to_the_latest_release_and_says_what_is_new(client):
    doc = BeautifulSoup(client.get("/changes").get_data(as_text=True), "html.parser")
    lead = doc.select_one("p.lead[role=status]").get_text(" ", strip=True)
    assert lead.startswith("New in January 2026, against September 2025:")
    assert "new periods" in lead
    # the 2022-24 rate is new; its comparison with 2021-23 in MBRRACE-UK's own words (comparisons.csv)
    text = doc.get_text(" ", strip=True)
    assert "2022-24" in text and "not statistically significant" in text


def test_home_and_nav_link_to_the_latest_release(client):
    doc = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    link = doc.select_one("p.release-link a")
    assert link["href"] == "/changes" and link.get_text() == f"New: {LATEST}"
    nav = [a["href"] for a in doc.select("header a")]
    assert "/changes" in nav


def test_atom_feed_parses_and_lists_releases(client):
    resp = client.get("/changes.atom")
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    feed = ET.fromstring(resp.get_data())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) >= 5
    first = entries[0]
    assert first.find(f"{ATOM}title").text == f"January 2026: {LATEST}"
    assert first.find(f"{ATOM}link").get("href") == "http://localhost/changes?from=2025-09&to=2026-01"
    assert first.find(f"{ATOM}updated").text == "2026-01-01T00:00:00Z"
    assert "New in January 2026" in first.find(f"{ATOM}summary").text


def test_one_rule_for_first_published(store):
    # maternal.csv lines 105-107: 12.67 (January 2025), then 12.82 first printed in Saving Lives, Improving
    # Mothers' Care 2025 (11 September 2025), restated by the January 2026 data brief
    first_12_82 = "Saving Lives, Improving Mothers' Care 2025 (2021-23)"
    top = check(store, "12.82").matches[0]
    assert top.figure.source.publication == first_12_82
    later = changes(store, "2025-01", "2025-09")
    rev = next(r for r in later.revisions if r.new.indicator.id == "maternal_mortality_rate")
    assert rev.new.source.publication == first_12_82 and rev.old.number == "12.67"
    assert first_12_82 in rev.sentence
    # the same figure as shown now (resolved from the January 2026 brief, primary) was first published in 2025-09
    r = resolved(store)
    row = r[(r["indicator"] == "maternal_mortality_rate") & (r["period"] == "2021-23") & (r["breakdown"] == "overall")]
    now = figure_of(store, row.iloc[0].to_dict())
    assert now.source.publication == LATEST
    assert first_published(store, now).source.publication == first_12_82
    assert releases(store)[0].name == LATEST


def test_the_api_names_the_first_publication_by_the_same_rule(client):
    body = client.get("/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall&period=2021-23").get_json()
    assert body["count"] == 1 and len(body["first_published"]) == 1
    row, first = body["data"][0], body["first_published"][0]
    # shown now from the January 2026 brief (maternal.csv line 107), first printed in September 2025 (line 106)
    assert row["value"] == 12.82 and row["publication"] == LATEST
    assert first["publication"] == "Saving Lives, Improving Mothers' Care 2025 (2021-23)"
    assert first["edition"] == "2025-09" and first["tier"] == "secondary"
