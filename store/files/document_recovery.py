"""Opening the index: trust the journal when it is intact, repair it from the case files if not.

The case files are the source of truth; the journal is a cache of them. Every change is written
to its case file first and appended to the journal second, so a crash can only leave the
journal *behind* the case files, never ahead: at worst a change that was never acknowledged is
missing from it. Opening therefore:

* rebuilds from the case files when the journal is missing or has a damaged line (a torn last
  line is what a crash mid-append leaves);
* otherwise replays the journal; if the store was not closed cleanly (no "closed" entry at the
  end), it then rescans the case files changed shortly before the journal's
  last write (the window covers a save that was between its two writes when the process died,
  even one held up by a slow disk) and drops entries whose case file is gone;
* asks for a compaction when the journal has grown well past one line per document.
"""

import logging
from collections.abc import Callable, Iterable

from store.files.casefile import CaseFile
from store.files.document_index import DocumentIndex, IndexEntryInvalid
from store.files.journal import CLOSED_OP, read_journal
from store.files.layout import Layout
from store.files.storage import LineCodec
from store.models.documents import DocumentRecord, summarize
from store.models.errors import CorruptFile

log = logging.getLogger(__name__)

RECENT_WINDOW_NS = 10 * 60 * 1_000_000_000
# Compact when the journal holds more than twice as many lines as live documents, plus slack so a
# small store is not rewritten on every start.
COMPACT_SLACK_LINES = 1000

OpenCaseFile = Callable[[str], CaseFile]


def _read_case(open_case: OpenCaseFile, stem: str) -> list[DocumentRecord] | None:
    try:
        return open_case(stem).all()
    except (CorruptFile, ValueError) as exc:
        # Leave the file alone for a person to look at; its documents stay out of the lists.
        log.error("case file %r cannot be read, its documents are not listed: %s", stem, exc)
        return None


def rebuild(layout: Layout, open_case: OpenCaseFile) -> DocumentIndex:
    """The index as the case files have it, read from scratch."""
    index = DocumentIndex()
    for stem in sorted(layout.case_files()):
        for record in _read_case(open_case, stem) or []:
            index.put(summarize(record), stem)
    return index


def rescan(index: DocumentIndex, stems: Iterable[str], present: set[str], open_case: OpenCaseFile) -> bool:
    """Bring the index in line with these case files; True if anything had to change."""
    changed = False
    by_file = index.files()
    for stem in stems:
        records = _read_case(open_case, stem)
        if records is None:
            continue
        for gone in by_file.get(stem, set()) - {record.id for record in records}:
            index.remove(gone)
            changed = True
        for record in records:
            summary = summarize(record)
            if index.summary(record.id) != summary or index.file_of(record.id) != stem:
                index.put(summary, stem)
                changed = True
    for stem, doc_ids in by_file.items():
        if stem not in present:
            for doc_id in doc_ids:
                index.remove(doc_id)
            changed = True
    return changed


def open_index(
    layout: Layout, open_case: OpenCaseFile, codec: LineCodec | None = None
) -> tuple[DocumentIndex, bool]:
    """The index, and whether the journal must be rewritten from it before appending."""
    try:
        journal_mtime = layout.journal.stat().st_mtime_ns
    except FileNotFoundError:
        journal_mtime = None
    contents = read_journal(layout.journal, codec)
    if contents is None or journal_mtime is None:
        return rebuild(layout, open_case), True
    if contents.damaged_lines:
        log.warning("index journal has %d damaged line(s); rebuilding it from the case files",
                    contents.damaged_lines)
        return rebuild(layout, open_case), True
    index = DocumentIndex()
    try:
        index.apply_all(contents.entries)
    except IndexEntryInvalid as exc:
        log.warning("index journal entry not understood (%s); rebuilding it from the case files", exc)
        return rebuild(layout, open_case), True
    if contents.entries and contents.entries[-1].get("op") == CLOSED_OP:
        changed = False
    else:
        changed = _catch_up(index, layout, open_case, journal_mtime)
    too_long = contents.lines > 2 * len(index) + COMPACT_SLACK_LINES
    return index, changed or too_long


def _catch_up(index: DocumentIndex, layout: Layout, open_case: OpenCaseFile, journal_mtime: int) -> bool:
    """After a crash: take in case file changes the journal may have missed."""
    present = layout.case_files()
    since = journal_mtime - RECENT_WINDOW_NS
    recent = [stem for stem, mtime in present.items() if mtime >= since]
    return rescan(index, recent, set(present), open_case)
