"""The working parts of a case file: notes and follow-ups (referrals and consents, which consent
gates, are in pages/casework/referrals.py and pages/casework/consents.py). Each section lists what is there and has
a small form to add more; every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from pages.casework.add_forms import AddForm
from pages.formatting import local_time_or
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading
from store import Case, FollowUp, Note, StoreError

NOTE_TYPES = {"contact": "Contact", "home_visit": "Home visit", "court": "Court", "consult": "Consult",
              "status_update": "Status update to the victim"}
FOLLOW_UP_KINDS = {"home_visit": "Home visit", "court_date": "Court date", "status_update": "Status update owed",
                   "other": "Other"}

Refresh = Callable[[], Awaitable[Any]]

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
    await done()
    if form is not None:
        form.added()
    return True

def notes_section(services: Services, actor: Actor, case: Case, notes: list[Note]) -> None:
    """`notes` as read with the case (one read of its file); read again after each change."""
    store = services.cases_for(actor)

    @ui.refreshable
    def listing(notes: list[Note]) -> None:
        if not notes:
            ui.label("No notes yet.").classes("wa-muted")
        for note in reversed(notes):
            with ui.column().classes("gap-0 w-full"):
                ui.label(f"{local_time_or(note.created_at)} · {NOTE_TYPES.get(note.note_type, note.note_type)} · "
                         f"{note.author}").classes("wa-muted text-sm")
                ui.label(note.text).style("white-space: pre-wrap")

    async def reload() -> None:
        listing.refresh(await off_loop(store.notes, case.id))

    with _section("Case notes", "section:notes"):
        listing(notes)
        kind = ui.select(NOTE_TYPES, value="contact", label="Kind of note").props("outlined dense").mark("note:type")
        text = ui.textarea("Note").props("outlined autogrow").classes("w-full").mark("note:text")
        form = AddForm(kind, text, marker="note:message")

        async def add() -> None:
            if not (text.value or "").strip():
                form.failed("Write the note before adding it.")
                return
            await _write(services, actor, case, "note",
                         lambda: store.add_note(case.id, author=actor.username, text=text.value, note_type=kind.value),
                         reload, form)

        ui.button("Add note", on_click=add).mark("note:add")

def follow_ups_section(services: Services, actor: Actor, case: Case, follow_ups: list[FollowUp]) -> None:
    """`follow_ups` as read with the case (one read of its file); read again after each change."""
    store = services.cases_for(actor)
    today = dt.date.today()

    @ui.refreshable
    def listing(follow_ups: list[FollowUp]) -> None:
        if not follow_ups:
            ui.label("No follow-ups planned.").classes("wa-muted")
        for item in follow_ups:
            with ui.row().classes("items-center gap-2 w-full"):
                extras = [FOLLOW_UP_KINDS.get(item.kind, item.kind)]
                if item.police_backup_requested:
                    extras.append("police backup requested")
                if item.transport_arranged:
                    extras.append("transport arranged")
                status = f"done {local_time_or(item.done_at)[:10]}" if item.done_at else f"due {item.due_date}"
                ui.label(f"{item.title} — {status} ({', '.join(extras)})")
                if item.is_overdue(today):
                    ui.label("Overdue").classes("wa-tag wa-tag-danger")
                if not item.done_at:
                    done = ui.button("Mark done", on_click=lambda i=item.id: complete(i)).props("flat dense")
                    done.props["aria-label"] = f"Mark done: {item.title}"

    async def complete(item_id: str) -> None:
        await _write(services, actor, case, "follow_up",
                     lambda: store.complete_follow_up(case.id, item_id, by=actor.username), reload)

    async def reload() -> None:
        listing.refresh(await off_loop(store.follow_ups, case.id))

    with _section("Follow-ups", "section:follow_ups"):
        listing(follow_ups)
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
                reload, form)

        ui.button("Add follow-up", on_click=add).mark("follow:add")
