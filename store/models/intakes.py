"""A walk-in's intake staged at the lobby kiosk, as staff see it, with the rules of its life: who
responds, how it is resolved or closed."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

MAX_CLOSE_REASON = 1000  # characters: a reason is a sentence or two, never a document


class KioskIntake(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # "K-2026-00001"
    status: Literal["new", "matched", "closed"] = "new"
    submitted: bool  # False while only the urgent alert (or "ask a staff member") was raised mid-way
    urgent: bool
    urgent_at: str | None  # UTC ISO time the urgent alert was first raised
    asked_for_staff: bool = False  # the person pressed "Ask a staff member instead"
    language: Literal["en", "es"]
    answers: dict[str, Any]  # engine answers (only visible fields), {step: {field: value}}
    definition_key: str  # DocumentStore snapshot key of the kiosk definition version
    device_id: str
    created_at: str
    updated_at: str
    person_id: str | None = None  # when matched
    case_id: str | None = None
    closed_reason: str | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None
    responder: str | None = None  # the worker who said "I'm responding" (user name) …
    responder_name: str | None = None  # … their name as staff read it …
    responding_at: str | None = None  # … and when (UTC ISO)


class AlreadyResponding(ValueError):
    """Someone else said "I'm responding" first; `intake` says who."""

    def __init__(self, intake: KioskIntake) -> None:
        super().__init__(f"{intake.responder_name or intake.responder} is already responding to {intake.id}")
        self.intake = intake
