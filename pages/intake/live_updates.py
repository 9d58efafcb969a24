"""Open pages that hear of changes as they happen (store.files.change_feed), instead of polling.

`follow(changes, topics, on_change)` subscribes the page being built. The feed calls its listener
in whichever thread wrote the record (often a worker thread), so the listener only hands the
notice to the event loop, where `on_change` runs once for any number of changes that arrived
together, in the page's client context. When the browser goes away for good (NiceGUI deletes the
client once its reconnect timeout has passed) the subscription ends with it, so a closed page
never stays a listener.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Collection
from typing import Any

from nicegui import context

from store import Change, ChangeFeed

log = logging.getLogger(__name__)


def follow(changes: ChangeFeed, topics: Collection[str], on_change: Callable[[], Any]) -> Callable[[], None]:
    """Call `on_change` on this page whenever a record of one of `topics` changes; returns the call
    that stops it early (it also stops by itself when the page's client is deleted)."""
    client = context.client
    loop = asyncio.get_running_loop()
    lock = threading.Lock()
    pending = [False]  # one hand-off to the loop at a time: a burst of changes is one refresh

    def deliver() -> None:
        with lock:
            pending[0] = False
        if client.is_deleted:
            return
        try:
            with client:
                on_change()
        except Exception as exc:  # one page's failure must not reach the loop's other work
            log.error("a page could not show a change: %s", type(exc).__name__)

    def listener(change: Change) -> None:
        if change.topic not in topics or client.is_deleted:
            return
        with lock:
            if pending[0]:
                return
            pending[0] = True
        loop.call_soon_threadsafe(deliver)

    unsubscribe = changes.subscribe(listener)
    client.on_delete(unsubscribe)
    return unsubscribe
