"""The bridge from gunicorn's asyncio worker to the Flask app (dashboard.asgi, over a2wsgi): the body read whole in
the event loop before the app runs (413 past the limit, without running it), a raw query's odd bytes
percent-encoded as a browser would, a bounded pool of threads, lifespan acknowledged."""

from __future__ import annotations

import asyncio
import threading

from dashboard import asgi


def call(app, scope_extra: dict | None = None, chunks: list[bytes] | None = None):
    """Run one HTTP request through an ASGI app; returns (status, headers, body, receive calls made)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/x", "raw_path": b"/x", "root_path": "", "query_string": b"", "headers": [],
             "server": ("127.0.0.1", 8050), "client": ("127.0.0.1", 5555), **(scope_extra or {})}
    parts = list(chunks or [b""])
    sent: list[dict] = []
    received = 0

    async def receive():
        nonlocal received
        received += 1
        if parts:
            body = parts.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(parts)}
        await asyncio.sleep(3600)  # a client that sends nothing more

    async def send(message):
        sent.append(message)

    async def main():
        await asyncio.wait_for(app(scope, receive, send), 10)

    asyncio.run(main())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body, received


def echo(environ, start_response):
    data = environ["wsgi.input"].read()
    out = b"|".join([environ["QUERY_STRING"].encode("latin-1"), str(len(data)).encode(),
                     threading.current_thread().name.encode(), data[:16]])
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(out)))])
    return [out]


def test_the_body_arrives_whole_from_several_chunks():
    status, _, body, _ = call(asgi.WsgiOnAsgi(echo, 2), chunks=[b"abc", b"def", b"ghi"])
    _, n, thread, data = body.split(b"|")
    assert status == 200 and n == b"9" and data == b"abcdefghi"
    assert thread != threading.current_thread().name.encode()  # the app ran in the bridge's pool


def test_a_body_past_the_limit_is_413_and_the_app_never_runs():
    ran = []

    def app(environ, start_response):
        ran.append(1)
        return echo(environ, start_response)

    big = [b"x" * (1024 * 1024)] * 3  # 3 MiB against a 2 MiB limit
    status, headers, _, received = call(asgi.WsgiOnAsgi(app, 2), chunks=big)
    assert status == 413 and not ran and headers[b"cache-control"] == b"no-store"
    assert received == 3


def test_a_raw_query_with_bytes_outside_ascii_reaches_the_app_percent_encoded():
    status, _, body, _ = call(asgi.WsgiOnAsgi(echo, 2), {"query_string": b"q=\xff\xfe&a=b c&p=%41"})
    assert status == 200
    assert body.split(b"|")[0] == b"q=%FF%FE&a=b%20c&p=%41"


def test_the_pool_has_the_threads_asked_for():
    bridge = asgi.WsgiOnAsgi(echo, 3)
    assert bridge.bridge.executor._max_workers == 3
    names = set()
    for _ in range(12):
        names.add(call(bridge)[2].split(b"|")[2])
    assert 1 <= len(names) <= 3


def test_lifespan_is_acknowledged():
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    asyncio.run(asgi.WsgiOnAsgi(echo, 1)({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_while_closing_every_answer_says_connection_close_and_otherwise_none_does():
    state = {"closing": False}
    bridge = asgi.WsgiOnAsgi(echo, 2, closing=lambda: state["closing"])
    assert b"connection" not in call(bridge)[1]
    state["closing"] = True
    assert call(bridge)[1][b"connection"] == b"close"
    assert b"connection" not in call(asgi.WsgiOnAsgi(echo, 2))[1]  # no closing rule: never
