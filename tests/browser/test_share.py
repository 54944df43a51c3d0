"""In a real browser: download the image and the CSV of a view (from Explore's share panel when it is wired,
otherwise from the same links injected into the page) and check the files are the view's."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard.exports.csv import to_csv_bytes
from dashboard.state import parse
from dashboard.views import build_view

pytestmark = pytest.mark.browser

QUERY = "by=ethnicity"


def _wait_for_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded; folder has {[p.name for p in folder.iterdir()]}")


def test_browser_downloads_image_and_csv(dash_duo, app, store, tmp_path):
    view = build_view(store, parse(QUERY, store)[0])
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    dash_duo.wait_for_page(f"{dash_duo.server_url}/explore?{QUERY}")
    dash_duo.wait_for_element("#explore-chart .main-svg", timeout=20)
    wired = bool(driver.find_elements("css selector", "#share-png"))
    if not wired:  # Explore not wired yet: the same links the panel renders
        driver.execute_script(
            "const p = document.getElementById('share-panel') || document.body;"
            "for (const [id, href, name] of arguments[0]) {"
            "  const a = document.createElement('a'); a.id = id; a.href = href; a.download = name;"
            "  a.textContent = id; p.appendChild(a); }",
            [["share-png", f"/image/view.png?{view.query}", "chart.png"],
             ["share-csv", f"/download/view.csv?{view.query}", "chart.csv"]])
    png_link = dash_duo.find_element("#share-png")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", png_link)
    png_link.click()
    png = _wait_for_file(tmp_path, ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    csv_link = dash_duo.find_element("#share-csv")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", csv_link)
    csv_link.click()
    csv = _wait_for_file(tmp_path, ".csv")
    assert csv.read_bytes() == to_csv_bytes(view.table_df)
    if wired:
        # Keyboard: the copy-link button is a real button; Enter gives a spoken status.
        button = dash_duo.find_element("#share-copy-link")
        driver.execute_script("arguments[0].focus()", button)
        button.send_keys("\n")
        dash_duo.wait_for_element("#share-status", timeout=5)
        deadline = time.time() + 5
        while time.time() < deadline and not dash_duo.find_element("#share-status").text:
            time.sleep(0.1)
        assert dash_duo.find_element("#share-status").text
        size = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", button)
        assert min(size) >= 24
    assert dash_duo.get_logs() == []
