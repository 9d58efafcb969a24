"""The forms of the case file and the people pages through the simulated browser: every "Add" form
is empty after a successful add and keeps what was typed when the add fails; the new-client
form's errors appear beside their field, in the summary and at the focus point, and clear as they
are fixed; a client's phones, address and safe-contact preferences are edited (and audited), and
a restricted client's are out of reach."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from nicegui import Client, ui
from nicegui.testing import User
from support.ui import field_value, login
from support.ui_casework import new_client, set_value

from pages.services import get
from store.models.visibility import Staff


def error_of(user: User, marker: str) -> str | None:
    """The error Quasar shows under the field, or None while it shows none."""
    props = next(iter(user.find(marker=marker).elements)).props
    return props.get("error-message") if props.get("error") else None


def html_id(user: User, marker: str) -> str:
    return next(iter(user.find(marker=marker).elements)).html_id


def watch_focus(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids the pages ask `waFocus` (pages/layout.py) to move keyboard focus to, in order."""
    focused: list[str] = []
    original = Client.run_javascript

    def run_javascript(self: Client, code: str, *args: Any, **kwargs: Any) -> Any:
        if match := re.fullmatch(r"waFocus\('([^']+)'\)", code):
            focused.append(match.group(1))
        return original(self, code, *args, **kwargs)

    monkeypatch.setattr(Client, "run_javascript", run_javascript)
    return focused


async def eventually(check: Callable[[], bool]) -> None:
    for _ in range(50):
        if check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("what was expected did not happen within 5 s")


def values(user: User, *markers: str) -> dict[str, Any]:
    return {marker: field_value(user, marker) for marker in markers}


