"""Shared fixtures: the real shipped data (loaded once), small fixture folders, and browser options."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from dashboard.config import Settings
from dashboard.data.load import Store, load_store

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Under CI=true nothing may skip: a test that would skip (a missing tool) fails, saying what to install."""
    outcome = yield
    report = outcome.get_result()
    if ON_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed: {reason}"


def pytest_setup_options() -> Options:
    """Chromium flags for a closed network (dash_duo reads this hook)."""
    opts = Options()
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"):
        opts.add_argument(flag)
    return opts


@pytest.fixture(scope="session")
def store() -> Store:
    return load_store(DATASETS)


@pytest.fixture(scope="session")
def catalogue(store: Store):
    """The shipped metadata (indicators, sources, ambitions), as loaded with the data."""
    return store.catalogue


def shipped_row(file: str, line: int) -> dict:
    """One row of a shipped datasets/ table as the loader reads it (blank cells are None), with its line number."""
    with (DATASETS / file).open(encoding="utf-8") as fh:
        rec = list(csv.DictReader(fh))[line - 2]
    return {**{k: (v or None) for k, v in rec.items()}, "_line": line}


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = Settings.from_env()
    return Settings(datasets=DATASETS, assets=base.assets, cache=tmp_path_factory.mktemp("cache"))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture datasets folder, to break in tests."""
    dest = tmp_path / "datasets"
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture(scope="session")
def app(store: Store, settings: Settings):
    from dashboard.app import create_app

    return create_app(settings, store)


@pytest.fixture(scope="module")
def client(app):
    """A Flask test client of the shared app (a module may define its own, e.g. on an app of its own)."""
    return app.server.test_client()
