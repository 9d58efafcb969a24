"""Every path that reads people or cases for a worker, checked against one juvenile record the
worker may not open: Jenna Ward (born 2010-06-15, phone 309-555-0188), whose juvenile case is
assigned to "worker" and holds a submitted station adjustment. Each check logs in as "worker2" (a
social worker not assigned to it) and asserts what that worker sees. `PATHS` names them; the test
module runs each and checks that the code has no other such path."""

from __future__ import annotations

import copy
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from pages.access import RESTRICTED_MATCH
from pages.intake.actions import match_intake
from pages.intake.summary import kiosk_definition
from pages.services import Actor, get
from store.files.intakes import KioskIntake
from store.models.errors import RecordNotFound
from store.models.visibility import Staff
from support.ui import login

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SUPERVISOR = Staff("super", "supervisor")
WORKER2 = Actor("worker2", "Sam Second", "social_worker")
PHONE = "309-555-0188"
REPORT = "26-007777"


@dataclass(frozen=True)
class Juvenile:
    person_id: str
    case_id: str  # juvenile_family, restricted, assigned to "worker"
    document_id: str  # a submitted station adjustment on it
    open_case_id: str | None  # an unrestricted case of hers assigned to worker2, when she has one


def station_adjustment_answers() -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / "station_adjustment_formal.json").read_text()))


async def juvenile(user: User, *, open_case: bool = False) -> Juvenile:
    """Start the app and put Jenna on file (with an open victim-of-crime case too, if asked)."""
    await user.open("/login")
    services = get()
    store = services.cases
    person = store.add_person(first_name="Jenna", last_name="Ward", date_of_birth="2010-06-15",
                              phones=[{"number": PHONE}])
    case = store.open_case(person.id, "juvenile_family", created_by="worker", assigned_to="worker",
                           police_report_number=REPORT)
    definition = services.catalogue.get("station_adjustment")
    doc = store.documents.create_draft(definition.id, definition.version, services.catalogue.sources[definition.id],
                                       "worker", case.id, station_adjustment_answers())
    store.documents.submit(doc.id, station_adjustment_answers(), {})
    other = store.open_case(person.id, "victim_of_crime", created_by="worker2", assigned_to="worker2") \
        if open_case else None
    return Juvenile(person.id, case.id, doc.id, other.id if other else None)


def walk_in(first_name: str, phone: str) -> KioskIntake:
    services = get()
    definition = services.catalogue.get("kiosk_intake")
    key = services.cases.documents.remember_definition(definition.id, definition.version,
                                                        services.catalogue.sources[definition.id])
    answers = {"reason": {"reasons": ["child_or_teen"]}, "safety": {"safe_now": "yes"},
               "name": {"first_name": first_name}, "contact": {"phone": phone}}
    return services.cases.intakes.stage(language="en", answers=answers, definition_key=key, device_id="lobby",
                                        urgent=False, submitted=True)


def links(user: User) -> set[str]:
    assert user.client is not None
    return {str(e.props.get("href")) for e in user.client.layout.descendants() if isinstance(e, ui.link)}


def set_value(user: User, marker: str, value: Any) -> None:
    element = next(iter(user.find(marker=marker).elements))
    with user.client:  # type: ignore[union-attr]
        element.value = value  # type: ignore[attr-defined]


async def nothing_of_her(user: User, jenna: Juvenile, *, besides: tuple[str, ...] = ()) -> None:
    """No detail of Jenna's on the page: her name, date of birth, phone, person link or case and
    report numbers (`besides`: what the worker typed, or the walk-in's own phone)."""
    for text in ("Jenna Ward", "born 2010-06-15", PHONE, jenna.case_id, REPORT):
        if text not in besides:
            await user.should_not_see(text)
    assert f"/people/{jenna.person_id}" not in links(user)
    assert f"/cases/{jenna.case_id}" not in links(user)


# -- the paths ---------------------------------------------------------------------------------


