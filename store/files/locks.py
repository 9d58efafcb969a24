"""Thread coordination for the document store: per-case-file locks and the open/closed gate."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from store.models.errors import StoreError


class KeyedLocks:
    """One lock per key (a case file), made on first use."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __getitem__(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())


class WriteGate:
    """Lets writes in until closed; closing waits for the writes already in.

    Without the wait, a save that had written its case file but not yet its journal line could
    append after the "closed" marker, and the next open would trust a journal that misses it.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._active = 0
        self._closed = False

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._changed:
            if self._closed:
                raise StoreError("the document store is closed")
            self._active += 1
        try:
            yield
        finally:
            with self._changed:
                self._active -= 1
                self._changed.notify_all()

    def close(self) -> bool:
        """Refuse new writes and wait for running ones; False if it was already closed."""
        with self._changed:
            if self._closed:
                return False
            self._closed = True
            self._changed.wait_for(lambda: self._active == 0)
            return True
