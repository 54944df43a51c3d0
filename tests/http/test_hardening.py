"""Hardening: security headers, error responses that leak nothing, request limits, compression and caching,
and property-based tests (hypothesis) of URL query strings and /_dash-update-component payloads.

Everything goes through the real Flask server (app.server.test_client()): no browser, no timing assertions.
HARDENING_EXAMPLES scales the number of hypothesis examples (default 1.0: 2,100 examples in all: 6 pages x 25
query strings, 200 pathnames, 1,500 tampered payloads, 250 arbitrary bodies).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from typing import Any
from urllib.parse import quote, urlencode

import dash
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import serve
from dashboard.web import headers, performance

SCALE = float(os.environ.get("HARDENING_EXAMPLES", "1"))
ROUTER = ".._pages_content.children..._pages_store.data.."
LEAKS = re.compile(r"Traceback|File \"|/work/|site-packages|\.py\b|werkzeug|Werkzeug|flask|Dash ?[Ee]xception", re.I)
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def _examples(n: int) -> int:
    return max(5, int(n * SCALE))


@pytest.fixture(scope="module")
def client(app):
    c = app.server.test_client()
    assert c.get("/").status_code == 200  # first request: Dash registers its callbacks
    return c


def page_paths() -> list[str]:
    return sorted({p["path"] for p in dash.page_registry.values() if "<" not in p["path"]})


def router_body(path: str, search: str = "") -> dict[str, Any]:
    return {
        "output": ROUTER,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }


def assert_clean_error(resp, status: int | None = None) -> None:
    if status is not None:
        assert resp.status_code == status
    assert 400 <= resp.status_code < 500 or resp.status_code == 500 and status == 500
    text = resp.get_data(as_text=True)
    assert len(text) < 2000
    assert not LEAKS.search(text), text
    if resp.mimetype == "application/json":
        assert "error" in resp.get_json() or "message" in resp.get_json()
    else:
        assert resp.mimetype in ("text/html", "text/plain") and text.strip()


# ---- headers ---------------------------------------------------------------------------------------------

def _csp(resp) -> dict[str, list[str]]:
    out = {}
    for part in resp.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.mark.parametrize("path", ["/", "/explore", "/about", "/briefing", "/no-such-page", "/assets/style.css",
                                  "/_dash-layout", "/_dash-dependencies"])
def test_security_headers_everywhere(client, app, path):
    resp = client.get(path)
    csp = _csp(resp)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert set(app.csp_hashes()) <= set(csp["script-src"])
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in resp.headers["Permissions-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_headers_on_every_registered_page(client):
    for path in page_paths():
        resp = client.get(path)
        assert resp.status_code == (404 if path == "/404" else 200), path  # the not-found page says so
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"], path


@pytest.mark.parametrize("path", ["/embed", "/embed/", "/embed/maternal_mortality_rate", "/embed/x?y=1"])
def test_embed_may_be_framed(client, path):
    resp = client.get(path)
    assert resp.status_code < 500
    assert _csp(resp)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in resp.headers
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_embedded_lookalike_is_not_embed(client):
    assert _csp(client.get("/embedded"))["frame-ancestors"] == ["'none'"]


def test_every_inline_script_is_allowed_by_its_hash(client):
    """No inline script runs unless the CSP names its hash (data scripts are not executed)."""
    for path in ["/", *page_paths()]:
        resp = client.get(path)
        allowed = set(_csp(resp)["script-src"])
        soup = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
        for tag in soup.find_all("script"):
            if tag.get("src") or tag.get("type") == "application/json":
                continue
            digest = base64.b64encode(hashlib.sha256(tag.string.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, (path, tag.string[:80])
            assert not tag.get("onload") and not tag.get("onerror")


def test_robots_txt_is_plain_text(client):
    resp = client.get("/robots.txt")
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    assert resp.get_data(as_text=True).startswith("User-agent: *")


def test_no_debug_tools_or_server_banner(client):
    resp = client.get("/")
    assert "Server" not in resp.headers
    body = resp.get_data(as_text=True)
    assert "dash-debug-menu" not in body and '"ui":false' in body and '"props_check":false' in body


# ---- error responses -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/nope.js", "/_dash-component-suites/nosuchpkg/a.js",
                                  "/_dash-component-suites/dash/../../../../etc/passwd",
                                  "/_dash-component-suites/plotly/package_data/../../os.py"])
def test_unknown_files_are_plain_404(client, path):
    assert_clean_error(client.get(path), 404)


def test_wrong_method_is_plain_405(client):
    assert_clean_error(client.delete("/"), 405)
    assert_clean_error(client.put("/_dash-update-component", json={}), 405)


def test_unknown_route_under_api_prefix_is_json_404(client):
    resp = client.get("/_dash-nothing-here")
    assert resp.status_code == 404  # dashboard.web.status turns the Dash catch-all's page shell into a 404
    assert_clean_error(resp, 404)


def test_server_error_page_leaks_nothing(client, app, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("secret detail at /work/main/dashboard/app.py line 1")

    monkeypatch.setattr(app, "index", boom)
    resp = client.get("/explore?case=server-error")  # not memoised by any other test
    assert_clean_error(resp, 500)
    assert "secret" not in resp.get_data(as_text=True)


def test_callback_that_raises_gives_422_not_500(client, app, monkeypatch):
    spec = app.callback_map[ROUTER]

    def boom(*_a, **_k):
        raise KeyError("/work/main/secret")

    monkeypatch.setitem(spec, "callback", boom)
    # a search no other test sends, so the response memo cannot answer for the callback
    resp = client.post("/_dash-update-component", json=router_body("/", "?case=callback-raises"))
    assert_clean_error(resp, 422)


def test_callback_request_size_limit(client):
    big = json.dumps({**router_body("/"), "pad": "x" * headers.CALLBACK_MAX_BYTES}).encode()
    resp = client.post("/_dash-update-component", data=big, content_type="application/json")
    assert_clean_error(resp, 413)
    near = json.dumps({**router_body("/"), "output": "x" * (headers.CALLBACK_MAX_BYTES - 1000)}).encode()
    assert len(near) < headers.CALLBACK_MAX_BYTES
    assert_clean_error(client.post("/_dash-update-component", data=near, content_type="application/json"), 400)


def test_callback_body_limit_without_content_length(client):
    """A chunked body with no Content-Length is cut off at the limit too."""
    import io

    stream = io.BytesIO(json.dumps({**router_body("/"), "pad": "x" * 100_000}).encode())
    resp = client.post("/_dash-update-component", input_stream=stream, content_type="application/json",
                       headers={"Transfer-Encoding": "chunked"})
    assert resp.status_code in (400, 413)
    assert_clean_error(resp)


@pytest.mark.parametrize("data", [b"", b"{", b"null", b"[]", b"42", b'"x"', b"\xff\xfe\x00", b'{"output": 1}',
                                  b'{"output": "nope", "inputs": []}'])
def test_malformed_callback_bodies_are_400(client, data):
    resp = client.post("/_dash-update-component", data=data, content_type="application/json")
    assert_clean_error(resp, 400)


def test_valid_router_request_still_works(client):
    for path in page_paths():
        resp = client.post("/_dash-update-component", json=router_body(path))
        assert resp.status_code == 200, path
        assert "response" in resp.get_json()


# ---- performance: compression, caching, plotly.js --------------------------------------------------------

def test_static_files_compressed_and_long_lived(client):
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts
    for src in scripts:
        resp = client.get(src, headers=BROWSER)
        assert resp.status_code == 200
        assert resp.headers["Content-Encoding"] in ("zstd", "br", "gzip"), src
        assert "max-age=31536000" in resp.headers["Cache-Control"], src
    again = client.get(scripts[0], headers=BROWSER)
    assert again.headers["Content-Encoding"] == client.get(scripts[0], headers=BROWSER).headers["Content-Encoding"]


def test_pages_and_callbacks_are_not_cached_by_browsers(client):
    assert client.get("/").headers["Cache-Control"] == "no-cache"


def test_callback_memo_never_mixes_up_requests(client):
    a = client.post("/_dash-update-component", json=router_body("/"), headers=BROWSER)
    b = client.post("/_dash-update-component", json=router_body("/explore"), headers=BROWSER)
    a2 = client.post("/_dash-update-component", json=router_body("/"), headers=BROWSER)
    plain_a = client.post("/_dash-update-component", json=router_body("/"))
    assert a.status_code == b.status_code == a2.status_code == 200
    assert a.get_data() == a2.get_data() and a.get_data() != b.get_data()
    assert plain_a.get_json() == json.loads(_decode(a))


def _decode(resp) -> bytes:
    from flask_compress.flask_compress import _uncompress_data  # Flask-Compress's own helper for tests

    enc = resp.headers.get("Content-Encoding")
    return _uncompress_data(resp.get_data(), enc) if enc else resp.get_data()


def test_compress_cache_keeps_only_static_and_memo_keys():
    cache = performance.StaticCompressCache()
    cache.set("br;dynamic", b"x")
    cache.set("br;static:/assets/style.css", b"y")
    assert cache.get("br;dynamic") is None and cache.get("br;static:/assets/style.css") == b"y"


def test_bounded_cache_evicts_oldest():
    cache = performance.BoundedCache(10)
    cache.set("a", b"12345")
    cache.set("b", b"12345")
    cache.set("c", b"123")
    assert cache.get("a") is None and cache.get("b") and cache.get("c") and cache.size <= 10
    cache.set("huge", b"x" * 11)
    assert cache.get("huge") is None


def test_static_key_ignores_fingerprint_and_query():
    assert performance.static_key("/_dash-component-suites/dash/dcc/x.v4_4_1m123.js") == \
        "/_dash-component-suites/dash/dcc/x.js"
    assert performance.static_key("/explore") is None


def test_plotly_bundle_falls_back_to_full(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_PLOTLY_BUNDLE", "full")
    assert performance.plotly_bundle().path is None
    monkeypatch.setenv("DASHBOARD_PLOTLY_BUNDLE", str(tmp_path / "missing.js"))
    assert performance.plotly_bundle().path is None
    wrong = tmp_path / "plotly-basic.min.js"
    wrong.write_text("/* */")
    (tmp_path / "package.json").write_text('{"version": "0.0.1"}')
    monkeypatch.setenv("DASHBOARD_PLOTLY_BUNDLE", str(wrong))
    assert performance.plotly_bundle().path is None  # a different plotly.js version is never served


def test_plotly_js_is_served(client, app):
    resp = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers=BROWSER)
    assert resp.status_code == 200 and resp.mimetype == "application/javascript"
    assert resp.headers["Cache-Control"] == "public, max-age=86400"
    partial = app.server.config["DASHBOARD_PLOTLY_BUNDLE"] != "full"
    assert (resp.headers.get("X-Plotly-Bundle") == "basic") is partial


def _figures(node: Any):
    if isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props, dict) and isinstance(props.get("figure"), dict):
            yield props["figure"]
        for v in node.values():
            yield from _figures(v)
    elif isinstance(node, list):
        for v in node:
            yield from _figures(v)


def test_pages_use_only_trace_types_in_the_partial_bundle(client):
    """The plotly.js partial bundle (scatter, bar, pie) draws every chart the pages show."""
    seen = set()
    for path in page_paths():
        body = client.post("/_dash-update-component", json=router_body(path)).get_json()
        for fig in _figures(body):
            seen |= performance.figure_trace_types(fig)
    assert seen <= performance.BASIC_TRACES, seen - performance.BASIC_TRACES


# ---- serve --production ----------------------------------------------------------------------------------

def test_gunicorn_options(tmp_path, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert serve.default_workers(2) == 5
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert serve.default_workers(2) == 3
    opts = serve.gunicorn_options("127.0.0.1", 8050, 2, tmp_path / "g.pid")
    assert opts["control_socket_disable"] is True and opts["preload_app"] is True
    assert opts["worker_class"] == "gthread" and opts["threads"] >= 2
    assert opts["pidfile"] == str(tmp_path / "g.pid") and opts["workers"] == 2
    from gunicorn.config import Config

    cfg = Config()
    for k, v in opts.items():
        cfg.set(k, v)  # every option is one gunicorn knows


# ---- property-based: URL query strings -------------------------------------------------------------------

QUERY_KEYS = st.sampled_from(["ind", "indicator", "by", "breakdown", "groups", "group", "from", "to", "ed",
                              "edition", "measure", "ci", "view", "chart", "q", "page", "topic", "variant", "lang"])
NASTY = st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "null", "None", "true", "[]", "{}", "../../etc/passwd",
                         "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%", "%%", "\u202e", "\ud7ff", "x" * 5000,
                         "2020-22", "2009-11", "1900", "9999-99", "all", "overall", "maternal_mortality_rate",
                         "rate|count", "a|b|c|" * 50])
QUERY_VALUES = st.one_of(NASTY, st.text(max_size=40), st.text(alphabet="0123456789-|,.", max_size=20))
QUERIES = st.lists(st.tuples(st.one_of(QUERY_KEYS, st.text(max_size=12)), QUERY_VALUES), max_size=6)


def _search(pairs: list[tuple[str, str]]) -> str:
    return "?" + urlencode(pairs, quote_via=quote) if pairs else ""


@pytest.mark.parametrize("path", ["/", "/explore", "/briefing", "/about", "/topics/mental-health-and-social-care",
                                  "/embed"])
@settings(max_examples=_examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, database=None)
@given(pairs=QUERIES)
def test_query_strings_never_5xx(client, path, pairs):
    search = _search(pairs)
    page = client.get(path + search)
    assert page.status_code < 500
    if page.status_code >= 400:
        assert_clean_error(page)
    resp = client.post("/_dash-update-component", json=router_body(path, search))
    assert resp.status_code in (200, 204), resp.get_data(as_text=True)[:300]
    if resp.status_code == 200:
        assert "response" in resp.get_json()


@settings(max_examples=_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, database=None)
@given(path=st.one_of(st.text(max_size=60).map(lambda s: "/" + s), st.sampled_from(["//", "/./", "/%2e%2e/",
                                                                                     "/explore/../about"])))
def test_any_pathname_gets_a_page_or_a_clear_error(client, path):
    resp = client.post("/_dash-update-component", json=router_body(path))
    assert resp.status_code in (200, 204, 400, 422)
    if resp.status_code >= 400:
        assert_clean_error(resp)


# ---- property-based: /_dash-update-component payloads ----------------------------------------------------

LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                 st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
JSON = st.recursive(LEAF, lambda ch: st.lists(ch, max_size=4) | st.dictionaries(st.text(max_size=8), ch, max_size=4),
                    max_leaves=15)
DEEP: Any = 0
for _ in range(60):
    DEEP = [DEEP]
HUGE = st.sampled_from(["x" * 60_000, ["a"] * 6_000, {"k" * 50: "v" * 1000}, 10**300, -1e308,
                        DEEP])
VALUES = st.one_of(JSON, HUGE, NASTY)


def templates(app) -> list[dict[str, Any]]:
    """A valid-shaped body for every callback with plain string ids (value None), plus the router's (on a cheap
    page: rendering every page for every tampered value is what test_query_strings_never_5xx does)."""
    out = [router_body("/no-such-page")]
    for key, spec in app.callback_map.items():
        if key == ROUTER:
            continue
        ins = spec.get("inputs", []) + spec.get("state", [])
        outs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
        if not all(isinstance(i.get("id"), str) for i in ins) or not all(isinstance(o.component_id, str) for o in outs):
            continue
        outputs = [{"id": o.component_id, "property": o.component_property} for o in outs]
        out.append({
            "output": key,
            "outputs": outputs if isinstance(spec["output"], list) else outputs[0],
            "inputs": [{"id": i["id"], "property": i["property"], "value": None} for i in spec.get("inputs", [])],
            "state": [{"id": s["id"], "property": s["property"], "value": None} for s in spec.get("state", [])],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec.get("inputs", [])[:1]],
        })
    return out


@st.composite
def tampered(draw, bodies: list[dict[str, Any]]) -> Any:
    body = copy.deepcopy(draw(st.sampled_from(bodies)))
    kind = draw(st.sampled_from(["value", "value", "value", "id", "property", "drop", "type", "output", "changed",
                                 "extra", "whole"]))
    slots = [("inputs", i) for i in range(len(body["inputs"]))] + [("state", i) for i in range(len(body["state"]))]
    if kind in ("value", "id", "property") and slots:
        group, idx = draw(st.sampled_from(slots))
        field = {"value": "value", "id": "id", "property": "property"}[kind]
        body[group][idx][field] = draw(VALUES if kind == "value" else st.one_of(st.text(max_size=30), JSON))
    elif kind == "drop":
        body.pop(draw(st.sampled_from(sorted(body))))
    elif kind == "type":
        body[draw(st.sampled_from(sorted(body)))] = draw(JSON)
    elif kind == "output":
        body["output"] = draw(st.one_of(st.text(max_size=60), JSON))
    elif kind == "changed":
        body["changedPropIds"] = draw(st.one_of(st.lists(st.text(max_size=40), max_size=3), JSON))
    elif kind == "extra":
        body[draw(st.text(max_size=10))] = draw(VALUES)
    else:
        return draw(st.one_of(JSON, HUGE))
    return body


def test_payload_templates_are_accepted(client, app):
    for body in templates(app):
        resp = client.post("/_dash-update-component", json=body)
        assert resp.status_code < 500, (body["output"], resp.status_code)


@settings(max_examples=_examples(1500), deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, database=None)
@given(data=st.data())
def test_tampered_callback_payloads_never_5xx(client, app, data):
    body = data.draw(tampered(templates(app)))
    raw = json.dumps(body).encode()
    resp = client.post("/_dash-update-component", data=raw, content_type="application/json")
    assert resp.status_code < 500, (resp.status_code, raw[:300])
    if resp.status_code >= 400:
        expected = 413 if len(raw) > headers.CALLBACK_MAX_BYTES else None
        assert_clean_error(resp, expected)


@settings(max_examples=_examples(250), deadline=None, derandomize=True, database=None)
@given(raw=st.binary(max_size=300), ctype=st.sampled_from(["application/json", "text/plain", "", "multipart/form-data"]))
def test_arbitrary_bytes_to_the_callback_endpoint(client, raw, ctype):
    resp = client.post("/_dash-update-component", data=raw, content_type=ctype)
    assert resp.status_code < 500
    if resp.status_code >= 400:
        assert_clean_error(resp)
