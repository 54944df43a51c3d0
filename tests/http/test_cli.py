"""The command line end to end, as a journalist or a script would run it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pandas as pd

from dashboard.data.schema import EXPORT_COLUMNS
from tests.conftest import MINI, ROOT


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=False,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def test_validate_shipped_data():
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert b"is valid" in r.stdout


def test_data_csv_has_the_tidy_columns_and_every_listed_figure(tmp_path):
    r = run("data", env={"DASHBOARD_CACHE": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert all(row["publication"] and row["source_url"] and row["locator"] for row in rows)
    inds = {row["indicator"] for row in rows}
    for needed in ("maternal_mortality_rate", "maternal_mortality_rate_excl_covid", "maternal_mortality_rate_ratio",
                   "maternal_deaths_by_cause", "late_maternal_deaths", "maternal_suicide_count",
                   "known_to_social_services_share", "csc_characteristic_share", "acute_postpartum_dyads",
                   "stillbirth_rate", "neonatal_mortality_rate", "extended_perinatal_mortality_rate"):
        assert needed in inds, needed
    social = [row for row in rows if row["indicator"] == "known_to_social_services_share"]
    assert {"12", "22"} <= {row["value"].rstrip("0").rstrip(".") for row in social}


def test_data_filters_and_json(tmp_path):
    r = run("data", "--indicator", "maternal_mortality_rate", "--breakdown", "overall", "--format", "json",
            env={"DASHBOARD_CACHE": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    by_period = {row["period"]: row["value"] for row in rows}
    assert by_period["2020-22"] == 13.56 and by_period["2022-24"] == 12.8
    assert {row["breakdown"] for row in rows} == {"overall"}


def test_all_vintages_show_revisions(tmp_path):
    r = run("data", "--indicator", "maternal_mortality_rate", "--all-vintages", env={"DASHBOARD_CACHE": str(tmp_path)})
    rows = [row for row in csv.DictReader(io.StringIO(r.stdout.decode())) if row["period"] == "2020-22" and row["breakdown"] == "overall"]
    assert {"13.41", "13.56"} <= {row["value"] for row in rows}


def test_data_parquet(tmp_path):
    r = run("data", "--format", "parquet", "--indicator", "stillbirth_rate", env={"DASHBOARD_CACHE": str(tmp_path)})
    assert r.returncode == 0
    df = pd.read_parquet(io.BytesIO(r.stdout))
    assert set(df["indicator"]) == {"stillbirth_rate"} and list(df.columns) == list(EXPORT_COLUMNS)


def test_unknown_indicator_is_a_clear_message_not_a_traceback(tmp_path):
    r = run("data", "--indicator", "nope", env={"DASHBOARD_CACHE": str(tmp_path)})
    assert r.returncode == 2
    assert b"Unknown indicator 'nope'" in r.stderr and b"Traceback" not in r.stderr


def test_validate_a_broken_folder(tmp_path):
    import shutil
    folder = tmp_path / "d"
    shutil.copytree(MINI, folder)
    (folder / "curated" / "mini.csv").write_text("", encoding="utf-8")
    r = run("validate", str(folder))
    assert r.returncode == 1 and b"file-empty" in r.stderr and b"Traceback" not in r.stderr
