"""The Flask app served by gunicorn's asyncio worker: slow clients cost a coroutine, never a thread.

gunicorn's thread worker reads a request's headers in one of its few threads, so a few hundred connections that
send their headers a byte at a time hold every thread and the site stops answering. Its asyncio (ASGI) worker
reads headers and bodies in its event loop instead; only a request that has fully arrived is handed to one of a
fixed pool of threads (the Flask app is WSGI and blocking), and its answer, made whole in the thread, is written
back by the event loop however slowly the client reads it.

    gunicorn 'dashboard.serve:asgi()' -k asgi ...

WsgiOnAsgi is that bridge: the ASGI scope becomes a PEP 3333 environ; the request body is read up to
MAX_BODY_BYTES (beyond it, 413 without running the app); lifespan messages are acknowledged.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024  # the app itself refuses bodies over 1 MiB (64 KiB for callbacks)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def environ_of(scope: Scope, body: bytes) -> dict[str, Any]:
    """The WSGI environ of an ASGI http scope (PEP 3333: str values are latin-1 decodings of the bytes)."""
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client")
    root = scope.get("root_path", "") or ""
    path = scope["path"]
    if root and path.startswith(root):
        path = path[len(root):]
    env: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": (scope.get("query_string") or b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]) if server[1] is not None else "80",
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0] if client else "",
        "REMOTE_PORT": str(client[1]) if client else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        env[key] = f"{env[key]},{value}" if key in env else value
    return env


def run_wsgi(app: Callable, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Call a WSGI app and return its whole answer (status, headers, body)."""
    started: list[Any] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        if exc_info and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return written.append

    result: Iterable[bytes] = app(environ, start_response)
    try:
        for chunk in result:
            if chunk:
                written.append(chunk)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    status, headers = started
    return (int(status.split(" ", 1)[0]), [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
            b"".join(written))


class WsgiOnAsgi:
    """An ASGI app that runs a WSGI app in a bounded pool of threads (made in the worker, after the fork)."""

    def __init__(self, app: Callable, threads: int = 4) -> None:
        self.app = app
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="wsgi")
        return self._pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._pool is not None:
                        self._pool.shutdown(wait=False)
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return  # no websockets here
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > MAX_BODY_BYTES:
                await self._plain(send, 413, b"Request too large.\n")
                return
            if not message.get("more_body"):
                break
        loop = asyncio.get_running_loop()
        status, headers, out = await loop.run_in_executor(self.pool(), run_wsgi, self.app,
                                                          environ_of(scope, bytes(body)))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": out, "more_body": False})

    @staticmethod
    async def _plain(send: Send, status: int, text: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(text)).encode()), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": text, "more_body": False})
