"""create_app(): load and validate the data once, then build the Dash app around it."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, html

from dashboard import __version__
from dashboard.components.shell import footer, header
from dashboard.config import Settings
from dashboard.data.load import Store, load_store
from dashboard.web import context
from dashboard.web.routes import register_all

_HERE = Path(__file__).resolve().parent

INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    settings = settings or Settings.from_env()
    store = store or load_store(settings.datasets, settings.cache)
    context.install(store, settings)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(_HERE / "pages"),
        assets_folder=str(settings.assets),
        title="UK maternal outcome statistics",
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Published UK figures on maternal deaths, with their sources and uncertainty."},
        ],
    )
    app.index_string = INDEX
    app.layout = html.Div([
        header(),
        html.Main(dash.page_container, id="main", tabIndex=-1),
        footer(),
    ], className="page")
    app.server.config["DASHBOARD_VERSION"] = __version__
    register_all(app, store, settings)
    return app
