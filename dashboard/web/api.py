"""The JSON API, version 1 (read only): /api/v1/figures, /indicators, /statements, /comparisons, /editions.

Every answer is built from the same model as the pages: figures are the rows of the CSV downloads (the public
export columns); statements are the words and verdicts Explore shows for a view (dashboard.explore.view.build_view),
led by what the pages lead with for the question the view answers (dashboard.content.answers, which applies the one
editorial policy of dashboard.model.editorial).

- GET and HEAD only; any other method gets 405 JSON with an Allow header (OPTIONS answers CORS preflights).
- Open to any site: Access-Control-Allow-Origin: * on every /api/ answer, errors included.
- Cacheable: Cache-Control public with a short max-age, and an ETag made from the data hash and the query, so a
  client that sends If-None-Match gets 304 Not Modified until the data change.
- ?shape=array on a list endpoint answers with the bare array of rows (pandas.read_json reads it in one line).
- Described in OpenAPI 3.1 at /api/v1/openapi.json, generated from the answer models (dashboard.web.api_models).
- Bad parameters get a 4xx JSON answer that says what was wrong and lists what is allowed (the known indicators,
  editions, breakdowns, groups or periods); a bug in the app is never disguised as a 4xx.
Documented in docs/api.md.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl, urlencode

import flask
import pandas as pd
from dash import Dash

from dashboard.config import Settings
from dashboard.content import answers
from dashboard.data.load import Store
from dashboard.data.query import LATEST, breakdowns, period_end, period_start, resolved
from dashboard.data.schema import EXPORT_COLUMNS, area_code
from dashboard.explore.state import parse, to_query
from dashboard.explore.view import View, build_view
from dashboard.exports.json import dumps, records
from dashboard.model.catalogue import FORMATS, IndicatorEntry, describe, file_url, licences_of
from dashboard.model.changes import first_publication
from dashboard.model.compare import Statement, Verdict
from dashboard.model.currency import UpTo, up_to
from dashboard.model.figure import Figure, Interval, Source
from dashboard.model.words import verdict_sentence
from dashboard.web import urls
from dashboard.web.api_models import COMPARISON_API_COLUMNS, PREFIX, openapi

OPENAPI = f"{PREFIX}/openapi.json"  # the OpenAPI 3.1 description, generated from dashboard.web.api_models
CACHE_CONTROL = "public, max-age=300"
METHODS = ("GET", "HEAD", "OPTIONS")
MAX_QUERY = 2048
MAX_VALUE = 200
MAX_FIELDS = 30
MAX_LISTED = 100
SHAPES = ("envelope", "array")  # ?shape=array: the bare array of rows (pandas.read_json reads it in one line)
VIEW_KEYS = ("ind", "by", "groups", "from", "to", "measure", "ci", "edition")
ENDPOINTS = {
    "figures": "Published figures (one row per figure as known at an edition), filtered by indicator, breakdown, "
               "group, period and edition.",
    "indicators": "What each indicator measures: definition, unit, breakdowns and groups, periods, rows, sources "
                  "and tiers, licence, editions and download links.",
    "statements": "The words and significance verdicts the site shows for a view (the Explore link's query), led by "
                  "what the pages lead with for the question the view answers.",
    "comparisons": "The published comparisons: what each source says about whether two figures differ.",
    "editions": "The editions (the month each publication came out) and what each published.",
}


class ApiError(Exception):
    """A problem with the request, answered as 4xx JSON."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


# ---------------------------------------------------------------- JSON shapes (pure)


def source_json(s: Source) -> dict[str, Any]:
    return {"producer": s.producer, "producer_name": s.producer_name, "publication": s.publication,
            "published_date": s.published_date, "source_url": s.url, "locator": s.locator, "tier": s.tier,
            "tier_label": s.tier_label, "reported_by": s.reported_by, "flag": s.flag, "citation": s.citation()}


