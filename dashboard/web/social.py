"""Open Graph and Twitter card tags for every permalink, built from that view.

Dash pages can only give one static image per page, so this module wraps the app's index rendering: for the
Explore page (any query) and the home page, it replaces Dash's generic og:/twitter: tags with tags for the
view the URL names (nearest valid view for a tampered query): the headline, a description from the generated
explanation, and og:image pointing at /image/view.png?<same query>, which is served from the render cache.
"""

from __future__ import annotations

import logging
import re
from html import escape

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.exports.citation import DASHBOARD_NAME
from dashboard.state import parse
from dashboard.views import View, build_view
from dashboard.web.downloads import EXPLORE_PATH, MAX_QUERY, VIEW_IMAGE, permalink, view_url

log = logging.getLogger(__name__)

VIEW_PAGES = ("/", EXPLORE_PATH)
DESCRIPTION_MAX = 300
_GENERIC = re.compile(r'<meta (?:property|name)="(?:og:[^"]*|twitter:[^"]*|description)"[^>]*>\s*')


def _clip(text: str, limit: int = DESCRIPTION_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def social_tags(view: View, settings: Settings) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of every tag for a view."""
    url = permalink(settings, view)
    image = view_url(VIEW_IMAGE + ".png", view, settings.public_url)
    description = _clip(view.explanation)
    title = view.title
    return [
        ("name", "description", description),
        ("property", "og:type", "website"),
        ("property", "og:site_name", DASHBOARD_NAME),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:alt", view.alt_text),
        ("property", "og:locale", "en_GB"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
        ("name", "twitter:image:alt", view.alt_text),
    ]


def render_tags(tags: list[tuple[str, str, str]]) -> str:
    return "\n        ".join(f'<meta {attr}="{escape(name)}" content="{escape(content)}">' for attr, name, content in tags)


def page_view(store: Store, path: str, query: bytes) -> View | None:
    """The view a page URL shows, or None for pages that are not views."""
    if path.rstrip("/") not in ("", EXPLORE_PATH) or len(query) > MAX_QUERY:
        return None
    q = query.decode("utf-8", errors="replace") if path.rstrip("/") == EXPLORE_PATH else ""
    state, _ = parse(q, store)
    return build_view(store, state)


def with_view_meta(index_kwargs: dict, view: View, settings: Settings) -> dict:
    out = dict(index_kwargs)
    out["metas"] = _GENERIC.sub("", out.get("metas", "")) + "\n        " + render_tags(social_tags(view, settings))
    out["title"] = f"{view.title} – {DASHBOARD_NAME}"
    return out


def register(app: Dash, store: Store, settings: Settings) -> None:
    original = app.interpolate_index

    def interpolate_index(**kwargs):  # called by Dash for every HTML page
        try:
            req = flask.request
            view = page_view(store, req.path, req.query_string)
            if view is not None:
                kwargs = with_view_meta(kwargs, view, settings)
        except Exception:  # social tags are never worth a failed page
            log.exception("could not build social tags")
        return original(**kwargs)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign]
