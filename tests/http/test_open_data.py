"""Data that loads as published: JSON that pandas reads in one line (?shape=array), CORS on every download, the
OpenAPI 3.1 description checked against every documented path's live answer, area codes and licences in the API.

Expected values come from the data files (datasets/curated/maternal.csv: maternal_mortality_rate 2022-24 is 12.8
with 252 deaths, MBRRACE-UK data brief, January 2026) and from the ONS area-code register (UK = K02000001).
"""

from __future__ import annotations

import io
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = sorted(yaml.safe_load((ROOT / "datasets" / "indicators.yaml").read_text(encoding="utf-8")))
VIEW = "ind=maternal_mortality_rate"


def body(client, path: str) -> bytes:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.data[:300])
    return r.data


# ---------------------------------------------------------------- JSON in one line


JSON_URLS = ["/data/latest/figures.json", "/data/latest/maternal_mortality_rate.json",
             "/data/2024-10/maternal_mortality_rate.json", "/data/latest/all-vintages.json",
             "/api/v1/figures", "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall",
             "/api/v1/comparisons", "/api/v1/editions", "/api/v1/indicators"]


@pytest.mark.parametrize("url", JSON_URLS[:5])
def test_the_envelope_is_not_a_table(client, url):
    """Why shape=array exists: pandas cannot read the envelope as a table."""
    with pytest.raises(ValueError):
        pd.read_json(io.BytesIO(body(client, url)))


@pytest.mark.parametrize("url", JSON_URLS)
def test_shape_array_loads_in_one_line(client, url):
    sep = "&" if "?" in url else "?"
    envelope = client.get(url).get_json()
    frame = pd.read_json(io.BytesIO(body(client, f"{url}{sep}shape=array")))
    assert len(frame) == envelope["count"] == len(envelope["data"]) and len(frame) > 0
    assert list(frame.columns) == list(envelope["data"][0])


def test_rows_read_by_pandas_match_the_source(client):
    url = "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall&period=2022-24&shape=array"
    frame = pd.read_json(io.BytesIO(body(client, url)), dtype={"geography_code": str})
    (row,) = frame.to_dict("records")
    assert row["value"] == 12.8 and row["numerator"] == 252 and row["geography"] == "UK"
    assert row["geography_code"] == "K02000001" and row["licence"] == "npeu-hqip-attribution"


@pytest.mark.parametrize("url", ["/api/v1/figures?shape=table", "/api/v1/figures?shape=array&shape=array",
                                 "/data/latest/figures.json?shape=rows", "/api/v1/statements?shape=array"])
def test_an_unknown_shape_is_a_clear_400(client, url):
    r = client.get(url)
    assert r.status_code == 400 and r.is_json and r.get_json()["message"]


# ---------------------------------------------------------------- CORS


CORS_URLS = ["/data/latest/figures.csv", "/data/latest/figures.parquet", "/data/latest/figures.json",
             "/data/2024-10/maternal_mortality_rate.csv", "/data/package.zip", f"/download/view.csv?{VIEW}",
             f"/image/view.svg?{VIEW}", f"/image/view.png?{VIEW}", "/api/v1/figures", "/api/v1/openapi.json",
             "/data/latest/no-such-table.csv", "/data/latest/no-such-table.json", "/card.png?page=home",
             "/card.png?page=nowhere"]


@pytest.mark.parametrize("url", CORS_URLS)
def test_every_download_is_open_to_any_site_without_credentials(client, url):
    r = client.get(url, headers={"Origin": "https://notebook.example"}, follow_redirects=True)
    assert r.status_code in (200, 404), (url, r.status_code)
    assert r.headers.get("Access-Control-Allow-Origin") == "*", url
    assert "Access-Control-Allow-Credentials" not in r.headers, url


def test_pages_are_not_opened_by_cors(client):
    r = client.get("/about")
    assert "Access-Control-Allow-Origin" not in r.headers


# ---------------------------------------------------------------- OpenAPI


@pytest.fixture(scope="module")
def spec(client) -> dict:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.is_json
    return r.get_json()


def _validate(spec: dict, schema: dict, instance) -> None:
    jsonschema.Draft202012Validator({**schema, "components": spec["components"]}).validate(instance)


def _examples(path: str) -> list[str]:
    """Queries to send to a documented path: none, one filtered, and (for list endpoints) the bare array."""
    extra = {"/api/v1/figures": ["indicator=maternal_mortality_rate&breakdown=ethnicity", "edition=2024-10",
                                 "indicator=csc_rate_ratio", "shape=array&indicator=neonatal_mortality_rate_ons"],
             "/api/v1/indicators": ["indicator=maternal_mortality_rate", "shape=array"],
             "/api/v1/statements": ["from=2017-19&to=2018-20", "ind=csc_rate_ratio", "by=ethnicity",
                                    "ind=late_maternal_death_rate"],
             "/api/v1/comparisons": ["indicator=maternal_mortality_rate", "shape=array"],
             "/api/v1/editions": ["shape=array"]}
    return ["", *extra.get(path, [])]


