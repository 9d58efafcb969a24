"""The case store: people, cases and everything a case gathers, the triage queue and search.

`CaseStore` owns a data folder: it opens the `DocumentStore` on it (which takes the folder lock)
and adds people files, the casework tables in each case file with their index and journal
(`store.files.casefolder`, which also says how each write reaches disk), the audit log, the
referral directory and the walk-ins staged at the kiosk (`intakes`, see store.files.intakes). With a
codec every file it writes is encrypted.

Methods are blocking and thread-safe; call them from `run.io_bound`. Writes of one case are
serialised by that case's lock, shared with the document store. Reads take no lock (files are
only ever replaced whole); lists, the queue and search come from memory and never open a file.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from store.files.audit import AuditLog
from store.files.case_records import CaseRecords, insert_follow_up, insert_referral
from store.files.case_tables import read_case
from store.files.casefile import Tables, replace_row
from store.files.casefolder import CaseFolder
from store.files.damage import DamageReports
from store.files.documents import DocumentStore, submit_in
from store.files.intakes import IntakeStore
from store.files.layout import Layout
from store.files.resources import SEED_FILE, Resource, ResourceDirectory
from store.files.storage import Codec, line_codec
from store.models.case_reasons import REASONS_FILE, CaseReasons, load_case_reasons
from store.models.cases import (
    CASE_TABLE,
    RESTRICTED_TYPES,
    Case,
    CaseClient,
    CaseSummary,
    HouseholdMember,
    Referral,
    StatusChange,
    changed_case,
    close_changes,
    reopen_changes,
    take_changes,
)
from store.models.changes import ChangeFeed
from store.models.effects import CaseEffects, CaseSubmission, ReferralToAdd
from store.models.errors import ConsentNotInForce, RecordNotFound
from store.models.ids import utc_now
from store.models.people import PERSON_FIELDS, Address, Person, Phone, phone_digits, phone_problem
from store.models.queue import QueueEntry
from store.models.search import PossibleDuplicate, SearchHit, possible_duplicates, walk_in_duplicates
from store.models.visibility import Matches, Viewer, hides_cases, may_see_person, visible_cases

T = TypeVar("T")
# What update_case may change; the rest has its own method (assign, take_case, close_case,
# reopen_case, record_lethality…): closing and reopening always say who and why.
CASE_CHANGES = frozenset({"case_type", "assigned_to", "priority", "police_report_number", "restricted"})
# The person-wide answers a contact edit moves onto each phone and the address.
CHANNEL_ANSWERS = {"may_call": None, "may_text": None, "may_leave_voicemail": None, "may_send_mail": None,
                   "safe_times": ""}




class CaseStore(CaseRecords):
    """Casework under one data folder; `documents` is the same folder's DocumentStore."""

    def __init__(self, root: Path, codec: Codec | None = None, *, resources_seed: Path = SEED_FILE,
                 reports: DamageReports | None = None, reasons_file: Path = REASONS_FILE,
                 changes: ChangeFeed | None = None) -> None:
        # Damaged files found here are set aside or repaired and reported to `reports`
        # (store.files.damage), never allowed to stop the whole store.
        self.reports = reports if reports is not None else DamageReports()
        self.documents = DocumentStore(root, codec=codec, reports=self.reports)  # first: it takes the folder lock
        layout = Layout(Path(root))
        try:
            self.case_reasons: CaseReasons = load_case_reasons(reasons_file)  # why cases close and reopen
            self.audit = AuditLog(layout.audit, line_codec(codec), self.reports)  # opens no file until the first event
            self._resources = ResourceDirectory(layout.resources, codec, resources_seed, self.reports)
            self.intakes = IntakeStore(layout.intakes, codec, self.reports, changes)  # walk-ins staged from the kiosk
            self._folder = CaseFolder(layout, codec, self.documents.case_lock)
        except BaseException:
            self.documents.close()
            raise

    def close(self) -> None:
        """Mark a clean shutdown and unlock the folder (waits for writes still running)."""
        if self._folder.close():
            self.audit.close()
            self.documents.close()

    def __enter__(self) -> "CaseStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- people ----------------------------------------------------------------------------

    def add_person(self, **fields: Any) -> Person:
        _check_fields(fields, PERSON_FIELDS, "a person")

        def make(person_id: str) -> Person:
            now = utc_now()
            person = Person.model_validate({**fields, "id": person_id, "created_at": now, "updated_at": now})
            if not person.full_name:
                raise ValueError("a person needs a first or last name")
            _check_phones(person.phones)
            return person

        return self._folder.add_person(make)

    def update_person(self, person_id: str, **changes: Any) -> Person:
        _check_fields(changes, PERSON_FIELDS, "a person")
        return self._folder.change_person(
            person_id, lambda old: Person.model_validate({**old.model_dump(), **changes, "updated_at": utc_now()})
        )

    def update_contact(
        self,
        person_id: str,
        *,
        phones: list[Phone] | list[dict[str, Any]],
        address: Address | dict[str, Any] | None,
        email: str | None = None,
        safe_third_party: str = "",
        notes: str = "",
    ) -> Person:
        """Replace how to reach a person: every phone with its own safe-contact answers, the
        address with whether mail may be sent there, email, a safe third party and notes.

        Each phone and the address now answer for themselves, so the person-wide channel answers
        (and safe times) given before are cleared: they would otherwise stand in for a
        "not asked yet" the worker has just chosen. A phone needs 7 to 15 digits, and no number
        is listed twice; an address with nothing filled in is no address.
        """
        listed = [(Phone.model_validate(p) if isinstance(p, dict) else p) for p in phones]
        listed = [p.model_copy(update={"number": p.number.strip(), "label": p.label.strip(),
                                       "safe_times": p.safe_times.strip()}) for p in listed]
        _check_phones(listed)
        where = Address.model_validate(address) if isinstance(address, dict) else address
        if where is not None:
            where = where.model_copy(update={part: getattr(where, part).strip()
                                             for part in ("line1", "line2", "city", "state", "zip")})
            where = where if where.one_line else None

        def change(old: Person) -> Person:
            general = {**old.safe_contact.model_dump(), **CHANNEL_ANSWERS,
                       "safe_third_party": safe_third_party.strip(), "notes": notes.strip()}
            return Person.model_validate({
                **old.model_dump(), "phones": [p.model_dump() for p in listed],
                "address": where.model_dump() if where else None, "email": (email or "").strip() or None,
                "safe_contact": general, "updated_at": utc_now(),
            })

        return self._folder.change_person(person_id, change)

    def get_person(self, person_id: str) -> Person:
        return self._folder.read_person(person_id)

    def possible_duplicates(
        self, first_name: str, last_name: str, date_of_birth: str | None = None, *, viewer: Viewer | None = None
    ) -> Matches[PossibleDuplicate]:
        """People who may already be on file, to ask about before adding someone new: those the
        viewer may see, and whether others (restricted, see store.models.visibility) were withheld."""
        return self._shown_to(viewer, possible_duplicates(self._folder.index.people(), first_name, last_name,
                                                          date_of_birth))

    def walk_in_duplicates(self, first_name: str, phone: str, *, viewer: Viewer | None = None
                           ) -> Matches[PossibleDuplicate]:
        """People who may be a kiosk walk-in (same first name, same phone), from memory; withheld
        as for `possible_duplicates`."""
        return self._shown_to(viewer, walk_in_duplicates(self._folder.index.people(), first_name, phone))

    def may_see_person(self, person_id: str, viewer: Viewer | None) -> bool:
        """Whether the viewer may see this person at all (store.models.visibility); False for nobody on file."""
        index = self._folder.index
        return index.person(person_id) is not None and may_see_person(viewer, index.cases_of(person_id))

    def hides_cases_of(self, person_id: str, viewer: Viewer | None) -> bool:
        """Whether the person has cases the viewer may not open (so anything counted over the
        viewer's `cases_of` would be short)."""
        return hides_cases(viewer, self._folder.index.cases_of(person_id))

    def _shown_to(self, viewer: Viewer | None, found: list[PossibleDuplicate]) -> Matches[PossibleDuplicate]:
        index = self._folder.index
        shown = [d for d in found if may_see_person(viewer, index.cases_of(d.person.id))]
        return Matches(shown, withheld=len(shown) < len(found))

    # -- cases -----------------------------------------------------------------------------

    def open_case(
        self,
        client_id: str,
        case_type: str,
        *,
        created_by: str,
        assigned_to: str | None = None,
        priority: str = "normal",
        police_report_number: str | None = None,
        mode: str = "live",
    ) -> Case:
        """A new case numbered C-<year>-<n> (T- in training), n counting up within the year.

        It starts "new" (waiting in the queue for someone to take it) unless assigned at once.
        """
        if self._folder.index.person(client_id) is None:
            raise RecordNotFound("person", client_id)
        now = utc_now()

        def make(case_id: str) -> Case:
            return Case.model_validate({
                "id": case_id, "case_type": case_type, "client_id": client_id,
                "status": "open" if assigned_to else "new", "assigned_to": assigned_to, "priority": priority,
                "police_report_number": police_report_number or None, "restricted": case_type in RESTRICTED_TYPES,
                "mode": mode, "opened_at": now, "opened_by": created_by, "updated_at": now,
            })

        return self._folder.create_case("T" if mode == "training" else "C", int(now[:4]), make)

    def get_case(self, case_id: str) -> Case:
        case = read_case(self._read_tables(case_id))
        if case is None:
            raise RecordNotFound("case", case_id)
        return case

    def update_case(self, case_id: str, **changes: Any) -> Case:
        """Change the case's own fields (CASE_CHANGES); closing and reopening set closed_at."""
        _check_fields(changes, CASE_CHANGES, "update_case")
        return self._change_case_row(case_id, lambda case: changes)

    def assign(self, case_id: str, username: str) -> Case:
        """Give the case to a worker (a supervisor's reassignment); a new intake becomes an open case."""
        return self._change_case_row(
            case_id, lambda case: {"assigned_to": username, "status": "open" if case.status == "new" else case.status}
        )

    def take_case(self, case_id: str, username: str) -> Case:
        """A worker takes an unassigned case on. Refused (CaseChangeRefused) when the case is
        closed or someone else took it first; taking one's own case again changes nothing."""
        return self._change_case_row(case_id, lambda case: take_changes(case, username))

    def close_case(self, case_id: str, *, reason: str, by: str, details: str = "") -> Case:
        """Close with a reason from `case_reasons` (or "other" with details). It leaves the queue
        and everyone's lists; its records stay. A closed case cannot be closed again."""
        self.case_reasons.check("closed", reason, details)
        change = StatusChange(kind="closed", reason=reason, details=details.strip(), by=by, at=utc_now())
        return self._change_case_row(case_id, lambda case: close_changes(case, change))

    def reopen_case(self, case_id: str, *, reason: str, by: str, details: str = "") -> Case:
        """Reopen a closed case with a reason: it is open again, with the worker it had, and back
        on the queue."""
        self.case_reasons.check("reopened", reason, details)
        change = StatusChange(kind="reopened", reason=reason, details=details.strip(), by=by, at=utc_now())
        return self._change_case_row(case_id, lambda case: reopen_changes(case, change))

    def add_household_member(
        self,
        case_id: str,
        *,
        name: str,
        relationship: str,
        person_id: str | None = None,
        date_of_birth: str | None = None,
    ) -> Case:
        if person_id is not None and self._folder.index.person(person_id) is None:
            raise RecordNotFound("person", person_id)
        member = HouseholdMember(person_id=person_id, name=name, relationship=relationship,
                                 date_of_birth=date_of_birth)
        return self._change_case_row(case_id, lambda case: {"household": [*case.household, member]})

    def acknowledge_confidentiality(self, case_id: str, by: str) -> Case:
        """The client was told the limits of confidentiality; the first acknowledgement stands."""
        return self._change_case_row(
            case_id,
            lambda case: {} if case.confidentiality_acknowledged_at else {
                "confidentiality_acknowledged_at": utc_now(), "confidentiality_acknowledged_by": by},
        )

    def record_lethality(self, case_id: str, high_danger: bool, document_id: str) -> Case:
        """The latest lethality screen's result; a high-danger case goes to the top of the queue."""
        return self._change_case_row(case_id, lambda case: _lethality(high_danger, document_id))

    def submit_on_case(self, doc_id: str, answers: dict[str, Any], computed: dict[str, Any], effects: CaseEffects,
                       *, by: str) -> CaseSubmission:
        """Submit a draft (as `DocumentStore.submit`) and make on its case every change `effects`
        says — the lethality screen's result, a follow-up, referrals — in ONE write of the case
        file, so a crash leaves all of it or none. Records are made as `record_lethality`,
        `add_follow_up` and `add_referral` make them, by `by`. A shared referral whose consents
        are no longer in force (revoked in another tab meanwhile) is recorded as information
        given to the client, with its `refused_reason`.

        A document of its own, or one whose case has no case record and nothing to change,
        is simply submitted.
        """
        case_id = self.documents.case_of(doc_id)
        if case_id is None or (effects.empty and self._folder.index.case(case_id) is None):
            return CaseSubmission(self.documents.submit(doc_id, answers, computed))
        for wanted in effects.referrals:
            self.resource(wanted.resource_id)  # RecordNotFound for an unknown resource, before writing

        def change(data: Tables, case: Case) -> CaseSubmission:
            document = submit_in(data, doc_id, answers, computed)
            flagged = None
            screens = {**(_lethality(effects.high_danger, doc_id) if effects.high_danger is not None else {}),
                       **(_suicide_risk(effects.suicide_high_risk, doc_id)
                          if effects.suicide_high_risk is not None else {})}
            if screens:
                flagged = changed_case(case, screens, utc_now())
                replace_row(data, CASE_TABLE, case.id, flagged)
                case = flagged
            follow_up = None
            if effects.follow_up is not None:
                follow_up = insert_follow_up(data, case, title=effects.follow_up.title, kind=effects.follow_up.kind,
                                             due_date=effects.follow_up.due_date, created_by=by)
            referrals = tuple(_insert_decided(data, case, wanted, by, effects.today) for wanted in effects.referrals)
            return CaseSubmission(document, flagged, follow_up, referrals)

        with self.documents.writing():
            return self._change_case(case_id, change, lambda done: self.documents.publish_written(done.document))

    def cases_of(self, person_id: str, *, viewer: Viewer | None = None) -> list[CaseSummary]:
        """A client's cases the viewer may see (store.models.visibility; nobody named: unrestricted ones),
        newest first."""
        return visible_cases(viewer, self._folder.index.cases_of(person_id))

    def case_clients(self, case_ids: Iterable[str]) -> dict[str, CaseClient]:
        """Each known case's summary and its client's name, from memory (lists of documents name
        them). Restricted cases are included: the caller decides what it may show."""
        index = self._folder.index
        found: dict[str, CaseClient] = {}
        for case_id in case_ids:
            summary = index.case(case_id)
            if summary is not None:
                found[case_id] = CaseClient(summary, index.names.get(summary.client_id, ""))
        return found

    # -- queue, search, resources ----------------------------------------------------------

    def queue(
        self,
        *,
        today: date,
        assigned_to: str | None = None,
        unassigned: bool = False,
        case_type: str | None = None,
        viewer: Viewer | None = None,
        zone: tzinfo = UTC,
        limit: int | None = None,
    ) -> list[QueueEntry]:
        """Open cases, most urgent first (see store.models.queue for the order and the reasons).

        Only the cases the viewer may see (store.models.visibility; nobody named: unrestricted ones); the
        caller audits what it shows. `zone` is for the times in the reasons.
        """
        index = self._folder.index
        return index.triage.build(
            index.queue_rows(), index.names, today=today, assigned_to=assigned_to, unassigned=unassigned,
            case_type=case_type, viewer=viewer, zone=zone, limit=limit,
        )

    def search(self, text: str, *, viewer: Viewer | None = None, limit: int = 50) -> list[SearchHit]:
        """By name or alias (accents, case and word ends ignored), date of birth (YYYY-MM-DD or
        MM/DD/YYYY), case number or police report number: the people and cases the viewer may
        see, as for `queue`; a case number or report number of a hidden case matches nobody."""
        return self._folder.index.search(text, viewer=viewer, limit=limit)

    def resources(self, category: str | None = None) -> list[Resource]:
        return self._resources.all(category)

    def resource(self, resource_id: str) -> Resource:
        return self._resources.get(resource_id)

    # -- maintenance -----------------------------------------------------------------------

    def rebuild_index(self) -> None:
        """Rebuild both indexes from the files and rewrite their journals (repair, not routine)."""
        self.documents.rebuild_index()
        self._folder.rebuild()

    # -- internals -------------------------------------------------------------------------

    def _read_tables(self, case_id: str) -> Tables:
        return self._folder.read_tables(case_id)

    def _change_case(self, case_id: str, change: Callable[[Tables, Case], T],
                     written: Callable[[T], None] | None = None) -> T:
        return self._folder.change_case(case_id, change, written)

    def _change_case_row(self, case_id: str, changes_for: Callable[[Case], dict[str, Any]]) -> Case:
        def change(data: Tables, case: Case) -> Case:
            changes = changes_for(case)
            if not changes:
                return case  # nothing to do (e.g. acknowledged before): the file is rewritten as it was
            new = changed_case(case, changes, utc_now())
            replace_row(data, CASE_TABLE, case.id, new)
            return new

        return self._change_case(case_id, change)


