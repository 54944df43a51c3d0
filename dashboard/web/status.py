"""A real 404 status for addresses that are not pages.

Dash serves every unknown path with its app shell (HTTP 200) and shows "Page not found" in the browser.
Link checkers, crawlers and social-card scrapers read the status, so an address that is not a registered
page gets 404, with the same shell (people still see the friendly page); an API-looking address gets the
plain JSON 404 of dashboard.web.headers.
"""

from __future__ import annotations

import dash
from dash import Dash
from flask import Response, request

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.web.headers import error_response, wants_json

CATCH_ALL = "/<path:path>"


def page_paths() -> set[str]:
    return {p["path"] for p in dash.page_registry.values() if p["path"] != "/404"}


def register(app: Dash, store: Store, settings: Settings) -> None:  # noqa: ARG001 - the route-module signature
    known = page_paths()

    @app.server.after_request
    def not_found_status(resp: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule else None
        path = request.path.rstrip("/") or "/"
        if rule == CATCH_ALL and resp.status_code == 200 and path not in known:
            if wants_json(request.path):  # an API-looking address gets the plain JSON error, not the page shell
                return error_response(404)
            resp.status_code = 404
        return resp
