"""Practice sandboxes: one CaseStore per user for training mode, so practice never meets live data
and interns never see each other's practice.

    data_dir/training/user-<username>/   a whole CaseStore folder (cases, people, documents,
                                         index, audit), encrypted like the live one

A sandbox opens the first time its user needs it and stays open (each holds its folder lock).
`reset` closes it, keeps a copy of its audit log in the training records' archive, and removes
the folder; the next use starts an empty one.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from store.files.casework import CaseStore
from store.files.damage import DamageReports
from store.files.layout import Layout, check_name
from store.files.storage import Codec
from store.models.training import SandboxContents

SANDBOX_PREFIX = "user-"


def sandbox_folder_name(username: str) -> str:
    """A safe folder name for the user (user names are letters, digits, '.', '_' and '-', so the
    prefix makes even '..' a harmless name)."""
    return check_name("sandbox", SANDBOX_PREFIX + username)




class Sandboxes:
    def __init__(self, root: Path, codec: Codec | None = None, reports: DamageReports | None = None) -> None:
        self.root = Path(root)
        self._codec = codec
        self._reports = reports if reports is not None else DamageReports()
        self._open: dict[str, CaseStore] = {}
        self._lock = threading.Lock()

    def folder(self, username: str) -> Path:
        return self.root / sandbox_folder_name(username)

    def get(self, username: str) -> CaseStore:
        """The user's sandbox, opened (and made) on first use."""
        with self._lock:
            store = self._open.get(username)
            if store is None:
                store = CaseStore(self.folder(username), self._codec, reports=self._reports)
                self._open[username] = store
            return store

    def folders(self) -> list[Path]:
        """Every sandbox folder on disk (opened or not)."""
        return sorted(p for p in self.root.glob(f"{SANDBOX_PREFIX}*") if p.is_dir()) if self.root.is_dir() else []

    def contents(self, username: str) -> SandboxContents:
        folder = self.folder(username)
        if not folder.is_dir():
            return SandboxContents(0, 0, 0)
        store = self.get(username)
        drafts = store.documents.drafts(mode="training")
        documents = store.documents.submitted(mode="training")
        return SandboxContents(len(drafts), len(documents), len(Layout(folder).people_files()))

    def reset(self, username: str, archive: Path, stamp: str) -> None:
        """Close and remove the user's sandbox; its audit log is copied to `archive` first."""
        with self._lock:
            store = self._open.pop(username, None)
            if store is not None:
                store.close()
            folder = self.folder(username)
            if not folder.is_dir():
                return
            audit = Layout(folder).audit
            if audit.is_dir():
                target = archive / f"{folder.name}-{stamp.replace(':', '').replace('+', '_')}"
                shutil.copytree(audit, target)
            shutil.rmtree(folder)

    def close(self) -> None:
        with self._lock:
            stores, self._open = list(self._open.values()), {}
        for store in stores:
            store.close()
