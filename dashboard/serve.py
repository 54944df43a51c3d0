"""`python -m dashboard serve`: the development server, or gunicorn with --production.

Production (`--production`), each choice made against a measured failure (docs/benchmarks.md, "stress"):
- gunicorn's asyncio worker (`asgi`) with the Flask app bridged onto a pool of THREADS threads per worker
  (dashboard.asgi, over a2wsgi): headers and bodies are read by the event loop, so slow clients cost a coroutine
  each and never hold a thread; up to worker_connections connections per worker.
- PDFs laid out by one process at nice 19 forked before the workers (dashboard.web.pdf_service), one at a time,
  kept on disk for every worker: a PDF flood costs the workers' CPU nothing but the briefing's HTML. For the open Internet, a buffering
  reverse proxy in front (docs/deploy.md) also bounds the number of connections.
- The app loaded, validated and warmed once in the master (`preload_app`), then forked: the main pages, the
  latest briefing PDF and every adjacent pair of editions are made before any worker takes traffic, and every
  replacement worker starts from the same warm copy. The PDF is laid out by the PDF maker, in parallel with the
  rest, and kept on disk for a restart; so are the edition comparisons (keep_comparisons), under the data's hash
  and the code's fingerprint.
- Workers recycled (max_requests) at staggered points: worker k of n at MAX_REQUESTS x (1 + (k mod n)/n), so no
  two restart together; over its last requests (0.1%, at least 16) a worker answers each with `Connection: close`,
  so its keep-alive connections are handed back while it still answers, not dropped when it stops.
- X-Forwarded-* trusted from nobody (forwarded_allow_ips empty) unless DASHBOARD_TRUST_PROXY=1, when gunicorn
  trusts FORWARDED_ALLOW_IPS (default 127.0.0.1 and ::1, where the proxy runs) and the app reads the headers
  (dashboard.web.urls.proxy_aware).
- Workers from the core count (2 x cores + 1, or --workers, or WEB_CONCURRENCY); gunicorn 27's control socket off
  (it would write ~/.gunicorn); a pid file so the master can be stopped by its id; no debug tools; a `Server`
  header without a version. The same app is available to any server as `dashboard.serve:wsgi()` (WSGI) and
  `dashboard.serve:asgi()` (ASGI):

    gunicorn 'dashboard.serve:asgi()' -w 5 -k asgi -b 127.0.0.1:8050 --preload \\
        --no-control-socket --pid /run/dash.pid --forwarded-allow-ips ''
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


THREADS = 4               # threads per worker that run the app
MAX_REQUESTS = 20000      # requests before a worker is replaced (the first one; later ones staggered)


def staggered_max_requests(base: int, age: int, workers: int) -> int:
    """The recycling point of the worker with this age (gunicorn numbers workers 1, 2, 3, ... as it starts them):
    spread evenly over [base, 2 x base), so that n workers under even load restart one at a time."""
    return base + ((age - 1) % max(workers, 1)) * base // max(workers, 1)


DRAIN_SHARE = 1000        # the last 1/1000th of a worker's requests (at least DRAIN_MIN) announce Connection: close
DRAIN_MIN = 16
_worker: Any = None       # this process's gunicorn worker, once forked


def draining(nr: int, max_requests: int, alive: bool = True) -> bool:
    """Whether a worker that has answered `nr` requests of its `max_requests` should close each connection after its
    answer: near the end of its life, keep-alive connections are handed back one by one while the worker still
    answers, instead of being dropped when it stops (a request sent on one just then would be lost)."""
    return not alive or nr >= max_requests - max(DRAIN_MIN, max_requests // DRAIN_SHARE)


def worker_draining() -> bool:
    """Whether this worker's answers should say `Connection: close` (called in its event loop, per answer). From its
    last request on, the worker also stops accepting connections at once: gunicorn would go on accepting for up to a
    second, and a connection taken then waits on a worker that is stopping."""
    w = _worker
    if w is None or not draining(w.nr, w.max_requests, w.alive):
        return False
    if not w.alive or w.nr + 1 >= w.max_requests:
        for listening in getattr(w, "servers", ()):  # asyncio servers: close() only stops accepting
            listening.close()
    return True


def _post_fork(server: Any, worker: Any) -> None:
    global _worker
    _worker = worker
    if worker.cfg.max_requests > 0:
        worker.max_requests = staggered_max_requests(worker.cfg.max_requests, worker.age, server.num_workers)


def forwarded_allow_ips() -> str:
    """Who may tell gunicorn the scheme (X-Forwarded-Proto): nobody, unless the operator says a proxy is in front."""
    if os.environ.get("DASHBOARD_TRUST_PROXY", "") in ("1", "true", "yes"):
        return os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
    return ""


def gunicorn_options(host: str, port: int, workers: int, pidfile: Path) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "asgi",       # headers read by an event loop: a slow client cannot hold a thread
        "worker_connections": 1000,
        "threads": 1,                 # the asgi worker's own setting; the app's threads are THREADS (dashboard.asgi)
        "preload_app": True,          # load, validate and warm once, before forking
        "control_socket_disable": True,
        "pidfile": str(pidfile),
        "timeout": 30,
        "graceful_timeout": 20,
        "keepalive": 5,
        "max_requests": int(os.environ.get("DASHBOARD_MAX_REQUESTS", "") or MAX_REQUESTS),
        "max_requests_jitter": 0,     # staggered by _post_fork instead of at random
        "post_fork": _post_fork,
        "forwarded_allow_ips": forwarded_allow_ips(),
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "accesslog": os.environ.get("DASHBOARD_ACCESS_LOG", "-"),
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "uk-maternal-dashboard",
    }


def build(warm: bool = True, bases: tuple[str, ...] = ()) -> Any:
    """A fresh app; with `warm`, the main pages, the latest PDF and the adjacent edition comparisons made once, as
    addressed at the public URL or else at each of `bases` (so preloaded workers start with them cached)."""
    from dashboard.app import create_app
    from dashboard.config import Settings
    from dashboard.web.performance import warm as warm_pages

    settings = Settings.from_env()
    keep_comparisons(settings.cache)
    app = create_app(settings)
    if warm and warming():
        warm_pages(app, settings.public_url, bases)
    return app


def keep_comparisons(cache: Path) -> None:
    """Keep the edition comparisons (the slowest part of building and warming the app) in the disk cache, filed
    under the data's hash and a fingerprint of the code, so a restart with the same data and code reads them back
    and a new release or new data makes them afresh."""
    import dashboard
    from dashboard.cache import DiskMemo
    from dashboard.model.changes import keep_on_disk
    from dashboard.web.pdf_service import code_stamp

    keep_on_disk(DiskMemo(cache / "changes", code_stamp(Path(dashboard.__file__).resolve().parent)))


def warming() -> bool:
    return os.environ.get("DASHBOARD_WARM", "1") != "0"


def warm_with_pdf_maker(app: Any, bases: tuple[str, ...]) -> None:
    """Warm as `build` does, with the latest briefing PDF asked of the PDF maker first, in a thread: it is laid out
    in that process, on another core, while this one makes the pages and comparisons, and it is kept on disk, so a
    restart with the same data on the same day finds it made."""
    import threading

    from dashboard.config import Settings
    from dashboard.web.performance import warm as warm_pages

    public_url = Settings.from_env().public_url
    client = app.server.test_client()
    addresses = [public_url] if public_url else list(bases)
    pdf = threading.Thread(target=lambda: [client.get("/briefing.pdf", base_url=a) for a in addresses])
    pdf.start()
    try:
        warm_pages(app, public_url, bases)  # its own PDF request finds the PDF made, or is told the maker is busy
    finally:
        pdf.join()


def wsgi() -> Any:
    """The Flask server of a freshly built, warmed app (gunicorn factory: 'dashboard.serve:wsgi()')."""
    return build().server


def asgi(threads: int = THREADS) -> Any:
    """The same, bridged for an ASGI server (gunicorn factory: 'dashboard.serve:asgi()' with -k asgi)."""
    from dashboard.asgi import WsgiOnAsgi

    return WsgiOnAsgi(build().server, threads)


def start_pdf_service(app: Any) -> Any:
    """Fork the one low-priority process that makes every PDF of the server (dashboard.web.pdf_service), keeping
    them in the disk cache, and point the app's PDF maker at it; the workers forked after this inherit the link."""
    import dashboard
    from dashboard.config import cache_dir
    from dashboard.web.pdf_service import PdfService, code_stamp

    maker = app.server.extensions["dashboard_pdf"]
    stamp = code_stamp(Path(dashboard.__file__).resolve().parent, Path(maker.assets))
    service = PdfService(maker.assets, cache_dir() / "pdf", stamp=stamp).start()
    maker.use(service)
    return service


def own_bases(host: str, port: int) -> tuple[str, ...]:
    """The addresses a client on this machine uses for the server (the ones warmed when no public URL is set)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return (f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}",)


def _production(host: str, port: int, workers: int | None) -> int:
    import logging

    from gunicorn.app.base import BaseApplication

    from dashboard.asgi import WsgiOnAsgi
    from dashboard.web import logs

    try:
        app = build(warm=False)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    pdf_service = start_pdf_service(app)
    if warming():
        warm_with_pdf_maker(app, own_bases(host, port))
    server = WsgiOnAsgi(app.server, THREADS, closing=worker_draining)
    master = os.getpid()
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
    try:
        _App().run()
    finally:
        if os.getpid() == master:
            pdf_service.stop()
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
