"""Files of the data and of one view.

/data/latest/<table>.csv|.parquet     every figure (or one indicator) as known now
/data/<YYYY-MM>/<table>.csv|.parquet  the figures as published by that edition
/data/package.zip                     CSVs, Parquet, datapackage.json, README (definitions, licences, citing)
/download/view.csv?<view query>       exactly the rows the view shows (EXPORT_COLUMNS, with tier columns)
/image/view.png|.svg?<view query>     the view's chart as an image that stands on its own (cached per view)

A view query that is not canonical is redirected to the nearest valid view (dashboard.explore.state.parse), so a file's
address always names what it shows; an over-long query is a plain 400, never a 500.

Every file here (and every answer under /data/, errors included) and the social cards (/card.png) are open to any
site: Access-Control-Allow-Origin: * and never with credentials, so a notebook in a browser can fetch them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import flask
from dash import Dash

from dashboard.cache import BoundedCache
from dashboard.config import Settings
from dashboard.data.index import BEFORE_FIRST, index_of
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.explore.state import parse, same_query
from dashboard.explore.view import View, build_view
from dashboard.exports import image
from dashboard.exports.csv import to_csv_bytes, to_parquet_bytes
from dashboard.exports.package import EDITION_RE, UnknownTable, data_table, package_zip
from dashboard.web import urls
from dashboard.web.render import SITE_NAME
from dashboard.web.share import CARD, share_of

PACKAGE = "/data/package.zip"
MAX_QUERY = 2048
CACHE_CONTROL = "public, max-age=3600"
IMAGE_CACHE_BYTES = 32 * 1024 * 1024   # a PNG is 50 to 150 KB
TABLE_CACHE_BYTES = 32 * 1024 * 1024   # the all-vintages CSV is the largest table
CORS_PREFIXES = ("/data/", urls.VIEW_CSV, urls.VIEW_IMAGE, CARD)


def is_open_file(path: str) -> bool:
    """A download any site may fetch: a file under /data/, a view's CSV, a view's image or a page's social card."""
    return path.startswith(CORS_PREFIXES)


def open_to_any_site(resp: flask.Response) -> flask.Response:
    """CORS for a public file: any origin, never credentials; the headers a reuser needs are readable."""
    h = resp.headers
    h["Access-Control-Allow-Origin"] = "*"
    h["Access-Control-Expose-Headers"] = "ETag, Content-Disposition"
    h.pop("Access-Control-Allow-Credentials", None)
    return resp


def plain(status: int, message: str) -> flask.Response:
    resp = flask.Response(message + "\n", status=status, mimetype="text/plain")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def request_view(store: Store) -> tuple[View | None, flask.Response | None]:
    """The view a request names, or the response to send instead (a redirect to the canonical view, or a 400)."""
    req = flask.request
    if len(req.query_string) > MAX_QUERY:
        return None, plain(400, "This link is too long to be a view of the data. Open the chart again and copy its link.")
    query = req.query_string.decode("utf-8", errors="replace")
    state, _notices = parse(query, store)
    view = build_view(store, state)
    if not same_query(query, view.query):  # '|' and '%7C' are the same address: never redirect to itself
        resp = flask.redirect(urls.with_query(req.path, view.query), code=302)
        resp.headers["Cache-Control"] = "no-store"
        return None, resp
    return view, None


class ImageCache:
    """Rendered images by (data, site address, view, format, day): bounded in bytes, shared by a worker's threads."""

    def __init__(self, max_bytes: int = IMAGE_CACHE_BYTES) -> None:
        self.data: BoundedCache[bytes] = BoundedCache(max_bytes=max_bytes)

    @property
    def renders(self) -> int:
        return self.data.misses

    def get_or_render(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        return self.data.get_or_make(key, make)

    def clear(self) -> None:
        self.data.clear()


IMAGES = ImageCache()


def image_bytes(store: Store, view: View, fmt: image.Format, public_url: str | None, day: date | None = None) -> bytes:
    day = day or date.today()
    permalink = share_of(view, public_url, day).permalink
    key = (store.content_hash, permalink, fmt, day.isoformat())
    return IMAGES.get_or_render(key, lambda: image.render(image.image_chart(view, permalink, SITE_NAME, day,
                                                                                  image.gap_lead(store, view)), fmt))


def send(data: bytes, mimetype: str, filename: str | None = None, attachment: bool = False) -> flask.Response:
    resp = flask.Response(data, mimetype=mimetype)
    resp.headers["Cache-Control"] = CACHE_CONTROL
    if filename:
        resp.headers["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    resp.add_etag()
    return resp.make_conditional(flask.request)


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    tables: BoundedCache[bytes] = BoundedCache(max_bytes=TABLE_CACHE_BYTES)

    @server.after_request
    def _cors(resp: flask.Response) -> flask.Response:
        return open_to_any_site(resp) if is_open_file(flask.request.path) else resp

    @server.get("/data/<edition>/<path:filename>")
    def data_file(edition: str, filename: str) -> flask.Response:
        name, _, ext = filename.rpartition(".")
        if ext not in ("csv", "parquet") or "/" in name or not name:
            return plain(404, "Tables are served as <table>.csv or <table>.parquet, e.g. /data/latest/figures.csv")
        # any month names one of a few dozen editions: cached under that edition, not under the month asked for
        at = LATEST if edition == "latest" else index_of(store).vintage_at(edition) if EDITION_RE.match(edition) else None
        key = (at, name, ext) if at not in (None, BEFORE_FIRST) else None
        data = tables.get(key) if key else None
        if data is None:
            try:
                t = data_table(store, name, LATEST if edition == "latest" else edition)
            except UnknownTable as exc:
                return plain(404 if exc.missing else 400, str(exc))
            data = to_csv_bytes(t) if ext == "csv" else to_parquet_bytes(t)
            if key:
                tables.set(key, data)
        mime = "text/csv" if ext == "csv" else "application/vnd.apache.parquet"
        return send(data, mime, f"{name}-{edition}.{ext}", attachment=True)

    @server.get(PACKAGE)
    def package() -> flask.Response:
        data = package_zip(store, urls.base_url(settings.public_url), settings.datasets)
        return send(data, "application/zip", "uk-maternal-outcomes-data.zip", attachment=True)

    @server.get(urls.VIEW_CSV)
    def view_csv() -> flask.Response:
        view, other = request_view(store)
        if view is None:
            return other  # type: ignore[return-value]
        return send(to_csv_bytes(view.table_df), "text/csv", f"{share_of(view).file}.csv", attachment=True)

    @server.get(urls.VIEW_IMAGE + ".<fmt>")
    def view_image(fmt: str) -> flask.Response:
        if fmt not in image.MEDIA_TYPES:
            return plain(404, "Images are served as /image/view.png or /image/view.svg.")
        view, other = request_view(store)
        if view is None:
            return other  # type: ignore[return-value]
        if view.empty:
            return plain(404, "There are no figures in this dataset for this view, so there is no image of it.")
        data = image_bytes(store, view, fmt, settings.public_url)  # type: ignore[arg-type]
        return send(data, image.MEDIA_TYPES[fmt], f"{share_of(view).file}.{fmt}")
