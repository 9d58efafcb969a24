"""The case file: the client and household, documents (and starting a workflow for the case,
prefilled from what the case knows), notes, follow-ups, referrals, consents, assignment and, for
supervisors, the audit trail. Opening it is audited."""

from __future__ import annotations

from nicegui import ui

from pages.access import may_see_case, may_start
from pages.authz import may
from pages.casework.add_forms import AddForm
from pages.casework.case_sections import follow_ups_section, notes_section
from pages.casework.case_status import status_name, status_section
from pages.casework.consents import consents_section
from pages.casework.contact_details import contact_card
from pages.casework.queue import CASE_TYPES
from pages.casework.referrals import referrals_section
from pages.formatting import document_name, local_time, local_timestamp
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading
from pages.workflow.prefill import PRIORS_SOURCE, prefill_context, prior_station_adjustments
from store import AuditEvent, Case, Person, RecordNotFound
from workflows.model import Definition, local
from workflows.prefill import prefill_answers

CONFIDENTIALITY_NOTICE = (
    "Before we talk: I work for the police department's social services unit. What you tell me is kept "
    "confidential within the unit, but it is not privileged the way a community domestic-violence "
    "advocate's is (750 ILCS 60/227). I may have to share information if a law or a court orders it, "
    "and I must report child abuse. Nothing is shared with anyone else without your written, "
    "time-limited consent, and our help never depends on signing one."
)




# Said instead of starting a workflow that counts the client's prior records when some of them are
# in cases the worker may not open: the count would be short, and the details may not be shown.
HIDDEN_PRIORS = ("This client has prior records you cannot open, and this workflow counts every prior record "
                 "(a short count could miss a limit that needs the State's Attorney's approval). A supervisor "
                 "must complete it.")






async def start_for_case(services: Services, actor: Actor, case: Case, person: Person, definition: Definition,
                         refused: ui.label | None = None) -> None:
    counts_priors = any(f.prefill == PRIORS_SOURCE for s in definition.steps for f in s.fields)
    if counts_priors and services.cases_for(actor).hides_cases_of(person.id, actor):
        # The statutory limits count every prior adjustment, restricted ones too (705 ILCS 405/5-301),
        # so neither a short count nor their details: someone who may open them completes it.
        services.audit(actor, "write", "document", "-", case.id,
                       f"refused: {definition.id} would count prior records the worker may not open")
        if refused is not None:
            refused.set_text(HIDDEN_PRIORS)
        return
    priors = await off_loop(prior_station_adjustments, services, actor, person) if counts_priors else []
    answers = prefill_answers(definition, prefill_context(case, person, actor, priors))
    record = await off_loop(services.documents_for(actor).create_draft, definition.id, definition.version,
                            services.catalogue.sources[definition.id], actor.username, case.id, answers, actor.mode)
    services.audit(actor, "write", "document", record.id, case.id)
    ui.navigate.to(f"/draft/{record.id}")


def _header(case: Case, person: Person) -> None:
    with ui.column().classes("wa-card gap-1"):
        with ui.row().classes("items-center gap-2"):
            Heading(f"{person.full_name} — case {case.id}", 1)
            if case.high_danger:
                ui.label("High danger").classes("wa-tag wa-tag-danger")
            if case.suicide_high_risk:
                ui.label("High suicide risk").classes("wa-tag wa-tag-danger")
            if case.restricted:
                ui.label("Juvenile record: restricted").classes("wa-tag wa-tag-restricted")
        ui.label(f"{CASE_TYPES.get(case.case_type, case.case_type)} · {status_name(case)} · "
                 f"priority {case.priority} · "
                 f"assigned to {case.assigned_to or 'nobody yet'}"
                 f"{' · police report ' + case.police_report_number if case.police_report_number else ''}")
        ui.link("Client's page", f"/people/{person.id}").classes("wa-link")


