"""Damaging files in a data folder before the app starts over it, as a failing disk or a hand edit
would, and the records to damage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store.files.casework import CaseStore
from store.files.intakes import KioskIntake
from store.security.crypto import open_codec
from workflows.loader import load_directory


def damage(path: Path, at: int | None = None) -> None:
    """Change one byte in the middle of a file (encrypted, the whole file then fails to open)."""
    data = bytearray(path.read_bytes())
    where = len(data) // 2 if at is None else at
    data[where] ^= 0x5A
    path.write_bytes(bytes(data))


def live_store(data_dir: Path) -> CaseStore:
    """The live store the app will open, made before it starts (close it before the app runs)."""
    return CaseStore(data_dir / "live", open_codec(data_dir))


def stage_walk_in(store: CaseStore, first_name: str, *, urgent: bool = False) -> KioskIntake:
    catalogue = load_directory()
    definition = catalogue.get("kiosk_intake")
    key = store.documents.remember_definition(definition.id, definition.version, catalogue.sources[definition.id])
    answers: dict[str, Any] = {
        "reason": {"reasons": ["basic_needs"]}, "safety": {"safe_now": "no" if urgent else "yes"},
        "name": {"first_name": first_name}, "contact": {"phone": "309-555-0177"},
        "needs": {"interpreter_needed": False, "accessibility": []},
    }
    return store.intakes.stage(language="en", answers=answers, definition_key=key, device_id="lobby",
                               urgent=urgent, submitted=True)
