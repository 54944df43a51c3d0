"""Hardening through the real Flask server (test client; no browser, no timing): security headers, error pages that
leak nothing, request limits, caching, and property-based tests with an ORACLE.

The oracle: a tampered request may get a 4xx only when the request itself is invalid (a bad method, an oversized or
malformed body); any value in a well-formed request is read as the nearest valid view (200). An exception raised by
the app's own code is a bug: it answers 500, is counted in app.server.extensions["dashboard_errors"], and every test
here fails on it. HARDENING_EXAMPLES scales the hypothesis examples (default 1.0: 2,150 in all).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import serve
from dashboard.web import headers, performance
from tests.http.test_explore import CALLBACK, OUTPUT_KEY, callback_body

SCALE = float(os.environ.get("HARDENING_EXAMPLES", "1"))
LEAKS = re.compile(r"Traceback|File \"|/work/|site-packages|\.py\b|werkzeug|flask|Dash ?[Ee]xception", re.IGNORECASE)
PAGES = ["/", "/explore", "/topics/mental-health-and-social-care", "/briefing", "/about", "/data", "/data/latest/",
         "/check", "/changes", "/embed", "/api/v1/figures", "/api/v1/statements", "/download/view.csv",
         "/image/view.svg"]


def hyp(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def examples(n: int) -> int:
    return max(5, int(n * SCALE))


def assert_clean_error(resp, status: int) -> None:
    assert resp.status_code == status
    text = resp.get_data(as_text=True)
    assert not LEAKS.search(text), text[:500]
    assert resp.headers["Cache-Control"] == "no-store"
    if resp.mimetype == "application/json":
        assert resp.get_json()["status"] == status
    else:
        assert resp.mimetype == "text/html" and "<h1>" in text and 'name="robots" content="noindex"' in text


# ---- headers ------------------------------------------------------------------------------------------------------

def csp(resp) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in resp.headers["Content-Security-Policy"]
                                               .split(";"))}


@pytest.mark.parametrize("path", [*PAGES[:6], "/no-such-page", "/assets/style.css", "/explore/_dash-layout"])
def test_security_headers_everywhere(client, app, path):
    resp = client.get(path)
    policy = csp(resp)
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in resp.headers["Permissions-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "Server" not in resp.headers


@pytest.mark.parametrize("path", ["/embed", "/embed?by=ethnicity"])
def test_only_the_embed_may_be_framed(client, path):
    resp = client.get(path)
    assert resp.status_code == 200 and csp(resp)["frame-ancestors"] == ["*"] and "X-Frame-Options" not in resp.headers
    assert csp(client.get("/embedded"))["frame-ancestors"] == ["'none'"]  # a look-alike path is not the embed


@pytest.mark.parametrize("path", ["/", "/explore?by=ethnicity", "/briefing", "/check?q=13.56"])
def test_no_inline_script_runs_unless_the_policy_allows_its_hash(client, path):
    resp = client.get(path)
    allowed = set(csp(resp)["script-src"])
    html = resp.get_data(as_text=True)
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
        if "src=" in attrs or 'type="application/json"' in attrs or not body.strip():
            continue
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        assert digest in allowed, (path, body[:80])


# ---- errors -----------------------------------------------------------------------------------------------------

def test_unknown_address_is_a_404_page_or_json(client):
    assert_clean_error(client.get("/no/such/page"), 404)
    assert_clean_error(client.get("/api/v1/nope"), 404)


def test_wrong_method_is_405(client):
    assert_clean_error(client.post("/", data="x"), 405)
    assert_clean_error(client.delete("/api/v1/figures"), 405)


def test_oversized_bodies_are_413(client):
    assert_clean_error(client.post(CALLBACK, data=b"{" + b" " * (headers.CALLBACK_MAX_BYTES + 10) + b"}",
                                   content_type="application/json"), 413)


def test_a_bug_in_the_app_is_a_500_that_is_counted_and_leaks_nothing(app, client):
    errors = app.server.extensions["dashboard_errors"]
    before = errors["count"]
    endpoint = next(r.endpoint for r in app.server.url_map.iter_rules() if r.rule == "/about")
    saved = app.server.view_functions[endpoint]
    app.server.view_functions[endpoint] = lambda: 1 / 0  # a bug in a page's own code
    try:
        assert_clean_error(client.get("/about?bug=1"), 500)
    finally:
        app.server.view_functions[endpoint] = saved
    assert errors["count"] == before + 1 and "ZeroDivisionError" in errors["last"]
    errors["count"] = before  # this one was on purpose


def test_a_callback_that_raises_is_a_500_never_a_422(app, client, monkeypatch):
    """Sabotage the Explore callback: a bug must show as a server error, not as a rejected request."""
    from dashboard.explore import app as explore

    def broken(*_a, **_k):
        raise RuntimeError("sabotage")
    monkeypatch.setattr(explore, "build_view", broken)
    errors = app.server.extensions["dashboard_errors"]
    before = errors["count"]
    resp = app.server.test_client().post(CALLBACK, json=callback_body(None, "?by=ethnicity", "explore-url.search"))
    assert_clean_error(resp, 500)
    assert errors["count"] == before + 1
    errors["count"] = before


@pytest.mark.parametrize("body", [b"", b"{", b"null", b"[]", b"42", b'"x"', b"\xff\xfe\x00", b'{"output": 1}',
                                  b'{"output": "nope", "inputs": []}'])
def test_malformed_callback_bodies_are_400(client, body):
    assert_clean_error(client.post(CALLBACK, data=body, content_type="application/json"), 400)


# ---- caches -------------------------------------------------------------------------------------------------------

def test_versioned_assets_are_cached_for_a_year_and_pages_revalidate(client):
    page = client.get("/")
    css = re.search(r'href="(/assets/style\.css\?v=[0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    assert "immutable" in client.get(css).headers["Cache-Control"]
    assert "max-age=300" in page.headers["Cache-Control"] and page.headers.get("ETag")


def test_responses_are_compressed_when_asked(client):
    resp = client.get("/explore?by=ethnicity", headers={"Accept-Encoding": "br"})
    assert resp.headers.get("Content-Encoding") == "br"


def test_the_response_memo_never_mixes_up_requests(client):
    a = client.post(CALLBACK, json=callback_body(None, "?by=ethnicity", "explore-url.search")).get_json()
    b = client.post(CALLBACK, json=callback_body(None, "?by=deprivation", "explore-url.search")).get_json()
    a2 = client.post(CALLBACK, json=callback_body(None, "?by=ethnicity", "explore-url.search")).get_json()
    assert a == a2 and a != b
    assert client.get("/check?q=13.56").get_data() != client.get("/check?q=22%25").get_data()


def test_the_byte_cache_is_bounded_and_evicts_the_least_recently_used():
    cache = performance.ByteCache(10)
    cache.set("a", b"12345")
    cache.set("b", b"12345")
    assert cache.get("a") == b"12345"   # a is now the most recently used
    cache.set("c", b"12345")
    assert cache.get("b") is None and cache.get("a") == b"12345" and cache.get("c") == b"12345"
    cache.set("big", b"x" * 11)         # larger than the whole cache: never stored
    assert cache.get("big") is None and len(cache) == 2


def test_the_compression_cache_keeps_only_static_files_and_memoised_responses():
    cache = performance.CompressCache()
    cache.set("br;dynamic", b"x")
    cache.set("br;static:/assets/style.css", b"y")
    assert cache.get("br;dynamic") is None and cache.get("br;static:/assets/style.css") == b"y"


def test_static_keys_ignore_fingerprints():
    assert performance.static_key("/explore/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m17.js") == \
        "/explore/_dash-component-suites/dash/dcc/dash_core_components.js"
    assert performance.static_key("/explore") is None


def test_production_serving_has_no_debug_tools_and_no_control_socket():
    opts = serve.gunicorn_options("127.0.0.1", 8050, 3, serve.default_pidfile(8050))
    assert opts["control_socket_disable"] and opts["preload_app"] and opts["worker_class"] == "asgi"


# ---- property-based, with the oracle ------------------------------------------------------------------------------

junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
keys = st.sampled_from(["ind", "by", "groups", "from", "to", "measure", "ci", "edition", "view", "q", "indicator",
                        "breakdown", "group", "period", "prev", "variant"]) | junk


@hyp(1200)
@given(path=st.sampled_from(PAGES), params=st.lists(st.tuples(keys, junk), max_size=6))
def test_query_strings_never_5xx(client, path, params):
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in params)
    resp = client.get(f"{path}?{query}"[:4000])
    assert resp.status_code < 500, (path, query)
    if path.startswith(("/api/", "/download/", "/image/", "/data/", "/embed", "/changes")):
        return  # these may refuse a bad parameter with a clear 4xx (an unknown edition, table or indicator)
    assert resp.status_code in (200, 303), (path, query)  # a page reads junk as the nearest valid view


@hyp(200)
@given(path=junk)
def test_any_path_is_a_page_a_redirect_or_a_clean_404(client, path):
    # '//x' would be read by the test client as a request to host 'x' (whose odd names get a 400 of their own)
    resp = client.get("/" + quote(path).lstrip("/"))
    assert resp.status_code in (200, 301, 303, 308, 404), path
    if resp.status_code == 404:
        assert not LEAKS.search(resp.get_data(as_text=True))


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | junk,
                      lambda inner: st.lists(inner, max_size=5) | st.dictionaries(junk, inner, max_size=4),
                      max_leaves=10)


@hyp(500)
@given(fields=values, search=st.none() | junk, mutate=st.sampled_from(["none", "outputs", "inputs", "changed",
                                                                       "output", "extra"]), junkval=values)
def test_tampered_callback_payloads_get_200_unless_the_body_is_malformed(app, client, fields, search, mutate, junkval):
    changed = "explore-url.search" if search is not None else "explore-fields.data"
    body = callback_body(fields, search or "", changed)
    if mutate == "outputs":
        body["outputs"] = junkval
    elif mutate == "inputs":
        body["inputs"][0]["id"] = junkval
    elif mutate == "changed":
        body["changedPropIds"] = junkval
    elif mutate == "output":
        body["output"] = junkval
    elif mutate == "extra":
        body[str(junkval)[:20]] = junkval
    resp = client.post(CALLBACK, data=json.dumps(body), content_type="application/json")
    # the oracle: 400 only when the shape check says the request itself is invalid; otherwise the nearest view
    invalid = headers.callback_problem(body, app.callback_map) is not None
    assert resp.status_code == (400 if invalid else 200), (resp.status_code, mutate, body)


@hyp(250)
@given(st.binary(max_size=300))
def test_arbitrary_bodies_are_400_or_a_view(client, raw):
    resp = client.post(CALLBACK, data=raw, content_type="application/json")
    assert resp.status_code in (200, 400, 413)


def test_the_output_key_is_the_one_dash_registered(app):
    assert OUTPUT_KEY in app.callback_map
