"""The API's answers as declared models (pydantic), and the OpenAPI 3.1 description generated from them.

Each JSON shape the API sends (dashboard.web.api) has one model here; /api/v1/openapi.json is built from these
models' JSON Schemas (model_json_schema), and the tests validate every documented path's live answer against it,
so the description cannot drift from what is served. Models forbid unknown fields: a field added to an answer
without its model fails those tests.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import models_json_schema

from dashboard import __version__
from dashboard.data.metadata import Ambition
from dashboard.data.schema import (
    COMPARISON_BOOLS,
    COMPARISON_COLUMNS,
    COMPARISON_FLOATS,
    EXPORT_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
)
from dashboard.text.product import SITE_NAME

PREFIX = "/api/v1"
TABLE_PATH = "/data/{edition}/{table}.json"  # the JSON files of the data catalogue (dashboard.web.catalogue)
Tier = Literal["primary", "official", "secondary"]
Shape = Literal["envelope", "array"]
URL = r"^https?://"


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Licence(_Answer):
    """The terms a set of figures is reused on, with the producers whose figures use them."""

    name: str = Field(description="Licence name, as in the `licence` column of the rows")
    title: str
    url: str = Field(description="The licence text; empty when the terms are quotation with attribution")
    producers: list[str]


class SourceRef(_Answer):
    """Where a figure or statement was read: the publication, the page and the place on it, and its tier."""

    producer: str
    producer_name: str
    publication: str
    published_date: str
    source_url: str = Field(pattern=URL, description="The page where it was read")
    locator: str = Field(description="Where on that page")
    tier: Tier
    tier_label: str
    reported_by: str | None
    flag: str | None = Field(description="'Reported by X; not checked against the original' for a secondary source")
    citation: str


class Interval(_Answer):
    lower: float
    upper: float
    kind: Literal["published", "calculated"] = Field(
        description="'published', or 'calculated' by this dashboard from the published counts")


class FigureOut(_Answer):
    indicator: str
    period: str
    breakdown: str
    group: str
    geography: str
    geography_code: str | None = Field(description="ONS area code of the geography, when it has one")
    value: float | None
    text: str
    interval: Interval | None
    numerator: int | None
    denominator: int | None
    vintage: str
    source: SourceRef
    ci_source: SourceRef | None = Field(description="Where the interval was read, when another page printed it")
    counts_source: SourceRef | None = Field(description="Where the counts were read, when another page printed them")


class StatementOut(_Answer):
    words: str = Field(description="The source's own words")
    significance: str
    direction: str
    ratio: float | None
    interval: Interval | None
    p_value: float | None
    percent_change: float | None
    excludes_covid: bool
    from_published_ratio: bool
    vintage: str
    source: SourceRef


class VerdictOut(_Answer):
    kind: str
    a: str
    b: str
    method: str
    significance: str
    direction: str | None
    ratio: float | None
    interval: Interval | None
    p_value: float | None
    sentence: str
    words: str | None
    source: SourceRef | None
    a_figure: FigureOut | None
    b_figure: FigureOut | None
    statements: list[StatementOut]


class ViewInfo(_Answer):
    query: str
    explore: str
    title: str
    subtitle: str
    indicator: str
    shown: str
    breakdown: str
    groups: list[str]
    period_from: str | None
    period_to: str | None
    measure: str
    edition: str


class AmbitionProgress(_Answer):
    id: str
    words: str
    target: float | None
    target_text: str
    target_calculated: bool
    sentences: list[str]
    statement: SourceRef


class LeadOut(_Answer):
    """What the pages lead with for the question a view answers, chosen by the site's one editorial policy: for a gap,
    the producer's words for the latest period ("nearly three-fold"), with the number that follows them."""

    question: Literal["rate", "change", "gap", "causes", "mental-health", "social-care", "babies"] = Field(
        description="The question the view answers")
    block: str = Field(description="The home page block that answers it (its anchor on the home page)")
    page: str = Field(description="The home page block's address")
    title: str
    sentences: list[str] = Field(description="The lead, word for word as the home page gives it")
    real: str = Field(description="Is it real? The answer in one line, as the home page gives it")
    sources: list[SourceRef] = Field(description="The sources of the lead, each with its tier")


class StatementsAnswer(_Answer):
    """/statements: the words and verdicts the site shows for a view, led by what the pages lead with."""

    lead: LeadOut | None = Field(description="What the pages lead with for the question this view answers (the rate, "
                                             "a gap, causes, mental health, social care, babies); null when no page "
                                             "block answers it")
    view: ViewInfo
    summary: list[str]
    verdicts: list[VerdictOut]
    ambition: AmbitionProgress | None
    sources: list[SourceRef]
    caveats: list[str]
    data_hash: str


