"""Download routes: whole tables, the data package, the CSV and the image of one view.

/data/latest/<table>.csv|.parquet   every figure (or one indicator) as known now
/data/<YYYY-MM>/<table>.csv|.parquet  the figures as published by that edition
/data/package.zip                   CSVs, Parquet, datapackage.json, README (definitions, licences, citing)
/download/view.csv?<view query>     exactly the rows the chart shows
/image/view.png|.svg?<view query>   the chart as an image that stands on its own (cached per view)

A view query that is not canonical is redirected to the nearest valid view (dashboard.state.parse), so the URL
always names what the file shows; a query no view can come from gets a plain 400, never a 500.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import date
from typing import Callable

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.exports import image
from dashboard.exports.csv import slug, to_csv_bytes, to_parquet_bytes
from dashboard.exports.package import UnknownTable, data_table, package_zip
from dashboard.state import parse
from dashboard.views import KIND_EMPTY, View, build_view

log = logging.getLogger(__name__)

EXPLORE_PATH = "/explore"
VIEW_CSV = "/download/view.csv"
VIEW_IMAGE = "/image/view"  # + .png / .svg
PACKAGE = "/data/package.zip"
MAX_QUERY = 2048
CACHE_ENTRIES = 128
CACHE_CONTROL = "public, max-age=3600"


def permalink(settings: Settings, view: View) -> str:
    return f"{settings.public_url}{EXPLORE_PATH}" + (f"?{view.query}" if view.query else "")


def view_url(path: str, view: View, base: str = "") -> str:
    return f"{base}{path}" + (f"?{view.query}" if view.query else "")


def plain(status: int, message: str) -> flask.Response:
    resp = flask.Response(message + "\n", status=status, mimetype="text/plain")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def request_view(store: Store) -> tuple[View | None, flask.Response | None]:
    """The view a request names, or the response to send instead (a redirect to the canonical view, or a 400)."""
    req = flask.request
    raw = req.query_string
    if len(raw) > MAX_QUERY:
        return None, plain(400, "This link is too long to be a view of the data. Open the chart again and copy its link.")
    query = raw.decode("utf-8", errors="replace")
    try:
        state, _notices = parse(query, store)
        view = build_view(store, state)
    except Exception:  # a bug must not become a 500 or a wrong image
        log.exception("could not build a view for %r", query[:200])
        return None, plain(400, "This link does not describe a view of the data we can show.")
    if query != view.query:
        target = req.path + (f"?{view.query}" if view.query else "")
        resp = flask.redirect(target, code=302)
        resp.headers["Cache-Control"] = "no-store"
        return None, resp
    return view, None


class RenderCache:
    """Bounded in-memory LRU of rendered images: a popular permalink costs one render per worker."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self.size = size
        self.data: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.renders = 0

    def clear(self) -> None:
        with self.lock:
            self.data.clear()

    def get_or_render(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        out = make()
        with self.lock:
            self.renders += 1
            self.data[key] = out
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)
        return out


CACHE = RenderCache()


def image_bytes(store: Store, settings: Settings, view: View, fmt: image.Format, day: date | None = None) -> bytes:
    """The image of a view (from the cache when this view was drawn today)."""
    day = day or date.today()
    key = (store.content_hash, settings.public_url, view.query, fmt, day.isoformat())

    def make() -> bytes:
        text = image.ImageText.for_view(view, permalink(settings, view), day, show_ci=view.state.ci)
        return image.render(image.compose(view.figure, text), fmt)

    return CACHE.get_or_render(key, make)


def view_csv_bytes(view: View) -> bytes:
    return to_csv_bytes(view.table_df)


def file_name(view: View, ext: str) -> str:
    return f"{slug(view.title)}.{ext}"


def _send(data: bytes, mimetype: str, filename: str | None = None, attachment: bool = False) -> flask.Response:
    resp = flask.Response(data, mimetype=mimetype)
    resp.headers["Cache-Control"] = CACHE_CONTROL
    if filename:
        kind = "attachment" if attachment else "inline"
        resp.headers["Content-Disposition"] = f'{kind}; filename="{filename}"'
    resp.add_etag()
    return resp.make_conditional(flask.request)


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    tables: dict[tuple[str, str, str], bytes] = {}

    @server.get("/data/<edition>/<path:filename>")
    def data_file(edition: str, filename: str) -> flask.Response:
        name, _, ext = filename.rpartition(".")
        if ext not in ("csv", "parquet") or "/" in name or not name:
            return plain(404, "Tables are served as <table>.csv or <table>.parquet, e.g. /data/latest/figures.csv")
        key = (edition, name, ext)
        data = tables.get(key)
        if data is None:
            try:
                t = data_table(store, name, LATEST if edition == "latest" else edition)
            except UnknownTable as exc:
                return plain(404 if "There is no table" in str(exc) or "No figures" in str(exc) else 400, str(exc))
            data = to_csv_bytes(t) if ext == "csv" else to_parquet_bytes(t)
            if len(tables) < 512:
                tables[key] = data
        mime = "text/csv" if ext == "csv" else "application/vnd.apache.parquet"
        return _send(data, mime, f"{name}-{edition}.{ext}", attachment=True)

    @server.get(PACKAGE)
    def package() -> flask.Response:
        data = package_zip(store, settings.public_url, settings.datasets)
        return _send(data, "application/zip", "uk-maternal-outcomes-data.zip", attachment=True)

    @server.get(VIEW_CSV)
    def view_csv() -> flask.Response:
        view, other = request_view(store)
        if other is not None:
            return other
        return _send(view_csv_bytes(view), "text/csv", file_name(view, "csv"), attachment=True)

    @server.get(VIEW_IMAGE + ".<fmt>")
    def view_image(fmt: str) -> flask.Response:
        if fmt not in image.MEDIA_TYPES:
            return plain(404, "Images are served as /image/view.png or /image/view.svg.")
        view, other = request_view(store)
        if other is not None:
            return other
        if view.kind == KIND_EMPTY:
            return plain(404, "There are no published figures for this view, so there is no image of it.")
        try:
            data = image_bytes(store, settings, view, fmt)  # type: ignore[arg-type]
        except Exception:
            log.exception("image render failed for %r", view.query)
            return plain(503, "The image could not be drawn just now. Please try again in a minute.")
        return _send(data, image.MEDIA_TYPES[fmt], file_name(view, fmt))
