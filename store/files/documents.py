"""The document store: drafts, autosaves, submission and revision of workflow documents.

Write order, the same for every change, so that a crash at any point leaves every acknowledged
save readable and nothing pointing at garbage:

1. the definition snapshot (new documents only), so a document never names a missing definition;
2. the case file (atomic replace), the source of truth;
3. one journal line (append + fsync), then the in-memory index.

A method returns only after all three, so "returned" means "on the disk and listed". A crash
between 2 and 3 leaves a change the caller was never told about in the case file but not in the
journal; opening the store catches up on it (see `store.files.recovery`).

Locking: one lock per case file around each read-modify-write, and inside it the journal lock
around the append and the index update, so the index sees a document's changes in the order its
file did. Reads take no lock: case files are only ever replaced whole.
"""

import copy
import functools
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from store.files.casefile import DOCUMENTS_TABLE, CaseFile, Tables, find_row, replace_row
from store.files.damage import DamageReports
from store.files.durable import remove_durably, remove_stale_temp_files
from store.files.folderlock import FolderLock
from store.files.index import del_entry, put_entry
from store.files.journal import CLOSED_OP, OPENED_OP, JournalWriter
from store.files.layout import Layout, case_file_stem, is_loose
from store.files.locks import KeyedLocks, WriteGate
from store.files.recovery import document_files, open_index, rebuild
from store.files.renders import StoredRenders
from store.files.snapshots import DefinitionSnapshots
from store.files.storage import AtomicJSONStorage, Codec, line_codec
from store.models.documents import MODES, DocumentRecord, DocumentSummary, summarize
from store.models.errors import DocumentFinal, DocumentNotFound, DocumentNotSubmitted, DocumentSuperseded
from store.models.ids import new_id, utc_now
from store.security.crypto import check_folder_key


def _check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    return mode


def _with(record: DocumentRecord, **changes: Any) -> DocumentRecord:
    # Validated, unlike model_copy(update=...), so a bad value never reaches the disk.
    return DocumentRecord.model_validate({**record.model_dump(), **changes})


def _finalised(record: DocumentRecord, answers: dict[str, Any], computed: dict[str, Any]) -> DocumentRecord:
    if record.status != "draft":
        raise DocumentFinal(record.id)
    now = utc_now()
    return _with(record, answers=answers, computed=computed, status="submitted", updated_at=now, submitted_at=now)


def submit_in(data: Tables, doc_id: str, answers: dict[str, Any], computed: dict[str, Any]) -> DocumentRecord:
    """`DocumentStore.submit` on a case file's tables in memory, for a write that changes the case
    as well (`CaseStore.submit_on_case`); the caller writes `data` and then calls
    `DocumentStore.publish_written`."""
    record = find_row(data, DOCUMENTS_TABLE, doc_id, DocumentRecord)
    if record is None:
        raise DocumentNotFound(doc_id)
    new = _finalised(record, answers, computed)
    replace_row(data, DOCUMENTS_TABLE, doc_id, new)
    return new


P = ParamSpec("P")
R = TypeVar("R")


