"""Benchmark: this dashboard against a bare Dash app, side by side on one machine; prints a table and writes it
into docs/benchmarks.md. Never used by tests (no timing assertions anywhere).

    .venv/bin/python benchmarks/run.py [--seconds 10] [--lighthouse-runs 1] [--no-lighthouse] [--no-write]

Needs wrk (Debian) and Chromium + chromedriver (Debian); Lighthouse is installed into tools/bench from its lock
file when missing. The plotly.js partial bundle is used when `npm ci --prefix tools/plotly-basic` has been run.
Both apps run under gunicorn with 2 sync workers (--preload) on 127.0.0.1; wrk uses 1 thread and 8
connections and sends the Accept-Encoding a browser sends. Every server is stopped by its own pid.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    PY, ROOT, LighthouseResult, Server, WrkResult, capture_callbacks, lighthouse, post, replace_section, wrk,
)

DOC = ROOT / "docs" / "benchmarks.md"
TITLE = """# Benchmarks

Produced by `benchmarks/run.py` (this app against a bare Dash app, side by side) and `benchmarks/load.py`
(a bounded load test). Both talk to 127.0.0.1 only. The figures depend on the machine and on what else it
was doing; compare the two apps within one run, not across runs.
"""
ROUTER = "_pages_content"  # Dash pages' own routing callback


def cold_start(code: str, env: dict[str, str], runs: int = 5) -> float:
    """Median seconds for a fresh interpreter to run `code` (imports and data load), measured inside it."""
    times = []
    prog = f"import time; t = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    for _ in range(runs):
        out = subprocess.run([PY, "-c", prog], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                             check=True, timeout=120).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


def pick_payload(url: str, bodies: list[dict[str, Any]]) -> tuple[bytes, bytes]:
    """The page's own heaviest callback (largest response), else the pages router's; with its response."""
    own = [b for b in bodies if ROUTER not in b.get("output", "")] or bodies
    best: tuple[bytes, bytes] | None = None
    for b in own:
        body = json.dumps(b).encode()
        status, resp = post(url + "/_dash-update-component", body)
        if status == 200 and (best is None or len(resp) > len(best[1])):
            best = (body, resp)
    if best is None:
        raise RuntimeError("no captured callback answered 200")
    return best


@dataclass
class AppRun:
    name: str
    lh: LighthouseResult | None = None
    cb: WrkResult | None = None
    cb_uncached: WrkResult | None = None
    cb_name: str = ""
    cb_bytes: int = 0
    peak_rss: int = 0
    cold: float = 0.0
    cold_full: float = 0.0


def median_lighthouse(url: str, runs: int, tmp: Path, tag: str) -> LighthouseResult | None:
    results = []
    for i in range(runs):
        res = lighthouse(url, tmp / f"lh-{tag}-{i}.json")
        if res is None:
            return None
        results.append(res)
    results.sort(key=lambda r: r.performance)
    return results[len(results) // 2]


def callback_bench(server: Server, page: str, seconds: int) -> tuple[WrkResult, str, int]:
    bodies = capture_callbacks(server.url + page)
    if not bodies:
        raise RuntimeError(f"no callback was posted by {page}")
    body, resp = pick_payload(server.url, bodies)
    wrk(server.url + "/_dash-update-component", body, connections=8, seconds=2)  # warm-up
    res = wrk(server.url + "/_dash-update-component", body, connections=8, seconds=seconds)
    return res, json.loads(body)["output"], len(resp)


def page_registered(path: str) -> bool:
    out = subprocess.run([PY, "-c", "import dash; from dashboard.app import create_app; create_app(); "
                          f"print(any(p['path'] == {path!r} for p in dash.page_registry.values()))"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    return out.stdout.strip().endswith("True")


def ensure_lighthouse() -> None:
    """Install Lighthouse from tools/bench's lock file when it is missing (npm registry only)."""
    from benchmarks.common import LIGHTHOUSE

    if not LIGHTHOUSE.exists() and shutil.which("npm"):
        print("installing lighthouse (npm ci --prefix tools/bench) ...", file=sys.stderr)
        subprocess.run(["npm", "ci", "--prefix", str(ROOT / "tools" / "bench"), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True, timeout=600, stdout=subprocess.DEVNULL)


def kib(n: float) -> str:
    return f"{n / 1024:,.0f} KiB"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def table(app: AppRun, bare: AppRun, bare_compressed: LighthouseResult | None) -> str:
    rows: list[tuple[str, str, str, str, str, str]] = []
    a, b = app.lh, bare.lh
    if a and b:
        rows.append(("First load, transferred", kib(a.transfer_bytes), kib(b.transfer_bytes),
                     ratio(a.transfer_bytes, b.transfer_bytes), "<= 1,000 KiB", verdict(a.transfer_bytes <= 1000 * 1024)))
        bc = f" (compress=True: {kib(bare_compressed.transfer_bytes)})" if bare_compressed else ""
        rows.append(("First load, uncompressed size", kib(a.resource_bytes), kib(b.resource_bytes) + bc,
                     ratio(a.resource_bytes, b.resource_bytes), "", ""))
        for label, key, target, ok in (
            ("Lighthouse mobile performance", "performance", ">= 0.90", a.performance >= 0.90),
            ("Lighthouse accessibility", "accessibility", "1.00", a.accessibility >= 1.0),
            ("Lighthouse best practices", "best_practices", "1.00", a.best_practices >= 1.0),
            ("Lighthouse SEO", "seo", ">= 0.90", a.seo >= 0.90),
        ):
            va, vb = getattr(a, key), getattr(b, key)
            rows.append((label, f"{va:.2f}", f"{vb:.2f}", ratio(va, vb), target, verdict(ok)))
        rows.append(("Largest contentful paint (mobile)", f"{a.lcp_s:.1f} s", f"{b.lcp_s:.1f} s", ratio(a.lcp_s, b.lcp_s),
                     "<= 2.0 s", verdict(a.lcp_s <= 2.0)))
        rows.append(("Total blocking time (mobile)", f"{a.tbt_ms:,.0f} ms", f"{b.tbt_ms:,.0f} ms",
                     ratio(a.tbt_ms, b.tbt_ms), "", ""))
        rows.append(("Cumulative layout shift", f"{a.cls:.3f}", f"{b.cls:.3f}", "", "", ""))
    if app.cb and bare.cb:
        rows.append(("Callback throughput, 2 workers, 8 conn.", f"{app.cb.rps:,.0f} req/s", f"{bare.cb.rps:,.0f} req/s",
                     ratio(app.cb.rps, bare.cb.rps), ">= 10x bare", verdict(app.cb.rps >= 10 * bare.cb.rps)))
        rows.append(("Callback latency p50", f"{app.cb.p50_ms:.1f} ms", f"{bare.cb.p50_ms:.1f} ms",
                     ratio(app.cb.p50_ms, bare.cb.p50_ms), "", ""))
        rows.append(("Callback latency p99", f"{app.cb.p99_ms:.1f} ms", f"{bare.cb.p99_ms:.1f} ms",
                     ratio(app.cb.p99_ms, bare.cb.p99_ms), "<= 50 ms", verdict(app.cb.p99_ms <= 50)))
        if app.cb_uncached:
            u = app.cb_uncached
            rows.append(("Callback, response memo off", f"{u.rps:,.0f} req/s, p99 {u.p99_ms:.1f} ms",
                         f"{bare.cb.rps:,.0f} req/s, p99 {bare.cb.p99_ms:.1f} ms", ratio(u.rps, bare.cb.rps), "", ""))
        rows.append(("Callback errors / non-2xx", f"{app.cb.errors} / {app.cb.non_2xx}",
                     f"{bare.cb.errors} / {bare.cb.non_2xx}", "", "0", verdict(app.cb.errors + app.cb.non_2xx == 0)))
    rows.append(("Cold start (import + validated data)", f"{app.cold:.2f} s", f"{bare.cold:.2f} s",
                 ratio(app.cold, bare.cold), "<= 1.5 s", verdict(app.cold <= 1.5)))
    if app.cold_full:
        rows.append(("Cold start, empty cache (full validation)", f"{app.cold_full:.2f} s", "", "", "", ""))
    if app.peak_rss and bare.peak_rss:
        rows.append(("Peak memory per worker (VmHWM)", f"{app.peak_rss / 2**20:,.0f} MiB",
                     f"{bare.peak_rss / 2**20:,.0f} MiB", ratio(app.peak_rss, bare.peak_rss), "<= 1.5x bare",
                     verdict(app.peak_rss <= 1.5 * bare.peak_rss)))
    head = "| Measure | This app | Bare Dash app | Ratio | Target | Verdict |\n|---|---:|---:|---:|---|---|\n"
    return head + "\n".join("| " + " | ".join(r) + " |" for r in rows)


def environment() -> str:
    import dash
    import plotly

    from dashboard.web.performance import plotly_bundle

    cpu = os.cpu_count()
    load = os.getloadavg()
    return (f"Machine: {platform.platform()}, {cpu} cores, Python {platform.python_version()}, Dash {dash.__version__}, "
            f"Plotly {plotly.__version__}; load average before the run {load[0]:.2f}. "
            f"plotly.js served: {plotly_bundle().reason}.")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (max 120)")
    ap.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs per app (the median is kept)")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args(argv)

    if not args.no_lighthouse:
        ensure_lighthouse()
    env_info = environment()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    cache = {"DASHBOARD_CACHE": str(tmp / "cache")}
    app, bare = AppRun("this app"), AppRun("bare Dash app")

    print("cold start ...", file=sys.stderr)
    app.cold_full = cold_start("from dashboard.app import create_app; create_app()",
                               {"DASHBOARD_CACHE": str(tmp / "cold-cache-never-reused")}, runs=1)
    cold_start("from dashboard.app import create_app; create_app()", cache, runs=1)  # warms the validated cache
    app.cold = cold_start("from dashboard.app import create_app; create_app()", cache)
    bare.cold = cold_start("import benchmarks.bare_app", {})

    bare_compressed = None
    ours = Server("app", "dashboard.serve:wsgi()", env=cache)
    baseline = Server("bare", "benchmarks.bare_app:server")
    with ours, baseline:
        page = "/explore" if page_registered("/explore") else "/"
        print(f"callbacks on {page} ...", file=sys.stderr)
        app.cb, app.cb_name, app.cb_bytes = callback_bench(ours, page, args.seconds)
        bare.cb, bare.cb_name, bare.cb_bytes = callback_bench(baseline, "/", args.seconds)
        if not args.no_lighthouse:
            print("lighthouse ...", file=sys.stderr)
            app.lh = median_lighthouse(ours.url + "/", args.lighthouse_runs, tmp, "app")
            bare.lh = median_lighthouse(baseline.url + "/", args.lighthouse_runs, tmp, "bare")
        app.peak_rss, bare.peak_rss = ours.peak_worker_rss(), baseline.peak_worker_rss()
    with Server("app-nomemo", "dashboard.serve:wsgi()", env={**cache, "DASHBOARD_CALLBACK_CACHE_MB": "0"}) as nomemo:
        app.cb_uncached, _, _ = callback_bench(nomemo, page, args.seconds)
    if not args.no_lighthouse:
        with Server("bare-compress", "benchmarks.bare_app:server", env={"BARE_COMPRESS": "1"}) as bc:
            bare_compressed = lighthouse(bc.url + "/", tmp / "lh-bare-compress.json")

    out = table(app, bare, bare_compressed)
    notes = [
        env_info,
        f"Callback measured: `{app.cb_name}` on `{page}` ({app.cb_bytes:,} bytes of JSON), captured from headless "
        f"Chromium; bare app: `{bare.cb_name}` ({bare.cb_bytes:,} bytes). wrk: 1 thread, 8 connections, "
        f"{args.seconds} s, 127.0.0.1, browser Accept-Encoding.",
        "Lighthouse 12.8.2, default mobile settings (simulated slow 4G, 4x CPU slowdown), system Chromium "
        f"`--no-sandbox`; median of {args.lighthouse_runs} run(s) per app.",
        "Cold start: median of 5 fresh interpreters, import plus `create_app()` (data validated earlier and read "
        "from the validated cache) for this app; import of the module (which builds the app) for the bare app.",
        "Peak memory: the largest VmHWM among the 2 workers after the runs above (preloaded app, shared pages "
        "counted in each worker).",
    ]
    if app.lh and app.lh.failing:
        notes.append("Failing Lighthouse audits (this app): " + ", ".join(f"`{f}`" for f in app.lh.failing) + ".")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = f"## App against a bare Dash app ({stamp})\n\n{out}\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    print(out)
    print("\n".join(notes))
    if not args.no_write:
        replace_section(DOC, "bench", body, TITLE)
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
