"""Walk-ins from the lobby kiosk on the staff side, through the simulated browser: an urgent one at
the top of the queue in red, matching to a person on file (safe contact carried over), a new
client and case after a duplicate warning, closing with a reason, who may not open an intake, and
an administrator enrolling and revoking a tablet. (The urgent alert in every page's header:
tests/ui/test_intake_alerts.py.)"""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User
from support.ui import login
from support.ui_intakes import click, set_value, stage

from pages.services import get


def queue_order(user: User) -> list[str]:
    """The queue's rows as a person reads them, top to bottom (by their markers)."""
    assert user.client is not None
    return [m for element in user.client.layout.descendants() for m in element._markers
            if m.startswith("queue:") and m.count(":") == 1 and m not in ("queue:scope", "queue:type")]






async def test_an_urgent_walk_in_is_at_the_top_of_the_queue_in_red(user: User) -> None:
    await user.open("/login")
    cases = get().cases
    person = cases.add_person(first_name="Dana", last_name="Fox")
    case = cases.open_case(person.id, "domestic_violence", created_by="worker")
    cases.record_lethality(case.id, True, "doc1")
    calm = stage("Ximena", reasons=["basic_needs", "information"])
    urgent = stage("Luz", urgent=True)
    await login(user)
    await user.should_see("Not safe right now — at the lobby kiosk since")
    await user.should_see("Walk-in at the kiosk: Housing, food or other basic needs; I just need information, "
                          "waiting since")
    assert queue_order(user) == [f"queue:{urgent.id}", f"queue:{case.id}", f"queue:{calm.id}"]
    row = next(iter(user.find(marker=f"queue:{urgent.id}").elements))
    assert "wa-urgent" in row.classes
    assert "wa-urgent" not in next(iter(user.find(marker=f"queue:{calm.id}").elements)).classes


async def test_matching_to_someone_on_file_carries_over_safe_contact(user: User) -> None:
    await user.open("/login")
    cases = get().cases
    rosa = cases.add_person(first_name="Rosa", last_name="Alvarez", phones=[{"number": "(309) 555-0142"}],
                            safe_contact={"may_call": True})
    intake = stage("Rosa", phone="309-555-0142", reasons=["hurt_or_threatened"], language="es",
                   may_call=False, may_text=True, may_leave_voicemail=False, safe_times="mornings")
    await login(user, then=f"/intakes/{intake.id}")
    await user.should_see("Used the kiosk in Spanish. Asked for an interpreter.")
    await user.should_see("Safe contact: text only; no voicemail; safe times: mornings; not asked yet: mail")
    await user.should_see("Rosa Alvarez (same first name and phone number)")
    click(user, f"intake:choose:{rosa.id}")
    await user.should_see("Matching to Rosa Alvarez")
    click(user, "intake:match")
    await user.should_see("Intake matched")
    await user.should_see("Safe contact: may text — yes")
    await user.should_see("Safe contact: may call — on file yes, at the kiosk no; the file was kept")
    person = cases.get_person(rosa.id)
    assert person.safe_contact.may_text is True and person.safe_contact.may_call is True
    assert person.safe_contact.may_leave_voicemail is False and person.safe_contact.safe_times == "mornings"
    assert person.language == "es" and person.interpreter_needed
    done = cases.intakes.get(intake.id)
    assert done.status == "matched" and done.resolved_by == "worker"
    case = cases.get_case(done.case_id or "")
    assert case.client_id == rosa.id and case.case_type == "domestic_violence"
    assert "Walk-in at the lobby kiosk" in cases.notes(case.id)[0].text
    trail = {(e.actor, e.action, e.record_type) for e in cases.audit.for_record(intake.id)}
    assert {("worker", "read", "intake"), ("worker", "write", "intake")} <= trail
    person_trail = {(e.actor, e.action, e.record_type) for e in cases.audit.for_record(rosa.id)}
    assert ("worker", "write", "person") in person_trail
    await user.open("/")
    await user.should_see("Triage queue")
    await user.should_not_see(intake.id)


async def test_a_new_client_and_case_after_a_duplicate_warning(user: User) -> None:
    await user.open("/login")
    cases = get().cases
    cases.add_person(first_name="Dana", last_name="Fox")
    intake = stage("Dana", urgent=True, reasons=["child_or_teen"], may_call=True, may_text=False,
                   may_leave_voicemail=True)
    await login(user, then=f"/intakes/{intake.id}")
    await user.should_see("Not safe right now — said so at the lobby kiosk")
    set_value(user, "intake:last", "Rivers")
    assert next(iter(user.find(marker="intake:type").elements)).value == "juvenile_family"  # type: ignore[attr-defined]
    click(user, "intake:create")
    await user.should_see("This person may already be on file")
    await user.should_see("Dana Fox (same first name)")
    click(user, "intake:create_anyway")
    await user.should_see("Intake matched")
    await user.should_see("Dana Rivers — case")
    done = cases.intakes.get(intake.id)
    person = cases.get_person(done.person_id or "")
    assert person.full_name == "Dana Rivers" and person.phones[0].number == "309-555-0177"
    assert person.safe_contact.summary() == ["calls only, no texts", "not asked yet: mail"]
    assert person.accessibility_needs == "A quiet room"
    case = cases.get_case(done.case_id or "")
    assert case.priority == "urgent" and case.assigned_to == "worker"


