"""Prometheus metrics (prometheus-client): requests and their latency per route template, and app errors.

Labels are bounded: the route is the URL rule that matched (`/download/<table>.csv`, never the raw URL; unmatched
paths are `<unmatched>`), the method one of a fixed few (else `other`), the status a number. An app error is a
response answered 500: an exception in the app's own code (rule: a bug of ours is never disguised as a 4xx, and
bad input never reaches 500).

Under gunicorn each worker is a process. With PROMETHEUS_MULTIPROC_DIR set (before the app starts) every process
writes its values to files in that folder and /metrics adds them up across workers; the folder must be empty
when the server starts (`dashboard serve` empties it). Without it, /metrics shows the answering process only.
Only counters and histograms are used, so no per-worker clean-up is needed when gunicorn recycles a worker.
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"})
UNMATCHED = "<unmatched>"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


def multiproc_dir() -> Path | None:
    value = os.environ.get(MULTIPROC_ENV, "").strip()
    return Path(value) if value else None


def prepare_multiproc_dir() -> Path | None:
    """Create the multiprocess folder and empty it of an earlier run's files (call once, before workers start)."""
    folder = multiproc_dir()
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    return folder


def method_label(method: str) -> str:
    return method if method in METHODS else "other"


class Metrics:
    """The app's metrics, in a registry of their own (so several apps in one process do not collide)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("dashboard_http_requests", "HTTP requests answered, by route template, method and "
                                "status.", ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("dashboard_http_request_duration_seconds", "Time to answer a request, by route "
                                 "template and method.", ["route", "method"], buckets=BUCKETS, registry=self.registry)
        self.app_errors = Counter("dashboard_app_errors", "Requests answered 500 because of an error in the app's "
                                  "own code, by route template.", ["route"], registry=self.registry)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        m = method_label(method)
        self.requests.labels(route, m, str(status)).inc()
        self.latency.labels(route, m).observe(seconds)
        if status == 500:
            self.app_errors.labels(route).inc()

    def exposition(self) -> bytes:
        """The Prometheus text format: every worker's values when multiprocess, else this process's."""
        if multiproc_dir() is not None:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
