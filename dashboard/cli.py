"""Command line: `python -m dashboard serve | validate | data | package | sources | export` (installed as
`maternal-dashboard`).

Exit status: 0 done; 1 the data are invalid (every problem listed); 2 the command itself cannot be used as given
(an unknown option or value, an unknown indicator, breakdown or edition, a bad port, a cache folder that cannot be
written): one line on stderr saying what and, where there is a list, the known values. Never a traceback for
input; a traceback only for a bug.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from dashboard import __version__
from dashboard.config import Settings
from dashboard.text.product import SITE_NAME

if TYPE_CHECKING:
    from dashboard.data.load import Store

# The data layer (pandas, pyarrow) is imported by the commands that use it, so --version, --help and a usage
# error answer at once.

PROG_MODULE = "python -m dashboard"
PROG_SCRIPT = "maternal-dashboard"
DESCRIPTION = f"{SITE_NAME}: published figures with their sources."


def prog_name(argv0: str | None = None) -> str:
    """'maternal-dashboard' when run as the installed command, else 'python -m dashboard'."""
    name = Path(argv0 if argv0 is not None else sys.argv[0]).name
    return PROG_SCRIPT if name.startswith(PROG_SCRIPT) else PROG_MODULE


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (what was wrong, and where to look) with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def usage_error(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"the port must be a whole number from 1 to 65535, not '{text[:20]}'")
    return port


def worker_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"the number of workers must be a whole number from 1 to 256, not '{text[:20]}'")
    return int(text)


def bind_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in use, no such address), or None if it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"Cannot serve on host '{host[:60]}': {getattr(exc, 'strerror', None) or exc}."
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no obstacle
        try:
            probe.bind(address)
        except OSError as exc:
            advice = {errno.EADDRINUSE: " Choose another --port.",
                      errno.EACCES: " Ports below 1024 need privileges: choose another --port.",
                      errno.EADDRNOTAVAIL: " This machine has no such address: choose another --host."}
            return f"Cannot serve on {host}:{port}: {exc.strerror or exc}.{advice.get(exc.errno or 0, '')}"
    return None


def cache_problem(folder: Path) -> str | None:
    """Why the cache folder cannot be used (not a folder, not writable), or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return (f"Cannot write the cache folder {folder}: {exc.strerror or exc}. "
                "Set DASHBOARD_CACHE to a writable folder.")
    return None


def _cmd_validate(args: argparse.Namespace) -> int:
    from dashboard.data.errors import DatasetError
    from dashboard.data.load import load_store

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


def data_problem(store: Store, indicator: str | None, breakdown: str | None, edition: str | None) -> str | None:
    """The message for an indicator, breakdown or edition the data do not have (with the known values), or None."""
    from dashboard.data.query import LATEST, breakdowns
    from dashboard.model.catalogue import describe

    if indicator and indicator not in store.catalogue.indicators:
        return f"Unknown indicator '{indicator}'. Known indicators: {', '.join(sorted(store.catalogue.indicators))}"
    if breakdown:
        known = (breakdowns(store, indicator) if indicator
                 else sorted(set(store.table["breakdown"].astype(str))))
        if breakdown not in known:
            where = f" for indicator '{indicator}'" if indicator else ""
            return f"Unknown breakdown '{breakdown}'{where}. Known breakdowns: {', '.join(known)}"
    if edition and edition != LATEST:
        editions = describe(store).edition_ids
        if edition not in editions:
            return (f"Unknown edition '{edition}'. Known editions (YYYY-MM, the month a publication came out): "
                    f"{', '.join((LATEST, *editions))}")
    return None


def _cmd_data(args: argparse.Namespace) -> int:
    from dashboard.data.errors import DatasetError
    from dashboard.data.load import load_store
    from dashboard.data.query import LATEST, Selection, resolved, series
    from dashboard.data.schema import EXPORT_COLUMNS

    settings = Settings.from_env()
    try:
        store = load_store(settings.datasets, settings.cache)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    problem = data_problem(store, args.indicator, args.breakdown, args.edition)
    if problem:
        return usage_error(problem)
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
    from dashboard.data.load import update_hashes

    folder = Path(args.dir) if args.dir else Settings.from_env().datasets
    changed = update_hashes(folder)
    print("Updated hashes: " + (", ".join(changed) if changed else "none changed"))
    return _cmd_validate(argparse.Namespace(dir=str(folder)))


def _cmd_sources(args: argparse.Namespace) -> int:
    from dashboard.data.errors import DatasetError
    from dashboard.data.load import load_store
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
    problem = bind_problem(args.host, args.port) or cache_problem(Settings.from_env().cache)
    if problem:
        return usage_error(problem)
    from dashboard.serve import serve
    from dashboard.web import logs
    from dashboard.web.metrics import prepare_multiproc_dir

    try:
        prepare_multiproc_dir()  # PROMETHEUS_MULTIPROC_DIR, emptied before any worker writes to it
    except OSError as exc:
        return usage_error(f"Cannot use PROMETHEUS_MULTIPROC_DIR: {exc.strerror or exc}.")
    logs.configure()
    return serve(host=args.host, port=args.port, production=args.production, workers=args.workers)


def _cmd_export(args: argparse.Namespace) -> int:
    from dashboard.data.errors import DatasetError
    from dashboard.publish.site import export, summary

    try:
        result = export(args.outdir, progress=not args.quiet)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(summary(result, Settings.from_env().public_url))
    return 1 if result.broken else 0


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = Parser(prog=prog or prog_name(), description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    s = sub.add_parser("serve", help="run the web app on the shipped data")
    s.add_argument("--host", default=os.environ.get("DASHBOARD_HOST", "127.0.0.1"),
                   help="address to listen on (default: $DASHBOARD_HOST, else 127.0.0.1)")
    s.add_argument("--port", type=port_number, default=os.environ.get("PORT", "8050"),
                   help="port to listen on (default: $PORT, else 8050)")
    s.add_argument("--production", action="store_true", help="serve with gunicorn, compression and caching")
    s.add_argument("--workers", type=worker_count, default=None,
                   help="gunicorn workers (default: $WEB_CONCURRENCY, else 2 x CPUs + 1, CPUs as the container's "
                        "CPU limit allows)")
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
