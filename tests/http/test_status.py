"""Status codes and error answers of the site (dashboard.web.headers): real pages answer 200; an unknown address
404 and a wrong method 405, as the site's error page (HTML, not indexed) or as JSON under /api/; a bug inside a
route 500, counted in app.server.extensions["dashboard_errors"]; never a stack trace or an internal detail."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

TOPIC = "/topics/mental-health-and-social-care"
SECRET = "secret detail at /work/main/dashboard/app.py line 1"
LEAKS = ("Traceback", "RuntimeError", "secret detail", "/work/", 'File "', "werkzeug", "flask")


def _error_page(resp, status: int, title: str, way_home: bool = True) -> BeautifulSoup:
    """The site's own error page: its header and navigation, the message, not indexed, not cached."""
    assert resp.status_code == status
    assert resp.mimetype == "text/html"
    assert resp.headers["Cache-Control"] == "no-store"
    text = resp.get_data(as_text=True)
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    assert soup.select_one(".site-header nav") is not None and soup.select_one("link[rel=stylesheet]") is not None
    assert soup.find("html")["lang"] == "en-GB"
    assert soup.find("h1").get_text(strip=True) == title
    assert soup.select_one('main a[href="/"]') is not None or not way_home  # a way back
    assert not any(leak in text for leak in LEAKS), text
    return soup


def _json_error(resp, status: int) -> dict:
    assert resp.status_code == status
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["status"] == status and body["message"]
    assert not any(leak in resp.get_data(as_text=True) for leak in LEAKS)
    return body


@pytest.mark.parametrize("path", ["/", "/explore", "/explore?by=ethnicity", "/explore?ind=nonsense", "/about",
                                  "/briefing", "/briefing?view=1", TOPIC, "/data", "/check", "/changes", "/api/v1/",
                                  "/robots.txt"])
def test_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/no/such/page", "/explorer", "/topics/other", "/404", "/briefing/more",
                                  "/about/", "/index.php"])
def test_unknown_addresses_answer_404_with_the_error_page(client, path):
    _error_page(client.get(path), 404, "Page not found")


def test_a_page_that_answers_its_own_404_is_not_indexed_either(client):
    # an unknown edition of the data files: the catalogue's own page, which lists the editions there are
    _error_page(client.get("/data/1999-01/"), 404, "No such edition", way_home=False)


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/figures", "/api/", "/data/1999-01/figures.json"])
def test_unknown_api_and_json_addresses_answer_404_in_json(client, path):
    _json_error(client.get(path), 404)


@pytest.mark.parametrize("method, path", [("post", "/"), ("post", "/about"), ("put", "/briefing"),
                                          ("delete", TOPIC), ("post", "/briefing.pdf")])
def test_a_wrong_method_answers_405_with_the_error_page(client, method, path):
    _error_page(getattr(client, method)(path), 405, "Method not allowed")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_wrong_method_on_the_api_answers_405_in_json(client, method):
    resp = getattr(client, method)("/api/v1/figures")
    _json_error(resp, 405)
    assert "GET" in resp.headers["Allow"]


@pytest.fixture(scope="module")
def broken(store, settings):
    """A fresh app with two routes that raise (routes can only be added before an app's first request)."""
    from dashboard.app import create_app

    app = create_app(settings, store)

    def boom():
        raise RuntimeError(SECRET)

    app.server.add_url_rule("/boom", "boom", boom)
    app.server.add_url_rule("/api/v1/boom", "api_boom", boom)
    return app


@pytest.mark.parametrize("path, as_json", [("/boom", False), ("/api/v1/boom", True)])
def test_a_bug_in_a_route_is_a_counted_500_that_shows_nothing_inside(broken, path, as_json):
    errors = broken.server.extensions["dashboard_errors"]
    before = errors["count"]
    resp = broken.server.test_client().get(path)
    if as_json:
        _json_error(resp, 500)
    else:
        _error_page(resp, 500, "Something went wrong")
    assert errors["count"] == before + 1
    assert errors["last"] == f"RuntimeError on GET {path}"


def test_the_broken_apps_pages_still_answer(broken):
    """A bug in one route leaves every other page alone (and a 404 there is still not counted as a bug)."""
    c = broken.server.test_client()
    errors = broken.server.extensions["dashboard_errors"]
    before = errors["count"]
    assert c.get("/about").status_code == 200
    assert c.get("/no-such-page").status_code == 404
    assert errors["count"] == before
