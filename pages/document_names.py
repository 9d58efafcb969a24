"""How lists of documents name each one: its workflow, and the client and case it belongs to
("Safety plan — Ana Demo-Lopez, case C-2026-00012"), so a worker with many drafts can tell them
apart. Names come from the store's in-memory index; a case the actor may not open (a juvenile
record they are no longer assigned to) is never named."""

from __future__ import annotations

from collections.abc import Iterable

from pages.access import may_see_case
from pages.services import Actor, Services
from store.models.cases import CaseClient
from store.models.documents import DocumentRecord, DocumentSummary

Document = DocumentSummary | DocumentRecord


def case_clients(services: Services, actor: Actor, docs: Iterable[Document]) -> dict[str, CaseClient]:
    """The cases of `docs` with their clients' names, from memory (call it off the event loop)."""
    return services.cases_for(actor).case_clients({d.case_id for d in docs if d.case_id})


def whose(actor: Actor, doc: Document, clients: dict[str, CaseClient]) -> str:
    """ "Ana Demo-Lopez, case C-2026-00012", or what can be said when that cannot."""
    if doc.case_id is None:
        return "not filed to a case"
    named = clients.get(doc.case_id)
    if named is None:
        return f"case {doc.case_id}"
    if not may_see_case(actor, named.case):
        return "a restricted case"
    return f"{named.client_name}, case {doc.case_id}" if named.client_name else f"case {doc.case_id}"


def document_name(services: Services, actor: Actor, doc: Document, clients: dict[str, CaseClient]) -> str:
    return f"{services.catalogue.title(doc.workflow_id)} \u2014 {whose(actor, doc, clients)}"