def interval_json(ci: Interval | None) -> dict[str, Any] | None:
    return None if ci is None else {"lower": ci.lower, "upper": ci.upper, "kind": ci.kind}


def figure_json(f: Figure | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"indicator": f.indicator.id, "period": f.period, "breakdown": f.breakdown, "group": f.group,
            "geography": f.geography, "geography_code": area_code(f.geography), "value": f.value,
            "text": f.value_text, "interval": interval_json(f.ci), "numerator": f.numerator,
            "denominator": f.denominator, "vintage": f.vintage, "source": source_json(f.source),
            "ci_source": source_json(f.ci_source) if f.ci_source else None,
            "counts_source": source_json(f.counts_source) if f.counts_source else None}


def statement_json(s: Statement) -> dict[str, Any]:
    return {"words": s.words, "significance": s.significance, "direction": s.direction, "ratio": s.ratio,
            "interval": interval_json(s.ci), "p_value": s.p_value, "percent_change": s.percent_change,
            "excludes_covid": s.excludes_covid, "from_published_ratio": s.from_ratio_figure, "vintage": s.vintage,
            "source": source_json(s.source)}


def verdict_json(v: Verdict) -> dict[str, Any]:
    d = v.deciding
    return {"kind": v.kind, "a": v.a_label, "b": v.b_label, "method": v.method, "significance": v.significance,
            "direction": v.direction, "ratio": v.ratio, "interval": interval_json(v.ci), "p_value": v.p_value,
            "sentence": verdict_sentence(v), "words": d.words if d else None,
            "source": source_json(d.source) if d else None,
            "a_figure": figure_json(v.a), "b_figure": figure_json(v.b),
            "statements": [statement_json(s) for s in v.statements]}


def lead_json(store: Store, view: View) -> dict[str, Any] | None:
    """The home page's lead for the question the view answers (dashboard.content.answers): the same sentences, "is it
    real?" line and sources; None when no block of the home page answers it."""
    found = answers.lead_of(store, view.indicator.id, view.state.breakdown, view.state.edition)
    if found is None or not found[1].lead:
        return None
    spec, block = found
    return {"question": spec.question, "block": spec.id, "page": f"/#{spec.id}", "title": spec.title,
            "sentences": list(block.lead), "real": block.real, "sources": [source_json(x) for x in block.lead_sources]}


def view_json(view: View, lead: dict[str, Any] | None = None) -> dict[str, Any]:
    s = view.state
    aim = view.ambition
    return {
        "lead": lead,
        "view": {"query": view.query, "explore": urls.with_query(urls.EXPLORE, view.query), "title": view.title,
                 "subtitle": view.subtitle, "indicator": view.indicator.id, "shown": view.shown.id,
                 "breakdown": s.breakdown, "groups": list(s.groups), "period_from": s.period_from,
                 "period_to": s.period_to, "measure": s.measure, "edition": s.edition},
        "summary": list(view.summary),
        "verdicts": [verdict_json(v) for v in view.verdicts],
        "ambition": None if aim is None else {
            "id": aim.ambition.id, "words": aim.ambition.words, "target": aim.target,
            "target_text": aim.target_text, "target_calculated": not aim.target_published,
            "sentences": list(aim.sentences), "statement": source_json(aim.statement)},
        "sources": [source_json(x) for x in view.sources],
        "caveats": list(view.caveats),
    }


