"""The index journals: append-only files of self-checking JSON lines.

Each line is `<crc32 as 8 hex digits> <compact JSON>\\n`, or, with a `LineCodec` (encryption at
rest), the sealed JSON `<base64(version ‖ nonce ‖ ciphertext ‖ tag)>\\n`, whose tag does the
checksum's job. A save appends one line instead of rewriting an index, so its cost does not grow
with the number of documents. A line whose checksum, tag or JSON does not match, or a last line
without its newline, is what a crash mid-append leaves behind: reading reports it as damage and
skips it. Compaction rewrites the whole file atomically with one line per live record.

The document journal's entries are below; the casework journal (`store.files.index`) uses the same
lines and markers with its own entries.

Entries: {"op": "put", "file": <case file stem>, "doc": <DocumentSummary>} and
{"op": "del", "id": <document id>}, and two markers: {"op": "closed"}, written by a clean
shutdown, tells the next open that no save can have been cut off between its two writes;
{"op": "opened"}, written on every open, makes sure an old "closed" is never the last line
while a store is running.
"""

import contextlib
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from store.files.durable import append_line_durably, atomic_write_bytes
from store.files.storage import LineCodec, encode_json

Entry = dict[str, Any]
CLOSED_OP = "closed"
OPENED_OP = "opened"
MARKER_OPS = frozenset({CLOSED_OP, OPENED_OP})


def encode_line(entry: Entry, codec: LineCodec | None = None) -> bytes:
    body = encode_json(entry)
    if codec is None:
        return b"%08x %s\n" % (zlib.crc32(body), body)
    sealed = codec.encode_line(body)
    if b"\n" in sealed:
        raise ValueError("a line codec must not put newlines in its output")
    return sealed + b"\n"


def decode_body(line: bytes, codec: LineCodec | None = None) -> bytes | None:
    """The JSON bytes on a complete line (without its newline), or None if the line is damaged."""
    if codec is not None:
        try:
            return codec.decode_line(line)
        except ValueError:  # torn, changed, or sealed with another key
            return None
    checksum, _, body = line.partition(b" ")
    if len(checksum) != 8 or not body:
        return None
    try:
        return body if int(checksum, 16) == zlib.crc32(body) else None
    except ValueError:
        return None


def decode_line(line: bytes, codec: LineCodec | None = None) -> Entry | None:
    """The entry on a complete line (without its newline), or None if the line is damaged."""
    body = decode_body(line, codec)
    if body is None:
        return None
    try:
        entry = json.loads(body)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


@dataclass
class JournalContents:
    entries: list[Entry] = field(default_factory=list)
    lines: int = 0
    damaged_lines: int = 0


def read_journal(path: Path, codec: LineCodec | None = None) -> JournalContents | None:
    """Every intact entry in order; None when there is no journal yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    contents = JournalContents()
    lines = data.split(b"\n")
    # After the last newline comes either nothing or a line torn by a crash.
    torn_tail = lines.pop()
    for line in lines:
        contents.lines += 1
        entry = decode_line(line, codec)
        if entry is None:
            contents.damaged_lines += 1
        else:
            contents.entries.append(entry)
    if torn_tail:
        contents.lines += 1
        contents.damaged_lines += 1
    return contents


class JournalWriter:
    """The open journal. Not thread-safe: the document store serialises appends."""

    def __init__(self, path: Path, codec: LineCodec | None = None) -> None:
        self._path = path
        self._codec = codec
        self._handle: BinaryIO | None = None

    def rewrite(self, entries: list[Entry]) -> None:
        """Atomically replace the journal with exactly these entries (compaction, repair)."""
        self.close()
        atomic_write_bytes(self._path, b"".join(encode_line(entry, self._codec) for entry in entries))

    def append(self, entry: Entry) -> None:
        if self._handle is None:
            # Opened lazily and only after `rewrite` or an intact read: appending to a file
            # that ends in a torn line would glue the new entry onto the garbage.
            self._handle = self._path.open("ab")
        size_before = os.fstat(self._handle.fileno()).st_size
        try:
            append_line_durably(self._handle, encode_line(entry, self._codec))
        except BaseException:
            # A failed write (disk full, I/O error) may leave part of a line; cut it off so the
            # next append starts on a clean line instead of being read back as damage.
            self.close()
            with contextlib.suppress(OSError):
                os.truncate(self._path, size_before)
            raise

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
