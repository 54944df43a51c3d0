"""Render a briefing page to PDF with the system Chromium (Selenium + Chrome DevTools Page.printToPDF).

The browser opens the running server's own /briefing page, waits until the briefing and its charts are drawn,
and prints it with the print stylesheet (A4, one page). Failures raise PdfError with a plain message; the
route turns that into a clear error page. At most MAX_CONCURRENT renders run at once per process, and recent
PDFs are kept in a small in-memory cache (keyed by URL and data hash).
"""

from __future__ import annotations

import base64
import os
import shutil
import threading
from collections import OrderedDict

CHROMIUM = os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DASHBOARD_CHROMEDRIVER", "/usr/bin/chromedriver")
TIMEOUT_S = float(os.environ.get("DASHBOARD_PDF_TIMEOUT", "30"))
MAX_CONCURRENT = 2
CACHE_SIZE = 32
READY_JS = (
    "const b = document.getElementById('briefing');"
    "if (!b || document.querySelector('._dash-loading')) return false;"
    "const graphs = b.querySelectorAll('.dash-graph').length;"
    "return b.querySelectorAll('.js-plotly-plot .main-svg').length >= graphs;"
)
PRINT_OPTIONS = {"printBackground": True, "preferCSSPageSize": True, "paperWidth": 8.27, "paperHeight": 11.69,
                 "displayHeaderFooter": False}
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-extensions", "--window-size=726,1400")  # 726 CSS px = A4 width less the print margins

_slots = threading.BoundedSemaphore(MAX_CONCURRENT)
_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_cache_lock = threading.Lock()


class PdfError(Exception):
    """The PDF could not be made; the message is safe to show to a reader."""


def available() -> bool:
    return bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)) and os.path.exists(CHROMEDRIVER)


def _render(url: str, timeout: float) -> bytes:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except WebDriverException as exc:
        raise PdfError("The PDF printer (Chromium) could not be started on the server.") from exc
    try:
        driver.set_page_load_timeout(timeout)
        driver.set_script_timeout(timeout)
        driver.get(url)
        WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: d.execute_script(READY_JS))
        result = driver.execute_cdp_cmd("Page.printToPDF", PRINT_OPTIONS)
        data = base64.b64decode(result["data"])
    except TimeoutException as exc:
        raise PdfError(f"The briefing did not finish drawing within {timeout:.0f} seconds.") from exc
    except (WebDriverException, KeyError, ValueError) as exc:
        raise PdfError("The briefing page could not be printed.") from exc
    finally:
        try:
            driver.quit()
        except Exception:  # the browser may already be gone
            pass
    if not data.startswith(b"%PDF"):
        raise PdfError("The printer did not return a PDF.")
    return data


def render_pdf(url: str, cache_key: str = "", timeout: float | None = None) -> bytes:
    """PDF bytes of the page at url, or PdfError. cache_key (e.g. the data hash and date) scopes the cache."""
    key = (url, cache_key)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    if not available():
        raise PdfError("The PDF printer (Chromium) is not installed on this server.")
    t = TIMEOUT_S if timeout is None else timeout
    if not _slots.acquire(timeout=t):
        raise PdfError("The server is busy making other PDFs. Please try again in a minute.")
    try:
        data = _render(url, t)
    finally:
        _slots.release()
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