async def test_every_add_form_on_the_case_file_is_empty_after_a_successful_add(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Fern", "Forms")
    today = dt.date.today().isoformat()

    set_value(user, "note:type", "home_visit")
    set_value(user, "note:text", "Visited; all well.")
    user.find(marker="note:add").click()
    await user.should_see(kind=ui.label, content="Visited; all well.")  # listed (the box held it too)
    assert values(user, "note:type", "note:text") == {"note:type": "contact", "note:text": ""}

    for marker, value in (("follow:title", "Court date"), ("follow:kind", "court_date"), ("follow:due", "2030-01-02"),
                          ("follow:backup", True), ("follow:transport", True)):
        set_value(user, marker, value)
    user.find(marker="follow:add").click()
    await user.should_see("Court date — due 2030-01-02")
    assert values(user, "follow:title", "follow:kind", "follow:due", "follow:backup", "follow:transport") == {
        "follow:title": "", "follow:kind": "home_visit", "follow:due": "", "follow:backup": False,
        "follow:transport": False}

    resource = get().cases.resources()[0]
    set_value(user, "referral:resource", resource.id)
    set_value(user, "referral:notes", "Asked for a callback")
    set_value(user, "referral:how", "shared")
    set_value(user, "referral:share:name", True)
    set_value(user, "referral:how", "information_only")  # the worker changes their mind: nothing is shared
    user.find(marker="referral:add").click()
    await user.should_see(f"{resource.name} — information given to the client {today}; nothing shared")
    assert values(user, "referral:resource", "referral:notes", "referral:how") == {
        "referral:resource": None, "referral:notes": "", "referral:how": "information_only"}
    set_value(user, "referral:how", "shared")
    assert field_value(user, "referral:share:name") is False

    set_value(user, "consent:resource", "someone_else")
    set_value(user, "consent:to", "Legal aid")
    set_value(user, "consent:cat:name", True)
    set_value(user, "consent:cat:phone", True)
    set_value(user, "consent:purpose", "court hearing")
    set_value(user, "consent:expires", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    user.find(marker="consent:add").click()
    await user.should_see("To Legal aid: Name; Phone number and safe times to call — for court hearing")
    assert values(user, "consent:resource", "consent:cat:name", "consent:cat:phone", "consent:purpose",
                  "consent:expires") == {
        "consent:resource": None, "consent:cat:name": False, "consent:cat:phone": False,
        "consent:purpose": "", "consent:expires": ""}
    set_value(user, "consent:resource", "someone_else")
    assert field_value(user, "consent:to") == ""

    set_value(user, "household:name", "Leo Forms")
    set_value(user, "household:relation", "son")
    set_value(user, "household:dob", "2019-06-01")
    user.find(marker="household:add").click()
    await user.should_see("Leo Forms — son, born 2019-06-01")
    assert values(user, "household:name", "household:relation", "household:dob") == {
        "household:name": "", "household:relation": "", "household:dob": ""}
    for message in ("note:message", "follow:message", "referral:message", "consent:message", "household:message"):
        assert next(iter(user.find(marker=message).elements)).text == ""
    store = get().cases
    assert [len(store.notes(case_id)), len(store.follow_ups(case_id)), len(store.referrals(case_id)),
            len(store.consents(case_id)), len(store.get_case(case_id).household)] == [1, 1, 1, 1, 1]


async def test_a_failed_add_says_why_and_keeps_what_was_typed(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Gil", "Kept")

    set_value(user, "note:text", "   ")
    user.find(marker="note:add").click()
    await user.should_see("Write the note before adding it.")

    set_value(user, "follow:title", "Home visit with backup")
    set_value(user, "follow:due", "2030-02-30")  # no such day
    set_value(user, "follow:backup", True)
    user.find(marker="follow:add").click()
    await user.should_see("Not saved:")
    assert values(user, "follow:title", "follow:due", "follow:backup") == {
        "follow:title": "Home visit with backup", "follow:due": "2030-02-30", "follow:backup": True}

    set_value(user, "referral:notes", "Needs a Spanish speaker")
    user.find(marker="referral:add").click()
    await user.should_see("Choose who to refer the client to.")
    assert field_value(user, "referral:notes") == "Needs a Spanish speaker"

    set_value(user, "consent:resource", "someone_else")
    set_value(user, "consent:to", "Legal aid")
    set_value(user, "consent:cat:name", True)
    set_value(user, "consent:purpose", "court hearing")
    set_value(user, "consent:signed", "2026-05-01")
    set_value(user, "consent:expires", "2026-04-01")
    user.find(marker="consent:add").click()
    await user.should_see("Not recorded:")
    assert values(user, "consent:to", "consent:cat:name", "consent:expires") == {
        "consent:to": "Legal aid", "consent:cat:name": True, "consent:expires": "2026-04-01"}

    set_value(user, "household:name", "Mia Kept")
    user.find(marker="household:add").click()
    await user.should_see("A household member needs a name and how they are related to the client.")
    assert field_value(user, "household:name") == "Mia Kept"
    store = get().cases
    assert [store.notes(case_id), store.follow_ups(case_id), store.referrals(case_id), store.consents(case_id),
            store.get_case(case_id).household] == [[], [], [], [], []]


async def test_new_client_errors_show_beside_the_field_and_at_the_focus_point_and_clear_when_fixed(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await login(user)
    await user.open("/people/new")
    focused = watch_focus(monkeypatch)
    set_value(user, "person:phone", "call her sister")
    set_value(user, "person:email", "ana at example")
    user.find(marker="person:save").click()
    await user.should_see("Please correct 4 things before saving:")
    assert error_of(user, "person:first") == "Enter a first or last name (or a name the client uses)."
    assert error_of(user, "person:phone") == "Enter a phone number with its area code, for example 309-555-0100."
    assert error_of(user, "person:email") == "Enter an email address like name@example.org, or leave it empty."
    assert error_of(user, "case:type") == "Choose the type of case."
    await user.should_see("First or last name: Enter a first or last name")  # the summary names the field
    assert focused[-1] == html_id(user, "person:first")  # focus on the first field in error

    set_value(user, "person:last", "Nuevo")
    assert error_of(user, "person:first") is None
    await user.should_see("Please correct 3 things before saving:")
    set_value(user, "person:phone", "309-555-0142")
    set_value(user, "person:email", "")
    assert error_of(user, "person:phone") is None and error_of(user, "person:email") is None
    set_value(user, "case:type", "juvenile_family")
    set_value(user, "case:mine", False)
    set_value(user, "person:dob", (dt.date.today() + dt.timedelta(days=1)).isoformat())
    await user.should_see("Please correct 2 things before saving:")
    assert error_of(user, "person:dob") == "A date of birth cannot be in the future."
    await user.should_see("A juvenile case is a restricted record that only its worker and supervisors see")
    tries = len(focused)
    user.find(marker="person:save").click()
    await eventually(lambda: len(focused) > tries)
    assert focused[-1] == html_id(user, "person:dob")
    await user.should_see("Please correct 2 things before saving:")
    set_value(user, "person:dob", "2012-04-04")
    set_value(user, "case:mine", True)
    await user.should_not_see("Please correct")
    await user.should_not_see("A juvenile case is a restricted record")
    assert get().cases.search("Nuevo", viewer=Staff("super", "supervisor")) == []  # nothing saved yet
    user.find(marker="person:save").click()
    await user.should_see("Nuevo — case C-")
    found = get().cases.search("Nuevo", viewer=Staff("super", "supervisor"))[0].person
    assert get().cases.get_person(found.id).phones[0].number == "309-555-0142"


async def test_a_clients_phones_address_and_safe_contact_are_edited_and_audited(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await login(user)
    case_id = await new_client(user, "Ema", "Edit", phone="309-555-0142", voicemail="no")
    person_id = get().cases.get_case(case_id).client_id
    focused = watch_focus(monkeypatch)
    user.find(marker="contact:edit").click()
    await user.should_see("Edit contact details")
    assert focused[-1] == html_id(user, "contact:phone:0")
    # What applies today is what the form starts from.
    assert values(user, "contact:phone:0", "contact:may_call:0", "contact:may_leave_voicemail:0") == {
        "contact:phone:0": "309-555-0142", "contact:may_call:0": "unknown", "contact:may_leave_voicemail:0": "no"}
    set_value(user, "contact:may_call:0", "no")
    set_value(user, "contact:may_text:0", "yes")
    set_value(user, "contact:times:0", "after 5 pm")
    user.find(marker="contact:add_phone").click()
    await user.should_see(marker="contact:phone:1")
    assert focused[-1] == html_id(user, "contact:phone:1")
    set_value(user, "contact:phone:1", "309-555-0142")
    set_value(user, "contact:phone_label:1", "sister's phone")
    set_value(user, "contact:may_call:1", "yes")
    set_value(user, "contact:line1", "12 Elm St")
    set_value(user, "contact:city", "Peoria")
    set_value(user, "contact:mail", "no")
    set_value(user, "contact:third", "Aunt Bea")
    user.find(marker="contact:save").click()
    await user.should_see("Phone 2, number: This is the same number as phone 1.")
    assert error_of(user, "contact:phone:1") == "This is the same number as phone 1."
    assert focused[-1] == html_id(user, "contact:phone:1")
    set_value(user, "contact:phone:1", "309-555-0199")
    assert error_of(user, "contact:phone:1") is None
    user.find(marker="contact:save").click()
    await user.should_see("Contact details saved.")
    await user.should_see("Safe contact: text only; no voicemail; safe times: after 5 pm")
    await user.should_see("309-555-0199 (sister's phone)")
    await user.should_see("Safe contact: not asked yet: texts, voicemail")
    await user.should_see("12 Elm St, Peoria")
    await user.should_see("Safe contact: do not send mail")
    await user.should_see("Aunt Bea")
    person = get().cases.get_person(person_id)
    assert [(p.number, p.may_call, p.may_text) for p in person.phones] == [
        ("309-555-0142", False, True), ("309-555-0199", True, None)]
    assert person.address is not None and person.address.may_send_mail is False
    events = [(e.record_type, e.record_id, e.detail) for e in get().cases.audit.for_case(case_id)]
    assert ("person", person_id, "contact details changed") in events
    await user.open(f"/people/{person_id}")  # the person's page shows, and edits, the same record
    await user.should_see("Safe contact: text only; no voicemail; safe times: after 5 pm")
    user.find(marker="contact:edit").click()
    user.find(marker="contact:remove:1").click()
    await user.should_not_see(marker="contact:phone:1")
    user.find(marker="contact:save").click()
    await user.should_see("Contact details saved.")
    await user.should_not_see("309-555-0199")
    assert [p.number for p in get().cases.get_person(person_id).phones] == ["309-555-0142"]


async def test_cancel_leaves_the_contact_details_as_they_were(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Cal", "Cancel", phone="309-555-0142")
    before = get().cases.get_person(get().cases.get_case(case_id).client_id)
    user.find(marker="contact:edit").click()
    set_value(user, "contact:phone:0", "309-555-0000")
    user.find(marker="contact:cancel").click()
    await user.should_see(marker="contact:edit")
    await user.should_see("309-555-0142")
    assert get().cases.get_person(before.id) == before


async def test_a_juvenile_clients_contact_details_stay_with_their_worker_and_supervisors(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Jay", "Young", case_type="juvenile_family", dob="2012-01-01",
                               phone="309-555-0142")
    person_id = get().cases.get_case(case_id).client_id
    user.find(marker="contact:edit").click()
    set_value(user, "contact:may_call:0", "no")
    get().cases.assign(case_id, "worker2")  # reassigned while the form was open
    user.find(marker="contact:save").click()
    await user.should_see("This client's record is restricted; you can no longer change it.")
    assert get().cases.get_person(person_id).phones[0].may_call is None
    await user.open(f"/people/{person_id}")
    await user.should_see("This person was not found")
    await user.should_not_see(marker="contact:edit")
    await user.open("/logout")
    await login(user, "super")
    await user.open(f"/people/{person_id}")
    user.find(marker="contact:edit").click()
    set_value(user, "contact:may_call:0", "no")
    user.find(marker="contact:save").click()
    await user.should_see("Contact details saved.")
    assert get().cases.get_person(person_id).phones[0].may_call is False
