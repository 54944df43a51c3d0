"""Static export: the default view of every indicator x breakdown as server-rendered pages, for any static host.

    python -m dashboard export OUTDIR

OUTDIR/index.html, OUTDIR/<indicator>/<breakdown>/{index.html, chart.png, chart.svg, data.csv},
OUTDIR/assets/style.css, OUTDIR/data/{package.zip, latest/<table>.csv|.parquet}. The pages are the same templates
and partials as the live site (chart as inline SVG, words, table, sources, support box), with relative links and no
script; images come from the pure-Python SVG renderer (no browser). Nothing is written outside OUTDIR (the data
is loaded without the Parquet cache). The images' "View online" links point at DASHBOARD_PUBLIC_URL (or the
fallback in dashboard/web/urls.py).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

import flask

from dashboard.charts.html import svg_pair
from dashboard.config import Settings
from dashboard.data.index import index_of
from dashboard.data.load import Store, load_store
from dashboard.data.metadata import TOPIC_LABELS
from dashboard.data.query import breakdowns
from dashboard.explore.state import parse
from dashboard.explore.view import View, build_view
from dashboard.exports import image
from dashboard.exports.csv import to_csv_bytes, to_parquet_bytes
from dashboard.exports.package import data_table, package_zip, table_names
from dashboard.model.figure import date_words
from dashboard.web import render, urls
from dashboard.web.share import share_of


@dataclass(frozen=True)
class Result:
    outdir: Path
    pages: int
    files: int
    seconds: float


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
        self.stream.write(("\r" + bar.ljust(100) + ("\n" if self.done == self.total else "")) if self.tty else bar + "\n")
        self.stream.flush()


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _site(settings: Settings) -> flask.Flask:
    """A Flask app only for rendering the site's templates (no server runs)."""
    app = flask.Flask("dashboard-export", static_folder=str(settings.assets))
    render.install(app, settings.public_url)
    return app


def export(outdir: str | Path, store: Store | None = None, settings: Settings | None = None,
           progress: bool = True, stream: TextIO | None = None) -> Result:
    t0 = time.perf_counter()
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = settings or Settings.from_env()
    store = store or load_store(settings.datasets)  # no cache folder: write nothing outside OUTDIR
    index_of(store)
    views = [v for v in default_views(store) if not v.empty]
    names = table_names(store)
    bar = Progress(len(views) + len(names) + 2, stream, progress)
    files = 0
    today = date.today()
    made = date_words(today.isoformat())
    common = {"made": made, "description": "Published UK figures on maternal deaths, with their sources and "
                                           "uncertainty."}
    _write(out / "assets" / "style.css", (settings.assets / "style.css").read_bytes())
    files += 1
    bar.step("assets")
    by_indicator: dict[str, list[View]] = {}
    for v in views:
        by_indicator.setdefault(v.state.indicator, []).append(v)
    with _site(settings).app_context():
        topics: dict[str, list[tuple[str, str]]] = {}
        for view in views:
            ind, by = view.state.indicator, view.state.breakdown
            folder = out / ind / by
            share = share_of(view, settings.public_url, today)
            chart = image.image_chart(view, share.permalink, render.SITE_NAME, today)
            _write(folder / "chart.png", image.render(chart, "png"))
            _write(folder / "chart.svg", image.render(chart, "svg"))
            _write(folder / "data.csv", to_csv_bytes(view.table_df))
            wide, narrow = svg_pair(view.chart)
            others = [(f"../{o.state.breakdown}/index.html", o.title) for o in by_indicator[ind] if o is not view]
            page = flask.render_template("export_view.html", title=view.title, root="../../", view=view,
                                         chart_wide=wide, chart_narrow=narrow, rows=share.rows, others=others,
                                         citations=share.citations + (share.cite_view,), permalink=share.permalink,
                                         **{**common, "description": share.description})
            _write(folder / "index.html", page)
            files += 4
            topic = TOPIC_LABELS.get(view.indicator.topic, view.indicator.topic)
            topics.setdefault(topic, []).append((f"{ind}/{by}/index.html", view.title))
            bar.step(f"{ind} by {by}")
        for name in names:
            t = data_table(store, name)
            _write(out / "data" / "latest" / f"{name}.csv", to_csv_bytes(t))
            _write(out / "data" / "latest" / f"{name}.parquet", to_parquet_bytes(t))
            files += 2
            bar.step(f"data {name}")
        _write(out / "data" / "package.zip", package_zip(store, urls.base_url(settings.public_url), settings.datasets))
        _write(out / "index.html", flask.render_template("export_index.html", title="Every chart", root="",
                                                          topics=list(topics.items()), **common))
        files += 2
        bar.step("index and data package")
    return Result(out, len(views), files, time.perf_counter() - t0)
