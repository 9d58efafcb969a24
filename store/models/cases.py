"""Cases and what hangs off them: notes, follow-ups, referrals, consents; and the case summary.

All of a case's records live in its case file (`cases/<case_id>.json`), one table per kind, next
to its workflow documents. The index keeps one `CaseSummary` per case: enough for the queue,
search and lists, recomputed from the file's tables after every change.
"""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any, Literal, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from store.models.case_reasons import OTHER, StatusChangeKind
from store.models.dates import IsoDate
from store.models.documents import Mode
from store.models.errors import CaseChangeRefused

CaseType = Literal[
    "domestic_violence", "victim_of_crime", "juvenile_family", "mental_health", "substance_use", "homelessness"
]
CaseStatus = Literal["new", "open", "closed"]
Priority = Literal["urgent", "high", "normal", "low"]
NoteType = Literal["contact", "home_visit", "court", "consult", "status_update"]
FollowUpKind = Literal["home_visit", "court_date", "status_update", "other"]
# "sent": information went to the provider; "given": the client was given the provider's details.
ReferralStatus = Literal["sent", "given", "accepted", "declined", "completed"]
# "shared": client information went to the provider under the consents named; "information_only":
# nothing left the unit, the client was given the provider's details; "not_recorded": made before
# referrals said which (nothing records whether anything was shared).
ReferralSharing = Literal["shared", "information_only", "not_recorded"]

CASE_TYPES: tuple[str, ...] = get_args(CaseType)
# Juvenile law-enforcement records (705 ILCS 405/5-905): only people with an official need.
RESTRICTED_TYPES = frozenset({"juvenile_family"})
FINAL_REFERRAL_STATUSES = frozenset({"declined", "completed"})
FOLLOW_UP_LABELS = {"home_visit": "home visit", "court_date": "court date", "status_update": "status update"}

CASE_TABLE = "case"
NOTES_TABLE = "notes"
FOLLOW_UPS_TABLE = "follow_ups"
REFERRALS_TABLE = "referrals"
CONSENTS_TABLE = "consents"


class Record(BaseModel):
    # Casework records come from people's input: a misspelt field is an error, not ignored.
    model_config = ConfigDict(extra="forbid")


class HouseholdMember(Record):
    person_id: str | None = None  # when the member has a person file of their own
    name: str
    relationship: str
    date_of_birth: IsoDate | None = None


class StatusChange(Record):
    """A case closed or reopened: who, when and why (a reason id from store/seed/case_reasons.yaml,
    or "other" with the worker's own words)."""

    kind: StatusChangeKind
    reason: str = Field(min_length=1, max_length=60)
    details: str = Field(default="", max_length=2000)
    by: str = Field(min_length=1)
    at: str

    @model_validator(mode="after")
    def _other_says_why(self) -> "StatusChange":
        if self.reason == OTHER and not self.details.strip():
            raise ValueError("say why in your own words when the reason is “other”")
        return self


class Case(Record):
    id: str  # the case number, e.g. "C-2026-00042"
    case_type: CaseType
    status: CaseStatus = "new"
    assigned_to: str | None = None
    priority: Priority = "normal"
    police_report_number: str | None = None
    client_id: str
    household: list[HouseholdMember] = Field(default_factory=list)
    restricted: bool = False
    high_danger: bool = False
    high_danger_at: str | None = None  # when the latest lethality screen was recorded
    high_danger_document: str | None = None  # that screen's document id
    # A crisis contact's suicide-risk screen: its own flag, so neither screen ever clears the other.
    suicide_high_risk: bool = False
    suicide_risk_at: str | None = None  # when the latest crisis contact's screen was recorded
    suicide_risk_document: str | None = None  # that contact's document id
    confidentiality_acknowledged_at: str | None = None
    confidentiality_acknowledged_by: str | None = None
    mode: Mode = "live"
    opened_at: str
    opened_by: str
    closed_at: str | None = None
    status_changes: list[StatusChange] = Field(default_factory=list)  # every close and reopen, oldest first
    updated_at: str

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        if self.case_type in RESTRICTED_TYPES and not self.restricted:
            raise ValueError(f"{self.case_type} cases are juvenile records and always restricted")
        if (self.status == "closed") != (self.closed_at is not None):
            raise ValueError("a case has a closed_at exactly when it is closed")
        if self.status_changes and (self.status_changes[-1].kind == "closed") != (self.status == "closed"):
            raise ValueError("a case's last status change says whether it is closed")
        kinds = [change.kind for change in self.status_changes]
        if any(a == b for a, b in pairwise(kinds)):
            raise ValueError("a case is closed and reopened in turn")
        return self

    @property
    def last_status_change(self) -> StatusChange | None:
        return self.status_changes[-1] if self.status_changes else None


class Note(Record):
    id: str
    case_id: str
    author: str
    created_at: str
    note_type: NoteType = "contact"
    text: str = Field(min_length=1)


class FollowUp(Record):
    id: str
    case_id: str
    title: str
    kind: FollowUpKind
    due_date: IsoDate
    police_backup_requested: bool = False
    transport_arranged: bool = False
    assigned_to: str | None = None
    created_by: str
    created_at: str
    done_at: str | None = None
    done_by: str | None = None

    @property
    def label(self) -> str:
        return FOLLOW_UP_LABELS.get(self.kind) or self.title or "follow-up"

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_date < today.isoformat()


