"""Server-rendered pages: Flask's own Jinja2 (autoescaped) with the site's templates and shared partials.

Every reading page is rendered here from the figure model, so it reads, copies, shares and prints without
JavaScript. Templates live in dashboard/web/templates; `_macros.html` holds the partials (a figure with its
interval, count, tier and source; a chart; a table; the support box; a verdict), used by every page.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import flask
from markupsafe import Markup, escape

from dashboard import __version__
from dashboard.model.words import BEREAVEMENT_TEXT, SUPPORT_LINKS, SUPPORT_TEXT, SUPPORT_TITLE
from dashboard.text.product import INDEPENDENCE, SITE_NAME
from dashboard.web import urls

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAV = (("/", "Home"), (urls.EXPLORE, "Explore"), ("/topics/mental-health-and-social-care", "Mental health and social care"),
       (urls.BRIEFING, "Briefing"), ("/data", "Data"), (urls.CHECK, "Check a figure"), ("/changes", "What changed"), ("/about", "About"))


@lru_cache(maxsize=64)
def _fingerprint(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def asset_url(name: str) -> str:
    """/assets/<name>?v=<hash of the file>: cacheable for a year, refreshed whenever the file changes."""
    folder = Path(flask.current_app.static_folder or "")
    path = folder / name
    version = _fingerprint(path, path.stat().st_mtime_ns) if path.is_file() else __version__
    return f"/assets/{name}?v={version}"


def linked_support() -> Markup:
    """The support box's text (dashboard.model.words) with its numbers and services as links."""
    out = escape(f"{SUPPORT_TEXT} {BEREAVEMENT_TEXT}")
    for words, href in SUPPORT_LINKS:
        out = out.replace(escape(words), Markup('<a href="{}">{}</a>').format(href, words))
    return Markup(out)


def install(server: flask.Flask, public_url: str | None) -> None:
    """Point Flask's Jinja environment at the site's templates and give every template the shared helpers."""
    server.template_folder = str(TEMPLATES)
    env = server.jinja_env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.tests["startingwith"] = lambda value, prefix: str(value).startswith(prefix)
    env.globals.update(
        SITE_NAME=SITE_NAME, INDEPENDENCE=INDEPENDENCE, NAV=NAV, VERSION=__version__, asset=asset_url,
        with_query=urls.with_query, absolute=lambda path, query=None: urls.absolute(path, query, public_url),
        SUPPORT_TITLE=SUPPORT_TITLE, SUPPORT_HTML=linked_support(),
    )


def page(template: str, status: int = 200, **context: Any) -> flask.Response:
    """Render a page template (with the current path for the navigation) as an HTML response. A page answered
    with an error status (4xx, 5xx) is marked noindex by base.html."""
    context.setdefault("current_path", flask.request.path if flask.has_request_context() else "/")
    resp = flask.make_response(flask.render_template(template, status=status, **context), status)
    resp.mimetype = "text/html"
    return resp
