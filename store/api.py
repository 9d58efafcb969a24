"""The store's interfaces: what the pages may ask of it, whatever keeps the data.

The file store (store.files, TinyDB JSON files in one data folder) implements them today; a
database store is to implement the same ones, so that nothing in `pages/` knows which it talks to.
Nothing here names a file, a lock or a table: those stay inside an implementation. The records they
speak are the models of store.models.

Every call blocks (it may touch the disk): a page calls it off the event loop (`pages.services.off_loop`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any, Protocol

from store.models.accounts import Account, LoginResult, Role
from store.models.audit import Action, AuditEvent
from store.models.case_reasons import CaseReasons
from store.models.cases import (
    Case,
    CaseClient,
    CaseSnapshot,
    CaseSummary,
    Consent,
    FollowUp,
    Note,
    Referral,
    ReferralSharing,
)
from store.models.damage import DamageReports
from store.models.documents import DocumentRecord, DocumentSummary, Mode
from store.models.effects import CaseEffects, CaseSubmission
from store.models.intakes import KioskIntake
from store.models.kiosk_devices import KioskDevice, OverLimit
from store.models.people import Address, Person, Phone
from store.models.queue import QueueEntry
from store.models.resources import Resource
from store.models.search import PossibleDuplicate, SearchHit
from store.models.training import Attempt, SandboxContents
from store.models.visibility import Matches, Viewer


class Documents(Protocol):
    """Drafts, autosaves, submission and revision of the documents workflows make."""

    def stored_render(self, doc_id: str, form_id: str) -> bytes | None:
        """A submitted document's PDF `form_id` as rendered once after submit; None when it has not
        been rendered yet (or its stored copy could not be read): render it and `keep_render` it."""
        ...

    def keep_render(self, doc_id: str, form_id: str, pdf: bytes) -> None:
        """Keep the PDF `form_id` rendered from a submitted document: it never changes."""
        ...

    def case_of(self, doc_id: str) -> str | None:
        """The case a document is filed under (from memory), None for a document of its own."""
        ...

    @property
    def definitions_folder(self) -> Path:
        """Where this store keeps definition snapshots: another store repairs a damaged snapshot from
        the same snapshot here."""
        ...

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    def create_draft(
        self,
        workflow_id: str,
        workflow_version: int,
        definition_source: str,
        owner: str,
        case_id: str | None = None,
        answers: dict[str, Any] | None = None,
        mode: str = "live",
    ) -> DocumentRecord: ...

    def save_draft(self, doc_id: str, answers: dict[str, Any], current_step: str | None) -> DocumentRecord:
        """The autosave: replace a draft's answers and position. Refused once submitted."""
        ...

    def submit(self, doc_id: str, answers: dict[str, Any], computed: dict[str, Any]) -> DocumentRecord:
        """Make a draft final. From here on it is only read, or revised into a new draft."""
        ...

    def revise(self, doc_id: str, owner: str) -> DocumentRecord:
        """Start a new draft from a submitted document; the submitted one is never changed."""
        ...

    def discard_draft(self, doc_id: str) -> None: ...

    def get(self, doc_id: str) -> DocumentRecord: ...

    def drafts(self, owner: str | None = None, mode: str = "live") -> list[DocumentSummary]:
        """Drafts, most recently saved first; everyone's when owner is None."""
        ...

    def submitted(self, owner: str | None = None, mode: str = "live") -> list[DocumentSummary]:
        """Submitted documents, most recently submitted first; everyone's when owner is None."""
        ...

    def case_documents(self, case_id: str, mode: str = "live") -> list[DocumentSummary]:
        """All documents of one case, drafts and submitted, newest first."""
        ...

    def remember_definition(self, workflow_id: str, workflow_version: int, definition_source: str) -> str:
        """Keep this definition text as a snapshot (once) and return its key, for records made outside a document that
        must still know their definition version (kiosk intakes)."""
        ...

    def definition_source(self, key: str, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> str:
        """The exact definition text a document was made with (its `definition_key`). A damaged snapshot is rewritten
        from a text in `known` (the current definitions) or from the same snapshot in one of the `elsewhere` folders
        (other data folders' `definitions/`)."""
        ...

    def check_definitions(self, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> None:
        """Read every definition snapshot once; repair (or report) the damaged ones."""
        ...


class AuditTrail(Protocol):
    """The append-only, hash-chained log of who read or changed which record."""

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    def record(
        self,
        actor: str,
        role: str,
        action: Action,
        record_type: str,
        record_id: str,
        mode: Mode = "live",
        case_id: str | None = None,
        detail: str = "",
    ) -> AuditEvent:
        """Append one event durably. The arguments' order matches the pages' audit sink."""
        ...

    def head(self) -> tuple[int, str]:
        """The newest event's number and hash, to note outside the log."""
        ...

    def verify(self, upto: int | None = None) -> bool:
        """True if the chain is whole (up to event `upto`, when given); otherwise raises AuditLogTampered naming
        file and line."""
        ...

    def for_case(self, case_id: str) -> list[AuditEvent]:
        """Every event about a case, newest first."""
        ...

    def for_user(self, username: str) -> list[AuditEvent]:
        """Everything one user did, newest first."""
        ...

    def for_record(self, record_id: str) -> list[AuditEvent]:
        """Every event about one record (person, case, document, note…), newest first."""
        ...

    def record_soon(self, actor: str, role: str, action: Action, record_type: str, record_id: str,
                    mode: Mode = "live", case_id: str | None = None, detail: str = "") -> None:
        """Queue one event (stamped now) and return at once, for the event loop: queued events keep
        their order with `record`, and every read waits for them."""
        ...

    def flush(self) -> None:
        """Wait until every event queued by `record_soon` is written."""
        ...


class Intakes(Protocol):
    """Walk-ins staged at the lobby kiosk, waiting for a social worker."""

    def stage(
        self,
        *,
        language: str,
        answers: dict[str, Any],
        definition_key: str,
        device_id: str,
        urgent: bool,
        submitted: bool,
        asked_for_staff: bool = False,
    ) -> KioskIntake:
        """A new intake from the kiosk, on the queue from now on."""
        ...

    def update(
        self, intake_id: str, *, answers: dict[str, Any], urgent: bool, submitted: bool, asked_for_staff: bool = False
    ) -> KioskIntake:
        """The same person going on after an urgent alert (or finishing). Urgent, submitted and "asked for staff" never
        go back to False: an alert once raised stays raised."""
        ...

    def respond(self, intake_id: str, *, by: str, name: str) -> KioskIntake:
        """`by` is going to this walk-in now. The first to say so keeps it (AlreadyResponding for anyone else);
        saying it again is harmless. Only an open intake can be responded to."""
        ...

    def match(self, intake_id: str, *, person_id: str, case_id: str, by: str) -> KioskIntake:
        """Resolved: the intake now belongs to this person and case; it leaves the queue."""
        ...

    def open_intakes(self) -> list[KioskIntake]:
        """Intakes waiting for a worker: urgent first (oldest alert first), then oldest first."""
        ...

    def get(self, intake_id: str) -> KioskIntake: ...

    def close(self, intake_id: str, *, reason: str, by: str,
              then: Callable[[KioskIntake], None] | None = None) -> KioskIntake:
        """Resolved without a case (left before anyone came, information given…); leaves the queue.
        `then` (the audit) runs once the close is saved; if it fails the close is undone."""
        ...


class Casework(Protocol):
    """People, cases and what a case gathers (notes, follow-ups, referrals, consents), the
    triage queue and search, for one mode (live, or one user's practice sandbox)."""

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    @property
    def documents(self) -> Documents: ...

    @property
    def audit(self) -> AuditTrail: ...

    @property
    def intakes(self) -> Intakes: ...

    @property
    def case_reasons(self) -> CaseReasons: ...

    @property
    def reports(self) -> DamageReports: ...


    def add_note(self, case_id: str, *, author: str, text: str, note_type: str = "contact") -> Note:
        """Notes are a record of what happened: added, never edited or removed."""
        ...

    def notes(self, case_id: str) -> list[Note]:
        """A case's notes, oldest first."""
        ...

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
    ) -> FollowUp: ...

    def complete_follow_up(self, case_id: str, follow_up_id: str, *, by: str) -> FollowUp: ...

    def follow_ups(self, case_id: str) -> list[FollowUp]:
        """A case's follow-ups by due date, done ones included."""
        ...

    def overdue_follow_ups(self, case_id: str, today: date) -> list[FollowUp]: ...

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
        """A referral that gives the client the provider's details (the default: nothing leaves the unit), or one that
        shares the `shared` categories under `consent_ids`. Whether those consents cover the sharing is decided before
        (workflows.consent); here, under the case's lock, each must still be this case's, unrevoked and in force on
        `today` and name what is shared, so a consent revoked in another tab a moment ago stops it
        (ConsentNotInForce)."""
        ...

    def set_referral_status(self, case_id: str, referral_id: str, status: str, notes: str | None = None) -> Referral:
        """Move a referral on; declined and completed are final."""
        ...

    def referrals(self, case_id: str) -> list[Referral]:
        """A case's referrals, oldest first."""
        ...

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
        """Record a signed release: to whom, which categories, for what, until when (VAWA requires it to be time-
        limited). The rules of the categories (workflows.consent.recording_problems) are checked by the caller; here
        only that it names a scope and a purpose."""
        ...

    def revoke_consent(self, case_id: str, consent_id: str, *, by: str) -> Consent:
        """A client may take a release back at any time; from then on nothing is shared under it."""
        ...

    def consents(self, case_id: str) -> list[Consent]:
        """A case's consents, oldest first, revoked and expired ones included."""
        ...

    def current_consent(self, case_id: str, recipient: str, today: date) -> Consent | None:
        """The release in force today for this recipient (the one lasting longest), or None."""
        ...

    def add_person(self, **fields: Any) -> Person: ...

    def update_person(self, person_id: str, **changes: Any) -> Person: ...

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
        """Replace how to reach a person: every phone with its own safe-contact answers, the address with whether mail
        may be sent there, email, a safe third party and notes."""
        ...

    def get_person(self, person_id: str) -> Person: ...

    def possible_duplicates(
        self, first_name: str, last_name: str, date_of_birth: str | None = None, *, viewer: Viewer | None = None
    ) -> Matches[PossibleDuplicate]:
        """People who may already be on file, to ask about before adding someone new: those the viewer may see, and
        whether others (restricted, see store.models.visibility) were withheld."""
        ...

    def walk_in_duplicates(
        self, first_name: str, phone: str, *, viewer: Viewer | None = None
    ) -> Matches[PossibleDuplicate]:
        """People who may be a kiosk walk-in (same first name, same phone), from memory; withheld as for
        `possible_duplicates`."""
        ...

    def may_see_person(self, person_id: str, viewer: Viewer | None) -> bool:
        """Whether the viewer may see this person at all (store.models.visibility); False for nobody on file."""
        ...

    def hides_cases_of(self, person_id: str, viewer: Viewer | None) -> bool:
        """Whether the person has cases the viewer may not open (so anything counted over the viewer's `cases_of` would
        be short)."""
        ...

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
        """A new case numbered C-<year>-<n> (T- in training), n counting up within the year."""
        ...

    def get_case(self, case_id: str) -> Case: ...

    def update_case(self, case_id: str, **changes: Any) -> Case:
        """Change the case's own fields (CASE_CHANGES); closing and reopening set closed_at."""
        ...

    def assign(self, case_id: str, username: str) -> Case:
        """Give the case to a worker (a supervisor's reassignment); a new intake becomes an open case."""
        ...

    def take_case(self, case_id: str, username: str) -> Case:
        """A worker takes an unassigned case on. Refused (CaseChangeRefused) when the case is closed or someone
        else took it first; taking one's own case again changes nothing."""
        ...

    def close_case(self, case_id: str, *, reason: str, by: str, details: str = "") -> Case:
        """Close with a reason from `case_reasons` (or "other" with details). It leaves the queue and everyone's lists;
        its records stay. A closed case cannot be closed again."""
        ...

    def reopen_case(self, case_id: str, *, reason: str, by: str, details: str = "") -> Case:
        """Reopen a closed case with a reason: it is open again, with the worker it had, and back on the queue."""
        ...

    def add_household_member(
        self,
        case_id: str,
        *,
        name: str,
        relationship: str,
        person_id: str | None = None,
        date_of_birth: str | None = None,
    ) -> Case: ...

    def acknowledge_confidentiality(self, case_id: str, by: str) -> Case:
        """The client was told the limits of confidentiality; the first acknowledgement stands."""
        ...

    def record_lethality(self, case_id: str, high_danger: bool, document_id: str) -> Case:
        """The latest lethality screen's result; a high-danger case goes to the top of the queue."""
        ...

    def cases_of(self, person_id: str, *, viewer: Viewer | None = None) -> list[CaseSummary]:
        """A client's cases the viewer may see (store.models.visibility; nobody named: unrestricted ones),
        newest first."""
        ...

    def case_clients(self, case_ids: Iterable[str]) -> dict[str, CaseClient]:
        """Each known case's summary and its client's name, from memory (lists of documents name them). Restricted cases
        are included: the caller decides what it may show."""
        ...

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
        """Open cases, most urgent first (see store.models.queue for the order and the reasons)."""
        ...

    def search(self, text: str, *, viewer: Viewer | None = None, limit: int = 50) -> list[SearchHit]:
        """By name or alias (accents, case and word ends ignored), date of birth (YYYY-MM-DD or MM/DD/YYYY), case number
        or police report number: the people and cases the viewer may see, as for `queue`; a case number or report
        number of a hidden case matches nobody."""
        ...

    def resources(self, category: str | None = None) -> list[Resource]: ...

    def resource(self, resource_id: str) -> Resource: ...

    def rebuild_index(self) -> None:
        """Rebuild both indexes from the files and rewrite their journals (repair, not routine)."""
        ...

    def submit_on_case(self, doc_id: str, answers: dict[str, Any], computed: dict[str, Any], effects: CaseEffects,
                       *, by: str) -> CaseSubmission:
        """Submit a draft and make on its case every change `effects` says (the lethality screen's
        result, a follow-up, referrals) in one write: a crash leaves all of it or none."""
        ...

    def case_snapshot(self, case_id: str) -> CaseSnapshot:
        """The case with its notes, follow-ups, referrals and consents, read together."""
        ...


class Accounts(Protocol):
    """Staff accounts: log in, roles, lockout, password changes."""

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    def needs_recovery(self) -> bool:
        """The file was set aside as damaged and nothing has taken its place yet."""
        ...

    def unavailable(self) -> bool:
        """True while the accounts file cannot be read (damaged): every log-in is refused."""
        ...

    def get(self, username: str) -> Account | None:
        """The account, or None (also while the accounts file cannot be read: fail closed)."""
        ...

    def revision(self) -> tuple[int, ...]:
        """Changes whenever the accounts file is replaced, by this process or another (the `users` command): a
        reader may keep what it read until then."""
        ...

    def list(self) -> list[Account]: ...

    def add(
        self,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        demo: bool = False,
        *,
        recover: bool = False,
    ) -> Account:
        """A new account. With `recover`, a damaged accounts file is replaced by a new one that holds only this account
        (the administrator's way back in, from `python -m store users`)."""
        ...

    def set_password(self, username: str, password: str) -> None: ...

    def set_role(self, username: str, role: Role | str) -> None: ...

    def set_active(self, username: str, active: bool) -> None: ...

    def unlock(self, username: str) -> None: ...

    def verify(self, username: str, password: str, now: dt.datetime | None = None) -> LoginResult:
        """Check a login. Five failures in a row lock the account for ten minutes (settings)."""
        ...


class KioskTablets(Protocol):
    """The lobby tablets enrolled to send walk-in intakes, and their submission limit."""

    def start_enrolment(self, name: str, *, by: str) -> tuple[KioskDevice, str]:
        """A new device waiting for its tablet, and the one-time code to type there."""
        ...

    def complete_enrolment(self, code: str) -> str | None:
        """The device's secret token for a right, unexpired, unused code; None otherwise (and always None while
        enrolment is closed after too many wrong codes)."""
        ...

    def enrolment_closed_until(self) -> str | None:
        """When enrolment opens again after too many wrong codes (UTC ISO), or None if it is open."""
        ...

    def verify(self, token: str | None) -> KioskDevice | None:
        """The enrolled, unrevoked device this token belongs to, or None."""
        ...

    def revoke(self, device_id: str, *, by: str) -> None:
        """The device's token (and any unused code) stops working at once."""
        ...

    def devices(self) -> list[KioskDevice]:
        """Every device ever enrolled (revoked ones too), oldest first."""
        ...

    def get(self, device_id: str) -> KioskDevice: ...

    def allow_submission(self, device_id: str, *, urgent: bool = False) -> bool:
        """Count one intake for this device if it is still under its limit in the sliding window. An urgent one is
        always allowed (and counted): the limit must never silence someone who is not safe right now. Past the
        limit either way, the device is over its limit."""
        ...

    def over_limit(self) -> list[OverLimit]:
        """The devices over their limit right now, longest first. One whose window has room again is no longer over
        (that needs no write, so it is noticed here, when someone looks)."""
        ...


class PracticeRecords(Protocol):
    """What practice leaves behind once a sandbox is wiped: attempts, scores, comments."""

    @property
    def audit(self) -> AuditTrail:
        """The training records' own audit log: it outlives sandbox resets, apart from the live log."""
        ...

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    @property
    def archive(self) -> Path: ...

    def generation(self, username: str) -> int: ...

    def sandbox_reset(self, username: str, by: str) -> int:
        """A new generation for the user's sandbox; attempts still in progress there are abandoned (their drafts are
        gone). Returns how many were abandoned; submitted attempts stay."""
        ...

    def start(self, username: str, scenario_id: str, workflow_id: str, doc_id: str) -> Attempt: ...

    def in_progress(self, username: str, doc_id: str) -> Attempt | None:
        """The attempt a sandbox draft belongs to (None: a draft started outside a scenario)."""
        ...

    def complete(
        self,
        attempt_id: str,
        *,
        answers: dict[str, Any],
        score: int,
        matched: int,
        missed: int,
        items: list[dict[str, Any]],
    ) -> Attempt: ...

    def get(self, attempt_id: str) -> Attempt: ...

    def of_user(self, username: str) -> list[Attempt]:
        """The user's attempts, newest first (in progress and abandoned ones too)."""
        ...

    def submissions(self) -> list[Attempt]:
        """Every submitted attempt, unreviewed first, then newest first."""
        ...

    def comment(self, attempt_id: str, step_id: str | None, text: str, by: str, by_name: str = "") -> Attempt: ...

    def mark_reviewed(self, attempt_id: str, by: str) -> Attempt: ...


class PracticeSandboxes(Protocol):
    """One practice store per user for training mode, never live data."""

    def close(self) -> None:
        """Finish the writes still running and release the data (a clean close)."""
        ...

    def folder(self, username: str) -> Path: ...

    def get(self, username: str) -> Casework:
        """The user's sandbox, opened (and made) on first use."""
        ...

    def folders(self) -> list[Path]:
        """Every sandbox folder on disk (opened or not)."""
        ...

    def contents(self, username: str) -> SandboxContents: ...

    def reset(self, username: str, archive: Path, stamp: str) -> None:
        """Close and remove the user's sandbox; its audit log is copied to `archive` first."""
        ...
