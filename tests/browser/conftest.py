"""Browser-test plumbing, in one place: one live server and one Chromium per test module, axe-core, viewports, and
the one helper that says a page has settled (server HTML loaded; on Explore, Dash too when asked).

Every wait is bounded and fails on its timeout (no sleep-polls that pass when the condition never comes). Under
CI=true a missing tool fails the run (tests/conftest.py) with the message here saying what to install.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

AXE_JS = Path(__file__).resolve().parents[2] / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars")


@pytest.fixture(scope="module")
def live_url(app) -> Iterator[str]:
    """The app served by a threaded werkzeug server on a random loopback port, for this module."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless Debian Chromium for this module."""
    driver_path = shutil.which("chromedriver")
    if not driver_path or not shutil.which("chromium"):
        pytest.skip("Chromium is not installed: apt-get install chromium chromium-driver (scripts/setup.sh does)")
    opts = Options()
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.skip("axe-core is not installed: npm ci --prefix tools/axe (scripts/setup.sh does; needs Debian "
                    "nodejs and npm)")
    return AXE_JS.read_text(encoding="utf-8")


def viewport(drv: webdriver.Chrome, width: int, height: int = 900) -> None:
    """Make the page's own width (window.innerWidth) exactly `width` CSS px."""
    drv.set_window_size(width, height)
    inner = drv.execute_script("return window.innerWidth")
    drv.set_window_size(width + (width - inner), height)


def settled(drv: webdriver.Chrome, timeout: float = 20, dash: bool = False) -> None:
    """Wait until the page has loaded; with dash=True, also until Dash has rendered and no callback is pending.
    Raises TimeoutException when it does not happen in time."""
    script = "return document.readyState === 'complete'"
    if dash:
        script += (" && !!window.dash_clientside && !!document.querySelector('#react-entry-point [id]')"
                   " && !document.querySelector('[data-dash-is-loading=\"true\"]')")
    WebDriverWait(drv, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def axe_violations(drv: webdriver.Chrome, source: str) -> list[dict]:
    drv.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    drv.execute_script(source)
    result = drv.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(done).catch(e => done({error: String(e)}));", AXE_TAGS)
    assert "error" not in result, result
    assert result["testEngine"]["version"] == "4.14.1"
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
                     for v in violations)


def sideways_scroll(drv: webdriver.Chrome) -> int:
    """How many px the page scrolls sideways (0 = no horizontal overflow)."""
    return int(drv.execute_script("return document.documentElement.scrollWidth - window.innerWidth"))
