"""A submitted document: its answers, its PDFs to download, "Revise" (a submitted document is
final; a change is a new version that supersedes it), and a copy released outside the unit only
under a current consent whose scope covers everything that copy contains."""

from __future__ import annotations

import datetime as dt

from fastapi import Response
from nicegui import app, ui

from pages.access import may_see_document
from pages.authz import may
from pages.formatting import case_clients, local_time, whose
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading
from pages.workflow.renders import document_pdf
from pages.workflow.review import render_answers
from pages.workflow.sharing import declared_contains
from store import DocumentNotFound, DocumentRecord
from workflows.consent import consent_state, releasable, release_decision
from workflows.engine import evaluate
from workflows.model import Definition, local


async def _load(doc_id: str, actor: Actor) -> DocumentRecord | None:
    try:
        record = await off_loop(get().documents_for(actor).get, doc_id)
    except DocumentNotFound:
        return None
    return record if may_see_document(get(), actor, record) else None


async def _release_section(services: Services, actor: Actor, record: DocumentRecord, definition: Definition) -> None:
    """Only the copies each current consent covers are offered (never, say, the staff lethality
    record under a consent for a name, a phone number and the number of children)."""
    assert record.case_id is not None
    today = dt.date.today()
    rules = services.catalogue.sharing
    in_force = [c for c in await off_loop(services.cases_for(actor).consents, record.case_id)
                if consent_state(c, today) in ("current", "unscoped")]
    copies = [(spec.id, declared_contains(services, definition, spec.id)) for spec in definition.documents]
    titles = {spec.id: local(spec.title) for spec in definition.documents}
    with ui.column().classes("wa-card gap-2").mark("section:release"):
        Heading("Release a copy outside the unit", 2)
        if not in_force:
            ui.label("There is no current consent to release information on this case, so nothing may be shared "
                     "outside the unit. Record a signed, time-limited consent on the case file first.").classes(
                "wa-muted")
            return
        for consent in in_force:
            if consent_state(consent, today) == "unscoped":
                ui.label(f"To {consent.recipient}, until {consent.expires_on}: recorded before consents named what "
                         "they cover, so it covers nothing. Record it again on the case file.").classes("wa-muted")
                continue
            ui.label(f"To {consent.recipient}, until {consent.expires_on}, for {consent.purpose}: it covers "
                     f"{rules.labels(consent.categories)}.")
            covered = releasable(rules, consent, copies, today)
            if not covered:
                ui.label("It covers no copy of this document.").classes("wa-muted")
            with ui.row().classes("gap-3"):
                for doc_id in covered:
                    ui.link(f"Download {titles[doc_id]} for {consent.recipient}",
                            f"/document/{record.id}/release/{doc_id}?consent={consent.id}").classes("wa-link")


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
        services.audit(actor, "read", "document", record.id, record.case_id)
        clients = await off_loop(case_clients, services, actor, [record])

        async def revise() -> None:
            draft = await off_loop(services.documents_for(actor).revise, doc_id, actor.username)
            ui.navigate.to(f"/draft/{draft.id}")

        with frame(local(definition.title)):
            with ui.column().classes("wa-card gap-2"):
                Heading(local(definition.title), 1)
                ui.label(f"For {whose(actor, record, clients)}" if record.case_id else "Not filed to a case").classes(
                    "font-semibold")
                submitted = local_time(record.submitted_at) if record.submitted_at else ""
                ui.label(f"Submitted {submitted} · document {record.id} · "
                         f"version {record.revision} · form version {record.workflow_version}").classes("wa-muted")
                with ui.row().classes("gap-3 items-center"):
                    for spec in definition.documents:
                        ui.link(f"Download {local(spec.title)} (PDF)",
                                f"/document/{doc_id}/pdf/{spec.id}").classes("wa-link text-lg")
                with ui.row().classes("gap-3"):
                    ui.button("Revise (makes a new version)", icon="edit_note", on_click=revise).props("outline")
                    if record.case_id in clients:  # the case exists, and _load checked the actor may open it
                        ui.link(f"Back to case {record.case_id}", f"/cases/{record.case_id}").classes(
                            "wa-link self-center").mark("document:case")
                    ui.link("Back to the home page", "/").classes("wa-link self-center")
            if record.case_id is not None and may(actor, "document.release"):
                await _release_section(services, actor, record, definition)
            render_answers(definition, evaluation, "en")

    @app.get("/document/{doc_id}/pdf/{document_id}")
    async def document_pdf(doc_id: str, document_id: str) -> Response:
        services, actor = get(), current_actor()
        record = await _load(doc_id, actor)
        if record is None or record.status != "submitted":
            return not_found()
        response = await _pdf_response(services, actor, record, document_id)
        if response.status_code == 200:
            services.audit(actor, "download", "document", record.id, record.case_id, document_id)
        return response

    @app.get("/document/{doc_id}/release/{document_id}")
    async def document_release(doc_id: str, document_id: str, consent: str = "") -> Response:
        """A copy for someone outside the unit: only under a consent of this case that is current
        today and covers everything the copy contains (VAWA 34 U.S.C. 12291(b)(2)); the export,
        and every refusal, is audited."""
        services, actor = get(), current_actor()
        record = await _load(doc_id, actor)
        if record is None or record.status != "submitted" or record.case_id is None:
            return not_found()
        definition = services.definition_for(services.documents_for(actor), record.definition_key)
        if all(spec.id != document_id for spec in definition.documents):
            return not_found()
        store = services.cases_for(actor)
        consents = {c.id: c for c in await off_loop(store.consents, record.case_id)}
        release = consents.get(consent)
        today = dt.date.today()
        if release is None:
            services.audit(actor, "export", "document", record.id, record.case_id, "refused: no such consent")
            return _refused("No consent on this case was named, so nothing was shared.")
        decision = release_decision(services.catalogue.sharing, release,
                                    declared_contains(services, definition, document_id), today)
        if not decision.allowed:
            state = consent_state(release, today)
            why = f"consent {state}" if state != "current" else f"consent {release.id} does not cover {document_id}"
            services.audit(actor, "export", "document", record.id, record.case_id, f"refused: {why}")
            return _refused(f"Not released: {decision.reason} Nothing was shared.")
        response = await _pdf_response(services, actor, record, document_id)
        if response.status_code == 200:
            services.audit(actor, "export", "document", record.id, record.case_id,
                           f"released under consent {release.id}")
        return response


def not_found() -> Response:
    """A new response every time: the middlewares change a response's header list in place (the
    gzip middleware adds `Content-Encoding: gzip` when it compresses), so one shared object would
    carry the first request's headers to every later one, over a body that is no longer zipped."""
    return Response("Not found", status_code=404, media_type="text/plain")


def _refused(text: str) -> Response:
    return Response(text, status_code=403, media_type="text/plain", headers={"Cache-Control": "no-store"})


async def _pdf_response(services: Services, actor: Actor, record: DocumentRecord, document_id: str) -> Response:
    definition = services.definition_for(services.documents_for(actor), record.definition_key)
    spec = next((d for d in definition.documents if d.id == document_id), None)
    if spec is None:
        return not_found()
    pdf = await document_pdf(services, actor, record, definition, spec)
    if pdf is None:
        return Response("The server is shutting down", status_code=503, media_type="text/plain")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{pdf_filename(definition.id, spec.id, record.id)}"',
        "Cache-Control": "no-store",
    })
