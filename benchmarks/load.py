"""A bounded load test on loopback only: the production server (gunicorn, workers from the core count) under
50 connections for 30 s of a browser-like mix (server-rendered pages, Explore callbacks, API answers, images,
the stylesheet). It must answer every request without an error; the figures go into docs/benchmarks.md.

    .venv/bin/python benchmarks/load.py [--connections 50] [--seconds 30] [--no-write]

wrk sends to 127.0.0.1 only and stops by itself; the server is stopped by its own pid afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BROWSER_ENCODINGS, HOST, Server, replace_section
from benchmarks.run import DOC, TITLE
from dashboard.serve import default_workers, gunicorn_options

LUA = r"""
local reqs = {}
local i = 0
setup = function(thread) end
init = function(args)
%s
end
request = function()
  i = (i %% #reqs) + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {\"requests\": %%d, \"duration_us\": %%d, \"connect\": %%d, \"read\": %%d, "
    .. "\"write\": %%d, \"status\": %%d, \"timeout\": %%d, \"p50_us\": %%d, \"p90_us\": %%d, \"p99_us\": %%d, "
    .. "\"max_us\": %%d, \"bytes\": %%d}\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, summary.bytes))
end
"""


CALLBACK = "/explore/_dash-update-component"


def callback_body(search: str) -> str:
    """The body Explore's interactive chart posts for a view (as the Dash renderer sends it)."""
    return json.dumps({
        "output": "explore-graph.figure", "outputs": {"id": "explore-graph", "property": "figure"},
        "inputs": [{"id": "explore-query", "property": "data", "value": search.lstrip("?")}],
        "changedPropIds": ["explore-query.data"], "state": [],
    })


def lua_string(s: str) -> str:
    level = "=" * 8
    assert f"]{level}]" not in s
    return f"[{level}[{s}]{level}]"


def request_mix(url: str) -> list[tuple[str, str, str | None]]:
    """(method, path, body): the reading pages, Explore views and their callbacks, API answers, an image, CSS."""
    with urllib.request.urlopen(url + "/", timeout=30) as r:
        html = r.read().decode()
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    pages = ["/", "/explore", "/explore?by=ethnicity", "/about", "/briefing", "/topics/mental-health-and-social-care",
             "/check?q=13.56", "/data", "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall",
             "/image/view.svg?by=deprivation"]
    mix: list[tuple[str, str, str | None]] = [("GET", p, None) for p in pages]
    for search in ("?by=ethnicity", "?ind=stillbirth_rate", "?by=deprivation&measure=ratio"):
        mix.append(("POST", CALLBACK, callback_body(search)))
    mix += [("GET", c, None) for c in css[:1]]
    return mix


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    seconds = min(args.seconds, 120)

    tmp = Path(tempfile.mkdtemp(prefix="load-"))
    prod = gunicorn_options(HOST, 0, args.workers, tmp / "unused.pid")
    prod_args = ["--worker-class", prod["worker_class"], "--threads", str(prod["threads"]),
                 "--keep-alive", str(prod["keepalive"])]
    with Server("load", "dashboard.serve:wsgi()", workers=args.workers, args=prod_args,
                env={"DASHBOARD_CACHE": str(tmp / "cache")}) as server:
        assert server.url.startswith(f"http://{HOST}:")
        mix = request_mix(server.url)
        lines = []
        for method, path, body in mix:
            headers = f'{{["Accept-Encoding"] = "{BROWSER_ENCODINGS}"' + (
                ', ["Content-Type"] = "application/json"}' if body else "}")
            lines.append(f"  table.insert(reqs, wrk.format({lua_string(method)}, {lua_string(path)}, {headers}, "
                         f"{lua_string(body) if body else 'nil'}))")
        script = tmp / "mix.lua"
        script.write_text(LUA % "\n".join(lines))
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        load_before = os.getloadavg()[0]
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
                              "-s", str(script), server.url], capture_output=True, text=True,
                             timeout=seconds + 60, check=True).stdout
        peak = server.peak_worker_rss()
    d = json.loads(next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))[len("WRKJSON "):])
    errors = d["connect"] + d["read"] + d["write"] + d["timeout"]
    secs = d["duration_us"] / 1e6
    rows = [
        ("Requests", f"{d['requests']:,} in {secs:.1f} s ({d['requests'] / secs:,.0f} req/s)"),
        ("Socket errors (connect / read / write / timeout)", f"{d['connect']} / {d['read']} / {d['write']} / {d['timeout']}"),
        ("Non-2xx/3xx responses", f"{d['status']}"),
        ("Latency p50 / p90 / p99 / max", (f"{d['p50_us'] / 1000:.1f} / {d['p90_us'] / 1000:.1f} / "
                                          f"{d['p99_us'] / 1000:.1f} / {d['max_us'] / 1000:.1f} ms")),
        ("Transferred", f"{d['bytes'] / 2**20:,.1f} MiB"),
        ("Peak memory per worker (VmHWM)", f"{peak / 2**20:,.0f} MiB"),
    ]
    verdict = "**zero errors**" if errors == 0 and d["status"] == 0 else "**ERRORS**"
    table = "| Measure | Result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    body = (f"## Load test ({started}): {verdict}\n\n"
            f"`benchmarks/load.py`: gunicorn as `serve --production` runs it: {args.workers} workers (the default "
            f"for {os.cpu_count()} cores) of {prod['threads']} threads (gthread, keep-alive), wrk with 2 threads and {args.connections} connections for {seconds} s on "
            f"127.0.0.1, cycling through {len(mix)} requests (server-rendered pages, Explore callbacks, API "
            f"answers, an image and the stylesheet) with browser Accept-Encoding. Load average before: {load_before:.2f}. "
            f"wrk shares the machine's cores with the server.\n\n{table}\n")
    print(table)
    print(verdict)
    if not args.no_write:
        replace_section(DOC, "load", body, TITLE)
    return 0 if errors == 0 and d["status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
