"""What the reports call for: datasets/recommendations.yaml, validated against a declared schema (pydantic).

Each entry is one short attributed sentence in our words, with where it was read. The file is not a table of
datapackage.json, so it is validated here, like indicators.yaml and sources.yaml (dashboard/data/metadata.py):
any problem raises one DatasetError naming the file, the entry and the field; nothing is loaded half-way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from dashboard.data.errors import DatasetError, Problem
from dashboard.data.metadata import _problems, _Strict, read_yaml
from dashboard.text.safety import problems_in

FILE = "recommendations.yaml"
THEMES: dict[str, str] = {
    "training": "Training and supervision",
    "trauma_informed_care": "Trauma-informed care",
    "think_family": "The Think Family approach",
    "recording": "Recording and sharing information",
    "joint_work": "Joint work between services",
    "mothers_needs": "Mothers' own needs",
}
Theme = Literal["training", "trauma_informed_care", "think_family", "recording", "joint_work", "mothers_needs"]
Kind = Literal["research", "guidance", "campaign"]
_DIGIT = re.compile(r"\d")


class Recommendation(_Strict):
    """One call for change, attributed to who makes it and where it was read."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    theme: Theme
    text: str = Field(min_length=1)
    by: str = Field(min_length=1)
    kind: Kind
    publication: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    locator: str = Field(min_length=1)
    published: str = Field(default="", pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
    briefing: bool = False

    @property
    def theme_label(self) -> str:
        return THEMES[self.theme]

    @field_validator("text", "by", "publication", "locator", "published", mode="before")
    @classmethod
    def _stripped(cls, v: object) -> object:
        return " ".join(str(v).split()) if v is not None else ""

    @field_validator("text")
    @classmethod
    def _no_figures_and_safe(cls, v: str) -> str:
        if _DIGIT.search(v):
            raise ValueError("the text must not state a figure (figures come from the data tables)")
        found = problems_in(v)
        if found:
            raise ValueError(f"the text breaks the safe-messaging rules: {'; '.join(found)}")
        return v


def parse(raw: object) -> tuple[Recommendation, ...]:
    """Validated entries from the parsed YAML, or DatasetError listing every problem."""
    entries = raw.get("recommendations") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DatasetError([Problem(FILE, None, "recommendations", "yaml-shape",
                                    "must hold a non-empty list under 'recommendations'")])
    problems: list[Problem] = []
    out: list[Recommendation] = []
    seen: set[str] = set()
    for i, item in enumerate(entries):
        name = str(item.get("id") or f"recommendations[{i}]") if isinstance(item, dict) else f"recommendations[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(FILE, None, name, "schema-dict_type", "each entry must be a mapping of fields"))
            continue
        try:
            rec = Recommendation.model_validate(item)
        except ValidationError as exc:
            problems += _problems(FILE, name, exc)
            continue
        if rec.id in seen:
            problems.append(Problem(FILE, None, f"{rec.id}.id", "id-unique", f"the id '{rec.id}' is used twice"))
        seen.add(rec.id)
        out.append(rec)
    if problems:
        raise DatasetError(problems)
    return tuple(out)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> tuple[Recommendation, ...]:
    return parse(read_yaml(Path(path)))


def load_recommendations(datasets: Path) -> tuple[Recommendation, ...]:
    """Every recommendation in datasets/recommendations.yaml (DatasetError if the file is missing or invalid)."""
    path = Path(datasets) / FILE
    if not path.is_file():
        raise DatasetError([Problem(FILE, None, None, "file-missing", f"{FILE} is missing")])
    return _load(str(path), path.stat().st_mtime_ns)


def for_briefing(recs: tuple[Recommendation, ...]) -> tuple[Recommendation, ...]:
    """The few marked for the one-page briefing (three to five)."""
    return tuple(r for r in recs if r.briefing)
