"""Consent-gated sharing, between the store and the rules (workflows.consent): what a document
contains, what an automatic referral would share, and recording a referral honestly — shared
only under a consent that covers it, otherwise "information given to the client" with the reason.
No widgets here; the referral and release pages use it. What the referrals of a submitted workflow
share is decided in pages.workflow.case_effects, and written with the submit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pages.services import Services
from pages.workflow.case_effects import RACE
from store import Casework, ConsentNotInForce, Referral, Resource
from workflows.consent import Decision, Recipient, sharing_decision
from workflows.information import SharingRules
from workflows.model import Definition


def declared_contains(services: Services, definition: Definition, document_id: str) -> list[str]:
    """What a document says it contains. A document made with a version of its workflow from
    before documents said so takes the declaration of the current version (same template)."""
    spec = next((d for d in definition.documents if d.id == document_id), None)
    if spec is not None and spec.contains:
        return list(spec.contains)
    current = services.catalogue.definitions.get(definition.id)
    same = next((d for d in current.documents if d.id == document_id), None) if current else None
    return list(same.contains) if same else []


def declared_shares(services: Services, definition: Definition) -> list[str]:
    """What the workflow's automatic referrals tell a provider (the current version's declaration
    for a draft started before workflows said so)."""
    if definition.referral_shares:
        return list(definition.referral_shares)
    current = services.catalogue.definitions.get(definition.id)
    return list(current.referral_shares) if current else []


def share_or_refuse(store: Casework, rules: SharingRules, case_id: str, resource: Resource,
                    shared: Sequence[str], *, by: str, notes: str, today: dt.date) -> tuple[Referral | None, Decision]:
    """Blocking. Share `shared` with the resource if the case's consents allow it today; if not,
    record nothing and return the refusal for the worker to read."""
    decision = sharing_decision(rules, store.consents(case_id), Recipient(resource.name, resource.id), shared, today)
    if not decision.allowed:
        return None, decision
    try:
        referral = store.add_referral(case_id, resource_id=resource.id, created_by=by, notes=notes, sharing="shared",
                                      shared=list(shared), consent_ids=list(decision.consent_ids), today=today)
    except ConsentNotInForce:
        return None, Decision(False, reasons=RACE)
    return referral, decision
