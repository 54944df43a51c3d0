"""Expensive work bounded: a PDF made or two editions compared only with a free slot of the worker's limit (else
503, Retry-After and a page that offers the cheap alternative); what is already made is served whatever the load;
the latest PDF and every adjacent pair of editions are made before the server forks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from dashboard.model.changes import editions
from dashboard.web import busy, performance


@pytest.fixture(scope="module")
def fresh(store, settings):
    from dashboard.app import create_app

    return create_app(settings, store)


def held(app):
    """The worker's only slot, taken (as by a PDF being made in another thread)."""
    return busy.limiter(app.server).slot()


def test_the_limiter_never_waits_and_gives_back_its_slots():
    lim = busy.Limiter(2, total=5)
    with lim.slot() as a, lim.slot() as b, lim.slot() as c:
        assert (a, b, c) == (True, True, False)
    with lim.slot() as again:
        assert again
    assert lim.refused == 1


def test_the_server_wide_limit_holds_across_worker_processes():
    import os
    import time

    lim = busy.Limiter(1, total=1)  # made before the fork, like the app
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a second worker, holding the server's only slot until told
        with lim.slot() as got:
            os.write(write, b"1" if got else b"0")
            time.sleep(1.5)
        os._exit(0)
    try:
        assert os.read(read, 1) == b"1"
        with lim.slot() as here:
            assert not here  # the other process holds it
    finally:
        os.waitpid(pid, 0)
    with lim.slot() as after:  # given back when that process let go (or died)
        assert after


def test_a_new_pdf_while_the_worker_is_busy_is_a_503_offering_the_html_briefing(fresh):
    client = fresh.server.test_client()
    with held(fresh) as got:
        assert got
        resp = client.get("/briefing.pdf?edition=2023-09")
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == str(busy.RETRY_AFTER_S)
    assert resp.headers["Cache-Control"] == "no-store"
    text = resp.get_data(as_text=True)
    assert 'href="/briefing?edition=2023-09"' in text and "print it from your browser" in text
    # with the slot free again, the same address is made
    assert client.get("/briefing.pdf?edition=2023-09").status_code == 200


def test_a_pdf_already_made_is_served_while_the_worker_is_busy(fresh):
    client = fresh.server.test_client()
    first = client.get("/briefing.pdf?edition=2024-10")
    assert first.status_code == 200
    with held(fresh):
        again = client.get("/briefing.pdf?edition=2024-10")
    assert again.status_code == 200 and again.data == first.data


def test_a_new_comparison_while_the_worker_is_busy_is_a_503_offering_the_latest_changes(fresh):
    client = fresh.server.test_client()
    with held(fresh):
        resp = client.get("/changes?from=2016-05&to=2023-03")
        unknown = client.get("/changes?from=1999-01&to=2023-03")  # no work to do: the clear 404 as ever
    assert resp.status_code == 503 and resp.headers["Retry-After"] == str(busy.RETRY_AFTER_S)
    assert 'href="/changes"' in resp.get_data(as_text=True)
    assert unknown.status_code == 404
    assert client.get("/changes?from=2016-05&to=2023-03").status_code == 200
    with held(fresh):  # made once, then kept
        assert client.get("/changes?from=2016-05&to=2023-03").status_code == 200


def test_warming_makes_the_latest_pdf_and_every_adjacent_comparison_before_traffic(store, settings):
    from dashboard.app import create_app

    app = create_app(settings, store)
    performance.warm(app, bases=["http://127.0.0.1:8050"])
    client = app.server.test_client()
    eds = [e.vintage for e in editions(store)]
    with held(app):  # nothing is left to make: all of these are answered while the only slot is taken
        assert client.get("/briefing.pdf", base_url="http://127.0.0.1:8050").status_code == 200
        assert client.get("/changes", base_url="http://127.0.0.1:8050").status_code == 200
        for a, b in pairwise(eds):
            assert client.get(f"/changes?from={a}&to={b}", base_url="http://127.0.0.1:8050").status_code == 200
