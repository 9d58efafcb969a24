"""The store: every read and write of the app's data.

`open_workspace(data_dir, ...)` opens everything one app process keeps under one data folder (live
casework, practice sandboxes, training records, staff accounts, the lobby tablets) and is how the app
starts the store. The interfaces the pages use are declared in `store.api`; the records they speak
are in `store.models`. Today's implementation is the file store (`store.files`: TinyDB JSON files,
encrypted with `store.security`'s data key); the pages import only this package, so another
implementation can take its place behind the same names.

The store imports only tinydb, pydantic, cryptography and the standard library — never nicegui,
weasyprint or workflows — so it can be tested alone. `docs/storage.md` explains the file layout and
the write order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from store.api import (
    Accounts,
    AuditTrail,
    Casework,
    Documents,
    Intakes,
    KioskTablets,
    PracticeRecords,
    PracticeSandboxes,
)
from store.files.accounts import AccountStore
from store.files.audit import AuditLog
from store.files.auditcheck import check_at_start
from store.files.casework import CaseStore
from store.files.change_feed import LocalChangeFeed
from store.files.damage import report_earlier
from store.files.documents import DocumentStore
from store.files.intakes import IntakeStore
from store.files.kiosk_devices import KioskDevices, KioskDeviceSettings, kiosk_device_settings_from_environment
from store.files.layout import LOOSE_PREFIX
from store.files.sandboxes import Sandboxes
from store.files.storage import AtomicJSONStorage, Codec, IdentityCodec, LineCodec, line_codec
from store.files.training import TrainingRecords
from store.models.accounts import ROLE_NAMES, Account, AccountError, LoginResult, Role, is_username
from store.models.audit import Action, AuditEvent
from store.models.case_reasons import OTHER, CaseReasons, Reason, StatusChangeKind
from store.models.cases import (
    RESTRICTED_TYPES,
    Case,
    CaseClient,
    CaseSnapshot,
    CaseSummary,
    Consent,
    FollowUp,
    HouseholdMember,
    Note,
    Referral,
    StatusChange,
)
from store.models.changes import Change, ChangeFeed
from store.models.damage import DamageReport, DamageReports
from store.models.documents import DocumentRecord, DocumentSummary
from store.models.effects import CaseEffects, CaseSubmission, FollowUpToAdd, ReferralToAdd
from store.models.errors import (
    AuditLogTampered,
    CaseChangeRefused,
    ConsentNotInForce,
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
from store.models.ids import utc_now
from store.models.intakes import MAX_CLOSE_REASON, AlreadyResponding, KioskIntake
from store.models.kiosk_devices import KioskDevice, OverLimit
from store.models.people import (
    MAIL_CHANNELS,
    PHONE_CHANNELS,
    Address,
    Person,
    PersonSummary,
    Phone,
    SafeContact,
    phone_digits,
    phone_problem,
)
from store.models.queue import RANK_HIGH_DANGER, QueueEntry
from store.models.resources import Resource
from store.models.search import PossibleDuplicate, SearchHit
from store.models.training import COMMENT_LIMIT, Attempt, Comment, GradedItem
from store.models.visibility import CASE_ROLES, Matches, may_see_case, visible_cases
from store.security.crypto import AesGcmCodec, load_data_key, open_codec
from store.security.policy import MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, SecuritySettings
from store.security.policy import settings_from_environment as security_settings_from_environment
from store.security.secrets import load_or_create_secret


@dataclass
class Workspace:
    """Everything one app process keeps under one data folder, opened together."""

    root: Path
    live: Casework  # live casework: people, cases, documents, walk-ins, the live audit log
    sandboxes: PracticeSandboxes  # one practice store per user (root/training/user-<name>)
    training: PracticeRecords  # what practice leaves behind (root/training_records)
    accounts: Accounts
    kiosk_devices: KioskTablets  # enrolled lobby tablets (token hashes only) and their limit
    damage: DamageReports  # damaged files found, for the server log and the data problems page
    changes: ChangeFeed  # "this walk-in just changed", for every open staff page
    security: SecuritySettings
    _codec: LineCodec | None
    _audit_heads: dict[Path, int]

    def check_definitions(self, known: Iterable[str]) -> None:
        """Blocking. Every document's definition snapshot is readable, live and in every sandbox."""
        self.live.documents.check_definitions(known, [folder / "definitions" for folder in self.sandboxes.folders()])

    def check_audit_chains(self) -> None:
        """Blocking, for a background task at start-up: walk every audit chain, report any break."""
        check_at_start(self.root, self._codec, self._audit_heads, self.damage)

    def close(self) -> None:
        """A clean close lets the next start skip crash recovery."""
        for store in (self.live, self.sandboxes, self.training, self.accounts):
            store.close()


