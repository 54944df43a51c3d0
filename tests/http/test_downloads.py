"""Files of a view and of the data: CSV of exactly the rows shown, self-contained images, the embed, data files.

Expected values are written from datasets/curated/maternal.csv (see tests/http/test_explore.py).
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from xml.etree import ElementTree

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.explore.state import parse
from dashboard.explore.view import build_view
from dashboard.exports import image
from dashboard.web.downloads import IMAGES
from dashboard.web.render import SITE_NAME

SVG = "{http://www.w3.org/2000/svg}"
HOST = "http://stats.test:8123"


def csv_of(resp) -> pd.DataFrame:
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    return pd.read_csv(io.BytesIO(resp.data), dtype=str, keep_default_na=False)


def svg_words(data: bytes) -> str:
    root = ElementTree.fromstring(data)
    return " ".join(" ".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def table_rows(client, query: str) -> list[tuple[str, str]]:
    doc = BeautifulSoup(client.get(f"/explore?{query}").get_data(as_text=True), "html.parser")
    return [(r.th.get_text(strip=True), r.find("td", attrs={"data-label": "Group"}).get_text(strip=True))
            for r in doc.select("#explore-table tbody tr")]


# ---------------------------------------------------------------- CSV of the view


@pytest.mark.parametrize("query", ["by=ethnicity", "ind=maternal_suicide_rate", "by=ethnicity&measure=ratio",
                                   "by=deprivation&from=2015-17&ci=0", "edition=2023-05"])
def test_view_csv_rows_are_the_rows_shown(client, query):
    df = csv_of(client.get(f"/download/view.csv?{query}"))
    assert list(df.columns) == list(EXPORT_COLUMNS)
    assert list(zip(df["period"], df["group"])) == table_rows(client, query)


def test_view_csv_carries_values_intervals_counts_and_tiers(client):
    overall = csv_of(client.get("/download/view.csv"))
    row = overall[overall["period"] == "2022-24"].iloc[0]
    assert (row["value"], row["ci_lower"], row["ci_upper"], row["ci_method"]) == ("12.8", "11.27", "14.48", "calculated")
    assert (row["numerator"], row["denominator"], row["tier"], row["producer"]) == ("252", "1969321", "primary", "mbrrace-uk")
    assert row["publication"] == "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
    eth = csv_of(client.get("/download/view.csv?by=ethnicity"))
    assert len(eth) == 30  # 28 ONS rows + 2019-21 Black and White (curated)
    black = eth[(eth["group"] == "Black") & (eth["period"] == "2019-21")].iloc[0]
    assert (black["value"], black["tier"], black["reported_by"]) == ("37.2", "secondary", "Irwin Mitchell (law firm)")


def test_tampered_view_addresses_go_to_the_nearest_view(client, app):
    for path in ("/download/view.csv", "/image/view.svg", "/embed"):
        resp = client.get(f"{path}?by=ethnicity&junk=<x>&groups=Nobody")
        assert resp.status_code == 302 and resp.headers["Location"] == f"{path}?by=ethnicity"
    assert client.get("/download/view.csv?" + "x=1&" * 1200).status_code == 400
    assert client.get("/image/view.gif").status_code == 404
    assert app.server.extensions["dashboard_errors"]["count"] == 0


# ---------------------------------------------------------------- images that stand on their own


def test_svg_image_carries_titles_sources_permalink_and_date(client):
    resp = client.get("/image/view.svg?by=ethnicity", base_url=HOST)
    assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
    words = " ".join(svg_words(resp.data).split())
    assert "Women who died during pregnancy or within six weeks, by ethnic" in words
    assert "Maternal mortality rate, per 100,000 maternities, England, 2012-14 to 2019-21" in words
    assert "Secondary source: Saving Lives, Improving Mothers' Care 2023 (2019-21), MBRRACE-UK" in words
    assert "(reported by Irwin Mitchell (law firm); not checked against the original)." in words
    assert f"View online: {HOST}/explore?by=ethnicity" in words
    assert f"Made on {date.today().day} " in words and "116 123" not in words


def test_interval_key_says_which_intervals_were_calculated(client):
    words = svg_words(client.get("/image/view.svg").data)
    assert "95% confidence interval calculated by this dashboard" in words
    hidden = " ".join(svg_words(client.get("/image/view.svg?ci=0").data).split())
    assert "95% confidence intervals are hidden in this view" in hidden


def test_sensitive_image_carries_the_support_line(client):
    words = " ".join(svg_words(client.get("/image/view.svg?ind=maternal_suicide_rate").data).split())
    assert "you can talk to Samaritans, free, any time, on 116 123" in words


def test_png_is_a_valid_image_of_the_same_chart(client, store):
    resp = client.get("/image/view.png?by=ethnicity", base_url=HOST)
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    assert resp.data[:8] == b"\x89PNG\r\n\x1a\n"
    width, _height = struct.unpack(">II", resp.data[16:24])
    assert width == image.PNG_WIDTH * image.PNG_SCALE
    view = build_view(store, parse("by=ethnicity", store)[0])
    expected = image.render(image.image_chart(view, f"{HOST}/explore?by=ethnicity", SITE_NAME, date.today(),
                                              image.gap_lead(store, view)), "png")
    assert resp.data == expected  # drawn from the chart whose notes carry this host's permalink


def test_images_are_cached_per_view(client):
    client.get("/image/view.svg?by=age")
    before = IMAGES.renders
    again = client.get("/image/view.svg?by=age")
    assert again.status_code == 200 and IMAGES.renders == before
    client.get("/image/view.svg?by=age", base_url=HOST)  # another address: another permalink in the image
    assert IMAGES.renders == before + 1
    assert IMAGES.data.by_bytes and IMAGES.data.budget <= 64 * 1024 * 1024


# ---------------------------------------------------------------- embed and framing


def test_only_embed_may_be_framed(client):
    embed = client.get("/embed?by=ethnicity")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    for path in ("/explore?by=ethnicity", "/image/view.png?by=ethnicity", "/download/view.csv?by=ethnicity"):
        resp = client.get(path)
        assert resp.headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"], path


def test_embed_has_the_chart_its_key_sources_and_a_link_back(client):
    doc = BeautifulSoup(client.get("/embed?by=ethnicity", base_url=HOST).get_data(as_text=True), "html.parser")
    main = doc.find("main")
    assert main.find("h1").get_text() == "Women who died during pregnancy or within six weeks, by ethnic group (England)"
    assert main.select(".chart-wide svg") and main.find("figcaption", class_="chart-key")
    sources = " ".join(li.get_text(" ", strip=True) for li in main.select(".embed-sources li"))
    assert "Secondary source: Saving Lives, Improving Mothers' Care 2023 (2019-21)" in sources
    back = main.select_one(".embed-link a")
    assert back["href"] == f"{HOST}/explore?by=ethnicity" and back["target"] == "_blank"
    assert doc.find("script") is None and doc.find("nav") is None


# ---------------------------------------------------------------- data files


def test_data_files(client):
    latest = csv_of(client.get("/data/latest/figures.csv"))
    assert list(latest.columns) == list(EXPORT_COLUMNS) and {"tier", "producer", "reported_by"} <= set(latest.columns)
    row = latest[(latest["indicator"] == "maternal_mortality_rate") & (latest["period"] == "2022-24")
                 & (latest["breakdown"] == "overall")].iloc[0]
    assert row["value"] == "12.8" and row["tier"] == "primary"
    older = csv_of(client.get("/data/2020-12/maternal_mortality_rate.csv"))
    assert older["vintage"].max() <= "2020-12" and "2022-24" not in set(older["period"])
    parquet = client.get("/data/latest/maternal_mortality_rate.parquet")
    assert parquet.status_code == 200 and parquet.data[:4] == b"PAR1"
    assert client.get("/data/latest/nope.csv").status_code == 404
    assert client.get("/data/20x0-13/figures.csv").status_code == 400
    assert client.get("/data/latest/figures.xlsx").status_code == 404


def test_data_package(client):
    resp = client.get("/data/package.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        names = set(zf.namelist())
        assert {"datapackage.json", "README.md", "data/figures.csv", "data/all-vintages.parquet"} <= names
        readme = zf.read("README.md").decode()
        assert "| `tier` |" in readme and "| `quality` |" not in readme
        assert "http://localhost/data/latest/<table>.csv" in readme
    assert client.get("/data/package.zip").data == resp.data
