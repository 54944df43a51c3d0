"""Browser-test plumbing."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _stop_renderer_before_dash_duo_teardown(request: pytest.FixtureRequest):
    """dash_duo's threaded server kills every thread started while it ran (SystemExit via ctypes), including
    the image renderer's event loop and Chromium pipe readers. Stop the renderer cleanly first: this fixture
    takes dash_duo, so its teardown runs before dash_duo's."""
    if "dash_duo" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("dash_duo")
    yield
    from dashboard.exports import image

    image.stop()
