"""One long-lived kaleido (Chromium) renderer per process, with a hard timeout on every render.

kaleido's own global sync server waits for a render with no time limit, so one lost render (a Chromium
tab that never answers) hangs every later request forever. This renderer owns a Kaleido instance on a
private event-loop thread; each render waits at most `timeout` seconds, and a failed or timed-out render
tears the browser down so the next render starts a fresh one. Started lazily, so each gunicorn worker
gets its own after the fork; never a browser per image, never a Chrome download.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


class RenderError(RuntimeError):
    """The image could not be rendered in time; callers answer 503, never 500."""


class Renderer:
    def __init__(self, timeout: float = 45.0, startup_timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def _healthy(self) -> bool:
        """The loop thread is alive and running (something may have killed it, e.g. a test harness)."""
        return (self._kaleido is not None and self._thread is not None and self._thread.is_alive()
                and self._loop is not None and self._loop.is_running())

    def _start(self) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
        thread.start()
        k = kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False)
        try:
            asyncio.run_coroutine_threadsafe(k.open(), loop).result(timeout=self.startup_timeout)
        except BaseException as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise RenderError(f"the image renderer (Chromium) did not start: {exc!r}") from exc
        self._loop, self._thread, self._kaleido = loop, thread, k

    def _teardown(self) -> None:
        loop, k, thread = self._loop, self._kaleido, self._thread
        self._loop, self._kaleido, self._thread = None, None, None
        if loop is None:
            return
        if thread is None or not thread.is_alive() or not loop.is_running():
            log.warning("the renderer's event loop had stopped; starting a new renderer")
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
        except BaseException:  # a hung browser is abandoned; its daemon thread dies with the process
            log.warning("kaleido did not close cleanly; abandoning it")
        loop.call_soon_threadsafe(loop.stop)

    def render(self, fig: Any, opts: dict[str, Any]) -> bytes:
        with self._lock:  # one render at a time per process
            if not self._healthy():
                self._teardown()
                self._start()
            assert self._loop is not None
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts=opts), self._loop)
            try:
                return future.result(timeout=self.timeout)
            except BaseException as exc:
                future.cancel()
                self._teardown()
                raise RenderError(f"the image could not be rendered: {exc!r}") from exc

    def stop(self) -> None:
        with self._lock:
            self._teardown()