def up_to_json(u: UpTo | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {"edition": u.vintage, "words": u.month, "publication": u.publication, "published_date": u.published_date,
            "period": u.period, "tier": u.tier.value, "source_url": u.source_url, "sentence": u.sentence}


def indicator_json(e: IndicatorEntry, store: Store) -> dict[str, Any]:
    ind = e.indicator
    ambition = store.catalogue.ambition(ind.id)
    return {
        "id": ind.id, "title": ind.title, "plain_title": ind.plain_title, "topic": ind.topic, "measure": ind.measure,
        "unit": ind.unit, "multiplier": ind.multiplier, "period_type": ind.period_type, "geography": ind.geography,
        "definition": ind.definition, "base": ind.base, "other_bases": dict(ind.other_bases),
        "numerator": ind.numerator, "denominator": ind.denominator,
        "caveats": list(ind.caveats), "sensitive": ind.sensitive,
        "breakdowns": [{"id": b.id, "label": b.label, "groups": list(b.groups),
                        "reference_group": ind.reference_groups.get(b.id)} for b in e.breakdowns],
        "periods": list(e.periods), "figures": e.figures, "versions": e.versions,
        "producers": [{"id": p.id, "name": p.name, "tiers": dict(p.tiers)} for p in e.producers],
        "tiers": dict(e.tiers), "licences": [vars(x) for x in e.licences], "editions": list(e.editions),
        "published_up_to": up_to_json(up_to(store, LATEST, ind.id)),
        "ambition": ambition.model_dump() if ambition else None,
        "links": {**{ext: file_url(ind.id, ext) for ext in FORMATS},
                  "explore": urls.with_query(urls.EXPLORE, {"ind": ind.id}),
                  "figures": urls.with_query(f"{PREFIX}/figures", {"indicator": ind.id})},
    }


# ---------------------------------------------------------------- parameters


def query_params(raw: bytes, allowed: dict[str, bool]) -> dict[str, list[str]]:
    """The request's parameters, checked: known names only, short values, single unless allowed to repeat."""
    if len(raw) > MAX_QUERY:
        raise ApiError(400, "query-too-long", f"The query string is longer than {MAX_QUERY} characters.")
    text = raw.decode("utf-8", errors="replace")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise ApiError(400, "too-many-parameters", f"Give at most {MAX_FIELDS} parameters.") from None
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        if key not in allowed:
            raise ApiError(400, "unknown-parameter", f"'{key[:40]}' is not a parameter of this endpoint.",
                           allowed=sorted(allowed))
        if len(value) > MAX_VALUE:
            raise ApiError(400, "value-too-long", f"The value of '{key}' is longer than {MAX_VALUE} characters.")
        value = value.strip()
        if not value:
            continue
        out.setdefault(key, []).append(value)
        if len(out[key]) > 1 and not allowed[key]:
            raise ApiError(400, "repeated-parameter", f"Give '{key}' once.")
    return out


def _one(params: dict[str, list[str]], key: str) -> str | None:
    return params[key][0] if key in params else None


def _edition(store: Store, value: str | None) -> str:
    ed = value or LATEST
    known = describe(store).edition_ids
    if ed != LATEST and ed not in known:
        raise ApiError(400, "unknown-edition", f"There is no edition '{ed[:20]}'. Use 'latest' or one of the known "
                       "editions (YYYY-MM, the month a publication came out).", known=[LATEST, *known])
    return ed


def _indicator(store: Store, value: str | None) -> str | None:
    if value is not None and value not in store.catalogue.indicators:
        raise ApiError(400, "unknown-indicator", f"There is no indicator '{value[:60]}'.",
                       known=sorted(store.catalogue.indicators))
    return value


def _shape(values: list[str] | None) -> str:
    """'envelope' (the default: the rows with what they are) or 'array' (the rows only, for pandas.read_json)."""
    shape = values[0] if values else "envelope"
    if shape not in SHAPES:
        raise ApiError(400, "unknown-shape", f"There is no shape '{shape[:20]}': use 'array' (the rows only) or "
                       "'envelope' (the default).", known=list(SHAPES))
    return shape


def _listed(values: list[str]) -> list[str]:
    return values[:MAX_LISTED]


def figures_rows(store: Store, params: dict[str, list[str]]) -> tuple[list[dict[str, Any]], str]:
    """The published figures a figures query names, in the public export columns (pure apart from errors)."""
    edition = _edition(store, _one(params, "edition"))
    indicator = _indicator(store, _one(params, "indicator"))
    t = resolved(store, edition)
    if indicator:
        t = t[t["indicator"] == indicator]
    by = _one(params, "breakdown")
    if by is not None:
        known = breakdowns(store, indicator) if indicator else sorted(set(store.table["breakdown"].astype(str)))
        if by not in known:
            raise ApiError(400, "unknown-breakdown", f"There is no breakdown '{by[:60]}'"
                           + (f" for '{indicator}'." if indicator else "."), known=known)
        t = t[t["breakdown"] == by]
    for key, column in (("group", "group"), ("period", "period")):
        wanted = params.get(key)
        if not wanted:
            continue
        known = sorted(set(t[column].astype(str)), key=(lambda p: (period_start(p), period_end(p), p))
                       if column == "period" else None)
        missing = [w for w in wanted if w not in known]
        if missing:
            raise ApiError(400, f"unknown-{key}", f"No figures for {key} '{missing[0][:60]}' with these parameters.",
                           known=_listed(known))
        t = t[t[column].isin(wanted)]
    t = t.assign(_p=t["period"].map(period_start)).sort_values(["indicator", "breakdown", "group", "_p", "period"],
                                                              kind="stable")
    return records(t, EXPORT_COLUMNS), edition


# ---------------------------------------------------------------- responses


def _etag(store: Store) -> str:
    req = flask.request
    canonical = urlencode(sorted(parse_qsl(req.query_string.decode("utf-8", "replace"), keep_blank_values=True)))
    return hashlib.sha256(f"{store.content_hash}\0{req.path}\0{canonical}".encode()).hexdigest()[:32]


def ok(store: Store, payload: dict[str, Any], shape: str = "envelope") -> flask.Response:
    """The answer: the envelope (with the data hash), or with shape=array the bare array of its rows."""
    body = dumps(payload["data"] if shape == "array" else {**payload, "data_hash": store.content_hash})
    resp = flask.Response(body, mimetype="application/json")
    resp.headers["Cache-Control"] = CACHE_CONTROL
    resp.set_etag(_etag(store))
    return resp.make_conditional(flask.request)


def error(status: int, code: str, message: str, **extra: Any) -> flask.Response:
    resp = flask.Response(dumps({"error": code, "message": message, "status": status, **extra}), status=status,
                          mimetype="application/json")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server

    def endpoint(name: str, allowed: dict[str, bool], listing: bool = True):
        accepted = {**allowed, "shape": False} if listing else allowed

        def wrap(fn):
            def view() -> flask.Response:
                try:
                    params = query_params(flask.request.query_string, accepted)
                    shape = _shape(params.pop("shape", None))
                    return ok(store, fn(params), shape)
                except ApiError as exc:
                    return error(exc.status, exc.code, exc.message, **exc.extra)
            view.__name__ = f"api_{name}"
            server.add_url_rule(f"{PREFIX}/{name}", view.__name__, view, methods=["GET"])
            return fn
        return wrap

    @endpoint("figures", {"indicator": False, "breakdown": False, "group": True, "period": True, "edition": False})
    def figures(params: dict[str, list[str]]) -> dict[str, Any]:
        rows, edition = figures_rows(store, params)
        ind = _one(params, "indicator")
        return {"edition": edition, "parameters": {k: v if len(v) > 1 else v[0] for k, v in params.items()},
                "count": len(rows), "columns": list(EXPORT_COLUMNS),
                "licences": [vars(x) for x in licences_of(store, pd.DataFrame({"producer": [r["producer"] for r in rows]},
                                                                           dtype="string"))],
                "links": {ext: file_url(ind or "figures", ext, edition) for ext in FORMATS}, "data": rows,
                "first_published": [first_publication(store, r) for r in rows]}

    @endpoint("indicators", {"indicator": False})
    def indicators(params: dict[str, list[str]]) -> dict[str, Any]:
        ind = _indicator(store, _one(params, "indicator"))
        entries = [e for e in describe(store).indicators if ind is None or e.id == ind]
        return {"count": len(entries), "published_up_to": up_to_json(up_to(store)),
                "data": [indicator_json(e, store) for e in entries]}

    @endpoint("statements", {k: False for k in VIEW_KEYS}, listing=False)
    def statements(params: dict[str, list[str]]) -> dict[str, Any]:
        _indicator(store, _one(params, "ind"))
        if _one(params, "edition"):
            _edition(store, _one(params, "edition"))
        state, notices = parse({k: v for k, v in params.items()}, store)
        if notices:
            raise ApiError(400, "invalid-view", " ".join(notices), nearest=to_query(state, store))
        view = build_view(store, state)
        return view_json(view, lead_json(store, view))

    @endpoint("comparisons", {"indicator": False, "breakdown": False, "edition": False})
    def comparisons(params: dict[str, list[str]]) -> dict[str, Any]:
        edition = _edition(store, _one(params, "edition"))
        ind = _indicator(store, _one(params, "indicator"))
        c = store.comparisons
        if edition != LATEST:
            c = c[c["vintage"] <= edition]
        if ind:
            c = c[c["indicator"] == ind]
        by = _one(params, "breakdown")
        if by is not None:
            known = sorted(set(c["breakdown"].astype(str)))
            if by not in known:
                raise ApiError(400, "unknown-breakdown", f"No published comparisons for breakdown '{by[:60]}'.",
                               known=known)
            c = c[c["breakdown"] == by]
        c = c.assign(geography_code=c["geography"].map(area_code))
        return {"edition": edition, "count": len(c), "columns": list(COMPARISON_API_COLUMNS),
                "data": records(c, COMPARISON_API_COLUMNS)}

    @endpoint("editions", {})
    def editions(params: dict[str, list[str]]) -> dict[str, Any]:
        eds = describe(store).editions
        return {"count": len(eds), "data": [{"edition": e.vintage, "words": e.words, "rows": e.rows,
                                             "publications": list(e.publications),
                                             "files": {ext: file_url("figures", ext, e.vintage) for ext in FORMATS}}
                                            for e in eds]}

    @server.get(f"{PREFIX}/", strict_slashes=False)
    def api_index() -> flask.Response:
        if flask.request.query_string:
            return error(400, "unknown-parameter", "The index takes no parameters.")
        return ok(store, {"version": 1, "endpoints": {f"{PREFIX}/{k}": v for k, v in ENDPOINTS.items()},
                          "documentation": "docs/api.md in the project's repository",
                          "openapi": OPENAPI})

    @server.get(OPENAPI)
    def api_openapi() -> flask.Response:
        if flask.request.query_string:
            return error(400, "unknown-parameter", "The description takes no parameters.")
        resp = flask.Response(dumps(openapi()), mimetype="application/json")
        resp.headers["Cache-Control"] = CACHE_CONTROL
        resp.add_etag()
        return resp.make_conditional(flask.request)

    @server.get("/api/<path:rest>")
    def api_unknown(rest: str) -> flask.Response:
        return error(404, "not-found", "There is no API endpoint at this address.",
                     endpoints=[f"{PREFIX}/{k}" for k in ENDPOINTS])

    @server.before_request
    def _api_methods() -> flask.Response | None:
        req = flask.request
        if req.path.startswith("/api/") and req.method not in METHODS:
            resp = error(405, "method-not-allowed", "The API is read only: use GET.")
            resp.headers["Allow"] = ", ".join(METHODS)
            return resp
        return None

    @server.after_request
    def _api_cors(resp: flask.Response) -> flask.Response:
        if flask.request.path.startswith("/api/"):
            h = resp.headers
            h["Access-Control-Allow-Origin"] = "*"
            h["Access-Control-Expose-Headers"] = "ETag"
            if flask.request.method == "OPTIONS":
                h["Access-Control-Allow-Methods"] = ", ".join(METHODS)
                h["Access-Control-Allow-Headers"] = "If-None-Match, Accept"
                h["Access-Control-Max-Age"] = "86400"
                h["Allow"] = ", ".join(METHODS)
        return resp
