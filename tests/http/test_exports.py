"""Exports: the static site (server-rendered pages, SVG and PNG images, data files; no script, no browser) and the
data package's columns."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.exports.package import COLUMN_DOCS, package_files


@pytest.fixture(scope="module")
def exported(store, settings, tmp_path_factory) -> tuple[Path, object]:
    from dashboard.exports.site import export

    out = tmp_path_factory.mktemp("site")
    return out, export(out, store, settings, progress=False)


def test_static_export_writes_every_view(exported):
    out, result = exported
    assert result.pages > 50 and result.seconds > 0
    page = out / "maternal_mortality_rate" / "ethnicity"
    for name in ("index.html", "chart.png", "chart.svg", "data.csv"):
        assert (page / name).stat().st_size > 0, name
    assert (page / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "data" / "package.zip").is_file() and (out / "data" / "latest" / "figures.parquet").is_file()
    assert (out / "assets" / "style.css").is_file()
    data = pd.read_csv(page / "data.csv", dtype=str, keep_default_na=False)
    assert list(data.columns) == list(EXPORT_COLUMNS) and len(data) == 30


def test_static_pages_are_readable_html_with_relative_links(exported):
    out, _ = exported
    doc = BeautifulSoup((out / "maternal_mortality_rate" / "ethnicity" / "index.html").read_text(), "html.parser")
    assert doc.find("h1").get_text() == "Women who died during pregnancy or within six weeks, by ethnic group (England)"
    assert doc.select(".chart-wide svg") and doc.select("#export-table tbody tr")
    assert "37.2 per 100,000 maternities*" in doc.get_text(" ")
    assert doc.find("script") is None
    links = [a["href"] for a in doc.find_all("a", href=True)] + [x["href"] for x in doc.find_all("link", href=True)]
    local = [h for h in links if not h.startswith(("http://", "https://", "#"))]
    assert local and not [h for h in local if h.startswith("/")], "links inside the export must be relative"
    for href in local:
        assert (out / "maternal_mortality_rate" / "ethnicity" / href).resolve().exists(), href
    index = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert "maternal_mortality_rate/ethnicity/index.html" in [a["href"] for a in index.find_all("a", href=True)]
    suicide = (out / "maternal_suicide_rate" / "overall" / "index.html").read_text()
    assert "116 123" in suicide


def test_static_images_stand_on_their_own(exported):
    out, _ = exported
    svg = (out / "maternal_mortality_rate" / "overall" / "chart.svg").read_text()
    words = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    assert "View online: " in words and "/explore" in words
    assert "Primary source: MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)." in words


def test_package_documents_every_public_column(store):
    assert set(EXPORT_COLUMNS) <= set(COLUMN_DOCS)
    files = package_files(store, "https://example.org")
    figures = pd.read_csv(io.BytesIO(files["data/figures.csv"]), dtype=str, keep_default_na=False)
    assert list(figures.columns) == list(EXPORT_COLUMNS)
    assert set(figures["tier"]) <= {"primary", "official", "secondary"}
    readme = files["README.md"].decode()
    assert "https://example.org/data/package.zip" in readme and "| `reported_by` |" in readme
    assert zipfile.is_zipfile(io.BytesIO(__import__("dashboard.exports.package", fromlist=["zip_bytes"])
                                         .zip_bytes(files)))
