"""Benchmark: this dashboard's pages against a bare Dash app, side by side on one machine; prints tables and writes
them into docs/benchmarks.md. Never used by tests (no timing assertions anywhere).

    .venv/bin/python benchmarks/run.py [--runs 3] [--seconds 10] [--no-lighthouse] [--no-write]

- Lighthouse 12, default mobile settings (simulated slow 4G, 4x CPU slowdown), the median run of --runs per page
  (by performance score), for every reading page, Explore and /embed, and for the bare Dash app (plain and with
  compress=True). "First load" is every byte Lighthouse saw transferred: it never interacts with the page, so
  Explore's deferred Dash scripts are not in it.
- Throughput (wrk, 1 thread, 8 connections, loopback) of an Explore view and the home page with the response memo
  on and OFF (DASHBOARD_CALLBACK_CACHE_MB=0), against the bare app's page and callback.
- An Explore view built from scratch in-process, with no memo of any kind (benchmarks/explore_view.py).
Needs wrk and Chromium (Debian); Lighthouse is installed into tools/bench from its lock file when missing. Both apps
run under gunicorn with 2 sync workers (--preload) on 127.0.0.1; every server is stopped by its own pid.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    LIGHTHOUSE,
    PY,
    ROOT,
    LighthouseResult,
    Server,
    WrkResult,
    capture_callbacks,
    lighthouse,
    replace_section,
    wrk,
)

DOC = ROOT / "docs" / "benchmarks.md"
TITLE = """# Benchmarks

