"""Clients, cases and the case file through the simulated browser: create with a duplicate
warning, safe-contact preferences beside the phone, notes, follow-ups, referrals, consents, a
safety plan started from the case (prefilled) moving a high-danger case to the top of the queue,
juvenile restriction, assignment and the audit trail."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from nicegui.testing import User
from support.ui import login
from support.ui_casework import FIXTURES, SUPERVISOR, new_client, set_value

from pages.services import get


async def test_a_new_client_opens_a_case_with_safe_contact_beside_the_phone(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Maria", "Example", phone="309-555-0142", voicemail="no")
    await user.should_see(f"Maria Example — case {case_id}")
    await user.should_see("309-555-0142")
    await user.should_see("Safe contact: no voicemail")
    case = get().cases.get_case(case_id)
    assert case.assigned_to == "worker" and case.status == "open"


async def test_a_possible_duplicate_is_shown_before_adding(user: User) -> None:
    await login(user)
    await new_client(user, "José", "Núñez", dob="1990-04-01")
    await user.open("/people/new")
    set_value(user, "person:first", "jose")
    set_value(user, "person:last", "nunez")
    set_value(user, "person:dob", "1990-04-01")
    set_value(user, "case:type", "victim_of_crime")
    user.find(marker="person:save").click()
    await user.should_see("This person may already be on file")
    await user.should_see("José Núñez, born 1990-04-01")
    assert len(get().cases.search("Nunez", viewer=SUPERVISOR)) == 1


async def test_the_case_file_records_notes_follow_ups_referrals_and_consents(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Dana", "Example")
    user.find(marker="case:acknowledge").click()
    await user.should_see("Recorded: the client was told the limits of confidentiality.")
    set_value(user, "note:type", "home_visit")
    set_value(user, "note:text", "Visited with Officer Reyes; client safe.")
    user.find(marker="note:add").click()
    await user.should_see("Visited with Officer Reyes; client safe.")
    set_value(user, "follow:title", "Court date: plenary hearing")
    set_value(user, "follow:kind", "court_date")
    set_value(user, "follow:due", "2020-01-02")
    set_value(user, "follow:transport", True)
    user.find(marker="follow:add").click()
    await user.should_see("Court date: plenary hearing — due 2020-01-02 (Court date, transport arranged)")
    await user.should_see("Overdue")
    resource = get().cases.resources()[0]
    set_value(user, "referral:resource", resource.id)
    user.find(marker="referral:add").click()
    await user.should_see(f"{resource.name} — information given to the client")
    set_value(user, "consent:resource", "someone_else")
    set_value(user, "consent:to", "Peoria County State's Attorney")
    set_value(user, "consent:cat:name", True)
    set_value(user, "consent:cat:incident_details", True)
    set_value(user, "consent:purpose", "court preparation")
    expires = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    set_value(user, "consent:expires", expires)
    user.find(marker="consent:add").click()
    await user.should_see("To Peoria County State's Attorney: Name; What happened (the incident) — for court "
                          f"preparation (signed {dt.date.today().isoformat()}, until {expires}) — current")
    case = get().cases.get_case(case_id)
    assert case.confidentiality_acknowledged_by == "worker"
    assert [n.note_type for n in get().cases.notes(case_id)] == ["home_visit"]
    assert get().cases.current_consent(case_id, "peoria county state's attorney", dt.date.today())


async def test_a_high_danger_safety_plan_from_the_case_moves_it_to_the_top(user: User) -> None:
    await login(user)
    waiting = await new_client(user, "Ann", "Early", mine=False)  # a new intake waits above open cases
    second = await new_client(user, "Bea", "Later")
    before = [e.case_id for e in get().cases.queue(today=dt.date.today())]
    assert before == [waiting, second]
    await user.open(f"/cases/{second}")
    user.find(marker="case:start:safety_plan").click()
    await user.should_see(marker="about.person_name")
    assert next(iter(user.find(marker="about.person_name").elements)).value == "Bea"  # prefilled
    drafts = get().cases.documents.case_documents(second)
    answers = copy.deepcopy(json.loads((FIXTURES / "safety_plan_high_danger.json").read_text()))
    get().cases.documents.save_draft(drafts[0].id, answers, "review")
    await user.open(f"/draft/{drafts[0].id}")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    await user.open("/")
    await user.should_see("High danger on the lethality screen")
    top = get().cases.queue(today=dt.date.today())[0]
    assert top.case_id == second and "High danger" in top.reason


async def test_a_juvenile_case_is_only_for_its_worker_and_supervisors(user: User) -> None:
    await login(user, "worker")
    case_id = await new_client(user, "Tim", "Young", case_type="juvenile_family", dob="2011-05-05")
    assert get().cases.get_case(case_id).restricted
    await user.open("/logout")
    await login(user, "worker2")
    await user.open(f"/cases/{case_id}")
    await user.should_see("This case was not found")
    await user.open("/")
    await user.should_not_see("Tim Young")
    await user.open("/logout")
    await login(user, "super")
    await user.open(f"/cases/{case_id}")
    await user.should_see(f"Tim Young — case {case_id}")
    await user.should_see("Juvenile record: restricted")


async def test_an_intern_cannot_open_a_live_case(user: User) -> None:
    await login(user, "worker")
    case_id = await new_client(user, "Lia", "Live")
    await user.open("/logout")
    await login(user, "intern")
    await user.should_see("TRAINING MODE")
    response = await user.http_client.get(f"/cases/{case_id}")
    assert response.status_code == 403
    await user.should_not_see("Lia Live")


async def test_a_supervisor_assigns_and_reads_the_audit_trail(user: User) -> None:
    await login(user, "worker")
    await user.open("/people/new")
    set_value(user, "person:first", "Uma")
    set_value(user, "person:last", "Unassigned")
    set_value(user, "case:type", "homelessness")
    set_value(user, "case:mine", False)
    user.find(marker="person:save").click()
    await user.should_see("Limits of confidentiality")
    case_id = get().cases.search("Uma Unassigned", viewer=SUPERVISOR)[0].cases[0].id
    await user.should_not_see(marker="section:audit")  # a worker does not see the audit trail
    await user.open("/logout")
    await login(user, "super")
    await user.open(f"/cases/{case_id}")
    await user.should_see(marker="section:audit")
    await user.should_see("worker (social_worker) · write case")
    set_value(user, "case:assignee", "worker2")
    user.find(marker="case:assign").click()
    await user.should_see("assigned to worker2")
    assert get().cases.get_case(case_id).assigned_to == "worker2"


async def test_search_ignores_accents_and_case(user: User) -> None:
    await login(user)
    await new_client(user, "Zoë", "Ramírez")
    await user.open("/search?q=zoe ramirez")
    await user.should_see("Zoë Ramírez")
    await user.should_see("matched by name")


async def test_client_data_is_encrypted_at_rest(user: User, data_dir: Path) -> None:
    await login(user)
    await new_client(user, "Zyxwvutsrqp", "Qwertyuiopa", phone="309-555-0199")
    set_value(user, "note:text", "Zyxwvutsrqp said the respondent has a gun")
    user.find(marker="note:add").click()
    await user.should_see("said the respondent has a gun")
    for path in data_dir.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for needle in (b"Zyxwvutsrqp", b"zyxwvutsrqp", b"Qwertyuiopa", b"309-555-0199", b"respondent has a gun"):
                assert needle not in raw, f"{needle!r} in plain text in {path}"


async def test_reads_writes_downloads_and_logins_are_audited(user: User) -> None:
    await user.open("/login")
    user.find(marker="login:username").type("worker")
    user.find(marker="login:password").type("not the password")
    user.find(marker="login:submit").click()
    await user.should_see("do not match")
    await login(user)
    case_id = await new_client(user, "Ada", "Audited")
    user.find(marker="case:start:safety_plan").click()
    await user.should_see(marker="about.person_name")
    draft = get().cases.documents.case_documents(case_id)[0]
    answers = copy.deepcopy(json.loads((FIXTURES / "safety_plan_with_children.json").read_text()))
    get().cases.documents.submit(draft.id, answers, {})
    response = await user.http_client.get(f"/document/{draft.id}/pdf/staff_record")
    assert response.status_code == 200
    await user.open("/logout")
    audit = get().cases.audit
    case_events = {(e.action, e.record_type) for e in audit.for_case(case_id)}
    assert {("write", "person"), ("write", "case"), ("read", "case"), ("write", "document"),
            ("read", "document"), ("download", "document")} <= case_events
    user_events = [(e.action, e.mode) for e in audit.for_user("worker")]
    assert ("login_failed", "live") in user_events and ("login", "live") in user_events
    assert ("logout", "live") in user_events
    assert audit.verify()


async def test_a_long_queue_shows_the_most_urgent_first_and_more_on_demand(user: User) -> None:
    cases = get().cases
    made = [cases.open_case(cases.add_person(first_name="Client", last_name=f"Number{n:02d}").id,
                            "victim_of_crime", created_by="worker").id for n in range(57)]
    await login(user)
    await user.should_see("Showing the 50 most urgent of 57.")
    ranked = [e.case_id for e in cases.queue(today=dt.date.today())]
    assert sorted(ranked) == sorted(made)
    await user.should_see(marker=f"queue:{ranked[49]}")
    await user.should_not_see(marker=f"queue:{ranked[50]}")
    user.find(marker="queue:more").click()
    await user.should_see(marker=f"queue:{ranked[56]}")
    await user.should_not_see(marker="queue:more")


async def test_the_case_file_page_reads_its_case_file_once(user: User, monkeypatch: Any) -> None:
    await login(user)
    case_id = await new_client(user, "Ona", "Once")
    cases = get().cases
    cases.add_note(case_id, author="worker", text="First contact by phone.")
    cases.add_follow_up(case_id, title="Home visit", kind="home_visit", due_date="2030-01-02", created_by="worker")
    folder = cases._folder  # type: ignore[attr-defined]
    reads: list[str] = []
    real = folder.read_tables

    def counted(wanted: str) -> Any:
        reads.append(wanted)
        return real(wanted)

    monkeypatch.setattr(folder, "read_tables", counted)
    await user.open(f"/cases/{case_id}")
    await user.should_see("First contact by phone.")
    await user.should_see("Home visit — due 2030-01-02")
    assert reads == [case_id]
