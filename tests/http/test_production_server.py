"""The production server (`serve --production`) against slow clients and a PDF flood, and how it recycles its
workers.

A bounded version of the stress benchmark (benchmarks/stress.py): one worker, SLOW connections that send their
headers a byte at a time and never finish, then an ordinary request, which must be answered within a few seconds.
With gunicorn's thread worker (4 threads per worker) the same test waits forever: every thread is reading headers.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from dashboard import serve

ROOT = Path(__file__).resolve().parents[2]
SLOW = 60
FLOOD = 6  # PDF clients


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def launched(tmp: Path, extra_env: dict[str, str], answered: bool):
    """`serve --production` with one worker on a free loopback port, its own cache and logs in `tmp`; ready when
    it answers `/` (answered) or only accepts a connection (a test that counts the worker's requests spends none).
    Yields (url, port, master pid); stops the master it started."""
    port = free_port()
    env = {**os.environ, "DASHBOARD_CACHE": str(tmp / "cache"), "DASHBOARD_PIDFILE": str(tmp / "pid"),
           "DASHBOARD_WARM": "0", "DASHBOARD_ACCESS_LOG": str(tmp / "access.log"), **extra_env}
    env.pop("DASHBOARD_PUBLIC_URL", None)
    env.pop("DASHBOARD_TRUST_PROXY", None)
    with open(tmp / "server.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--production", "--host", "127.0.0.1",
                                 "--port", str(port), "--workers", "1"], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp / "server.log").read_text()[-2000:]
            try:
                if answered:
                    with urllib.request.urlopen(url + "/", timeout=5) as r:
                        if r.status == 200:
                            break
                else:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the production server did not start")
        yield url, port, proc.pid
    finally:
        proc.terminate()  # the gunicorn master we started, by its own process
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    with launched(tmp_path_factory.mktemp("prod"), {}, answered=True) as server:
        yield server


def test_slow_clients_cannot_starve_the_server(production):
    url, port, _ = production
    socks = []
    try:
        for _ in range(SLOW):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            socks.append(s)
        time.sleep(1.0)
        for s in socks:
            s.sendall(b"x")  # still sending, a byte at a time
        t0 = time.monotonic()
        with urllib.request.urlopen(url + "/about", timeout=10) as r:
            assert r.status == 200
        assert time.monotonic() - t0 < 5
    finally:
        for s in socks:
            s.close()


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _cpu_and_nice(pid: int) -> tuple[float, int]:
    """CPU seconds used (user + system) and the nice value of a process (proc(5): stat fields 14, 15 and 19)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[16])


def test_a_pdf_flood_gets_busy_or_kept_answers_and_costs_the_worker_little(production, store):
    from dashboard.model.changes import editions

    url, _, master = production
    kids = {pid: _cpu_and_nice(pid) for pid in _children(master)}
    makers = [pid for pid, (_, nice) in kids.items() if nice == 19]
    workers = [pid for pid, (_, nice) in kids.items() if nice != 19]
    assert len(makers) == 1 and len(workers) == 1  # one PDF maker at the lowest priority, beside the worker
    months = [e.vintage for e in editions(store)]
    stop = threading.Event()
    answers: Counter[int] = Counter()
    lock = threading.Lock()

    def client(k: int) -> None:
        i = k
        while not stop.is_set():
            try:
                with urllib.request.urlopen(f"{url}/briefing.pdf?edition={months[i % len(months)]}", timeout=30) as r:
                    r.read()
                    code = r.status
            except urllib.error.HTTPError as exc:
                code = exc.code
                time.sleep(0.2)
            with lock:
                answers[code] += 1
            i += FLOOD

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(FLOOD)]
    for t in threads:
        t.start()
    home: list[float] = []
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            with urllib.request.urlopen(url + "/", timeout=10) as r:
                assert r.status == 200
            home.append(time.monotonic() - t0)
            time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=40)
    assert set(answers) <= {200, 503} and answers[200] > 0 and answers[503] > 0, answers
    assert max(home) < 2.0, max(home)
    (maker,), (worker,) = makers, workers
    made = _cpu_and_nice(maker)[0] - kids[maker][0]
    served = _cpu_and_nice(worker)[0] - kids[worker][0]
    assert made > served, (made, served)  # the layout's CPU is spent at nice 19, not in the worker


def test_a_raw_request_line_with_bytes_outside_ascii_is_answered_not_failed(production):
    _, port, _ = production
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /check?q=\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        head = s.recv(200)
    assert head.startswith(b"HTTP/1.1 ") and head[9:10] in (b"2", b"3", b"4"), head


def test_the_server_header_names_no_version(production):
    url, _, _ = production
    with urllib.request.urlopen(url + "/", timeout=10) as r:
        server = r.headers.get("Server", "")
    assert not any(ch.isdigit() for ch in server), server


def test_gunicorn_does_not_trust_forwarded_headers_by_default(production):
    url, _, _ = production
    req = urllib.request.Request(url + "/briefing", headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(req, timeout=10) as r:
        page = r.read().decode()
    assert f"{url}/briefing" in page and "https://127.0.0.1" not in page


@pytest.mark.parametrize("workers", [2, 3, 5, 9])
def test_workers_recycle_at_staggered_points(workers):
    base = 20000
    limits = [serve.staggered_max_requests(base, age, workers) for age in range(1, workers + 1)]
    assert len(set(limits)) == workers  # no two together
    ordered = sorted(limits)
    assert ordered[0] == base and ordered[-1] < 2 * base
    assert min(b - a for a, b in pairwise(ordered)) >= base // workers - 1  # evenly spread
    # a replacement worker (the next age) takes the slot of the one it replaces, so the spread holds
    assert serve.staggered_max_requests(base, workers + 1, workers) == limits[0]


def test_a_worker_hands_back_its_connections_over_its_last_requests_only():
    import sys as _sys

    assert not serve.draining(0, 20000) and not serve.draining(19979, 20000)
    assert serve.draining(19980, 20000) and serve.draining(20000, 20000)  # the last 0.1%
    assert serve.draining(1484, 1500) and not serve.draining(1483, 1500)  # at least the last 16
    assert serve.draining(10, 20000, alive=False)  # stopping for any other reason
    assert not serve.draining(10**9, _sys.maxsize)  # recycling off


@pytest.fixture(scope="module")
def recycling(tmp_path_factory):
    """One worker recycled after 60 requests: it hands its connections back over its last 16."""
    with launched(tmp_path_factory.mktemp("recycling"), {"DASHBOARD_MAX_REQUESTS": "60"}, answered=False) as (_, port, _):
        yield port


def test_a_worker_near_recycling_says_connection_close_and_no_request_is_lost(recycling):
    import http.client

    closes: list[int] = []  # which requests (1, 2, ...) were answered with Connection: close
    conn = None
    try:
        for n in range(1, 151):  # the worker is replaced on the way
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", recycling, timeout=30)
            conn.request("GET", "/healthz")
            resp = conn.getresponse()  # a request dropped unanswered raises RemoteDisconnected here
            resp.read()
            assert resp.status == 200
            if (resp.getheader("Connection") or "").lower() == "close":
                closes.append(n)
                conn.close()
                conn = None
    finally:
        if conn is not None:
            conn.close()
    # from the worker's 45th request on (nr 44 of 60: its last 16), not only at its 60th as gunicorn alone does
    assert closes and closes[0] == 45, closes[:5]
