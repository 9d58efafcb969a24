"""What a submitted workflow document changes on its case, decided before anything is written.

`pages.workflow.case_effects` works out a `CaseEffects` from the workflow's definition, the
document's computed values, the case's consents and the sharing rules; `CaseStore.submit_on_case`
then writes the submitted document and every one of these changes to the case file in one
atomic write, so a crash never leaves a submitted high-danger screen without its flag.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from store.models.cases import (
    Case,
    FollowUp,
    FollowUpKind,
    Referral,
)
from store.models.dates import IsoDate
from store.models.documents import DocumentRecord


class Effect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FollowUpToAdd(Effect):
    title: str
    kind: FollowUpKind
    due_date: IsoDate


class ReferralToAdd(Effect):
    """A referral to record: "shared" under `consent_ids`, or "information_only" with `reason`.

    A shared referral's consents are checked again when it is written (under the case's lock): if
    one was revoked or ran out meanwhile, it is recorded as information only with `refused_reason`.
    """

    resource_id: str
    sharing: Literal["shared", "information_only"]
    shared: tuple[str, ...] = ()
    consent_ids: tuple[str, ...] = ()
    reason: str = ""
    refused_reason: str = ""
    notes: str = ""

    @model_validator(mode="after")
    def _honest(self) -> "ReferralToAdd":
        if (self.sharing == "shared") != bool(self.shared and self.consent_ids):
            raise ValueError("a shared referral, and only one, names what it shares and under which consent")
        return self


class CaseEffects(Effect):
    """Everything a submit tells its case: the lethality screen's result, a follow-up, referrals."""

    high_danger: bool | None = None  # None: the workflow is no lethality screen
    suicide_high_risk: bool | None = None  # None: the workflow has no suicide-risk screen
    follow_up: FollowUpToAdd | None = None
    referrals: tuple[ReferralToAdd, ...] = Field(default_factory=tuple)
    today: date  # the day the sharing was decided, and the day the consents must be in force

    @property
    def empty(self) -> bool:
        return (self.high_danger is None and self.suicide_high_risk is None and self.follow_up is None
                and not self.referrals)


@dataclass(frozen=True)
class CaseSubmission:
    """What `CaseStore.submit_on_case` wrote: the submitted document and what it made on its case."""

    document: DocumentRecord
    case: Case | None = None  # the case with the screens' results, when one was recorded
    follow_up: FollowUp | None = None
    referrals: tuple[Referral, ...] = ()
