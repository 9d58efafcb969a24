"""Save-as-you-type (pages.workflow.autosave): one save after a pause in typing, saves never reordered, and a
failed save never reported as saved. A fake store stands in for the worker-thread write."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from pages.workflow.autosave import Autosaver, SaveState, settle


class FakeDraft:
    """The answers on the screen, and a store whose writes can be held up or made to fail."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {"about": {}}
        self.step = "about"
        self.stored: dict[str, Any] | None = None
        self.writes: list[dict[str, Any]] = []
        self.hold: asyncio.Event | None = None
        self.fail_with: list[BaseException] = []
        self.states: list[SaveState] = []

    def snapshot(self) -> tuple[dict[str, Any], str]:
        return copy.deepcopy(self.answers), self.step

    async def write(self, answers: dict[str, Any], step: str) -> None:
        self.writes.append(answers)
        if self.hold is not None:
            await self.hold.wait()
        if self.fail_with:
            raise self.fail_with.pop(0)
        await asyncio.sleep(0)
        self.stored = answers

    def saver(self, **kwargs: Any) -> Autosaver:
        return Autosaver(self.snapshot, self.write, lambda s: self.states.append(s.state), saved_step="about",
                         **kwargs)

    def type(self, saver: Autosaver, text: str) -> None:
        self.answers["about"]["name"] = text
        saver.changed()


async def test_typing_is_saved_once_after_the_pause() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=0.05)
    for text in ("A", "An", "Ana"):
        draft.type(saver, text)
        await asyncio.sleep(0.01)
    assert draft.writes == [] and saver.state == SaveState.pending
    await asyncio.sleep(0.2)
    assert draft.writes == [{"about": {"name": "Ana"}}]
    assert draft.stored == {"about": {"name": "Ana"}}
    assert saver.state == SaveState.saved


async def test_an_older_save_never_lands_after_a_newer_one() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=10)
    draft.hold = asyncio.Event()
    draft.type(saver, "Ana")
    first = asyncio.create_task(saver.flush())      # a slow save of "Ana" starts …
    await asyncio.sleep(0.01)
    draft.type(saver, "Ana María")                   # … the person types on …
    second = asyncio.create_task(saver.flush())      # … and leaves the box: a newer save is asked for
    await asyncio.sleep(0.01)
    assert len(draft.writes) == 1                    # it waits for the first, never overtakes it
    draft.hold.set()
    assert await first is False                      # the first did not store what is on screen now
    assert await second is True
    assert [w["about"]["name"] for w in draft.writes] == ["Ana", "Ana María"]
    assert draft.stored == {"about": {"name": "Ana María"}}
    assert saver.state == SaveState.saved


async def test_a_save_takes_the_answers_as_they_are_when_it_starts() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=10)
    draft.hold = asyncio.Event()
    draft.type(saver, "Ana")
    first = asyncio.create_task(saver.flush())
    await asyncio.sleep(0.01)
    # Two more saves are asked for while the first is held up; each copies the answers only
    # when it gets its turn, so the last word typed is what stays stored.
    draft.type(saver, "Ann")
    waiting = [asyncio.create_task(saver.flush())]
    draft.type(saver, "Anna")
    waiting.append(asyncio.create_task(saver.flush()))
    draft.hold.set()
    await asyncio.gather(first, *waiting)
    assert draft.stored == {"about": {"name": "Anna"}}
    assert [w["about"]["name"] for w in draft.writes] == ["Ana", "Anna"]  # nothing stale written


async def test_a_failed_save_is_never_reported_as_saved_and_is_tried_again() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=10, retry=(0.05,))
    draft.fail_with = [OSError("disk full")]
    draft.type(saver, "Ana")
    assert await saver.flush() is False
    assert saver.state == SaveState.retrying and saver.unsaved
    assert SaveState.saved not in draft.states
    assert draft.stored is None
    await asyncio.sleep(0.2)                          # the retry succeeds
    assert draft.stored == {"about": {"name": "Ana"}}
    assert saver.state == SaveState.saved
    assert draft.states[-1] == SaveState.saved


async def test_typing_after_a_failure_keeps_saying_not_saved() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=10, retry=(10,))
    draft.fail_with = [OSError("disk full")]
    draft.type(saver, "Ana")
    await saver.flush()
    draft.type(saver, "Ana María")
    assert saver.state == SaveState.retrying          # not "pending", which would read as on its way


async def test_a_draft_that_cannot_be_saved_says_so_and_stops_trying() -> None:
    class Final(Exception):
        pass

    draft = FakeDraft()
    saver = draft.saver(debounce=10, retry=(0.01,), permanent=(Final,))
    draft.fail_with = [Final("submitted in another tab")]
    draft.type(saver, "Ana")
    assert await saver.flush() is False
    await asyncio.sleep(0.05)
    assert saver.state == SaveState.failed
    assert len(draft.writes) == 1
    assert isinstance(saver.error, Final)


async def test_moving_to_another_step_is_saved_even_without_a_change() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=10)
    assert await saver.flush() is True and draft.writes == []  # nothing new: nothing written
    draft.step = "lethality"
    assert await saver.flush() is True
    assert len(draft.writes) == 1


async def test_nothing_is_written_after_close() -> None:
    draft = FakeDraft()
    saver = draft.saver(debounce=0.01)
    draft.type(saver, "Ana")
    saver.close()
    await asyncio.sleep(0.05)
    assert draft.writes == []


async def test_a_page_opening_a_draft_first_lets_the_open_pages_store_what_they_hold() -> None:
    draft = FakeDraft()
    saver = Autosaver(draft.snapshot, draft.write, lambda s: None, saved_step="about", debounce=10, key="D-1")
    draft.type(saver, "Ana")          # typed, and the page reloaded before the pause was over
    assert await settle("D-1") is True  # the new page waits for the old one's save …
    assert draft.stored == {"about": {"name": "Ana"}}  # … so it reads what was typed
    assert await settle("D-1") is False  # nothing more to write
    assert await settle("D-2") is False  # another draft: nothing to wait for
    saver.close()
    draft.type(saver, "Ana María")
    await settle("D-1")
    assert draft.stored == {"about": {"name": "Ana"}}  # a closed page writes nothing more
