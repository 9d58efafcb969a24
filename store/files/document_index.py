"""The in-memory document index: every document's summary and the case file it lives in.

It is a cache of the case files, built from the journal on open and kept current by the
document store, which applies every change here right after appending it to the journal. Lists
(`drafts`, `submitted`, a case's documents) are answered from memory and never open a case file.
"""

import threading
from collections.abc import Iterable

from pydantic import ValidationError

from store.files.journal import MARKER_OPS, Entry
from store.models.documents import DocumentSummary


class IndexEntryInvalid(ValueError):
    """A journal entry that is intact on disk but does not describe a document."""


class DocumentIndex:
    def __init__(self) -> None:
        self._summaries: dict[str, DocumentSummary] = {}
        self._files: dict[str, str] = {}
        # Lists iterate the dicts while saves change them from other threads.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._summaries)

    def put(self, summary: DocumentSummary, file: str) -> None:
        with self._lock:
            self._summaries[summary.id] = summary
            self._files[summary.id] = file

    def remove(self, doc_id: str) -> None:
        with self._lock:
            self._summaries.pop(doc_id, None)
            self._files.pop(doc_id, None)

    def apply(self, entry: Entry) -> None:
        try:
            if entry["op"] == "put":
                self.put(DocumentSummary.model_validate(entry["doc"]), str(entry["file"]))
            elif entry["op"] == "del":
                self.remove(str(entry["id"]))
            elif entry["op"] in MARKER_OPS:
                pass  # markers for recovery, not changes to the index
            else:
                raise IndexEntryInvalid(f"unknown journal op {entry['op']!r}")
        except (KeyError, TypeError, ValidationError) as exc:
            raise IndexEntryInvalid(str(exc)) from exc

    def apply_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.apply(entry)

    def summary(self, doc_id: str) -> DocumentSummary | None:
        return self._summaries.get(doc_id)

    def file_of(self, doc_id: str) -> str | None:
        return self._files.get(doc_id)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._summaries

    def files(self) -> dict[str, set[str]]:
        """Each case file stem and the ids the index places in it."""
        by_file: dict[str, set[str]] = {}
        with self._lock:
            for doc_id, file in self._files.items():
                by_file.setdefault(file, set()).add(doc_id)
        return by_file

    def select(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        mode: str | None = None,
        case_id: str | None = None,
    ) -> list[DocumentSummary]:
        """Matching summaries, newest first (by submission time for submitted documents)."""
        with self._lock:
            found = [
                summary
                for summary in self._summaries.values()
                if (status is None or summary.status == status)
                and (owner is None or summary.owner == owner)
                and (mode is None or summary.mode == mode)
                and (case_id is None or summary.case_id == case_id)
            ]
        found.sort(key=lambda s: (s.submitted_at or s.updated_at, s.id), reverse=True)
        return found

    def put_entries(self) -> list[Entry]:
        """One journal entry per live document: the whole index, for compaction."""
        with self._lock:
            return [put_entry(summary, self._files[doc_id]) for doc_id, summary in self._summaries.items()]


def put_entry(summary: DocumentSummary, file: str) -> Entry:
    return {"op": "put", "file": file, "doc": summary.model_dump(mode="json")}


def del_entry(doc_id: str) -> Entry:
    return {"op": "del", "id": doc_id}