def _row_model(name: str, columns: tuple[str, ...], floats: tuple[str, ...], ints: tuple[str, ...],
               bools: tuple[str, ...] = (), required: tuple[str, ...] = ()) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for col in columns:
        typ: Any = float if col in floats else int if col in ints else bool if col in bools else str
        fields[col] = (typ, ...) if col in required else (typ | None, ...)
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


FigureRow = _row_model("FigureRow", EXPORT_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS,
                       required=("indicator", "period", "breakdown", "group", "geography", "source_url", "licence"))
FigureRow.__doc__ = "One published figure: the columns of the CSV downloads, in order (docs/data-schema.md)."
# the comparison columns as the API sends them: the stored ones, the ONS area code beside the geography, the edition
_at = COMPARISON_COLUMNS.index("geography") + 1
COMPARISON_API_COLUMNS = (*COMPARISON_COLUMNS[:_at], "geography_code", *COMPARISON_COLUMNS[_at:], "vintage")
ComparisonRow = _row_model("ComparisonRow", COMPARISON_API_COLUMNS, COMPARISON_FLOATS, (), COMPARISON_BOOLS,
                           required=("indicator", "source_url"))
ComparisonRow.__doc__ = "One published comparison: what a source says about whether two figures differ."


class FirstPublication(_Answer):
    """Where a figure's value first appeared (dashboard.model.changes.first_published: the earliest edition that
    printed that value for that figure)."""

    publication: str
    published_date: str
    edition: str
    tier: Tier
    source_url: str


class FiguresAnswer(_Answer):
    """/figures: the published figures a query names."""

    edition: str
    parameters: dict[str, str | list[str]]
    count: int
    columns: list[str]
    licences: list[Licence]
    links: dict[str, str]
    data: list[FigureRow]  # type: ignore[valid-type]
    first_published: list[FirstPublication | None]  # beside data, in the same order
    data_hash: str


class TableAnswer(_Answer):
    """/data/<edition>/<table>.json: a whole table (every figure, every version, or one indicator's) as JSON."""

    table: str
    edition: str
    data_hash: str
    count: int
    licences: list[Licence]
    data: list[FigureRow]  # type: ignore[valid-type]


class BreakdownOut(_Answer):
    id: str
    label: str
    groups: list[str]
    reference_group: str | None


class ProducerOut(_Answer):
    id: str
    name: str
    tiers: dict[str, int]


class PublishedUpTo(_Answer):
    """The newest publication the figures go up to (of one indicator, or of the whole data)."""

    edition: str = Field(pattern=r"^\d{4}-\d{2}$", description="The edition (YYYY-MM, the month it came out)")
    words: str = Field(description="The edition in words, e.g. 'January 2026'")
    publication: str = Field(description="The publication's title")
    published_date: str = Field(description="Its date as the data give it (YYYY-MM-DD, YYYY-MM or YYYY)")
    period: str = Field(description="The newest period it gives figures for")
    tier: Tier
    source_url: str = Field(pattern=URL, description="Where the figures of that tier were read")
    sentence: str = Field(description="The sentence the pages show: 'Figures as published up to ...'")


class IndicatorOut(_Answer):
    id: str
    title: str
    plain_title: str
    topic: str
    measure: str
    unit: str
    multiplier: int | None
    period_type: str
    geography: str
    definition: str
    base: str  # who the figures are about (indicators.yaml)
    other_bases: dict[str, str]  # the other bases some rows are on (each such row names its key in `base`)
    numerator: str
    denominator: str
    caveats: list[str]
    sensitive: bool
    breakdowns: list[BreakdownOut]
    periods: list[str]
    figures: int
    versions: int
    producers: list[ProducerOut]
    tiers: dict[str, int]
    licences: list[Licence]
    editions: list[str]
    published_up_to: PublishedUpTo | None  # None only for an indicator with no figure yet
    ambition: Ambition | None
    links: dict[str, str]


class IndicatorsAnswer(_Answer):
    """/indicators: what each indicator measures, with its sources, licences, editions and download links."""

    count: int
    published_up_to: PublishedUpTo | None  # of the whole data (every indicator)
    data: list[IndicatorOut]
    data_hash: str


class ComparisonsAnswer(_Answer):
    """/comparisons: the published comparisons."""

    edition: str
    count: int
    columns: list[str]
    data: list[ComparisonRow]  # type: ignore[valid-type]
    data_hash: str


class EditionOut(_Answer):
    edition: str
    words: str
    rows: int
    publications: list[str]
    files: dict[str, str]


class EditionsAnswer(_Answer):
    """/editions: the editions (the month each publication came out) and what each published."""

    count: int
    data: list[EditionOut]
    data_hash: str


class IndexAnswer(_Answer):
    version: int
    endpoints: dict[str, str]
    documentation: str
    openapi: str
    data_hash: str


