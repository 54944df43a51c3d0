"""The app works from an installed wheel, not only from a checkout: datasets/ and assets/ travel inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "dashboard").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.mark.slow
def test_wheel_installs_and_loads_its_own_data(tmp_path: Path):
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = ("from dashboard.config import Settings; from dashboard.data.load import load_store; s = Settings.from_env();"
            "st = load_store(s.datasets); print(s.datasets); print(s.assets); print(len(st.table))")
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DATASETS", "PYTHONPATH")}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "PYTHONPATH": str(target)},
                         check=True, capture_output=True, text=True, timeout=120).stdout.split("\n")
    assert out[0].startswith(str(target)) and out[0].endswith("_datasets")
    assert (Path(out[1]) / "style.css").is_file()
    assert int(out[2]) > 2500
