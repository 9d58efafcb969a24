"""Per-record access on top of the page matrix: who may see a case, its people and documents.

Which people and cases an actor may see is one rule, `store.models.visibility` (juvenile records, 705
ILCS 405/1-7, 5-905: only the assigned worker and supervisors; never interns or kiosk sessions);
it is re-exported here for the pages. Interns work in training mode and never see a live record.
Every decision to show a record is audited by the page that shows it.
"""

from __future__ import annotations

from pages.services import Actor, Services
from store import CASE_ROLES, DocumentRecord, may_see_case, visible_cases
from workflows.model import Definition

__all__ = ["CASE_ROLES", "RESTRICTED_MATCH", "may_see_case", "may_see_document", "may_start", "visible_cases"]

# What a worker is told instead of a possible match they may not open: never a name, a date of
# birth, a link or how many.
RESTRICTED_MATCH = "A possible match exists that you cannot open — ask a supervisor."


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
    # From the in-memory index: it is called on the event loop, and the index holds what the rule
    # needs (restricted, assigned to) as of the last write.
    named = services.cases_for(actor).case_clients([record.case_id]).get(record.case_id)
    return named is not None and may_see_case(actor, named.case)
