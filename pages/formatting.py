"""How the staff pages write times and name things, in one place.

Times: stored times are UTC; every time shown is the unit's local time (the server's time zone),
as "2026-11-21 10:30", or "14:02" / "Nov 20, 14:02" where a clock reads better (the walk-in alert).

Case labels: lists of documents name each one by its workflow and the client and case it belongs
to ("Safety plan — Ana Demo-Lopez, case C-2026-00012"), so a worker with many drafts can tell them
apart. Names come from the store's in-memory index; a case the actor may not open (a juvenile record
they are no longer assigned to) is never named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from store import CaseClient, DocumentRecord, DocumentSummary, may_see_case

if TYPE_CHECKING:  # no UI at run time: the no-UI modules (pages.intake.summary) use these times too
    from pages.services import Actor, Services

Document = DocumentSummary | DocumentRecord


def local_moment(iso: str | None) -> dt.datetime | None:
    """A stored UTC time in the unit's time zone; None for none."""
    return dt.datetime.fromisoformat(iso).astimezone() if iso else None


def local_time(iso: str) -> str:
    """"2026-11-21 10:30" for a stored UTC time."""
    return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def local_timestamp(iso: str) -> str:
    """"2026-11-21 10:30:05" for a stored UTC time, where the second matters (the audit trail)."""
    return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def local_time_or(iso: str | None, blank: str = "") -> str:
    """local_time, or `blank` when there is no time to show."""
    return local_time(iso) if iso else blank


def clock_time(iso: str, zone: dt.tzinfo | None = None) -> str:
    """"14:02" today, "Nov 20, 14:02" another day: in the server's time zone unless given one."""
    moment = dt.datetime.fromisoformat(iso).astimezone(zone)
    today = dt.datetime.now(moment.tzinfo).date()
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%b %d, %H:%M")


def clock_time_or(iso: str | None, blank: str = "") -> str:
    """clock_time, or `blank` when there is no time to show."""
    return clock_time(iso) if iso else blank



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
