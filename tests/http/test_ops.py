"""Operations through the real Flask server: /healthz, request ids, JSON logs (an app error is one record with its
traceback) and Prometheus /metrics per route template."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import tomllib

import pytest

from dashboard.web import logs
from tests.conftest import DATASETS, ROOT

REQUIRED = ("time", "level", "request_id", "method", "path", "status", "duration_ms")


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def log_lines():
    """The JSON log lines written while the test runs (a fresh handler on the root logger, removed afterwards)."""
    buf = io.StringIO()
    level = logging.getLogger().level
    handler = logs.configure(buf)
    try:
        yield lambda: [json.loads(line) for line in buf.getvalue().splitlines()]
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(level)


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{"):
            got = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', line[len(name):line.rindex("}")]))
            if got == labels:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def newest_published_month() -> str:
    """The latest edition written from the curated tables themselves: the newest published_date's month."""
    months = []
    for path in sorted((DATASETS / "curated").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            months += [row["published_date"][:7] for row in csv.DictReader(f) if row.get("published_date")]
    return max(months)


# ---- /healthz -------------------------------------------------------------------------------------------------

def test_healthz_names_version_data_and_edition(client, store):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.mimetype == "application/json"
    body = r.get_json()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert body["status"] == "ok" and body["version"] == version
    assert body["data_hash"] == store.content_hash and re.fullmatch(r"[0-9a-f]{16}", body["data_hash"])
    assert body["latest_edition"] == newest_published_month()
    assert r.headers["Cache-Control"] == "no-store"


# ---- request ids and logs -------------------------------------------------------------------------------------

def test_a_request_id_is_kept_when_safe_and_replaced_when_not(client):
    assert client.get("/healthz", headers={"X-Request-ID": "edge-42.a"}).headers["X-Request-ID"] == "edge-42.a"
    for bad in ("has space", "x" * 65, "<script>", "a\u00e9"):
        got = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert got != bad and re.fullmatch(r"[0-9a-f]{32}", got)


def test_each_request_is_one_json_line_with_its_fields(client, log_lines):
    r = client.get("/about?from=logs", headers={"X-Request-ID": "log-test-1"})
    assert r.status_code == 200
    mine = [rec for rec in log_lines() if rec.get("request_id") == "log-test-1"]
    assert len(mine) == 1
    rec = mine[0]
    assert all(key in rec for key in REQUIRED), rec
    assert rec["level"] == "INFO" and rec["method"] == "GET" and rec["path"] == "/about" and rec["status"] == 200
    assert rec["query"] == "from=logs" and rec["route"] == "/about"
    assert isinstance(rec["duration_ms"], (int, float)) and rec["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", rec["time"])


def _break_about(app):
    endpoint = next(r.endpoint for r in app.server.url_map.iter_rules() if r.rule == "/about")
    saved = app.server.view_functions[endpoint]
    app.server.view_functions[endpoint] = lambda: 1 / 0  # a bug in a page's own code
    return endpoint, saved


def test_an_app_error_is_one_record_with_its_traceback(app, client, log_lines):
    errors = app.server.extensions["dashboard_errors"]
    before = errors["count"]
    endpoint, saved = _break_about(app)
    try:
        r = client.get("/about?bug=ops-log", headers={"X-Request-ID": "bug-1"})
    finally:
        app.server.view_functions[endpoint] = saved
        errors["count"] = before  # this one was on purpose
    assert r.status_code == 500
    lines = log_lines()
    mine = [rec for rec in lines if rec.get("request_id") == "bug-1"]
    assert len(mine) == 1, mine
    rec = mine[0]
    assert rec["level"] == "ERROR" and rec["status"] == 500 and rec["path"] == "/about"
    assert rec["error_type"] == "ZeroDivisionError"
    assert rec["traceback"].startswith("Traceback") and "ZeroDivisionError" in rec["traceback"]
    assert not any("Traceback" in json.dumps(other) for other in lines if other is not rec)


# ---- /metrics -------------------------------------------------------------------------------------------------

def test_metrics_count_requests_per_route_template_not_per_url(client):
    before = client.get("/metrics").get_data(as_text=True)
    for query in ("?by=ethnicity", "?by=age", "?by=deprivation&ci=off"):
        assert client.get("/explore" + query).status_code == 200
    assert client.get("/no/such/page-for-metrics").status_code == 404
    r = client.get("/metrics")
    assert r.status_code == 200 and r.mimetype == "text/plain" and r.headers["Cache-Control"] == "no-store"
    after = r.get_data(as_text=True)
    labels = {"route": "/explore", "method": "GET", "status": "200"}
    assert metric(after, "dashboard_http_requests_total", **labels) - metric(
        before, "dashboard_http_requests_total", **labels) == 3
    assert metric(after, "dashboard_http_request_duration_seconds_count", route="/explore", method="GET") >= 3
    assert "by=" not in after and "page-for-metrics" not in after and 'route="<unmatched>"' in after


def test_metrics_count_app_errors(app, client):
    errors = app.server.extensions["dashboard_errors"]
    before_count = errors["count"]
    before = metric(client.get("/metrics").get_data(as_text=True), "dashboard_app_errors_total", route="/about")
    endpoint, saved = _break_about(app)
    try:
        assert client.get("/about?bug=ops-metrics").status_code == 500
    finally:
        app.server.view_functions[endpoint] = saved
        errors["count"] = before_count
    after = metric(client.get("/metrics").get_data(as_text=True), "dashboard_app_errors_total", route="/about")
    assert after == before + 1


def test_metrics_is_read_only_and_never_memoised(client):
    assert client.post("/metrics").status_code == 405
    first = client.get("/metrics").get_data(as_text=True)
    client.get("/healthz")
    second = client.get("/metrics").get_data(as_text=True)
    assert first != second