async def new_client_duplicate_check(user: User) -> None:
    jenna = await juvenile(user)
    await login(user, "worker2", then="/people/new")
    set_value(user, "person:first", "Jenna")
    set_value(user, "person:last", "Ward")
    set_value(user, "person:dob", "2010-06-15")
    set_value(user, "case:type", "victim_of_crime")
    user.find(marker="person:save").click()
    await user.should_see("This person may already be on file")
    await nothing_of_her(user, jenna)
    await user.should_see(RESTRICTED_MATCH)
    await user.should_see(marker="person:anyway")  # a different Jenna Ward can still be added


async def walk_in_possible_matches(user: User) -> None:
    jenna = await juvenile(user)
    intake = walk_in("Jenna", PHONE)
    await login(user, "worker2", then=f"/intakes/{intake.id}")
    await user.should_see("Match to someone on file")  # drawn with the possible matches
    await user.should_not_see(marker=f"intake:choose:{jenna.person_id}")
    await nothing_of_her(user, jenna, besides=(PHONE,))
    await user.should_see(RESTRICTED_MATCH)
    await user.should_not_see("Nobody on file has this first name or phone number.")


async def walk_in_create_client_duplicate_check(user: User) -> None:
    jenna = await juvenile(user)
    intake = walk_in("Jen", "309-555-0100")  # nobody on file by this first name or phone
    await login(user, "worker2", then=f"/intakes/{intake.id}")
    await user.should_see("Nobody on file has this first name or phone number.")
    await user.should_not_see(RESTRICTED_MATCH)
    set_value(user, "intake:first", "Jenna")
    set_value(user, "intake:last", "Ward")
    user.find(marker="intake:create").click()
    await user.should_see("This person may already be on file")
    await nothing_of_her(user, jenna)
    await user.should_see(RESTRICTED_MATCH)
    await user.should_see(marker="intake:create_anyway")


async def walk_in_search(user: User) -> None:
    jenna = await juvenile(user)
    intake = walk_in("Jen", "309-555-0100")
    await login(user, "worker2")
    for text in ("Ward", "2010-06-15", jenna.case_id, REPORT):
        await user.open(f"/intakes/{intake.id}")
        set_value(user, "intake:search", text)
        user.find(marker="intake:search_button").click()
        await user.should_see("Nobody found.")
        await user.should_not_see(marker=f"intake:choose:{jenna.person_id}")
        await nothing_of_her(user, jenna, besides=(text,))


async def match_panel_cases(user: User) -> None:
    """Seen through her open case, she can be matched, but only to cases the worker may open."""
    jenna = await juvenile(user, open_case=True)
    intake = walk_in("Jenna", PHONE)
    await login(user, "worker2", then=f"/intakes/{intake.id}")
    user.find(marker=f"intake:choose:{jenna.person_id}").click()
    await user.should_see("Matching to Jenna Ward")
    await user.should_see(f"Add to {jenna.open_case_id} — Victim of crime (open)")
    await user.should_not_see(jenna.case_id)


async def match_to_a_hidden_person(user: User) -> None:
    """The server refuses, audits, and changes nothing, whatever the page was made to send."""
    jenna = await juvenile(user)
    services = get()
    store = services.cases
    intake = walk_in("Jenna", "309-555-0101")
    definition = kiosk_definition(services, intake)
    for case_id, case_type in ((None, "victim_of_crime"), (jenna.case_id, None)):
        with pytest.raises(RecordNotFound):
            match_intake(services, WORKER2, definition, intake.id, jenna.person_id, case_id, case_type)
    assert [c.id for c in store.cases_of(jenna.person_id, viewer=SUPERVISOR)] == [jenna.case_id]  # no new case
    assert [p.number for p in store.get_person(jenna.person_id).phones] == [PHONE]  # nothing copied
    assert store.notes(jenna.case_id) == []
    assert store.intakes.get(intake.id).status == "new"
    refusals = [e for e in store.audit.for_record(intake.id) if e.detail.startswith("refused")]
    assert [(e.actor, e.action) for e in refusals] == [("worker2", "write"), ("worker2", "write")]


