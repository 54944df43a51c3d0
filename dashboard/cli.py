"""Command line: `python -m dashboard serve | validate | data | package | export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import Settings
from dashboard.data.errors import DatasetError
from dashboard.data.load import load_store, update_hashes
from dashboard.data.query import LATEST, Selection, resolved, series
from dashboard.data.schema import EXPORT_COLUMNS


def _cmd_validate(args: argparse.Namespace) -> int:
    folder = Path(args.dir) if args.dir else Settings.from_env().datasets
    try:
        store = load_store(folder)  # no cache: always a full validation
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    t = store.table
    print(f"OK: {folder} is valid: {len(t):,} figures, {t['indicator'].nunique()} indicators, "
          f"{len(store.catalogue.resources)} tables, {t['publication'].nunique()} publications.")
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        store = load_store(settings.datasets, settings.cache)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.indicator and args.indicator not in store.catalogue.indicators:
        known = ", ".join(sorted(store.catalogue.indicators))
        print(f"Unknown indicator '{args.indicator}'. Known indicators: {known}", file=sys.stderr)
        return 2
    edition = args.edition or LATEST
    if args.all_vintages:
        df = store.table
    elif args.indicator and args.breakdown:
        df = series(store, Selection(args.indicator, args.breakdown, edition=edition))
    else:
        df = resolved(store, edition)
    if args.indicator:
        df = df[df["indicator"] == args.indicator]
    if args.breakdown:
        df = df[df["breakdown"] == args.breakdown]
    df = df[list(EXPORT_COLUMNS)]
    out = sys.stdout
    if args.format == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    elif args.format == "json":
        out.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        if out.isatty():
            print("Refusing to write Parquet to a terminal: redirect it to a file.", file=sys.stderr)
            return 2
        df.to_parquet(out.buffer, index=False)
    return 0


def _cmd_package(args: argparse.Namespace) -> int:
    folder = Path(args.dir) if args.dir else Settings.from_env().datasets
    changed = update_hashes(folder)
    print("Updated hashes: " + (", ".join(changed) if changed else "none changed"))
    return _cmd_validate(argparse.Namespace(dir=str(folder)))


def _cmd_sources(args: argparse.Namespace) -> int:
    from dashboard.provenance import report

    settings = Settings.from_env()
    try:
        store = load_store(settings.datasets, settings.cache)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    text = report(store)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        print(f"Wrote {args.write}")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.serve import serve

    return serve(host=args.host, port=args.port, production=args.production, workers=args.workers)


def _cmd_export(args: argparse.Namespace) -> int:
    from dashboard.exports.site import export, summary

    try:
        result = export(args.outdir, progress=not args.quiet)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(summary(result, Settings.from_env().public_url))
    return 1 if result.broken else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dashboard", description="UK maternal outcome statistics: published figures with their sources.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the web app on the shipped data")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--production", action="store_true", help="serve with gunicorn, compression and caching")
    s.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: 2 x cores + 1)")
    s.set_defaults(func=_cmd_serve)
    v = sub.add_parser("validate", help="check a datasets folder; exit 0 or print every problem")
    v.add_argument("dir", nargs="?", help="datasets folder (default: the shipped one)")
    v.set_defaults(func=_cmd_validate)
    d = sub.add_parser("data", help="print the tidy table (the same columns as the CSV download)")
    d.add_argument("--indicator")
    d.add_argument("--breakdown")
    d.add_argument("--edition", help="YYYY-MM: figures as published by then (default: latest)")
    d.add_argument("--all-vintages", action="store_true", help="every published version, not only the latest")
    d.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    d.set_defaults(func=_cmd_data)
    k = sub.add_parser("package", help="refresh file hashes in datapackage.json after editing a table, then validate")
    k.add_argument("dir", nargs="?")
    k.set_defaults(func=_cmd_package)
    r = sub.add_parser("sources", help="the provenance report: rows per tier, headline tiers, what stays secondary")
    r.add_argument("--write", metavar="FILE", help="write the Markdown report to FILE (e.g. docs/provenance.md)")
    r.set_defaults(func=_cmd_sources)
    x = sub.add_parser("export", help="write the whole site as static files in OUTDIR, for any static host")
    x.add_argument("outdir")
    x.add_argument("--quiet", action="store_true", help="no progress bar")
    x.set_defaults(func=_cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `dashboard data | head`: the reader left; not an error of ours
        sys.stderr.close()
        return 0
