"""The triage queue on the staff home page: open cases most urgent first, each with the reason
for its place (high danger, overdue follow-up, new intake waiting, open), with filters.

Walk-ins staged at the lobby kiosk are on it too: someone who said they are not safe right now at
the very top, in red, before any case; other walk-ins right after the high-danger cases, because
a person may be waiting in the lobby. They are unassigned and have no case type yet, so they show
under "All open cases" and "Unassigned" with no type chosen."""

from __future__ import annotations

import datetime as dt

from nicegui import ui

from pages.intake.summary import kiosk_definition, queue_reason, who
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading, Legend, table_head
from store import RANK_HIGH_DANGER, KioskIntake, QueueEntry

CASE_TYPES = {
    "domestic_violence": "Domestic violence",
    "victim_of_crime": "Victim of crime",
    "juvenile_family": "Juvenile and family",
    "mental_health": "Mental health (co-response)",
    "substance_use": "Substance use (co-response)",
    "homelessness": "Homelessness (co-response)",
}
SCOPES = {"all": "All open cases", "mine": "Mine", "unassigned": "Unassigned"}
# Rows drawn at first and added by each "Show more": a unit with thousands of open cases gets its
# most urgent ones at once instead of a page that takes half a minute to draw every case.
PAGE_SIZE = 50


async def queue_entries(services: Services, actor: Actor, scope: str, case_type: str | None) -> list[QueueEntry]:
    """The open cases this actor may see (store.models.visibility), most urgent first."""
    store = services.cases_for(actor)
    return await off_loop(
        store.queue, today=dt.date.today(), assigned_to=actor.username if scope == "mine" else None,
        unassigned=scope == "unassigned", case_type=case_type, viewer=actor,
    )


def intakes_shown(services: Services, actor: Actor, scope: str, case_type: str | None) -> list[KioskIntake]:
    """Waiting walk-ins (from memory), when the filters would include an unassigned, untyped entry."""
    if scope == "mine" or case_type:
        return []
    return services.cases_for(actor).intakes.open_intakes()


def _intake_row(services: Services, intake: KioskIntake, position: int) -> None:
    row = ui.element("tr").mark(f"queue:{intake.id}")
    if intake.urgent:
        row.classes("wa-urgent")
    with row:
        with ui.element("td"):
            ui.label(str(position))
        with ui.element("td"):
            ui.link(f"{who(intake)} — {intake.id}", f"/intakes/{intake.id}").classes("wa-link")
        with ui.element("td"):
            ui.label("Walk-in (kiosk)")
        with ui.element("td"):
            ui.label("Unassigned")
        with ui.element("td"):
            reason = ui.label(queue_reason(kiosk_definition(services, intake), intake))
            if intake.urgent:
                reason.classes("wa-error")


def _case_row(entry: QueueEntry, position: int) -> None:
    row = ui.element("tr").mark(f"queue:{entry.case_id}")
    if entry.rank == RANK_HIGH_DANGER:
        row.classes("wa-urgent")
    with row:
        with ui.element("td"):
            ui.label(str(position))
        with ui.element("td"):
            ui.link(f"{entry.client_name} — {entry.case_id}", f"/cases/{entry.case_id}").classes("wa-link")
            if entry.restricted:
                ui.label("Juvenile record: restricted").classes("wa-muted text-sm")
        with ui.element("td"):
            ui.label(CASE_TYPES.get(entry.case_type, entry.case_type))
        with ui.element("td"):
            ui.label(entry.assigned_to or "Unassigned")
        with ui.element("td"):
            ui.label(entry.reason)


async def render_queue(services: Services, actor: Actor) -> ui.refreshable:
    """The queue card; returns its refreshable rows (the home page's intake poll refreshes them)."""
    state: dict[str, str] = {"scope": "all", "type": ""}
    shown = {"rows": PAGE_SIZE}

    @ui.refreshable
    async def rows() -> None:
        entries = await queue_entries(services, actor, state["scope"], state["type"] or None)
        intakes = intakes_shown(services, actor, state["scope"], state["type"] or None)
        services.audit(actor, "read", "queue", state["scope"],
                       detail=f"{len(entries)} cases and {len(intakes)} kiosk intakes listed")
        if not entries and not intakes:
            ui.label("No open cases here.").classes("wa-muted")
            return
        urgent = [i for i in intakes if i.urgent]
        waiting = [i for i in intakes if not i.urgent]
        danger = [e for e in entries if e.rank == RANK_HIGH_DANGER]
        rest = [e for e in entries if e.rank != RANK_HIGH_DANGER]
        ordered: list[KioskIntake | QueueEntry] = [*urgent, *danger, *waiting, *rest]
        # Walk-ins who are not safe right now and high-danger cases are always drawn, however many.
        limit = max(shown["rows"], len(urgent) + len(danger))
        with ui.element("table").classes("w-full wa-queue"):
            table_head("#", "Client and case", "Type", "Assigned to", "Why here")
            with ui.element("tbody"):
                for position, item in enumerate(ordered[:limit], start=1):
                    if isinstance(item, KioskIntake):
                        _intake_row(services, item, position)
                    else:
                        _case_row(item, position)
        if len(ordered) > limit:
            with ui.row().classes("items-center gap-3"):
                ui.label(f"Showing the {limit:,} most urgent of {len(ordered):,}.").classes("wa-muted").mark(
                    "queue:count")
                more = min(PAGE_SIZE, len(ordered) - limit)
                ui.button(f"Show {more} more", on_click=lambda: show_more(limit)).props("outline").mark(
                    "queue:more")

    def show_more(limit: int) -> None:
        shown["rows"] = limit + PAGE_SIZE
        rows.refresh()

    def set_scope(value: str) -> None:
        state["scope"] = value
        shown["rows"] = PAGE_SIZE
        rows.refresh()

    def set_type(value: str | None) -> None:
        state["type"] = value or ""
        shown["rows"] = PAGE_SIZE
        rows.refresh()

    with ui.column().classes("wa-card gap-3"):
        with ui.row().classes("w-full items-center justify-between"):
            Heading("Triage queue", 2)
            with ui.row().classes("gap-2"):
                ui.link("New client", "/people/new").classes("wa-link")
                ui.link("Search", "/search").classes("wa-link")
        ui.label("Most urgent first: walk-ins who are not safe right now, high-danger lethality screens, "
                 "other walk-ins from the lobby kiosk, overdue follow-ups, new intakes by waiting time, then the "
                 "rest.").classes("wa-help")
        with ui.row().classes("items-end gap-4"):
            with ui.element("fieldset").classes("wa-fieldset"):
                Legend("Show")
                ui.radio(SCOPES, value="all", on_change=lambda e: set_scope(e.value)).props("inline").mark(
                    "queue:scope")
            types = ui.select({"": "All types", **CASE_TYPES}, value="", label="Type",
                              on_change=lambda e: set_type(e.value)).props("outlined dense").classes("min-w-[220px]")
            types.mark("queue:type")
        await rows()
    return rows
