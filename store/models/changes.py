"""Change notices: "this record just changed", for whoever is watching. The feed is an interface:
the file store has an in-process one (store.files.change_feed); a database store can use its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

Topic = Literal["intake", "kiosk_device"]


@dataclass(frozen=True)
class Change:
    topic: Topic
    record_id: str


Listener = Callable[[Change], None]


class ChangeFeed(Protocol):
    def publish(self, change: Change) -> None:
        """Tell every subscriber; never raises because of a subscriber."""

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every change from now on; returns the call that stops it."""
