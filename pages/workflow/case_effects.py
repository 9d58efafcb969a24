"""What a submitted workflow changes on its case, worked out with no UI and no writing.

A definition's `case_updates` (workflows.prefill) say which computed values tell the case
something: a lethality screen's result (`high_danger`), a follow-up to make (`follow_up_due`,
`follow_up_title`, `follow_up_kind`) and referrals to the directory (`referral_resources`). Each
referral is shared with the provider only under consents covering what the workflow says a
referral tells them (workflows.consent); otherwise it is recorded as information given to the
client, with the reason. The result is a `CaseEffects`, written together with the submitted
document in one write by `store.api.Casework.submit_on_case`.

No nicegui here (tests/unit/test_import_graph.py): the runner calls it, and so could a job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from store import CaseEffects, Consent, FollowUpToAdd, ReferralToAdd, Resource
from workflows.consent import Recipient, sharing_decision
from workflows.information import SharingRules
from workflows.model import Definition
from workflows.prefill import case_updates

FOLLOW_UP_KINDS = ("home_visit", "court_date", "status_update")
# Why nothing was shared when a consent stopped being in force between the decision and the write.
RACE = ("The consent was revoked or ran out while this was being recorded, so nothing was shared.",)


def referral_to_add(rules: SharingRules, consents: Iterable[Consent], resource: Resource, shared: Sequence[str],
                    *, notes: str, today: dt.date) -> ReferralToAdd:
    """A referral a submitted workflow makes: shared when a consent covers it, otherwise
    information given to the client, with the reason. Never "sent" without a consent."""
    decision = sharing_decision(rules, consents, Recipient(resource.name, resource.id), shared, today)
    if decision.allowed:
        return ReferralToAdd(resource_id=resource.id, sharing="shared", shared=tuple(shared),
                             consent_ids=tuple(decision.consent_ids), refused_reason=" ".join(RACE), notes=notes)
    return ReferralToAdd(resource_id=resource.id, sharing="information_only", reason=decision.reason, notes=notes)


def case_effects(definition: Definition, computed: Mapping[str, Any], doc_id: str, *,
                 resources: Iterable[Resource], consents: Iterable[Consent], rules: SharingRules,
                 shares: Sequence[str], today: dt.date) -> CaseEffects:
    """What submitting document `doc_id` (with these computed values) changes on its case.

    `resources`: the directory (a referral to an id it does not hold is left out); `consents`:
    the case's; `shares`: what the workflow's referrals tell a provider
    (pages.workflow.sharing.declared_shares)."""
    updates = case_updates(definition, computed)
    high_danger = None if updates.get("high_danger") is None else bool(updates["high_danger"])
    suicide_high_risk = None if updates.get("suicide_high_risk") is None else bool(updates["suicide_high_risk"])
    follow_up = None
    if updates.get("follow_up_due"):
        kind = updates.get("follow_up_kind")
        follow_up = FollowUpToAdd(title=str(updates.get("follow_up_title") or "Follow-up"),
                                  kind=kind if kind in FOLLOW_UP_KINDS else "other",
                                  due_date=str(updates["follow_up_due"]))
    known = {r.id: r for r in resources}
    consents = list(consents)
    referrals = tuple(
        referral_to_add(rules, consents, known[resource_id], shares, notes=f"From document {doc_id}", today=today)
        for resource_id in updates.get("referral_resources") or [] if resource_id in known)
    return CaseEffects(high_danger=high_danger, suicide_high_risk=suicide_high_risk, follow_up=follow_up,
                       referrals=referrals, today=today)
