"""Durable writes: the only code in the store that decides how bytes reach the disk.

Every file the store owns is replaced whole (temp file in the same folder → flush → fsync →
`os.replace` → fsync of the folder), so a process killed at any instant leaves either the old file
or the new one, never a torn mix. The journal is the one file that grows by appending; its lines
are self-checking (see `store.files.journal`), so a torn last line is recognised and ignored.
"""

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

# Names of files still being written: a leading dot and this suffix, so a folder listing of
# `*.json` / `*.yaml` never sees a half-written file and a crash's leftovers are easy to sweep.
TEMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename, a new or removed file) survive a power cut."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers and crashes only ever see old or new content."""
    folder = path.parent
    # Same folder as the target: os.replace is only atomic within one file system.
    # mkstemp creates the file readable by its owner only, which suits confidential case data.
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # Without this the rename can reach the disk before the data, and a power cut
            # leaves an empty file under the real name.
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_dir(folder)


def remove_durably(path: Path) -> None:
    """Delete a file and make the deletion itself durable."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fsync_dir(path.parent)


def append_line_durably(handle: BinaryIO, line: bytes) -> None:
    """Append one complete line to an open journal and wait until it is on the disk."""
    if not line.endswith(b"\n"):
        raise ValueError("a journal line must end with a newline")
    handle.write(line)
    handle.flush()
    os.fsync(handle.fileno())


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Sweep temp files left by a crash mid-write; only safe while no writer is running."""
    removed = []
    for entry in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed.append(entry)
    return removed
