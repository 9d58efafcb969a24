"""Staged intakes: what a walk-in client entered at the lobby kiosk, waiting for a social worker.

A kiosk submission is not yet a client or a case. It waits here, on the staff triage queue, until
a worker matches it to a person on file (and a case) or closes it with a reason. An intake whose
person said they are not safe right now is raised the moment they say so (`submitted` False), so
the alert reaches the staff while the person is still at the kiosk; the rest of their answers
follow through `update`. Once urgent, an intake stays urgent.

A worker who goes to an urgent walk-in says so ("I'm responding", `respond`): who and when are
kept on the intake, so the other open staff pages stop alarming and show who took it. Every write
publishes a `Change` on `changes` (store.files.change_feed) once it is on disk, so open staff pages hear
of it at once.

Each intake is one file, `intakes/<id>.json`, replaced whole and atomically (encrypted with the
folder's codec like every other file). All intakes are held in memory from the open on, so the
queue and the staff pages' alerts never open a file. Ids are K-<year>-<n>, n counting up
within the year. Methods are blocking and thread-safe; call them from `run.io_bound`.
"""

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from store.files.change_feed import Change, LocalChangeFeed
from store.files.damage import DamageReport, DamageReports, describe, set_aside
from store.files.storage import AtomicJSONStorage, Codec
from store.models.changes import ChangeFeed
from store.models.errors import CorruptFile, RecordNotFound
from store.models.ids import utc_now
from store.models.intakes import MAX_CLOSE_REASON, AlreadyResponding, KioskIntake

INTAKE_TABLE = "intake"
INTAKE_SUFFIX = ".json"
INTAKE_ID = re.compile(r"K-(\d{4})-(\d{5,9})")






def intake_number(year: int, seq: int) -> str:
    return f"K-{year}-{seq:05d}"


