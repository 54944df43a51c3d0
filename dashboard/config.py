"""Where the shipped data and assets live, from a checkout or from an installed wheel."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _locate(folder: str, packaged: str) -> Path:
    """A top-level folder of the checkout, or the copy the wheel installs beside this module."""
    checkout = _REPO_ROOT / folder
    if checkout.is_dir() and (_REPO_ROOT / "pyproject.toml").is_file():
        return checkout
    return Path(__file__).resolve().parent / packaged


def datasets_dir() -> Path:
    override = os.environ.get("DASHBOARD_DATASETS")
    return Path(override) if override else _locate("datasets", "_datasets")


def assets_dir() -> Path:
    return _locate("assets", "_assets")


def cache_dir() -> Path:
    override = os.environ.get("DASHBOARD_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uk-maternal-dashboard"


def _yes(name: str) -> bool:
    return os.environ.get(name, "") in ("1", "true", "yes")


@dataclass(frozen=True)
class Settings:
    datasets: Path
    assets: Path
    cache: Path
    public_url: str | None = None   # DASHBOARD_PUBLIC_URL; unset: absolute links follow the request (web/urls.py)
    trust_proxy: bool = False       # DASHBOARD_TRUST_PROXY=1: read X-Forwarded-Proto/-Host/-Port from one reverse proxy
    trust_prefix: bool = False      # DASHBOARD_TRUST_PREFIX=1 (with the above): and X-Forwarded-Prefix too

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            datasets=datasets_dir(),
            assets=assets_dir(),
            cache=cache_dir(),
            public_url=(os.environ.get("DASHBOARD_PUBLIC_URL") or "").rstrip("/") or None,
            trust_proxy=_yes("DASHBOARD_TRUST_PROXY"),
            trust_prefix=_yes("DASHBOARD_TRUST_PROXY") and _yes("DASHBOARD_TRUST_PREFIX"),
        )
