"""What the reports call for: load and validate datasets/recommendations.yaml (one attributed sentence each).

The file is not a table resource of datapackage.json (the package validator only knows tidy and Open SDG
tables), so it is validated here. Any problem raises DatasetError naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.data.errors import DatasetError, Problem
from dashboard.text.safety import problems_in

FILE = "recommendations.yaml"
THEMES = {
    "training": "Training and supervision",
    "trauma_informed_care": "Trauma-informed care",
    "think_family": "The Think Family approach",
    "recording": "Recording and sharing information",
    "joint_work": "Joint work between services",
    "mothers_needs": "Mothers' own needs",
}
KINDS = ("research", "guidance", "campaign")
_REQUIRED = ("id", "theme", "text", "by", "kind", "publication", "url", "locator")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Recommendation:
    id: str
    theme: str
    text: str
    by: str
    kind: str
    publication: str
    url: str
    locator: str
    published: str = ""
    briefing: bool = False

    @property
    def theme_label(self) -> str:
        return THEMES[self.theme]


def _entry(raw: object, index: int, seen: set[str], problems: list[Problem]) -> Recommendation | None:
    where = f"recommendations[{index}]"
    if not isinstance(raw, dict):
        problems.append(Problem(FILE, None, where, "entry-shape", "each entry must be a mapping of fields"))
        return None
    name = str(raw.get("id") or where)

    def bad(field: str, rule: str, message: str) -> None:
        problems.append(Problem(FILE, None, f"{name}.{field}", rule, message))

    for key in _REQUIRED:
        if not str(raw.get(key) or "").strip():
            bad(key, "field-required", f"entry '{name}' has no '{key}'")
    unknown = set(raw) - set(Recommendation.__dataclass_fields__)
    for key in sorted(unknown):
        bad(key, "field-unknown", f"unknown field '{key}'")
    if any(not str(raw.get(k) or "").strip() for k in _REQUIRED) or unknown:
        return None
    rec = Recommendation(**{k: (str(v).strip() if k != "briefing" else v) for k, v in raw.items()
                            if k != "published"}, published=str(raw.get("published") or "").strip())
    if not _ID.match(rec.id):
        bad("id", "id-pattern", f"'{rec.id}' must be lower_snake_case")
    if rec.id in seen:
        bad("id", "id-unique", f"the id '{rec.id}' is used twice")
    seen.add(rec.id)
    if rec.theme not in THEMES:
        bad("theme", "theme-enum", f"'{rec.theme}' is not one of {', '.join(THEMES)}")
    if rec.kind not in KINDS:
        bad("kind", "kind-enum", f"'{rec.kind}' is not one of {', '.join(KINDS)}")
    if not rec.url.startswith(("https://", "http://")):
        bad("url", "url-scheme", "the url must start with https:// or http://")
    if rec.published and not _DATE.match(rec.published):
        bad("published", "date-pattern", f"'{rec.published}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    if not isinstance(rec.briefing, bool):
        bad("briefing", "briefing-bool", "briefing must be true or false")
    if _DIGIT.search(rec.text):
        bad("text", "no-figures", "the text must not state a figure (figures come from the data tables)")
    for found in problems_in(rec.text):
        bad("text", "safe-messaging", found)
    return rec


def parse(text: str) -> tuple[Recommendation, ...]:
    """Validated entries from the YAML text, or DatasetError listing every problem."""
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DatasetError([Problem(FILE, mark.line + 1 if mark else None, None, "yaml", f"not valid YAML: {exc}")])
    entries = raw.get("recommendations") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DatasetError([Problem(FILE, None, "recommendations", "yaml-shape",
                                    "must hold a non-empty list under 'recommendations'")])
    problems: list[Problem] = []
    seen: set[str] = set()
    recs = [_entry(item, i, seen, problems) for i, item in enumerate(entries)]
    if problems:
        raise DatasetError(problems)
    return tuple(r for r in recs if r is not None)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> tuple[Recommendation, ...]:
    return parse(Path(path).read_text(encoding="utf-8"))


def load(datasets: Path) -> tuple[Recommendation, ...]:
    path = Path(datasets) / FILE
    if not path.is_file():
        raise DatasetError([Problem(FILE, None, None, "file-missing", f"{path} does not exist")])
    return _load_cached(str(path), path.stat().st_mtime_ns)


def for_briefing(recs: tuple[Recommendation, ...]) -> tuple[Recommendation, ...]:
    return tuple(r for r in recs if r.briefing)
