"""Explore's user flow in Chromium, on a desktop and on an emulated phone, side by side with a plain form submit.

    python benchmarks/explore_flow.py [--runs 5]     # prints a Markdown table for docs/benchmarks.md

The app is served in-process on a random loopback port (the same server the browser tests use). The phone is
Chrome DevTools emulation through Selenium's execute_cdp_cmd: 375 px wide, Lighthouse's "slow 4G" (150 ms round
trip, 1.6 Mbit/s down, 750 kbit/s up) and a 4x CPU slowdown. For each profile, the median of the runs of:
- plain form submit: the next view as a page load (/explore?by=ethnicity -> ?by=deprivation), from navigation
  start to DOMContentLoaded (the view is in the HTML);
- change in place: a change of the Breakdown control answered through /explore/_panel, from the change event to
  the frame after the new headline is in the page;
- change, interactive chart: the same change once the interactive chart is ready, to the frame after the plotly
  graph has drawn the new view;
- hover: a mouse move onto a point to the frame after plotly's hover label is drawn;
- bytes (transferred, compressed as served) of the first page, and of what a reader loads on engaging: Dash's
  scripts, plotly, and the data (Dash's layout, dependencies and callback answers, and the panels).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard.app import create_app

PHONE = {"width": 375, "network": {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
                                   "uploadThroughput": 750e3 / 8}, "cpu": 4}
DESKTOP = {"width": 1280, "network": None, "cpu": 1}
WAIT = 60

CHANGE = """
const done = arguments[arguments.length - 1], t0 = performance.now(), want = arguments[0], needle = arguments[1];
const s = document.getElementById('ctl-by'); s.value = want; s.dispatchEvent(new Event('change', {bubbles: true}));
(function poll() {
  const h = document.getElementById('explore-title');
  if (h && h.textContent.includes(needle)) { requestAnimationFrame(() => done(performance.now() - t0)); }
  else { setTimeout(poll, 2); }
})();
"""
CHANGE_LIVE = """
const done = arguments[arguments.length - 1], t0 = performance.now(), want = arguments[0], n = arguments[1];
const gd = document.querySelector('#explore-graph .js-plotly-plot');
const s = document.getElementById('ctl-by'); s.value = want; s.dispatchEvent(new Event('change', {bubbles: true}));
(function poll() {
  const g = document.querySelector('#explore-graph .js-plotly-plot');
  if (g && g.data && g.data.length === n && g.querySelectorAll('.points path').length) {
    requestAnimationFrame(() => done(performance.now() - t0)); }
  else { setTimeout(poll, 2); }
})();
"""
HOVER = """
const done = arguments[arguments.length - 1];
const gd = document.querySelector('#explore-graph .js-plotly-plot');
const drag = gd.querySelector('.nsewdrag');
const pts = gd.querySelectorAll('.points path'); const p = pts[pts.length - 1].getBoundingClientRect();
Plotly.Fx.unhover(gd);
const t0 = performance.now();
drag.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: p.x + p.width / 2, clientY: p.y + p.height / 2}));
(function poll() {
  if (gd.querySelector('.hoverlayer .hovertext')) { requestAnimationFrame(() => done(performance.now() - t0)); }
  else { setTimeout(poll, 1); }
})();
"""
BYTES = """
const kinds = {page: 0, dash: 0, plotly: 0, data: 0};
for (const e of performance.getEntriesByType('resource')) {
  const u = e.name;
  const k = u.includes('plotly') ? 'plotly' : u.includes('_dash-component-suites') ? 'dash'
          : (u.includes('_dash-') || u.includes('/_panel')) ? 'data' : 'page';
  kinds[k] += e.transferSize;
}
kinds.page += performance.getEntriesByType('navigation')[0].transferSize;
return kinds;
"""


def driver(profile: dict[str, Any]) -> webdriver.Chrome:
    opts = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        opts.add_argument(flag)
    drv = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    drv.set_script_timeout(WAIT)
    drv.set_window_size(profile["width"], 900)
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    if profile["network"]:
        drv.execute_cdp_cmd("Network.emulateNetworkConditions", profile["network"])
    drv.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return drv


def engage(drv: webdriver.Chrome) -> None:
    drv.execute_script("document.getElementById('explore-live-button').click()")
    WebDriverWait(drv, WAIT, 0.05).until(lambda d: d.execute_script(
        "return document.documentElement.classList.contains('explore-live') &&"
        " !!document.querySelector('#explore-graph .js-plotly-plot .points path')"))


def run(base: str, profile: dict[str, Any], runs: int) -> dict[str, Any]:
    drv = driver(profile)
    out: dict[str, list[float]] = {"submit": [], "in_place": [], "live": [], "hover": []}
    sizes: dict[str, int] = {}
    try:
        for i in range(runs):
            drv.get(f"{base}/explore?by=ethnicity")
            drv.get(f"{base}/explore?by=deprivation")        # as the form's submit would navigate
            nav = drv.execute_script("const n = performance.getEntriesByType('navigation')[0];"
                                     "return n.domContentLoadedEventEnd - n.startTime;")
            out["submit"].append(nav)
            drv.get(f"{base}/explore?by=ethnicity")
            first = drv.execute_script(BYTES)
            out["in_place"].append(drv.execute_async_script(CHANGE, "deprivation", "deprivation quintile"))
            drv.get(f"{base}/explore?by=ethnicity")
            engage(drv)
            out["live"].append(drv.execute_async_script(CHANGE_LIVE, "deprivation", 2))
            out["hover"].append(drv.execute_async_script(HOVER))
            if i == 0:
                engaged = drv.execute_script(BYTES)
                sizes = {"first page": first["page"], "Dash": engaged["dash"], "plotly": engaged["plotly"],
                         "data": engaged["data"]}
    finally:
        drv.quit()
    return {"times": {k: statistics.median(v) for k, v in out.items()}, "bytes": sizes}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app = create_app()
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        results = {name: run(base, p, args.runs) for name, p in (("desktop", DESKTOP), ("phone", PHONE))}
    finally:
        server.shutdown()
    print(f"Median of {args.runs} runs, milliseconds.\n")
    print("| | desktop | emulated phone (375 px, slow 4G, 4x CPU) |\n|---|---|---|")
    for key, label in (("submit", "plain form submit (page load)"), ("in_place", "change in place (panel)"),
                       ("live", "change with the interactive chart"), ("hover", "hover to label drawn")):
        print(f"| {label} | {results['desktop']['times'][key]:.0f} | {results['phone']['times'][key]:.0f} |")
    print("\nBytes transferred (KiB, as served):\n\n| | KiB |\n|---|---|")
    for kind, size in results["desktop"]["bytes"].items():
        print(f"| {kind} | {size / 1024:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
