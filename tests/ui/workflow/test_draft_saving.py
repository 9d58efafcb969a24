"""Nothing typed is lost: answers are stored as they are typed (no Next needed), and a save that
fails says so on the screen — "Not saved — retrying" / "Could not save" — never "Draft saved",
while the answers stay where they are."""

from __future__ import annotations

from typing import Any

import pytest
from nicegui.testing import User
from support.ui import answer, field_value, login

from pages.services import get


async def start_safety_plan(user: User) -> str:
    await login(user)
    await user.should_see(marker="start:safety_plan")
    user.find(marker="start:safety_plan").click()
    await user.should_see("About this plan")
    return get().cases.documents.drafts("worker")[0].id


def stored(doc_id: str) -> dict[str, Any]:
    return get().cases.documents.get(doc_id).answers


async def test_a_typed_answer_is_stored_without_pressing_next(user: User) -> None:
    doc_id = await start_safety_plan(user)
    answer(user, "about.person_name", "Ana")
    await user.should_see("Saving…")
    await user.should_see("Draft saved at")
    assert stored(doc_id)["about"]["person_name"] == "Ana"
    await user.open(f"/draft/{doc_id}")  # back later: the answer is there
    await user.should_see(marker="about.person_name")
    assert field_value(user, "about.person_name") == "Ana"


async def test_a_reload_straight_after_typing_still_shows_the_answer(user: User) -> None:
    doc_id = await start_safety_plan(user)
    answer(user, "about.person_name", "Ana")
    assert "person_name" not in stored(doc_id).get("about", {})  # the pause in typing is not over
    await user.open(f"/draft/{doc_id}")  # reloaded at once: the new page waits for the old one's save
    await user.should_see(marker="about.person_name")
    assert field_value(user, "about.person_name") == "Ana"


async def test_a_failed_save_says_so_and_never_draft_saved(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    doc_id = await start_safety_plan(user)
    documents = get().cases.documents
    save_draft = documents.save_draft

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(documents, "save_draft", disk_full)
    answer(user, "about.person_name", "Ana")
    await user.should_see("Not saved — retrying. Your answers are still on this screen.")
    await user.should_not_see("Draft saved")
    user.find("Next").click()  # the step is not complete, and not saved: it says what is wrong
    await user.should_see("Date of this plan: Please answer this question.")
    for key, value in {"about.plan_date": "2026-11-20", "about.intimate_partner": False,
                       "about.has_children": False}.items():
        answer(user, key, value)
    user.find("Next").click()
    await user.should_see("You are still on this step.")  # not moved on without a save
    await user.should_see(marker="about.person_name")
    assert field_value(user, "about.person_name") == "Ana"  # the answers stay on screen
    await user.should_not_see("Draft saved")
    assert "person_name" not in stored(doc_id).get("about", {})

    monkeypatch.setattr(documents, "save_draft", save_draft)  # the disk has room again
    await user.should_see("Draft saved at", retries=100)     # the retry stores them
    assert stored(doc_id)["about"]["person_name"] == "Ana"


async def test_typing_into_a_draft_submitted_in_another_tab_says_it_could_not_save(user: User) -> None:
    doc_id = await start_safety_plan(user)
    get().cases.documents.submit(doc_id, {}, {})  # meanwhile, in another tab
    answer(user, "about.person_name", "Ana")
    await user.should_see("Could not save: this draft was submitted in another tab or window")
    await user.should_not_see("Draft saved")
    assert field_value(user, "about.person_name") == "Ana"