async def test_spanish_free_text_is_flagged_and_carried_into_the_case_note_as_typed(user: User) -> None:
    await user.open("/login")
    cases = get().cases
    intake = stage("Rosa", language="es", note="Necesito ayuda con la renta y tengo miedo.", may_call=True,
                   may_text=False, may_leave_voicemail=False, safe_times="por la mañana")
    await login(user, then=f"/intakes/{intake.id}")
    await user.should_see("In their own words")
    await user.should_see("Written in Spanish at the kiosk. Shown as typed — not translated")
    await user.should_see("Necesito ayuda con la renta y tengo miedo.")
    await user.should_see("(written in Spanish, as typed — not translated)")
    said = next(e for e in next(iter(user.find(marker="intake:own_words").elements)).descendants()
                if getattr(e, "text", "") == "Necesito ayuda con la renta y tengo miedo.")
    assert said.props["lang"] == "es"  # a screen reader reads it in Spanish
    set_value(user, "intake:last", "Alvarez")
    click(user, "intake:create")
    await user.should_see("Intake matched")
    done = cases.intakes.get(intake.id)
    (note,) = cases.notes(done.case_id or "")
    assert note.text == (
        f"Walk-in at the lobby kiosk ({intake.id}): Housing, food or other basic needs. Typed at the kiosk "
        "(written in Spanish, as typed — not translated): When is it safe to contact you? (optional): "
        "\u201cpor la mañana\u201d; Anything else you want us to know (optional): \u201cNecesito ayuda con la "
        "renta y tengo miedo.\u201d")
    await user.open(f"/cases/{done.case_id}")
    await user.should_see("(written in Spanish, as typed — not translated)")


async def test_closing_an_intake_needs_a_reason(user: User) -> None:
    await user.open("/login")
    intake = stage("Ximena")
    await login(user, then=f"/intakes/{intake.id}")
    set_value(user, "intake:close_reason", "other")
    click(user, "intake:close")
    await user.should_see("Please say why the intake is closed.")
    set_value(user, "intake:close_reason", "left")
    click(user, "intake:close")
    await user.should_see("Closed: Left before anyone came. It is off the triage queue.")
    assert get().cases.intakes.get(intake.id).status == "closed"
    assert get().cases.intakes.open_intakes() == []


@pytest.mark.parametrize("who", ["intern", "admin"])
async def test_interns_and_administrators_cannot_open_an_intake(user: User, who: str) -> None:
    await user.open("/login")
    intake = stage("Ximena")
    await login(user, who)
    response = await user.http_client.get(f"/intakes/{intake.id}")
    assert response.status_code == 403
    assert "Ximena" not in response.text


async def test_the_kiosk_workflow_is_not_a_staff_workflow(user: User) -> None:
    await login(user)
    await user.should_see("Start a workflow")
    await user.should_not_see(marker="start:kiosk_intake")
    await user.open("/workflow/kiosk_intake")
    await user.should_see("There is no such workflow")


async def test_an_administrator_enrols_and_revokes_a_tablet(user: User) -> None:
    await login(user, "admin")
    await user.open("/admin/kiosks")
    await user.should_see("No tablet is enrolled yet.")
    set_value(user, "kiosk:name", "Lobby tablet")
    click(user, "kiosk:enrol")
    await user.should_see("On the tablet, open /kiosk/enrol on this server and type this code:")
    code = next(iter(user.find(marker="kiosk:code").elements)).text  # type: ignore[attr-defined]
    devices = get().kiosk_devices
    token = devices.complete_enrolment(code)
    assert token and devices.verify(token) is not None
    device = devices.devices()[0]
    await user.open("/admin/kiosks")
    await user.should_see("Enrolled")
    click(user, f"kiosk:revoke:{device.id}")
    await user.should_see("Revoke Lobby tablet?")
    click(user, "kiosk:confirm_revoke")
    await user.should_see("Lobby tablet is revoked.")
    await user.should_see("Revoked")
    assert devices.verify(token) is None
    with user.client:  # type: ignore[union-attr]
        assert not [e for e in user.client.layout.descendants() if isinstance(e, ui.button)  # type: ignore[union-attr]
                    and f"kiosk:revoke:{device.id}" in e._markers]


async def test_demo_mode_has_one_walk_in_waiting(user: User) -> None:
    from pages.admin import demo

    await user.open("/login")
    services = get()
    demo.seed_kiosk_intake(services.cases, services.catalogue)
    demo.seed_kiosk_intake(services.cases, services.catalogue)  # a restart does not add another
    assert len(services.cases.intakes.open_intakes()) == 1
    await login(user)
    await user.should_see("Demo-Lucía (first name only) — K-")
    await user.should_see("Walk-in at the kiosk: Housing, food or other basic needs; I just need information")
