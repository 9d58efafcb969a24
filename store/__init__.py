"""The store: every read and write of the app's data on disk.

Owns the layout of the data folder, durable atomic writes, locking, encryption at rest, the
documents made by workflows (drafts, autosaves, submission, revision, definition snapshots), the
casework (people, cases, notes, follow-ups, referrals, consents, the triage queue, search) and
the audit log. Imports only tinydb, pydantic, cryptography and the standard library — never
nicegui, weasyprint or workflows — so it can be tested alone and later sit on a real database
server behind the same interface.

Start with `CaseStore` (which opens a `DocumentStore` on the same folder) and
`store.security.crypto.open_codec`; `docs/storage.md` explains the layout and the write order.
"""

from store.files.audit import AuditEvent, AuditLog
from store.files.casework import CaseStore
from store.files.documents import DocumentStore
from store.files.intakes import IntakeStore, KioskIntake
from store.files.resources import Resource
from store.files.storage import AtomicJSONStorage, Codec, IdentityCodec, LineCodec
from store.models.case_reasons import CaseReasons, Reason
from store.models.cases import (
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
from store.models.documents import DocumentRecord, DocumentSummary
from store.models.errors import (
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
from store.models.people import Address, Person, PersonSummary, Phone, SafeContact
from store.models.queue import QueueEntry
from store.models.search import PossibleDuplicate, SearchHit
from store.security.crypto import AesGcmCodec, load_data_key, open_codec

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
