"""Case basics through the simulated browser: closing and reopening a case with a reason (who, when
and why on the case file; off the queue and "Mine" while closed), taking an unassigned case,
another case for a client on file, documents named by client and case, and a document's link
back to its case."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from nicegui.testing import User
from support.ui import login
from support.ui_casework import new_client, set_value

from pages.services import get
from store.models.visibility import Staff

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def error_of(user: User, marker: str) -> str | None:
    """The error Quasar shows under the field, or None while it shows none."""
    props = next(iter(user.find(marker=marker).elements)).props
    return props.get("error-message") if props.get("error") else None


def queue_ids(scope: str = "all", user: str = "worker") -> list[str]:
    entries = get().cases.queue(today=dt.date.today(), assigned_to=user if scope == "mine" else None,
                                unassigned=scope == "unassigned")
    return [e.case_id for e in entries]


def submitted_plan(case_id: str | None, owner: str = "worker") -> str:
    store = get().cases
    answers = copy.deepcopy(json.loads((FIXTURES / "safety_plan_with_children.json").read_text()))
    draft = store.documents.create_draft("safety_plan", 2, get().catalogue.sources["safety_plan"], owner,
                                         case_id, answers)
    store.documents.submit(draft.id, answers, {})
    return draft.id


async def test_closing_needs_a_reason_and_takes_the_case_off_the_queue_and_mine(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Cora", "Closing")
    await user.should_see("Open, assigned to worker.")
    user.find(marker="status:start").click()
    user.find(marker="status:confirm").click()
    await user.should_see("Please correct 1 thing before saving:")
    assert error_of(user, "status:reason") == "Choose why the case is being closed."
    set_value(user, "status:reason", "other")
    user.find(marker="status:confirm").click()
    await user.should_see("In your own words: Say why in your own words")
    assert error_of(user, "status:reason") is None  # fixed, so cleared
    assert error_of(user, "status:details") == "Say why in your own words (the reason is \u201cother\u201d)."
    set_value(user, "status:details", "Client is now with the county's victim program.")
    assert error_of(user, "status:details") is None
    await user.should_not_see("Please correct")
    user.find(marker="status:confirm").click()
    await user.should_see("by worker: Client is now with the county's victim program.")
    await user.should_see("off the queue and off everyone's lists")
    await user.should_see(marker="status:start")  # now it offers to reopen
    await user.should_see("Reopen this case…")
    assert get().cases.get_case(case_id).status == "closed"
    assert queue_ids() == [] and queue_ids("mine") == []
    await user.open("/")
    await user.should_see("No open cases here.")
    await user.should_not_see("Cora Closing")
    await user.open("/search?q=cora closing")
    await user.should_see(f"{case_id}")  # still found, and still on the client's page
    details = [e.detail for e in get().cases.audit.for_case(case_id) if e.action == "write"]
    assert "closed: other" in details


async def test_reopening_with_a_reason_puts_the_case_back_and_shows_both(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Rita", "Reopen")
    get().cases.close_case(case_id, reason="unable_to_contact", by="worker")
    await user.open(f"/cases/{case_id}")
    await user.should_see("by worker: Unable to reach the client after repeated safe attempts")
    user.find(marker="status:start").click()
    user.find(marker="status:confirm").click()
    await user.should_see("Choose why the case is being reopened.")
    set_value(user, "status:reason", "new_incident")
    set_value(user, "status:details", "Police report 26-1234")
    user.find(marker="status:confirm").click()
    await user.should_see("Open, assigned to worker.")
    await user.should_see("by worker: New incident reported \u2014 Police report 26-1234")
    lines = [e.text for e in user.find(marker="status:reopened").elements] + \
        [e.text for e in user.find(marker="status:closed").elements]
    assert lines[0].startswith("Reopened ") and lines[1].startswith("Closed ")
    assert queue_ids("mine") == [case_id]
    await user.open("/")
    await user.should_see(f"Rita Reopen — {case_id}")


async def test_only_the_cases_worker_or_a_supervisor_may_close_it(user: User) -> None:
    await login(user, "worker")
    case_id = await new_client(user, "Wanda", "Worker")
    await user.open("/logout")
    await login(user, "worker2")
    await user.open(f"/cases/{case_id}")
    await user.should_see("Open, assigned to worker.")
    await user.should_not_see(marker="status:start")
    await user.open("/logout")
    await login(user, "super")
    await user.open(f"/cases/{case_id}")
    await user.should_see(marker="status:start")


async def test_a_worker_takes_an_unassigned_case_and_a_supervisor_can_still_reassign(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Una", "Taken", mine=False)
    await user.should_see("Open, and nobody has taken it yet.")
    assert queue_ids("unassigned") == [case_id]
    user.find(marker="case:take").click()
    await user.should_see("Open, assigned to worker.")
    await user.should_see("assigned to worker")
    await user.should_not_see(marker="case:take")
    assert queue_ids("unassigned") == [] and queue_ids("mine") == [case_id]
    assert "taken by its worker" in [e.detail for e in get().cases.audit.for_case(case_id)]
    await user.open("/logout")
    await login(user, "super")
    await user.open(f"/cases/{case_id}")
    set_value(user, "case:assignee", "worker2")
    user.find(marker="case:assign").click()
    await user.should_see("Open, assigned to worker2.")


async def test_taking_a_case_someone_took_a_moment_ago_says_so(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Ivy", "Race", mine=False)
    await user.should_see(marker="case:take")
    get().cases.take_case(case_id, "worker2")  # in another browser, just before
    user.find(marker="case:take").click()
    await user.should_see("Someone else took this case first: it is assigned to worker2.")
    assert get().cases.get_case(case_id).assigned_to == "worker2"


async def test_another_case_for_a_client_on_file_shares_their_details(user: User) -> None:
    await login(user)
    first = await new_client(user, "Sara", "Second", phone="309-555-0142")
    person_id = get().cases.get_case(first).client_id
    await user.open(f"/people/{person_id}")
    set_value(user, "second:type", "domestic_violence")
    user.find(marker="second:open").click()
    await user.should_see(f"Sara Second already has an open domestic violence case ({first})")
    assert error_of(user, "second:type") is not None and len(get().cases.cases_of(person_id)) == 1
    set_value(user, "second:type", "mental_health")
    set_value(user, "second:report", "26-7777")
    user.find(marker="second:open").click()
    await user.should_see("Mental health (co-response) · open")
    second = get().cases.cases_of(person_id)[0].id
    assert second != first
    await user.should_see(f"Sara Second — case {second}")
    await user.should_see("309-555-0142")  # the same person, not a copy
    case = get().cases.get_case(second)
    assert (case.client_id, case.assigned_to, case.police_report_number) == (person_id, "worker", "26-7777")
    get().cases.update_contact(person_id, phones=[{"number": "309-555-0111", "may_text": False}], address=None)
    await user.open(f"/cases/{first}")
    await user.should_see("309-555-0111")
    await user.open(f"/people/{person_id}")
    await user.should_see(f"{first} — Domestic violence (open)")
    await user.should_see(f"{second} — Mental health (co-response) (open)")
    assert "another case for a client on file" in [e.detail for e in get().cases.audit.for_case(second)]


async def test_a_second_juvenile_case_is_assigned_to_the_worker_who_opens_it(user: User) -> None:
    await login(user)
    first = await new_client(user, "Jon", "Junior", dob="2012-02-02")
    person_id = get().cases.get_case(first).client_id
    await user.open(f"/people/{person_id}")
    set_value(user, "second:type", "juvenile_family")
    set_value(user, "second:mine", False)
    user.find(marker="second:open").click()
    await user.should_see("A juvenile case is a restricted record that only its worker and supervisors see")
    set_value(user, "second:mine", True)
    await user.should_not_see("A juvenile case is a restricted record")
    user.find(marker="second:open").click()
    await user.should_see("Juvenile record: restricted")
    assert [c.case_type for c in get().cases.cases_of(person_id, viewer=Staff("worker", "social_worker"))] == [
        "juvenile_family", "domestic_violence"]


async def test_drafts_and_recent_documents_name_their_client_and_case(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Ana", "Demo-Lopez")
    user.find(marker="case:start:safety_plan").click()
    await user.should_see(marker="about.person_name")
    done = submitted_plan(case_id)
    loose = submitted_plan(None)
    await user.open("/")
    await user.should_see(f"Resume Personal safety plan — Ana Demo-Lopez, case {case_id}")
    await user.should_see(f"Personal safety plan — Ana Demo-Lopez, case {case_id} — submitted")
    await user.should_see("Personal safety plan — not filed to a case — submitted")
    await user.open(f"/cases/{case_id}")
    await user.should_see(f"Personal safety plan — Ana Demo-Lopez, case {case_id} — draft, last saved")
    await user.should_see(f"Personal safety plan — Ana Demo-Lopez, case {case_id} — submitted")
    await user.open("/workflow/safety_plan")
    await user.should_see(f"Resume Personal safety plan — Ana Demo-Lopez, case {case_id}")
    assert done != loose


async def test_a_juvenile_clients_name_stays_off_the_list_of_a_worker_no_longer_on_the_case(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Tess", "Minor", case_type="juvenile_family", dob="2012-03-03")
    user.find(marker="case:start:safety_plan").click()
    await user.should_see(marker="about.person_name")
    get().cases.assign(case_id, "worker2")
    await user.open("/")
    await user.should_see("Resume Personal safety plan — a restricted case")
    await user.should_not_see("Tess Minor")


async def test_a_document_page_names_its_client_and_links_back_to_its_case(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Lena", "Linked")
    doc_id = submitted_plan(case_id)
    await user.open(f"/document/{doc_id}")
    await user.should_see(f"For Lena Linked, case {case_id}")
    link = next(iter(user.find(marker="document:case").elements))
    assert link.text == f"Back to case {case_id}" and link.props["href"] == f"/cases/{case_id}"
    user.find(marker="document:case").click()
    await user.should_see(f"Lena Linked — case {case_id}")
    loose = submitted_plan(None)
    await user.open(f"/document/{loose}")
    await user.should_see("Not filed to a case")
    await user.should_not_see(marker="document:case")
