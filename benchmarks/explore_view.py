"""How long one Explore view takes, with every memo off (computed from scratch) and on.

    python benchmarks/explore_view.py [--repeat 15]

For a set of views it times, in-process (no network, no browser):
- build_view: the figures, chart spec, table and words (dashboard.explore.view.build_view);
- page: GET /explore?<query>, the whole server-rendered page (view, form, SVG pair, templates), through Flask;
- panel: GET /explore/_panel?<query>, the view panel and form as JSON (how a change is answered in place);
- callback: POST /explore/_dash-update-component, the Dash callback that draws the interactive chart's figure.
"Memo off" clears build_view's lru_cache and the SVG cache before every call (the per-store lookups built when
the data loads stay: they are the data, not a memo of any view); "memo on" leaves them warm. The target is a
median of 50 ms or less from scratch.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.app import create_app
from dashboard.charts import html as chart_html
from dashboard.config import Settings
from dashboard.data.load import load_store
from dashboard.explore.state import parse
from dashboard.explore.view import build_view

QUERIES = ["", "by=ethnicity", "by=deprivation", "by=age&ci=0", "by=ethnicity&measure=ratio",
           "ind=maternal_suicide_rate", "ind=known_to_social_services_share", "ind=maternal_deaths_by_cause&by=cause",
           "ind=stillbirth_rate", "ind=early_neonatal_mortality_rate_ons&by=sex", "edition=2023-05",
           "by=ethnicity&groups=Black|Asian&from=2015-17", "ind=nonsense&from=1066"]


def forget() -> None:
    build_view.cache_clear()
    with chart_html._lock:
        chart_html._cache.clear()


def timed(fn: Callable[[], object], repeat: int, cold: bool) -> list[float]:
    out = []
    fn()  # imports, first-call costs
    for _ in range(repeat):
        if cold:
            forget()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def callback_body(query: str) -> dict:
    """What the Dash renderer posts when the page tells the interactive chart which view to draw."""
    return {"output": "explore-graph.figure", "outputs": {"id": "explore-graph", "property": "figure"},
            "inputs": [{"id": "explore-query", "property": "data", "value": query}],
            "changedPropIds": ["explore-query.data"], "state": []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    settings = Settings.from_env()
    store = load_store(settings.datasets, settings.cache)
    app = create_app(settings, store)
    client = app.server.test_client()

    def view(q: str) -> Callable[[], object]:
        return lambda: build_view(store, parse(q, store)[0])

    def page(q: str) -> Callable[[], object]:
        def get() -> object:
            resp = client.get("/explore" + (f"?{q}" if q else ""))
            assert resp.status_code == 200, resp.status_code
            return resp.data
        return get

    def callback(q: str) -> Callable[[], object]:
        def post() -> object:
            resp = client.post("/explore/_dash-update-component", json=callback_body(q))
            assert resp.status_code == 200, resp.status_code
            return resp.data
        return post

    print(f"{len(QUERIES)} views x {args.repeat} runs each; milliseconds")
    print(f"{'what':<10} {'memo':<5} {'median':>8} {'p95':>8} {'max':>8}")
    def panel(q: str) -> Callable[[], object]:
        def get() -> object:
            resp = client.get("/explore/_panel" + (f"?{q}" if q else ""))
            assert resp.status_code == 200, resp.status_code
            return resp.data
        return get

    for name, make in (("build_view", view), ("page", page), ("panel", panel), ("callback", callback)):
        for cold in (True, False):
            times = [t for q in QUERIES for t in timed(make(q), args.repeat, cold)]
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"{name:<10} {'off' if cold else 'on':<5} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
