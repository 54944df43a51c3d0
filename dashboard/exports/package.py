"""The downloadable data package: tidy CSV and Parquet tables, datapackage.json, a README, the shipped sources.

Pure and deterministic: the same store gives the same zip bytes (fixed timestamps, sorted names), so the
download button, the link and the static export all hand out identical files.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import __version__
from dashboard.data.load import Store
from dashboard.data.query import LATEST, resolved
from dashboard.data.schema import ALL_VINTAGES, EXPORT_COLUMNS, FIGURES, FLOAT_COLUMNS, INT_COLUMNS
from dashboard.exports.csv import to_csv_bytes, to_parquet_bytes
from dashboard.model.currency import by_indicator, published_up_to
from dashboard.text.product import INDEPENDENCE
from dashboard.text.product import SITE_NAME as DASHBOARD_NAME

EDITION_RE = re.compile(r"^(19|20)\d{2}-(0\d|1[0-2])$")  # YYYY-MM (a bare-year edition sorts as YYYY-00)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

COLUMN_DOCS = {
    "indicator": "Indicator id (definitions in README.md and metadata/indicators.yaml)",
    "period": "YYYY (one year) or YYYY-YY (a rolling period or span, e.g. 2020-22)",
    "breakdown": "'overall' or the breakdown the group belongs to",
    "group": "The group within the breakdown: one label per group across sources",
    "group_as_published": "The source's own spelling of the group, when it differs from `group`",
    "geography": "Where the figure applies",
    "geography_code": "The ONS area code of the geography (E92000001 England, W92000004 Wales, S92000003 Scotland, "
                      "N92000002 Northern Ireland, K02000001 UK, K04000001 England and Wales); empty when it has none",
    "value": "The figure as published (never rounded further, never computed)",
    "ci_lower": "Lower end of the 95% confidence interval",
    "ci_upper": "Upper end of the 95% confidence interval",
    "ci_method": "'published', or 'calculated' (an exact Poisson interval calculated by this dashboard from the "
                 "published counts)",
    "numerator": "Published count behind the figure (deaths)",
    "denominator": "Published denominator (maternities or births)",
    "unit": "Unit of the value",
    "vintage": "Edition of the figure: the publication date as YYYY-MM",
    "publication": "The original publication the figure belongs to",
    "published_date": "Date of that publication",
    "source_url": "The page where the figure was read",
    "locator": "Where on that page (section, table, paragraph)",
    "producer": "Who produced the figure (an id from metadata/sources.yaml)",
    "tier": "'primary' (read in its producer's own publication), 'official' (restated by an official body) or "
            "'secondary' (reported by a secondary source; not checked against the original)",
    "reported_by": "For official and secondary figures: who restated or reported the figure",
    "ci_source_publication": "When the figure's own page printed no interval: the publication that printed the "
                             "interval shown, beside the same value",
    "ci_source_url": "The page where that interval was read",
    "ci_tier": "The tier of that page (primary, official or secondary)",
    "ci_reported_by": "Who restated or reported that interval, when it is not primary",
    "counts_source_publication": "When the figure's own page printed no counts: the publication that printed the "
                                 "counts shown, beside the same value",
    "counts_source_url": "The page where those counts were read",
    "counts_tier": "The tier of that page (primary, official or secondary)",
    "counts_reported_by": "Who restated or reported those counts, when it is not primary",
    "obs_status": "Observation status from the ONS file, when given",
    "licence": "The terms the figure is reused on, by its producer: a name from `licenses` in datapackage.json",
    "note": "Caveats in plain words",
    "base": "Empty when the figure is on its indicator's declared base; otherwise the other base it is on",
    "canonical_url": "The page's canonical address, when source_url (the page actually read) is a copy of it",
    "checked": "The day the row was last compared with the page it cites (curated rows)",
}


class UnknownTable(LookupError):
    """A table name or edition the package does not have (the message says what exists).

    missing: the address is well formed but names nothing (404), rather than not being an edition at all (400)."""

    def __init__(self, message: str, missing: bool = True) -> None:
        super().__init__(message)
        self.missing = missing


def table_names(store: Store) -> list[str]:
    """Every table served at /data/<edition>/<table>.csv: the whole set, every version, one per indicator."""
    return [FIGURES, ALL_VINTAGES, *sorted(store.catalogue.indicators)]


def data_table(store: Store, name: str, edition: str = LATEST) -> pd.DataFrame:
    """A public table as known at an edition. Raises UnknownTable with a plain message."""
    if edition != LATEST and not EDITION_RE.match(edition):
        raise UnknownTable(f"'{edition[:20]}' is not an edition: use 'latest' or a date written YYYY-MM.", missing=False)
    if edition != LATEST and not (store.table["vintage"] <= edition).any():
        raise UnknownTable(f"No figures had been published by {edition}; the first edition is "
                           f"{store.table['vintage'].min()}.")
    if name == ALL_VINTAGES:
        t = store.table if edition == LATEST else store.table[store.table["vintage"] <= edition]
        t = t.sort_values(["indicator", "breakdown", "group", "period", "vintage"], kind="stable")
    elif name == FIGURES or name in store.catalogue.indicators:
        t = resolved(store, edition)
        if name != FIGURES:
            t = t[t["indicator"] == name]
        t = t.sort_values(["indicator", "breakdown", "group", "period"], kind="stable")
    else:
        raise UnknownTable(f"There is no table called '{name[:60]}'. Tables: {', '.join(table_names(store))}.")
    if t.empty:
        raise UnknownTable(f"No figures had been published by {edition} for '{name}'.")
    return t


def _field(col: str) -> dict:
    typ = "number" if col in FLOAT_COLUMNS else "integer" if col in INT_COLUMNS else "string"
    return {"name": col, "type": typ, "description": COLUMN_DOCS.get(col, "")}


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _readme(store: Store, base_url: str, files: dict[str, bytes]) -> str:
    pkg = store.catalogue.package
    lic = "\n".join(f"- `{x['name']}`: {x['title']}" + (f" ({x['path']})" if x.get("path") else "")
                    + f". Figures by {', '.join(x['producers']).rstrip('.')}." for x in _licences(store, store.table))
    srcs = "\n".join(f"- {s.get('title')}: {s.get('path', '')}" for s in pkg.get("sources", []))
    cols = "\n".join(f"| `{c}` | {COLUMN_DOCS.get(c, '')} |" for c in EXPORT_COLUMNS)
    listing = "\n".join(f"- `{name}` ({len(data):,} bytes)" for name, data in sorted(files.items()))
    defs = []
    current = by_indicator(store)
    for ind in sorted(store.catalogue.indicators.values(), key=lambda i: i.id):
        block = [f"### {ind.title} (`{ind.id}`)", "", f"{ind.definition}", "", f"- Base: {ind.base}",
                 f"- Unit: {ind.unit}", f"- Geography: {ind.geography}"]
        if ind.id in current:
            block.append(f"- Published up to: {current[ind.id].detail}")
        if ind.numerator:
            block.append(f"- Numerator: {ind.numerator}")
        if ind.denominator:
            block.append(f"- Denominator: {ind.denominator}")
        block += [f"- Caveat: {c}" for c in ind.caveats]
        defs.append("\n".join(block))
    definitions = "\n\n".join(defs)
    return f"""# {DASHBOARD_NAME}: data package

