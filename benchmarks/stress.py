"""Hostile-load benchmark on loopback only: the production server (`serve --production`) under a PDF flood, under
slow clients, while it starts cold and while its workers recycle. Each figure is the home page's latency measured
by wrk (2 connections) while the stress runs; the results go into docs/benchmarks.md (section "stress").

    .venv/bin/python benchmarks/stress.py [--root CHECKOUT] [--workers 3] [--seconds 20] [--label after] [--no-write]
    .venv/bin/python benchmarks/stress.py --only cold --cold-runs 3 --no-write   # launch times, empty and kept cache

--root runs another checkout's server (e.g. an older commit, for a before/after table) with this script's client.
Every process started here is stopped by its own id; load is only ever sent to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BROWSER_ENCODINGS, HOST, ROOT, free_port, replace_section
from benchmarks.load import LUA, lua_string, request_mix
from benchmarks.run import DOC, TITLE

# the server, with max_requests optionally lowered so that a recycle happens within the run
LAUNCH = """
import sys
import dashboard.serve as s
limit = int(sys.argv[3])
if limit:
    base = s.gunicorn_options
    def options(*a, **k):
        o = base(*a, **k)
        o["max_requests_jitter"] = round(o.get("max_requests_jitter", 0) * limit / o["max_requests"])
        o["max_requests"] = limit
        return o
    s.gunicorn_options = options
sys.exit(s.serve("127.0.0.1", int(sys.argv[1]), True, int(sys.argv[2])))
"""


@dataclass
class Prod:
    root: Path
    workers: int
    max_requests: int = 0
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="stress-")))
    ready_s: float = 0.0
    cache: Path | None = None  # a disk cache to reuse (a restart with the same data); else a new, empty one

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 180) -> Prod:
        self.port = free_port()
        env = {**os.environ, "DASHBOARD_CACHE": str(self.cache or self.tmp / "cache"), "DASHBOARD_PIDFILE": str(self.tmp / "pid"),
               "DASHBOARD_ACCESS_LOG": str(self.tmp / "access.log")}
        env.pop("DASHBOARD_PUBLIC_URL", None)
        t0 = time.monotonic()
        with open(self.tmp / "server.log", "wb") as log:
            self.proc = subprocess.Popen([sys.executable, "-c", LAUNCH, str(self.port), str(self.workers),
                                          str(self.max_requests)], cwd=self.root, env=env,
                                         stdout=subprocess.DEVNULL, stderr=log)
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError((self.tmp / "server.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as r:
                    if r.status == 200:
                        self.ready_s = time.monotonic() - t0
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not answer in time")

    def children(self) -> list:
        import psutil

        return psutil.Process(self.proc.pid).children() if self.proc else []

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (not the PDF maker, the child at the lowest priority)."""
        return [c.pid for c in self.children() if c.nice() < 19]

    def maker_rss(self) -> str:
        makers = [c for c in self.children() if c.nice() >= 19]
        return ", ".join(f"{c.memory_info().rss / 2**20:,.0f}" for c in makers) + " MiB" if makers else "none"

    def worker_rss(self) -> list[int]:
        out = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out.append(int(line.split()[1]) * 1024)
            except OSError:
                pass
        return out

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # the master we started; it stops its workers
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def wrk_json(url: str, paths: list[tuple[str, str, str | None]], connections: int, seconds: int) -> dict:
    lines = []
    for method, path, body in paths:
        headers = f'{{["Accept-Encoding"] = "{BROWSER_ENCODINGS}"' + (
            ', ["Content-Type"] = "application/json"}' if body else "}")
        lines.append(f"  table.insert(reqs, wrk.format({lua_string(method)}, {lua_string(path)}, {headers}, "
                     f"{lua_string(body) if body else 'nil'}))")
    with tempfile.TemporaryDirectory(prefix="stress-wrk-") as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(LUA % "\n".join(lines))
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
                              url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    d = json.loads(next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))[len("WRKJSON "):])
    d["seconds"] = d["duration_us"] / 1e6
    d["errors"] = d["connect"] + d["read"] + d["write"] + d["timeout"]
    return d


def home(url: str, seconds: int) -> dict:
    return wrk_json(url, [("GET", "/", None)], 2, seconds)


def fmt(d: dict) -> str:
    return (f"p50 {d['p50_us'] / 1000:,.0f} ms, p99 {d['p99_us'] / 1000:,.0f} ms, {d['requests'] / d['seconds']:,.0f} "
            f"req/s, {d['errors']} socket errors/timeouts, {d['status']} non-2xx/3xx")


