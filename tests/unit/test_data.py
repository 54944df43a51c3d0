"""The shipped data loads, validates and is fully sourced; the vintage rule picks the right row."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from dashboard.data.load import load_store
from dashboard.data.query import LATEST, Selection, editions, history, resolved, series
from tests.conftest import DATASETS, MINI

SHARED_ONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "published" / "ons-sdg"


def test_real_data_loads_every_table(store):
    assert {r.name for r in store.catalogue.resources} == {"ons_sdg_3_1_1", "ons_sdg_3_2_2", "maternal", "perinatal", "social"}
    files = set(store.table["row_id"].str.split(":").str[0])
    assert files == {r.path for r in store.catalogue.resources}
    assert len(store.table) > 2500


def test_every_figure_names_publication_url_locator_and_quality(store):
    t = store.table
    for col in ("publication", "source_url", "locator", "published_date", "quality"):
        assert t[col].notna().all() and (t[col].str.strip() != "").all(), col
    assert t["source_url"].str.match(r"^https?://").all()
    secondary = t[t["quality"] == "secondary"]
    assert len(secondary) > 0 and secondary["quality_source"].notna().all()


def test_ons_files_are_shipped_byte_for_byte_and_match_their_hashes(store):
    pkg = json.loads((DATASETS / "datapackage.json").read_text())
    for res in pkg["resources"]:
        digest = "sha256:" + hashlib.sha256((DATASETS / res["path"]).read_bytes()).hexdigest()
        assert res["hash"] == digest, res["path"]
    for name in ("indicator_3-1-1.csv", "indicator_3-2-2.csv"):
        shipped = (DATASETS / "ons-sdg" / name).read_bytes()
        assert shipped.startswith(b"Year,Series,")
        if SHARED_ONS.is_dir():
            assert shipped == (SHARED_ONS / name).read_bytes()


def test_every_indicator_has_data_and_every_row_a_known_indicator(store):
    assert set(store.table["indicator"]) == set(store.catalogue.indicators)


def test_headline_series_2009_11_to_2022_24_is_complete(store):
    df = series(store, Selection("maternal_mortality_rate", "overall", period_from="2009-11"))
    periods = df["period"].tolist()
    assert periods[0] == "2009-11" and periods[-1] == "2022-24" and len(periods) == 14
    latest = df.iloc[-1]
    assert latest["value"] == 12.80 and latest["numerator"] == 252 and latest["denominator"] == 1969321


def test_latest_vintage_wins_and_history_is_kept(store):
    df = series(store, Selection("maternal_mortality_rate", "overall", period_from="2019-21", period_to="2021-23"))
    got = dict(zip(df["period"], df["value"]))
    assert got == {"2019-21": 11.66, "2020-22": 13.56, "2021-23": 12.82}
    trail = history(store, "maternal_mortality_rate", "2020-22")
    assert {13.41, 13.56} <= set(trail["value"])
    assert trail["vintage"].is_monotonic_increasing


def test_an_earlier_edition_shows_the_figures_as_then_published(store):
    jan24 = series(store, Selection("maternal_mortality_rate", "overall", period_from="2020-22", edition="2024-01"))
    assert jan24.iloc[-1]["period"] == "2020-22" and jan24.iloc[-1]["value"] == 13.41
    assert editions(store, "maternal_mortality_rate")[0][0] == "2026-01"  # newest first


def test_same_value_restated_shows_the_most_complete_row(store):
    row = series(store, Selection("maternal_mortality_rate", "overall", period_from="2017-19", period_to="2017-19")).iloc[0]
    assert (row["value"], row["ci_lower"], row["ci_upper"]) == (8.79, 7.58, 10.12)
    assert row["ci_method"] == "published"


def test_published_cis_checked_against_counts_and_computed_cis_are_labelled(store):
    t = resolved(store, LATEST)
    computed = t[t["ci_method"].fillna("").str.startswith("computed")]
    assert len(computed) > 0 and computed["numerator"].notna().all()
    assert (computed["ci_lower"] <= computed["value"]).all() and (computed["value"] <= computed["ci_upper"]).all()


def test_the_table_is_arrow_backed(store):
    assert str(store.table["value"].dtype) == "double[pyarrow]"
    assert str(store.table["numerator"].dtype) == "int64[pyarrow]"


def test_parquet_cache_gives_the_same_table(tmp_path):
    cold = load_store(MINI, tmp_path)
    assert list(tmp_path.glob("tidy-*.parquet"))
    warm = load_store(MINI, tmp_path)
    pd.testing.assert_frame_equal(cold.table, warm.table)
    assert cold.content_hash == warm.content_hash


def test_ons_suppressed_and_low_reliability_rows_are_kept_as_flagged_gaps(store):
    t = store.table[store.table["indicator"].str.endswith("_ons")]
    assert t["value"].isna().any()
    assert t.loc[t["value"].isna(), "note"].notna().all()
    assert (t["obs_status"] == "Low reliability").any()