{pkg.get('description', '')}

{INDEPENDENCE}

{published_up_to(store)} Dashboard version {__version__}; data content hash {store.content_hash}.

## Files

{listing}

- `data/{FIGURES}.*`: one row per figure, as known now (when a figure was revised, the latest value).
- `data/{ALL_VINTAGES}.*`: every published version of every figure, so revisions can be traced.
- `metadata/indicators.yaml`: the indicator definitions below, machine-readable.
- `original/`: the published tables exactly as this dashboard ships them, with their own datapackage.json.

The same tables are online at stable addresses:

- {base_url}/data/latest/<table>.csv (and .parquet), where <table> is `{FIGURES}`, `{ALL_VINTAGES}` or an indicator id
- {base_url}/data/<edition>/<table>.csv: the figures as published by an edition date (YYYY-MM)
- {base_url}/data/package.zip: this package

## Columns

| column | meaning |
|---|---|
{cols}

Every figure keeps its 95% confidence interval, counts and period. Use the confidence intervals before saying
that two figures differ: when intervals overlap a lot, the difference may be due to chance.

## Definitions

{definitions}

## Licences

Each figure is reused on its producer's terms, named in its `licence` column:

{lic}

Figures from ONS are Crown copyright, reused under the Open Government Licence v3.0. MBRRACE-UK figures are
quoted from their publications, (c) NPEU/HQIP, with no open licence; journal figures are quoted under each
article's own licence. Cite the original publication of every figure you reuse.

