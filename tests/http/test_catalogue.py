"""The data catalogue: /data names every table and indicator with stable links; /data/latest/ and each edition's
page list the files; /data/<edition>/<table>.json has the same rows and columns as the CSV.

Expected names and values come from the data files (indicators.yaml, datapackage.json, curated/maternal.csv).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from dashboard.data.schema import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = yaml.safe_load((ROOT / "datasets" / "indicators.yaml").read_text(encoding="utf-8"))
PACKAGE = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
TABLES = ["figures", "all-vintages", *sorted(INDICATORS)]


def links(client, path: str) -> tuple[BeautifulSoup, set[str]]:
    r = client.get(path)
    assert r.status_code == 200, path
    soup = BeautifulSoup(r.data, "html.parser")
    return soup, {a["href"] for a in soup.find_all("a", href=True)}


def test_data_page_links_every_tables_csv_parquet_and_json(client):
    _, hrefs = links(client, "/data")
    for table in TABLES:
        for ext in ("csv", "parquet", "json"):
            assert f"/data/latest/{table}.{ext}" in hrefs, (table, ext)
    assert "/data/package.zip" in hrefs and "/data/latest/" in hrefs


def test_data_page_describes_each_indicator(client):
    soup, hrefs = links(client, "/data")
    text = " ".join(soup.get_text(" ").split())
    for ind_id, meta in INDICATORS.items():
        entry = soup.find(id=f"ind-{ind_id}")
        assert entry is not None, ind_id
        words = " ".join(entry.get_text(" ").split())
        assert " ".join(meta["definition"].split()) in words
        assert meta["unit"] in words
    assert PACKAGE["licenses"][0]["title"] in text
    mmr = " ".join(soup.find(id="ind-maternal_mortality_rate").get_text(" ").split())
    assert "Office for National Statistics" in mmr and "MBRRACE-UK" in mmr and "primary" in mmr
    assert "/data/2024-10/maternal_mortality_rate.csv" in hrefs  # an edition in which the indicator was published


def test_latest_lists_every_file(client):
    r = client.get("/data/latest")
    assert r.status_code in (301, 308) and r.headers["Location"].endswith("/data/latest/")
    _, hrefs = links(client, "/data/latest/")
    for table in TABLES:
        for ext in ("csv", "parquet", "json"):
            assert f"/data/latest/{table}.{ext}" in hrefs, (table, ext)


def test_an_edition_lists_its_files_and_an_unknown_one_says_so(client):
    _, hrefs = links(client, "/data/2024-10/")
    assert "/data/2024-10/figures.csv" in hrefs and "/data/2024-10/maternal_mortality_rate.json" in hrefs
    assert "/data/2024-10/maternal_mortality_rate_excl_covid.csv" in hrefs   # first published January 2024
    r = client.get("/data/1999-01/")
    assert r.status_code == 404 and b"There is no edition" in r.data and b"/data/2024-10/" in r.data


def test_table_json_has_the_export_columns_and_the_figures_as_published_then(client):
    r = client.get("/data/2024-10/maternal_mortality_rate.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.headers["Access-Control-Allow-Origin"] == "*" and r.headers.get("ETag")
    body = r.get_json()
    assert body["count"] == len(body["data"])
    assert all(list(row) == list(EXPORT_COLUMNS) for row in body["data"])
    overall = {row["period"]: row["value"] for row in body["data"] if row["breakdown"] == "overall"}
    assert overall["2020-22"] == 13.56 and "2021-23" not in overall
    assert client.get("/data/latest/figures.json", headers={"If-None-Match": r.headers["ETag"]}).status_code == 200
    again = client.get("/data/2024-10/maternal_mortality_rate.json", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path, status", [("/data/latest/nothing.json", 404), ("/data/20x4/figures.json", 400)])
def test_table_json_errors_are_clear(client, path, status):
    r = client.get(path)
    assert r.status_code == status and r.get_json()["message"]
