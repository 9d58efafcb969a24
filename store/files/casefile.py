"""One case file: the TinyDB that holds a case's records, read and written whole.

A case file holds one table per kind of record: `documents` (workflow documents, through
`CaseFile`) and the casework tables (`case`, `notes`, `follow_ups`, `referrals`, `consents`,
through the `Tables` helpers below, which change the same TinyDB layout in memory so that one
casework change costs one read and one write of the file).

A `CaseFile` opens a fresh TinyDB for every operation. TinyDB caches query results per
instance; opening per operation means no cache can outlive a write made elsewhere, and a case
file is small enough that the extra read costs less than a cache-invalidation bug. Callers hold
the case's lock around every read-modify-write (see `store.files.documents`).

Records are dumped in Python mode, not pydantic's JSON mode: JSON mode would quietly turn a set
into a list and NaN into null, while the strict JSON writer refuses them and the file stays as it
was.
"""

from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from tinydb import TinyDB, where
from tinydb.storages import Storage

from store.models.documents import DocumentRecord
from store.models.errors import DocumentNotFound

DOCUMENTS_TABLE = "documents"

# The file as TinyDB lays it out: {table: {"<doc_id>": row}}, doc ids counting up from 1.
Tables = dict[str, dict[str, dict[str, Any]]]
M = TypeVar("M", bound=BaseModel)


def rows(data: Tables, table: str, model: type[M]) -> list[M]:
    """A table's records in the order they were added."""
    stored = data.get(table, {})
    return [model.model_validate(stored[key]) for key in sorted(stored, key=int)]


def insert_row(data: Tables, table: str, record: BaseModel) -> None:
    stored = data.setdefault(table, {})
    # TinyDB's own rule for the next doc id, so TinyDB can go on inserting into this table.
    next_key = max(map(int, stored), default=0) + 1
    stored[str(next_key)] = record.model_dump()


def replace_row(data: Tables, table: str, record_id: str, record: BaseModel) -> None:
    """Replace the row whose "id" is `record_id` (a full replace, as in `CaseFile.change`)."""
    stored = data.get(table, {})
    for key, row in stored.items():
        if row.get("id") == record_id:
            stored[key] = record.model_dump()
            return
    raise KeyError(record_id)


def find_row(data: Tables, table: str, record_id: str, model: type[M]) -> M | None:
    for row in data.get(table, {}).values():
        if row.get("id") == record_id:
            return model.model_validate(row)
    return None


class CaseFile:
    """The documents of one case, behind any TinyDB storage (a file, or memory in tests)."""

    def __init__(self, open_storage: Callable[[], Storage]) -> None:
        self._open_storage = open_storage

    def _db(self) -> TinyDB:
        return TinyDB(storage=self._open_storage)

    def get(self, doc_id: str) -> DocumentRecord | None:
        with self._db() as db:
            raw = db.table(DOCUMENTS_TABLE).get(where("id") == doc_id)
        return None if raw is None else DocumentRecord.model_validate(dict(raw))

    def all(self) -> list[DocumentRecord]:
        with self._db() as db:
            rows = db.table(DOCUMENTS_TABLE).all()
        return [DocumentRecord.model_validate(dict(row)) for row in rows]

    def insert(self, record: DocumentRecord) -> None:
        with self._db() as db:
            table = db.table(DOCUMENTS_TABLE)
            if table.contains(where("id") == record.id):
                raise ValueError(f"document {record.id!r} already exists in this case file")
            table.insert(record.model_dump())

    def change(self, doc_id: str, change: Callable[[DocumentRecord], DocumentRecord]) -> DocumentRecord:
        """Replace a document with `change(old)`; if `change` raises, the file is untouched."""
        with self._db() as db:
            table = db.table(DOCUMENTS_TABLE)
            raw = table.get(where("id") == doc_id)
            if raw is None:
                # Checked before writing: an update that matches nothing would still rewrite
                # (or create) the file.
                raise DocumentNotFound(doc_id)
            new = change(DocumentRecord.model_validate(dict(raw)))
            stored = new.model_dump()

            def replace(row: Any) -> None:
                # A full replace, not TinyDB's default merge: nothing stale survives a change.
                mutable = cast(MutableMapping[str, Any], row)
                mutable.clear()
                mutable.update(stored)

            table.update(replace, where("id") == doc_id)
        return new

    def remove(self, doc_id: str) -> int:
        """Remove a document; returns how many documents are left in the file."""
        with self._db() as db:
            table = db.table(DOCUMENTS_TABLE)
            if not table.contains(where("id") == doc_id):
                raise DocumentNotFound(doc_id)
            table.remove(where("id") == doc_id)
            return len(table)