class ErrorAnswer(BaseModel):
    """A 4xx answer: what was wrong, and (in further fields) what is allowed."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str
    status: int


# ---------------------------------------------------------------- the description


# name -> (answer model, row model for ?shape=array or None, parameters: name -> (repeatable, description))
ENDPOINTS: dict[str, tuple[type[BaseModel], type[BaseModel] | None, dict[str, tuple[bool, str]]]] = {
    "figures": (FiguresAnswer, FigureRow, {
        "indicator": (False, "An indicator id (see /indicators)"),
        "breakdown": (False, "A breakdown id of the indicator ('overall' for the headline figures)"),
        "group": (True, "A group within the breakdown (repeat for several)"),
        "period": (True, "A period, e.g. 2022-24 (repeat for several)"),
        "edition": (False, "'latest' (the default) or an edition YYYY-MM: the figures as published by then"),
    }),
    "indicators": (IndicatorsAnswer, IndicatorOut, {"indicator": (False, "One indicator id")}),
    "statements": (StatementsAnswer, None, {
        "ind": (False, "Indicator id"), "by": (False, "Breakdown id"), "groups": (False, "Groups, comma-separated"),
        "from": (False, "First period"), "to": (False, "Last period"), "measure": (False, "'value' or 'ratio'"),
        "ci": (False, "'on' or 'off'"), "edition": (False, "'latest' or YYYY-MM"),
    }),
    "comparisons": (ComparisonsAnswer, ComparisonRow, {
        "indicator": (False, "An indicator id"), "breakdown": (False, "A breakdown id"),
        "edition": (False, "'latest' or YYYY-MM"),
    }),
    "editions": (EditionsAnswer, EditionOut, {}),
}
SHAPE_DOC = ("'envelope' (the default: the rows with what they are, their licences and links) or 'array' (the rows "
             "only, so that pandas.read_json(url) reads them in one line)")


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of /api/v1, its schemas generated from the answer models."""
    models = [IndexAnswer, ErrorAnswer, TableAnswer, *(m for m, _, _ in ENDPOINTS.values()),
              *(r for _, r, _ in ENDPOINTS.values() if r is not None)]
    _, defs = models_json_schema([(m, "serialization") for m in dict.fromkeys(models)],
                                 ref_template="#/components/schemas/{model}")
    errors = {"400": _json(_ref(ErrorAnswer), "The request is not valid: the answer says what is allowed"),
              "404": _json(_ref(ErrorAnswer), "Nothing at this address")}
    paths: dict[str, Any] = {
        f"{PREFIX}/": {"get": {"operationId": "index", "summary": "The endpoints of the API",
                               "responses": {"200": _json(_ref(IndexAnswer), "The endpoints"), **errors}}},
        f"{PREFIX}/openapi.json": {"get": {"operationId": "openapi", "summary": "This description (OpenAPI 3.1)",
                                           "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")}}},
    }
    for name, (answer, row, params) in ENDPOINTS.items():
        parameters = [{"name": p, "in": "query", "required": False, "description": doc,
                       "schema": {"type": "array", "items": {"type": "string"}} if many else {"type": "string"},
                       **({"explode": True, "style": "form"} if many else {})}
                      for p, (many, doc) in params.items()]
        schema: dict[str, Any] = _ref(answer)
        if row is not None:
            parameters.append({"name": "shape", "in": "query", "required": False, "description": SHAPE_DOC,
                               "schema": {"type": "string", "enum": ["envelope", "array"], "default": "envelope"}})
            schema = {"oneOf": [_ref(answer), {"type": "array", "items": _ref(row)}]}
        paths[f"{PREFIX}/{name}"] = {"get": {
            "operationId": name, "summary": (answer.__doc__ or name).strip().split("\n")[0],
            "parameters": parameters,
            "responses": {"200": _json(schema, "The answer (an envelope, or with shape=array the rows only)"
                                       if row is not None else "The answer"),
                          "304": {"description": "Not modified (If-None-Match matched the ETag)"}, **errors}}}
    paths[TABLE_PATH] = {"get": {
        "operationId": "table", "summary": (TableAnswer.__doc__ or "").strip(),
        "parameters": [
            {"name": "edition", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "'latest' or an edition YYYY-MM: the figures as published by then"},
            {"name": "table", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "'figures' (one row per figure), 'all-vintages' (every version) or an indicator id"},
            {"name": "shape", "in": "query", "required": False, "description": SHAPE_DOC,
             "schema": {"type": "string", "enum": ["envelope", "array"], "default": "envelope"}}],
        "responses": {"200": _json({"oneOf": [_ref(TableAnswer), {"type": "array", "items": _ref(FigureRow)}]},
                                   "The table (an envelope, or with shape=array the rows only)"),
                      "304": {"description": "Not modified (If-None-Match matched the ETag)"}, **errors}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{SITE_NAME} API", "version": __version__,
                 "description": "Read-only JSON API of published UK maternal outcome figures, each traced to its "
                                "publication, with its interval, counts, tier and licence. Open to any site (CORS). "
                                "See docs/api.md."},
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {})},
    }
