"""Declared schemas (pydantic) for the metadata files: indicators.yaml, sources.yaml and ambitions.yaml.

A file that does not fit its schema raises one DatasetError naming the file, the entry, the field and the rule,
as the table checks do; nothing is loaded half-way.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dashboard.data.errors import DatasetError, Problem

Measure = Literal["rate", "count", "percent", "ratio"]
PeriodType = Literal["rolling-3-year", "year", "span"]
Topic = Literal["maternal-deaths", "causes", "mental-health-social-care", "perinatal"]
TOPIC_LABELS: dict[str, str] = {
    "maternal-deaths": "Maternal deaths",
    "causes": "Causes of death",
    "mental-health-social-care": "Mental health and social care",
    "perinatal": "Babies (perinatal deaths)",
}
Tier = Literal["primary", "official", "secondary"]
TIERS: tuple[str, ...] = ("primary", "official", "secondary")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Uncited(_Strict):
    """A value for a period that is known (restated by someone) but was read on no page this dataset can cite, so it
    is not a figure: the sentence about the gap names it and who restated it, and the chart leaves the gap empty."""

    period: str
    value_text: str                 # as the restatement prints it ('14% (28 women)')
    restated_by: str                # who restated it ('Kirsty Kitchen of Birth Companions')
    where: str                      # where it was restated ('Community Care, October 2024')
    why_uncited: str                # why it cannot be cited ('read only on an uncredited copy of that article')
    read_on: str = Field(pattern=r"^https?://")  # the page it was read on (the copy), for anyone checking
    checked: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("period", "checked", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else v


class Indicator(_Strict):
    """One entry of indicators.yaml: what a figure measures and how the site may show it."""

    id: str
    title: str
    plain_title: str
    # Who the figures are about ('of the women who died during pregnancy or within six weeks ...'): every point of
    # one series is on this base, unless its row names one of `other_bases` (then it forms a series of its own).
    base: str = ""
    other_bases: dict[str, str] = {}
    topic: Topic
    measure: Measure
    unit: str
    decimals: int = Field(ge=0, le=4)
    period_type: PeriodType
    geography: str
    definition: str
    breakdowns: dict[str, str]
    multiplier: int | None = None
    numerator: str = ""
    denominator: str = ""
    caveats: tuple[str, ...] = ()
    reference_groups: dict[str, str] = {}
    # The groups a view of each breakdown shows when the link names none (reference group first).
    default_groups: dict[str, tuple[str, ...]] = {}
    sensitive: bool = False
    plain_template: str = ""
    sources: tuple[str, ...] = ()
    variant_of: str | None = None
    variant_label: str = ""
    # Values known for periods with no citable row (named in the gap sentence, never charted).
    uncited: tuple[Uncited, ...] = ()

    def __hash__(self) -> int:  # dict fields are not hashable; an indicator is identified by its id
        return hash(self.id)

    def breakdown_label(self, breakdown: str) -> str:
        return self.breakdowns.get(breakdown, breakdown.replace("_", " ").capitalize())

    @field_validator("caveats", "sources", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return () if v is None else v

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.measure == "rate" and not self.multiplier:
            raise ValueError("a rate needs a multiplier (for example 100000)")
        for b in [*self.reference_groups, *self.default_groups]:
            if b not in self.breakdowns:
                raise ValueError(f"'{b}' is not one of this indicator's breakdowns")
        for b, ref in self.reference_groups.items():
            groups = self.default_groups.get(b)
            if groups and groups[0] != ref:
                raise ValueError(f"default_groups.{b} must start with the reference group '{ref}'")
        return self


class Licence(_Strict):
    """The terms a producer's figures may be reused on: an open licence, or quoted with attribution only."""

    title: str
    path: str = Field(default="", pattern=r"^(https?://\S+)?$")  # the licence text, when there is one to link
    open: bool = False      # an open licence (reuse, adapt, redistribute) rather than quotation with attribution


# The terms of a producer whose licence sources.yaml does not name: its figures are quoted, with attribution.
ATTRIBUTION = "attribution"
ATTRIBUTION_TERMS = Licence(title="Quoted with attribution, on the producer's own terms")


