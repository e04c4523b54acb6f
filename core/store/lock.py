"""The index lock: one writer at a time per store folder (indexing runs and removals alike)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_TIMEOUT = 2.0
"""Seconds a writer waits for another one to finish before giving up."""
LOCK_NAME = "index.lock"
"""The lock file's name inside the store folder."""


class IndexLocked(Exception):
    """Another process holds the index lock."""

    def __init__(self, path: Path) -> None:
        """Name the lock file that is held."""
        super().__init__(str(path))
        self.path = path


def lock_path(store_dir: Path) -> Path:
    """Where the index lock of ``store_dir`` lives."""
    return store_dir / LOCK_NAME


@contextmanager
def index_lock(store_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the index lock of ``store_dir`` for the ``with`` block.

    Raises:
        IndexLocked: Another writer kept it for ``timeout`` seconds.
    """
    store_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(store_dir)))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise IndexLocked(lock_path(store_dir)) from None
    try:
        yield
    finally:
        lock.release()
