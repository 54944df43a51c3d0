"""One bounded, thread-safe cache for the whole app: least recently used out first, with a budget in entries or bytes.

Every cache the server keeps (edition indexes, PDFs, images, data files, chart SVG, whole responses) is one of
these, so none can grow with the variety of requests: an attacker who sends a million distinct addresses only
evicts older entries. gunicorn runs several threads per worker, hence the lock.

    BoundedCache(entries=8)                       # at most 8 values
    BoundedCache(max_bytes=32 << 20, sizeof=len)  # values whose sizes add up to at most 32 MiB

DiskMemo keeps results that are slow to make and fixed by the data and the code (the adjacent edition comparisons)
on disk, so a restart with the same data and code reads them instead of making them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
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


def write_whole(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old file or the whole new one (a temporary file per process and thread,
    then a rename); an OSError is the caller's, and no temporary file is left behind."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def prune_oldest(folder: Path, pattern: str, max_files: int) -> None:
    """Delete the oldest files of `folder` matching `pattern` beyond `max_files` (another process may prune first)."""
    try:
        files = sorted((f.stat().st_mtime_ns, f) for f in folder.glob(pattern))
    except OSError:
        return
    for _, f in files[:max(len(files) - max_files, 0)]:
        with contextlib.suppress(OSError):
            f.unlink()


class DiskMemo:
    """Results kept on disk between runs of the server, one pickle file each, in our own cache folder.

    A result is filed under a hash of its key together with `stamp` (a fingerprint of the code that makes it), and
    the file holds the whole key beside the value: a result made from other data (the data hash belongs in the key)
    or by other code is never read back. A file that cannot be read, unpickled or is not a `kind` under exactly
    this key is ignored and made again; a folder that cannot be written only costs speed. Only files this class
    wrote into a folder of our own are ever unpickled.
    """

    def __init__(self, folder: Path, stamp: str, max_files: int = 2000) -> None:
        self.folder = folder
        self.stamp = stamp
        self.max_files = max_files  # the oldest go first (files of older data or code are never read again)
        self.hits = 0

    def path(self, key: tuple) -> Path:
        return self.folder / (hashlib.sha256(repr((self.stamp, key)).encode("utf-8")).hexdigest() + ".pickle")

    def get(self, key: tuple, kind: type[V]) -> V | None:
        try:
            with self.path(key).open("rb") as f:
                stamp, kept_key, value = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, KeyError,
                TypeError, ValueError):  # missing, truncated, corrupt or of an incompatible version: made again
            return None
        if stamp != self.stamp or kept_key != key or not isinstance(value, kind):
            return None
        self.hits += 1
        return value

    def set(self, key: tuple, value: Any) -> None:
        try:
            data = pickle.dumps((self.stamp, key, value), protocol=pickle.HIGHEST_PROTOCOL)
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(self.path(key), data)
        except (OSError, pickle.PicklingError):
            return
        prune_oldest(self.folder, "*.pickle", self.max_files)

    def get_or_make(self, key: tuple, kind: type[V], make: Callable[[], V]) -> V:
        kept = self.get(key, kind)
        if kept is not None:
            return kept
        value = make()
        self.set(key, value)
        return value
