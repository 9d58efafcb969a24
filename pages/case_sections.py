"""The working parts of a case file: notes, follow-ups, referrals and consents. Each section
lists what is there and has a small form to add more; every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from nicegui import ui

from pages.add_forms import AddForm
from pages.layout import Heading
from pages.services import Actor, Services, off_loop
from store.cases import Case
from store.errors import StoreError

NOTE_TYPES = {"contact": "Contact", "home_visit": "Home visit", "court": "Court", "consult": "Consult",
              "status_update": "Status update to the victim"}
FOLLOW_UP_KINDS = {"home_visit": "Home visit", "court_date": "Court date", "status_update": "Status update owed",
                   "other": "Other"}
REFERRAL_STATUSES = {"sent": "Sent", "accepted": "Accepted", "declined": "Declined", "completed": "Completed"}

Refresh = Callable[[], Any]

def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")

def _section(title: str, marker: str) -> ui.column:
    column = ui.column().classes("wa-card gap-2")
    column.props["aria-label"] = title
    column.mark(marker)
    with column:
        Heading(title, 2)
    return column

async def _write(services: Services, actor: Actor, case: Case, record_type: str,
                 action: Callable[[], object], done: Refresh, form: AddForm | None = None) -> bool:
    """Run a store change off the event loop and audit it; with `form`, a refusal is said under the
    form (which keeps what was typed) instead of raised, and success empties the form."""
    try:
        result = await off_loop(action)
    except (ValueError, StoreError) as exc:
        if form is None:
            raise
        form.failed(f"Not saved: {exc}")
        return False
    services.audit(actor, "write", record_type, getattr(result, "id", case.id), case.id)
    done()
    if form is not None:
        form.added()
    return True

def notes_section(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)

    @ui.refreshable
    def listing() -> None:
        notes = store.notes(case.id)
        if not notes:
            ui.label("No notes yet.").classes("wa-muted")
        for note in reversed(notes):
            with ui.column().classes("gap-0 w-full"):
                ui.label(f"{_when(note.created_at)} UTC · {NOTE_TYPES.get(note.note_type, note.note_type)} · "
                         f"{note.author}").classes("wa-muted text-sm")
                ui.label(note.text).style("white-space: pre-wrap")

    with _section("Case notes", "section:notes"):
        listing()
        kind = ui.select(NOTE_TYPES, value="contact", label="Kind of note").props("outlined dense").mark("note:type")
        text = ui.textarea("Note").props("outlined autogrow").classes("w-full").mark("note:text")
        form = AddForm(kind, text, marker="note:message")

        async def add() -> None:
            if not (text.value or "").strip():
                form.failed("Write the note before adding it.")
                return
            await _write(services, actor, case, "note",
                         lambda: store.add_note(case.id, author=actor.username, text=text.value, note_type=kind.value),
                         listing.refresh, form)

        ui.button("Add note", on_click=add).mark("note:add")

def follow_ups_section(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    today = dt.date.today()

    @ui.refreshable
    def listing() -> None:
        follow_ups = store.follow_ups(case.id)
        if not follow_ups:
            ui.label("No follow-ups planned.").classes("wa-muted")
        for item in follow_ups:
            with ui.row().classes("items-center gap-2 w-full"):
                extras = [FOLLOW_UP_KINDS.get(item.kind, item.kind)]
                if item.police_backup_requested:
                    extras.append("police backup requested")
                if item.transport_arranged:
                    extras.append("transport arranged")
                status = f"done {_when(item.done_at)[:10]}" if item.done_at else f"due {item.due_date}"
                ui.label(f"{item.title} — {status} ({', '.join(extras)})")
                if item.is_overdue(today):
                    ui.label("Overdue").classes("wa-tag wa-tag-danger")
                if not item.done_at:
                    done = ui.button("Mark done", on_click=lambda i=item.id: complete(i)).props("flat dense")
                    done.props["aria-label"] = f"Mark done: {item.title}"

    async def complete(item_id: str) -> None:
        await _write(services, actor, case, "follow_up",
                     lambda: store.complete_follow_up(case.id, item_id, by=actor.username), listing.refresh)

    with _section("Follow-ups", "section:follow_ups"):
        listing()
        with ui.row().classes("w-full items-end gap-2"):
            title = ui.input("What").props("outlined dense").classes("flex-1").mark("follow:title")
            kind = ui.select(FOLLOW_UP_KINDS, value="home_visit", label="Kind").props("outlined dense").mark(
                "follow:kind")
            due = ui.input("Due date").props("outlined dense type=date stack-label").mark("follow:due")
        backup = ui.checkbox("Police backup requested").mark("follow:backup")
        transport = ui.checkbox("Transport arranged").mark("follow:transport")
        form = AddForm(title, kind, due, backup, transport, marker="follow:message")

        async def add() -> None:
            if not (title.value or "").strip() or not due.value:
                form.failed("A follow-up needs a description and a due date.")
                return
            await _write(services, actor, case, "follow_up", lambda: store.add_follow_up(
                case.id, title=title.value, kind=kind.value, due_date=due.value, created_by=actor.username,
                police_backup_requested=bool(backup.value), transport_arranged=bool(transport.value)),
                listing.refresh, form)

        ui.button("Add follow-up", on_click=add).mark("follow:add")

def referrals_section(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    resources = {r.id: r for r in store.resources()}

    @ui.refreshable
    def listing() -> None:
        referrals = store.referrals(case.id)
        if not referrals:
            ui.label("No referrals yet.").classes("wa-muted")
        for referral in referrals:
            resource = resources.get(referral.resource_id)
            with ui.row().classes("items-center gap-2 w-full"):
                name = resource.name if resource else referral.resource_id
                ui.label(f"{name} — sent {_when(referral.created_at)[:10]}"
                         f"{': ' + referral.notes if referral.notes else ''}")
                final = referral.status in ("declined", "completed")
                status = ui.select(REFERRAL_STATUSES, value=referral.status,
                                   on_change=lambda e, r=referral.id: move(r, e.value))
                status.props("outlined dense").mark(f"referral:{referral.id}")
                status.props["aria-label"] = f"Status of the referral to {resource.name if resource else ''}"
                status.set_enabled(not final)

    async def move(referral_id: str, status: str) -> None:
        await _write(services, actor, case, "referral",
                     lambda: store.set_referral_status(case.id, referral_id, status), listing.refresh)

    with _section("Referrals", "section:referrals"):
        listing()
        choice = ui.select({r.id: f"{r.name} — {r.contact}" for r in resources.values()}, label="Refer to").props(
            "outlined dense").classes("w-full").mark("referral:resource")
        notes = ui.input("Notes for the referral").props("outlined dense").classes("w-full").mark("referral:notes")
        form = AddForm(choice, notes, marker="referral:message")

        async def add() -> None:
            if not choice.value:
                form.failed("Choose where to refer the client.")
                return
            await _write(services, actor, case, "referral", lambda: store.add_referral(
                case.id, resource_id=choice.value, created_by=actor.username, notes=notes.value or ""),
                listing.refresh, form)

        ui.button("Add referral", on_click=add).mark("referral:add")

def consents_section(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    today = dt.date.today()

    @ui.refreshable
    def listing() -> None:
        consents = store.consents(case.id)
        if not consents:
            ui.label("No release of information on file: nothing may be shared with anyone outside the unit."
                     ).classes("wa-muted")
        for consent in consents:
            if consent.revoked_at:
                state = f"revoked {_when(consent.revoked_at)[:10]}"
            elif consent.is_current(today):
                state = "current"
            else:
                state = "expired"
            with ui.row().classes("items-center gap-2 w-full"):
                ui.label(f"To {consent.recipient}: {consent.information} (signed {consent.signed_on}, "
                         f"until {consent.expires_on}) — {state}")
                if state == "current":
                    revoke = ui.button("Revoke", on_click=lambda c=consent.id: take_back(c)).props("flat dense")
                    revoke.props["aria-label"] = f"Revoke the release to {consent.recipient}"

    async def take_back(consent_id: str) -> None:
        await _write(services, actor, case, "consent",
                     lambda: store.revoke_consent(case.id, consent_id, by=actor.username), listing.refresh)

    with _section("Consent to release information", "section:consents"):
        ui.label("Written, informed and time-limited (VAWA 34 U.S.C. 12291(b)(2)). Services never depend on "
                 "signing one.").classes("wa-help")
        listing()
        recipient = ui.input("Who may receive it").props("outlined dense").classes("w-full").mark("consent:to")
        what = ui.input("What may be shared").props("outlined dense").classes("w-full").mark("consent:what")
        with ui.row().classes("gap-2"):
            signed = ui.input("Signed on", value=today.isoformat()).props("outlined dense type=date stack-label")
            signed.mark("consent:signed")
            expires = ui.input("Expires on").props("outlined dense type=date stack-label").mark("consent:expires")
        form = AddForm(recipient, what, signed, expires, marker="consent:message")

        async def add() -> None:
            if not (recipient.value and what.value and expires.value):
                form.failed("A release needs who may receive it, what, and until when.")
                return
            await _write(services, actor, case, "consent", lambda: store.add_consent(
                case.id, person_id=case.client_id, recipient=recipient.value, information=what.value,
                signed_on=signed.value, expires_on=expires.value, created_by=actor.username), listing.refresh, form)

        ui.button("Record release", on_click=add).mark("consent:add")
