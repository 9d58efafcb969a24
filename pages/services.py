"""What every page needs, built once by app.py: the workflow catalogue, the store, settings, and
who is using the app in which mode. Pages ask `current_actor()` instead of knowing about logins,
so authentication can be added in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

from nicegui import run

from store.documents import DocumentStore
from workflows.loader import Catalogue, parse_definition
from workflows.model import Definition


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    port: int = 8080
    demo: bool = False
    language: str = "en-US"


@dataclass(frozen=True)
class Actor:
    """Who is acting and in which mode; every store call says who."""

    username: str
    display_name: str
    role: str = "social_worker"
    mode: str = "live"


@dataclass
class Services:
    settings: Settings
    catalogue: Catalogue
    documents: DocumentStore
    _snapshots: dict[str, Definition] = field(default_factory=dict)

    def definition_for(self, definition_key: str) -> Definition:
        """The definition version a document was made with (old documents keep their version)."""
        if definition_key not in self._snapshots:
            source = self.documents.definition_source(definition_key)
            self._snapshots[definition_key] = _parse_snapshot(source, definition_key)
        return self._snapshots[definition_key]


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


def current_actor() -> Actor:
    """The one place pages learn who the user is. Until staff log-in arrives (casework issue),
    everyone is the unit's shared staff account."""
    return Actor(username="staff", display_name="Social worker")


P = ParamSpec("P")
R = TypeVar("R")


async def off_loop(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a store call in a worker thread so a slow disk never stalls other people's screens.
    (NiceGUI gives None only while the app shuts down, when nobody reads the result.)"""
    return cast(R, await run.io_bound(fn, *args, **kwargs))
