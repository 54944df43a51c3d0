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


def _install(r: Renderer, fake: FakeKaleido) -> None:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    r._loop, r._kaleido = loop, fake


def test_a_hung_render_times_out_and_the_next_render_restarts(monkeypatch):
    r = Renderer(timeout=0.5)
    hung = FakeKaleido(hang=True)
    _install(r, hung)
    t0 = time.monotonic()
    with pytest.raises(RenderError):
        r.render({}, {"format": "png"})
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
