"""The data catalogue: /data (every table and indicator, with stable download links), /data/latest/ and
/data/<YYYY-MM>/ (the files of an edition), and /data/<edition>/<table>.json (the rows as JSON).

A JSON table is an envelope (table, edition, data hash, count, licences, data) by default; with ?shape=array it is
the bare array of rows, so `pandas.read_json(url)` reads it in one line (docs/api.md).

The CSV, Parquet and package files are served by the download routes at the same addresses; this module only
lists them and adds the JSON form of each table (the same rows and columns as its CSV).
"""

from __future__ import annotations

import hashlib

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.data.query import LATEST
from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.exports.json import dumps, records
from dashboard.exports.package import UnknownTable, data_table, table_names
from dashboard.model.catalogue import FORMATS, PACKAGE_URL, describe, known_edition, licences_of, table_entries
from dashboard.model.currency import by_indicator, up_to
from dashboard.web import render
from dashboard.web.asof import as_of

JSON_CACHE = "public, max-age=3600"
SHAPES = ("envelope", "array")


def shape_of(args) -> str | None:
    """The ?shape= asked for ('envelope' when none), or None when the value is not one of SHAPES."""
    values = args.getlist("shape")
    if not values:
        return "envelope"
    return values[0] if len(values) == 1 and values[0] in SHAPES else None


def _json_error(code: int, error: str, message: str, **extra) -> flask.Response:
    resp = flask.Response(dumps({"error": error, "message": message, "status": code, **extra}), status=code,
                          mimetype="application/json")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _edition_page(store: Store, edition: str) -> flask.Response:
    cat = describe(store)
    if not known_edition(store, edition):
        shown = edition[:20]
        resp = render.page("data_files.html", status=404, title="No such edition", catalogue=cat, edition=None,
                           unknown=shown, tables=(), indicators=())
        resp.headers["Cache-Control"] = "no-store"
        return resp
    names = set(table_names(store))
    indicators = [e for e in cat.indicators if e.id in names and (edition == LATEST or any(v <= edition for v in e.editions))]
    words = next((e.words for e in cat.editions if e.vintage == edition), "")
    resp = render.page("data_files.html", title="Data files, " + ("latest" if edition == LATEST else words),
                       catalogue=cat, edition=edition, edition_words=words, unknown=None, as_of=as_of(store, edition),
                       tables=table_entries(store, edition), indicators=indicators, formats=FORMATS)
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server

    @server.get("/data")
    def data_page() -> flask.Response:
        resp = render.page("data.html", title="Download the data", catalogue=describe(store), formats=FORMATS,
                           package_url=PACKAGE_URL, LATEST=LATEST, columns=EXPORT_COLUMNS,
                           newest=up_to(store), up_to=by_indicator(store),
                           FORMAT_LABELS={"csv": "CSV", "parquet": "Parquet", "json": "JSON"},
                           description="Every table and indicator, with definitions, sources and licences, as CSV, "
                                       "Parquet and JSON at stable addresses.")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp

    @server.get("/data/<edition>/")
    def data_edition(edition: str) -> flask.Response:
        return _edition_page(store, edition)

    @server.get("/data/<edition>/<table>.json")
    def data_json(edition: str, table: str) -> flask.Response:
        shape = shape_of(flask.request.args)
        if shape is None:
            return _json_error(400, "bad-shape", "Give shape=array (the rows only) or shape=envelope (the default).",
                               allowed=list(SHAPES))
        try:
            rows = data_table(store, table, edition)
        except UnknownTable as exc:
            return _json_error(404 if exc.missing else 400, "not-found" if exc.missing else "bad-edition", str(exc))
        data = records(rows)
        if shape == "array":
            body = dumps(data)
        else:
            body = dumps({"table": table, "edition": edition, "data_hash": store.content_hash, "count": len(rows),
                          "licences": [vars(x) for x in licences_of(store, rows)], "data": data})
        resp = flask.Response(body, mimetype="application/json")
        resp.headers["Cache-Control"] = JSON_CACHE
        suffix = "-rows" if shape == "array" else ""
        resp.headers["Content-Disposition"] = f'inline; filename="{table}-{edition}{suffix}.json"'
        resp.set_etag(hashlib.sha256(f"{store.content_hash}/{edition}/{table}/{shape}".encode()).hexdigest()[:32])
        return resp.make_conditional(flask.request)
