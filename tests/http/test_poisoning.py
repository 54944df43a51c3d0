"""Caches no one can poison: the three poisonings found against the production server, replayed, after which a
clean visitor's links must still be right; and the rules that prevent them (what a memo key holds, which schemes,
hosts and prefixes get through, how responses whose links follow the Host are marked)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dashboard import serve
from dashboard.config import Settings
from dashboard.web import urls

PAGES = ["/", "/briefing", "/explore?by=ethnicity", "/about", "/embed?by=ethnicity"]


def make_app(store, settings: Settings, **changes):
    from dashboard.app import create_app

    return create_app(Settings(**{**settings.__dict__, **changes}), store)


@pytest.fixture(scope="module")
def proxied(store, settings):
    """The app as run behind a proxy (DASHBOARD_TRUST_PROXY=1) with no public URL: links follow the request."""
    return make_app(store, settings, trust_proxy=True).server.test_client()


def links(resp) -> list[str]:
    soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    found = [t.get(a) for t in soup.find_all(True) for a in ("href", "src", "content", "action") if t.get(a)]
    found += re.findall(r"https?://[^\s\"'<>]+", resp.get_data(as_text=True))
    return found


def clean_visit(client, path: str) -> list[str]:
    resp = client.get(path, base_url="http://stats.example")
    assert resp.status_code == 200, path
    return links(resp)


@pytest.mark.parametrize("path", PAGES)
def test_a_forwarded_prefix_is_ignored_unless_configured(proxied, path):
    attack = proxied.get(path, base_url="http://stats.example", headers={"X-Forwarded-Prefix": "@evil.example"})
    assert "evil.example" not in attack.get_data(as_text=True)
    plain_prefix = proxied.get(path, base_url="http://stats.example", headers={"X-Forwarded-Prefix": "/elsewhere"})
    assert plain_prefix.status_code == 200 and "/elsewhere" not in plain_prefix.get_data(as_text=True)
    seen = clean_visit(proxied, path)
    assert not [u for u in seen if "evil.example" in u]
    assert any(u.startswith("http://stats.example/") for u in seen) or path == "/about"


def test_a_configured_prefix_must_be_plain_path_segments(store, settings):
    client = make_app(store, settings, trust_proxy=True, trust_prefix=True).server.test_client()
    bad = client.get("/briefing", base_url="http://stats.example", headers={"X-Forwarded-Prefix": "@evil.example"})
    assert bad.status_code == 400 and "evil.example" not in bad.get_data(as_text=True)
    good = client.get("/briefing", base_url="http://stats.example", headers={"X-Forwarded-Prefix": "/maternal"})
    assert good.status_code == 200
    assert 'href="http://stats.example/maternal/briefing' in good.get_data(as_text=True) or \
        "http://stats.example/maternal/briefing" in good.get_data(as_text=True)
    seen = clean_visit(client, "/briefing")  # the prefixed answer is not served to a visitor without the prefix
    assert not [u for u in seen if "/maternal/" in u]


@pytest.mark.parametrize("scheme", ["javascript:alert(1)//", "data", "ftp", "HTTPS"])
def test_only_http_and_https_schemes_are_accepted(proxied, scheme):
    attack = proxied.get("/briefing", base_url="http://stats.example", headers={"X-Forwarded-Proto": scheme})
    assert attack.status_code == 400
    assert "javascript:" not in attack.get_data(as_text=True)
    seen = clean_visit(proxied, "/briefing")
    assert not [u for u in seen if u.lower().startswith(("javascript:", "data:", "ftp:"))]


def test_an_https_visitor_does_not_change_the_links_of_an_http_one(proxied):
    https = proxied.get("/briefing", base_url="http://stats.example", headers={"X-Forwarded-Proto": "https"})
    assert "https://stats.example/briefing" in https.get_data(as_text=True)
    plain = proxied.get("/briefing", base_url="http://stats.example").get_data(as_text=True)
    assert "https://stats.example/" not in plain and "http://stats.example/briefing" in plain


def pdf_text(data: bytes, tmp_path: Path) -> str:
    file = tmp_path / "b.pdf"
    file.write_bytes(data)
    return subprocess.run(["pdftotext", str(file), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_never_prints_a_notice_quoting_the_request(client, tmp_path):
    attack = client.get("/briefing.pdf?view=1&ind=THESE FIGURES ARE WITHDRAWN - SEE evil.example")
    assert attack.status_code == 302 and attack.headers["Location"].endswith("/briefing.pdf?view=1")
    assert attack.headers["Cache-Control"] == "no-store"
    plain = client.get("/briefing.pdf?view=1")
    assert plain.status_code == 200
    text = pdf_text(plain.data, tmp_path)
    assert "12.80 per 100,000 maternities" in text
    assert "WITHDRAWN" not in text and "evil.example" not in text
    # the HTML page still tells the reader what was wrong with the address, and is not the plain page
    page = client.get("/briefing?view=1&ind=THESE FIGURES ARE WITHDRAWN - SEE evil.example").get_data(as_text=True)
    assert "THESE FIGURES ARE WITHDRAWN" in page  # quoted, escaped, in the notice of this address only
    assert "WITHDRAWN" not in client.get("/briefing?view=1").get_data(as_text=True)


def test_without_a_public_url_links_follow_the_host_so_responses_vary_on_it_and_are_not_public(client):
    for path in ["/changes", "/briefing", "/", "/api/v1/figures?indicator=maternal_mortality_rate"]:
        resp = client.get(path, base_url="http://forged.example")
        assert "Host" in resp.vary, path
        assert "public" not in resp.headers.get("Cache-Control", ""), path
    static = client.get("/assets/style.css")
    assert static.status_code == 200 and "public" in static.headers["Cache-Control"]


def test_with_a_public_url_links_never_follow_the_host(store, settings):
    client = make_app(store, settings, public_url="https://stats.example.org").server.test_client()
    page = client.get("/briefing", base_url="http://forged.example").get_data(as_text=True)
    assert "forged.example" not in page and "https://stats.example.org/briefing" in page


def test_odd_hosts_are_refused_before_the_app():
    bad = [{"wsgi.url_scheme": "http", "HTTP_HOST": h} for h in ("evil.example/x", "a b", "@evil", "x\"y", "")]
    assert all(urls.address_problem(e) == "host" for e in bad)
    good = [{"wsgi.url_scheme": s, "HTTP_HOST": h, "SCRIPT_NAME": p} for s, h, p in
            (("http", "localhost:8050", ""), ("https", "stats.example.org", "/maternal"), ("http", "[::1]:80", ""))]
    assert all(urls.address_problem(e) is None for e in good)


def test_memo_keys_hold_scheme_host_and_prefix(app):
    from dashboard.web.performance import memo_key

    keys = set()
    for base in ("http://a.example", "https://a.example", "http://b.example", "http://a.example/prefix"):
        with app.server.test_request_context("/briefing", base_url=base):
            import flask

            keys.add(memo_key(flask.request))
    assert len(keys) == 4


def test_gunicorn_trusts_forwarded_headers_from_nobody_unless_told(monkeypatch):
    monkeypatch.delenv("DASHBOARD_TRUST_PROXY", raising=False)
    assert serve.gunicorn_options("127.0.0.1", 8050, 1, Path("p"))["forwarded_allow_ips"] == ""
    monkeypatch.setenv("DASHBOARD_TRUST_PROXY", "1")
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert serve.gunicorn_options("127.0.0.1", 8050, 1, Path("p"))["forwarded_allow_ips"] == "127.0.0.1,::1"
