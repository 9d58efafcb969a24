"""A submitted document: its answers, its PDFs to download, and "Revise" (a submitted document is
final; a change is a new version that supersedes it)."""

from __future__ import annotations

from fastapi import Response
from nicegui import app, run, ui

from forms.renderer import render_pdf
from pages.layout import Heading, frame
from pages.review import render_answers
from pages.services import Actor, current_actor, get, off_loop
from store.documents import DocumentNotFound, DocumentRecord
from workflows.engine import evaluate
from workflows.model import local
from workflows.presentation import DocumentMeta, document_context


async def _load(doc_id: str, actor: Actor) -> DocumentRecord | None:
    try:
        record = await off_loop(get().documents_for(actor).get, doc_id)
    except DocumentNotFound:
        return None
    # Until the casework issue brings cases and roles, a document is its author's.
    if record is None or record.owner != actor.username or record.mode != actor.mode:
        return None
    return record


def pdf_filename(workflow_id: str, document_id: str, doc_id: str) -> str:
    return f"{workflow_id}-{document_id}-{doc_id}.pdf"


def register() -> None:
    @ui.page("/document/{doc_id}")
    async def document_page(doc_id: str) -> None:
        services, actor = get(), current_actor()
        record = await _load(doc_id, actor)
        if record is None or record.status != "submitted":
            if record is not None:
                ui.navigate.to(f"/draft/{doc_id}")
                return
            with frame("Not found"):
                Heading("This document was not found", 1)
                ui.link("Back to the home page", "/").classes("wa-link")
            return
        definition = services.definition_for(services.documents_for(actor), record.definition_key)
        evaluation = evaluate(definition, record.answers)

        async def revise() -> None:
            draft = await off_loop(services.documents_for(actor).revise, doc_id, actor.username)
            ui.navigate.to(f"/draft/{draft.id}")

        with frame(local(definition.title)):
            with ui.column().classes("wa-card gap-2"):
                Heading(local(definition.title), 1)
                ui.label(f"Submitted {record.submitted_at or ''} · document {record.id} · "
                         f"version {record.revision} · form version {record.workflow_version}").classes("wa-muted")
                with ui.row().classes("gap-3 items-center"):
                    for spec in definition.documents:
                        ui.link(f"Download {local(spec.title)} (PDF)",
                                f"/document/{doc_id}/pdf/{spec.id}").classes("wa-link text-lg")
                with ui.row().classes("gap-3"):
                    ui.button("Revise (makes a new version)", icon="edit_note", on_click=revise).props("outline")
                    ui.link("Back to the home page", "/").classes("wa-link self-center")
            render_answers(definition, evaluation, "en")

    @app.get("/document/{doc_id}/pdf/{document_id}")
    async def document_pdf(doc_id: str, document_id: str) -> Response:
        services, actor = get(), current_actor()
        record = await _load(doc_id, actor)
        if record is None or record.status != "submitted":
            return Response("Not found", status_code=404, media_type="text/plain")
        definition = services.definition_for(services.documents_for(actor), record.definition_key)
        spec = next((d for d in definition.documents if d.id == document_id), None)
        if spec is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        evaluation = evaluate(definition, record.answers)
        meta = DocumentMeta(id=record.id, created_at=record.created_at, submitted_at=record.submitted_at,
                            workflow_version=record.workflow_version, revision=record.revision,
                            case_id=record.case_id)
        context = document_context(definition, evaluation, meta, spec.id, training=actor.mode == "training")
        # Rendering takes a few hundred milliseconds of CPU: off the event loop, so other people's
        # screens stay responsive.
        pdf = await run.cpu_bound(render_pdf, spec.template, context)
        if pdf is None:
            return Response("The server is shutting down", status_code=503, media_type="text/plain")
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{pdf_filename(definition.id, spec.id, record.id)}"',
            "Cache-Control": "no-store",
        })
