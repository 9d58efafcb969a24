"""What a workflow started from a case may fill in from what the case already knows, so nothing
is typed twice, and what a submitted workflow may tell its case back.

A definition names these on a field (`prefill: client.first_name`) and at the top
(`case_updates: {high_danger: high_danger}`); the loader rejects any other name, so a typo fails
`python -m workflows check`. The pages build the context from the case; the engine never sees the
store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from workflows.model import Definition, FieldType

PREFILL_SOURCES: dict[str, str] = {
    "client.first_name": "the client's first name",
    "client.last_name": "the client's last name",
    "client.full_name": "the client's first and last name",
    "client.date_of_birth": "the client's date of birth (YYYY-MM-DD)",
    "client.phone": "the client's first phone number",
    "client.email": "the client's email address",
    "client.address": "the client's address on one line",
    "client.has_children": "yes when the case's household lists a child under 18",
    "case.number": "the case number",
    "case.police_report_number": "the police report number",
    "client.prior_station_adjustments": "a repeating group: the client's station adjustments already "
                                        "recorded by the unit (type, offense_class, date, agency)",
    "worker.name": "the name of the staff member filling in the workflow",
    "today": "today's date",
}

CASE_UPDATES: dict[str, str] = {
    "high_danger": "yes/no: marks the case high danger (first in the triage queue) when yes",
    "follow_up_due": "a date: adds a follow-up to the case, due that day",
    "follow_up_title": "text: what that follow-up is",
    "follow_up_kind": "home_visit, court_date, status_update or other: the kind of that follow-up",
    "referral_resources": "a list of resource-directory ids: a referral (status sent) to each",
    "suicide_high_risk": "yes/no: high suicide risk on the contact's screen (first in the triage queue) when yes",
    # The flags below are declared by the crisis contact; the casework that acts on them is described
    # in docs/workflows.md ("What the casework must do with a crisis contact").
    "follow_up_due_at": "a local date-time (YYYY-MM-DDTHH:MM): when the follow-up added with follow_up_due is due",
    "follow_up_police_backup": "yes/no: that follow-up is a home visit that goes with police backup",
    "follow_up_ended": "text: why no further follow-up is planned (e.g. unable_to_locate, declined)",
    "warm_handoff_resources": "a list of resource-directory ids: the referrals among referral_resources "
                              "that were warm hand-offs (the person introduced directly)",
    "crisis_contact_on": "a date: the day of a crisis contact with the case's client (repeat-contact counting)",
}

CASE_TYPES: tuple[str, ...] = (
    "domestic_violence", "victim_of_crime", "juvenile_family", "mental_health", "substance_use", "homelessness")
"""The kinds of case a definition's `case_types` may name: the store's `CaseType` (store/models/cases.py).
The engine does not import the store; tests/unit/test_crisis_contact.py keeps the two lists equal."""

_TEXT_TYPES = {FieldType.text, FieldType.long_text, FieldType.phone, FieldType.email}

# The field types a source's values can ever fill (see `_fits`); every other source is text.
_SOURCE_FIELD_TYPES: dict[str, set[FieldType]] = {
    "client.has_children": {FieldType.yesno},
    "client.prior_station_adjustments": {FieldType.group},
    "client.date_of_birth": {FieldType.date, *_TEXT_TYPES},
    "today": {FieldType.date, *_TEXT_TYPES},
}


def prefill_problem(field_type: FieldType, source: str) -> str | None:
    """Why `prefill: source` on a field of this type could never fill it in, or None."""
    if source not in PREFILL_SOURCES:
        return f"unknown source {source!r}; the sources are: {', '.join(sorted(PREFILL_SOURCES))}"
    fitting = _SOURCE_FIELD_TYPES.get(source, _TEXT_TYPES)
    if field_type not in fitting:
        kinds = ", ".join(sorted(t.value for t in fitting))
        return f"{source!r} ({PREFILL_SOURCES[source]}) never fills a `{field_type.value}` field, only: {kinds}"
    return None


def _fits(field_type: FieldType, value: Any) -> bool:
    if field_type == FieldType.group:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
    if field_type == FieldType.yesno:
        return isinstance(value, bool)
    if field_type == FieldType.date:
        try:
            return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
        except ValueError:
            return False
    if field_type in _TEXT_TYPES:
        return isinstance(value, str) and bool(value.strip())
    return False


def prefill_answers(definition: Definition, context: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Starting answers from the case: only fields that name a source, only values of the field's
    kind. The person can still change every one of them."""
    answers: dict[str, dict[str, Any]] = {}
    for step in definition.steps:
        for field in step.fields:
            if field.prefill is None:
                continue
            value = context.get(field.prefill)
            if value is not None and _fits(field.type, value):
                answers.setdefault(step.id, {})[field.id] = value
    return answers


def case_updates(definition: Definition, computed: Mapping[str, Any]) -> dict[str, Any]:
    """What a submitted document says about its case, e.g. {"high_danger": True}."""
    return {flag: computed.get(name) for flag, name in definition.case_updates.items()}
