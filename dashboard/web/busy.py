"""A per-worker limit on expensive work (a PDF made, two editions compared): a request that would start more of it
than the limit allows is answered at once with 503, Retry-After and a page that offers the cheap alternative,
instead of queueing behind the others and holding a thread every other reader needs.

Cached answers never take a slot: only work that has to be done does. DASHBOARD_EXPENSIVE_SLOTS sets the limit
(default 1 per worker process, which leaves its other threads to the reading pages).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import flask

RETRY_AFTER_S = 10
DEFAULT_SLOTS = 1


def slots_from_env() -> int:
    env = os.environ.get("DASHBOARD_EXPENSIVE_SLOTS", "")
    return int(env) if env.isdigit() and int(env) > 0 else DEFAULT_SLOTS


class Limiter:
    """At most `slots` pieces of expensive work at a time in this process; never waits."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._sem = threading.BoundedSemaphore(slots)
        self.refused = 0

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Yields True with a slot held, or False at once when every slot is taken."""
        got = self._sem.acquire(blocking=False)
        if not got:
            self.refused += 1
        try:
            yield got
        finally:
            if got:
                self._sem.release()


def limiter(server: flask.Flask) -> Limiter:
    """The app's limiter (one per worker process: gunicorn forks after the app is built, each copy counts alone)."""
    found = server.extensions.get("dashboard_expensive")
    if found is None:
        found = server.extensions["dashboard_expensive"] = Limiter(slots_from_env())
    return found


def busy(resp: flask.Response) -> flask.Response:
    """Mark a page as the busy answer: 503, try again in a few seconds, never stored."""
    resp.status_code = 503
    resp.headers["Retry-After"] = str(RETRY_AFTER_S)
    resp.headers["Cache-Control"] = "no-store"
    return resp
