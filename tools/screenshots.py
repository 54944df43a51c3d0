"""Screenshots of pages as a person sees them: python tools/screenshots.py OUTDIR PATH[@WIDTH] ...

Starts the app on a free loopback port in a thread, opens each path in headless Chromium at the
given width (default 1280; e.g. /explore@375) and writes full-page PNGs. Pages are server-rendered, so a
page is ready when the document has loaded. Used to look at pages before calling them done, and to refresh
the README's screenshots.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboard.app import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
            path, _, width = target.partition("@")
            w = int(width or 1280)
            driver.set_window_size(w, 900)
            driver.get(f"http://127.0.0.1:{port}{path}")
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
            height = driver.execute_script("return Math.max(document.body.scrollHeight, 900)")
            driver.set_window_size(w, min(int(height) + 40, int(os.environ.get("SHOT_MAX_HEIGHT", "8000"))))
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
            name = (path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "home")
            file = out / f"{name[:80]}-{w}.png"
            driver.save_screenshot(str(file))
            print(file)
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["/"])
