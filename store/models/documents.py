"""What the store keeps about a document: the full record and the summary used for lists."""

from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["draft", "submitted"]
Mode = Literal["live", "training"]
MODES: tuple[str, ...] = ("live", "training")


class DocumentRecord(BaseModel):
    """One run of a workflow: its answers and where it stands. Lives in its case file."""

    id: str
    workflow_id: str
    workflow_version: int
    definition_key: str  # names the exact definition text, see store.files.snapshots
    status: Status
    case_id: str | None = None
    owner: str
    mode: Mode = "live"
    answers: dict[str, Any] = Field(default_factory=dict)  # {"step_id": {"field_id": value}}
    current_step: str | None = None
    computed: dict[str, Any] = Field(default_factory=dict)
    revision: int = 1
    supersedes: str | None = None  # id of the submitted document this one revises
    created_at: str
    updated_at: str
    submitted_at: str | None = None


class DocumentSummary(BaseModel):
    """The few fields lists need, kept in the index so a list never opens a case file."""

    id: str
    workflow_id: str
    workflow_version: int
    status: Status
    owner: str
    case_id: str | None
    mode: Mode
    revision: int
    supersedes: str | None
    current_step: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None


def summarize(record: DocumentRecord) -> DocumentSummary:
    return DocumentSummary.model_validate(record.model_dump(include=set(DocumentSummary.model_fields)))
