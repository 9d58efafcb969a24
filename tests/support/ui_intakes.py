"""Walk-ins staged for the simulated browser's tests, and the clicks and values those tests use."""

from __future__ import annotations

from typing import Any

from nicegui.testing import User

from pages.services import get
from store.files.intakes import KioskIntake


def stage(first_name: str = "Ximena", *, urgent: bool = False, phone: str = "309-555-0177",
          reasons: list[str] | None = None, language: str = "en", note: str | None = None,
          **contact: Any) -> KioskIntake:
    services = get()
    definition = services.catalogue.get("kiosk_intake")
    key = services.cases.documents.remember_definition(definition.id, definition.version,
                                                        services.catalogue.sources[definition.id])
    answers: dict[str, Any] = {
        "reason": {"reasons": reasons or ["basic_needs"]},
        "safety": {"safe_now": "no" if urgent else "yes"},
        "name": {"first_name": first_name},
        "contact": {"phone": phone, **contact} if phone else {"phone": ""},
        "needs": {"interpreter_needed": language == "es", "accessibility": ["quiet_room"]},
    }
    if note is not None:
        answers["anything_else"] = {"note": note}
    return services.cases.intakes.stage(language=language, answers=answers, definition_key=key,
                                        device_id="lobby", urgent=urgent, submitted=True)

def click(user: User, marker: str) -> None:
    user.find(marker=marker).click()

def set_value(user: User, marker: str, value: Any) -> None:
    element = next(iter(user.find(marker=marker).elements))
    with user.client:  # type: ignore[union-attr]
        element.value = value  # type: ignore[attr-defined]