## Sources

{srcs}

## How to cite

Cite the original publication of each figure (the `publication` and `source_url` columns), and this dashboard:

> {DASHBOARD_NAME} (version {__version__}), an independent presentation of published figures. {base_url}/

{INDEPENDENCE}
"""


def _licences(store: Store, rows: pd.DataFrame) -> list[dict]:
    """Frictionless `licenses` of a set of rows: one per licence their producers use (most rows first), each with
    the producers it covers (an extra property, which Frictionless allows)."""
    sources = store.catalogue.sources
    by: dict[str, dict[str, int]] = {}
    for pid in rows["producer"].astype(str):
        counts = by.setdefault(sources.licence_of(pid), {})
        counts[pid] = counts.get(pid, 0) + 1
    out = []
    for name, counts in sorted(by.items(), key=lambda x: (-sum(x[1].values()), x[0])):
        names = [sources.producers[p].name if p in sources.producers else p
                 for p in sorted(counts, key=lambda p: (-counts[p], p))]
        out.append({**sources.licence_descriptor(name), "producers": names})
    return out


def _descriptor(store: Store, base_url: str, files: dict[str, bytes]) -> dict:
    pkg = store.catalogue.package
    schema = {"fields": [_field(c) for c in EXPORT_COLUMNS]}
    resources = []
    for path in sorted(files):
        if not path.startswith("data/"):
            continue
        stem, ext = path[5:].rsplit(".", 1)
        res = {"name": f"{stem}-{ext}" if ext != "csv" else stem, "path": path, "format": ext,
               "mediatype": "text/csv" if ext == "csv" else "application/vnd.apache.parquet",
               "title": "Every figure, latest value" if stem == FIGURES else "Every published version of every figure",
               "licenses": _licences(store, data_table(store, stem)), "schema": schema}
        if ext == "csv":
            # Frictionless checks a CSV's bytes and hash as it streams the file; it reads Parquet through pyarrow
            # and cannot count or hash it, so a Parquet resource carries neither (README.md lists every file's size)
            res.update(encoding="utf-8", bytes=len(files[path]), hash=_sha(files[path]))
        resources.append(res)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": pkg.get("name", "uk-maternal-outcomes") + "-export",
        "title": pkg.get("title", DASHBOARD_NAME),
        "description": f"{pkg.get('description', '')} {INDEPENDENCE}".strip(),
        "version": pkg.get("version", __version__),
        "homepage": base_url + "/",
        "licenses": _licences(store, store.table),
        "sources": pkg.get("sources", []),
        "resources": resources,
    }


def _original_files(datasets: Path | None, store: Store) -> dict[str, bytes]:
    if datasets is None:
        return {}
    out = {}
    for name in ("datapackage.json", "indicators.yaml"):
        p = datasets / name
        if p.is_file():
            out[f"original/{name}"] = p.read_bytes()
    for res in store.catalogue.resources:
        p = datasets / res.path
        if p.is_file():
            out[f"original/{res.path}"] = p.read_bytes()
        meta = sorted(p.parent.glob("meta_*.md")) if p.parent.is_dir() else []
        for m in meta:
            out[f"original/{m.relative_to(datasets).as_posix()}"] = m.read_bytes()
    return out


def package_files(store: Store, base_url: str, datasets: Path | None = None) -> dict[str, bytes]:
    """Path inside the package -> bytes."""
    files: dict[str, bytes] = {}
    for name in (FIGURES, ALL_VINTAGES):
        t = data_table(store, name)
        files[f"data/{name}.csv"] = to_csv_bytes(t)
        files[f"data/{name}.parquet"] = to_parquet_bytes(t)
    files.update(_original_files(datasets, store))
    if datasets is not None and (datasets / "indicators.yaml").is_file():
        files["metadata/indicators.yaml"] = (datasets / "indicators.yaml").read_bytes()
    files["datapackage.json"] = (json.dumps(_descriptor(store, base_url, files), indent=2, ensure_ascii=False)
                                 + "\n").encode("utf-8")
    files["README.md"] = _readme(store, base_url, files).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buf.getvalue()


@lru_cache(maxsize=4)
def package_zip(store: Store, base_url: str, datasets: Path | None = None) -> bytes:
    """The data package as zip bytes (cached per store)."""
    return zip_bytes(package_files(store, base_url, datasets))
