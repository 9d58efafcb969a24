"""The audit log: who read or changed which record, when, with which role, in which mode.

Append-only: there is no update or delete. One file per month, `audit/<YYYY-MM>.jsonl`, one
line per event, appended and fsynced before `record` returns. Lines use the journal's format
(`store.files.journal`), so with encryption at rest each line is sealed on its own.

Each line is {"seq": n, "prev": <hash of line n-1>, "event": {...}}, the hash being SHA-256 of
the previous line's JSON; the first line ever has 64 zeros. The chain runs on across month files.
`verify()` walks it and names the first line that was changed, removed, inserted or reordered.
Without encryption anyone who can write the folder could rewrite the whole chain; with it, lines
cannot be forged without the key. Cutting lines off the very end leaves no trace inside the log:
`head()` gives the newest (seq, hash) to note elsewhere (a report, a printout) to catch that too.
A damaged tail (last lines that cannot be read) is set aside on open and the cut recorded as an
event, so the chain goes on and says so; `verify_chain` walks a log without changing anything
(`python -m store verify`, store.files.auditcheck).

Events name records by id and type. `detail` is for short, non-identifying facts ("status:
closed", "pdf", "3 documents"): never a client's name, an answer, a note's or a reason's text.
Every field is cut to a few hundred characters, with control characters blanked, before it is
written (`LIMITS`): whatever a visitor types as a user name, one event stays one short line.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from store.files.damage import DamageReport, DamageReports, keep_copy
from store.files.durable import append_line_durably, atomic_write_bytes, fsync_dir
from store.files.journal import decode_body, encode_line
from store.files.storage import LineCodec, encode_json
from store.models.audit import Action, AuditEvent
from store.models.documents import Mode
from store.models.errors import AuditLogTampered
from store.models.ids import utc_now

log = logging.getLogger(__name__)

GENESIS = "0" * 64
SYSTEM_ACTOR = "wraparound"  # events the app records about itself (a damaged tail set aside)
MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9].jsonl"
# The longest each field may be (characters); longer values are cut, never refused: an event that
# cannot be written would be a change without its audit.
LIMITS = {"actor": 80, "role": 32, "record_type": 40, "record_id": 120, "case_id": 64, "detail": 200}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clip(text: str, limit: int) -> str:
    """One short line: control characters blanked, cut to `limit` characters (ending in "…")."""
    line = _CONTROL.sub(" ", text[: limit + 1])
    return line if len(text) <= limit else line[: limit - 1] + "…"




def _event(actor: str, role: str, action: Action, record_type: str, record_id: str, mode: Mode,
           case_id: str | None, detail: str) -> AuditEvent:
    return AuditEvent(at=utc_now(), actor=clip(actor, LIMITS["actor"]), role=clip(role, LIMITS["role"]),
                      mode=mode, action=action, record_type=clip(record_type, LIMITS["record_type"]),
                      record_id=clip(record_id, LIMITS["record_id"]),
                      case_id=None if case_id is None else clip(case_id, LIMITS["case_id"]),
                      detail=clip(detail, LIMITS["detail"]))


def _log_failure(future: Future[AuditEvent]) -> None:
    # The event holds ids, never client data; the disk error says what went wrong.
    error = future.exception()
    if error is not None:
        log.error("AUDIT EVENT NOT WRITTEN: %s", error)


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class AuditLog:
    """The audit log of one data folder. Thread-safe; one writer per folder (the folder lock)."""

    def __init__(self, folder: Path, codec: LineCodec | None = None, reports: DamageReports | None = None) -> None:
        self._folder = folder
        self._codec = codec
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        # One thread writes the events queued by `record_soon`, in order (FIFO), made on first use.
        self._soon: ThreadPoolExecutor | None = None
        self._soon_lock = threading.Lock()
        self._handle: BinaryIO | None = None
        self._month: str | None = None
        self._reports = reports if reports is not None else DamageReports()
        cuts: list[tuple[Path, int, Path]] = []
        self._seq, self._head = self._resume(cuts)
        for path, lines, copy in cuts:
            # The cut is itself an event in the chain, so the log never hides that it happened.
            self.record(SYSTEM_ACTOR, "system", "write", "audit_log", path.name,
                        detail=f"damaged tail set aside: {lines} unreadable line(s), copy in damaged/{copy.name}")

    # -- writing ---------------------------------------------------------------------------

    def record(
        self,
        actor: str,
        role: str,
        action: Action,
        record_type: str,
        record_id: str,
        mode: Mode = "live",
        case_id: str | None = None,
        detail: str = "",
    ) -> AuditEvent:
        """Append one event durably (blocking: it waits for the disk). The arguments' order matches
        the pages' audit sink."""
        event = _event(actor, role, action, record_type, record_id, mode, case_id, detail)
        self.flush()  # after the events queued before it
        return self._append(event)

    def record_soon(
        self,
        actor: str,
        role: str,
        action: Action,
        record_type: str,
        record_id: str,
        mode: Mode = "live",
        case_id: str | None = None,
        detail: str = "",
    ) -> None:
        """Queue one event (stamped now) for the log's writer thread and return at once: for the
        event loop, which must not wait for a disk while every open page waits for it. Queued events
        keep their order among themselves and with `record`; every read, `head` and `close` waits
        for the queue first. An event still queued when the process is killed is lost (it is written
        within milliseconds)."""
        event = _event(actor, role, action, record_type, record_id, mode, case_id, detail)
        future = self._writer().submit(self._append, event)
        future.add_done_callback(_log_failure)

    def flush(self) -> None:
        """Wait until every event queued by `record_soon` is written."""
        with self._soon_lock:
            writer = self._soon
        if writer is not None:
            writer.submit(lambda: None).result()  # FIFO: done once everything before it is

    def _writer(self) -> ThreadPoolExecutor:
        with self._soon_lock:
            if self._soon is None:
                self._soon = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit")
            return self._soon

    def _append(self, event: AuditEvent) -> AuditEvent:
        with self._lock:
            entry = {"seq": self._seq + 1, "prev": self._head, "event": event.model_dump()}
            handle = self._open(event.at[:7])
            size_before = os.fstat(handle.fileno()).st_size
            try:
                append_line_durably(handle, encode_line(entry, self._codec))
            except BaseException:
                # As in the journal: never leave part of a line for the next event to glue onto.
                self._close_handle()
                with contextlib.suppress(OSError):
                    os.truncate(self._path(event.at[:7]), size_before)
                raise
            self._seq += 1
            self._head = _hash(encode_json(entry))
        return event

    def head(self) -> tuple[int, str]:
        """The newest event's number and hash, to note outside the log."""
        self.flush()
        with self._lock:
            return self._seq, self._head

    def close(self) -> None:
        self.flush()
        with self._soon_lock:
            writer, self._soon = self._soon, None
        if writer is not None:
            writer.shutdown(wait=True)
        with self._lock:
            self._close_handle()

    # -- reading ---------------------------------------------------------------------------

    def verify(self, upto: int | None = None) -> bool:
        """True if the chain is whole (up to event `upto`, when given); otherwise raises
        AuditLogTampered naming file and line."""
        self.flush()
        verify_chain(self._folder, self._codec, upto)
        return True

    def for_case(self, case_id: str) -> list[AuditEvent]:
        """Every event about a case, newest first."""
        return self._select(lambda e: e.case_id == case_id)

    def for_user(self, username: str) -> list[AuditEvent]:
        """Everything one user did, newest first."""
        return self._select(lambda e: e.actor == username)

    def for_record(self, record_id: str) -> list[AuditEvent]:
        """Every event about one record (person, case, document, note…), newest first."""
        return self._select(lambda e: e.record_id == record_id)

    def _select(self, wanted: Callable[[AuditEvent], bool]) -> list[AuditEvent]:
        self.flush()
        # A scan, newest month first: fine for a unit's volume; a database server would index it.
        found: list[AuditEvent] = []
        for path in reversed(self._files()):
            events = [event for event in self._events(path) if wanted(event)]
            found.extend(reversed(events))
        return found

    def _events(self, path: Path) -> Iterator[AuditEvent]:
        for line in self._lines(path, repair=False):
            body = None if line is None else decode_body(line, self._codec)
            entry = None if body is None else _entry(body)
            if entry is None:
                log.error("audit log %s has a line that cannot be read; run verify()", path.name)
                continue
            yield AuditEvent.model_validate(entry["event"])

    # -- files -----------------------------------------------------------------------------

    def _files(self) -> list[Path]:
        return sorted(self._folder.glob(MONTH_GLOB))

    def _path(self, month: str) -> Path:
        return self._folder / f"{month}.jsonl"

    def _lines(self, path: Path, repair: bool) -> list[bytes | None]:
        """A file's complete lines; a torn last line is None (or, with `repair`, cut off)."""
        data = path.read_bytes()
        lines: list[bytes | None] = list(data.split(b"\n"))
        tail = lines.pop()
        if tail:
            if repair:
                # A crash mid-append: that event was never acknowledged, so nothing is lost.
                log.warning("audit log %s ends in an incomplete line; cutting it off", path.name)
                os.truncate(path, len(data) - len(tail))
            else:
                lines.append(None)
        return lines

    def _resume(self, cuts: list[tuple[Path, int, Path]]) -> tuple[int, str]:
        """Where the chain stands: the last readable line's number and hash.

        Lines after it that cannot be read (a damaged tail) are set aside: the file as found is
        kept in `damaged/`, the log is rewritten without them, and `cuts` says what was cut. Only
        once some line has been read, though: when none can be, the key is the likelier problem,
        and nothing is touched.
        """
        tails: list[tuple[Path, list[bytes], int]] = []
        found: tuple[int, str] | None = None
        for path in reversed(self._files()):
            lines = [line for line in self._lines(path, repair=True) if line is not None]
            keep = len(lines)
            while keep and (found := _seq_and_hash(lines[keep - 1], self._codec)) is None:
                keep -= 1
            if keep < len(lines):
                tails.append((path, lines, keep))
            if found is not None:
                break
        if found is None and tails:
            path, lines, _ = tails[0]
            raise AuditLogTampered(path, len(lines), "the last line cannot be read; the chain cannot go on "
                                                     "(no line of this log can be read with this key)")
        for path, lines, keep in tails:
            copy = keep_copy(path, b"".join(line + b"\n" for line in lines))
            atomic_write_bytes(path, b"".join(line + b"\n" for line in lines[:keep]))
            cuts.append((path, len(lines) - keep, copy))
            self._reports.report(DamageReport(
                file=path, what="the end of an audit log file", set_aside_to=copy,
                problem=f"its last {len(lines) - keep} line(s) cannot be read",
                done="Those lines were set aside, the log goes on from the last readable event, and the cut "
                     "is recorded in the log itself.",
                todo="Run `python -m store verify` to check the whole chain, keep the copy set aside as "
                     "evidence, and find out what changed the file."))
        return found or (0, GENESIS)

    def _open(self, month: str) -> BinaryIO:
        if self._handle is None or self._month != month:
            self._close_handle()
            path = self._path(month)
            created = not path.exists()
            # Owner-only from the first byte, like every other file the store writes.
            self._handle = os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab")
            if created:
                fsync_dir(self._folder)  # the new month's file must itself survive a power cut
            self._month = month
        return self._handle

    def _close_handle(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            self._month = None


def _seq_and_hash(line: bytes, codec: LineCodec | None) -> tuple[int, str] | None:
    body = decode_body(line, codec)
    entry = None if body is None else _entry(body)
    seq = None if entry is None else entry.get("seq")
    return (seq, _hash(body)) if body is not None and isinstance(seq, int) else None


def verify_chain(folder: Path, codec: LineCodec | None = None, upto: int | None = None) -> tuple[int, str]:
    """Walk one audit log's chain without changing anything (safe while the app runs): the
    number of events and the newest hash, or AuditLogTampered naming the first broken line.

    With `upto`, stop after that event: lines appended meanwhile are not looked at, so a line
    being written at that moment never looks torn.
    """
    seq, prev = 0, GENESIS
    for path in sorted(folder.glob(MONTH_GLOB)):
        lines: list[bytes | None] = list(path.read_bytes().split(b"\n"))
        tail = lines.pop()
        if tail:
            lines.append(None)
        for number, line in enumerate(lines, start=1):
            if upto is not None and seq >= upto:
                return seq, prev
            if line is None:
                raise AuditLogTampered(path, number, "the last line is incomplete (a crash mid-write leaves "
                                                     "this; the app cuts it off when it next starts)")
            body = decode_body(line, codec)
            entry = None if body is None else _entry(body)
            if body is None or entry is None:
                raise AuditLogTampered(path, number, "the line was changed or cannot be read with this key")
            if entry.get("seq") != seq + 1:
                raise AuditLogTampered(path, number, f"expected event {seq + 1}, found {entry.get('seq')}: "
                                                     "lines were removed, added or reordered")
            if entry.get("prev") != prev:
                raise AuditLogTampered(path, number, "does not follow the line before it: "
                                                     "that line or this one was changed")
            seq, prev = seq + 1, _hash(body)
    return seq, prev


def _entry(body: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(body)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("event"), dict) else None
