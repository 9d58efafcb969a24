"""The store: every read and write of the app's data on disk.

Owns the layout of the data folder, durable atomic writes, locking, encryption at rest, the
documents made by workflows (drafts, autosaves, submission, revision, definition snapshots), the
casework (people, cases, notes, follow-ups, referrals, consents, the triage queue, search) and
the audit log. Imports only tinydb, pydantic, cryptography and the standard library — never
nicegui, weasyprint or workflows — so it can be tested alone and later sit on a real database
server behind the same interface.

Start with `CaseStore` (which opens a `DocumentStore` on the same folder) and
`store.crypto.open_codec`; `docs/storage.md` explains the layout and the write order.
"""

from store.audit import AuditEvent, AuditLog
from store.case_reasons import CaseReasons, Reason
from store.cases import (
    Case,
    CaseClient,
    CaseSummary,
    Consent,
    FollowUp,
    HouseholdMember,
    Note,
    Referral,
    StatusChange,
)
from store.casework import CaseStore
from store.crypto import AesGcmCodec, load_data_key, open_codec
from store.documents import DocumentStore
from store.errors import (
    AuditLogTampered,
    CaseChangeRefused,
    CorruptFile,
    DataKeyError,
    DefinitionNotFound,
    DocumentFinal,
    DocumentNotFound,
    DocumentNotSubmitted,
    DocumentSuperseded,
    RecordNotFound,
    StoreBusy,
    StoreError,
    WrongDataKey,
)
from store.intakes import IntakeStore, KioskIntake
from store.people import Address, Person, PersonSummary, Phone, SafeContact
from store.queue import QueueEntry
from store.records import DocumentRecord, DocumentSummary
from store.resources import Resource
from store.search import PossibleDuplicate, SearchHit
from store.storage import AtomicJSONStorage, Codec, IdentityCodec, LineCodec

__all__ = [
    "Address",
    "AesGcmCodec",
    "AtomicJSONStorage",
    "AuditEvent",
    "AuditLog",
    "AuditLogTampered",
    "Case",
    "CaseChangeRefused",
    "CaseClient",
    "CaseReasons",
    "CaseStore",
    "CaseSummary",
    "Codec",
    "Consent",
    "CorruptFile",
    "DataKeyError",
    "DefinitionNotFound",
    "DocumentFinal",
    "DocumentNotFound",
    "DocumentNotSubmitted",
    "DocumentRecord",
    "DocumentStore",
    "DocumentSummary",
    "DocumentSuperseded",
    "FollowUp",
    "HouseholdMember",
    "IdentityCodec",
    "IntakeStore",
    "KioskIntake",
    "LineCodec",
    "Note",
    "Person",
    "PersonSummary",
    "Phone",
    "PossibleDuplicate",
    "QueueEntry",
    "Reason",
    "RecordNotFound",
    "Referral",
    "Resource",
    "SafeContact",
    "SearchHit",
    "StatusChange",
    "StoreBusy",
    "StoreError",
    "WrongDataKey",
    "load_data_key",
    "open_codec",
]
