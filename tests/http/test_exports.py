"""Exports: CSV of exactly the rows shown, citations, the data package, self-contained images, static export."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.data.load import load_store
from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.exports import image
from dashboard.exports.citation import INDEPENDENCE, cite_dashboard, cite_figure, publisher_of, source_lines, sources_of
from dashboard.exports.csv import to_csv_bytes
from dashboard.exports.package import (ALL_VINTAGES, FIGURES, UnknownTable, data_table, package_files,
                                       zip_bytes)
from dashboard.state import parse
from dashboard.text.safety import problems_in
from dashboard.views import build_view

from tests.conftest import MINI  # noqa: E402
SVG_NS = "{http://www.w3.org/2000/svg}"


def view_of(store, query: str):
    state, _ = parse(query, store)
    return build_view(store, state)


def svg_text(svg: bytes) -> str:
    root = ElementTree.fromstring(svg)
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG_NS}text"))


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize("query", ["", "by=ethnicity", "ind=maternal_suicide_rate&by=classification",
                                   "ind=maternal_mortality_rate_ratio&by=ethnicity", "by=ethnicity&ci=0&from=2015-17"])
def test_csv_is_exactly_the_table_shown(store, query):
    view = view_of(store, query)
    back = pd.read_csv(io.BytesIO(to_csv_bytes(view.table_df)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(EXPORT_COLUMNS)
    assert len(back) == len(view.table_df) > 0
    shown = view.table_df.reindex(columns=list(EXPORT_COLUMNS))
    for col in ("indicator", "period", "group", "publication", "source_url", "unit", "vintage", "quality"):
        assert back[col].tolist() == shown[col].astype(str).tolist()
    for col in ("value", "ci_lower", "ci_upper"):
        got = pd.to_numeric(back[col].replace("", None)).astype("float64")
        want = shown[col].astype("float64")
        assert ((got - want).abs().fillna(0) < 1e-9).all() and (got.isna() == want.isna()).all()


def test_csv_bytes_are_stable(store):
    view = view_of(store, "by=ethnicity")
    assert to_csv_bytes(view.table_df) == to_csv_bytes(view_of(store, "by=ethnicity").table_df)


# ------------------------------------------------------------------ citations


def test_publishers_and_citations(store):
    assert publisher_of("Saving Lives, Improving Mothers' Care 2024 (2020-22)") == "MBRRACE-UK"
    assert publisher_of("MBRRACE-UK data brief Jan 2026 (2022-24)") == "MBRRACE-UK"
    assert publisher_of("ONS UK SDG data, indicator 3.2.2") == "Office for National Statistics"
    assert publisher_of("Lever Taylor B et al. Health and Social Care in the Community 2023") is None
    view = view_of(store, "")
    refs = sources_of(view.table_df)
    assert {r.publication for r in refs} == set(view.table_df["publication"])
    text = cite_figure(refs[0])
    assert refs[0].url in text and refs[0].publication in text
    assert "not a product of MBRRACE-UK" in INDEPENDENCE
    cite = cite_dashboard("https://example.org/explore?by=ethnicity", "9.9", date(2026, 1, 2))
    assert "https://example.org/explore?by=ethnicity" in cite and "2 January 2026" in cite and "9.9" in cite


def test_secondary_figures_are_flagged_in_source_lines(store):
    view = view_of(store, "by=ethnicity")
    secondary = view.table_df[view.table_df["quality"] == "secondary"]
    assert not secondary.empty
    refs = sources_of(view.table_df)
    flagged = [r for r in refs if r.secondary_via]
    assert flagged and all("reported by" in r.line() for r in flagged)
    assert len(source_lines(view.table_df, limit=1)) == 2  # one line, then "and N other publications"


# ------------------------------------------------------------------ data package


def test_data_table_by_edition(store):
    t = data_table(store, ALL_VINTAGES, "2020-12")
    assert (t["vintage"] <= "2020-12").all() and len(t) < len(store.table)
    latest = data_table(store, FIGURES)
    assert not latest.duplicated(["indicator", "period", "breakdown", "group", "geography"]).any()
    one = data_table(store, "maternal_mortality_rate")
    assert set(one["indicator"]) == {"maternal_mortality_rate"}
    for bad_name, bad_edition in (("nope", "latest"), (FIGURES, "2019-13"), (FIGURES, "20x9-01"), (FIGURES, "1900-01")):
        with pytest.raises(UnknownTable):
            data_table(store, bad_name, bad_edition)


def test_package_zip_contents_and_determinism(store):
    files = package_files(store, "https://example.org", Path("datasets"))
    z = zip_bytes(files)
    assert z == zip_bytes(package_files(store, "https://example.org", Path("datasets")))
    names = zipfile.ZipFile(io.BytesIO(z)).namelist()
    for expected in ("README.md", "datapackage.json", "data/figures.csv", "data/figures.parquet",
                     "data/all-vintages.csv", "data/all-vintages.parquet", "metadata/indicators.yaml",
                     "original/datapackage.json"):
        assert expected in names
    desc = json.loads(files["datapackage.json"])
    assert desc["licenses"] and desc["sources"]
    import hashlib

    for res in desc["resources"]:
        assert res["hash"] == "sha256:" + hashlib.sha256(files[res["path"]]).hexdigest()
        assert [f["name"] for f in res["schema"]["fields"]] == list(EXPORT_COLUMNS)
    readme = files["README.md"].decode()
    for needle in ("## How to cite", "## Licences", "Open Government Licence", "## Definitions", "not a product of MBRRACE-UK",
                   "https://example.org/data/latest/"):
        assert needle in readme
    parquet = pd.read_parquet(io.BytesIO(files["data/figures.parquet"]))
    assert len(parquet) == len(pd.read_csv(io.BytesIO(files["data/figures.csv"])))


# ------------------------------------------------------------------ images


@pytest.fixture(scope="module")
def rendered(store):
    """Two views rendered once (one kaleido server for the module)."""
    out = {}
    for query in ("by=ethnicity", "ind=maternal_suicide_rate&by=classification"):
        view = view_of(store, query)
        text = image.ImageText.for_view(view, f"https://example.org/explore?{view.query}", date(2026, 3, 4))
        fig = image.compose(view.figure, text)
        out[query] = (view, text, image.render(fig, "svg"), image.render(fig, "png"))
    yield out
    image.stop()


def test_image_svg_stands_on_its_own(rendered):
    view, text, svg, _png = rendered["by=ethnicity"]
    words = svg_text(svg)
    assert " ".join(image._wrap(view.title, 70)[:1]) in words  # the headline (first line)
    assert view.subtitle.split(",")[0] in words
    assert "Source: " in words and view.table_df["publication"].iloc[-1].split(" (")[0] in words
    assert f"https://example.org/explore?{view.query}" in words
    assert "4 March 2026" in words
    assert "confidence intervals" in words  # what the figure says about uncertainty (none published here)
    assert "reported by" in words  # secondary sources are named on the image
    assert "Samaritans" not in words
    assert not problems_in(words)


def test_image_of_a_sensitive_view_carries_the_support_line(rendered):
    view, _text, svg, _png = rendered["ind=maternal_suicide_rate&by=classification"]
    assert view.sensitive
    words = svg_text(svg)
    assert "Samaritans" in words and "116 123" in words
    assert not problems_in(words)


def test_png_is_a_valid_image(rendered):
    _view, _t, _svg, png = rendered["by=ethnicity"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == image.WIDTH * image.PNG_SCALE


def test_headline_never_claims_a_non_significant_change(store):
    for query in ("", "ind=maternal_suicide_rate", "ind=stillbirth_rate", "by=deprivation"):
        view = view_of(store, query)
        headline = image.ImageText.for_view(view, "x").headline.lower()
        for word in ("rise", "rose", "fall", "fell", "increase", "decrease", "up ", "down "):
            assert word not in headline, (query, headline)


# ------------------------------------------------------------------ static export


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    out = base / "site"
    store = load_store(MINI)
    settings = Settings(datasets=MINI, assets=Settings.from_env().assets, cache=base / "never-used",
                        public_url="https://example.org")
    stream = io.StringIO()
    result = __import__("dashboard.exports.site", fromlist=["export"]).export(out, store, settings, stream=stream)
    return base, out, result, stream.getvalue()


def test_static_export_writes_the_expected_files(exported):
    base, out, result, progress = exported
    assert result.pages == 2
    for rel in ("index.html", "assets/plotly.min.js", "assets/draw.js", "assets/site.css", "data/package.zip",
                "data/latest/figures.csv", "data/latest/figures.parquet", "data/latest/maternal_mortality_rate.csv"):
        assert (out / rel).is_file(), rel
    for by in ("overall", "ethnicity"):
        folder = out / "maternal_mortality_rate" / by
        for name in ("index.html", "chart.png", "chart.svg", "data.csv"):
            assert (folder / name).is_file() and (folder / name).stat().st_size > 0
        page = (folder / "index.html").read_text()
        assert '<html lang="en">' in page and "<table>" in page and "How to cite" in page
        assert "cdn." not in page and 'src="../../assets/plotly.min.js"' in page
    assert "[" in progress and "/" in progress  # a progress bar was drawn
    assert sorted(p.name for p in base.iterdir()) == ["site"]  # nothing written beside OUTDIR
    assert not (out / ".tmp").exists()
    index = (out / "index.html").read_text()
    assert "maternal_mortality_rate/ethnicity/index.html" in index


@pytest.mark.browser
def test_static_export_opens_in_chromium(exported):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    _base, out, _result, _ = exported
    opts = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run", "--allow-file-access-from-files"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get((out / "index.html").as_uri())
        assert "UK maternal outcome statistics" in driver.title
        link = driver.find_element("css selector", "a[href$='ethnicity/index.html']")
        link.click()
        import time

        deadline = time.time() + 15
        while time.time() < deadline and not driver.find_elements("css selector", "#chart .main-svg"):
            time.sleep(0.2)
        assert driver.find_elements("css selector", "#chart .main-svg"), "the chart did not draw"
        assert driver.find_element("css selector", "table caption").text
        logs = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert logs == []
    finally:
        driver.quit()
