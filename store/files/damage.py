"""Damaged files: what the store could not read, what it did about it, and what a person should do.

A file the store wrote atomically is never torn by a crash, so one that cannot be read was damaged
some other way (a failing disk, a hand edit, a bad restore). One such file must never stop the
app, and must never be deleted or silently replaced by an empty one. Each part of the store that
finds one reports it here, once, with which file, what is wrong, what was done and what to do;
the report goes to the server log at once (ERROR) and stays in memory for the pages that show it
to the staff who can act on it (administrators and supervisors).

Files that can be rebuilt or done without (a walk-in intake, the referral directory, the list of
kiosk tablets, the training records, the staff accounts, the key check, an audit log's damaged
tail) are first **set aside**: moved, never deleted, into a `damaged/` folder beside them, named
with the time (`intakes/damaged/K-2026-00003.20260314T101500Z.json`). Case and person files stay
where they are (their case number must never be reused); the pages show a calm error instead.

Reports live in memory: a restart forgets them, but `earlier_set_aside` finds what an earlier run
set aside and is still waiting in a `damaged/` folder, so the notice is not lost with a restart.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from store.files.durable import atomic_write_bytes, fsync_dir
from store.models.damage import DamageReport, DamageReports
from store.models.errors import CorruptFile

log = logging.getLogger("store.damage")

DAMAGED_FOLDER = "damaged"








def describe(exc: BaseException) -> str:
    """What is wrong with a file, from the error reading it, without any of its contents: a
    validation error quotes the values it refused, and those may be a client's answers."""
    if isinstance(exc, CorruptFile):
        return exc.reason
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        place = ".".join(str(part) for part in errors[0]["loc"]) if errors else ""
        return (f"its contents are not what the app wrote ({exc.error_count()} problem(s), "
                f"the first at {place or 'the top level'})")
    return f"it cannot be read ({type(exc).__name__})"


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def _target(path: Path, now: datetime | None) -> Path:
    folder = path.parent / DAMAGED_FOLDER
    if not folder.is_dir():
        folder.mkdir(mode=0o700, exist_ok=True)
        fsync_dir(path.parent)
    stamp = _stamp(now)
    # A name with a dot of its own ("accounts.json") keeps its suffix last, so it still opens as
    # what it is; a second damage within the same second gets a counter.
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}.{stamp}-{counter}{path.suffix}"
        counter += 1
    return target


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Move a damaged file into `damaged/` beside it, durably; returns where it went."""
    target = _target(path, now)
    os.rename(path, target)
    fsync_dir(target.parent)
    fsync_dir(path.parent)
    return target


def keep_copy(path: Path, data: bytes, now: datetime | None = None) -> Path:
    """Keep `data` (a damaged file as it was found) in `damaged/` beside `path`, durably, for a
    file that is then repaired in place (an audit log whose tail is cut off)."""
    target = _target(path, now)
    atomic_write_bytes(target, data)
    return target


def earlier_set_aside(root: Path) -> list[Path]:
    """Every file an earlier run set aside under `root` that is still in a `damaged/` folder."""
    if not root.is_dir():
        return []
    return sorted(path for folder in root.rglob(DAMAGED_FOLDER) if folder.is_dir()
                  for path in folder.iterdir() if path.is_file() and not path.name.startswith("."))


def report_earlier(root: Path, reports: DamageReports) -> None:
    """One report per `damaged/` folder still holding files an earlier run set aside, so a restart
    does not make the notice disappear before someone has looked."""
    this_run = {r.set_aside_to.resolve() for r in reports.all() if r.set_aside_to is not None}
    folders: dict[Path, int] = {}
    for path in earlier_set_aside(root):
        if path.resolve() not in this_run:
            folders[path.parent] = folders.get(path.parent, 0) + 1
    for folder, count in sorted(folders.items()):
        reports.report(DamageReport(
            file=folder, what=f"{count} damaged file(s) set aside earlier", set_aside_to=folder,
            problem="an earlier start of the app found them damaged and set them aside",
            done="They are kept as they were found; nothing uses them.",
            todo="Look at them (the server log of that start says what each was), then move them out of the "
                 "data folder once dealt with; this notice goes when the folder is empty."))
