"""The in-memory indexes: caches of the files, each built from its journal on open.

`DocumentIndex` holds every document's summary and the case file it lives in; its journal is
`index/documents.jsonl`. `CaseIndex` holds every person's and case's summary, for the queue and
search (people/*.json and the `case` tables of cases/*.json); its journal is
`index/casework.jsonl`. Each store applies every change to its index right after appending it to
the journal, so lists, the queue and search are answered from memory and never open a file.

Journal entries (the format on disk: see `store.files.journal`), each replacing what came before
for its id, plus the journal's "opened"/"closed" markers:

* documents: {"op": "put", "file": <case file stem>, "doc": <DocumentSummary>} and
  {"op": "del", "id": <document id>};
* casework: {"op": "person", "person": <PersonSummary>} and {"op": "case", "case": <CaseSummary>}.
  These lines hold names, so with encryption at rest they are sealed like the files.

`store.files.recovery` opens both; it sees a kind of record through the `files`, `summary`,
`file_of`, `put` and `remove` of `DocumentIndex` or of a `OnePerFile` view of `CaseIndex`.
"""

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

from pydantic import ValidationError

from store.files.journal import MARKER_OPS, Entry
from store.models.cases import CaseSummary
from store.models.documents import DocumentSummary
from store.models.people import PersonSummary
from store.models.queue import QueueRow, TriageQueue, queue_row
from store.models.search import PersonKey, SearchHit, classify, name_matches, normalise_report, person_key
from store.models.visibility import Viewer, may_see_case, may_see_person, visible_cases

S = TypeVar("S")
Ops = Mapping[str, Callable[[Entry], None]]

CASE_ID = re.compile(r"([A-Z])-(\d{4})-(\d+)")
# How search results are ordered: exact identifiers before names.
MATCH_ORDER = {"case number": 0, "police report number": 1, "date of birth": 2, "name": 3, "alias": 4}


class IndexEntryInvalid(ValueError):
    """A journal entry that is intact on disk but does not describe a change to the index."""


def apply_entry(entry: Entry, ops: Ops) -> None:
    """Apply one journal entry through the handler for its op; markers change nothing."""
    try:
        op = entry["op"]
        if op in MARKER_OPS:
            return  # markers for recovery, not changes to the index
        handler = ops.get(op)
        if handler is None:
            raise IndexEntryInvalid(f"unknown journal op {op!r}")
        handler(entry)
    except (KeyError, TypeError, ValidationError) as exc:
        raise IndexEntryInvalid(str(exc)) from exc


class OnePerFile(Generic[S]):
    """A kind of record kept one to a file named by its id (people/<id>.json, cases/<id>.json),
    seen the way recovery sees the document index."""

    def __init__(self, get: Callable[[str], S | None], ids: Callable[[], Iterable[str]],
                 put: Callable[[S], None], remove: Callable[[str], None]) -> None:
        self._get = get
        self._ids = ids
        self._put = put
        self._remove = remove

    def files(self) -> dict[str, set[str]]:
        return {key: {key} for key in self._ids()}

    def summary(self, key: str) -> S | None:
        return self._get(key)

    def file_of(self, key: str) -> str | None:
        return None if self._get(key) is None else key

    def put(self, summary: S, file: str) -> None:
        self._put(summary)  # the file is named by the summary's id

    def remove(self, key: str) -> None:
        self._remove(key)


# -- documents -------------------------------------------------------------------------------


class DocumentIndex:
    def __init__(self) -> None:
        self._summaries: dict[str, DocumentSummary] = {}
        self._files: dict[str, str] = {}
        # Lists iterate the dicts while saves change them from other threads.
        self._lock = threading.Lock()
        self._ops: Ops = {"put": self._apply_put, "del": self._apply_del}

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
        apply_entry(entry, self._ops)

    def _apply_put(self, entry: Entry) -> None:
        self.put(DocumentSummary.model_validate(entry["doc"]), str(entry["file"]))

    def _apply_del(self, entry: Entry) -> None:
        self.remove(str(entry["id"]))

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

    def entries(self) -> list[Entry]:
        """One journal entry per live document: the whole index, for compaction."""
        with self._lock:
            return [put_entry(summary, self._files[doc_id]) for doc_id, summary in self._summaries.items()]


def put_entry(summary: DocumentSummary, file: str) -> Entry:
    return {"op": "put", "file": file, "doc": summary.model_dump(mode="json")}


def del_entry(doc_id: str) -> Entry:
    return {"op": "del", "id": doc_id}


# -- people and cases ------------------------------------------------------------------------


