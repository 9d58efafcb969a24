"""The store: every read and write of the app's data on disk.

Owns the layout of the data folder, durable atomic writes, locking, and the documents made by
workflows (drafts, autosaves, submission, revision, definition snapshots). Imports only tinydb,
pydantic and the standard library — never nicegui, weasyprint or workflows — so it can be tested
alone and later sit on a real database server behind the same interface.

Start with `DocumentStore`; `docs/storage.md` explains the layout and the write order.
"""

from store.documents import DocumentStore
from store.errors import (
    CorruptFile,
    DefinitionNotFound,
    DocumentFinal,
    DocumentNotFound,
    DocumentNotSubmitted,
    DocumentSuperseded,
    StoreBusy,
    StoreError,
)
from store.records import DocumentRecord, DocumentSummary
from store.storage import AtomicJSONStorage, Codec, IdentityCodec

__all__ = [
    "AtomicJSONStorage",
    "Codec",
    "CorruptFile",
    "DefinitionNotFound",
    "DocumentFinal",
    "DocumentNotFound",
    "DocumentNotSubmitted",
    "DocumentRecord",
    "DocumentStore",
    "DocumentSummary",
    "DocumentSuperseded",
    "IdentityCodec",
    "StoreBusy",
    "StoreError",
]