class IntakeStore:
    """The staged intakes of one data folder (`folder` is its `intakes/`)."""

    def __init__(self, folder: Path, codec: Codec | None = None, reports: DamageReports | None = None,
                 changes: ChangeFeed | None = None) -> None:
        self.changes: ChangeFeed = changes if changes is not None else LocalChangeFeed()
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._codec = codec
        self._reports = reports if reports is not None else DamageReports()
        self._lock = threading.Lock()
        self._intakes: dict[str, KioskIntake] = {}
        self._last_seq: dict[int, int] = {}
        for path in sorted(self._folder.glob(f"*{INTAKE_SUFFIX}")):
            if path.name.startswith("."):
                continue  # a temp file left by a crash mid-write (swept by the document store)
            # Its number stays taken even if the file cannot be read: a new walk-in must never
            # get the number of one that is set aside.
            self._count(path.stem)
            try:
                intake = self._read(path)
            except (CorruptFile, ValueError) as exc:  # pydantic's ValidationError is a ValueError
                self._set_aside(path, exc)
                continue
            self._remember(intake)

    # -- writes ----------------------------------------------------------------------------

    def stage(self, *, language: str, answers: dict[str, Any], definition_key: str, device_id: str,
              urgent: bool, submitted: bool, asked_for_staff: bool = False) -> KioskIntake:
        """A new intake from the kiosk, on the queue from now on."""
        with self._lock:
            now = utc_now()
            year = int(now[:4])
            seq = self._last_seq.get(year, 0) + 1
            intake = KioskIntake.model_validate({
                "id": intake_number(year, seq), "submitted": submitted, "urgent": urgent,
                "urgent_at": now if urgent else None, "asked_for_staff": asked_for_staff, "language": language,
                "answers": answers, "definition_key": definition_key, "device_id": device_id,
                "created_at": now, "updated_at": now,
            })
            self._write(intake)
            self._remember(intake)
        self._published(intake.id)
        return intake

    def update(self, intake_id: str, *, answers: dict[str, Any], urgent: bool, submitted: bool,
               asked_for_staff: bool = False) -> KioskIntake:
        """The same person going on after an urgent alert (or finishing). Urgent, submitted and
        "asked for staff" never go back to False: an alert once raised stays raised."""
        with self._lock:
            old = self._require(intake_id)
            if old.status != "new":
                raise ValueError(f"intake {intake_id} was already {old.status}; it can no longer change")
            now = utc_now()
            new = _changed(old, {
                "answers": answers, "urgent": old.urgent or urgent,
                "urgent_at": old.urgent_at or (now if urgent else None),
                "submitted": old.submitted or submitted, "asked_for_staff": old.asked_for_staff or asked_for_staff,
                "updated_at": now,
            })
            self._write(new)
            self._remember(new)
        self._published(intake_id)
        return new

    def respond(self, intake_id: str, *, by: str, name: str) -> KioskIntake:
        """`by` is going to this walk-in now. The first to say so keeps it (AlreadyResponding for
        anyone else); saying it again is harmless. Only an open intake can be responded to."""
        if not by:
            raise ValueError("say who is responding")
        with self._lock:
            old = self._require(intake_id)
            if old.status != "new":
                raise ValueError(f"intake {intake_id} was already {old.status}")
            if old.responder == by:
                return old
            if old.responder is not None:
                raise AlreadyResponding(old)
            now = utc_now()
            new = _changed(old, {"responder": by, "responder_name": name.strip() or by, "responding_at": now,
                                 "updated_at": now})
            self._write(new)
            self._remember(new)
        self._published(intake_id)
        return new

    def match(self, intake_id: str, *, person_id: str, case_id: str, by: str) -> KioskIntake:
        """Resolved: the intake now belongs to this person and case; it leaves the queue."""
        if not person_id or not case_id:
            raise ValueError("matching an intake needs a person and a case")
        return self._resolve(intake_id, by, {"status": "matched", "person_id": person_id, "case_id": case_id})

    def close(self, intake_id: str, *, reason: str, by: str,
              then: Callable[[KioskIntake], None] | None = None) -> KioskIntake:
        """Resolved without a case (left before anyone came, information given…); leaves the queue.

        `then` (the audit) runs once the close is saved; if it fails the close is undone, so a
        close is never saved without it."""
        if not reason.strip():
            raise ValueError("closing an intake needs a reason")
        if len(reason.strip()) > MAX_CLOSE_REASON:
            raise ValueError(f"say why in at most {MAX_CLOSE_REASON} characters")
        return self._resolve(intake_id, by, {"status": "closed", "closed_reason": reason.strip()}, then)

    # -- reads (from memory) ---------------------------------------------------------------

    def open_intakes(self) -> list[KioskIntake]:
        """Intakes waiting for a worker: urgent first (oldest alert first), then oldest first."""
        waiting = [i for i in list(self._intakes.values()) if i.status == "new"]
        return sorted(waiting, key=lambda i: (not i.urgent, i.urgent_at or i.created_at, i.created_at, i.id))

    def get(self, intake_id: str) -> KioskIntake:
        return self._require(intake_id)

    # -- internals -------------------------------------------------------------------------

    def _resolve(self, intake_id: str, by: str, changes: dict[str, Any],
                 then: Callable[[KioskIntake], None] | None = None) -> KioskIntake:
        if not by:
            raise ValueError("say who resolved the intake")
        with self._lock:
            old = self._require(intake_id)
            if old.status != "new":
                raise ValueError(f"intake {intake_id} was already {old.status}")
            now = utc_now()
            new = _changed(old, {**changes, "resolved_by": by, "resolved_at": now, "updated_at": now})
            self._write(new)
            if then is not None:
                try:
                    then(new)
                except BaseException:
                    self._write(old)  # both or neither: the intake is open again, as it was
                    raise
            self._remember(new)
        self._published(intake_id)
        return new

    def _published(self, intake_id: str) -> None:
        # After the lock: a listener may read this store again.
        self.changes.publish(Change("intake", intake_id))

    def _require(self, intake_id: str) -> KioskIntake:
        intake = self._intakes.get(intake_id) if isinstance(intake_id, str) else None
        if intake is None:
            raise RecordNotFound("intake", str(intake_id))
        return intake

    def _remember(self, intake: KioskIntake) -> None:
        self._intakes[intake.id] = intake
        self._count(intake.id)

    def _count(self, intake_id: str) -> None:
        match = INTAKE_ID.fullmatch(intake_id)
        if match:
            year, seq = int(match[1]), int(match[2])
            self._last_seq[year] = max(self._last_seq.get(year, 0), seq)

    def _path(self, intake_id: str) -> Path:
        if not INTAKE_ID.fullmatch(intake_id):
            raise ValueError(f"{intake_id!r} is not an intake number")  # also keeps paths inside the folder
        return self._folder / (intake_id + INTAKE_SUFFIX)

    def _write(self, intake: KioskIntake) -> None:
        # Serialised (and so validated as JSON) before the disk is touched; replaced whole.
        AtomicJSONStorage(self._path(intake.id), self._codec).write({INTAKE_TABLE: {"1": intake.model_dump()}})

    def _read(self, path: Path) -> KioskIntake:
        data = AtomicJSONStorage(path, self._codec).read() or {}
        table = data.get(INTAKE_TABLE)
        row = table.get("1") if isinstance(table, dict) else None
        if not isinstance(row, dict):
            raise CorruptFile(path, "it holds no intake")
        return KioskIntake.model_validate(row)

    def _set_aside(self, path: Path, exc: Exception) -> None:
        """One unreadable intake must not keep the others (and the kiosk) from being served."""
        moved = set_aside(path)
        self._reports.report(DamageReport(
            file=path, what=f"the walk-in intake {path.stem}", problem=describe(exc), set_aside_to=moved,
            done="It was set aside and is not on the queue; every other walk-in is.",
            todo="Check the lobby in case someone is still waiting from that visit. The copy set aside "
                 "cannot be read by the app; restore the file from a backup if you have one."))


def _changed(intake: KioskIntake, changes: dict[str, Any]) -> KioskIntake:
    # Validated, unlike model_copy(update=...), so a bad value never reaches the disk.
    return KioskIntake.model_validate({**intake.model_dump(), **changes})
