"""Data reusable as published: a licence per producer carried on every row and file, ONS area codes beside the
geography names, one label per group, and a data package that Frictionless validates.

Expected values are written from the sources: the licence each producer publishes under (ONS and GOV.UK: the Open
Government Licence v3.0; MBRRACE-UK: (c) NPEU/HQIP, quoted with attribution; journal articles: their own licence),
the ONS area codes (GSS register: E92000001 England ... K04000001 England and Wales) and the ONS file's own
spelling of groups (datasets/ons-sdg/indicator_3-2-2.csv).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from frictionless import validate

from dashboard.data.errors import DatasetError
from dashboard.data.load import load_store
from dashboard.data.metadata import read_sources
from dashboard.exports.package import package_files, zip_bytes
from dashboard.model.catalogue import describe

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
OGL = "OGL-UK-3.0"
NPEU = "npeu-hqip-attribution"
ARTICLE = "article-attribution"
PRODUCER_LICENCE = {"ons": OGL, "dhsc": OGL, "mbrrace-uk": NPEU, "knight-2020": ARTICLE,
                    "de-backer-2025": ARTICLE, "lever-taylor-2023": ARTICLE}


def test_each_producer_names_its_own_licence():
    sources = read_sources(DATASETS / "sources.yaml")
    for pid, name in PRODUCER_LICENCE.items():
        assert sources.producers[pid].licence == name, pid
    assert sources.licence(OGL).open and sources.licence(OGL).path.startswith("https://www.nationalarchives.gov.uk/")
    assert not sources.licence(NPEU).open and "NPEU/HQIP" in sources.licence(NPEU).title
    assert not sources.licence(ARTICLE).open and "article's own licence" in sources.licence(ARTICLE).title


def test_every_row_carries_its_producers_licence(store):
    t = store.table
    for pid, name in PRODUCER_LICENCE.items():
        rows = t[t["producer"] == pid]
        if len(rows):
            assert set(rows["licence"].astype(str)) == {name}, pid
    assert t["licence"].notna().all()


def test_indicator_licences_follow_their_rows(store):
    cat = describe(store)
    names = {e.id: [x.name for x in e.licences] for e in cat.indicators}
    # built only from MBRRACE-UK reports: never the Open Government Licence
    assert names["late_maternal_death_rate"] == [NPEU]
    assert names["neonatal_mortality_rate_ons"] == [OGL]
    assert set(names["maternal_mortality_rate"]) == {OGL, NPEU}
    # Knight et al. 2020, MBRRACE-UK, and the 2016-18 ratios calculated by this dashboard from the ONS 3.1.1 rates
    assert set(names["maternal_mortality_rate_ratio"]) == {ARTICLE, NPEU, OGL}
    assert sum(names[i] == [OGL] for i in names) < len(names)
    ogl = next(x for x in cat.licences if x.name == OGL)
    assert "Office for National Statistics" in ogl.producers and "MBRRACE-UK" not in ogl.producers


def test_an_unknown_licence_name_is_refused(mini_copy):
    path = mini_copy / "sources.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(raw["producers"]))
    raw["producers"][first]["licence"] = "no-such-licence"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(DatasetError) as exc:
        read_sources(path)
    assert "no-such-licence" in str(exc.value)


def test_shipped_descriptor_agrees_with_the_producers_licences(store):
    """datasets/datapackage.json names, for each file, the licences of the producers of its rows."""
    pkg = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    sources = read_sources(DATASETS / "sources.yaml")
    rows = pd.concat([store.table[["producer", "row_id"]], store.comparisons[["producer", "row_id"]]])
    paths = rows["row_id"].astype(str).str.rsplit(":", n=1).str[0]
    package = {x["name"] for x in pkg["licenses"]}
    for res in pkg["resources"]:
        terms = {sources.licence_of(p) for p in set(rows[paths == res["path"]]["producer"].astype(str))}
        if "licenses" in res:
            assert {x["name"] for x in res["licenses"]} == terms, res["path"]
        assert terms <= package, res["path"]  # a file without its own licenses has the package's
    assert {OGL, NPEU, ARTICLE} <= package
    assert {x["name"] for x in pkg["resources"][0]["licenses"]} == {OGL}  # ONS SDG 3.1.1 (the resource named first)


AREA_CODES = {"England": "E92000001", "Wales": "W92000004", "Scotland": "S92000003",
              "Northern Ireland": "N92000002", "UK": "K02000001", "England and Wales": "K04000001"}


def test_geographies_carry_their_ons_area_codes(store):
    t = store.table
    for name, code in AREA_CODES.items():
        assert set(t[t["geography"] == name]["geography_code"].astype(str)) == {code}, name
    assert t[t["geography"] == "UK and Ireland"]["geography_code"].isna().all()  # no ONS code


def test_the_ons_file_gives_the_same_codes(store):
    """ONS prints its own GeoCode beside each row of indicator 3.2.2: the loader's codes agree with it."""
    raw = pd.read_csv(DATASETS / "ons-sdg" / "indicator_3-2-2.csv", dtype=str)
    nations = raw[raw["Country"].notna() & raw["Region"].isna()]  # a region row carries the region's code
    pairs = set(zip(nations["Country"], nations["GeoCode"]))
    assert {("England", "E92000001"), ("Wales", "W92000004"), ("England and Wales", "K04000001")} <= pairs
    for country, code in pairs:
        assert AREA_CODES[country] == code


def test_one_label_per_group(store):
    t = store.table
    groups = set(t["group"].astype(str))
    assert "Mixed/ multiple" not in groups and "Not Stated" not in groups
    ons = t[(t["indicator"] == "neonatal_mortality_rate_ons") & (t["breakdown"] == "ethnicity")]
    assert "Mixed/multiple ethnic groups" in set(ons["group"].astype(str))
    kept = ons[ons["group"] == "Mixed/multiple ethnic groups"]
    assert set(kept["group_as_published"].astype(str)) == {"Mixed/ multiple"}  # the ONS file's own words
    assert t[t["group"] == "White (inc. not known)"]["group_as_published"].isna().all()


@pytest.fixture(scope="module")
def package(store) -> dict[str, bytes]:
    return package_files(store, "https://example.org", DATASETS)


def test_exported_package_validates_with_frictionless(package, tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(zip_bytes(package))
    report = validate(str(path), type="package")
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert errors == [] and report.valid


def test_exported_resources_carry_licences_by_producer(package):
    desc = json.loads(package["datapackage.json"])
    names = {x["name"] for x in desc["licenses"]}
    assert names == {OGL, NPEU, ARTICLE}
    for res in desc["resources"]:
        lic = {x["name"]: x for x in res["licenses"]}
        assert set(lic) == names, res["name"]
        assert "Office for National Statistics" in lic[OGL]["producers"] and "MBRRACE-UK" in lic[NPEU]["producers"]
    figures = pd.read_csv(pd.io.common.BytesIO(package["data/figures.csv"]), dtype=str)
    assert {"licence", "geography_code", "group_as_published"} <= set(figures.columns)
    assert set(figures[figures["producer"] == "mbrrace-uk"]["licence"]) == {NPEU}


def test_a_fresh_load_gives_the_same_codes(tmp_path):
    s = load_store(DATASETS, cache=tmp_path)
    assert set(s.table[s.table["geography"] == "UK"]["geography_code"].astype(str)) == {"K02000001"}
