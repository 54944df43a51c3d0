"""The catalogue: the data package descriptor, the indicator metadata, who produces the figures, and the national
ambitions the figures are measured against (ambitions.yaml, optional)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.data.errors import DatasetError, Problem
from dashboard.data.metadata import (
    AMBITIONS_FILE,
    DEFINITIONS_FILE,
    Ambition,
    Definition,
    Indicator,
    Sources,
    read_ambitions,
    read_definitions,
    read_indicators,
    read_sources,
)
from dashboard.data.validate import check_ambitions

__all__ = ["Ambition", "Catalogue", "Indicator", "Resource", "read_catalogue"]

FORMATS = ("tidy", "opensdg", "comparisons")


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    format: str  # one of FORMATS
    title: str
    hash: str | None
    descriptor: dict[str, Any]


@dataclass(frozen=True)
class Catalogue:
    package: dict[str, Any]
    resources: tuple[Resource, ...]
    indicators: dict[str, Indicator]
    sources: Sources
    ambitions: tuple[Ambition, ...] = field(default=())
    definitions: tuple[Definition, ...] = field(default=())  # definitions.yaml: terms checked against metadata

    def ambition(self, indicator_id: str) -> Ambition | None:
        """The national ambition measured with this indicator, if there is one."""
        return next((a for a in self.ambitions if a.indicator == indicator_id), None)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]


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
        if fmt not in FORMATS:
            problems.append(Problem("datapackage.json", None, raw.get("name"), "resource-format",
                                    f"resource '{raw.get('name')}' has unknown _format '{fmt}'"))
            continue
        for key in ("licenses", "sources"):
            if not (raw.get(key) or package.get(key)):
                problems.append(Problem("datapackage.json", None, raw.get("name"), "resource-provenance",
                                        f"resource '{raw.get('name')}' has no {key}"))
        resources.append(Resource(name=raw["name"], path=raw["path"], format=fmt, title=raw.get("title", raw["name"]),
                                  hash=raw.get("hash"), descriptor=raw))
    indicators: dict[str, Indicator] = {}
    sources: Sources | None = None
    try:
        indicators = read_indicators(datasets / "indicators.yaml")
    except DatasetError as exc:
        problems += exc.problems
    try:
        sources = read_sources(datasets / "sources.yaml")
    except DatasetError as exc:
        problems += exc.problems
    ambitions: tuple[Ambition, ...] = ()
    try:
        ambitions = read_ambitions(datasets / AMBITIONS_FILE)
    except DatasetError as exc:
        problems += exc.problems
    definitions: tuple[Definition, ...] = ()
    try:
        definitions = read_definitions(datasets / DEFINITIONS_FILE)
    except DatasetError as exc:
        problems += exc.problems
    if problems or sources is None:
        raise DatasetError(problems)
    cat = Catalogue(package=package, resources=tuple(resources), indicators=indicators, sources=sources,
                    ambitions=ambitions, definitions=definitions)
    problems = check_ambitions(cat, AMBITIONS_FILE)
    if problems:
        raise DatasetError(problems)
    return cat
