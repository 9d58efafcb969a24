"""What practice leaves behind: an attempt at a scenario, its graded items, supervisors' comments,
and the state of a user's sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AttemptStatus = Literal["in_progress", "submitted", "abandoned"]

COMMENT_LIMIT = 4000  # characters; a comment is advice on a step, not an essay


class GradedItem(BaseModel):
    """One line of the answer key as graded (see workflows.feedback.FeedbackItem)."""

    model_config = ConfigDict(extra="ignore")

    key: str
    label: str
    step_id: str | None = None
    expected: str
    given: str
    matched: bool
    why: str
    weight: int = 1


class Comment(BaseModel):
    """A supervisor's comment on one step (`step_id`) or on the whole submission (None)."""

    step_id: str | None = None
    text: str = Field(max_length=COMMENT_LIMIT)
    by: str
    by_name: str = ""
    at: str


class Attempt(BaseModel):
    id: str
    scenario_id: str
    workflow_id: str
    username: str
    doc_id: str
    generation: int = 0
    status: AttemptStatus = "in_progress"
    started_at: str
    submitted_at: str | None = None
    score: int | None = None
    matched: int = 0
    missed: int = 0
    items: list[GradedItem] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict)
    comments: list[Comment] = Field(default_factory=list)
    reviewed: bool = False
    reviewed_by: str | None = None
    reviewed_at: str | None = None

    def comments_on(self, step_id: str | None) -> list[Comment]:
        return [c for c in self.comments if c.step_id == step_id]


class SandboxState(BaseModel):
    username: str
    generation: int = 0
    reset_at: str | None = None
    reset_by: str | None = None


@dataclass(frozen=True)
class SandboxContents:
    """What a reset would remove, counted for the confirmation."""

    drafts: int
    documents: int
    people: int
