"""The Flask app served by gunicorn's asyncio worker: slow clients cost a coroutine, never a thread.

gunicorn's thread worker reads a request's headers in one of its few threads, so a few hundred connections that
send their headers a byte at a time hold every thread and the site stops answering. Its asyncio (ASGI) worker
reads headers in its event loop instead, and the Flask app (WSGI, blocking) runs in a fixed pool of threads
through a2wsgi's WSGIMiddleware, a maintained bridge whose pool size we set (THREADS in dashboard.serve).

    gunicorn 'dashboard.serve:asgi()' -k asgi ...

Two things are done here before a request reaches that bridge, both in the event loop:
- the whole body is read first, up to MAX_BODY_BYTES (beyond it, 413 without running the app), so a client that
  sends its body slowly holds no thread either (a2wsgi would read it from the app's thread, as the app asks);
- a query string holding bytes outside ASCII (a raw request line may) is percent-encoded, as a browser would send
  it: the app reads the same parameters, and the bridge, which decodes the query as ASCII, never fails on it.
And while `closing()` is true (a worker near its recycling point), every answer says `Connection: close`, so no
client sends another request on a connection the stopping worker would drop unanswered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from a2wsgi import WSGIMiddleware

MAX_BODY_BYTES = 2 * 1024 * 1024  # the app itself refuses bodies over 1 MiB (64 KiB for callbacks)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_QUERY_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))  # printable ASCII passes as it is


def ascii_query(raw: bytes) -> bytes:
    """The query string with every byte outside printable ASCII percent-encoded (%FF for 0xFF)."""
    if raw.isascii() and b" " not in raw:
        return raw
    return quote(raw, safe=_QUERY_SAFE).encode("ascii")


class WsgiOnAsgi:
    """An ASGI app that runs a WSGI app in a bounded pool of threads, with the request body read up front."""

    def __init__(self, app: Callable, threads: int = 4, closing: Callable[[], bool] | None = None) -> None:
        self.app = app
        self.threads = threads
        self.bridge = WSGIMiddleware(app, workers=threads)  # its threads start on first use, in the worker
        self.closing = closing  # when true, every answer says `Connection: close` (a worker about to stop)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.bridge(scope, receive, send)  # lifespan acknowledged; websockets closed
            return
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
        whole = {"type": "http.request", "body": bytes(body), "more_body": False}
        delivered = False

        async def replay() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return whole
            return await receive()  # after the body, only a disconnect can come

        query = scope.get("query_string") or b""
        await self.bridge({**scope, "query_string": ascii_query(query)}, replay, self._announcing_close(send))

    def _announcing_close(self, send: Send) -> Send:
        closing = self.closing
        if closing is None:
            return send

        async def announce(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and closing():
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        return announce

    @staticmethod
    async def _plain(send: Send, status: int, text: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(text)).encode()), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": text, "more_body": False})