def _confidentiality(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    with ui.column().classes("wa-card gap-2") as card:
        Heading("Limits of confidentiality", 2)
        if case.confidentiality_acknowledged_at:
            ui.label(f"Told and acknowledged {local_time(case.confidentiality_acknowledged_at)[:10]} "
                     f"(recorded by {case.confidentiality_acknowledged_by}).").classes("wa-muted")
            return
        ui.label("Read this to the client at first contact, then record that you did:").classes("wa-help")
        ui.label(CONFIDENTIALITY_NOTICE).classes("wa-instructions")

        async def acknowledge() -> None:
            await off_loop(store.acknowledge_confidentiality, case.id, actor.username)
            services.audit(actor, "write", "case", case.id, case.id, "confidentiality acknowledged")
            card.clear()
            with card:
                Heading("Limits of confidentiality", 2)
                ui.label("Recorded: the client was told the limits of confidentiality.").classes("wa-muted")

        ui.button("The client was told and understood", on_click=acknowledge).mark("case:acknowledge")


def _household(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)

    @ui.refreshable
    def listing(current: Case) -> None:
        if not current.household:
            ui.label("No household members recorded.").classes("wa-muted")
        with ui.element("ul"):
            for member in current.household:
                with ui.element("li"):
                    ui.label(f"{member.name} — {member.relationship}"
                             f"{', born ' + member.date_of_birth if member.date_of_birth else ''}")

    with ui.column().classes("wa-card gap-2"):
        Heading("Household", 2)
        listing(case)
        with ui.row().classes("w-full items-end gap-2"):
            name = ui.input("Name").props("outlined dense").mark("household:name")
            relation = ui.input("Relationship to the client").props("outlined dense").mark("household:relation")
            born = ui.input("Date of birth").props("outlined dense type=date stack-label").mark("household:dob")

            async def add() -> None:
                if not ((name.value or "").strip() and (relation.value or "").strip()):
                    form.failed("A household member needs a name and how they are related to the client.")
                    return
                try:
                    updated = await off_loop(store.add_household_member, case.id, name=name.value.strip(),
                                             relationship=relation.value.strip(), date_of_birth=born.value or None)
                except ValueError as exc:
                    form.failed(f"Not saved: {exc}")
                    return
                services.audit(actor, "write", "case", case.id, case.id, "household member added")
                form.added()
                listing.refresh(updated)

            ui.button("Add", on_click=add).props("outline").mark("household:add")
        form = AddForm(name, relation, born, marker="household:message")


def _documents(services: Services, actor: Actor, case: Case, person: Person) -> None:
    docs = services.documents_for(actor).case_documents(case.id, actor.mode)
    clients = services.cases_for(actor).case_clients([case.id])
    with ui.column().classes("wa-card gap-2"):
        Heading("Documents", 2)
        if not docs:
            ui.label("No documents yet.").classes("wa-muted")
        with ui.element("ul"):
            for doc in docs:
                name = document_name(services, actor, doc, clients)
                with ui.element("li"):
                    if doc.status == "submitted":
                        ui.link(f"{name} — submitted {local_time(doc.submitted_at or doc.updated_at)[:10]} "
                                "(open, download PDF)", f"/document/{doc.id}").classes("wa-link")
                    else:
                        ui.link(f"{name} — draft, last saved {local_time(doc.updated_at)}",
                                f"/draft/{doc.id}").classes("wa-link")
        refused = ui.label("").classes("wa-error").mark("case:start_refused")
        refused.props["role"] = "alert"
        with ui.row().classes("gap-2"):
            for definition in (d for d in services.catalogue if may_start(actor, d)):
                button = ui.button(f"Start {local(definition.title).lower()}",
                                   on_click=lambda d=definition: start_for_case(services, actor, case, person, d,
                                                                                refused))
                button.props("outline").mark(f"case:start:{definition.id}")


def _assignment(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    workers = {a.username: a.display_name for a in services.accounts.list()
               if a.active and a.role.value in ("social_worker", "supervisor")}
    with ui.column().classes("wa-card gap-2"):
        Heading("Assignment", 2)
        pick = ui.select(workers, value=case.assigned_to, label="Assigned worker").props("outlined dense").mark(
            "case:assignee")

        async def assign() -> None:
            if pick.value:
                await off_loop(store.assign, case.id, pick.value)
                services.audit(actor, "write", "case", case.id, case.id, "assigned")
                ui.navigate.to(f"/cases/{case.id}")

        ui.button("Assign", on_click=assign).mark("case:assign")


def _audit_trail(events: list[AuditEvent]) -> None:
    with ui.column().classes("wa-card gap-1").mark("section:audit"):
        Heading("Audit trail", 2)
        ui.label("Every read and change of this case, newest first. It cannot be edited.").classes("wa-help")
        with ui.element("ul"):
            for event in events[:200]:
                with ui.element("li"):
                    ui.label(f"{local_timestamp(event.at)} · {event.actor} ({event.role}) · {event.action} "
                             f"{event.record_type} {event.record_id}{' · ' + event.detail if event.detail else ''}")


def register() -> None:
    @ui.page("/cases/{case_id}")
    async def case_page(case_id: str) -> None:
        services, actor = get(), current_actor()
        store = services.cases_for(actor)
        # One read of the case file for the case and everything it gathers, off the event loop.
        try:
            snapshot = await off_loop(store.case_snapshot, case_id)
            case = snapshot.case
            person = await off_loop(store.get_person, case.client_id)
        except (RecordNotFound, ValueError):
            case = None
        if case is None or not may_see_case(actor, case):
            # The same answer whether the case is missing or not allowed: no probing for case numbers.
            if case is not None:
                services.audit(actor, "read", "case", case_id, case_id, "refused")
            with frame("Not found"):
                Heading("This case was not found", 1)
                ui.label("It may not exist, or it may be a restricted record you are not assigned to.")
                ui.link("Back to the queue", "/").classes("wa-link")
            return
        services.audit(actor, "read", "case", case.id, case.id)
        directory = await off_loop(store.resources)
        events = await off_loop(store.audit.for_case, case.id) if may(actor, "case.audit_trail") else []
        with frame(f"Case {case.id}"):
            _header(case, person)
            status_section(services, actor, case, snapshot.follow_ups)
            _confidentiality(services, actor, case)
            with ui.column().classes("wa-card gap-1"):
                Heading("Client and safe contact", 2)
                language = {"en": "English", "es": "Spanish"}.get(person.language, person.language)
                ui.label(f"Language: {language}{' — needs an interpreter' if person.interpreter_needed else ''}"
                         f"{' · accessibility: ' + person.accessibility_needs if person.accessibility_needs else ''}")
                contact_card(services, actor, person, case.id)
            _household(services, actor, case)
            _documents(services, actor, case, person)
            notes_section(services, actor, case, snapshot.notes)
            follow_ups_section(services, actor, case, snapshot.follow_ups)
            referrals_section(services, actor, case, snapshot.referrals, directory)
            consents_section(services, actor, case, snapshot.consents, directory)
            if may(actor, "case.assign"):
                _assignment(services, actor, case)
            if may(actor, "case.audit_trail"):
                _audit_trail(events)
