"""Back / Next without waiting for the disk (pages.workflow.autosave `Autosaver.moved`): when the store
already has every answer, only the new step is saved, behind the move, never reported as saved
before it is stored, and never after a newer save."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from pages.workflow.autosave import Autosaver, SaveState


class Draft:
    def __init__(self) -> None:
        self.answers: dict[str, Any] = {"about": {}}
        self.step = "about"
        self.stored: tuple[dict[str, Any], str] | None = None
        self.writes: list[tuple[dict[str, Any], str]] = []
        self.hold: asyncio.Event | None = None

    def snapshot(self) -> tuple[dict[str, Any], str]:
        return copy.deepcopy(self.answers), self.step

    async def write(self, answers: dict[str, Any], step: str) -> None:
        self.writes.append((answers, step))
        if self.hold is not None:
            await self.hold.wait()
        await asyncio.sleep(0)
        self.stored = (answers, step)

    def saver(self) -> Autosaver:
        return Autosaver(self.snapshot, self.write, lambda s: None, saved_step="about", debounce=0.05)


async def test_answers_are_stored_only_when_every_change_is() -> None:
    draft = Draft()
    saver = draft.saver()
    assert saver.answers_stored
    draft.answers["about"]["name"] = "Ana"
    saver.changed()
    assert not saver.answers_stored  # Next waits for this save
    assert await saver.flush()
    assert saver.answers_stored and draft.stored == ({"about": {"name": "Ana"}}, "about")


async def test_a_move_is_saved_behind_it_and_says_so_until_stored() -> None:
    draft = Draft()
    saver = draft.saver()
    draft.hold = asyncio.Event()
    draft.step = "lethality"
    saver.moved()
    assert saver.state != SaveState.saved  # not "saved" before the step is stored
    await asyncio.sleep(0.01)
    assert saver.state == SaveState.saving and saver.answers_stored  # the answers were stored already
    draft.hold.set()
    await asyncio.sleep(0.01)
    assert saver.state == SaveState.saved and draft.stored == ({"about": {}}, "lethality")


async def test_typing_during_a_move_lands_after_it() -> None:
    draft = Draft()
    saver = draft.saver()
    draft.hold = asyncio.Event()
    draft.step = "lethality"
    saver.moved()
    await asyncio.sleep(0.01)
    draft.answers["about"]["name"] = "Ana"  # typed on the new step while the move is written
    saver.changed()
    assert not saver.answers_stored
    flushed = asyncio.ensure_future(saver.flush())  # Next: waits for both
    await asyncio.sleep(0.01)
    draft.hold.set()
    assert await flushed
    assert [step for _, step in draft.writes] == ["lethality", "lethality"]
    assert draft.stored == ({"about": {"name": "Ana"}}, "lethality")
    assert saver.state == SaveState.saved


async def test_nothing_is_written_after_close() -> None:
    draft = Draft()
    saver = draft.saver()
    saver.close()
    draft.step = "lethality"
    saver.moved()
    await asyncio.sleep(0.01)
    assert draft.writes == []
