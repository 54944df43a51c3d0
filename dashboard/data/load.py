"""Load every table in a datasets folder, validate it all, and return one read-only store (or nothing)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import __version__
from dashboard.data import validate as rules
from dashboard.data.catalogue import Catalogue, Resource, read_catalogue
from dashboard.data.errors import DatasetError, Problem
from dashboard.data.metadata import AMBITIONS_FILE, DEFINITIONS_FILE
from dashboard.data.opensdg import read_opensdg
from dashboard.data.schema import (
    COMPARISON_COLUMNS,
    COMPARISON_DERIVED,
    STORED_COLUMNS,
    area_code,
    group_label,
    typed,
    typed_comparisons,
    vintage_of,
)
from dashboard.stats import poisson_rate

CI_PUBLISHED = "published"
CI_CALCULATED = "calculated"  # an exact Poisson interval calculated by this dashboard from the published counts


@dataclass(frozen=True, eq=False)  # hashed by identity, so queries can be cached per store
class Store:
    """The validated catalogue, one tidy table holding every vintage of every figure, and the published
    comparisons (what each source says about whether two figures differ)."""

    catalogue: Catalogue
    table: pd.DataFrame
    comparisons: pd.DataFrame
    content_hash: str


def sha256_of(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _schema_problems(res: Resource, datasets: Path) -> list[Problem]:
    """Table Schema checks (types, required, patterns, enums, labels, primary key) by frictionless."""
    import frictionless  # imported here: only needed when the cache is cold

    desc = {k: v for k, v in res.descriptor.items() if not k.startswith("_") and k not in ("hash", "bytes")}
    report = frictionless.Resource(desc, basepath=str(datasets)).validate()
    out = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None) or getattr(err, "label", None)
            out.append(Problem(res.path, row, col, err.type, err.message))
    return out


def _read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return None, [Problem(rel, None, None, "file-empty", "the file is empty")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(rel, 1, None, "encoding-bom", "the file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "encoding-utf8", f"not UTF-8 at byte {exc.start}")]


def _read_resource(res: Resource, datasets: Path, cat: Catalogue) -> tuple[list[dict[str, Any]], list[Problem]]:
    path = datasets / res.path
    if not path.is_file():
        return [], [Problem(res.path, None, None, "file-missing", "the file named in datapackage.json does not exist")]
    text, problems = _read_text(path, res.path)
    if text is None:
        return [], problems
    if res.hash and sha256_of(path) != res.hash:
        problems.append(Problem(res.path, None, None, "hash",
                                "the file's sha256 differs from datapackage.json (changed by hand? run `python -m dashboard package`)"))
    problems += _schema_problems(res, datasets)
    if problems:
        return [], problems
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if res.format == "opensdg":
        rows, problems = read_opensdg(raw, res.descriptor["_opensdg"], res.path)
    elif res.format == "comparisons":
        rows = [{**{c: (rec.get(c) or None) for c in COMPARISON_COLUMNS}, "_line": i + 2}
                for i, rec in enumerate(raw.to_dict("records"))]
        return rows, rules.check_comparisons(rows, cat, res.path)
    else:
        rows = []
        for i, rec in enumerate(raw.to_dict("records")):
            row: dict[str, Any] = {c: (rec.get(c) or None) for c in STORED_COLUMNS}
            row["_line"] = i + 2
            row["obs_status"] = None
            rows.append(row)
    problems += rules.check_rows(rows, cat, res.path)
    return rows, problems


def _with_derived(rows: list[dict[str, Any]], cat: Catalogue, res: Resource) -> list[dict[str, Any]]:
    for row in rows:
        row["row_id"] = f"{res.path}:{row.pop('_line')}"
        row["vintage"] = vintage_of(row["published_date"])
        if res.format == "comparisons":
            continue
        row["geography_code"] = area_code(row["geography"])
        row["licence"] = cat.sources.licence_of(row["producer"])
        label = group_label(row["group"])
        row["group_as_published"] = row["group"] if label != row["group"] else None
        row["group"] = label
        # the precision the source printed (value and interval), so figures are shown as published
        row["decimals"] = max(rules.decimals_of(str(row[c])) for c in ("value", "ci_lower", "ci_upper") if row[c])  \
            if row["value"] else None
        row["ci_method"] = CI_PUBLISHED if row["ci_lower"] else None
        ind = cat.indicators[row["indicator"]]
        if not row["ci_lower"] and row["numerator"] and row["denominator"] and ind.measure == "rate" and ind.multiplier:
            est = poisson_rate(int(row["numerator"]), int(row["denominator"]), ind.multiplier)
            row["ci_lower"], row["ci_upper"] = round(est.lower, ind.decimals), round(est.upper, ind.decimals)
            row["ci_method"] = CI_CALCULATED
    return rows


_TIER_ORDER = {"primary": 0, "official": 1, "secondary": 2}


def _one_interval(figures: list[dict[str, Any]]) -> None:
    """One interval label per figure: a value that some page printed with its interval carries that interval,
    with that page as its source, on every row with the same value (whichever row a page shows); an interval is
    calculated from the counts only when no page printed one. This is the only place the choice is made."""
    printed: dict[tuple, dict[str, Any]] = {}
    for row in sorted(figures, key=lambda r: (_TIER_ORDER.get(str(r["tier"]), 3), r["vintage"])):
        if row.get("ci_method") == CI_PUBLISHED and row["value"]:
            key = (*(row[c] for c in ("indicator", "period", "breakdown", "group", "geography")),
                   round(float(row["value"]), 6))
            printed.setdefault(key, row)
    for row in figures:
        if row.get("ci_method") == CI_PUBLISHED or not row["value"]:
            continue
        key = (*(row[c] for c in ("indicator", "period", "breakdown", "group", "geography")),
               round(float(row["value"]), 6))
        src = printed.get(key)
        if src is None:
            continue
        row["ci_lower"], row["ci_upper"], row["ci_method"] = src["ci_lower"], src["ci_upper"], CI_PUBLISHED
        row["ci_source_publication"], row["ci_source_url"] = src["publication"], src["source_url"]
        row["ci_tier"], row["ci_reported_by"] = src["tier"], src["reported_by"]
        row["decimals"] = max(int(row["decimals"] or 0), *(rules.decimals_of(str(src[c])) for c in ("ci_lower", "ci_upper")))


DATA_CODE = tuple(sorted(Path(__file__).resolve().parent.glob("*.py")))  # the loader, rules and schemas


def _content_hash(datasets: Path, cat: Catalogue) -> str:
    """The cache key: the package version, the data layer's own code and every input file's bytes."""
    h = hashlib.sha256(__version__.encode())
    for code in DATA_CODE:
        h.update(code.name.encode() + b"\0" + code.read_bytes())
    for name in ("datapackage.json", "indicators.yaml", "sources.yaml"):
        h.update((datasets / name).read_bytes())
    for name in (DEFINITIONS_FILE, "ons-sdg/meta_3-2-2.md"):
        h.update((datasets / name).read_bytes() if (datasets / name).is_file() else b"<none>")
    ambitions = datasets / AMBITIONS_FILE
    h.update(ambitions.read_bytes() if ambitions.is_file() else b"<no ambitions>")
    for res in cat.resources:
        p = datasets / res.path
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
    return h.hexdigest()[:16]


def _validated_tables(datasets: Path, cat: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    problems: list[Problem] = []
    figures: list[dict[str, Any]] = []
    comparisons: list[dict[str, Any]] = []
    for res in cat.resources:
        rows, found = _read_resource(res, datasets, cat)
        problems += found
        if not found:
            (comparisons if res.format == "comparisons" else figures).extend(_with_derived(rows, cat, res))
    _one_interval(figures)
    if not problems:
        problems += rules.check_coverage({r["indicator"] for r in figures}, cat)
        problems += rules.check_uncited(figures, cat)
        problems += rules.check_declared_bases(cat)
    if problems:
        raise DatasetError(problems)
    # the derived columns (vintage, row_id) are kept: statements are filtered by edition and traced by row
    columns = list(COMPARISON_COLUMNS + COMPARISON_DERIVED)
    return typed(pd.DataFrame(figures)), typed_comparisons(pd.DataFrame(comparisons, columns=columns))


def load_store(datasets: Path, cache: Path | None = None) -> Store:
    """Validate and load everything, or raise DatasetError listing every problem (nothing half-loaded).

    With a cache folder, tables already validated for exactly these bytes (and this code) are read from Parquet.
    """
    cat = read_catalogue(datasets)
    key = _content_hash(datasets, cat)
    cached = {name: cache / f"{name}-{key}.parquet" for name in ("tidy", "comparisons")} if cache else None
    if cached and all(p.is_file() for p in cached.values()):
        try:
            return Store(cat, typed(pd.read_parquet(cached["tidy"])),
                         typed_comparisons(pd.read_parquet(cached["comparisons"])), key)
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    table, comparisons = _validated_tables(datasets, cat)
    if cached:
        try:
            cached["tidy"].parent.mkdir(parents=True, exist_ok=True)
            for name, df in (("tidy", table), ("comparisons", comparisons)):
                tmp = cached[name].with_suffix(".tmp")
                df.to_parquet(tmp, index=False)
                tmp.replace(cached[name])
        except OSError:
            pass  # a read-only cache location only costs speed
    return Store(cat, table, comparisons, key)


def update_hashes(datasets: Path) -> list[str]:
    """Rewrite the sha256 and byte size of every resource in datapackage.json; returns what changed."""
    path = datasets / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for res in pkg["resources"]:
        f = datasets / res["path"]
        digest, size = sha256_of(f), f.stat().st_size
        if res.get("hash") != digest or res.get("bytes") != size:
            changed.append(res["path"])
        res["hash"], res["bytes"] = digest, size
    path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed
