"""Flask routes beside the Dash pages (downloads, images, embeds, briefings, headers).

Each module listed here exposes `register(app, store, settings)`; create_app calls them in order.
Adding a route module means adding its name here, nothing else.
"""

from __future__ import annotations

import importlib

from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store

ROUTE_MODULES: list[str] = [
    "dashboard.web.headers",
    "dashboard.web.performance",
    "dashboard.web.asof",
    "dashboard.web.pages",
    "dashboard.web.check",
    "dashboard.web.catalogue",
    "dashboard.web.api",
    "dashboard.web.changes",
    "dashboard.web.downloads",
    "dashboard.web.embed",
    "dashboard.web.share",
    "dashboard.web.sitemap",
    "dashboard.web.caching",   # last: its after-request runs first, so the memo keeps its headers
]


def register_all(app: Dash, store: Store, settings: Settings) -> None:
    for name in ROUTE_MODULES:
        importlib.import_module(name).register(app, store, settings)
