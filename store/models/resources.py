"""A local service of the referral directory that a case can be referred to."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Resource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    services: str
    contact: str = ""  # phone numbers and/or address, as the directory has them
    categories: list[str] = Field(default_factory=list)
