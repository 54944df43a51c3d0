"""One URL builder for every link the site writes.

Links inside pages are relative ('/explore?by=ethnicity'). Absolute links (permalinks printed in images, og:url,
embed codes, citations, the API) come from, in order:
1. the DASHBOARD_PUBLIC_URL setting, when the operator sets one (e.g. https://maternal-stats.example.org);
2. else the request itself: scheme and host as the client addressed this server (behind a reverse proxy, run with
   DASHBOARD_TRUST_PROXY=1 so werkzeug's ProxyFix reads X-Forwarded-Proto/-Host/-Prefix);
3. outside a request (static export, command line), the setting, or http://127.0.0.1:8050 as a last resort.
Never a host or port written into the code elsewhere.
"""

from __future__ import annotations

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
