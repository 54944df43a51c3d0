"""Browser-test plumbing: the app served from a thread on a free local port, and a headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from werkzeug.serving import make_server

from tests.conftest import pytest_setup_options

AXE_PATHS = (Path(__file__).resolve().parents[2] / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
             Path("/work/main/tools/axe/node_modules/axe-core/axe.min.js"))


@pytest.fixture(scope="module")
def live_server(app) -> Iterator[str]:
    """The app on 127.0.0.1 and a free port (threaded werkzeug); yields its base URL, stopped by its handle."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    opts = pytest_setup_options()
    opts.add_argument("--headless")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=opts)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    for path in AXE_PATHS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("axe-core is not installed (npm ci --prefix tools/axe)")
