"""Download, image, embed and social-card routes through the Flask test client (real shipped data)."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from urllib.parse import urlencode
from xml.etree import ElementTree

import pandas as pd
import pytest

from dashboard.exports.csv import to_csv_bytes
from dashboard.state import parse
from dashboard.views import build_view
from dashboard.web import downloads, embed

VIEWS = ["", "by=ethnicity", "ind=maternal_suicide_rate&by=classification", "ind=stillbirth_rate&by=nation",
         "ind=maternal_mortality_rate_ratio&by=ethnicity"]
JUNK = ["ind=../../etc/passwd", "ind=%00%ff", "by=<script>alert(1)</script>", "groups=" + "|".join(["x"] * 300),
        "from=9999&to=0000", "edition=2099-99", "measure=ratio&ind=stillbirths_count", "ci=maybe",
        "ind=maternal_mortality_rate&ind=other&by=ethnicity&by=age", "%%%", "groups=%E2%80%8B"]


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def view_of(store, query):
    state, _ = parse(query, store)
    return build_view(store, state)


def meta(html: str, key: str) -> str | None:
    m = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


@pytest.mark.parametrize("query", VIEWS)
def test_view_csv_equals_the_table_shown(client, store, query):
    view = view_of(store, query)
    r = client.get(f"/download/view.csv?{view.query}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.data == to_csv_bytes(view.table_df)
    assert "attachment" in r.headers["Content-Disposition"]
    assert len(pd.read_csv(io.BytesIO(r.data))) == len(view.table_df)


@pytest.mark.parametrize("query", JUNK)
def test_tampered_views_get_the_nearest_valid_view_never_a_500(client, store, query):
    for path in ("/download/view.csv", "/embed", "/image/view.svg"):
        r = client.get(f"{path}?{query}")
        assert r.status_code in (200, 302, 400), (path, query, r.status_code)
        if r.status_code == 302:
            view = view_of(store, query)
            assert r.headers["Location"] == path + (f"?{view.query}" if view.query else "")
        if r.status_code == 400:
            assert b"Traceback" not in r.data and r.data.strip()
    page = client.get(f"/explore?{query}")
    assert page.status_code == 200


def test_overlong_query_is_a_clear_400(client):
    r = client.get("/download/view.csv?" + urlencode({"groups": "x" * 3000}))
    assert r.status_code == 400 and b"too long" in r.data


def test_image_routes_are_valid_and_cached(client, store):
    view = view_of(store, "by=ethnicity")
    downloads.CACHE.clear()  # earlier tests (e.g. the browser share test) may have rendered this view
    before = downloads.CACHE.renders
    svg = client.get(f"/image/view.svg?{view.query}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(svg.data)
    words = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert view.title.split(",")[0] in words
    assert "Source: " in words
    assert f"/explore?{view.query}" in words
    png = client.get(f"/image/view.png?{view.query}")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert downloads.CACHE.renders == before + 2
    again = client.get(f"/image/view.png?{view.query}")
    assert again.data == png.data and downloads.CACHE.renders == before + 2  # one render per view
    assert client.get("/image/view.gif").status_code == 404


def test_data_urls_and_the_package_give_the_same_bytes(client, store):
    latest = client.get("/data/latest/figures.csv")
    assert latest.status_code == 200 and latest.mimetype == "text/csv"
    pkg = client.get("/data/package.zip")
    assert pkg.status_code == 200 and pkg.mimetype == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(pkg.data))
    assert zf.read("data/figures.csv") == latest.data
    assert client.get("/data/package.zip").data == pkg.data
    parquet = client.get("/data/latest/maternal_mortality_rate.parquet")
    assert parquet.status_code == 200
    assert set(pd.read_parquet(io.BytesIO(parquet.data))["indicator"]) == {"maternal_mortality_rate"}
    old = client.get("/data/2020-12/all-vintages.csv")
    assert old.status_code == 200
    assert (pd.read_csv(io.BytesIO(old.data), dtype=str)["vintage"] <= "2020-12").all()
    assert client.get("/data/latest/nope.csv").status_code == 404
    assert client.get("/data/2020-13/figures.csv").status_code == 400
    assert client.get("/data/latest/figures.exe").status_code == 404


def test_only_embed_may_be_framed(client):
    r = client.get("/embed?by=ethnicity")
    assert r.status_code == 200
    assert r.headers.get(embed.EMBED_HEADER) == "1"
    assert "X-Frame-Options" not in r.headers
    assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
    body = r.data.decode()
    assert '<html lang="en">' in body and 'id="chart"' in body and "/explore?by=ethnicity" in body
    assert "<table" not in body  # chart, source and link back only
    assert "Source: " in body
    for page in ("/", "/explore?by=ethnicity", "/download/view.csv", "/data/package.zip"):
        h = client.get(page).headers
        assert h.get("X-Frame-Options") == "DENY", page
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"], page
    assert client.get(embed.DRAW_PATH).status_code == 200


def test_embed_scripts_are_same_origin(client):
    body = client.get("/embed").data.decode()
    srcs = re.findall(r'<script src="([^"]+)"', body)
    assert srcs and all(s.startswith("/") for s in srcs)
    assert all(client.get(s).status_code == 200 for s in srcs)
    assert not re.search(r"<script>(?!</script>)", body)  # no inline script (CSP script-src 'self')


@pytest.mark.parametrize("query", VIEWS)
def test_every_permalink_has_its_own_social_card(client, store, settings, query):
    view = view_of(store, query)
    html = client.get(f"/explore?{view.query}").data.decode()
    assert meta(html, "og:title") == view.title
    assert meta(html, "twitter:card") == "summary_large_image"
    image_url = meta(html, "og:image")
    assert image_url == f"{settings.public_url}/image/view.png" + (f"?{view.query}" if view.query else "")
    assert meta(html, "twitter:image") == image_url
    assert meta(html, "og:url").endswith("/explore" + (f"?{view.query}" if view.query else ""))
    desc = meta(html, "og:description")
    assert desc and desc[:40] == view.explanation[:40]
    assert meta(html, "og:image:alt") == view.alt_text
    assert html.count('property="og:title"') == 1  # Dash's generic tags were replaced, not duplicated
    path = image_url.removeprefix(settings.public_url)
    assert client.get(path).status_code == 200  # the card's image exists (served from the render cache)


def test_share_panel_links_match_the_routes(store, settings, client):
    from dash import html as dhtml

    from dashboard.components.share import share_panel

    view = view_of(store, "ind=maternal_suicide_rate&by=classification")
    panel = dhtml.Div(share_panel(view.state, view, settings))
    found: dict[str, object] = {}

    def walk(node):
        if hasattr(node, "id") and getattr(node, "id", None):
            found[node.id] = node
        kids = getattr(node, "children", None)
        for k in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(k)

    walk(panel)
    for key, path in (("share-png", "/image/view.png"), ("share-svg", "/image/view.svg"),
                      ("share-csv", "/download/view.csv")):
        assert found[key].href == f"{path}?{view.query}"
        assert found[key].download
    assert "Download the data for this chart (CSV" in found["share-csv"].children
    assert client.get(found["share-csv"].href).data == to_csv_bytes(view.table_df)
    assert found["share-alt-text"].children == view.alt_text
    assert "<iframe" in found["share-embed-code"].children and "/embed?" in found["share-embed-code"].children
    assert found["share-copy-link"].to_plotly_json()["props"]["data-share-url"].endswith(f"/explore?{view.query}")
    text = str(panel.to_plotly_json())
    assert "How to cite" in text and "not a product of MBRRACE-UK" in text
    assert view.table_df["source_url"].iloc[0] in text
