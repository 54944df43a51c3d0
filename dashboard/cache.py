"""One bounded, thread-safe cache for the whole app: least recently used out first, with a budget in entries or bytes.

Every cache the server keeps (edition indexes, PDFs, images, data files, chart SVG, whole responses) is one of
these, so none can grow with the variety of requests: an attacker who sends a million distinct addresses only
evicts older entries. gunicorn runs several threads per worker, hence the lock.

    BoundedCache(entries=8)                       # at most 8 values
    BoundedCache(max_bytes=32 << 20, sizeof=len)  # values whose sizes add up to at most 32 MiB
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import LRUCache

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """A least-recently-used cache bounded by a number of entries, or by the total `sizeof` of its values."""

    def __init__(self, entries: int | None = None, max_bytes: int | None = None,
                 sizeof: Callable[[Any], int] | None = None) -> None:
        if (entries is None) == (max_bytes is None):
            raise ValueError("give a budget in entries or in bytes, not both")
        self.budget = entries if entries is not None else max_bytes
        assert self.budget is not None and self.budget >= 0
        self.by_bytes = max_bytes is not None
        self._sizeof = (sizeof or len) if self.by_bytes else (lambda _v: 1)
        self._cache: LRUCache = LRUCache(maxsize=max(self.budget, 1), getsizeof=self._sizeof)
        self._lock = threading.Lock()
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            return self._cache.get(key)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._cache

    def set(self, key: Hashable, value: V) -> None:
        """Keep a value; one larger than the whole budget (or any value, with a budget of 0) is not kept."""
        if self.budget == 0 or self._sizeof(value) > self.budget:
            return
        with self._lock:
            self._cache[key] = value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The kept value, or make() kept and returned (made outside the lock: two threads may both make it)."""
        with self._lock:
            hit = self._cache.get(key)
            if hit is None:
                self.misses += 1
        if hit is not None:
            return hit
        value = make()
        self.set(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    @property
    def size(self) -> int:
        """Entries kept, or bytes kept for a cache with a byte budget."""
        with self._lock:
            return int(self._cache.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)
