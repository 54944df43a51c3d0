"""Shared pieces of the benchmark scripts: gunicorn servers on 127.0.0.1, wrk runs, payload capture, Lighthouse.

Everything here talks to loopback addresses only, every run is bounded in time, and every process started
here is stopped by its own id.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"
LIGHTHOUSE = ROOT / "tools" / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync")
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A gunicorn master with N sync workers on 127.0.0.1, started and stopped by its own pid."""

    name: str
    app: str  # gunicorn app spec
    workers: int = 2
    env: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)  # extra gunicorn options
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    tmp: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        self.port = self.port or free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"bench-{self.name}-"))
        cmd = [PY, "-m", "gunicorn", self.app, "-w", str(self.workers), "-b", f"{HOST}:{self.port}", "--preload",
               "--no-control-socket", "--pid", str(self.tmp / "gunicorn.pid"), "--log-level", "warning",
               "--error-logfile", str(self.tmp / "error.log"), *self.args]
        env = {**os.environ, "DASHBOARD_PUBLIC_URL": self.url, **self.env}
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {(self.tmp / 'error.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout} s")

    def worker_pids(self) -> list[int]:
        import psutil

        return [c.pid for c in psutil.Process(self.proc.pid).children()] if self.proc else []

    def peak_worker_rss(self) -> int:
        """Largest peak resident set (VmHWM) among the workers, in bytes."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
        return max(peaks, default=0)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to the master we started: it stops its workers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# ---- wrk -------------------------------------------------------------------------------------------------

WRK_LUA = f"""
local f = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))
wrk.method = os.getenv("WRK_METHOD") or "GET"
if wrk.method == "POST" then
  wrk.body = f:read("*a")
  wrk.headers["Content-Type"] = "application/json"
end
f:close()
wrk.headers["Accept-Encoding"] = "{BROWSER_ENCODINGS}"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"connect\\": %d, \\"read\\": %d, "
    .. "\\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, \\"bytes\\": %d}}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), summary.bytes))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int
    non_2xx: int
    p50_ms: float
    p99_ms: float
    mbytes: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, body: bytes | None, connections: int, seconds: int, threads: int = 1) -> WrkResult:
    """One bounded wrk run against a loopback URL (POST the body when given, else GET)."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("load is only ever sent to 127.0.0.1")
    seconds = min(int(seconds), 120)
    with tempfile.TemporaryDirectory(prefix="wrk-") as tmp:
        script, body_file = Path(tmp) / "post.lua", Path(tmp) / "body"
        script.write_text(WRK_LUA)
        body_file.write_bytes(body or b"")
        env = {**os.environ, "WRK_BODY_FILE": str(body_file), "WRK_METHOD": "POST" if body is not None else "GET"}
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                              "-s", str(script), url], env=env, capture_output=True, text=True,
                             timeout=seconds + 60, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    d = json.loads(line[len("WRKJSON "):])
    return WrkResult(d["requests"], d["duration_us"] / 1e6, d["connect"] + d["read"] + d["write"] + d["timeout"],
                     d["status"], d["p50_us"] / 1000, d["p99_us"] / 1000, d["bytes"] / 1e6)


# ---- callback payloads, captured from a real browser ------------------------------------------------------

def capture_callbacks(url: str, wait: float = 12.0) -> list[dict[str, Any]]:
    """Open a page in headless Chromium and return the /_dash-update-component bodies it posted (in order)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    for flag in CHROME_FLAGS.split():
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)
    bodies: list[dict[str, Any]] = []
    try:
        driver.get(url)
        deadline = time.time() + wait
        while time.time() < deadline:
            done = driver.execute_script(
                "return document.readyState === 'complete' && !document.querySelector('._dash-loading') && "
                "!document.querySelector('[data-dash-is-loading=\"true\"]') && "
                "document.querySelectorAll('.js-plotly-plot').length === document.querySelectorAll('.dash-graph').length")
            if done:
                break
            time.sleep(0.2)
        time.sleep(1.0)
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") != "Network.requestWillBeSent":
                continue
            req = msg["params"]["request"]
            if req.get("method") == "POST" and "/_dash-update-component" in req.get("url", ""):
                data = req.get("postData")
                if data is None:
                    data = driver.execute_cdp_cmd("Network.getRequestPostData",
                                                  {"requestId": msg["params"]["requestId"]})["postData"]
                bodies.append(json.loads(data))
    finally:
        driver.quit()
    return bodies


# ---- Lighthouse ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LighthouseResult:
    performance: float
    accessibility: float
    best_practices: float
    seo: float
    lcp_s: float
    tbt_ms: float
    cls: float
    fcp_s: float
    transfer_bytes: int
    resource_bytes: int
    failing: tuple[str, ...]


def lighthouse(url: str, out_json: Path) -> LighthouseResult | None:
    """Lighthouse 12 with its default mobile settings (simulated slow 4G, 4x CPU slowdown), or None."""
    if not LIGHTHOUSE.exists():
        return None
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in (1, 2):  # Chromium under Lighthouse now and then fails to start; one retry, then report it
        done = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={out_json}", "--quiet",
                               f"--chrome-flags={CHROME_FLAGS}"], env=env, check=False, timeout=240,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode == 0:
            break
        print(f"lighthouse {url}: attempt {attempt} failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
    else:
        return None
    d = json.loads(out_json.read_text())
    cats, audits = d["categories"], d["audits"]
    reqs = audits["network-requests"]["details"]["items"]
    failing = []
    for cat in cats.values():
        for ref in cat["auditRefs"]:
            a = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                failing.append(f"{cat['id']}:{ref['id']}")
    return LighthouseResult(
        performance=cats["performance"]["score"], accessibility=cats["accessibility"]["score"],
        best_practices=cats["best-practices"]["score"], seo=cats["seo"]["score"],
        lcp_s=audits["largest-contentful-paint"]["numericValue"] / 1000,
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        fcp_s=audits["first-contentful-paint"]["numericValue"] / 1000,
        transfer_bytes=sum(int(r.get("transferSize") or 0) for r in reqs),
        resource_bytes=sum(int(r.get("resourceSize") or 0) for r in reqs),
        failing=tuple(failing),
    )


def replace_section(doc: Path, marker: str, body: str, title: str) -> None:
    """Rewrite the part of doc between <!-- marker:start --> and <!-- marker:end --> (added if missing)."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else title
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")
