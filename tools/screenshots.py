"""Screenshots of pages as a person sees them: python tools/screenshots.py OUTDIR PATH[@WIDTH[=NAME]] ...

Starts the app on a free loopback port in a thread, opens each path in headless Chromium at the
given width (default 1280; e.g. /explore@375) and writes full-page PNGs, named NAME-WIDTH.png when a name is
given (e.g. "/explore?by=ethnicity@375=explore-ethnicity"). Pages are server-rendered, so a page is ready when the
document has loaded. An Explore path ending in #interactive is shot with its interactive chart open and the
pointer on its latest point (the hover label showing). Used to look at pages before calling them done, and to
refresh the screenshots in docs/screenshots/:

    python tools/screenshots.py docs/screenshots /@375=home /@1280=home \
      /topics/mental-health-and-social-care@375=topic /topics/mental-health-and-social-care@1280=topic \
      "/explore?by=ethnicity@375=explore-ethnicity" "/explore?by=ethnicity@1280=explore-ethnicity" \
      "/explore#interactive@375=explore-interactive" "/explore#interactive@1280=explore-interactive"
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboard.app import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INTERACTIVE = "#interactive"
LIVE = ("return document.documentElement.classList.contains('explore-live')"
        " && !!document.querySelector('#explore-graph .js-plotly-plot .points path')")
HOVER = "return !!document.querySelector('#explore-graph .hoverlayer .hovertext')"


def interactive(driver: webdriver.Chrome) -> None:
    """Open Explore's interactive chart and rest the pointer on its latest point, so its hover label shows."""
    driver.find_element(By.ID, "explore-live-button").click()
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(LIVE))

    def hovered(d: webdriver.Chrome) -> bool:  # the graph may redraw as it settles: find the point again each time
        point = d.find_elements(By.CSS_SELECTOR, "#explore-graph .points path")[-1]
        ActionChains(d).move_to_element(point).move_by_offset(1, 0).perform()
        return bool(d.execute_script(HOVER))

    WebDriverWait(driver, 20, poll_frequency=0.3, ignored_exceptions=(StaleElementReferenceException,)).until(hovered)


def main(outdir: str, targets: list[str]) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opts = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        for target in targets:
            path, _, rest = target.rpartition("@") if "@" in target else (target, "", "")
            width, _, given = rest.partition("=")
            live = path.endswith(INTERACTIVE)
            path = path.removesuffix(INTERACTIVE)
            w = int(width or 1280)
            driver.set_window_size(w, 900)
            driver.get(f"http://127.0.0.1:{port}{path}")
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
            height = driver.execute_script("return Math.max(document.body.scrollHeight, 900)")
            driver.set_window_size(w, min(int(height) + 40, int(os.environ.get("SHOT_MAX_HEIGHT", "8000"))))
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
            if live:
                interactive(driver)
            name = given or (path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "home")
            file = out / f"{name[:80]}-{w}.png"
            driver.save_screenshot(str(file))
            print(file)
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["/"])
