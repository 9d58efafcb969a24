"""An audit event: who read or changed which record, when, with which role, in which mode."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from store.models.documents import Mode

Action = Literal["read", "write", "download", "print", "export", "search", "login", "logout", "login_failed"]


class AuditEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: str
    actor: str
    role: str
    mode: Mode = "live"
    action: Action
    record_type: str  # "case", "person", "document", "note", "account", …
    record_id: str
    case_id: str | None = None
    detail: str = Field(default="", max_length=200)