class Producer(_Strict):
    """Who produced a figure. A row is primary only when it was read on one of these addresses."""

    name: str
    long_name: str = ""
    url: str
    domains: tuple[str, ...] = Field(min_length=1)
    citation: str = ""      # a full reference (articles), else built from name and publication
    doi: str = ""
    licence: str = Field(default=ATTRIBUTION, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a key of `licences`


class OfficialBody(_Strict):
    """A public body that restates producers' figures (an 'official summary')."""

    name: str
    domains: tuple[str, ...] = Field(min_length=1)


class WeakCopy(_Strict):
    """A kind of address that is never a source: a bare IP host, a proxy, a document-sharing copy, a mirror."""

    pattern: str
    why: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class Sources(_Strict):
    producers: dict[str, Producer]
    official: dict[str, OfficialBody]
    weak_copies: tuple[WeakCopy, ...]
    licences: dict[str, Licence] = {}

    @model_validator(mode="after")
    def _licences_named(self) -> Sources:
        for pid, p in self.producers.items():
            if p.licence != ATTRIBUTION and p.licence not in self.licences:
                raise ValueError(f"producers.{pid}.licence: '{p.licence}' is not one of the licences "
                                 f"({', '.join(sorted(self.licences)) or 'none declared'})")
        return self

    def licence(self, name: str) -> Licence:
        """The terms called `name` ('attribution' when the file declares none by that name)."""
        return self.licences.get(name, ATTRIBUTION_TERMS if name == ATTRIBUTION else Licence(title=name))

    def licence_of(self, producer: str) -> str:
        """The licence name of a producer's figures ('attribution' for a producer this file does not know)."""
        p = self.producers.get(producer)
        return p.licence if p else ATTRIBUTION

    def licence_descriptor(self, name: str) -> dict[str, str]:
        """A Frictionless `licenses` entry: name, title and, when there is one, the path of the licence text."""
        lic = self.licence(name)
        return {"name": name, **({"path": lic.path} if lic.path else {}), "title": lic.title}

    def producer_of(self, url: str) -> str | None:
        """The producer whose address this is (None if no producer publishes there)."""
        return next((pid for pid, p in self.producers.items() if any(on_domain(url, d) for d in p.domains)), None)

    def official_body_of(self, url: str) -> str | None:
        return next((oid for oid, b in self.official.items() if any(on_domain(url, d) for d in b.domains)), None)

    def weak_copy(self, url: str) -> str | None:
        """Why an address is a weak copy, or None."""
        parts = urlsplit(url)
        target = _host_path(url) + (f"?{parts.query}" if parts.query else "")
        return next((w.why for w in self.weak_copies if re.search(w.pattern, target)), None)


def _host_path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc.lower() + parts.path).rstrip("/")


def on_domain(url: str, domain: str) -> bool:
    """'www.npeu.ox.ac.uk/x' is on 'npeu.ox.ac.uk'; a domain with a path ('github.com/ONSdigital/...') is a prefix."""
    target = _host_path(url).lower()
    host = urlsplit(url).netloc.lower().split(":")[0]
    d = domain.lower().rstrip("/")
    if "/" in d:
        return target == d or target.startswith(d + "/")
    return host == d or host.endswith("." + d)


