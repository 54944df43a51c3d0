"""Check a figure, the data catalogue and "what changed" in a real browser: axe-core (npm 4.14.1, injected into
Debian Chromium with Selenium) finds no WCAG 2.2 A/AA or best-practice violations at 375 and 1280 px, and no page
scrolls sideways at 320 px. No rule is disabled. Screenshots go to $FEATURES_SHOTS (default /tmp/features-shots).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).resolve().parents[2] / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ALT_AXE = Path("/work/main/tools/axe/node_modules/axe-core/axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SHOTS = Path(os.environ.get("FEATURES_SHOTS", "/tmp/features-shots"))
PAGES = [
    "/check", "/check?q=13.56", "/check?q=one+in+five", "/check?q=five+times+more+likely", "/check?q=black+women",
    "/check?q=13.57", "/check?q=" + "9" * 30, "/data", "/data/latest/", "/data/2024-10/", "/data/1999-01/",
    "/changes", "/changes?from=2024-01&to=2024-10", "/changes?from=2023-09&to=2023-10", "/changes?from=2099-01",
]


@pytest.fixture(scope="module")
def base_url(app):
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver():
    opts = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--hide-scrollbars"):
        opts.add_argument(flag)
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def axe_source() -> str:
    for path in (AXE_JS, ALT_AXE):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("axe-core is not installed (npm ci --prefix tools/axe)")


def _viewport(drv, width: int, height: int = 900) -> None:
    drv.set_window_size(width, height)
    inner = drv.execute_script("return window.innerWidth")
    drv.set_window_size(width + (width - inner), height)


def _violations(drv, source: str) -> list[dict]:
    drv.execute_script(source)
    result = drv.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(done).catch(e => done({error: String(e)}));", TAGS)
    assert "error" not in result, result
    return result["violations"]


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
                     for v in violations)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(driver, base_url, axe_source, path, width):
    _viewport(driver, width)
    driver.get(base_url + path)
    assert driver.find_element("css selector", "h1").text
    found = _violations(driver, axe_source)
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")[:60] or "root"
    driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    assert not found, _describe(found)


@pytest.mark.parametrize("path", ["/check?q=13.56", "/check?q=black+women", "/data", "/data/latest/",
                                  "/changes?from=2024-01&to=2024-10"])
def test_no_sideways_scroll_at_320(driver, base_url, path):
    _viewport(driver, 320)
    driver.get(base_url + path)
    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{path} is {wide}px wider than a 320px screen"
