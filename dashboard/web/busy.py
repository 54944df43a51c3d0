"""A per-worker limit on expensive work (a PDF made, two editions compared): a request that would start more of it
than the limit allows is answered at once with 503, Retry-After and a page that offers the cheap alternative,
instead of queueing behind the others and holding a thread every other reader needs.

Two limits: per worker process (DASHBOARD_EXPENSIVE_SLOTS, default 1, which leaves its other threads to the reading
pages) and for the whole server (DASHBOARD_EXPENSIVE_TOTAL, default half the CPUs, at least 1), so the expensive
work of all workers together leaves cores for everyone else. The server-wide slots are POSIX record locks on the
bytes of one unlinked file opened before gunicorn forks: a worker that dies releases its slot with it. Cached
answers never take a slot: only work that has to be done does.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import flask

RETRY_AFTER_S = 10
DEFAULT_SLOTS = 1


def slots_from_env() -> int:
    env = os.environ.get("DASHBOARD_EXPENSIVE_SLOTS", "")
    return int(env) if env.isdigit() and int(env) > 0 else DEFAULT_SLOTS


def total_from_env() -> int:
    env = os.environ.get("DASHBOARD_EXPENSIVE_TOTAL", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, len(os.sched_getaffinity(0)) // 2)


class ServerSlots:
    """At most n slots held at a time by all the processes forked from the one that made this."""

    def __init__(self, n: int) -> None:
        self.n = n
        # unlinked at once, open for the limiter's lifetime; the descriptor is inherited by the workers
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._held: set[int] = set()           # record locks belong to a process: its threads are told apart here
        self._lock = threading.Lock()

    def acquire(self) -> int | None:
        with self._lock:
            for i in range(self.n):
                if i in self._held:
                    continue
                try:
                    fcntl.lockf(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, i, os.SEEK_SET)
                except OSError:
                    continue
                self._held.add(i)
                return i
        return None

    def release(self, i: int) -> None:
        with self._lock:
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_UN, 1, i, os.SEEK_SET)
            self._held.discard(i)


class Limiter:
    """At most `slots` pieces of expensive work at a time in this process, and `total` in the whole server; never
    waits."""

    def __init__(self, slots: int, total: int | None = None) -> None:
        self.slots = slots
        self._sem = threading.BoundedSemaphore(slots)
        self.server = ServerSlots(total if total is not None else total_from_env())
        self.refused = 0

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Yields True with a slot held, or False at once when every slot is taken."""
        got = self._sem.acquire(blocking=False)
        shared = self.server.acquire() if got else None
        if got and shared is None:
            self._sem.release()
            got = False
        if not got:
            self.refused += 1
        try:
            yield got
        finally:
            if got and shared is not None:
                self.server.release(shared)
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
