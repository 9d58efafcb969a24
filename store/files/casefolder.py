"""The casework files of one data folder and their index: how every casework write reaches disk.

`CaseStore` (store.files.casework) decides what may change; `CaseFolder` does the change in the
store's order — the file (atomic replace), then one line in `index/casework.jsonl`, then the
in-memory `CaseIndex` — under the right lock: a case's lock (the document store's, so an autosave
and a note never overwrite each other) or a person's. It also opens the index (with recovery),
numbers new cases, rebuilds, and marks a clean close.
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from store.files.case_tables import person_tables, read_case, read_person, summarize_case
from store.files.casefile import Tables, insert_row
from store.files.durable import remove_stale_temp_files
from store.files.index import CaseIndex, case_entry, person_entry
from store.files.journal import CLOSED_OP, OPENED_OP, Entry, JournalWriter
from store.files.layout import Layout
from store.files.locks import KeyedLocks, WriteGate
from store.files.recovery import casework_files, open_index, rebuild
from store.files.storage import AtomicJSONStorage, Codec, line_codec
from store.models.cases import CASE_TABLE, Case, CaseSummary
from store.models.errors import RecordNotFound
from store.models.ids import new_id
from store.models.people import Person, PersonSummary, summarize_person
from store.models.search import case_number

T = TypeVar("T")


class CaseFolder:
    def __init__(self, layout: Layout, codec: Codec | None, case_lock: Callable[[str], threading.Lock]) -> None:
        self._layout = layout
        self._codec = codec
        self._case_lock = case_lock
        lines = line_codec(codec)
        self.gate = WriteGate()
        self._journal = JournalWriter(layout.casework_journal, lines)
        self._journal_lock = threading.Lock()
        self._person_locks = KeyedLocks()
        self._numbering = threading.Lock()
        self._journal_behind = False  # an append failed: the journal misses a change the files have
        try:
            remove_stale_temp_files(layout.root)  # resources.json and keycheck live at the top
            self._files = casework_files(layout, case=self._case_summary_from_file,
                                         person=self._person_summary_from_file)
            self._index, rewrite = open_index(self._files, lines)
            if rewrite:
                self._journal.rewrite(self._index.entries())
            # From now on a crash must not look like a clean shutdown to the next open.
            self._journal.append({"op": OPENED_OP})
        except BaseException:
            self._journal.close()
            raise

    @property
    def index(self) -> CaseIndex:
        return self._index  # replaced whole by rebuild(), so never keep a reference

    def close(self) -> bool:
        """Refuse further writes, wait for running ones, mark a clean shutdown; False if closed already."""
        if not self.gate.close():
            return False
        with self._journal_lock:
            try:
                if self._journal_behind:
                    # A "closed" marker tells the next open to trust the journal as it is, so
                    # first make it whole again.
                    self._journal.rewrite(self._index.entries())
                self._journal.append({"op": CLOSED_OP})
            finally:
                self._journal.close()
        return True

    def rebuild(self) -> None:
        """The index from the files, and a journal to match (writes wait meanwhile)."""
        with self.gate.write(), self._journal_lock:
            index = rebuild(self._files)
            self._journal.rewrite(index.entries())
            self._index = index
            self._journal_behind = False

    # -- cases -----------------------------------------------------------------------------

    def known_case(self, case_id: str) -> str:
        # Checked first: an unknown id (from a URL) never becomes a file name or a lock.
        if self._index.case(case_id) is None:
            raise RecordNotFound("case", case_id)
        return case_id

    def read_tables(self, case_id: str) -> Tables:
        return self._case_storage(self.known_case(case_id)).read() or {}

    def create_case(self, prefix: str, year: int, make: Callable[[str], Case]) -> Case:
        """A new case file for `make(<the next free case number>)`."""
        with self.gate.write(), self._numbering:
            seq = self._index.last_case_number(prefix, year) + 1
            # A file may exist without a case in the index: documents filed under the number, or
            # a case whose journal line a crash cut off and recovery has not seen. Never reuse it.
            while self._layout.case_path(case_number(seq, prefix, year)).exists():
                seq += 1
            case = make(case_number(seq, prefix, year))
            with self._case_lock(case.id):
                data: Tables = {}
                insert_row(data, CASE_TABLE, case)
                self._case_storage(case.id).write(data)
                self._publish_case(data)
        return case

    def change_case(self, case_id: str, change: Callable[[Tables, Case], T],
                    written: Callable[[T], None] | None = None) -> T:
        """Read the case file, let `change` edit its tables, write it back, republish the case.

        If `change` raises, nothing is written. `written(result)`, if given, runs after the write
        and still under the case's lock: the document store's index for a change that also
        submitted a document of the case (`CaseStore.submit_on_case`).
        """
        with self.gate.write(), self._case_lock(self.known_case(case_id)):
            storage = self._case_storage(case_id)
            data = storage.read() or {}
            case = read_case(data)
            if case is None:
                raise RecordNotFound("case", case_id)
            result = change(data, case)
            storage.write(data)
            try:
                if written is not None:
                    written(result)
            finally:
                self._publish_case(data)
        return result

    # -- people ----------------------------------------------------------------------------

    def read_person(self, person_id: str) -> Person:
        person = read_person(self._person_storage(person_id).read()) if self._index.person(person_id) else None
        if person is None:
            raise RecordNotFound("person", person_id)
        return person

    def add_person(self, make: Callable[[str], Person]) -> Person:
        with self.gate.write():
            person = make(self._unused_person_id())
            with self._person_locks[person.id]:
                self._write_person(person)
        return person

    def change_person(self, person_id: str, change: Callable[[Person], Person]) -> Person:
        with self.gate.write(), self._person_locks[person_id]:
            person = change(self.read_person(person_id))
            self._write_person(person)
        return person

    # -- internals -------------------------------------------------------------------------

    def _case_storage(self, case_id: str) -> AtomicJSONStorage:
        return AtomicJSONStorage(self._layout.case_path(case_id), codec=self._codec)

    def _person_storage(self, person_id: str) -> AtomicJSONStorage:
        return AtomicJSONStorage(self._layout.person_path(person_id), codec=self._codec)

    def _publish_case(self, data: Tables) -> None:
        summary = summarize_case(data)
        if summary is not None:
            self._publish(case_entry(summary), lambda: self._index.put_case(summary))

    def _write_person(self, person: Person) -> None:
        self._person_storage(person.id).write(person_tables(person))
        summary = summarize_person(person)
        self._publish(person_entry(summary), lambda: self._index.put_person(summary))

    def _publish(self, entry: Entry, show: Callable[[], None]) -> None:
        """Journal a change already in its file, then show it in the index."""
        with self._journal_lock:
            try:
                self._journal.append(entry)
            except BaseException:
                self._journal_behind = True
                raise
            finally:
                # The file already has the change: the index must show it even if the journal
                # append failed (the next open then catches up from the file).
                show()

    def _unused_person_id(self) -> str:
        while True:
            person_id = new_id()
            if self._index.person(person_id) is None and not self._layout.person_path(person_id).exists():
                return person_id

    def _case_summary_from_file(self, stem: str) -> CaseSummary | None:
        return summarize_case(self._case_storage(stem).read() or {})

    def _person_summary_from_file(self, person_id: str) -> PersonSummary | None:
        person = read_person(self._person_storage(person_id).read())
        return None if person is None else summarize_person(person)
