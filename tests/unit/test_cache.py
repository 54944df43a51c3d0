"""The Parquet cache of validated tables: keyed by the data, the package version and the data layer's own code."""

from __future__ import annotations

import shutil

import pandas as pd

from dashboard.data import load
from dashboard.data.load import load_store
from tests.conftest import MINI


def test_a_warm_cache_gives_the_same_tables(tmp_path):
    cold = load_store(MINI, tmp_path)
    assert len(list(tmp_path.glob("tidy-*.parquet"))) == 1
    warm = load_store(MINI, tmp_path)
    pd.testing.assert_frame_equal(cold.table, warm.table)
    pd.testing.assert_frame_equal(cold.comparisons, warm.comparisons)
    assert cold.content_hash == warm.content_hash


def test_a_changed_loader_invalidates_the_cache(tmp_path, monkeypatch):
    before = load_store(MINI, tmp_path).content_hash
    code = tmp_path / "code"
    code.mkdir()
    copies = []
    for f in load.DATA_CODE:
        shutil.copy(f, code / f.name)
        copies.append(code / f.name)
    opensdg = code / "opensdg.py"
    opensdg.write_text(opensdg.read_text() + "\n# a change to the Open SDG loader\n")
    monkeypatch.setattr(load, "DATA_CODE", tuple(copies))
    after = load_store(MINI, tmp_path).content_hash
    assert after != before
    assert len(list(tmp_path.glob("tidy-*.parquet"))) == 2  # a new entry, the stale one never read


def test_the_cache_key_covers_the_package_version_and_every_data_module(tmp_path, monkeypatch):
    names = {f.name for f in load.DATA_CODE}
    assert {"load.py", "opensdg.py", "validate.py", "schema.py", "metadata.py", "query.py"} <= names
    before = load_store(MINI, tmp_path).content_hash
    monkeypatch.setattr(load, "__version__", "99.0.0")
    assert load_store(MINI, tmp_path).content_hash != before


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    load_store(MINI, tmp_path)
    for f in tmp_path.glob("*.parquet"):
        f.write_bytes(b"not parquet")
    assert len(load_store(MINI, tmp_path).table) == 6
