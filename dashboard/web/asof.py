"""How current the figures are, under every page title: "Figures as published up to January 2026: the newest is ...".

Every page's context gets `as_of`, the sentence of dashboard.model.currency for the edition the request asks for
(?edition=YYYY-MM, the latest otherwise); a route that shows another edition passes its own `as_of`, and a page
that says it itself passes "". The base layout puts it right under the page's h1 (the `under_title` filter), so no
page template repeats it; pages answered with an error status get none.
"""

from __future__ import annotations

import re

import flask
from dash import Dash
from markupsafe import Markup, escape

from dashboard.config import Settings
from dashboard.data.index import BEFORE_FIRST, index_of
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.model.currency import published_up_to

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_H1_END = "</h1>"


def under_title(html: str, line: str) -> Markup:
    """The page body with the line (escaped, as <p class="as-of">) right after its first h1; unchanged when the
    line is empty or the body has no h1."""
    body = Markup(html)
    at = body.find(_H1_END)
    if not line or at < 0:
        return body
    at += len(_H1_END)
    return Markup(body[:at] + Markup('\n<p class="as-of">{}</p>').format(escape(line)) + body[at:])


def edition_of(store: Store, raw: str | None) -> str:
    """The edition a request's ?edition= names: the newest edition at or before a YYYY-MM month, else 'latest'
    (a value that is not a month is answered by the page itself, with the latest figures)."""
    raw = (raw or "").strip()
    if not _MONTH.match(raw):
        return LATEST
    return index_of(store).vintage_at(raw)


def as_of(store: Store, edition: str = LATEST) -> str:
    """The sentence for an edition ('' before the first edition)."""
    return "" if edition == BEFORE_FIRST else published_up_to(store, edition)


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    server.add_template_filter(under_title, "under_title")

    @server.context_processor
    def current() -> dict[str, str]:
        raw = flask.request.args.get("edition") if flask.has_request_context() else None
        return {"as_of": as_of(store, edition_of(store, raw))}
