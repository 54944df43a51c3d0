"""PDFs made out of the workers' way (dashboard.web.pdf_service): the same bytes as made in-process for the same
address, kept on disk for every worker (and a restart), never a notice; a worker that waits too long gets the busy
page while the PDF goes on being made."""

from __future__ import annotations

import os

import pytest

from dashboard.web import busy
from dashboard.web.pdf import PdfService
from dashboard.web.pdf_service import file_name


@pytest.fixture
def fresh(store, settings):
    from dashboard.app import create_app

    return create_app(settings, store)


@pytest.fixture
def service(fresh, tmp_path):
    # waits long enough for a busy machine: these tests are about what is made, not how fast
    svc = PdfService(fresh.server.extensions["dashboard_pdf"].assets, tmp_path / "pdf", wait_s=180).start()
    yield svc
    svc.stop()


def test_the_service_makes_the_bytes_the_worker_made_and_keeps_them_on_disk(fresh, service, store, settings):
    from dashboard.app import create_app

    here = fresh.server.test_client().get("/briefing.pdf?edition=2023-09")  # made in this process
    assert here.status_code == 200 and here.data.startswith(b"%PDF-")

    other = create_app(settings, store)  # a second worker: nothing in memory, the service in use
    other.server.extensions["dashboard_pdf"].use(service)
    there = other.server.test_client().get("/briefing.pdf?edition=2023-09")
    assert there.status_code == 200
    assert there.data == here.data
    kept = list(service.folder.glob("*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == here.data
    assert service.pid is not None and service.pid != os.getpid()


def test_a_pdf_on_disk_is_served_by_a_worker_that_never_made_it_even_while_busy(fresh, service, store, settings):
    from dashboard.app import create_app

    maker = fresh.server.extensions["dashboard_pdf"]
    maker.use(service)
    first = fresh.server.test_client().get("/briefing.pdf?edition=2024-10")
    assert first.status_code == 200

    other = create_app(settings, store)
    other.server.extensions["dashboard_pdf"].use(service)
    service.stop()  # nothing may be made now: the answer can only come from disk
    with busy.limiter(other.server).slot():  # and the worker's only slot is taken
        again = other.server.test_client().get("/briefing.pdf?edition=2024-10")
    assert again.status_code == 200 and again.data == first.data


def test_a_pdf_not_made_in_time_is_the_busy_page_and_is_kept_for_the_next_request(fresh, service):
    maker = fresh.server.extensions["dashboard_pdf"]
    maker.use(service)
    client = fresh.server.test_client()
    service.wait_s = 0.01  # far less than a PDF takes
    resp = client.get("/briefing.pdf?edition=2021-10")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == str(busy.RETRY_AFTER_S)
    assert resp.headers["Cache-Control"] == "no-store"
    assert 'href="/briefing?edition=2021-10"' in resp.get_data(as_text=True)
    service.wait_s = 180
    assert client.get("/briefing.pdf?edition=2021-10").status_code == 200


def test_a_request_with_a_notice_is_redirected_and_no_notice_reaches_a_kept_pdf(fresh, service):
    maker = fresh.server.extensions["dashboard_pdf"]
    maker.use(service)
    client = fresh.server.test_client()
    odd = client.get("/briefing.pdf?view=1&ind=THESE FIGURES ARE WITHDRAWN")
    assert odd.status_code == 302 and "WITHDRAWN" not in odd.headers["Location"]
    assert client.get(odd.headers["Location"]).status_code == 200
    for kept in service.folder.glob("*.pdf"):
        assert b"WITHDRAWN" not in kept.read_bytes()


def test_disk_names_hold_the_whole_key():
    key = ("hash", "edition=2023-09", "2026-12-07", "http://127.0.0.1:8050/")
    names = {file_name(key), file_name(("hash2", *key[1:])), file_name((*key[:2], "2026-12-08", key[3])),
             file_name((*key[:3], "https://127.0.0.1:8050/")), file_name((key[0], "", *key[2:]))}
    assert len(names) == 5


def test_a_pdf_kept_by_another_version_of_the_code_is_not_served(tmp_path):
    from dashboard.web.pdf_service import code_stamp

    code = tmp_path / "code"
    code.mkdir()
    (code / "briefing.html").write_text("<p>one</p>")
    before = code_stamp(code)
    (code / "briefing.html").write_text("<p>two, longer</p>")
    assert code_stamp(code) != before
    key = ("hash", "edition=2023-09", "2026-12-07", "http://127.0.0.1:8050/")
    old = PdfService(tmp_path, tmp_path / "pdf", stamp=before)
    new = PdfService(tmp_path, tmp_path / "pdf", stamp=code_stamp(code))
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / old.name(key)).write_bytes(b"%PDF-old")
    assert old.stored(key) == b"%PDF-old"
    assert new.stored(key) is None
