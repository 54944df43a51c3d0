"""The loaded store and settings of the running app (set once by create_app, read by pages and callbacks)."""

from __future__ import annotations

from dashboard.config import Settings
from dashboard.data.load import Store

_STATE: dict[str, object] = {}


def install(store: Store, settings: Settings) -> None:
    _STATE["store"] = store
    _STATE["settings"] = settings


def store() -> Store:
    try:
        return _STATE["store"]  # type: ignore[return-value]
    except KeyError:
        raise RuntimeError("create_app() has not been called: no data is loaded") from None


def settings() -> Settings:
    return _STATE.get("settings") or Settings.from_env()  # type: ignore[return-value]
