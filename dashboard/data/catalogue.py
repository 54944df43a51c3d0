"""The catalogue: the data package descriptor and the indicator metadata, as frozen objects."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dashboard.data.errors import DatasetError, Problem

MEASURES = ("rate", "count", "percent", "ratio")
PERIOD_TYPES = ("rolling-3-year", "year", "span")
TOPICS = ("maternal-deaths", "causes", "mental-health-social-care", "perinatal")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    plain_title: str
    topic: str
    measure: str
    unit: str
    decimals: int
    period_type: str
    geography: str
    definition: str
    breakdowns: dict[str, str]
    multiplier: int | None = None
    numerator: str = ""
    denominator: str = ""
    caveats: tuple[str, ...] = ()
    reference_groups: dict[str, str] = field(default_factory=dict)
    sensitive: bool = False
    plain_template: str = ""
    sources: tuple[str, ...] = ()
    variant_of: str | None = None
    variant_label: str = ""

    def breakdown_label(self, breakdown: str) -> str:
        return self.breakdowns.get(breakdown, breakdown.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    format: str  # "tidy" or "opensdg"
    title: str
    hash: str | None
    descriptor: dict[str, Any]


@dataclass(frozen=True)
class Catalogue:
    package: dict[str, Any]
    resources: tuple[Resource, ...]
    indicators: dict[str, Indicator]

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]


_REQUIRED = ("title", "plain_title", "topic", "measure", "unit", "decimals", "period_type", "geography",
             "definition", "breakdowns")


def _indicator(ind_id: str, raw: Any, problems: list[Problem], file: str) -> Indicator | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, None, ind_id, "indicator-entry", "the entry must be a mapping of fields"))
        return None
    missing = [k for k in _REQUIRED if k not in raw]
    for k in missing:
        problems.append(Problem(file, None, f"{ind_id}.{k}", "indicator-field-required", f"indicator '{ind_id}' has no '{k}'"))
    checks = (("measure", MEASURES), ("period_type", PERIOD_TYPES), ("topic", TOPICS))
    for key, allowed in checks:
        if key in raw and raw[key] not in allowed:
            problems.append(Problem(file, None, f"{ind_id}.{key}", "indicator-field-enum",
                                    f"'{raw[key]}' is not one of {', '.join(allowed)}"))
    if missing:
        return None
    known = set(Indicator.__dataclass_fields__) - {"id"}
    extra = set(raw) - known
    for k in sorted(extra):
        problems.append(Problem(file, None, f"{ind_id}.{k}", "indicator-field-unknown", f"unknown field '{k}'"))
    values = {k: v for k, v in raw.items() if k in known}
    for k in ("caveats", "sources"):
        values[k] = tuple(values.get(k) or ())
    values["breakdowns"] = dict(values["breakdowns"] or {})
    values["reference_groups"] = dict(values.get("reference_groups") or {})
    return Indicator(id=ind_id, **values)


def read_catalogue(datasets: Path) -> Catalogue:
    problems: list[Problem] = []
    pkg_path = datasets / "datapackage.json"
    try:
        package = json.loads(pkg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError([Problem("datapackage.json", None, None, "file-missing", "the data package descriptor is missing")])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DatasetError([Problem("datapackage.json", getattr(exc, "lineno", None), None, "json", f"not valid JSON: {exc}")])
    resources = []
    for raw in package.get("resources", []):
        fmt = raw.get("_format")
        if fmt not in ("tidy", "opensdg"):
            problems.append(Problem("datapackage.json", None, raw.get("name"), "resource-format",
                                    f"resource '{raw.get('name')}' has unknown _format '{fmt}'"))
            continue
        for key in ("licenses", "sources"):
            if not (raw.get(key) or package.get(key)):
                problems.append(Problem("datapackage.json", None, raw.get("name"), "resource-provenance",
                                        f"resource '{raw.get('name')}' has no {key}"))
        resources.append(Resource(name=raw["name"], path=raw["path"], format=fmt, title=raw.get("title", raw["name"]),
                                  hash=raw.get("hash"), descriptor=raw))
    ind_path = datasets / "indicators.yaml"
    try:
        # libyaml's safe loader when present: the same result, 10x faster (cold start, docs/benchmarks.md)
        raw_inds = yaml.load(ind_path.read_text(encoding="utf-8"),  # noqa: S506 - a safe loader
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except FileNotFoundError:
        raw_inds = {}
        problems.append(Problem("indicators.yaml", None, None, "file-missing", "the indicator metadata is missing"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DatasetError([Problem("indicators.yaml", mark.line + 1 if mark else None, None, "yaml", f"not valid YAML: {exc}")])
    indicators: dict[str, Indicator] = {}
    if not isinstance(raw_inds, dict):
        problems.append(Problem("indicators.yaml", None, None, "yaml-shape", "must be a mapping of indicator id to fields"))
        raw_inds = {}
    for ind_id, raw in raw_inds.items():
        ind = _indicator(str(ind_id), raw, problems, "indicators.yaml")
        if ind:
            indicators[ind.id] = ind
    for ind in indicators.values():
        if ind.variant_of and ind.variant_of not in indicators:
            problems.append(Problem("indicators.yaml", None, f"{ind.id}.variant_of", "indicator-variant",
                                    f"variant_of names unknown indicator '{ind.variant_of}'"))
    if problems:
        raise DatasetError(problems)
    return Catalogue(package=package, resources=tuple(resources), indicators=indicators)