def _gated(method: Callable[Concatenate["DocumentStore", P], R]) -> Callable[Concatenate["DocumentStore", P], R]:
    """Marks a method that writes: refused once the store is closed, and waited for by close()."""

    @functools.wraps(method)
    def gated(self: "DocumentStore", /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._gate.write():
            return method(self, *args, **kwargs)

    return gated


class DocumentStore:
    """Workflow documents under one data folder. Open one store per folder (it is locked).

    `codec` (e.g. `store.security.crypto.AesGcmCodec`) encrypts every file written: case files,
    definition snapshots and, if it can seal lines, the journal.
    """

    def __init__(self, root: Path, *, codec: Codec | None = None, reports: DamageReports | None = None) -> None:
        self._layout = Layout(Path(root))
        self.reports = reports if reports is not None else DamageReports()
        self._layout.ensure()
        self._folder_lock = FolderLock(self._layout.lock_file)
        self._gate = WriteGate()
        self._journal = JournalWriter(self._layout.journal, line_codec(codec))
        try:
            # Nobody else can be writing (the folder is locked), so leftovers are from a crash.
            for folder in self._layout.folders():
                remove_stale_temp_files(folder)
            check_folder_key(self._layout.key_check, codec, self._layout.holds_records, self.reports)
            self._codec = codec
            self._snapshots = DefinitionSnapshots(self._layout.definitions, codec, self.reports)
            self._renders = StoredRenders(self._layout.renders, codec)
            self._case_locks = KeyedLocks()
            self._journal_lock = threading.Lock()
            self._index, rewrite = open_index(document_files(self._layout, self._case_file), line_codec(codec))
            if rewrite:
                self._journal.rewrite(self._index.entries())
            # From now on a crash must not look like a clean shutdown to the next open.
            self._journal.append({"op": OPENED_OP})
        except BaseException:
            self._journal.close()
            self._folder_lock.release()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Mark a clean shutdown (the next open can skip crash recovery) and unlock the folder."""
        if not self._gate.close():  # also waits for saves still running
            return
        with self._journal_lock:
            try:
                self._journal.append({"op": CLOSED_OP})
            finally:
                self._journal.close()
                self._folder_lock.release()

    def __enter__(self) -> "DocumentStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------

    @_gated
    def create_draft(
        self,
        workflow_id: str,
        workflow_version: int,
        definition_source: str,
        owner: str,
        case_id: str | None = None,
        answers: dict[str, Any] | None = None,
        mode: str = "live",
    ) -> DocumentRecord:
        _check_mode(mode)
        if not owner:
            raise ValueError("a document needs an owner")
        doc_id = self._unused_id()
        stem = case_file_stem(case_id, doc_id)  # also validates case_id before anything is written
        definition_key = self._snapshots.remember(workflow_id, workflow_version, definition_source)
        now = utc_now()
        record = DocumentRecord.model_validate(
            {
                "id": doc_id,
                "workflow_id": workflow_id,
                "workflow_version": workflow_version,
                "definition_key": definition_key,
                "status": "draft",
                "case_id": case_id,
                "owner": owner,
                "mode": mode,
                "answers": answers or {},
                "created_at": now,
                "updated_at": now,
            }
        )
        with self._case_locks[stem]:
            self._case_file(stem).insert(record)
            self._publish(record, stem)
        return record

    def save_draft(self, doc_id: str, answers: dict[str, Any], current_step: str | None) -> DocumentRecord:
        """The autosave: replace a draft's answers and position. Refused once submitted."""

        def autosave(record: DocumentRecord) -> DocumentRecord:
            if record.status != "draft":
                raise DocumentFinal(doc_id)
            return _with(record, answers=answers, current_step=current_step, updated_at=utc_now())

        return self._change(doc_id, autosave)

    def submit(self, doc_id: str, answers: dict[str, Any], computed: dict[str, Any]) -> DocumentRecord:
        """Make a draft final. From here on it is only read, or revised into a new draft.

        A document on a case whose submit also changes the case (a lethality screen's flag, a
        follow-up, referrals) goes through `CaseStore.submit_on_case` instead: one write for all.
        """
        return self._change(doc_id, lambda record: _finalised(record, answers, computed))

    @_gated
    def revise(self, doc_id: str, owner: str) -> DocumentRecord:
        """Start a new draft from a submitted document; the submitted one is never changed.

        The draft copies the answers, has revision + 1 and `supersedes=doc_id`, and goes into the
        same case file. Each submitted document is revised at most once: a second call raises
        DocumentSuperseded naming the existing revision, which is the one to resume or revise.
        """
        if not owner:
            raise ValueError("a document needs an owner")
        stem = self._locate(doc_id)
        with self._case_locks[stem]:
            case = self._case_file(stem)
            records = case.all()
            original = next((record for record in records if record.id == doc_id), None)
            if original is None:
                raise DocumentNotFound(doc_id)
            if original.status != "submitted":
                raise DocumentNotSubmitted(doc_id)
            newer = next((record for record in records if record.supersedes == doc_id), None)
            if newer is not None:
                raise DocumentSuperseded(doc_id, newer.id)
            now = utc_now()
            draft = _with(
                original,
                id=self._unused_id(),
                status="draft",
                owner=owner,
                answers=copy.deepcopy(original.answers),
                computed={},
                current_step=None,
                revision=original.revision + 1,
                supersedes=doc_id,
                created_at=now,
                updated_at=now,
                submitted_at=None,
            )
            case.insert(draft)
            self._publish(draft, stem)
        return draft

    @_gated
    def stored_render(self, doc_id: str, form_id: str) -> bytes | None:
        """A submitted document's PDF `form_id` as rendered once after submit; None when it has not
        been rendered yet (or its stored copy could not be read): render it and `keep_render` it."""
        self._submitted_summary(doc_id)
        return self._renders.get(doc_id, form_id)

    @_gated
    def keep_render(self, doc_id: str, form_id: str, pdf: bytes) -> None:
        """Keep the PDF `form_id` rendered from a submitted document. A submitted document never
        changes (a change is a new revision with its own id), so neither does its render."""
        self._submitted_summary(doc_id)
        self._renders.put(doc_id, form_id, pdf)

    def _submitted_summary(self, doc_id: str) -> DocumentSummary:
        summary = self._index.summary(doc_id)
        if summary is None:
            raise DocumentNotFound(doc_id)
        if summary.status != "submitted":
            raise DocumentNotSubmitted(doc_id)
        return summary

    def discard_draft(self, doc_id: str) -> None:
        stem = self._locate(doc_id)
        with self._case_locks[stem]:
            case = self._case_file(stem)
            record = case.get(doc_id)
            if record is None:
                raise DocumentNotFound(doc_id)
            if record.status != "draft":
                raise DocumentFinal(doc_id)
            left = case.remove(doc_id)
            if left == 0 and is_loose(stem):
                # A case file may later hold more than documents; a loose file holds nothing else.
                remove_durably(self._layout.case_path(stem))
            with self._journal_lock:
                try:
                    self._journal.append(del_entry(doc_id))
                finally:
                    self._index.remove(doc_id)

    # -- reads -----------------------------------------------------------------------------

    def get(self, doc_id: str) -> DocumentRecord:
        stem = self._locate(doc_id)
        record = self._case_file(stem).get(doc_id)
        if record is None:
            raise DocumentNotFound(doc_id)
        return record

    def drafts(self, owner: str | None = None, mode: str = "live") -> list[DocumentSummary]:
        """Drafts, most recently saved first; everyone's when owner is None."""
        return self._index.select(status="draft", owner=owner, mode=_check_mode(mode))

    def submitted(self, owner: str | None = None, mode: str = "live") -> list[DocumentSummary]:
        """Submitted documents, most recently submitted first; everyone's when owner is None."""
        return self._index.select(status="submitted", owner=owner, mode=_check_mode(mode))

    def case_documents(self, case_id: str, mode: str = "live") -> list[DocumentSummary]:
        """All documents of one case, drafts and submitted, newest first."""
        return self._index.select(case_id=case_id, mode=_check_mode(mode))

    @_gated
    def remember_definition(self, workflow_id: str, workflow_version: int, definition_source: str) -> str:
        """Keep this definition text as a snapshot (once) and return its key, for records made
        outside a document that must still know their definition version (kiosk intakes)."""
        return self._snapshots.remember(workflow_id, workflow_version, definition_source)

    def definition_source(self, key: str, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> str:
        """The exact definition text a document was made with (its `definition_key`). A damaged
        snapshot is rewritten from a text in `known` (the current definitions) or from the same
        snapshot in one of the `elsewhere` folders (other data folders' `definitions/`)."""
        return self._snapshots.source(key, known, elsewhere)

    def check_definitions(self, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> None:
        """Read every definition snapshot once; repair (or report) the damaged ones."""
        self._snapshots.check(known, elsewhere)

    @property
    def definitions_folder(self) -> Path:
        return self._layout.definitions

    def case_of(self, doc_id: str) -> str | None:
        """The case a document is filed under (from memory), None for a document of its own."""
        summary = self._index.summary(doc_id)
        if summary is None:
            raise DocumentNotFound(doc_id)
        return summary.case_id

    def writing(self) -> AbstractContextManager[None]:
        """Held around a write the case store makes to a document itself (`CaseStore.submit_on_case`):
        refused once the store is closed, and waited for by close()."""
        return self._gate.write()

    def publish_written(self, record: DocumentRecord) -> None:
        """Journal and list a document change the case store has just written to the document's
        case file itself, still under that case's lock and inside `writing()`."""
        self._publish(record, self._locate(record.id))

    def case_lock(self, case_id: str) -> threading.Lock:
        """The lock around every read-modify-write of one case's file.

        The case file also holds the case's casework tables (`store.files.casework`), whose writes take
        this same lock, so a note and an autosave of the same case never overwrite each other.
        """
        return self._case_locks[case_file_stem(case_id, "")]

    # -- maintenance -----------------------------------------------------------------------

    @_gated
    def rebuild_index(self) -> None:
        """Rebuild the index from the case files (the source of truth) and rewrite the journal.

        Saves wait while it runs (it reads every case file), so it is for repair, not routine.
        """
        with self._journal_lock:
            index = rebuild(document_files(self._layout, self._case_file))
            self._journal.rewrite(index.entries())
            self._index = index

    # -- internals -------------------------------------------------------------------------

    def _case_file(self, stem: str) -> CaseFile:
        path = self._layout.case_path(stem)
        return CaseFile(lambda: AtomicJSONStorage(path, codec=self._codec))

    def _unused_id(self) -> str:
        while True:
            doc_id = new_id()
            if doc_id not in self._index:
                return doc_id

    def _locate(self, doc_id: str) -> str:
        stem = self._index.file_of(doc_id)
        if stem is None:
            raise DocumentNotFound(doc_id)
        return stem

    @_gated
    def _change(self, doc_id: str, change: Callable[[DocumentRecord], DocumentRecord]) -> DocumentRecord:
        stem = self._locate(doc_id)
        with self._case_locks[stem]:
            record = self._case_file(stem).change(doc_id, change)
            self._publish(record, stem)
        return record

    def _publish(self, record: DocumentRecord, stem: str) -> None:
        """Journal a change already in its case file, then show it in the in-memory index."""
        summary = summarize(record)
        with self._journal_lock:
            try:
                self._journal.append(put_entry(summary, stem))
            finally:
                # The case file already has the change: the in-memory index must match it even
                # if the journal append failed (the next open then catches up from the file).
                self._index.put(summary, stem)
