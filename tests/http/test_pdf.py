"""/briefing.pdf: one A4 page, made in-process by WeasyPrint from the briefing's HTML (checked with poppler)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdfinfo, pdftotext) is not installed")


MIN_PT = 8.0
# pdftotext -bbox gives each word's box: ascent + descent of the font, 1.1175 x the size for Liberation Sans/Arial
# (0.905 + 0.212; an 8 pt word is 8.94 pt high), so a word under 8 pt is one whose box is under 8.92 pt.
BOX_PER_PT = 1.1175
MID_PAGE = 297.6  # pt: words starting left of it are in the left column
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


def _pdf(client, path: str, tmp_path: Path) -> tuple[str, str]:
    resp = client.get(path, follow_redirects=True)  # a month or a loose view: the PDF of its canonical address
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "application/pdf"
    file = tmp_path / "b.pdf"
    file.write_bytes(resp.data)
    info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(file), "-"], capture_output=True, text=True, check=True).stdout
    boxes = subprocess.run(["pdftotext", "-bbox", str(file), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(y1) - float(y0), html.unescape(w)) for x0, y0, y1, w in WORD.findall(boxes)]
    small = [(w, round(h / BOX_PER_PT, 2)) for _, h, w in words if h < MIN_PT * BOX_PER_PT - 0.02]
    assert not small, f"text under {MIN_PT} pt in {path}: {small[:10]}"
    # the page's text, then each half in reading order (the whole-page text may interleave two columns' lines)
    halves = [" ".join(w for x, _, w in words if (x < MID_PAGE) == left) for left in (True, False)]
    return info, " ".join(" ".join([text, *halves]).split())


def _one_a4_page(info: str) -> None:
    assert "Pages:           1" in info, info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info, info


def test_briefing_pdf_is_one_a4_page_with_the_headline_and_its_source(client, tmp_path):
    info, text = _pdf(client, "/briefing.pdf", tmp_path)
    _one_a4_page(info)
    # curated/maternal.csv line 108; the interval is calculated (exact Poisson) from its 252 / 1,969,321
    assert "Maternal death rate, 2022-24" in text and "12.80" in text and "per 100,000 maternities [1]" in text
    assert "95% CI 11.27 to 14.48 (calculated); 252 deaths among 1,969,321 maternities" in text
    assert '"calculated" means this dashboard worked the range out from the published counts' in text
    assert "Change from 2021-23: not statistically significant (the source's test)" in text
    assert "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)" in text
    assert "116 123" in text  # the support line travels into the PDF
    assert "And 2 more in the online briefing." in text  # the calls are cut on paper, and say so
    assert "Producer:        WeasyPrint" in info
    assert "Tagged:          yes" in info


def test_briefing_pdf_leads_with_large_numbers_a_chart_and_nine_point_text(client, tmp_path):
    resp = client.get("/briefing.pdf")
    file = tmp_path / "b.pdf"
    file.write_bytes(resp.data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(file), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(y0), (float(y1) - float(y0)) / BOX_PER_PT, html.unescape(w))
             for _x0, y0, y1, w in WORD.findall(boxes)]
    size: dict[str, float] = {}
    for _y, h, w in words:
        size[w] = max(h, size.get(w, 0.0))
    # the band: four headline numbers at 18 pt or more (maternal.csv line 108, perinatal.csv line 71)
    for number in ("12.80", "3.22"):
        assert size[number] >= 18, (number, size[number])
    # the chart is drawn (its axis title and the ambition line's label are its words)
    text = " ".join(w for _y, _h, w in words)
    assert "Three-year period" in text and "Ambition for 2025" in text
    # body text is 9 pt or more; only the chart's own labels (about 8.8 pt at the column's width) are smaller
    chart_top = min(y for y, _h, w in words if w == "COVID-19")
    chart_bottom = max(y for y, _h, w in words if w == "Three-year")
    small = [(w, round(h, 2)) for y, h, w in words if h < 9 - 0.03 and not chart_top - 20 <= y <= chart_bottom + 60]
    assert not small, small[:10]
    # the leading causes are the latest period's (2020-22), not 2015-17
    assert "In 2020 to 2022, the leading causes of death" in " ".join(text.split())


@pytest.mark.parametrize("query, expected", [
    # maternal.csv line 94 is not yet published in January 2023: the newest primary rate then was the ONS 2017-19
    ("?edition=2023-01", "Maternal death rate, 2017-19"),
    # as known in October 2024: 2019-21 from the October 2023 brief (maternal.csv line 99), with its counts
    ("?edition=2024-10", "Maternal death rate, 2019-21"),
    # the fullest editions (a newer secondary rate, newer secondary figures for babies): still one page
    ("?edition=2025-09", "And 2 more in the online briefing."),
    ("?view=1", "12.80 per 100,000 maternities"),
    ("?view=1&ind=neonatal_mortality_rate_ons&by=nation", "To fit one page, the table shows the newest"),
    ("?view=1&ind=maternal_mortality_rate&by=ethnicity&measure=ratio", "Black vs White"),
    ("?view=1&by=ethnicity", "Mixed/multiple ethnic groups"),
    ("?view=1&ind=known_to_social_services_share", "22%*"),  # social.csv line 28
    ("?view=1&ind=maternal_deaths_cause_share&by=cause", "Cardiac disease"),
    ("?view=1&ind=csc_characteristic_share&by=with_csc_involvement", "Cause of death: suicide"),
])
def test_every_briefing_pdf_fits_one_a4_page(client, tmp_path, query, expected):
    info, text = _pdf(client, "/briefing.pdf" + query, tmp_path)
    _one_a4_page(info)
    assert expected in text
    assert "95% confidence interval" in text or "95% CI" in text or "Ranges are 95% confidence intervals" in text


def test_pdfs_are_cached_per_data_query_and_day(client, app):
    first = client.get("/briefing.pdf?edition=2024-01").data
    second = client.get("/briefing.pdf?edition=2024-01").data
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


def test_the_briefing_leads_the_gaps_with_the_producers_words_on_screen_and_on_paper(client, tmp_path):
    # comparisons.csv lines 11 and 13 (MBRRACE-UK data brief, January 2026, 2022-24, primary): "nearly three-fold
    # difference" (Black against White) and "twice that of women living in the least deprived areas"; the numbers
    # follow: 3.7 for 2018-20 (maternal.csv line 130, primary) and 1.9 for 2021-23 (line 123, secondary)
    page = html.unescape(client.get("/briefing").get_data(as_text=True))
    band = page[page.index('class="band"'):page.index("</ul>", page.index('class="band"'))]
    assert "Gap by ethnic group, 2022-24" in band and "\u201cnearly three-fold\u201d" in band
    assert "Gap by deprivation, 2022-24" in band and "\u201ctwice\u201d" in band
    assert band.index("nearly three-fold") < band.index("As a number: 3.7 times for 2018-20 (primary)")
    assert band.index("twice") < band.index("As a number: 1.9 times for 2021-23 (secondary)*")
    _info, text = _pdf(client, "/briefing.pdf", tmp_path)
    assert "Gap by ethnic group, 2022-24" in text and "Gap by deprivation, 2022-24" in text
    assert "\u201cnearly three-fold\u201d" in text and "\u201ctwice\u201d" in text
    assert "As a number: 3.7 times for 2018-20 (primary)" in text
    assert "3.7 times" not in text.split("As a number")[0]  # no number leads the gap before the producer's words
    assert 'words for 2022 to 2024 are "nearly three-fold difference" (primary)' in text
