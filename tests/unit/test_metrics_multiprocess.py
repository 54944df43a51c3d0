"""/metrics under gunicorn: with PROMETHEUS_MULTIPROC_DIR, values written by several worker processes add up."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

FORKED = textwrap.dedent("""
    import os
    from dashboard.web.metrics import Metrics, prepare_multiproc_dir
    prepare_multiproc_dir()
    m = Metrics()                      # made before forking, as gunicorn's preloaded master does
    m.observe("/", "GET", 200, 0.01)   # the master's own request (counted once)
    children = []
    for n in (2, 3):                   # two workers answer 2 and 3 requests
        pid = os.fork()
        if pid == 0:
            for _ in range(n):
                m.observe("/explore", "GET", 200, 0.02)
            m.observe("/about", "GET", 500, 0.5)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    print(m.exposition().decode())
""")


def run(code: str, folder) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                       check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_workers_values_add_up(tmp_path):
    (tmp_path / "counter_999.db").write_bytes(b"stale")  # a previous run's file: emptied at start
    out = run(FORKED, tmp_path)
    assert 'dashboard_http_requests_total{method="GET",route="/explore",status="200"} 5.0' in out
    assert 'dashboard_http_requests_total{method="GET",route="/",status="200"} 1.0' in out
    assert 'dashboard_app_errors_total{route="/about"} 2.0' in out
    assert 'dashboard_http_request_duration_seconds_count{method="GET",route="/explore"} 5.0' in out
    assert not (tmp_path / "counter_999.db").exists()
