"""An enrolled lobby tablet as staff see it (never its token), and a tablet over its submission
limit."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict


class KioskDevice(BaseModel):
    """A lobby tablet as staff see it; `enrolled_at` is None until the tablet used its code."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    enrolled_at: str | None
    enrolled_by: str  # the administrator who started the enrolment
    revoked_at: str | None = None
    revoked_by: str | None = None
    started_at: str | None = None  # when the code was made
    code_expires_at: str | None = None  # while the code is still unused

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.enrolled_at:
            return "enrolled"
        return "waiting for the tablet"


@dataclass(frozen=True)
class OverLimit:
    """A device over its submission limit, as staff are told it."""

    device: KioskDevice
    since: str  # UTC ISO: the first intake turned away (or urgent alert let through past the limit)
    turned_away: int  # ordinary intakes refused since then (the person was sent to the front window)
    urgent_past_limit: int  # urgent alerts let through past the limit since then
    clears_at: str  # UTC ISO, to the microsecond: when it may send an ordinary intake again, if no more come
