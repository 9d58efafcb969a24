"""Opening an index: trust its journal when it is intact, repair it from the files if not.

The files are the source of truth; a journal is a cache of them. Every change is written to its
file first and appended to the journal second, so a crash can only leave the journal *behind*
the files, never ahead: at worst a change that was never acknowledged is missing from it.
Opening therefore:

* rebuilds from the files when the journal is missing or has a damaged line (a torn last line is
  what a crash mid-append leaves);
* otherwise replays the journal; if the store was not closed cleanly (no "closed" entry at the
  end), it then rescans the files changed shortly before the journal's last write (the window
  covers a save that was between its two writes when the process died, even one held up by a
  slow disk) and drops entries whose file is gone;
* asks for a compaction when the journal has grown well past one line per record.

Both indexes open this way, each described by an `IndexFiles`: the document index from
`index/documents.jsonl` over the case files (`document_files`), the casework index from
`index/casework.jsonl` over the people files and the `case` tables of the case files
(`casework_files`).
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from store.files.casefile import CaseFile
from store.files.index import CaseIndex, DocumentIndex, IndexEntryInvalid
from store.files.journal import CLOSED_OP, Entry, read_journal
from store.files.layout import Layout
from store.files.storage import LineCodec
from store.models.cases import CaseSummary
from store.models.documents import DocumentSummary, summarize
from store.models.errors import CorruptFile
from store.models.people import PersonSummary

log = logging.getLogger(__name__)

RECENT_WINDOW_NS = 10 * 60 * 1_000_000_000
# Compact when the journal holds more than twice as many lines as live records, plus slack so a
# small store is not rewritten on every start.
COMPACT_SLACK_LINES = 1000


class Summary(Protocol):
    @property
    def id(self) -> str: ...


class Journalled(Protocol):
    """An index that replays its journal's entries (it knows the journal's ops)."""

    def __len__(self) -> int: ...

    def apply(self, entry: Entry) -> None: ...


S = TypeVar("S", bound=Summary)
IndexT = TypeVar("IndexT", bound=Journalled)


class Shelf(Protocol[S]):
    """One kind of record in an index, as recovery sees it: each summary and the file it is in."""

    def files(self) -> dict[str, set[str]]: ...

    def summary(self, key: str) -> S | None: ...

    def file_of(self, key: str) -> str | None: ...

    def put(self, summary: S, file: str) -> None: ...

    def remove(self, key: str) -> None: ...


@dataclass(frozen=True)
class Source(Generic[IndexT, S]):
    """One kind of file an index is built from, and where in the index its summaries go."""

    kind: str  # "case", "person": names the file in the log
    left_out: str  # what an unreadable file costs, for the log
    stems: Callable[[], dict[str, int]]  # each file's stem and modification time (ns)
    # The summaries in one file; None when the file gives nothing to go by, so the index keeps
    # what it has. Raises CorruptFile or ValueError when the file cannot be read.
    read: Callable[[str], list[S] | None]
    shelf: Callable[[IndexT], Shelf[S]]


@dataclass(frozen=True)
class IndexFiles(Generic[IndexT]):
    """An index, its journal, and the files it is a cache of."""

    name: str  # names the journal in the log
    journal: Path
    new: Callable[[], IndexT]  # an empty index
    sources: Sequence[Source[IndexT, Any]]  # rebuilt and rescanned in this order
    origin: str = "the files"  # names the files in the log


def document_files(layout: Layout, open_case: Callable[[str], CaseFile]) -> IndexFiles[DocumentIndex]:
    """The document index over the case files; `open_case` opens one by its stem."""

    def read(stem: str) -> list[DocumentSummary]:
        return [summarize(record) for record in open_case(stem).all()]

    cases = Source[DocumentIndex, DocumentSummary](
        "case", "its documents are not listed", layout.case_files, read, lambda index: index)
    # "index journal": what the log has always called the document journal.
    return IndexFiles("index", layout.journal, DocumentIndex, (cases,), origin="the case files")


def casework_files(layout: Layout, case: Callable[[str], CaseSummary | None],
                   person: Callable[[str], PersonSummary | None]) -> IndexFiles[CaseIndex]:
    """`case` summarises a case file (None if it only holds documents), `person` a person file."""

    def read_person(person_id: str) -> list[PersonSummary] | None:
        found = person(person_id)
        return None if found is None else [found]  # no person in it: the index keeps what it has

    def read_case(stem: str) -> list[CaseSummary]:
        found = case(stem)
        return [] if found is None else [found]  # documents only: the file holds no case

    people = Source[CaseIndex, PersonSummary](
        "person", "it is left out of the lists", layout.people_files, read_person, CaseIndex.person_files)
    cases = Source[CaseIndex, CaseSummary](
        "case", "it is left out of the lists", layout.case_files, read_case, CaseIndex.case_files)
    return IndexFiles("casework", layout.casework_journal, CaseIndex, (people, cases))


def open_index(files: IndexFiles[IndexT], codec: LineCodec | None = None) -> tuple[IndexT, bool]:
    """The index, and whether its journal must be rewritten from it before appending."""
    try:
        journal_mtime = files.journal.stat().st_mtime_ns
    except FileNotFoundError:
        return rebuild(files), True
    contents = read_journal(files.journal, codec)
    if contents is None:
        return rebuild(files), True
    if contents.damaged_lines:
        log.warning("%s journal has %d damaged line(s); rebuilding it from %s",
                    files.name, contents.damaged_lines, files.origin)
        return rebuild(files), True
    index = files.new()
    try:
        for entry in contents.entries:
            index.apply(entry)
    except IndexEntryInvalid as exc:
        log.warning("%s journal entry not understood (%s); rebuilding it from %s", files.name, exc, files.origin)
        return rebuild(files), True
    clean = bool(contents.entries) and contents.entries[-1].get("op") == CLOSED_OP
    changed = False if clean else _catch_up(files, index, journal_mtime - RECENT_WINDOW_NS)
    return index, changed or contents.lines > 2 * len(index) + COMPACT_SLACK_LINES


def rebuild(files: IndexFiles[IndexT]) -> IndexT:
    """The index as the files have it, read from scratch."""
    index = files.new()
    for source in files.sources:
        shelf = source.shelf(index)
        for stem in sorted(source.stems()):
            for summary in _read(source, stem) or []:
                shelf.put(summary, stem)
    return index


def _read(source: Source[IndexT, S], stem: str) -> list[S] | None:
    try:
        return source.read(stem)
    except (CorruptFile, ValueError) as exc:
        # Leave the file alone for a person to look at; what it holds stays out of the lists.
        log.error("%s file %r cannot be read, %s: %s", source.kind, stem, source.left_out, exc)
        return None


def _catch_up(files: IndexFiles[IndexT], index: IndexT, since: int) -> bool:
    """After a crash: take in file changes the journal may have missed, drop what is gone."""
    changed = False
    for source in files.sources:
        present = source.stems()
        recent = [stem for stem, mtime in present.items() if mtime >= since]
        changed = _rescan(source, source.shelf(index), recent, set(present)) or changed
    return changed


def _rescan(source: Source[IndexT, S], shelf: Shelf[S], stems: list[str], present: set[str]) -> bool:
    """Bring one kind of record in line with these files; True if anything had to change."""
    changed = False
    by_file = shelf.files()
    for stem in stems:
        summaries = _read(source, stem)
        if summaries is None:
            continue
        for gone in by_file.get(stem, set()) - {summary.id for summary in summaries}:
            shelf.remove(gone)
            changed = True
        for summary in summaries:
            if shelf.summary(summary.id) != summary or shelf.file_of(summary.id) != stem:
                shelf.put(summary, stem)
                changed = True
    for stem, keys in by_file.items():
        if stem not in present:
            for key in keys:
                shelf.remove(key)
            changed = True
    return changed