async def resolved_walk_in(user: User) -> None:
    jenna = await juvenile(user)
    store = get().cases
    intake = walk_in("Jenna", PHONE)
    store.intakes.match(intake.id, person_id=jenna.person_id, case_id=jenna.case_id, by="worker")
    await login(user, "worker2", then=f"/intakes/{intake.id}")
    await user.should_see("Matched by worker at")
    await nothing_of_her(user, jenna, besides=(PHONE,))
    await user.should_see("to a restricted record you cannot open")
    await user.open("/logout")
    await login(user, "worker", then=f"/intakes/{intake.id}")
    await user.should_see(f"to case {jenna.case_id}")


async def search_page(user: User) -> None:
    jenna = await juvenile(user)
    await login(user, "worker2")
    for text in ("Jenna Ward", "2010-06-15", jenna.case_id, REPORT):
        await user.open(f"/search?q={text}")
        await user.should_see("Nobody found.")
        await nothing_of_her(user, jenna, besides=(text,))


async def search_by_a_hidden_case_number(user: User) -> None:
    """Seen through her open case, she is still not found by her juvenile case's numbers."""
    jenna = await juvenile(user, open_case=True)
    await login(user, "worker2")
    await user.open("/search?q=Jenna Ward")
    await user.should_see(f"{jenna.open_case_id} — Victim of crime (open)")
    await user.should_not_see(jenna.case_id)
    for text in (jenna.case_id, REPORT):
        await user.open(f"/search?q={text}")
        await user.should_see("Nobody found.")
        await user.should_not_see("Jenna Ward")


async def queue(user: User) -> None:
    jenna = await juvenile(user)
    store = get().cases
    other = store.add_person(first_name="Dana", last_name="Fox")
    store.open_case(other.id, "domestic_violence", created_by="worker")
    await login(user, "worker2")
    await user.should_see("Dana Fox")
    await nothing_of_her(user, jenna)


async def person_page(user: User) -> None:
    jenna = await juvenile(user)
    await login(user, "worker2", then=f"/people/{jenna.person_id}")
    await user.should_see("This person was not found")
    await nothing_of_her(user, jenna)


async def person_page_lists_only_open_cases(user: User) -> None:
    jenna = await juvenile(user, open_case=True)
    await login(user, "worker2", then=f"/people/{jenna.person_id}")
    await user.should_see(f"{jenna.open_case_id} — Victim of crime (open)")
    await user.should_not_see(jenna.case_id)


async def case_page(user: User) -> None:
    jenna = await juvenile(user)
    await login(user, "worker2", then=f"/cases/{jenna.case_id}")
    await user.should_see("This case was not found")
    await nothing_of_her(user, jenna)


async def document_page(user: User) -> None:
    jenna = await juvenile(user)
    await login(user, "worker2", then=f"/document/{jenna.document_id}")
    await user.should_see("This document was not found")
    await nothing_of_her(user, jenna)


async def station_adjustment_prefill(user: User) -> None:
    """A station adjustment on her open case would count her juvenile case's adjustment: refused."""
    jenna = await juvenile(user, open_case=True)
    store = get().cases
    await login(user, "worker2", then=f"/cases/{jenna.open_case_id}")
    user.find(marker="case:start:station_adjustment").click()
    await user.should_see("This client has prior records you cannot open")
    await user.should_see("A supervisor must complete it.")
    assert store.documents.case_documents(jenna.open_case_id or "") == []
    await user.should_not_see(jenna.case_id)  # her juvenile case, even as a prior's "agency"
    refusals = [e for e in store.audit.for_case(jenna.open_case_id or "") if e.detail.startswith("refused")]
    assert [(e.actor, e.record_type) for e in refusals] == [("worker2", "document")]


Check = Callable[[User], Awaitable[None]]
PATHS: dict[str, Check] = {check.__name__: check for check in (
    new_client_duplicate_check, walk_in_possible_matches, walk_in_create_client_duplicate_check, walk_in_search,
    match_panel_cases, match_to_a_hidden_person, resolved_walk_in, search_page, search_by_a_hidden_case_number,
    queue, person_page, person_page_lists_only_open_cases, case_page, document_page, station_adjustment_prefill,
)}
