"""Images that carry the answer: the headline states the key number, and the first and latest point of each line
carry their value, as text in the exported SVG. Expected values are read from the shipped tables (file:line)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from dashboard.explore.state import parse
from dashboard.explore.view import build_view
from dashboard.exports import image

NS = "{http://www.w3.org/2000/svg}"
DAY = date(2026, 12, 7)


def _svg(store, query: str) -> tuple[str, list[str]]:
    """(the SVG's <title>, the text of every <text> element) of the exported image of a view."""
    view = build_view(store, parse(query, store)[0])
    chart = image.image_chart(view, f"https://example.org/explore?{view.query}", "Site", DAY)
    root = ET.fromstring(image.render(chart, "svg"))
    return root.find(f"{NS}title").text, ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


# (query, first and latest value as printed, where the table has them)
CASES = [
    # social.csv lines 25 and 28: 12% in 2012-14, 22% in 2020-22
    ("ind=known_to_social_services_share", ["12%", "22%"]),
    # perinatal.csv lines 53 and 71: 4.20 in 2013, 3.22 in 2023
    ("ind=stillbirth_rate", ["4.20", "3.22"]),
    # ons-sdg/indicator_3-1-1.csv line 107 (Black, 2012-14: 31.13); maternal.csv lines 91-92 (2019-21: Black 37.2,
    # White (inc. not known) 9.7)
    ("by=ethnicity", ["31.13", "37.2", "9.7"]),
]


@pytest.mark.parametrize("query,values", CASES, ids=[c[0] for c in CASES])
def test_image_labels_the_first_and_latest_values(store, query, values):
    _, texts = _svg(store, query)
    for v in values:
        assert v in texts, (query, v)


def test_the_headline_states_the_numbers(store):
    title, texts = _svg(store, "ind=known_to_social_services_share")
    assert "22% in 2020-22" in title and "12% in 2012-14" in title
    body = " ".join(texts)
    assert "22% in 2020-22" in body
    assert "support, not blame" in body and "association, not a cause" in body
    assert "Samaritans" in body
    assert "Their sources give no confidence interval" in body


def test_stillbirth_headline(store):
    title, _ = _svg(store, "ind=stillbirth_rate")
    assert title.startswith("Stillbirth rate: 3.22 per 1,000 total births in 2023")
    assert "4.20 per 1,000 total births in 2013" in title


def test_no_social_care_framing_on_other_views(store):
    _, texts = _svg(store, "ind=stillbirth_rate")
    assert "support, not blame" not in " ".join(texts)


@pytest.mark.parametrize("query", ["by=ethnicity&measure=ratio", "by=ethnicity"])
def test_a_gap_image_leads_with_the_pages_lead(store, query):
    # comparisons.csv line 11: MBRRACE-UK's data brief of January 2026 says "nearly three-fold difference" for
    # 2022-24 (primary); the newest ratio, 2.3 for 2021-23 (maternal.csv line 131), is a law firm's page (secondary)
    view = build_view(store, parse(query, store)[0])
    title, _ = image.image_title(view, image.gap_lead(store, view))
    assert title.startswith("Comparing women in the Black group with women in the White group, MBRRACE-UK's "
                            'words for 2022 to 2024 are "nearly three-fold difference" (primary)')
    assert "2.3" not in title.split("as a number")[0]


def test_a_gap_image_names_the_publication_its_lead_quotes_first(store):
    # comparisons.csv line 11: "nearly three-fold difference", MBRRACE-UK maternal mortality data brief, January 2026
    view = build_view(store, parse("by=ethnicity", store)[0])
    lead = image.gap_lead(store, view)
    notes = image.image_notes(view, "https://example.org/explore?by=ethnicity", "Site", date(2026, 12, 7), lead)
    sources = [n for n in notes if "source:" in n]
    assert sources[0].startswith("Primary source: MBRRACE-UK maternal mortality data brief, January 2026")
    assert sum("data brief, January 2026" in n for n in notes) == 1
