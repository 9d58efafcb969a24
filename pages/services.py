"""What every page needs, built once by app.py: the workflow catalogue, the stores, settings, and
who is using the app in which mode. Pages ask `current_actor()` instead of reading the session
themselves, so there is one place that knows about log-in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from nicegui import app, run

from store import (
    ROLE_NAMES,
    Account,
    Accounts,
    Casework,
    ChangeFeed,
    DamageReports,
    Documents,
    KioskTablets,
    PracticeRecords,
    PracticeSandboxes,
    Role,
    SecuritySettings,
)
from workflows.loader import Catalogue, parse_definition
from workflows.model import Definition
from workflows.scenarios import ScenarioLibrary


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    port: int = 8080
    demo: bool = False
    language: str = "en-US"


@dataclass(frozen=True)
class Actor:
    """Who is acting, with which role, in which mode; every store call says who."""

    username: str
    display_name: str
    role: str = "social_worker"
    mode: str = "live"

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(Role(self.role), self.role) if self.role in Role.__members__ else self.role


@dataclass
class Services:
    settings: Settings
    catalogue: Catalogue
    cases: Casework
    sandboxes: PracticeSandboxes
    training: PracticeRecords
    scenarios: ScenarioLibrary
    accounts: Accounts
    security: SecuritySettings
    kiosk_devices: KioskTablets  # enrolled lobby tablets (store.files.kiosk_devices)
    # What open staff pages listen to: the live intakes and the kiosk devices publish on it
    # (store.files.change_feed; app.py wires the same feed into both).
    changes: ChangeFeed
    damage: DamageReports = field(default_factory=DamageReports)  # damaged files found (store.files.damage)
    _snapshots: dict[str, Definition] = field(default_factory=dict)

    def training_store(self, username: str) -> Casework:
        """The user's own practice sandbox (data_dir/training/user-<name>), opened on first use."""
        return self.sandboxes.get(username)

    def cases_for(self, actor: Actor) -> Casework:
        """Training mode reads and writes only the actor's own sandbox: live data, and other
        people's practice, are out of reach."""
        return self.training_store(actor.username) if actor.mode == "training" else self.cases

    def documents_for(self, actor: Actor) -> Documents:
        return self.cases_for(actor).documents

    def definition_for(self, store: Documents, definition_key: str) -> Definition:
        """The definition version a document was made with (old documents keep their version)."""
        if definition_key not in self._snapshots:
            # A damaged snapshot is rewritten from the text with its hash: the current definitions,
            # or the same snapshot in another data folder (live, a practice sandbox).
            elsewhere = [self.cases.documents.definitions_folder,
                         *(folder / "definitions" for folder in self.sandboxes.folders())]
            source = store.definition_source(definition_key, self.catalogue.sources.values(), elsewhere)
            self._snapshots[definition_key] = _parse_snapshot(source, definition_key)
        return self._snapshots[definition_key]

    def record_event(self, actor: str, role: str, action: str, record_type: str, record_id: str,
                     mode: str = "live", case_id: str | None = None, detail: str = "") -> None:
        """Append to the audit log of the mode's folder (training events stay in the actor's sandbox).
        On the event loop the event is queued for the log's writer thread (every open page would
        otherwise wait for the disk); in a worker thread it is written before this returns."""
        store = self.training_store(actor) if mode == "training" else self.cases
        write = store.audit.record_soon if _on_event_loop() else store.audit.record
        write(actor, role, action, record_type, record_id,  # type: ignore[arg-type]
              mode="training" if mode == "training" else "live", case_id=case_id, detail=detail)

    def audit(self, actor: Actor, action: str, record_type: str, record_id: str, case_id: str | None = None,
              detail: str = "") -> None:
        self.record_event(actor.username, actor.role, action, record_type, record_id, actor.mode, case_id, detail)

    def training_audit(self, actor: Actor, action: str, record_type: str, record_id: str, detail: str = "") -> None:
        """Audit a training record (attempt, comment, review, sandbox reset) in the training records'
        own log: it outlives sandbox resets and never mixes with the live log."""
        write = self.training.audit.record_soon if _on_event_loop() else self.training.audit.record
        write(actor.username, actor.role, action, record_type, record_id,  # type: ignore[arg-type]
              mode="training", detail=detail)


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@lru_cache(maxsize=64)
def _parse_snapshot(source: str, key: str) -> Definition:
    # Templates are not re-checked: a snapshot was checked when it was the current version.
    return parse_definition(source, key, templates_dir=None)


_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def get() -> Services:
    if _services is None:
        raise RuntimeError("services are installed by app.py before any page is served")
    return _services


class NotLoggedIn(RuntimeError):
    """A staff page was reached without a session (the middleware should have redirected)."""


def session_mode(account: Account, state: dict[str, Any]) -> str:
    """Live or training: interns always practise; others as they chose ("training.switch")."""
    mode = "training" if account.role == Role.intern else state.get("mode", "live")
    return mode if mode in ("live", "training") else "live"


def current_actor() -> Actor:
    """The one place pages learn who the user is: the session, checked against the account (a
    role change or a deactivated account takes effect at the next page; on pages already open,
    at their next event, see pages.account.sessions)."""
    state: dict[str, Any] = app.storage.user
    username = state.get("username")
    account = get().accounts.get(username) if isinstance(username, str) else None
    if account is None or not account.active:
        raise NotLoggedIn("no session")
    return Actor(username=account.username, display_name=account.display_name, role=account.role.value,
                 mode=session_mode(account, state))


P = ParamSpec("P")
R = TypeVar("R")


async def off_loop(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a store call in a worker thread so a slow disk never stalls other people's screens.
    (NiceGUI gives None only while the app shuts down, when nobody reads the result.)"""
    return cast(R, await run.io_bound(fn, *args, **kwargs))