class Referral(Record):
    id: str
    case_id: str
    resource_id: str
    status: ReferralStatus = "sent"
    sharing: ReferralSharing = "not_recorded"
    shared: list[str] = Field(default_factory=list)  # the categories of information that went
    consent_ids: list[str] = Field(default_factory=list)  # the consents they went under
    reason: str = ""  # why nothing was shared, when sharing was refused
    notes: str = ""
    created_by: str
    created_at: str
    updated_at: str

    @model_validator(mode="after")
    def _honest(self) -> "Referral":
        if self.sharing == "shared" and not (self.shared and self.consent_ids):
            raise ValueError("a referral that shares information names what it shared and under which consent")
        if self.sharing != "shared" and (self.shared or self.consent_ids):
            raise ValueError("only a referral that shares information names what it shared")
        if self.sharing == "information_only" and self.status == "sent":
            raise ValueError("nothing was sent: the client was given the provider's details")
        if self.sharing != "information_only" and self.status == "given":
            raise ValueError("'given' is for a referral that gave the client the provider's details")
        return self


class Consent(Record):
    """A client's written, time-limited release: who may receive what, for what, until when
    (VAWA/VOCA; 740 ILCS 110/5). Its scope is `categories` (ids of
    workflows/information_sharing.yaml), checked by workflows.consent; a consent recorded before
    scopes existed has none and covers nothing until it is recorded again."""

    id: str
    case_id: str
    person_id: str  # who signed: the client, or for a minor a parent or guardian as well
    recipient: str  # the directory resource's name, or the named person or agency
    resource_id: str | None = None  # when the recipient is a resource of the directory
    categories: list[str] = Field(default_factory=list)
    purpose: str = ""
    information: str = ""  # exactly what may be disclosed, as the signed form says (free text)
    signed_on: IsoDate
    expires_on: IsoDate  # required: a release must be reasonably time-limited
    revoked_at: str | None = None
    revoked_by: str | None = None
    created_by: str
    created_at: str

    @model_validator(mode="after")
    def _time_limited(self) -> "Consent":
        if self.expires_on < self.signed_on:
            raise ValueError("a consent cannot expire before it is signed")
        return self

    def is_current(self, today: date) -> bool:
        return self.revoked_at is None and self.signed_on <= today.isoformat() <= self.expires_on


class CaseSummary(BaseModel):
    """One case as the index keeps it: what the queue, search and lists need."""

    id: str
    client_id: str
    case_type: CaseType
    status: CaseStatus
    assigned_to: str | None
    priority: Priority
    restricted: bool
    high_danger: bool
    high_danger_at: str | None
    police_report_number: str | None
    mode: Mode
    opened_at: str
    closed_at: str | None
    last_activity: str
    next_follow_up_due: str | None  # earliest open follow-up
    next_follow_up_label: str | None
    # Last, with defaults: summaries journalled before the crisis contact's flag existed read as
    # "no risk", and compacting one only appends these two keys.
    suicide_high_risk: bool = False
    suicide_risk_at: str | None = None


class CaseClient(NamedTuple):
    """A case as lists of documents name it: its summary and its client's name."""

    case: CaseSummary
    client_name: str


def close_changes(case: Case, change: StatusChange) -> dict[str, Any]:
    """The changes that close `case`; a closed case cannot be closed again."""
    if change.kind != "closed":
        raise ValueError("closing records a “closed” change")
    if case.status == "closed":
        raise CaseChangeRefused(case.id, "it is already closed")
    return {"status": "closed", "closed_at": change.at, "status_changes": [*case.status_changes, change]}


def reopen_changes(case: Case, change: StatusChange) -> dict[str, Any]:
    """The changes that reopen `case`: open again, with its worker (if it has one) and a reason."""
    if change.kind != "reopened":
        raise ValueError("reopening records a “reopened” change")
    if case.status != "closed":
        raise CaseChangeRefused(case.id, "it is not closed")
    return {"status": "open", "status_changes": [*case.status_changes, change]}


def take_changes(case: Case, username: str) -> dict[str, Any]:
    """A worker takes an unassigned case on; nobody takes a case someone else already has."""
    if case.status == "closed":
        raise CaseChangeRefused(case.id, "it is closed; reopen it first")
    if case.assigned_to == username:
        return {}
    if case.assigned_to is not None:
        raise CaseChangeRefused(case.id, f"it was already taken by {case.assigned_to}")
    return {"assigned_to": username, "status": "open"}


def changed_case(case: Case, changes: dict[str, Any], now: str) -> Case:
    """The case with `changes` applied and validated; closing and reopening keep closed_at true."""
    fields = {**case.model_dump(), **changes, "updated_at": now}
    if fields["case_type"] in RESTRICTED_TYPES and "restricted" not in changes:
        fields["restricted"] = True
    if fields["status"] != "closed":
        fields["closed_at"] = None
    elif case.status != "closed":
        fields["closed_at"] = changes.get("closed_at") or now
    return Case.model_validate(fields)


@dataclass(frozen=True)
class CaseSnapshot:
    """A case and what it gathers, read together: the case file page draws from one read."""

    case: Case
    notes: list[Note]  # oldest first
    follow_ups: list[FollowUp]  # by due date, done ones included
    referrals: list[Referral]  # oldest first
    consents: list[Consent]  # oldest first, revoked and expired ones included
