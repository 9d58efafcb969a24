"""What a workflow started from a case is prefilled with, without any UI: the client, the case, the
worker and today (the names `workflows.prefill` knows), and the client's prior station adjustments
from the cases the worker may see. Call `prior_station_adjustments` off the event loop: it reads
submitted documents."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from store import Case, Person

if TYPE_CHECKING:  # no UI at run time: pages.services imports nicegui
    from pages.services import Actor, Services


def _age(date_of_birth: str | None, today: dt.date) -> int | None:
    if not date_of_birth:
        return None
    born = dt.date.fromisoformat(date_of_birth)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

PRIORS_SOURCE = "client.prior_station_adjustments"

def prior_station_adjustments(services: Services, actor: Actor, person: Person) -> list[dict[str, Any]]:
    """The client's station adjustments this unit already recorded, from submitted intakes in the
    client's cases the actor may see, as entries of the intake's `prior_adjustments` group (a
    workflow that counts them is not started when other cases are hidden: `start_for_case`)."""
    store = services.cases_for(actor)
    priors: list[dict[str, Any]] = []
    for summary in store.cases_of(person.id, viewer=actor):
        for doc in store.documents.case_documents(summary.id, actor.mode):
            if doc.workflow_id != "station_adjustment" or doc.status != "submitted":
                continue
            answers = store.documents.get(doc.id).answers
            kind = answers.get("adjustment", {}).get("adjustment_type")
            incident = answers.get("incident", {})
            if kind in ("informal", "formal") and incident.get("date"):
                priors.append({"type": kind, "offense_class": incident.get("offense_class"),
                               "date": incident["date"], "agency": f"This unit (case {summary.id})"})
    return sorted(priors, key=lambda p: p["date"], reverse=True)

def prefill_context(case: Case, person: Person, actor: Actor,
                    priors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    today = dt.date.today()
    children = [m for m in case.household if (age := _age(m.date_of_birth, today)) is not None and age < 18]
    address = person.address
    return {
        "client.first_name": person.first_name, "client.last_name": person.last_name,
        "client.full_name": person.full_name, "client.date_of_birth": person.date_of_birth,
        "client.phone": person.phones[0].number if person.phones else None, "client.email": person.email,
        "client.address": ", ".join(x for x in (address.line1, address.city, address.state, address.zip) if x)
        if address else None,
        "client.has_children": True if children else None,
        "case.number": case.id, "case.police_report_number": case.police_report_number,
        "worker.name": actor.display_name, "today": today.isoformat(),
        "client.prior_station_adjustments": priors or None,
    }
