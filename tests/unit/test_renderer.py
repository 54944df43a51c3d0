"""A lost render never hangs a request: the renderer times out, tears the browser down and starts afresh."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from dashboard.exports.renderer import Renderer, RenderError


class FakeKaleido:
    def __init__(self, hang: bool):
        self.hang, self.closed = hang, False

    async def calc_fig(self, fig, opts):
        if self.hang:
            await asyncio.sleep(3600)
        return b"PNG" + str(opts["format"]).encode()

    async def close(self):
        self.closed = True


def _install(r: Renderer, fake: FakeKaleido) -> threading.Thread:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    while not loop.is_running():
        time.sleep(0.01)
    r._loop, r._thread, r._kaleido = loop, thread, fake
    return thread


def test_a_hung_render_times_out_and_the_next_render_restarts(monkeypatch):
    r = Renderer(timeout=0.5)
    hung = FakeKaleido(hang=True)
    _install(r, hung)
    monkeypatch.setattr(r, "_start", lambda: pytest.fail("a healthy renderer must not restart"))
    t0 = time.monotonic()
    with pytest.raises(RenderError):
        r.render({}, {"format": "png"})
    monkeypatch.undo()
    assert time.monotonic() - t0 < 5
    assert hung.closed and not r.running
    monkeypatch.setattr(r, "_start", lambda: _install(r, FakeKaleido(hang=False)))
    assert r.render({}, {"format": "svg"}) == b"PNGsvg"


def test_a_renderer_that_cannot_start_is_a_render_error(monkeypatch):
    import kaleido

    class Broken:
        def __init__(self, **kwargs):
            pass

        async def open(self):
            raise OSError("no browser")

    monkeypatch.setattr(kaleido, "Kaleido", Broken)
    with pytest.raises(RenderError, match="did not start"):
        Renderer(timeout=1).render({}, {"format": "png"})


def test_a_renderer_whose_loop_thread_was_killed_restarts(monkeypatch):
    """dash_duo's test server kills every thread started while it ran; a dead loop must not hang renders."""
    r = Renderer(timeout=0.5)
    _install(r, FakeKaleido(hang=False))
    r._loop.call_soon_threadsafe(r._loop.stop)  # the loop thread dies under us
    r._thread.join(timeout=2)
    fresh = FakeKaleido(hang=False)
    monkeypatch.setattr(r, "_start", lambda: _install(r, fresh))
    t0 = time.monotonic()
    assert r.render({}, {"format": "png"}) == b"PNGpng"
    assert time.monotonic() - t0 < 1 and r._kaleido is fresh
