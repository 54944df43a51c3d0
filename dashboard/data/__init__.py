"""The data layer: load, validate and query the published tables in datasets/."""

from dashboard.data.errors import DatasetError, Problem
from dashboard.data.load import Store, load_store

__all__ = ["DatasetError", "Problem", "Store", "load_store"]
