"""Structured logs: one JSON object per line, with the request each record belongs to.

Every request is logged once, when its response is ready, by dashboard.web.ops (logger `dashboard.access`): time,
level, request id, method, path, query, route, status and duration in milliseconds. An error in the app's own code
is ONE record: when JSON logging is on, the record logged with its traceback during a request (e.g. by the 500
handler in dashboard.web.headers) is held back and folded into that request's access record, which then carries
`level: ERROR`, the error's message, its type and the whole traceback as one JSON string.

`configure()` installs the JSON handler on the root logger (the `serve` command calls it); `gunicorn_options()`
gives gunicorn the same handler for its own messages and turns its plain-text access log off (the app logs each
request itself; setting DASHBOARD_ACCESS_LOG keeps gunicorn's as well). DASHBOARD_LOG_FORMAT=text keeps plain one-line text instead.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

import flask

ACCESS_LOGGER = "dashboard.access"
REQUEST_FIELDS = ("request_id", "method", "path", "query", "route", "status", "duration_ms")
ERROR_KEY = "log_error"          # flask.g: the error record folded into this request's access record
MAX_QUERY = 1000


def json_enabled() -> bool:
    return os.environ.get("DASHBOARD_LOG_FORMAT", "json").strip().lower() != "text"


def error_fields(exc_info: Any, message: str) -> dict[str, str]:
    """The message, type and full traceback of an exception, as strings for one record."""
    etype = exc_info[0] if exc_info and exc_info[0] else None
    return {
        "error": message,
        "error_type": etype.__name__ if etype else "",
        "traceback": "".join(traceback.format_exception(*exc_info)).rstrip("\n") if etype else "",
    }


def request_fields() -> dict[str, Any]:
    """The current request's id, method, path and query (empty outside a request)."""
    if not flask.has_request_context():
        return {}
    req = flask.request
    return {
        "request_id": flask.g.get("request_id", ""),
        "method": req.method,
        "path": req.path,
        "query": req.query_string.decode("utf-8", "replace")[:MAX_QUERY],
    }


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601, milliseconds), level, logger, message, the request fields
    and, for a record with an exception, its type and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        given = {key: getattr(record, key) for key in REQUEST_FIELDS if hasattr(record, key)}
        out.update(given or request_fields())
        for key in ("error", "error_type", "traceback"):
            if hasattr(record, key) and getattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info and "traceback" not in out:
            out.update({k: v for k, v in error_fields(record.exc_info, record.getMessage()).items() if k != "error"})
        if record.stack_info:
            out["stack"] = record.stack_info
        out["pid"] = record.process
        return json.dumps(out, ensure_ascii=False, default=str)


class FoldRequestErrors(logging.Filter):
    """Holds back an ERROR record with a traceback logged during a request and keeps it for the request's access
    record (dashboard.web.ops writes both as one), so an error is one record, not two."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (record.exc_info and record.levelno >= logging.ERROR and record.name != ACCESS_LOGGER
                and flask.has_request_context() and ERROR_KEY not in flask.g):
            setattr(flask.g, ERROR_KEY, error_fields(record.exc_info, record.getMessage()))
            return False
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def handler(stream: IO[str] | None = None) -> logging.Handler:
    h = logging.StreamHandler(stream or sys.stderr)
    if json_enabled():
        h.setFormatter(JsonFormatter())
        h.addFilter(FoldRequestErrors())
    else:
        h.setFormatter(logging.Formatter(TEXT_FORMAT))
    h.set_name("dashboard")
    return h


def configure(stream: IO[str] | None = None, level: int = logging.INFO) -> logging.Handler:
    """Route every log record through one handler on the root logger (replacing any earlier one of ours)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "dashboard"]:
        root.removeHandler(old)
    h = handler(stream)
    root.addHandler(h)
    root.setLevel(level)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the development server's own access lines
    return h


def gunicorn_options() -> dict[str, Any]:
    """gunicorn settings that send its own messages through the same handler and leave request logging to the app."""
    formatter = ({"()": f"{__name__}.JsonFormatter"} if json_enabled() else {"format": TEXT_FORMAT})
    filters = {"fold": {"()": f"{__name__}.FoldRequestErrors"}} if json_enabled() else {}
    stream_handler: dict[str, Any] = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    if filters:
        stream_handler["filters"] = ["fold"]
    options: dict[str, Any] = {} if os.environ.get("DASHBOARD_ACCESS_LOG") else {"accesslog": None}
    return {
        **options,
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"main": formatter},
            "filters": filters,
            "handlers": {"main": stream_handler},
            "root": {"level": "INFO", "handlers": ["main"]},
            "loggers": {
                "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
                "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
                "werkzeug": {"level": "WARNING", "handlers": [], "propagate": True},
            },
        },
    }
