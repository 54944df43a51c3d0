"""HTTP tests share one guard: a test that talks to the shipped app fails if the app's own code raised during it.

A test that breaks the app on purpose resets the counter itself (see test_status and test_hardening)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_app_errors(request: pytest.FixtureRequest):
    if not {"app", "client"} & set(request.fixturenames):
        yield
        return
    errors = request.getfixturevalue("app").server.extensions["dashboard_errors"]
    before = errors["count"]
    yield
    assert errors["count"] == before, f"the app raised: {errors['last']}"
