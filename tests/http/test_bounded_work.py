"""Finite work for any request: 1,000 distinct values of every parameter that selects work (edition, pair of
editions, ind, by, groups, q) must not grow the process's memory by more than GROWTH_MB, whatever the caches keep.

Each cache the server keeps is bounded (dashboard.cache.BoundedCache): the response memo is set to MEMO_MB here,
the others have their own budgets (edition indexes: 6 entries of ~11 MB; PDFs, images, tables: 16 to 32 MiB but
not filled by these requests). Memory is the process's resident set after a garbage collection, checked every 100
requests so that a leak fails at once (an unbounded edition cache grows by ~7 MB per month asked for).

Measured on the shipped data (2026-12-07): cycling every edition through the bounded index cache raises the resident
set by ~112 MB and then no further (tracemalloc: 67 MB live, steady; the allocators keep the pages of evicted
indexes), the other parameters by under 4 MB. Hence two bounds: growth under GROWTH_MB in all, and under
LATE_GROWTH_MB over the second 500 values, when every cache has long been full and only a leak still grows.
"""

from __future__ import annotations

import gc
import os

import psutil
import pytest

from dashboard.data.index import EDITION_CACHE, index_of

MEMO_MB = 4
GROWTH_MB = 200       # the plateau measured above (~112 MB), with room for the allocators
LATE_GROWTH_MB = 24   # an unbounded memo of 80 KB pages would add 40 MB over 500 values
N = 1000


@pytest.fixture(scope="module")
def small_memo_client(store, settings):
    from dashboard.app import create_app

    old = os.environ.get("DASHBOARD_CALLBACK_CACHE_MB")
    os.environ["DASHBOARD_CALLBACK_CACHE_MB"] = str(MEMO_MB)
    try:
        app = create_app(settings, store)
    finally:
        if old is None:
            os.environ.pop("DASHBOARD_CALLBACK_CACHE_MB", None)
        else:
            os.environ["DASHBOARD_CALLBACK_CACHE_MB"] = old
    return app.server.test_client()


def memo_of(client):
    return client.application.extensions["dashboard_memo"]


def months(n: int, start: int = 2014) -> list[str]:
    return [f"{start + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


MONTHS, LATER = months(N), months(N, 2015)
PARAMETERS = {
    # each distinct month: its edition's address (a redirect), its tables and its Explore view
    "edition": lambda i: f"/briefing?edition={MONTHS[i]}" if i % 3 == 0 else
    f"/data/{MONTHS[i]}/maternal_mortality_rate.csv" if i % 3 == 1 else f"/explore?edition={MONTHS[i]}",
    # a pair of editions: mostly months that are not editions (404), some real pairs (new comparisons)
    "pair": lambda i: f"/changes?from={MONTHS[i]}&to={LATER[(i * 7) % N]}",
    "ind": lambda i: f"/explore?ind=indicator_{i}" if i % 2 else f"/briefing.pdf?view=1&ind=indicator_{i}",
    "by": lambda i: f"/explore?ind=maternal_mortality_rate&by=breakdown_{i}",
    "groups": lambda i: f"/explore?ind=maternal_mortality_rate&by=ethnicity&groups=White|group_{i}",
    "q": lambda i: f"/check?q={i / 7:.3f}",
}


@pytest.mark.parametrize("param", list(PARAMETERS))
def test_a_thousand_distinct_values_do_not_grow_memory(small_memo_client, param):
    client = small_memo_client
    make = PARAMETERS[param]
    for i in range(20):  # one-time costs (templates, first views) before the baseline
        client.get(make(i))
    base = rss_mb()
    statuses = set()
    half = base
    for i in range(N):
        resp = client.get(make(i))
        statuses.add(resp.status_code)
        assert resp.status_code < 500, make(i)
        if i % 100 == 99:
            now = rss_mb()
            assert now - base < GROWTH_MB, f"{param}: +{now - base:.0f} MB after {i + 1} distinct values"
            if i + 1 == N // 2:
                half = now
    late = rss_mb() - half
    assert late < LATE_GROWTH_MB, f"{param}: still growing, +{late:.0f} MB over the last {N // 2} values"
    assert memo_of(client).size <= MEMO_MB * 2**20  # the memo kept to its budget (RSS alone would not show it)
    assert statuses <= {200, 302, 303, 400, 404}, statuses


def test_edition_indexes_are_kept_for_a_few_editions_only(store):
    idx = index_of(store)
    for m in months(150):
        idx.edition(m)
    assert len(idx._editions) <= EDITION_CACHE
    # every month maps onto the vintages there are (maternal.csv and ons-sdg: 2014-12 is the first vintage)
    assert idx.vintage_at("2014-11") == "before-first"
    assert idx.vintage_at("2015-01") == "2014-12"
    assert idx.vintage_at("2023-01") == "2022-11"
    assert idx.vintage_at("2026-01") == "latest" and idx.vintage_at("9999-12") == "latest"
    assert idx.edition("2023-01") is idx.edition("2022-12")  # one index per edition, not per month