Produced by `benchmarks/run.py` (this app against a bare Dash app, side by side), `benchmarks/explore_view.py`
(an Explore view built from scratch) and `benchmarks/load.py` (a bounded load test). All talk to 127.0.0.1 only.
The figures depend on the machine and on what else it was doing; compare within one run, not across runs.
"""
APP = "dashboard.serve:wsgi()"
BARE = "benchmarks.bare_app:server"
PAGES = {  # the targets of the issue: reading pages >= 0.95, Explore >= 0.90
    "Home": ("/", 0.95), "Topic": ("/topics/mental-health-and-social-care", 0.95), "Briefing": ("/briefing", 0.95),
    "Explore": ("/explore?by=ethnicity", 0.90), "About": ("/about", 0.95), "Data": ("/data", 0.95),
    "Check": ("/check?q=13.56", 0.95), "Changes": ("/changes", 0.95), "Embed": ("/embed", 0.95),
}
LCP_TARGET_S, TBT_TARGET_MS, FIRST_LOAD_TARGET = 1.5, 150, 150 * 1024


def median_lighthouse(url: str, runs: int, tmp: Path, tag: str) -> LighthouseResult | None:
    results = [r for i in range(runs) if (r := lighthouse(url, tmp / f"{tag}-{i}.json")) is not None]
    if not results:
        return None
    return sorted(results, key=lambda r: r.performance)[len(results) // 2]


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--prefix", str(ROOT / "tools" / "bench"), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True, timeout=600)


def kib(n: float) -> str:
    return f"{n / 1024:,.0f} KiB"


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


@dataclass
class PageRow:
    name: str
    path: str
    target: float
    lh: LighthouseResult | None


def lighthouse_table(rows: list[PageRow], bare: LighthouseResult | None, bare_c: LighthouseResult | None) -> str:
    head = ("| page | performance (target) | LCP | TBT | CLS | first load | a11y / best practices / SEO | verdict |\n"
            "|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        if r.lh is None:
            lines.append(f"| {r.name} (`{r.path}`) | not measured | | | | | | |")
            continue
        x = r.lh
        reading = r.target >= 0.95
        ok = (x.performance >= r.target and (not reading or (x.lcp_s <= LCP_TARGET_S and x.tbt_ms <= TBT_TARGET_MS
                                                               and x.transfer_bytes <= FIRST_LOAD_TARGET))
              and min(x.accessibility, x.best_practices, x.seo) >= 1.0)
        lines.append(f"| {r.name} (`{r.path}`) | {x.performance:.2f} ({r.target:.2f}) | {x.lcp_s:.2f} s | "
                     f"{x.tbt_ms:.0f} ms | {x.cls:.3f} | {kib(x.transfer_bytes)} | {x.accessibility:.2f} / "
                     f"{x.best_practices:.2f} / {x.seo:.2f} | {mark(ok)} |")
    for name, x in (("Bare Dash app", bare), ("Bare Dash app, compress=True", bare_c)):
        if x is not None:
            lines.append(f"| {name} | {x.performance:.2f} | {x.lcp_s:.2f} s | {x.tbt_ms:.0f} ms | {x.cls:.3f} | "
                         f"{kib(x.transfer_bytes)} | {x.accessibility:.2f} / {x.best_practices:.2f} / {x.seo:.2f} | |")
    failing = sorted({f for r in rows if r.lh for f in r.lh.failing if not f.startswith("performance")})
    note = f"\n\nAudits not passing (other than performance): {', '.join(failing) or 'none'}.\n"
    return head + "\n".join(lines) + note


def wrk_line(name: str, r: WrkResult) -> str:
    return f"| {name} | {r.rps:,.0f} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {r.errors} |"


def explore_view_report() -> str:
    out = subprocess.run([PY, str(ROOT / "benchmarks" / "explore_view.py")], cwd=ROOT, capture_output=True, text=True,
                         timeout=600, check=False)
    return out.stdout.strip() if out.returncode == 0 else f"explore_view.py failed: {out.stderr[-500:]}"


def environment() -> str:
    cpu = platform.processor() or platform.machine()
    return (f"Python {platform.python_version()}, {platform.system()} {platform.release()}, {cpu}, "
            f"{subprocess.run(['nproc'], capture_output=True, text=True, check=False).stdout.strip()} cores")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is kept)")
    p.add_argument("--seconds", type=int, default=10, help="wrk duration per measurement")
    p.add_argument("--no-lighthouse", action="store_true")
    p.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    sections: list[tuple[str, str]] = []
    if not args.no_lighthouse:
        ensure_lighthouse()
    with Server("app", APP, env={"DASHBOARD_CACHE": str(tmp / "cache")}) as app, \
            Server("app-nomemo", APP, env={"DASHBOARD_CACHE": str(tmp / "cache"),
                                           "DASHBOARD_CALLBACK_CACHE_MB": "0", "DASHBOARD_WARM": "0"}) as nomemo, \
            Server("bare", BARE) as bare, Server("bare-c", BARE, env={"BARE_COMPRESS": "1"}) as bare_c:
        rows: list[PageRow] = []
        bare_lh = bare_c_lh = None
        if not args.no_lighthouse:
            for name, (path, target) in PAGES.items():
                rows.append(PageRow(name, path, target, median_lighthouse(app.url + path, args.runs, tmp, name)))
                print(f"lighthouse {name}: {rows[-1].lh}", file=sys.stderr)
            bare_lh = median_lighthouse(bare.url + "/", args.runs, tmp, "bare")
            bare_c_lh = median_lighthouse(bare_c.url + "/", args.runs, tmp, "bare-c")
            sections.append(("lighthouse", "## Lighthouse, mobile (median of "
                             f"{args.runs})\n\n" + lighthouse_table(rows, bare_lh, bare_c_lh)))
        lines = ["| request | req/s | p50 | p99 | errors |", "|---|---|---|---|---|"]
        for label, server, path in (("Explore view, memo on", app, "/explore?by=ethnicity"),
                                    ("Explore view, no memo", nomemo, "/explore?by=ethnicity"),
                                    ("Home page, memo on", app, "/"), ("Home page, no memo", nomemo, "/"),
                                    ("Bare Dash app page", bare, "/")):
            lines.append(wrk_line(label, wrk(server.url + path, None, 8, args.seconds)))
        bodies = capture_callbacks(bare.url + "/")
        if bodies:
            lines.append(wrk_line("Bare Dash app callback", wrk(bare.url + "/_dash-update-component",
                                                                json.dumps(bodies[-1]).encode(), 8, args.seconds)))
        sections.append(("throughput", "## Throughput (wrk, 8 connections, loopback, 2 workers each)\n\n"
                         + "\n".join(lines)))
    sections.append(("explore-view", "## An Explore view from scratch (no memo of any kind)\n\n```\n"
                     + explore_view_report() + "\n```"))
    sections.append(("environment", f"## Environment\n\n{environment()}; median figures of this run."))
    for marker, body in sections:
        print(body + "\n")
        if not args.no_write:
            replace_section(DOC, marker, body, TITLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())

