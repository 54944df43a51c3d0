"""Every package folder of dashboard/ is listed in pyproject.toml, so the installed wheel has all of it (a folder
left out would import from a checkout and fail only once installed)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_travels_in_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "dashboard").rglob("__init__.py")}
    assert folders - listed == set()
