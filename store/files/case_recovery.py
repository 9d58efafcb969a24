"""Opening the casework index: trust its journal when intact, repair it from the files if not.

The same rules as the document index (`store.files.document_recovery`), for people files and the `case` tables
of case files: rebuild when the journal is missing or damaged; after an unclean shutdown rescan
the files changed shortly before the journal's last write; compact when it has grown long.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from store.files.case_index import CaseIndex
from store.files.document_index import IndexEntryInvalid
from store.files.document_recovery import COMPACT_SLACK_LINES, RECENT_WINDOW_NS
from store.files.journal import CLOSED_OP, read_journal
from store.files.layout import Layout
from store.files.storage import LineCodec
from store.models.cases import CaseSummary
from store.models.errors import CorruptFile
from store.models.people import PersonSummary

log = logging.getLogger(__name__)

S = TypeVar("S")


@dataclass(frozen=True)
class Readers:
    """How to summarise one file: a case file's case (None if it only holds documents), a person."""

    case: Callable[[str], CaseSummary | None]
    person: Callable[[str], PersonSummary | None]


def _try(read: Callable[[str], S | None], kind: str, key: str) -> tuple[bool, S | None]:
    """(readable, summary); an unreadable file is logged and left in place for a person to look at."""
    try:
        return True, read(key)
    except (CorruptFile, ValueError) as exc:
        log.error("%s file %r cannot be read, it is left out of the lists: %s", kind, key, exc)
        return False, None


def rebuild_casework(layout: Layout, readers: Readers) -> CaseIndex:
    index = CaseIndex()
    for person_id in sorted(layout.people_files()):
        _, person = _try(readers.person, "person", person_id)
        if person is not None:
            index.put_person(person)
    for stem in sorted(layout.case_files()):
        _, case = _try(readers.case, "case", stem)
        if case is not None:
            index.put_case(case)
    return index


def open_casework(layout: Layout, readers: Readers, codec: LineCodec | None) -> tuple[CaseIndex, bool]:
    """The index, and whether its journal must be rewritten from it before appending."""
    path = layout.casework_journal
    try:
        journal_mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return rebuild_casework(layout, readers), True
    contents = read_journal(path, codec)
    if contents is None:
        return rebuild_casework(layout, readers), True
    if contents.damaged_lines:
        log.warning("casework journal has %d damaged line(s); rebuilding it from the files", contents.damaged_lines)
        return rebuild_casework(layout, readers), True
    index = CaseIndex()
    try:
        index.apply_all(contents.entries)
    except IndexEntryInvalid as exc:
        log.warning("casework journal entry not understood (%s); rebuilding it from the files", exc)
        return rebuild_casework(layout, readers), True
    clean = bool(contents.entries) and contents.entries[-1].get("op") == CLOSED_OP
    changed = False if clean else _catch_up(index, layout, readers, journal_mtime - RECENT_WINDOW_NS)
    return index, changed or contents.lines > 2 * len(index) + COMPACT_SLACK_LINES


def _catch_up(index: CaseIndex, layout: Layout, readers: Readers, since: int) -> bool:
    """After a crash: take in file changes the journal may have missed, drop what is gone."""
    changed = False
    people = layout.people_files()
    for person_id in [p for p, mtime in people.items() if mtime >= since]:
        _, person = _try(readers.person, "person", person_id)
        if person is not None and index.person(person_id) != person:
            index.put_person(person)
            changed = True
    for key in index.people():
        if key.summary.id not in people:
            index.remove_person(key.summary.id)
            changed = True
    cases = layout.case_files()
    for stem in [s for s, mtime in cases.items() if mtime >= since]:
        readable, case = _try(readers.case, "case", stem)
        if case is not None and index.case(stem) != case:
            index.put_case(case)
            changed = True
        elif readable and case is None and index.case(stem) is not None:
            index.remove_case(stem)
            changed = True
    for summary in index.cases():
        if summary.id not in cases:
            index.remove_case(summary.id)
            changed = True
    return changed