def open_workspace(root: Path, *, security: SecuritySettings, kiosk: KioskDeviceSettings) -> Workspace:
    """Open the data folder `root` (made if missing). Everything under it is encrypted with the data
    key, kept outside the folder. A damaged file never stops the app: it is set aside or repaired and
    reported in `damage`. The live folder opens first: its key check refuses a wrong key before any
    other file could be taken for damaged."""
    root.mkdir(parents=True, exist_ok=True)
    codec = open_codec(root)
    damage = DamageReports()
    # In-process: one app process hears its own changes.
    changes = LocalChangeFeed()
    # Live and training data live in separate folders: nothing in training mode can reach live data.
    live = CaseStore(root / "live", codec, reports=damage, changes=changes)
    sandboxes = Sandboxes(root / "training", codec, damage)
    training = TrainingRecords(root / "training_records", codec, damage)
    accounts = AccountStore(root / "accounts", codec, settings=security, reports=damage)
    kiosk_devices = KioskDevices(root / "kiosk", codec, kiosk, reports=damage, changes=changes)
    report_earlier(root, damage)
    heads = {root / "live" / "audit": live.audit.head()[0],
             root / "training_records" / "audit": training.audit.head()[0]}
    return Workspace(root=root, live=live, sandboxes=sandboxes, training=training, accounts=accounts,
                     kiosk_devices=kiosk_devices, damage=damage, changes=changes, security=security,
                     _codec=line_codec(codec), _audit_heads=heads)


__all__ = [
    "CASE_ROLES",
    "COMMENT_LIMIT",
    "LOOSE_PREFIX",
    "MAIL_CHANNELS",
    "MAX_CLOSE_REASON",
    "MAX_PASSWORD_LENGTH",
    "MAX_USERNAME_LENGTH",
    "OTHER",
    "PHONE_CHANNELS",
    "RANK_HIGH_DANGER",
    "RESTRICTED_TYPES",
    "ROLE_NAMES",
    "Account",
    "AccountError",
    "AccountStore",
    "Accounts",
    "Action",
    "Address",
    "AesGcmCodec",
    "AlreadyResponding",
    "AtomicJSONStorage",
    "Attempt",
    "AuditEvent",
    "AuditLog",
    "AuditLogTampered",
    "AuditTrail",
    "Case",
    "CaseChangeRefused",
    "CaseClient",
    "CaseEffects",
    "CaseReasons",
    "CaseSnapshot",
    "CaseStore",
    "CaseSubmission",
    "CaseSummary",
    "Casework",
    "Change",
    "ChangeFeed",
    "Codec",
    "Comment",
    "Consent",
    "ConsentNotInForce",
    "CorruptFile",
    "DamageReport",
    "DamageReports",
    "DataKeyError",
    "DefinitionNotFound",
    "DocumentFinal",
    "DocumentNotFound",
    "DocumentNotSubmitted",
    "DocumentRecord",
    "DocumentStore",
    "DocumentSummary",
    "DocumentSuperseded",
    "Documents",
    "FollowUp",
    "FollowUpToAdd",
    "GradedItem",
    "HouseholdMember",
    "IdentityCodec",
    "IntakeStore",
    "Intakes",
    "KioskDevice",
    "KioskDeviceSettings",
    "KioskDevices",
    "KioskIntake",
    "KioskTablets",
    "LineCodec",
    "LocalChangeFeed",
    "LoginResult",
    "Matches",
    "Note",
    "OverLimit",
    "Person",
    "PersonSummary",
    "Phone",
    "PossibleDuplicate",
    "PracticeRecords",
    "PracticeSandboxes",
    "QueueEntry",
    "Reason",
    "RecordNotFound",
    "Referral",
    "ReferralToAdd",
    "Resource",
    "Role",
    "SafeContact",
    "Sandboxes",
    "SearchHit",
    "SecuritySettings",
    "StatusChange",
    "StatusChangeKind",
    "StoreBusy",
    "StoreError",
    "TrainingRecords",
    "Workspace",
    "WrongDataKey",
    "check_at_start",
    "is_username",
    "kiosk_device_settings_from_environment",
    "line_codec",
    "load_data_key",
    "load_or_create_secret",
    "may_see_case",
    "open_codec",
    "open_workspace",
    "phone_digits",
    "phone_problem",
    "report_earlier",
    "security_settings_from_environment",
    "utc_now",
    "visible_cases",
]
