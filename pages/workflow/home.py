"""The staff home page: the workflows to start, the drafts to resume, and recent documents; and
each workflow's start page."""

from __future__ import annotations

from nicegui import ui

from pages.access import may_start
from pages.authz import may
from pages.casework.queue import render_queue
from pages.formatting import case_clients, document_name, local_time_or
from pages.intake.live_updates import follow
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading
from store import CaseClient, DocumentSummary
from workflows.model import Definition, local


async def start(services: Services, actor: Actor, definition: Definition) -> None:
    record = await off_loop(
        services.documents_for(actor).create_draft, definition.id, definition.version,
        services.catalogue.sources[definition.id], actor.username, None, None, actor.mode,
    )
    ui.navigate.to(f"/draft/{record.id}")


def _drafts_list(services: Services, actor: Actor, drafts: list[DocumentSummary], clients: dict[str, CaseClient],
                 empty: str) -> None:
    if not drafts:
        ui.label(empty).classes("wa-muted")
        return
    with ui.element("ul").classes("column gap-2 w-full"):
        for draft in drafts:
            with ui.element("li"), ui.row().classes("items-center gap-3"):
                ui.link(f"Resume {document_name(services, actor, draft, clients)}", f"/draft/{draft.id}").classes(
                    "wa-link")
                started, saved = local_time_or(draft.created_at), local_time_or(draft.updated_at)
                ui.label(f"started {started}, last saved {saved}").classes("wa-muted")


def register() -> None:
    @ui.page("/")
    async def home() -> None:
        services, actor = get(), current_actor()
        if not may(actor, "workflow.start"):
            with frame("Home"):
                Heading("Wraparound administration", 1)
                with ui.column().classes("wa-card gap-2"):
                    ui.label("Administrators manage staff accounts and the lobby kiosk tablets; client records are "
                             "not shown to this role.")
                    ui.link("Manage staff accounts", "/admin/users").classes("wa-link text-lg")
                    ui.link("Enrol or revoke lobby kiosk tablets", "/admin/kiosks").classes("wa-link text-lg")
            return
        drafts = await off_loop(services.documents_for(actor).drafts, actor.username, actor.mode)
        submitted = await off_loop(services.documents_for(actor).submitted, actor.username, actor.mode)
        clients = await off_loop(case_clients, services, actor, [*drafts, *submitted[:20]])
        with frame("Home"):
            Heading("Wraparound", 1)
            if actor.mode == "training":
                with ui.column().classes("wa-card gap-2"):
                    Heading("Practise on a scenario", 2)
                    ui.label("Read a fictional client's story, work through the workflow with coaching, and see "
                             "what you matched and missed.").classes("wa-help")
                    ui.link("Open the scenario library", "/training").classes("wa-link text-lg")
            if may(actor, "case.open"):
                rows = await render_queue(services, actor)
                if actor.mode == "live":
                    # Walk-ins arriving, changing or leaving refresh the queue as it happens (the
                    # urgent alert itself is in the header, pages.intake.alerts).
                    follow(services.changes, ("intake",), rows.refresh)
            with ui.column().classes("wa-card gap-3"):
                Heading("Start a workflow", 2)
                if may(actor, "case.open"):
                    ui.label("To attach a document to a client, start it from the client's case file.").classes(
                        "wa-help")
                for definition in (d for d in services.catalogue if may_start(actor, d)):
                    with ui.row().classes("w-full items-center justify-between gap-3"):
                        with ui.column().classes("gap-0 flex-1"):
                            ui.link(local(definition.title), f"/workflow/{definition.id}").classes(
                                "wa-link text-lg font-semibold")
                            if definition.description:
                                ui.label(local(definition.description)).classes("wa-muted")
                        button = ui.button("Start", on_click=lambda d=definition: start(services, actor, d))
                        button.props["aria-label"] = f"Start {local(definition.title)}"
                        button.mark(f"start:{definition.id}")
            with ui.column().classes("wa-card gap-3"):
                Heading("Drafts to resume", 2)
                _drafts_list(services, actor, drafts, clients, "No drafts. Everything you start is saved as you go.")
            with ui.column().classes("wa-card gap-3"):
                Heading("Recently completed", 2)
                if not submitted:
                    ui.label("Nothing submitted yet.").classes("wa-muted")
                with ui.element("ul").classes("column gap-2"):
                    for doc in submitted[:20]:
                        with ui.element("li"):
                            ui.link(f"{document_name(services, actor, doc, clients)} — submitted "
                                    f"{local_time_or(doc.submitted_at)}", f"/document/{doc.id}").classes("wa-link")

    @ui.page("/workflow/{workflow_id}")
    async def workflow_start(workflow_id: str) -> None:
        services, actor = get(), current_actor()
        if workflow_id not in services.catalogue or not may_start(actor, services.catalogue.get(workflow_id)):
            with frame("Not found"):
                Heading("There is no such workflow", 1)
                ui.link("Back to the home page", "/").classes("wa-link")
            return
        definition = services.catalogue.get(workflow_id)
        drafts = [d for d in await off_loop(services.documents_for(actor).drafts, actor.username, actor.mode)
                  if d.workflow_id == workflow_id]
        clients = await off_loop(case_clients, services, actor, drafts)
        with frame(local(definition.title)):
            with ui.column().classes("wa-card gap-3"):
                Heading(local(definition.title), 1)
                if definition.description:
                    ui.label(local(definition.description))
                ui.label(f"{len(definition.steps)} steps at most; your answers are saved after every step, "
                         "so you can stop and come back.").classes("wa-muted")
                ui.button(f"Start a new {local(definition.title).lower()}", icon="play_arrow",
                          on_click=lambda: start(services, actor, definition))
            with ui.column().classes("wa-card gap-3"):
                Heading("Drafts to resume", 2)
                _drafts_list(services, actor, drafts, clients, "No drafts of this workflow.")
