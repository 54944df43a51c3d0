"""One URL builder for every link the site writes.

Links inside pages are relative ('/explore?by=ethnicity'). Absolute links (permalinks printed in images, og:url,
embed codes, citations, the API) come from, in order:
1. the DASHBOARD_PUBLIC_URL setting, when the operator sets one (e.g. https://maternal-stats.example.org);
2. else the request itself: scheme, host and prefix as the client addressed this server (behind a reverse proxy, run
   with DASHBOARD_TRUST_PROXY=1 so werkzeug's ProxyFix reads X-Forwarded-Proto/-Host, and DASHBOARD_TRUST_PREFIX=1
   for -Prefix); only http/https, a plain host and plain path segments get through (CheckedAddress), and every
   cache of a body with such links is keyed by all three (or the response varies on them);
3. outside a request (static export, command line), the setting, or http://127.0.0.1:8050 as a last resort.
Never a host or port written into the code elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

import flask

FALLBACK_BASE = "http://127.0.0.1:8050"

EXPLORE = "/explore"
BRIEFING = "/briefing"
BRIEFING_PDF = "/briefing.pdf"
EMBED = "/embed"
VIEW_IMAGE = "/image/view"          # + .png / .svg
VIEW_CSV = "/download/view.csv"
CHECK = "/check"


def with_query(path: str, query: str | dict | None = None) -> str:
    """'/explore' + '?ind=x' (no '?' for an empty query)."""
    if isinstance(query, dict):
        query = urlencode({k: v for k, v in query.items() if v not in (None, "")}, safe="|")
    return path + (f"?{query}" if query else "")


def base_url(setting: str | None = None) -> str:
    """The site's absolute base URL (no trailing slash): the setting, else the current request, else a fallback."""
    if setting:
        return setting.rstrip("/")
    if flask.has_request_context():
        return flask.request.host_url.rstrip("/") + flask.request.script_root
    return FALLBACK_BASE


def absolute(path: str, query: str | dict | None = None, setting: str | None = None) -> str:
    return base_url(setting) + with_query(path, query)


# ---- the request's own address, from a proxy we were told to trust --------------------------------------------

SCHEMES = ("http", "https")
_PREFIX = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")
_HOST = re.compile(r"^([A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+\.?(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def address_problem(environ: dict) -> str | None:
    """Why the scheme, host or prefix a request arrived with (after any proxy headers were applied) cannot be
    written into a link, or None: only http/https, a plain host name or address with an optional port, and a
    prefix of plain path segments."""
    if environ.get("wsgi.url_scheme") not in SCHEMES:
        return "scheme"
    host = environ.get("HTTP_HOST")
    if host is not None and not _HOST.match(host):
        return "host"
    if not _PREFIX.match(environ.get("SCRIPT_NAME", "")):
        return "prefix"
    return None


class CheckedAddress:
    """WSGI middleware: a request whose scheme, host or prefix could not safely be written into a link gets a plain
    400 before the app sees it (so no page, and no cached page, ever carries it)."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        problem = address_problem(environ)
        if problem is None:
            return self.app(environ, start_response)
        body = f"Bad request: the {problem} this request was addressed with is not one this site can link to.\n"
        start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                           ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body.encode()]


def proxy_aware(app: Callable, trust_proxy: bool, trust_prefix: bool) -> Callable:
    """The app as it should face the network. Behind one trusted reverse proxy (DASHBOARD_TRUST_PROXY=1), the
    scheme, host and port come from its X-Forwarded-* headers, and the path prefix too only when the operator says
    the proxy sets it (DASHBOARD_TRUST_PREFIX=1); whatever they say is then checked like any request's address."""
    checked = CheckedAddress(app)  # inside ProxyFix: it checks the address ProxyFix has set
    if trust_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        return ProxyFix(checked, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1 if trust_prefix else 0)
    return checked
