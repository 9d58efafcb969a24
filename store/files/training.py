"""The training records: what an intern's practice leaves behind once a sandbox is wiped.

A practice sandbox (a CaseStore of its own per user, see `pages.services.Services.training_store`)
holds the drafts, documents and fictional clients of practice, and a supervisor may reset it. The
records here outlive that: each scenario attempt (who, which scenario, which sandbox document,
when, the score, the graded items and a copy of the answers), the supervisor's comments, and
whether it was reviewed. They live in a folder of their own (`data_dir/training_records`), never
with live data:

    training_records/
      attempts.json          one TinyDB file: tables `attempts` and `sandboxes`, encrypted whole
      audit/<YYYY-MM>.jsonl  the hash-chained audit log of reviews, comments and resets
      archive/<user>-<time>/ the audit log of a sandbox that was reset (kept, never read by pages)

A sandbox has a generation number, raised by every reset: an attempt remembers the generation
its document was made in, so a document id of a wiped sandbox never points into a new one.

Methods are blocking and thread-safe (one lock); call them from `run.io_bound`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from store.files.audit import AuditLog
from store.files.damage import DamageReport, DamageReports, describe, set_aside
from store.files.storage import AtomicJSONStorage, Codec, line_codec
from store.models.errors import CorruptFile, RecordNotFound
from store.models.ids import new_id, utc_now
from store.models.training import Attempt, Comment, GradedItem, SandboxState


class TrainingRecords:
    """Attempts, comments, reviews and sandbox generations under one folder."""

    def __init__(self, root: Path, codec: Codec | None = None, reports: DamageReports | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        reports = reports if reports is not None else DamageReports()
        self._check(self.root / "attempts.json", codec, reports)
        self._db = TinyDB(self.root / "attempts.json", storage=AtomicJSONStorage, codec=codec)
        self._attempts = self._db.table("attempts", cache_size=0)
        self._sandboxes = self._db.table("sandboxes", cache_size=0)
        self._lock = threading.Lock()
        self.audit = AuditLog(self.root / "audit", line_codec(codec), reports)

    @staticmethod
    def _check(path: Path, codec: Codec | None, reports: DamageReports) -> None:
        """Read every record once at open: a damaged file is set aside, and practice goes on with a
        fresh one, instead of every training page failing on it."""
        try:
            data = AtomicJSONStorage(path, codec).read() or {}
            for row in data.get("attempts", {}).values():
                Attempt.model_validate(row)
            for row in data.get("sandboxes", {}).values():
                SandboxState.model_validate(row)
        except (CorruptFile, ValueError, TypeError, AttributeError) as exc:  # anything but the shape it wrote
            moved = set_aside(path)
            reports.report(DamageReport(
                file=path, what="the training records (scenario attempts, scores, comments, reviews)",
                problem=describe(exc), set_aside_to=moved,
                done="They were set aside and practice goes on with an empty record; practice sandboxes "
                     "and live data are not affected.",
                todo="The earlier scores and comments are in the copy set aside; restore it from a backup if "
                     "you need them in the app."))

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self.audit.close()

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    # -- sandboxes -------------------------------------------------------------------------

    def generation(self, username: str) -> int:
        with self._lock:
            return self._sandbox(username).generation

    def _sandbox(self, username: str) -> SandboxState:
        row = self._sandboxes.get(Query().username == username)
        return SandboxState.model_validate(row) if isinstance(row, dict) else SandboxState(username=username)

    def sandbox_reset(self, username: str, by: str) -> int:
        """A new generation for the user's sandbox; attempts still in progress there are abandoned
        (their drafts are gone). Returns how many were abandoned; submitted attempts stay."""
        with self._lock:
            state = self._sandbox(username)
            new = state.model_copy(update={"generation": state.generation + 1, "reset_at": utc_now(), "reset_by": by})
            self._sandboxes.upsert(new.model_dump(mode="json"), Query().username == username)
            abandoned = 0
            for row in self._attempts.search((Query().username == username) & (Query().status == "in_progress")):
                attempt = Attempt.model_validate(row)
                self._put(attempt.model_copy(update={"status": "abandoned"}))
                abandoned += 1
            return abandoned

    # -- attempts --------------------------------------------------------------------------

    def start(self, username: str, scenario_id: str, workflow_id: str, doc_id: str) -> Attempt:
        with self._lock:
            attempt = Attempt(id=self._unused_id(), scenario_id=scenario_id, workflow_id=workflow_id,
                              username=username, doc_id=doc_id, generation=self._sandbox(username).generation,
                              started_at=utc_now())
            self._put(attempt)
            return attempt

    def in_progress(self, username: str, doc_id: str) -> Attempt | None:
        """The attempt a sandbox draft belongs to (None: a draft started outside a scenario)."""
        with self._lock:
            generation = self._sandbox(username).generation
            rows = self._attempts.search((Query().username == username) & (Query().doc_id == doc_id))
        for attempt in (Attempt.model_validate(r) for r in rows):
            if attempt.generation == generation and attempt.status == "in_progress":
                return attempt
        return None

    def complete(self, attempt_id: str, *, answers: dict[str, Any], score: int, matched: int, missed: int,
                 items: list[dict[str, Any]]) -> Attempt:
        with self._lock:
            attempt = self._get(attempt_id)
            done = attempt.model_copy(update={
                "status": "submitted", "submitted_at": utc_now(), "score": score, "matched": matched,
                "missed": missed, "items": [GradedItem.model_validate(i) for i in items], "answers": answers})
            self._put(done)
            return done

    def get(self, attempt_id: str) -> Attempt:
        with self._lock:
            return self._get(attempt_id)

    def of_user(self, username: str) -> list[Attempt]:
        """The user's attempts, newest first (in progress and abandoned ones too)."""
        with self._lock:
            rows = self._attempts.search(Query().username == username)
        return sorted((Attempt.model_validate(r) for r in rows), key=lambda a: a.started_at, reverse=True)

    def submissions(self) -> list[Attempt]:
        """Every submitted attempt, unreviewed first, then newest first."""
        with self._lock:
            rows = self._attempts.search(Query().status == "submitted")
        attempts = sorted((Attempt.model_validate(r) for r in rows), key=lambda a: a.submitted_at or "", reverse=True)
        return sorted(attempts, key=lambda a: a.reviewed)  # stable: newest first within each group

    def comment(self, attempt_id: str, step_id: str | None, text: str, by: str, by_name: str = "") -> Attempt:
        text = text.strip()
        if not text:
            raise ValueError("a comment needs some text")
        with self._lock:
            attempt = self._get(attempt_id)
            if attempt.status != "submitted":
                raise ValueError("only a submitted attempt takes comments")
            comment = Comment(step_id=step_id, text=text, by=by, by_name=by_name, at=utc_now())
            changed = attempt.model_copy(update={"comments": [*attempt.comments, comment]})
            self._put(changed)
            return changed

    def mark_reviewed(self, attempt_id: str, by: str) -> Attempt:
        with self._lock:
            attempt = self._get(attempt_id)
            if attempt.status != "submitted":
                raise ValueError("only a submitted attempt can be reviewed")
            changed = attempt.model_copy(update={"reviewed": True, "reviewed_by": by, "reviewed_at": utc_now()})
            self._put(changed)
            return changed

    # -- internals -------------------------------------------------------------------------

    def _get(self, attempt_id: str) -> Attempt:
        row = self._attempts.get(Query().id == attempt_id)
        if not isinstance(row, dict):
            raise RecordNotFound("attempt", attempt_id)
        return Attempt.model_validate(row)

    def _put(self, attempt: Attempt) -> None:
        self._attempts.upsert(attempt.model_dump(mode="json"), Query().id == attempt.id)

    def _unused_id(self) -> str:
        while True:
            candidate = new_id()
            if not self._attempts.contains(Query().id == candidate):
                return candidate
