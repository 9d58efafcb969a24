"""A submitted document's PDFs: rendered once, right after submit, in the process pool, and kept
(encrypted) with the document, so a download is a file read. A document whose render is missing
(submitted before renders were kept, or its stored copy unreadable) is rendered on its first
download and kept then."""

from __future__ import annotations

import logging

from nicegui import background_tasks, run

from forms.renderer import render_pdf
from pages.services import Actor, Services, off_loop
from store import DocumentRecord
from workflows.engine import evaluate
from workflows.model import Definition, DocumentSpec
from workflows.presentation import DocumentMeta, document_context

log = logging.getLogger(__name__)


def _context(definition: Definition, record: DocumentRecord, spec: DocumentSpec, actor: Actor) -> dict[str, object]:
    evaluation = evaluate(definition, record.answers)
    meta = DocumentMeta(id=record.id, created_at=record.created_at, submitted_at=record.submitted_at,
                        workflow_version=record.workflow_version, revision=record.revision, case_id=record.case_id)
    # Practice documents live only in the actor's sandbox, so the actor's mode is the document's.
    return document_context(definition, evaluation, meta, spec.id, training=actor.mode == "training")


async def document_pdf(services: Services, actor: Actor, record: DocumentRecord, definition: Definition,
                       spec: DocumentSpec) -> bytes | None:
    """The PDF `spec` of a submitted document: the stored render, or rendered now and kept. None
    when the server is shutting down (the process pool is gone)."""
    store = services.documents_for(actor)
    stored = await off_loop(store.stored_render, record.id, spec.id)
    if stored is not None:
        return stored
    # Rendering takes a few hundred milliseconds of CPU: off the event loop, so other people's
    # screens stay responsive.
    pdf = await run.cpu_bound(render_pdf, spec.template, _context(definition, record, spec, actor))
    if pdf is None:
        return None
    await off_loop(store.keep_render, record.id, spec.id, pdf)
    return pdf


async def _render_all(services: Services, actor: Actor, record: DocumentRecord, definition: Definition) -> None:
    for spec in definition.documents:
        try:
            await document_pdf(services, actor, record, definition, spec)
        except Exception as exc:  # the first download renders it again; never the answers in the log
            log.error("rendering %s of document %s after submit failed (%s)", spec.id, record.id, type(exc).__name__)


def render_after_submit(services: Services, actor: Actor, record: DocumentRecord, definition: Definition) -> None:
    """Start rendering every PDF of a just-submitted document in the background."""
    if definition.documents:
        background_tasks.create(_render_all(services, actor, record, definition),
                                name=f"render the PDFs of {record.id}")
