"""Damaged files: what the store could not read, what it did about it, and what a person should do —
the reports the pages show (the file store finds and sets aside the files: store.files.damage)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from store.models.ids import utc_now

log = logging.getLogger("store.damage")


@dataclass(frozen=True)
class DamageReport:
    """One damaged file. The texts never hold client data or absolute paths: pages show them."""

    file: Path  # where the damaged file was found
    what: str  # "the walk-in intake K-2026-00003", "the staff accounts file"
    problem: str  # "cannot be decoded (authentication failed …)"
    done: str  # what the app did about it
    todo: str  # what a person should do
    set_aside_to: Path | None = None  # where the damaged copy is now, if it was moved
    at: str = field(default_factory=utc_now)

    def relative(self, root: Path) -> tuple[str, str | None]:
        """The file and its set-aside copy as paths inside the data folder `root`."""
        return _inside(self.file, root), None if self.set_aside_to is None else _inside(self.set_aside_to, root)


def _inside(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return path.name


class DamageReports:
    """The damaged files found since the app started, one report per file. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: dict[Path, DamageReport] = {}
        self._checks: dict[str, str] = {}

    def report(self, report: DamageReport) -> DamageReport:
        """Keep and log a report. The same news about a file again (each visit to a page that
        needs it) is neither kept nor logged twice; news that changes it (repaired after all)
        replaces it."""
        key = report.file.resolve()
        with self._lock:
            known = self._reports.get(key)
            if known is not None and known.done == report.done:
                return known
            self._reports[key] = report
        aside = f" The damaged copy is {report.set_aside_to}." if report.set_aside_to else ""
        log.error(
            "DAMAGED FILE %s (%s): %s. %s%s What to do: %s",
            report.file,
            report.what,
            report.problem,
            report.done,
            aside,
            report.todo,
        )
        return report

    def all(self) -> list[DamageReport]:
        """Every report, oldest first."""
        with self._lock:
            return sorted(self._reports.values(), key=lambda r: r.at)

    def checked(self, name: str, outcome: str) -> None:
        """Note a check that ran (the audit chains at start-up) and what it found, for the page."""
        with self._lock:
            self._checks[name] = outcome

    def checks(self) -> list[str]:
        with self._lock:
            return list(self._checks.values())
