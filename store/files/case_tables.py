"""Records read out of a case file's or a person file's tables (the TinyDB layout of store.files.casefile)."""

from __future__ import annotations

from store.files.casefile import Tables, rows
from store.models.cases import (
    CASE_TABLE,
    CONSENTS_TABLE,
    FOLLOW_UPS_TABLE,
    NOTES_TABLE,
    REFERRALS_TABLE,
    Case,
    CaseSummary,
    Consent,
    FollowUp,
    Note,
    Referral,
)
from store.models.people import PERSON_TABLE, Person


def read_case(data: Tables) -> Case | None:
    """The case record in a case file's tables; None for a file that only holds documents."""
    found = rows(data, CASE_TABLE, Case)
    return found[0] if found else None


def summarize_case(data: Tables) -> CaseSummary | None:
    case = read_case(data)
    if case is None:
        return None
    moments = [case.updated_at]
    moments += [note.created_at for note in rows(data, NOTES_TABLE, Note)]
    follow_ups = rows(data, FOLLOW_UPS_TABLE, FollowUp)
    moments += [moment for f in follow_ups for moment in (f.created_at, f.done_at) if moment]
    moments += [referral.updated_at for referral in rows(data, REFERRALS_TABLE, Referral)]
    consents = rows(data, CONSENTS_TABLE, Consent)
    moments += [moment for c in consents for moment in (c.created_at, c.revoked_at) if moment]
    open_follow_ups = sorted((f for f in follow_ups if f.done_at is None), key=lambda f: (f.due_date, f.created_at))
    upcoming = open_follow_ups[0] if open_follow_ups else None
    return CaseSummary.model_validate(
        {
            **case.model_dump(include=set(CaseSummary.model_fields)),
            "last_activity": max(moments),
            "next_follow_up_due": upcoming.due_date if upcoming else None,
            "next_follow_up_label": upcoming.label if upcoming else None,
        }
    )


def person_tables(person: Person) -> Tables:
    """A person file's contents (TinyDB layout, like a case file)."""
    return {PERSON_TABLE: {"1": person.model_dump()}}


def read_person(data: Tables | None) -> Person | None:
    found = rows(data or {}, PERSON_TABLE, Person)
    return found[0] if found else None