def pdf_flood(url: str, stop: threading.Event, clients: int, tally: dict) -> list[threading.Thread]:
    """Clients asking for briefings the server has not made yet: editions month by month and view briefings."""
    inds = ["maternal_mortality_rate", "stillbirth_rate", "neonatal_mortality_rate_ons", "perinatal_mortality_rate"]
    bys = ["overall", "ethnicity", "deprivation", "age", "nation"]
    queries = [f"edition={y}-{m:02d}" for y in range(2015, 2027) for m in range(1, 13)]
    queries += [f"view=1&ind={i}&by={b}&ci={c}" for i in inds for b in bys for c in ("on", "off")]
    lock = threading.Lock()
    it = iter(range(10**9))

    def client() -> None:
        while not stop.is_set():
            with lock:
                q = queries[next(it) % len(queries)]
            try:
                with urllib.request.urlopen(f"{url}/briefing.pdf?{q}", timeout=60) as r:
                    r.read()
                    key = str(r.status)
            except urllib.error.HTTPError as exc:
                key = str(exc.code)
                if exc.code == 503:
                    time.sleep(float(exc.headers.get("Retry-After") or 1) / 10)  # an impatient client
            except (urllib.error.URLError, OSError):
                key = "error"
            with lock:
                tally[key] = tally.get(key, 0) + 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    return threads


