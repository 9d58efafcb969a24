"""The casework index: every person's and case's summary in memory, for the queue and search.

Like the document index it is a cache of the files (people/*.json and the `case` tables of
cases/*.json), built at open from its journal, `index/casework.jsonl`, and kept current by the
case store, which appends a line and updates this index after every write to a file. Entries:
{"op": "person", "person": <PersonSummary>} and {"op": "case", "case": <CaseSummary>}, each
replacing what came before for that id, plus the journal's "opened"/"closed" markers. Lines
hold names, so with encryption at rest they are sealed like the files.
"""

import re
import threading
from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from store.files.document_index import IndexEntryInvalid
from store.files.journal import MARKER_OPS, Entry
from store.models.cases import CaseSummary
from store.models.people import PersonSummary
from store.models.queue import QueueRow, TriageQueue, queue_row
from store.models.search import PersonKey, SearchHit, classify, name_matches, normalise_report, person_key
from store.models.visibility import Viewer, may_see_case, may_see_person, visible_cases

CASE_ID = re.compile(r"([A-Z])-(\d{4})-(\d+)")
# How search results are ordered: exact identifiers before names.
MATCH_ORDER = {"case number": 0, "police report number": 1, "date of birth": 2, "name": 3, "alias": 4}


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
        try:
            if entry["op"] == "person":
                self.put_person(PersonSummary.model_validate(entry["person"]))
            elif entry["op"] == "case":
                self.put_case(CaseSummary.model_validate(entry["case"]))
            elif entry["op"] not in MARKER_OPS:
                raise IndexEntryInvalid(f"unknown casework journal op {entry['op']!r}")
        except (KeyError, TypeError, ValidationError) as exc:
            raise IndexEntryInvalid(str(exc)) from exc

    def apply_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.apply(entry)

    def entries(self) -> list[Entry]:
        """One journal entry per person and per case: the whole index, for compaction."""
        with self._lock:
            people = [person_entry(key.summary) for key in self._people.values()]
            return people + [case_entry(summary) for summary in self._cases.values()]

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