def _problems(file: str, entry: str | None, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        where = ".".join(x for x in (entry, loc) if x) or None
        out.append(Problem(file, None, where, f"schema-{err['type']}", err["msg"]))
    return out


def read_yaml(path: Path) -> Any:
    try:
        # libyaml's safe loader when present: the same result, 10x faster (cold start, docs/benchmarks.md)
        return yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise DatasetError([Problem(path.name, None, None, "file-missing", f"{path.name} is missing")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DatasetError([Problem(path.name, mark.line + 1 if mark else None, None, "yaml",
                                    f"not valid YAML: {exc}")]) from None


def read_indicators(path: Path) -> dict[str, Indicator]:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise DatasetError([Problem(path.name, None, None, "yaml-shape", "must be a mapping of indicator id to fields")])
    problems: list[Problem] = []
    out: dict[str, Indicator] = {}
    for ind_id, fields in raw.items():
        if not isinstance(fields, dict):
            problems.append(Problem(path.name, None, str(ind_id), "schema-dict_type", "the entry must be a mapping of fields"))
            continue
        try:
            out[str(ind_id)] = Indicator(id=str(ind_id), **fields)
        except ValidationError as exc:
            problems += _problems(path.name, str(ind_id), exc)
    for ind in out.values():
        if ind.variant_of and ind.variant_of not in out:
            problems.append(Problem(path.name, None, f"{ind.id}.variant_of", "indicator-variant",
                                    f"variant_of names unknown indicator '{ind.variant_of}'"))
    if problems:
        raise DatasetError(problems)
    return out


def read_sources(path: Path) -> Sources:
    raw = read_yaml(path)
    try:
        return Sources.model_validate(raw)
    except ValidationError as exc:
        raise DatasetError(_problems(path.name, None, exc)) from None


# ---- definitions.yaml: terms checked against the producer's own metadata ---------------------------------------

DEFINITIONS_FILE = "definitions.yaml"


class Definition(_Strict):
    """A term the figures use, in plain words, with the producer's own words it was checked against."""

    term: str
    anchor: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    words: str
    source: str                     # a metadata file in the datasets folder (e.g. ons-sdg/meta_3-2-2.md)
    field: str                      # the field of that file holding the quote
    quote: str                      # the producer's words, exactly as in that field
    checked: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("checked", mode="before")
    @classmethod
    def _checked_text(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else v


def read_definitions(path: Path) -> tuple[Definition, ...]:
    """The definitions table, each quote found verbatim in its source file (else one DatasetError naming it)."""
    if not path.is_file():
        return ()
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("definitions", []), list):
        raise DatasetError([Problem(path.name, None, None, "yaml-shape", "must be a mapping with a list 'definitions'")])
    problems: list[Problem] = []
    out: list[Definition] = []
    for i, entry in enumerate(raw.get("definitions") or []):
        name = str(entry.get("anchor")) if isinstance(entry, dict) and entry.get("anchor") else f"definitions[{i}]"
        try:
            d = Definition.model_validate(entry)
        except ValidationError as exc:
            problems += _problems(path.name, name, exc)
            continue
        source = path.parent / d.source
        text = source.read_text(encoding="utf-8") if source.is_file() else None
        if text is None:
            problems.append(Problem(path.name, None, f"{name}.source", "file-missing", f"{d.source} is not in the folder"))
        elif d.quote not in " ".join(text.split()):
            problems.append(Problem(path.name, None, f"{name}.quote", "definition-quoted",
                                    f"the quote is not in {d.source} word for word"))
        out.append(d)
    if problems:
        raise DatasetError(problems)
    return tuple(out)


# ---- ambitions.yaml: national targets (e.g. halve maternal deaths by 2025), each traced to its statement ----------

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _iso(v: Any) -> Any:
    """YAML reads 2017-11-28 as a date and 2010 as a number: both are kept as the text written."""
    return v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class AmbitionSource(_Strict):
    """Where a statement of an ambition (or its baseline figure) was read: the same provenance as a table row."""

    producer: str
    publication: str
    published_date: str
    source_url: str = Field(pattern=r"^https?://")
    locator: str
    tier: Tier
    reported_by: str = ""

    @field_validator("published_date", mode="before")
    @classmethod
    def _date_text(cls, v: Any) -> Any:
        return _iso(v)

    @field_validator("published_date")
    @classmethod
    def _date_shape(cls, v: str) -> str:
        if not _DATE.match(v):
            raise ValueError(f"'{v}' is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
        return v

    @field_validator("reported_by", mode="before")
    @classmethod
    def _none_is_blank(cls, v: Any) -> Any:
        return "" if v is None else v


class AmbitionBaseline(AmbitionSource):
    """The published figure the ambition is measured from."""

    period: str
    value: float = Field(ge=0)

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, v: Any) -> Any:
        return _iso(v)


class Ambition(_Strict):
    """One national ambition for one indicator (an entry of ambitions.yaml)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    indicator: str
    geography: str
    words: str                      # the ambition in the words of its statement ('halve rates of maternal deaths')
    reduction_percent: float = Field(gt=0, le=100)
    target_year: int = Field(ge=2000, le=2100)
    originally_target_year: int | None = Field(default=None, ge=2000, le=2100)
    set_by: str
    announced: str
    statement: AmbitionSource       # the primary statement of the ambition (what the site cites)
    baseline: AmbitionBaseline
    target_value: float | None = Field(default=None, ge=0)  # only when a source prints the target figure
    note: str = ""

    @field_validator("announced", mode="before")
    @classmethod
    def _announced_text(cls, v: Any) -> Any:
        return _iso(v)

    @field_validator("announced")
    @classmethod
    def _announced_shape(cls, v: str) -> str:
        if not _DATE.match(v):
            raise ValueError(f"'{v}' is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
        return v


class _AmbitionsFile(_Strict):
    ambitions: tuple[Ambition, ...] = ()


AMBITIONS_FILE = "ambitions.yaml"


def read_ambitions(path: Path) -> tuple[Ambition, ...]:
    """The ambitions in a file; a missing file means no ambitions, a malformed one raises DatasetError."""
    if not path.is_file():
        return ()
    raw = read_yaml(path)
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not isinstance(raw.get("ambitions", []), list):
        raise DatasetError([Problem(path.name, None, None, "yaml-shape", "must be a mapping with a list 'ambitions'")])
    problems: list[Problem] = []
    out: list[Ambition] = []
    extra = sorted(set(raw) - {"ambitions"})
    if extra:
        problems.append(Problem(path.name, None, extra[0], "schema-extra_forbidden", "only 'ambitions' is allowed"))
    for i, entry in enumerate(raw.get("ambitions") or []):
        name = str(entry.get("id")) if isinstance(entry, dict) and entry.get("id") else f"ambitions[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(path.name, None, name, "schema-dict_type", "the entry must be a mapping of fields"))
            continue
        try:
            out.append(Ambition.model_validate(entry))
        except ValidationError as exc:
            problems += _problems(path.name, name, exc)
    ids = [a.id for a in out]
    for a in out:
        if ids.count(a.id) > 1 and a is next(b for b in out if b.id == a.id):
            problems.append(Problem(path.name, None, f"{a.id}.id", "key-unique", f"two ambitions have the id '{a.id}'"))
    if problems:
        raise DatasetError(problems)
    return tuple(out)