def slow_headers(stop: threading.Event, port: int, clients: int, tally: dict) -> threading.Thread:
    """Connections that send a request's headers one byte a second and never finish them."""
    def run() -> None:
        socks = []
        for _ in range(clients):
            try:
                s = socket.create_connection((HOST, port), timeout=5)
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                socks.append(s)
            except OSError:
                tally["refused"] = tally.get("refused", 0) + 1
        tally["open"] = len(socks)
        while not stop.is_set():
            for s in list(socks):
                try:
                    s.sendall(b"x")
                except OSError:
                    socks.remove(s)
                    tally["closed_by_server"] = tally.get("closed_by_server", 0) + 1
            stop.wait(1.0)
        for s in socks:
            s.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def keepalive_probe(port: int, stop: threading.Event, tally: dict) -> threading.Thread:
    """A client that keeps its connection open as long as the server allows and counts the requests it sent that
    were never answered (the connection closed under them), apart from the closes the server announced."""
    import http.client

    def run() -> None:
        conn = None
        while not stop.is_set():
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            try:
                conn.request("GET", "/about")
                r = conn.getresponse()
                r.read()
                tally["answered"] = tally.get("answered", 0) + 1
                if (r.getheader("Connection") or "").lower() == "close":
                    tally["announced"] = tally.get("announced", 0) + 1
                    conn.close()
                    conn = None
            except (http.client.HTTPException, OSError):
                tally["lost"] = tally.get("lost", 0) + 1
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def cold_starts(root: Path, workers: int, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from launch to the first answer: `runs` launches each with a new, empty disk cache, then `runs` with
    one disk cache kept from a launch before them (a restart with the same data and code)."""
    import shutil

    def launch(cache: Path | None) -> float:
        server = Prod(root, workers, cache=cache).start()
        server.stop()
        shutil.rmtree(server.tmp, ignore_errors=True)
        return server.ready_s

    empty = [launch(None) for _ in range(runs)]
    kept = Path(tempfile.mkdtemp(prefix="stress-kept-"))
    try:
        launch(kept)  # fills it
        return empty, [launch(kept) for _ in range(runs)]
    finally:
        shutil.rmtree(kept, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--flood", type=int, default=20, help="concurrent PDF clients")
    ap.add_argument("--slow", type=int, default=60, help="slow-header connections")
    ap.add_argument("--max-requests", type=int, default=1500, help="worker recycling limit for the recycle run")
    ap.add_argument("--label", default="after")
    ap.add_argument("--only", default="cold,flood,slow,recycle")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--cache", type=Path, help="reuse this disk cache (a restart with the same data)")
    ap.add_argument("--cold-runs", type=int, default=0,
                    help="with cold: also launch this many times with an empty and with a kept disk cache")
    args = ap.parse_args(argv)
    secs = min(args.seconds, 60)
    only = set(args.only.split(","))
    rows: list[tuple[str, str]] = []
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.root, capture_output=True,
                            text=True, check=False).stdout.strip()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    if "cold" in only and args.cold_runs > 0:
        empty, kept = cold_starts(args.root, args.workers, args.cold_runs)
        runs = f"{args.cold_runs} run" + ("s" if args.cold_runs != 1 else "")
        rows.append((f"Cold start: first answer after launch, empty disk cache ({runs})",
                     ", ".join(f"{s:.1f}" for s in empty) + " s"))
        rows.append((f"Cold start: first answer after launch, disk cache kept ({runs})",
                     ", ".join(f"{s:.1f}" for s in kept) + " s"))
    server = Prod(args.root, args.workers, cache=args.cache).start()
    try:
        if "cold" in only:
            mix = request_mix(server.url)
            d = wrk_json(server.url, mix, 8, 10)
            rows.append(("Cold start: first answer after launch", f"{server.ready_s:.1f} s"))
            rows.append(("Cold start: the mix, 8 connections, first 10 s", fmt(d)))
        rows.append(("Memory per worker at start (RSS)", ", ".join(f"{r / 2**20:,.0f}" for r in server.worker_rss())
                     + " MiB"))
        rows.append(("Home page, quiet", fmt(home(server.url, 10))))
        if "flood" in only:
            stop, tally = threading.Event(), {}
            threads = pdf_flood(server.url, stop, args.flood, tally)
            time.sleep(2)
            d = home(server.url, secs)
            stop.set()
            for t in threads:
                t.join(timeout=70)
            rows.append((f"Home page during a PDF flood ({args.flood} clients)", fmt(d)))
            rows.append(("PDF flood answers (status: count)", ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))))
            rows.append(("Memory per worker after the flood (RSS)",
                         ", ".join(f"{r / 2**20:,.0f}" for r in server.worker_rss()) + " MiB"))
            rows.append(("PDF maker process after the flood (RSS)", server.maker_rss()))
        if "slow" in only:
            stop, tally = threading.Event(), {}
            t = slow_headers(stop, server.port, args.slow, tally)
            time.sleep(3)
            d = home(server.url, secs)
            stop.set()
            t.join(timeout=10)
            rows.append((f"Home page with {args.slow} slow-header connections", fmt(d)))
            rows.append(("Slow-header connections (opened, closed by the server)",
                         f"{tally.get('open', 0)}, {tally.get('closed_by_server', 0)}"))
    finally:
        server.stop()

    if "recycle" in only:
        server = Prod(args.root, args.workers, max_requests=args.max_requests).start()
        try:
            mix = request_mix(server.url)
            wrk_json(server.url, mix, 8, 5)  # past the cold start
            seen: dict[int, float] = {p: 0.0 for p in server.worker_pids()}
            stop = threading.Event()
            t0 = time.monotonic()

            def watch() -> None:
                while not stop.is_set():
                    for p in server.worker_pids():
                        seen.setdefault(p, time.monotonic() - t0)
                    stop.wait(0.2)

            w = threading.Thread(target=watch, daemon=True)
            w.start()
            probe: dict = {}
            probes = [keepalive_probe(server.port, stop, probe) for _ in range(4)]
            d = wrk_json(server.url, mix, 8, 40)
            stop.set()
            w.join()
            for t in probes:
                t.join(timeout=40)
            starts = sorted(round(s, 1) for s in seen.values() if s > 0)
            rows.append((f"Recycling under load (max_requests {args.max_requests}, the mix, 8 connections, 40 s)",
                         fmt(d)))
            rows.append(("Workers replaced during it (seconds into the run)", ", ".join(map(str, starts)) or "none"))
            rows.append(("wrk read errors (a request sent on a connection the server then closed)", str(d["read"])))
            rows.append(("Keep-alive probe clients (4): answered, closes announced, requests lost",
                         f"{probe.get('answered', 0)}, {probe.get('announced', 0)}, {probe.get('lost', 0)}"))
        finally:
            server.stop()

    table = "| Measure | Result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    print(table)
    body = (f"### {args.label} (commit {commit}, {started})\n\n`benchmarks/stress.py --workers {args.workers} "
            f"--seconds {secs} --flood {args.flood} --slow {args.slow} --max-requests {args.max_requests}`: "
            f"`serve --production` with {args.workers} workers on {os.cpu_count()} cores shared with the load "
            f"generators; the home page is measured with wrk (2 connections).\n\n{table}\n")
    if not args.no_write:
        replace_section(DOC, f"stress-{args.label}", body, TITLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
