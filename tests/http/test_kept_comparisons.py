"""The /changes pages are the same, byte for byte, whether their comparisons were made now or read back from the
disk cache a previous run of the server kept (dashboard.serve.keep_comparisons)."""

from __future__ import annotations

import pytest

from dashboard.cache import DiskMemo
from dashboard.model.changes import changes, editions, keep_on_disk

QUERIES = ["", "?from=2024-01&to=2024-10", "?from=2025-09&to=2026-01", "?from=2024-10&to=2024-01",
           "?from=1999-01&to=2026-01"]


@pytest.fixture(scope="module")
def pages(store, settings, tmp_path_factory):
    from dashboard.app import create_app

    first = editions(store)[:2]
    queries = [*QUERIES, f"?from={first[0].vintage}&to={first[1].vintage}"]
    memo = DiskMemo(tmp_path_factory.mktemp("kept"), "code-1")

    def fetch(disk):
        keep_on_disk(disk)  # also empties the comparisons kept in memory
        client = create_app(settings, store).server.test_client()  # a new app: nothing kept in its pages either
        return {q: client.get("/changes" + q) for q in queries}

    try:
        made = fetch(None)
        fetch(memo)  # made and kept on disk
        hits = memo.hits
        read = fetch(memo)
    finally:
        keep_on_disk(None)
        changes.cache_clear()
    return made, read, memo.hits - hits, len(queries)


def test_pages_from_kept_comparisons_are_byte_identical(pages):
    made, read, _, _ = pages
    for q, resp in made.items():
        assert (q, resp.status_code) == (q, read[q].status_code)
        assert resp.get_data() == read[q].get_data(), q


def test_every_comparison_was_read_back(pages):
    made, _, hits, n = pages
    assert hits == sum(r.status_code == 200 for r in made.values()) == n - 1  # 1999-01 is no edition: a 404
