"""`python -m dashboard serve`: the development server, or gunicorn with --production.

Production (`--production`): gunicorn with the app loaded (and its data validated) once in the master and
forked into the workers, which share it; workers from the core count (2 x cores + 1, or --workers, or
WEB_CONCURRENCY), each with 4 threads and keep-alive; gunicorn 27's control socket off (it would write ~/.gunicorn); a pid file so the master can be
stopped by its id; no debug tools. The same app is available to any WSGI server as `dashboard.serve:wsgi()`:

    gunicorn 'dashboard.serve:wsgi()' -w 5 -k gthread --threads 4 -b 127.0.0.1:8050 --preload \\
        --no-control-socket --pid /run/dash.pid
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from dashboard.data.errors import DatasetError
from dashboard.web.cpus import available_cpus


def default_workers(cores: int | None = None) -> int:
    env = os.environ.get("WEB_CONCURRENCY", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return 2 * (cores or available_cpus()) + 1  # the container's CPU limit, not the host's cores


def default_pidfile(port: int) -> Path:
    env = os.environ.get("DASHBOARD_PIDFILE")
    if env:
        return Path(env)
    from dashboard.config import cache_dir

    return cache_dir() / f"gunicorn-{port}.pid"


def gunicorn_options(host: str, port: int, workers: int, pidfile: Path) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",    # threads keep connections alive and a slow client cannot hold a worker
        "threads": 4,
        "preload_app": True,          # load and validate the data once, before forking
        "control_socket_disable": True,
        "pidfile": str(pidfile),
        "timeout": 30,
        "graceful_timeout": 20,
        "keepalive": 5,
        "max_requests": 20000,        # recycle workers now and then, staggered
        "max_requests_jitter": 2000,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "accesslog": os.environ.get("DASHBOARD_ACCESS_LOG", "-"),
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "uk-maternal-dashboard",
    }


def build(warm: bool = True) -> Any:
    """A fresh app; with `warm`, every page rendered once (so preloaded workers start with a warm memo)."""
    from dashboard.app import create_app
    from dashboard.config import Settings
    from dashboard.web.performance import warm as warm_pages

    settings = Settings.from_env()
    app = create_app(settings)
    if warm and os.environ.get("DASHBOARD_WARM", "1") != "0":
        warm_pages(app, settings.public_url)
    return app


def wsgi() -> Any:
    """The Flask server of a freshly built, warmed app (gunicorn factory: 'dashboard.serve:wsgi()')."""
    return build().server


def _production(host: str, port: int, workers: int | None) -> int:
    import logging

    from gunicorn.app.base import BaseApplication

    from dashboard.web import logs

    try:
        server = build().server
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    pidfile = default_pidfile(port)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    options = {**gunicorn_options(host, port, workers or default_workers(), pidfile), **logs.gunicorn_options()}

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return server

    logging.getLogger(__name__).info("Serving on http://%s:%s/ with %s gunicorn workers (pid file %s)",
                                     host, port, options["workers"], pidfile)
    _App().run()
    return 0


def serve(host: str = "127.0.0.1", port: int = 8050, production: bool = False, workers: int | None = None) -> int:
    if production:
        return _production(host, port, workers)
    from dashboard.app import create_app

    try:
        app = create_app()
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Serving on http://{host}:{port}/ (development server; use --production to serve the public)",
          file=sys.stderr)
    app.run(host=host, port=port, debug=False)
    return 0
