"""Saving a draft as the person types, so that nothing typed is lost.

A change is saved a moment after the typing pauses (`DEBOUNCE_SECONDS`), at once when a text box
loses focus, on Back / Next / Submit, before the idle lock and when the tab goes away. Back / Next
wait for that save; when the store already has every answer and only the step is new, they move at
once and the step is saved behind them (`moved`), through the same queue. Saves run one at a time,
and each one takes its copy of the answers when it starts (not when it was asked
for), so an older save can never land after a newer one and overwrite it. A save that fails is
tried again with growing pauses; until one succeeds the state says so, and never "saved".

No NiceGUI here: the page gives a `write` coroutine (the store call, in a worker thread) and a
`on_state` callback that draws the state, so the ordering is tested without a browser.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

DEBOUNCE_SECONDS = 1.5
RETRY_SECONDS = (2.0, 5.0, 10.0, 20.0, 30.0)
"""Pauses before each new try after a failed save; the last one repeats."""


class SaveState(StrEnum):
    saved = "saved"          # everything on the screen is stored
    pending = "pending"      # changed; saved when the typing pauses
    saving = "saving"
    retrying = "retrying"    # the last save failed; it is tried again
    failed = "failed"        # it cannot be saved (e.g. the draft was submitted in another tab)


Snapshot = tuple[dict[str, Any], str]
"""A copy of the answers and the step the person is on."""

_open: defaultdict[str, weakref.WeakSet[Autosaver]] = defaultdict(weakref.WeakSet)
"""The savers of the pages open on each draft, so a page that opens a draft can let the others
store what they hold first (a reload opens the new page while the old one is still saving)."""


async def settle(key: str) -> bool:
    """Before a draft is read for a new page: every open page of it stores what it holds. True
    when one of them had something to write."""
    wrote = False
    for saver in list(_open.get(key, ())):
        wrote = saver.unsaved or wrote
        await saver.flush()
    return wrote


class Autosaver:
    def __init__(self, snapshot: Callable[[], Snapshot], write: Callable[[dict[str, Any], str], Awaitable[Any]],
                 on_state: Callable[[Autosaver], None], *, saved_step: str, saved_at: dt.datetime | None = None,
                 permanent: tuple[type[BaseException], ...] = (), debounce: float = DEBOUNCE_SECONDS,
                 retry: tuple[float, ...] = RETRY_SECONDS, key: str | None = None) -> None:
        self._snapshot = snapshot
        self._write = write
        self._on_state = on_state
        self._permanent = permanent
        self._debounce = debounce
        self._retry = retry
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Task[bool]] = set()  # the loop keeps only weak references
        self._version = 0          # raised by every change
        self._stored_version = 0   # the newest version in the store
        self._stored_step = saved_step
        self._closed = False
        self.state = SaveState.saved
        self.saved_at = saved_at
        self.failures = 0
        self.error: BaseException | None = None
        self.retry_in: float | None = None
        self._key = key
        if key is not None:
            _open[key].add(self)

    # --- what the page calls --------------------------------------------------------------
    def changed(self) -> None:
        """An answer changed: save when the typing pauses."""
        self._version += 1
        if self.state in (SaveState.saved, SaveState.saving):
            self._set(SaveState.pending)
        self._schedule(self._debounce)

    async def flush(self) -> bool:
        """Save now whatever the store does not have yet. True when the store then has everything
        on the screen (the answers and the step), False when the save failed."""
        self._cancel_timer()
        if self._closed:
            return self.state == SaveState.saved
        async with self._lock:
            answers, step = self._snapshot()  # taken now, under the lock: the newest answers
            version = self._version
            if version == self._stored_version and step == self._stored_step and self.state == SaveState.saved:
                return True
            self._set(SaveState.saving)
            try:
                await self._write(answers, step)
            except self._permanent as exc:
                self.error = exc
                self._set(SaveState.failed)
                return False
            except Exception as exc:  # a full disk, a damaged file: keep the answers, try again
                self.error = exc
                self.failures += 1
                self.retry_in = self._retry[min(self.failures, len(self._retry)) - 1]
                self._set(SaveState.retrying)
                self._schedule(self.retry_in)
                return False
            self._stored_version, self._stored_step = version, step
            self.failures, self.error, self.retry_in = 0, None, None
            self.saved_at = dt.datetime.now()
            if self._version == version:
                self._set(SaveState.saved)
                return True
            self._set(SaveState.pending)  # typed on during the save: its own save is scheduled
            return False

    @property
    def answers_stored(self) -> bool:
        """The store has every answer on the screen, or a save now running is writing exactly those
        (one that only moves the step): only the step may be newer than what is stored."""
        return self._version == self._stored_version and self.state in (SaveState.saved, SaveState.saving)

    def moved(self) -> None:
        """The page went to another step and no answer changed: save where the draft resumes now,
        without anyone waiting for it. Until it is stored the state is not "saved"."""
        if self._closed:
            return
        self._cancel_timer()
        if self.state == SaveState.saved:
            self._set(SaveState.pending)
        self._start_flush()

    def close(self) -> None:
        """The draft is final or gone: nothing more is written."""
        self._closed = True
        self._cancel_timer()
        if self._key is not None:
            _open[self._key].discard(self)

    @property
    def unsaved(self) -> bool:
        return self.state != SaveState.saved

    # --- inside -----------------------------------------------------------------------------
    def _set(self, state: SaveState) -> None:
        self.state = state
        self._on_state(self)

    def _schedule(self, delay: float) -> None:
        self._cancel_timer()
        if self._closed:
            return
        loop = asyncio.get_running_loop()
        # A timer, not a sleeping task: cancelling it can never interrupt a write that has begun
        # (a write cancelled half-way would still finish in its thread, after a newer one).
        self._timer = loop.call_later(delay, self._start_flush)

    def _start_flush(self) -> None:
        task = asyncio.get_running_loop().create_task(self.flush())
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
