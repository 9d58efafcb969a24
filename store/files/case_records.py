"""What a case gathers over time: notes, follow-ups, referrals and consents.

Part of `CaseStore` (store.files.casework), split out to keep each file to one concern: this one says
what each record may hold and how it changes; CaseStore does the file access, locking, index and
journal (`_change_case` reads the case file, lets a change edit its tables in memory, writes it
back and republishes the case's summary).
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from store.files.case_tables import read_case
from store.files.casefile import Tables, find_row, insert_row, replace_row, rows
from store.files.resources import Resource
from store.models.cases import (
    CONSENTS_TABLE,
    FINAL_REFERRAL_STATUSES,
    FOLLOW_UPS_TABLE,
    NOTES_TABLE,
    REFERRALS_TABLE,
    Case,
    CaseSnapshot,
    Consent,
    FollowUp,
    Note,
    Referral,
    ReferralSharing,
)
from store.models.errors import ConsentNotInForce, RecordNotFound
from store.models.ids import new_id, utc_now

T = TypeVar("T")
R = TypeVar("R", bound=BaseModel)




def _make(model: type[R], case: Case, **fields: Any) -> R:
    return model.model_validate({"id": new_id(), "case_id": case.id, **fields})


def _changed(data: Tables, table: str, kind: str, record_id: str, model: type[R], **changes: Any) -> R:
    old = find_row(data, table, record_id, model)
    if old is None:
        raise RecordNotFound(kind, record_id)
    new = model.model_validate({**old.model_dump(), **changes})  # validated, unlike model_copy
    replace_row(data, table, record_id, new)
    return new


class CaseRecords(ABC):
    """The record-level half of CaseStore, which supplies the three abstract methods."""

    @abstractmethod
    def _change_case(self, case_id: str, change: Callable[[Tables, Case], T]) -> T: ...

    @abstractmethod
    def _read_tables(self, case_id: str) -> Tables: ...

    @abstractmethod
    def resource(self, resource_id: str) -> Resource: ...

    # -- notes -----------------------------------------------------------------------------

    def add_note(self, case_id: str, *, author: str, text: str, note_type: str = "contact") -> Note:
        """Notes are a record of what happened: added, never edited or removed."""

        def add(data: Tables, case: Case) -> Note:
            note = _make(Note, case, author=author, text=text, note_type=note_type, created_at=utc_now())
            insert_row(data, NOTES_TABLE, note)
            return note

        return self._change_case(case_id, add)

    def case_snapshot(self, case_id: str) -> CaseSnapshot:
        """The case with its notes, follow-ups, referrals and consents, from one read of its file."""
        data = self._read_tables(case_id)
        case = read_case(data)
        if case is None:
            raise RecordNotFound("case", case_id)
        follow_ups = sorted(rows(data, FOLLOW_UPS_TABLE, FollowUp), key=lambda f: (f.due_date, f.created_at))
        return CaseSnapshot(case=case, notes=rows(data, NOTES_TABLE, Note), follow_ups=follow_ups,
                            referrals=rows(data, REFERRALS_TABLE, Referral),
                            consents=rows(data, CONSENTS_TABLE, Consent))

    def notes(self, case_id: str) -> list[Note]:
        """A case's notes, oldest first."""
        return rows(self._read_tables(case_id), NOTES_TABLE, Note)

    # -- follow-ups ------------------------------------------------------------------------

    def add_follow_up(
        self,
        case_id: str,
        *,
        title: str,
        kind: str,
        due_date: str,
        created_by: str,
        assigned_to: str | None = None,
        police_backup_requested: bool = False,
        transport_arranged: bool = False,
    ) -> FollowUp:
        def add(data: Tables, case: Case) -> FollowUp:
            return insert_follow_up(data, case, title=title, kind=kind, due_date=due_date, created_by=created_by,
                                    assigned_to=assigned_to, police_backup_requested=police_backup_requested,
                                    transport_arranged=transport_arranged)

        return self._change_case(case_id, add)

    def complete_follow_up(self, case_id: str, follow_up_id: str, *, by: str) -> FollowUp:
        def complete(data: Tables, case: Case) -> FollowUp:
            current = find_row(data, FOLLOW_UPS_TABLE, follow_up_id, FollowUp)
            if current is not None and current.done_at is not None:
                return current  # done twice (two tabs): the first time counts
            return _changed(data, FOLLOW_UPS_TABLE, "follow-up", follow_up_id, FollowUp, done_at=utc_now(), done_by=by)

        return self._change_case(case_id, complete)

    def follow_ups(self, case_id: str) -> list[FollowUp]:
        """A case's follow-ups by due date, done ones included."""
        found = rows(self._read_tables(case_id), FOLLOW_UPS_TABLE, FollowUp)
        return sorted(found, key=lambda f: (f.due_date, f.created_at))

    def overdue_follow_ups(self, case_id: str, today: date) -> list[FollowUp]:
        return [f for f in self.follow_ups(case_id) if f.is_overdue(today)]

    # -- referrals -------------------------------------------------------------------------

    def add_referral(
        self,
        case_id: str,
        *,
        resource_id: str,
        created_by: str,
        notes: str = "",
        sharing: ReferralSharing = "information_only",
        shared: Sequence[str] = (),
        consent_ids: Sequence[str] = (),
        reason: str = "",
        today: date | None = None,
    ) -> Referral:
        """A referral that gives the client the provider's details (the default: nothing leaves the
        unit), or one that shares the `shared` categories under `consent_ids`. Whether those
        consents cover the sharing is decided before (workflows.consent); here, under the case's
        lock, each must still be this case's, unrevoked and in force on `today` and name what is
        shared, so a consent revoked in another tab a moment ago stops it (ConsentNotInForce)."""
        self.resource(resource_id)  # raises RecordNotFound for an unknown resource
        if sharing == "not_recorded":
            raise ValueError("a new referral says whether it shares information")
        if sharing == "shared" and today is None:
            raise ValueError("a referral that shares information needs the day it is shared (today)")

        def add(data: Tables, case: Case) -> Referral:
            return insert_referral(data, case, resource_id=resource_id, created_by=created_by, notes=notes,
                                   sharing=sharing, shared=shared, consent_ids=consent_ids, reason=reason,
                                   today=today)

        return self._change_case(case_id, add)

    def set_referral_status(self, case_id: str, referral_id: str, status: str, notes: str | None = None) -> Referral:
        """Move a referral on; declined and completed are final."""

        def move(data: Tables, case: Case) -> Referral:
            current = find_row(data, REFERRALS_TABLE, referral_id, Referral)
            if current is not None and current.status in FINAL_REFERRAL_STATUSES and status != current.status:
                raise ValueError(f"referral {referral_id!r} is {current.status}; make a new referral instead")
            changes: dict[str, Any] = {"status": status, "updated_at": utc_now()}
            if notes is not None:
                changes["notes"] = notes
            return _changed(data, REFERRALS_TABLE, "referral", referral_id, Referral, **changes)

        return self._change_case(case_id, move)

    def referrals(self, case_id: str) -> list[Referral]:
        """A case's referrals, oldest first."""
        return rows(self._read_tables(case_id), REFERRALS_TABLE, Referral)

    # -- consents --------------------------------------------------------------------------

    def add_consent(
        self,
        case_id: str,
        *,
        person_id: str,
        recipient: str,
        categories: Sequence[str],
        purpose: str,
        signed_on: str,
        expires_on: str,
        created_by: str,
        resource_id: str | None = None,
        information: str = "",
    ) -> Consent:
        """Record a signed release: to whom, which categories, for what, until when (VAWA requires
        it to be time-limited). The rules of the categories (workflows.consent.recording_problems)
        are checked by the caller; here only that it names a scope and a purpose."""
        if not categories or not purpose.strip():
            raise ValueError("a consent names what it covers and what for")
        if resource_id is not None:
            recipient = self.resource(resource_id).name  # raises RecordNotFound for an unknown resource

        def add(data: Tables, case: Case) -> Consent:
            consent = _make(Consent, case, person_id=person_id, recipient=recipient, resource_id=resource_id,
                            categories=list(dict.fromkeys(categories)), purpose=purpose.strip(),
                            information=information.strip(), signed_on=signed_on, expires_on=expires_on,
                            created_by=created_by, created_at=utc_now())
            insert_row(data, CONSENTS_TABLE, consent)
            return consent

        return self._change_case(case_id, add)

    def revoke_consent(self, case_id: str, consent_id: str, *, by: str) -> Consent:
        """A client may take a release back at any time; from then on nothing is shared under it."""

        def revoke(data: Tables, case: Case) -> Consent:
            current = find_row(data, CONSENTS_TABLE, consent_id, Consent)
            if current is not None and current.revoked_at is not None:
                return current
            return _changed(data, CONSENTS_TABLE, "consent", consent_id, Consent, revoked_at=utc_now(), revoked_by=by)

        return self._change_case(case_id, revoke)

    def consents(self, case_id: str) -> list[Consent]:
        """A case's consents, oldest first, revoked and expired ones included."""
        return rows(self._read_tables(case_id), CONSENTS_TABLE, Consent)

    def current_consent(self, case_id: str, recipient: str, today: date) -> Consent | None:
        """The release in force today for this recipient (the one lasting longest), or None."""
        wanted = recipient.strip().casefold()
        current = [c for c in self.consents(case_id)
                   if c.recipient.strip().casefold() == wanted and c.is_current(today)]
        return max(current, key=lambda c: (c.expires_on, c.created_at), default=None)


