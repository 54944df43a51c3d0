"""The Explore links of the Check answers and of What changed, byte for byte.

tests/fixtures/explore_links.json lists, for 33 Check answers and 7 comparisons of editions, every href into
/explore as the pages printed it on 2026-12-07 (HTML escaping included), in page order. The model says which view
a link opens (dashboard.model.links.ExploreLink); the web layer writes its address: a change of either that moves
a single link, drops one or adds one fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

EXPECTED = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "explore_links.json").read_text("utf-8"))
HREF = re.compile(r'href="(/explore[^"]*)"')


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_every_explore_link_of_the_page_is_as_listed(client, page):
    resp = client.get(page)
    assert resp.status_code == 200
    assert HREF.findall(resp.get_data(as_text=True)) == EXPECTED[page]


def test_the_list_holds_links_with_groups_periods_and_editions():
    """The fixture exercises every setting a link carries (else a lost setting would pass unseen)."""
    hrefs = [h for links in EXPECTED.values() for h in links]
    for part in ("ind=", "by=", "groups=", "from=", "to=", "edition="):
        assert any(part in h for h in hrefs), part
    assert any("edition=" in h for p, links in EXPECTED.items() if p.startswith("/check") for h in links)
