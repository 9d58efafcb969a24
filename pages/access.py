"""Per-record access on top of the page matrix: who may see a case, its people and documents.

Juvenile records (705 ILCS 405/1-7, 5-905) are restricted: only the assigned worker and
supervisors see them, never interns or kiosk sessions. Interns work in training mode and never see
a live record. Every decision to show a record is audited by the page that shows it.
"""

from __future__ import annotations

from pages.services import Actor, Services
from store.cases import Case, CaseSummary
from store.errors import RecordNotFound
from store.records import DocumentRecord
from workflows.model import Definition

CASE_ROLES = {"social_worker", "supervisor"}


def may_see_case(actor: Actor, case: Case | CaseSummary) -> bool:
    if actor.role not in CASE_ROLES:
        return False
    if case.restricted:
        return actor.role == "supervisor" or case.assigned_to == actor.username
    return True


def visible_cases(actor: Actor, cases: list[CaseSummary]) -> list[CaseSummary]:
    return [c for c in cases if may_see_case(actor, c)]


def may_start(actor: Actor, definition: Definition) -> bool:
    """Staff start staff workflows. A kiosk-only workflow (the walk-in intake) runs on the lobby tablet, never
    as a live staff record; training mode may still run it, to practise what a walk-in sees."""
    return actor.mode == "training" or "staff" in definition.audience


def may_see_document(services: Services, actor: Actor, record: DocumentRecord) -> bool:
    """A case's document follows its case; a document without a case is its author's."""
    if record.mode != actor.mode:
        return False
    if record.case_id is None:
        return record.owner == actor.username
    try:
        case = services.cases_for(actor).get_case(record.case_id)
    except RecordNotFound:
        return False
    return may_see_case(actor, case)
