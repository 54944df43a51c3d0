"""create_app(): load and validate the data once, then build the site around it.

The site is a Flask server. Reading pages (home, topic, briefing, about, data, check, changes, embed, errors) are
server-rendered Jinja2 templates (dashboard/web). Dash owns only Explore's interactive chart, mounted under
/explore/ (its renderer, callback and component suites); /explore itself answers with server-rendered HTML, and
the interactive chart loads into it when a reader asks for it (dashboard/explore).
"""

from __future__ import annotations

import flask
from dash import Dash

from dashboard import __version__
from dashboard.config import Settings
from dashboard.data.load import Store, load_store
from dashboard.text.product import SITE_NAME
from dashboard.web import context, ops, render, urls
from dashboard.web.routes import register_all

DASH_PREFIX = "/explore/"


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    settings = settings or Settings.from_env()
    store = store or load_store(settings.datasets, settings.cache)
    context.install(store, settings)
    server = flask.Flask("dashboard", static_folder=str(settings.assets), static_url_path="/assets")
    # one trusted reverse proxy in front: scheme, host and port (and the prefix, if configured) from X-Forwarded-*;
    # either way, only an address that can safely be written into a link reaches the app
    server.wsgi_app = urls.proxy_aware(server.wsgi_app, settings.trust_proxy, settings.trust_prefix)  # type: ignore[method-assign]
    server.config["DASHBOARD_VERSION"] = __version__
    render.install(server, settings.public_url)
    app = Dash(
        __name__,
        server=server,
        routes_pathname_prefix=DASH_PREFIX,
        requests_pathname_prefix=DASH_PREFIX,
        assets_folder=str(settings.assets),
        include_assets_files=False,     # pages link their own fingerprinted CSS; Dash adds none of its own
        include_pages_meta=False,
        title=f"Explore the figures – {SITE_NAME}",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        compress=False,                 # compression is dashboard.web.performance's job (cached)
    )
    ops.register(app, store, settings)  # first: its timer wraps every other hook; /healthz, /metrics, request logs
    from dashboard.explore.app import install as install_explore

    install_explore(app, store, settings)
    register_all(app, store, settings)
    return app