class CaseIndex:
    def __init__(self) -> None:
        self._people: dict[str, PersonKey] = {}
        self._cases: dict[str, CaseSummary] = {}
        self._open: dict[str, QueueRow] = {}  # the cases the queue ranks (not closed), ready to rank
        self._names: dict[str, str] = {}  # person id -> full name, ready for the queue
        self._cases_of: dict[str, set[str]] = {}  # client id -> case ids
        self._reports: dict[str, set[str]] = {}  # normalised police report number -> case ids
        self._last_number: dict[tuple[str, int], int] = {}  # (prefix, year) -> highest sequence
        self.triage = TriageQueue()  # keeps the queue entries it made, for this index's lifetime
        # Queue and search iterate while writes from other threads change the dicts.
        self._lock = threading.Lock()
        self._ops: Ops = {"person": self._apply_person, "case": self._apply_case}

    def __len__(self) -> int:
        return len(self._people) + len(self._cases)

    # -- changes ---------------------------------------------------------------------------

    def put_person(self, summary: PersonSummary) -> None:
        key = person_key(summary)
        with self._lock:
            self._people[summary.id] = key
            self._names[summary.id] = summary.full_name

    def remove_person(self, person_id: str) -> None:
        with self._lock:
            self._people.pop(person_id, None)
            self._names.pop(person_id, None)

    def put_case(self, summary: CaseSummary) -> None:
        with self._lock:
            self._forget_case(summary.id)
            self._cases[summary.id] = summary
            if summary.status != "closed":
                self._open[summary.id] = queue_row(summary)
            self._cases_of.setdefault(summary.client_id, set()).add(summary.id)
            if summary.police_report_number:
                self._reports.setdefault(normalise_report(summary.police_report_number), set()).add(summary.id)
            if match := CASE_ID.fullmatch(summary.id):
                slot = (match[1], int(match[2]))
                self._last_number[slot] = max(self._last_number.get(slot, 0), int(match[3]))

    def remove_case(self, case_id: str) -> None:
        with self._lock:
            self._forget_case(case_id)

    def _forget_case(self, case_id: str) -> None:
        old = self._cases.pop(case_id, None)
        self._open.pop(case_id, None)
        if old is None:
            return
        self._cases_of.get(old.client_id, set()).discard(case_id)
        if old.police_report_number:
            self._reports.get(normalise_report(old.police_report_number), set()).discard(case_id)

    def apply(self, entry: Entry) -> None:
        apply_entry(entry, self._ops)

    def _apply_person(self, entry: Entry) -> None:
        self.put_person(PersonSummary.model_validate(entry["person"]))

    def _apply_case(self, entry: Entry) -> None:
        self.put_case(CaseSummary.model_validate(entry["case"]))

    def entries(self) -> list[Entry]:
        """One journal entry per person and per case: the whole index, for compaction."""
        with self._lock:
            people = [person_entry(key.summary) for key in self._people.values()]
            return people + [case_entry(summary) for summary in self._cases.values()]

    def person_files(self) -> OnePerFile[PersonSummary]:
        """The people as recovery sees them: one to a file, named by the person's id."""
        return OnePerFile(self.person, lambda: [key.summary.id for key in self.people()],
                          self.put_person, self.remove_person)

    def case_files(self) -> OnePerFile[CaseSummary]:
        """The cases as recovery sees them: one to a case file, named by the case number."""
        return OnePerFile(self.case, lambda: [case.id for case in self.cases()], self.put_case, self.remove_case)

    # -- reads -----------------------------------------------------------------------------

    def person(self, person_id: str) -> PersonSummary | None:
        key = self._people.get(person_id)
        return None if key is None else key.summary

    def case(self, case_id: str) -> CaseSummary | None:
        return self._cases.get(case_id)

    def people(self) -> list[PersonKey]:
        with self._lock:
            return list(self._people.values())

    def cases(self) -> list[CaseSummary]:
        with self._lock:
            return list(self._cases.values())

    def queue_rows(self) -> list[QueueRow]:
        """The open cases, ready for `triage.build` (store.models.queue)."""
        with self._lock:
            return list(self._open.values())

    @property
    def names(self) -> Mapping[str, str]:
        """Every person's full name by id; looked up, never iterated, so writes meanwhile are harmless."""
        return self._names

    def cases_of(self, person_id: str) -> list[CaseSummary]:
        """A client's cases, newest first."""
        with self._lock:
            found = [self._cases[case_id] for case_id in self._cases_of.get(person_id, ())]
        return sorted(found, key=lambda c: (c.opened_at, c.id), reverse=True)

    def last_case_number(self, prefix: str, year: int) -> int:
        return self._last_number.get((prefix, year), 0)

    def search(self, text: str, *, viewer: Viewer | None, limit: int) -> list[SearchHit]:
        """People (and their cases) matching a name, alias, date of birth, case or report number,
        as the viewer may see them (store.models.visibility)."""
        number, dob, words = classify(text)
        matched: dict[str, str] = {}  # person id -> how they matched (first, best reason wins)
        # A number matches only through a case the viewer may open: the number alone would tie a
        # person the viewer does see to a juvenile record they do not.
        if number and (case := self._cases.get(number)) and may_see_case(viewer, case):
            matched.setdefault(case.client_id, "case number")
        report = normalise_report(text)
        with self._lock:
            by_report = [self._cases[case_id] for case_id in self._reports.get(report, ())] if report else []
        for case in visible_cases(viewer, by_report):
            matched.setdefault(case.client_id, "police report number")
        people = self.people()
        if dob:
            for key in people:
                if key.summary.date_of_birth == dob:
                    matched.setdefault(key.summary.id, "date of birth")
        elif words:
            for key in people:
                if how := name_matches(key, words):
                    matched.setdefault(key.summary.id, how)
        hits = []
        for person_id, how in matched.items():
            person = self.person(person_id)
            cases = self.cases_of(person_id)
            if person is None or not may_see_person(viewer, cases):
                continue  # only hidden juvenile records: on file, the person is part of them
            hits.append(SearchHit(person, visible_cases(viewer, cases), how))
        hits.sort(key=lambda h: (MATCH_ORDER[h.matched], h.person.last_name.casefold(),
                                 h.person.first_name.casefold(), h.person.id))
        return hits[:limit]


def person_entry(summary: PersonSummary) -> Entry:
    return {"op": "person", "person": summary.model_dump(mode="json")}


def case_entry(summary: CaseSummary) -> Entry:
    return {"op": "case", "case": summary.model_dump(mode="json")}
