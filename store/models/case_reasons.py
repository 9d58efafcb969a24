"""Why a case is closed or reopened: the list a worker picks from (`store/seed/case_reasons.yaml`).

The list is data a supervisor may change, read once when a store opens; every close and reopen
stores the id chosen (or "other" with the worker's own words), so a reworded label never changes
what an old case says was chosen.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

REASONS_FILE = Path(__file__).parents[1] / "seed" / "case_reasons.yaml"
OTHER = "other"
StatusChangeKind = Literal["closed", "reopened"]
REASON_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str = Field(min_length=1, max_length=120)

    @field_validator("id")
    @classmethod
    def _plain_id(cls, value: str) -> str:
        if not REASON_ID.match(value) or value == OTHER:
            raise ValueError(f"reason id {value!r} must be lower-case words joined by _ (and not {OTHER!r})")
        return value


class CaseReasons(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    close: tuple[Reason, ...] = Field(min_length=1)
    reopen: tuple[Reason, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "CaseReasons":
        for kind, reasons in (("close", self.close), ("reopen", self.reopen)):
            ids = [r.id for r in reasons]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{kind}: a reason id is listed twice")
        return self

    def choices(self, kind: StatusChangeKind) -> tuple[Reason, ...]:
        return self.close if kind == "closed" else self.reopen

    def label(self, kind: StatusChangeKind, reason_id: str) -> str:
        """The label to show for a stored reason (an id no longer listed is shown as it was stored)."""
        if reason_id == OTHER:
            return "Other"
        found = next((r.label for r in self.choices(kind) if r.id == reason_id), None)
        return found or reason_id.replace("_", " ").capitalize()

    def check(self, kind: StatusChangeKind, reason_id: str, details: str) -> None:
        """Raise ValueError unless `reason_id` is on the list (or "other", which needs details)."""
        if reason_id == OTHER:
            if not details.strip():
                raise ValueError("say why in your own words when the reason is \u201cother\u201d")
            return
        if reason_id not in {r.id for r in self.choices(kind)}:
            raise ValueError(f"{reason_id!r} is not a reason a case can be {kind} for")


@lru_cache(maxsize=4)
def load_case_reasons(path: Path = REASONS_FILE) -> CaseReasons:
    # Imported here, not at the top: the store's import-time dependencies stay tinydb, pydantic
    # and cryptography (see test_store_layering).
    import yaml

    return CaseReasons.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
