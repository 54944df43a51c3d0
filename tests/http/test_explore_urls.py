"""Every spelling of one view ('|', '%7C' as mail and chat apps write it, repeated groups=) reaches one canonical
address in at most one redirect, on Explore and on every download and image route of a view; the address a
redirect names, sent back as written or with its bars percent-encoded, is answered without another redirect.

The groups are two of the five deprivation quintiles of datasets/curated/maternal.csv (not the default pair, so
the canonical address names them).
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

ROUTES = ("/explore", "/download/view.csv", "/image/view.png", "/image/view.svg")
ENCODINGS = {
    "bar": "by=deprivation&groups=Quintile+2|Quintile+4",
    "percent-encoded bar": "by=deprivation&groups=Quintile+2%7CQuintile+4",
    "lower-case percent": "by=deprivation&groups=Quintile%202%7cQuintile%204",
    "repeated groups=": "by=deprivation&groups=Quintile+2&groups=Quintile+4",
    "bar and repeat": "by=deprivation&groups=Quintile+2|Quintile+4&groups=Quintile+4",
}
CANONICAL = "by=deprivation&groups=Quintile 2|Quintile 4"


def _plain(location: str) -> str:
    return unquote(location).replace("+", " ")


def _walk(client, url: str) -> tuple[list[str], int]:
    """The redirects followed (at most 3) and the final status."""
    seen: list[str] = []
    resp = client.get(url)
    while resp.status_code in (301, 302, 303, 307, 308) and len(seen) < 3:
        seen.append(resp.headers["Location"])
        resp = client.get(resp.headers["Location"])
    return seen, resp.status_code


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_reaches_the_canonical_address_in_at_most_one_redirect(client, route, encoding):
    hops, status = _walk(client, f"{route}?{ENCODINGS[encoding]}")
    assert status == 200, (hops, status)
    assert len(hops) <= 1, hops
    if hops:
        assert _plain(hops[0]) == f"{route}?{CANONICAL}"


@pytest.mark.parametrize("route", ROUTES)
def test_the_canonical_address_is_answered_as_written_and_percent_encoded(client, route):
    for query in ("by=deprivation&groups=Quintile+2|Quintile+4", "by=deprivation&groups=Quintile+2%7CQuintile+4"):
        assert client.get(f"{route}?{query}").status_code == 200, query


@pytest.mark.parametrize("route", ROUTES[1:])
def test_a_redirect_never_names_its_own_address(client, route):
    resp = client.get(f"{route}?groups=Quintile+2%7CQuintile+4&by=deprivation")   # another order of the fields
    assert resp.status_code == 302
    assert client.get(resp.headers["Location"]).status_code == 200
