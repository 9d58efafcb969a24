"""A new client through the simulated browser's new-client form, and setting a widget's value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nicegui.testing import User

from pages.services import get
from store.models.visibility import Staff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

SUPERVISOR = Staff("super", "supervisor")

def set_value(user: User, marker: str, value: Any) -> None:
    element = next(iter(user.find(marker=marker).elements))
    with user.client:  # type: ignore[union-attr]
        element.value = value  # type: ignore[attr-defined]

async def new_client(user: User, first: str, last: str, case_type: str = "domestic_violence", dob: str = "",
                     phone: str = "", voicemail: str = "unknown", anyway: bool = False, mine: bool = True) -> str:
    await user.open("/people/new")
    set_value(user, "person:first", first)
    set_value(user, "person:last", last)
    if dob:
        set_value(user, "person:dob", dob)
    if phone:
        set_value(user, "person:phone", phone)
    set_value(user, "person:voicemail", voicemail)
    set_value(user, "case:type", case_type)
    set_value(user, "case:mine", mine)
    user.find(marker="person:save").click()
    if anyway:
        await user.should_see(marker="person:anyway")
        user.find(marker="person:anyway").click()
    await user.should_see("Limits of confidentiality")
    cases = get().cases
    hits = cases.search(f"{first} {last}", viewer=SUPERVISOR)
    return hits[0].cases[0].id