def _lethality(high_danger: bool, document_id: str) -> dict[str, Any]:
    return {"high_danger": high_danger, "high_danger_at": utc_now(), "high_danger_document": document_id}


def _suicide_risk(high_risk: bool, document_id: str) -> dict[str, Any]:
    # The latest crisis contact's screen decides; a lethality screen's result is never touched.
    return {"suicide_high_risk": high_risk, "suicide_risk_at": utc_now(), "suicide_risk_document": document_id}


def _insert_decided(data: Tables, case: Case, wanted: ReferralToAdd, by: str, today: date) -> Referral:
    """A referral as decided before the write: shared if its consents are still in force as the
    file has them now, otherwise information given to the client with the reason."""
    reason = wanted.reason
    if wanted.sharing == "shared":
        try:
            return insert_referral(data, case, resource_id=wanted.resource_id, created_by=by, notes=wanted.notes,
                                   sharing="shared", shared=list(wanted.shared),
                                   consent_ids=list(wanted.consent_ids), today=today)
        except ConsentNotInForce:
            reason = wanted.refused_reason
    return insert_referral(data, case, resource_id=wanted.resource_id, created_by=by, notes=wanted.notes,
                           sharing="information_only", reason=reason)


def _check_phones(phones: list[Phone]) -> None:
    seen: set[str] = set()
    for position, phone in enumerate(phones, start=1):
        problem = phone_problem(phone.number.strip())
        if problem:
            raise ValueError(f"phone {position}: {problem}")
        digits = phone_digits(phone.number)
        if digits in seen:
            raise ValueError(f"phone {position}: this number is already listed")
        seen.add(digits)


def _check_fields(given: dict[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise ValueError(f"{what} cannot set {', '.join(unknown)}")