TABLES = {"/data/{edition}/{table}.json": ["/data/latest/figures.json", "/data/2024-10/maternal_mortality_rate.json",
                                           "/data/latest/all-vintages.json?shape=array",
                                           "/data/latest/csc_rate_ratio.json?shape=array"]}


def _requests(path: str) -> list[str]:
    """The addresses to fetch for a documented path: its examples, with any path parameter filled in."""
    if "{" in path:
        return TABLES[path]
    return [f"{path}?{q}" if q else path for q in _examples(path)]


def test_the_description_is_openapi_3_1_with_every_endpoint(spec, client):
    assert spec["openapi"].startswith("3.1")
    index = client.get("/api/v1/").get_json()
    assert set(index["endpoints"]) | {"/api/v1/", "/api/v1/openapi.json", "/data/{edition}/{table}.json"} \
        == set(spec["paths"])
    assert index["openapi"] == "/api/v1/openapi.json"
    for name in ("FigureRow", "SourceRef", "FiguresAnswer", "StatementsAnswer"):
        assert name in spec["components"]["schemas"]
    jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})


def test_every_documented_path_answers_as_described(spec, client):
    checked = 0
    for path, item in spec["paths"].items():
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        for url in _requests(path):
            r = client.get(url)
            assert r.status_code == 200, (url, r.data[:300])
            _validate(spec, schema, r.get_json())
            checked += 1
    assert checked >= 18


def test_errors_are_described(spec, client):
    schema = spec["paths"]["/api/v1/figures"]["get"]["responses"]["400"]["content"]["application/json"]["schema"]
    r = client.get("/api/v1/figures?indicator=nope")
    assert r.status_code == 400
    _validate(spec, schema, r.get_json())


def test_a_source_without_its_address_does_not_validate(spec, client):
    """The description holds every nested source to carry source_url: a source object without it is refused."""
    schema = spec["paths"]["/api/v1/statements"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    answer = client.get("/api/v1/statements?from=2017-19&to=2018-20").get_json()
    del answer["verdicts"][0]["source"]["source_url"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(spec, schema, answer)


def test_every_nested_source_carries_its_address(client):
    def sources(obj):
        if isinstance(obj, dict):
            if "tier" in obj and "publication" in obj:
                yield obj
            for v in obj.values():
                yield from sources(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from sources(v)

    found = 0
    for url in ["/api/v1/statements?from=2017-19&to=2018-20", "/api/v1/statements?ind=csc_rate_ratio",
                "/api/v1/indicators", "/api/v1/comparisons", "/api/v1/figures?indicator=maternal_mortality_rate"]:
        for s in sources(client.get(url).get_json()):
            assert str(s.get("source_url", "")).startswith("http"), (url, s)
            found += 1
    assert found > 100


# ---------------------------------------------------------------- area codes and licences in the API


def test_api_figures_carry_area_codes_and_licences(client):
    env = client.get("/api/v1/figures?indicator=neonatal_mortality_rate_ons&breakdown=ethnicity").get_json()
    codes = {(r["geography"], r["geography_code"]) for r in env["data"]}
    assert codes <= {("England and Wales", "K04000001"), ("England", "E92000001"), ("Wales", "W92000004")}
    groups = {r["group"] for r in env["data"]}
    assert "Mixed/multiple ethnic groups" in groups and "Mixed/ multiple" not in groups
    assert [x["name"] for x in env["licences"]] == ["OGL-UK-3.0"]  # ONS figures only


def test_api_comparisons_carry_area_codes(client):
    rows = client.get("/api/v1/comparisons").get_json()["data"]
    codes = {(r["geography"], r["geography_code"]) for r in rows}
    assert ("UK", "K02000001") in codes and ("England", "E92000001") in codes
    assert all(code == {"UK": "K02000001", "England": "E92000001"}.get(geo) for geo, code in codes)


def test_api_indicator_licences_are_by_producer(client):
    one = client.get("/api/v1/indicators?indicator=late_maternal_death_rate").get_json()["data"][0]
    assert [x["name"] for x in one["licences"]] == ["npeu-hqip-attribution"]
    assert one["licences"][0]["producers"] == ["MBRRACE-UK"] and one["licences"][0]["url"] == ""


def test_pages_give_each_indicator_and_file_its_producers_terms(client):
    data = BeautifulSoup(client.get("/data").data, "html.parser")
    late = " ".join(data.find(id="ind-late_maternal_death_rate").get_text(" ").split())
    assert "(c) NPEU/HQIP" in late and "Open Government Licence" not in late  # MBRRACE-UK figures only
    ons = " ".join(data.find(id="ind-neonatal_mortality_rate_ons").get_text(" ").split())
    assert "Open Government Licence v3.0" in ons and "NPEU/HQIP" not in ons
    about = BeautifulSoup(client.get("/about").data, "html.parser")
    rows = {tr.th.get_text(strip=True): " ".join(tr.get_text(" ").split())
            for tr in about.select("table.resources tbody tr")}
    assert "Open Government Licence" not in rows["curated/perinatal.csv"]
    assert "NPEU/HQIP" not in rows["ons-sdg/indicator_3-2-2.csv"]
    assert not about.select('a[href=""]') and not data.select('a[href=""]')  # terms with no licence text: no link
