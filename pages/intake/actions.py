"""Resolving a staged kiosk intake, without any UI: match it to a person on file (a new case or one
of their open cases), create a client and case from it, or close it with a reason. Each is one
blocking call (run it with `off_loop`) that writes the person, the case, a note on the case saying
where it came from, then the intake, and audits every write. "I'm responding" (someone is going
to the walk-in now) is one more such call.

Nothing is overwritten on a person already on file: `carry_over` fills only what is empty, and
what it filled and what it left alone go back to the worker to be shown. Matching checks, on the
server, that the worker may see the person and the case (store.models.visibility): a walk-in is never
tied to, a case never opened on, and no detail copied into, a restricted record they may not open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pages.access import may_see_case
from pages.intake.summary import CLOSE_REASONS, carry_over, new_person_fields, own_words_note, reasons
from pages.services import Actor, Services
from store import Casework, KioskIntake, RecordNotFound
from workflows.model import Definition


class IntakeAlreadyResolved(ValueError):
    """Someone else matched or closed the intake first."""


@dataclass
class Resolution:
    intake: KioskIntake
    person_name: str = ""
    case_id: str | None = None
    carried: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _check_open(store: Casework, intake_id: str) -> KioskIntake:
    intake = store.intakes.get(intake_id)
    if intake.status != "new":
        raise IntakeAlreadyResolved(f"this walk-in was already {intake.status} by {intake.resolved_by}")
    return intake


def _note(definition: Definition, intake: KioskIntake) -> str:
    said = "; ".join(reasons(definition, intake)) or "no reason given"
    urgent = " Said they were not safe right now." if intake.urgent else ""
    typed = own_words_note(definition, intake)  # as typed, flagged when in Spanish: never translated
    return f"Walk-in at the lobby kiosk ({intake.id}): {said}.{urgent}" + (f" {typed}" if typed else "")


def _open_case(services: Services, actor: Actor, store: Casework, person_id: str, intake: KioskIntake,
               case_type: str, assign_to_me: bool) -> str:
    case = store.open_case(person_id, case_type, created_by=actor.username,
                           assigned_to=actor.username if assign_to_me else None,
                           priority="urgent" if intake.urgent else "normal", mode=actor.mode)
    services.audit(actor, "write", "case", case.id, case.id, detail=f"opened from kiosk intake {intake.id}")
    return case.id


def match_intake(services: Services, actor: Actor, definition: Definition, intake_id: str, person_id: str,
                 case_id: str | None, case_type: str | None, assign_to_me: bool = True) -> Resolution:
    """Match to a person on file: `case_id` one of their open cases, or None to open a `case_type` case."""
    store = services.cases_for(actor)
    intake = _check_open(store, intake_id)
    if not store.may_see_person(person_id, actor):
        # The same answer as for nobody on file, so the refusal cannot be used to probe for records.
        services.audit(actor, "write", "intake", intake.id, detail="refused: match to a person the worker may not see")
        raise RecordNotFound("person", person_id)
    person = store.get_person(person_id)
    if case_id is not None:
        case = store.get_case(case_id)
        if case.client_id != person.id or case.status == "closed" or not may_see_case(actor, case):
            services.audit(actor, "write", "intake", intake.id, detail="refused: not an open case of the person "
                           "the worker may see")
            raise RecordNotFound("case", case_id)
    elif not case_type:
        raise ValueError("choose the type of the new case")
    carried = carry_over(definition, intake, person)
    if carried.changes:
        store.update_person(person.id, **carried.changes)
        services.audit(actor, "write", "person", person.id, case_id,
                       detail=f"filled from kiosk intake {intake.id}: {len(carried.carried)} details")
    if case_id is None:
        case_id = _open_case(services, actor, store, person.id, intake, case_type or "", assign_to_me)
    store.add_note(case_id, author=actor.username, text=_note(definition, intake))
    services.audit(actor, "write", "case", case_id, case_id, detail=f"note from kiosk intake {intake.id}")
    done = store.intakes.match(intake.id, person_id=person.id, case_id=case_id, by=actor.username)
    services.audit(actor, "write", "intake", intake.id, case_id, detail=f"matched to {person.id}")
    return Resolution(done, person.full_name, case_id, carried.carried, carried.kept)


def create_client(services: Services, actor: Actor, definition: Definition, intake_id: str, first_name: str,
                  last_name: str, case_type: str, assign_to_me: bool = True) -> Resolution:
    """A new client with the intake's contact, language and access details, and a new case."""
    store = services.cases_for(actor)
    intake = _check_open(store, intake_id)
    if not (first_name.strip() or last_name.strip()):
        raise ValueError("enter a first or last name (or a name the client uses)")
    if not case_type:
        raise ValueError("choose the type of case")
    fields: dict[str, Any] = new_person_fields(definition, intake)
    person = store.add_person(first_name=first_name.strip(), last_name=last_name.strip(), **fields)
    services.audit(actor, "write", "person", person.id, detail=f"created from kiosk intake {intake.id}")
    case_id = _open_case(services, actor, store, person.id, intake, case_type, assign_to_me)
    store.add_note(case_id, author=actor.username, text=_note(definition, intake))
    done = store.intakes.match(intake.id, person_id=person.id, case_id=case_id, by=actor.username)
    services.audit(actor, "write", "intake", intake.id, case_id, detail=f"new client {person.id}")
    carried = [f"Phone: {p['number']}" for p in fields["phones"]]
    carried += [f"Safe contact: {phrase}" for phrase in person.safe_contact.summary()]
    return Resolution(done, person.full_name, case_id, carried, [])


def respond_to_intake(services: Services, actor: Actor, intake_id: str) -> KioskIntake:
    """"I'm responding": the actor is going to this walk-in now. Kept on the intake (who, when) and
    audited; store.files.intakes.AlreadyResponding when someone else said it first."""
    intake = services.cases_for(actor).intakes.respond(intake_id, by=actor.username, name=actor.display_name)
    services.audit(actor, "write", "intake", intake_id, detail="responding to the walk-in")
    return intake


def close_intake(services: Services, actor: Actor, intake_id: str, kind: str, reason: str) -> Resolution:
    """Close with one of CLOSE_REASONS (`kind`) and the words shown on the intake (`reason`). The
    audit log records the kind only, never what was typed; the close and its audit are saved
    together or not at all (the store undoes the close if the audit cannot be written)."""
    if kind not in CLOSE_REASONS:
        raise ValueError("choose why the intake is closed")
    store = services.cases_for(actor)
    _check_open(store, intake_id)
    done = store.intakes.close(intake_id, reason=reason, by=actor.username, then=lambda _: services.audit(
        actor, "write", "intake", intake_id, detail=f"closed: {kind}"))
    return Resolution(done)
