"""Static export: every indicator x breakdown default view baked into a folder any static host can serve.

    python -m dashboard export OUTDIR

OUTDIR/index.html, OUTDIR/<indicator>/<breakdown>/{index.html, chart.png, chart.svg, data.csv},
OUTDIR/assets/{plotly.min.js (copied from the installed plotly package, no CDN), draw.js, site.css},
OUTDIR/data/{package.zip, latest/<table>.csv|.parquet}. Nothing is written outside OUTDIR: the data is loaded
without the parquet cache, and the renderer's temporary browser profile lives in OUTDIR/.tmp (removed at the end).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from dashboard import __version__
from dashboard.config import Settings
from dashboard.data.load import Store, load_store
from dashboard.data.query import breakdowns
from dashboard.exports import image
from dashboard.exports.csv import to_csv_bytes, to_parquet_bytes
from dashboard.exports.html import BASE_CSS, DRAW_JS, index_page, static_page
from dashboard.exports.package import data_table, package_zip, table_names
from dashboard.state import parse
from dashboard.views import KIND_EMPTY, View, build_view


@dataclass(frozen=True)
class Result:
    outdir: Path
    pages: int
    files: int
    seconds: float


def plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def default_views(store: Store) -> list[View]:
    """The default view of every indicator x breakdown (what a link with only ind= and by= opens)."""
    out = []
    for ind_id in store.catalogue.indicators:
        for by in breakdowns(store, ind_id):
            state, _ = parse({"ind": [ind_id], "by": [by]}, store)
            out.append(build_view(store, state))
    return out


class Progress:
    """A plain progress bar on stderr (a line per step when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total, self.done, self.stream, self.enabled = total, 0, stream or sys.stderr, enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[:50]}"
        if self.tty:
            self.stream.write("\r" + bar.ljust(100))
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(bar + "\n")
        self.stream.flush()


def _write(path: Path, data: bytes | str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def export(outdir: str | Path, store: Store | None = None, settings: Settings | None = None,
           progress: bool = True, stream: TextIO | None = None) -> Result:
    t0 = time.perf_counter()
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = settings or Settings.from_env()
    store = store or load_store(settings.datasets)  # no cache folder: write nothing outside OUTDIR
    tmp = out / ".tmp"
    tmp.mkdir(exist_ok=True)
    old_tempdir = tempfile.tempdir
    tempfile.tempdir = str(tmp)  # the renderer's browser profile goes here, not to /tmp
    files = 0
    try:
        views = [v for v in default_views(store) if v.kind != KIND_EMPTY]
        names = table_names(store)
        bar = Progress(len(views) + len(names) + 2, stream, progress)
        files += _write(out / "assets" / "site.css", BASE_CSS) and 1
        files += _write(out / "assets" / "draw.js", DRAW_JS) and 1
        shutil.copyfile(plotly_js_path(), out / "assets" / "plotly.min.js")
        files += 1
        bar.step("assets")
        today = date.today()
        entries = []
        for view in views:
            ind, by = view.state.indicator, view.state.breakdown
            folder = out / ind / by
            link = f"{settings.public_url}/explore" + (f"?{view.query}" if view.query else "")
            text = image.ImageText.for_view(view, link, today, show_ci=view.state.ci)
            composed = image.compose(view.figure, text)
            sizes = {}
            for fmt in ("png", "svg"):
                sizes[f"Image ({fmt.upper()})"] = (f"chart.{fmt}", _write(folder / f"chart.{fmt}", image.render(composed, fmt)))
            sizes["Data for this chart (CSV)"] = ("data.csv", _write(folder / "data.csv", to_csv_bytes(view.table_df)))
            _write(folder / "index.html", static_page(view, link, "../../", sizes, __version__))
            files += 4
            entries.append((view.indicator.topic, view.title, f"{ind}/{by}/index.html", view.sensitive))
            bar.step(f"{ind} by {by}")
        for name in names:
            t = data_table(store, name)
            _write(out / "data" / "latest" / f"{name}.csv", to_csv_bytes(t))
            _write(out / "data" / "latest" / f"{name}.parquet", to_parquet_bytes(t))
            files += 2
            bar.step(f"data {name}")
        _write(out / "data" / "package.zip", package_zip(store, settings.public_url, settings.datasets))
        _write(out / "index.html", index_page(entries, __version__, today.isoformat()))
        files += 2
        bar.step("index and data package")
    finally:
        image.stop()
        tempfile.tempdir = old_tempdir
        shutil.rmtree(tmp, ignore_errors=True)
    return Result(out, len(entries), files, time.perf_counter() - t0)