# -- the records, added to a case file's tables in memory (shared with CaseStore.submit_on_case) --


def insert_follow_up(data: Tables, case: Case, *, title: str, kind: str, due_date: str, created_by: str,
                     assigned_to: str | None = None, police_backup_requested: bool = False,
                     transport_arranged: bool = False) -> FollowUp:
    """A new follow-up in `data`; it goes to the case's worker unless `assigned_to` says otherwise."""
    follow_up = _make(
        FollowUp, case, title=title, kind=kind, due_date=due_date, created_by=created_by,
        assigned_to=assigned_to if assigned_to is not None else case.assigned_to,
        police_backup_requested=police_backup_requested, transport_arranged=transport_arranged,
        created_at=utc_now(),
    )
    insert_row(data, FOLLOW_UPS_TABLE, follow_up)
    return follow_up


def insert_referral(data: Tables, case: Case, *, resource_id: str, created_by: str, notes: str = "",
                    sharing: ReferralSharing = "information_only", shared: Sequence[str] = (),
                    consent_ids: Sequence[str] = (), reason: str = "", today: date | None = None) -> Referral:
    """A new referral in `data`; one that shares raises ConsentNotInForce unless the consents
    named, as `data` has them, are in force on `today` and cover what is shared."""
    if sharing == "shared":
        _check_consents(data, consent_ids, shared, today or date.min)
    now = utc_now()
    referral = _make(Referral, case, resource_id=resource_id, created_by=created_by, notes=notes,
                     status="sent" if sharing == "shared" else "given", sharing=sharing,
                     shared=list(shared), consent_ids=list(consent_ids), reason=reason,
                     created_at=now, updated_at=now)
    insert_row(data, REFERRALS_TABLE, referral)
    return referral


def _check_consents(data: Tables, consent_ids: Sequence[str], shared: Sequence[str], today: date) -> None:
    found = {c.id: c for c in rows(data, CONSENTS_TABLE, Consent)}
    named = [found.get(consent_id) for consent_id in consent_ids]
    if not named or any(c is None or not c.is_current(today) for c in named):
        raise ConsentNotInForce("the consent was revoked, has expired or is not on this case; nothing was shared")
    covered = {category for c in named if c is not None for category in c.categories}
    if not shared or not set(shared) <= covered:
        raise ConsentNotInForce("the consents named do not cover what was to be shared; nothing was shared")
