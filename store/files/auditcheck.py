"""Checking every audit log of a data folder: `python -m store verify`, and the app at start-up.

A data folder holds several independent hash chains: the live log (`live/audit`), one per practice
sandbox (`training/user-<name>/audit`), the training records' own (`training_records/audit`) and
the copies of reset sandboxes' logs (`training_records/archive/<user>-<time>`). Each is walked
read-only (`store.files.audit.verify_chain`), so checking is safe while the app runs and changes
nothing, whatever it finds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from store.files.audit import MONTH_GLOB, verify_chain
from store.files.damage import DamageReport, DamageReports
from store.files.storage import LineCodec
from store.models.errors import AuditLogTampered

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChainStatus:
    folder: Path
    events: int
    head: str  # the newest event's hash (64 zeros for an empty log)
    problem: AuditLogTampered | None = None


def audit_folders(data_dir: Path) -> list[Path]:
    """Every audit log folder under the data folder that holds at least one month file."""
    data_dir = Path(data_dir)
    candidates = [data_dir / "live" / "audit",
                  *sorted((data_dir / "training").glob("user-*/audit")),
                  data_dir / "training_records" / "audit",
                  *sorted(p for p in (data_dir / "training_records" / "archive").glob("*") if p.is_dir())]
    return [folder for folder in candidates if folder.is_dir() and any(folder.glob(MONTH_GLOB))]


def verify_logs(data_dir: Path, codec: LineCodec | None, heads: Mapping[Path, int] | None = None) -> list[ChainStatus]:
    """Walk every chain. `heads` gives, for logs being written right now, the newest event to check
    up to, so a line being appended at that moment is not mistaken for a torn one."""
    statuses = []
    wanted = {folder.resolve(): seq for folder, seq in (heads or {}).items()}
    for folder in audit_folders(data_dir):
        try:
            events, head = verify_chain(folder, codec, wanted.get(folder.resolve()))
        except AuditLogTampered as exc:
            statuses.append(ChainStatus(folder, 0, "", exc))
        else:
            statuses.append(ChainStatus(folder, events, head))
    return statuses


def report_breaks(statuses: list[ChainStatus], reports: DamageReports) -> int:
    """Report each broken chain (server log and the staff who can act); returns how many."""
    broken = [s for s in statuses if s.problem is not None]
    for status in broken:
        assert status.problem is not None
        reports.report(DamageReport(
            file=status.problem.path, what="the audit log's hash chain",
            problem=f"line {status.problem.line}: {status.problem.reason}",
            done="Nothing was changed; the app goes on recording events after the break.",
            todo="Keep a copy of the audit folder as evidence, run `python -m store verify` on the server, "
                 "and find out who or what changed the file (a restore from backup, a disk fault, a person)."))
    return len(broken)


def check_at_start(data_dir: Path, codec: LineCodec | None, heads: Mapping[Path, int],
                   reports: DamageReports) -> list[ChainStatus]:
    """The app's check when it starts (in the background): every chain, breaks reported loudly,
    and what was checked noted for the data problems page."""
    started = time.monotonic()
    statuses = verify_logs(data_dir, codec, heads)
    broken = report_breaks(statuses, reports)
    seconds = time.monotonic() - started
    events = sum(s.events for s in statuses)
    outcome = (f"{broken} of {len(statuses)} broken" if broken else
               f"every chain whole ({len(statuses)} log(s), {events:,} events)")
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    reports.checked("audit chains", f"Audit logs checked at {when}: {outcome}.")
    (log.error if broken else log.info)("audit chains checked in %.1f s: %s", seconds, outcome)
    return statuses
