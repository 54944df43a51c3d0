"""/briefing.pdf: one A4 page, made in-process by WeasyPrint from the briefing's HTML (checked with poppler)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdfinfo, pdftotext) is not installed")


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _pdf(client, path: str, tmp_path: Path) -> tuple[str, str]:
    resp = client.get(path)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "application/pdf"
    file = tmp_path / "b.pdf"
    file.write_bytes(resp.data)
    info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(file), "-"], capture_output=True, text=True, check=True).stdout
    return info, " ".join(text.split())


def _one_a4_page(info: str) -> None:
    assert "Pages:           1" in info, info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info, info


def test_briefing_pdf_is_one_a4_page_with_the_headline_and_its_source(client, tmp_path):
    info, text = _pdf(client, "/briefing.pdf", tmp_path)
    _one_a4_page(info)
    # curated/maternal.csv line 108
    assert "Maternal mortality rate, 2022-24: 12.80 per 100,000 maternities" in text
    assert "95% CI 11.27 to 14.48, calculated by this dashboard from the published counts" in text
    assert "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)" in text
    assert "116 123" in text  # the support line travels into the PDF
    assert "Producer:        WeasyPrint" in info


@pytest.mark.parametrize("query, expected", [
    ("?edition=2023-01", "Maternal mortality rate, 2017-19: 8.79 per 100,000 maternities"),
    ("?view=1", "12.80 per 100,000 maternities"),
    ("?view=1&ind=neonatal_mortality_rate_ons&by=nation", "To fit one page, the table shows the newest"),
    ("?view=1&ind=maternal_mortality_rate&by=ethnicity&measure=ratio", "Black vs White"),
])
def test_every_briefing_pdf_fits_one_a4_page(client, tmp_path, query, expected):
    info, text = _pdf(client, "/briefing.pdf" + query, tmp_path)
    _one_a4_page(info)
    assert expected in text


def test_pdfs_are_cached_per_data_query_and_day(client, app):
    first = client.get("/briefing.pdf?edition=2024-02").data
    second = client.get("/briefing.pdf?edition=2024-02").data
    assert first == second and first.startswith(b"%PDF")


def test_the_pdf_maker_fetches_only_the_sites_own_assets(tmp_path):
    from dashboard.config import Settings
    from dashboard.web.pdf import _fetcher_class

    fetch = _fetcher_class()(Settings.from_env().assets)
    css = fetch.fetch("http://example.org/assets/print.css?v=1")
    assert b"@page" in css.read() if hasattr(css, "read") else True
    for url in ("http://127.0.0.1:1/", "http://example.org/assets/../pyproject.toml", "file:///etc/passwd",
                "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetch.fetch(url)
