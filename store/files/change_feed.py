"""Change notices: "this record just changed", for whoever is watching.

An urgent walk-in must reach every open staff page at once, not at its next poll. So the stores
whose changes people wait for (the kiosk intakes, the kiosk tablets' limits) publish a `Change`
after each write, and each open page subscribes. A notice carries only the kind of record and its
id, never what the record says: a subscriber reads the record itself, with its own permissions.

`ChangeFeed` is the whole interface. `LocalChangeFeed` delivers within this process, which is all a
single-process deployment needs; several app processes in front of one database would put a feed
fed by the database (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) behind the same two methods.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from store.models.changes import Change, Listener

log = logging.getLogger(__name__)









class LocalChangeFeed:
    """In-process delivery. Listeners run in the publisher's thread (often a worker thread doing a
    store write), so a listener must be quick and must not touch a UI itself: a page hands the
    notice to its event loop. A listener that raises is logged and skipped, never the write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[int, Listener] = {}
        self._next = 0

    def publish(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners.values())
        for listener in listeners:
            try:
                listener(change)
            except Exception as exc:  # one broken page must not stop the others hearing of it
                # The type only: a message could quote a record, and client data never goes in a log.
                log.error("a change listener failed (%s): %s", change.topic, type(exc).__name__)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            key = self._next
            self._next += 1
            self._listeners[key] = listener

        def unsubscribe() -> None:
            with self._lock:
                self._listeners.pop(key, None)

        return unsubscribe

    def subscriber_count(self) -> int:
        """How many listeners are subscribed (a closed page must not stay one)."""
        with self._lock:
            return len(self._listeners)
