"""Hard isolation between live work and practice, checked from every page of the matrix.

Live records (a client, a case with a note, a submitted document, a draft, a walk-in intake) are
made in the live store; then a supervisor switches into training mode and opens every page with
those real ids (and an intern every page an intern may open). Each page must refuse, say "not
found", or show only practice data — and the live store must not have been read or changed (every
read is audited, so the live audit log is the proof). The reverse: practice records never show in
live mode, nor in the live audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from nicegui.testing import User
from support.ui import login

from pages import authz
from pages import services as services_module
from pages.services import Services
from store.files.casework import CaseStore
from workflows.engine import evaluate

SCENARIO = "sp_high_danger_through_questions_4_to_11"
SESSION_PAGES = {"/login", "/lock", "/logout"}  # no records; /lock and /logout end the session under test
LIVE_MARKERS = ("Livia", "Livedata", "LIVE NOTE: only real casework")
PRACTICE_MARKERS = ("Tessa", "Practiceonly", "PRACTICE NOTE: fictional")


@dataclass
class Records:
    person_id: str
    case_id: str
    doc_id: str
    draft_id: str
    intake_id: str | None


def _make(services: Services, store: CaseStore, first: str, last: str, note: str, owner: str, mode: str) -> Records:
    person = store.add_person(first_name=first, last_name=last, date_of_birth="1990-05-05")
    case = store.open_case(person.id, "domestic_violence", created_by=owner, assigned_to=owner, mode=mode)
    store.add_note(case.id, author=owner, text=note)
    definition = services.catalogue.get("safety_plan")
    answers = services.scenarios.get(SCENARIO).model_answers
    answers = {**answers, "about": {**answers["about"], "person_name": f"{first} {last}"}}
    source = services.catalogue.sources["safety_plan"]
    doc = store.documents.create_draft("safety_plan", definition.version, source, owner, case.id, answers, mode)
    evaluation = evaluate(definition, answers)
    store.documents.submit(doc.id, evaluation.answers, evaluation.computed)
    draft = store.documents.create_draft("safety_plan", definition.version, source, owner, None, answers, mode)
    intake_id = None
    if mode == "live":
        intake = store.intakes.stage(language="en", answers={"name": {"first_name": first}},
                                     definition_key=doc.definition_key, device_id="lobby-1", urgent=True,
                                     submitted=True)
        intake_id = intake.id
    return Records(person.id, case.id, doc.id, draft.id, intake_id)


def live_records() -> Records:
    services = services_module.get()
    return _make(services, services.cases, "Livia", "Livedata", LIVE_MARKERS[2], "worker", "live")


def practice_records(username: str) -> Records:
    services = services_module.get()
    return _make(services, services.training_store(username), "Tessa", "Practiceonly", PRACTICE_MARKERS[2],
                 username, "training")


def concrete(route: str, records: Records, attempt_id: str = "doesnotexist") -> str:
    values = {"person_id": records.person_id, "case_id": records.case_id, "doc_id": records.doc_id,
              "document_id": "staff_record", "workflow_id": "safety_plan", "attempt_id": attempt_id,
              "username": "worker", "scenario_id": SCENARIO, "intake_id": records.intake_id or "doesnotexist"}
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), "doesnotexist"), route)


def query_for(route: str) -> str:
    """The audit page takes whom to show from the query string."""
    return "?user=worker" if route == "/audit" else ""


async def switch_to_training(user: User) -> None:
    user.find(marker="mode:switch").click()
    await user.should_see("Training: practise on scenarios")


def live_counts(store: CaseStore) -> tuple[int, int, int]:
    return (len(store.documents.drafts(mode="live")), len(store.documents.submitted(mode="live")),
            len(store.search("Livia")))


# A supervisor switched into training mode (who may open the most), and an intern on every page
# an intern may open.
VISITS = [(route, "super") for route in sorted(set(authz.PAGES) - SESSION_PAGES)] + [
    (route, "intern") for route in sorted(set(authz.PAGES) - SESSION_PAGES) if authz.page_allows(route, "intern")]


@pytest.mark.parametrize(("route", "who"), VISITS)
async def test_training_mode_never_reaches_a_live_record(user: User, route: str, who: str) -> None:
    await login(user, who)
    services = services_module.get()
    live = live_records()
    before_counts = live_counts(services.cases)
    if who != "intern":  # an intern is in training mode from the start
        await switch_to_training(user)
    before_events = len(services.cases.audit.for_user(who))

    for path in {concrete(route, live) + query_for(route),
                 concrete(route, live).replace(live.doc_id, live.draft_id)}:
        response = await user.http_client.get(path)
        assert response.status_code in (200, 303, 307, 403, 404), (path, response.status_code)
        if response.status_code == 200 and "text/html" in response.headers.get("content-type", ""):
            await user.open(path)
            for marker in LIVE_MARKERS:
                await user.should_not_see(marker)
            if route == "/search":
                user.find(marker="search:box").type("Livia")
                user.find(marker="search:go").click()
                await user.should_see("Nobody found")
                for marker in LIVE_MARKERS[1:]:  # the box still shows the first name typed
                    await user.should_not_see(marker)
        elif response.status_code == 200:
            pytest.fail(f"{path} sent a live file in training mode")

    # Nothing in the live store was read (every read is audited) or changed.
    assert len(services.cases.audit.for_user(who)) == before_events, route
    assert live_counts(services.cases) == before_counts


async def test_the_pdf_and_release_downloads_refuse_live_documents_in_training_mode(user: User) -> None:
    await login(user, "worker")
    live = live_records()
    await switch_to_training(user)
    for kind in ("pdf", "release"):
        response = await user.http_client.get(f"/document/{live.doc_id}/{kind}/staff_record")
        assert response.status_code == 404, kind


async def test_starting_a_workflow_in_training_mode_writes_only_to_the_sandbox(user: User) -> None:
    await login(user, "worker")
    services = services_module.get()
    live = live_records()
    before = live_counts(services.cases)
    await switch_to_training(user)
    await user.open("/workflow/safety_plan")
    user.find("Start a new personal safety plan").click()
    await user.should_see("Step 1 of")
    assert live_counts(services.cases) == before
    assert len(services.training_store("worker").documents.drafts(mode="training")) == 1
    await user.open(f"/cases/{live.case_id}")
    await user.should_not_see("Livia")


async def test_interns_never_see_each_others_practice(user: User) -> None:
    await login(user, "intern")
    services = services_module.get()
    services.accounts.add("intern2", "Ivo Other", "intern", "correct horse battery staple")
    theirs = practice_records("intern2")
    for path in (f"/document/{theirs.doc_id}", f"/draft/{theirs.draft_id}"):
        await user.open(path)
        await user.should_see("was not found")
        for marker in PRACTICE_MARKERS:
            await user.should_not_see(marker)
    response = await user.http_client.get(f"/document/{theirs.doc_id}/pdf/staff_record")
    assert response.status_code == 404


@pytest.mark.parametrize("route", sorted(set(authz.PAGES) - SESSION_PAGES))
async def test_practice_never_shows_in_live_mode(user: User, route: str) -> None:
    await login(user, "super")
    services = services_module.get()
    await switch_to_training(user)
    practice = practice_records("super")
    await user.open(f"/training/scenarios/{SCENARIO}")
    user.find(marker="start-scenario").click()
    await user.should_see("Step 1 of")
    user.find("Back to live work").click()
    await user.should_not_see("TRAINING MODE")

    paths = {concrete(route, practice), concrete(route, practice).replace(practice.doc_id, practice.draft_id)}
    if route in ("/search", "/audit"):
        paths = {concrete(route, practice) + ("" if route == "/search" else "?user=super")}
    for path in paths:
        response = await user.http_client.get(path)
        if response.status_code == 200 and "text/html" in response.headers.get("content-type", ""):
            await user.open(path)
            for marker in PRACTICE_MARKERS:
                await user.should_not_see(marker)
            if route == "/search":
                user.find(marker="search:box").type("Tessa")
                user.find(marker="search:go").click()
                await user.should_see("Nobody found")
                for marker in PRACTICE_MARKERS[1:]:  # the box still shows the first name typed
                    await user.should_not_see(marker)
        elif response.status_code == 200 and route.startswith("/document/"):
            pytest.fail(f"{path} sent a practice file in live mode")
    # The live log holds no practice event and names no practice record.
    names = {practice.case_id, practice.doc_id, practice.draft_id, practice.person_id}
    for event in services.cases.audit.for_user("super"):
        assert event.mode == "live"
        assert event.record_id not in names and event.case_id not in names
