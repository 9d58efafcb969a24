"""Shared helpers for the casework, crypto and audit tests (this module holds no tests).

`Clock` replaces the store's clock so that opening times, due dates and "waiting since" are the
test's to choose; `fill` builds a small store with one of everything.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import store.models.ids
from store import Case, CaseStore, Person
from support.store_testing import SAFETY_PLAN_V3

START = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


class Clock:
    """Stands in for store.models.ids._clock: strictly increasing, and settable."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def now(self) -> str:
        self.at += timedelta(microseconds=1)
        return self.at.isoformat(timespec="microseconds")

    def set(self, text: str) -> None:
        self.at = datetime.fromisoformat(text)


def install_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(store.models.ids, "_clock", clock)
    return clock


@dataclass
class Filled:
    client: Person
    other: Person
    case: Case
    juvenile: Case
    doc_id: str


def fill(cases: CaseStore, **person: Any) -> Filled:
    """One client with a case of each kind of record, a second client with a juvenile case."""
    client = cases.add_person(**({"first_name": "María", "last_name": "López", "aliases": ["Mary Lopes"],
                                  "date_of_birth": "1988-04-12"} | person))
    other = cases.add_person(first_name="Tom", last_name="Reyes", date_of_birth="2011-02-03")
    case = cases.open_case(client.id, "domestic_violence", created_by="ana", police_report_number="24-012345")
    cases.add_household_member(case.id, name="Leo López", relationship="son", date_of_birth="2016-05-01")
    cases.add_note(case.id, author="ana", text="Met at the station; she is staying with her sister.")
    cases.add_follow_up(case.id, title="Check on the kids", kind="home_visit", due_date="2026-11-25",
                        created_by="ana", police_backup_requested=True)
    cases.add_referral(case.id, resource_id="988-lifeline", created_by="ana")
    consent = cases.add_consent(case.id, person_id=client.id, recipient="Center for Prevention of Abuse",
                                resource_id="center-for-prevention-of-abuse", categories=["name", "phone"],
                                purpose="shelter intake", information="name and phone", signed_on="2026-11-20",
                                expires_on="2027-05-20", created_by="ana")
    cases.add_referral(case.id, resource_id="center-for-prevention-of-abuse", created_by="ana", sharing="shared",
                       shared=["name", "phone"], consent_ids=[consent.id], today=date(2026, 11, 20))
    cases.acknowledge_confidentiality(case.id, "ana")
    doc = cases.documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id=case.id,
                                       answers={"about_you": {"name": client.full_name}})
    cases.record_lethality(case.id, True, doc.id)
    juvenile = cases.open_case(other.id, "juvenile_family", created_by="ana", assigned_to="bo")
    cases.audit.record("ana", "social_worker", "read", "case", case.id, case_id=case.id)
    return Filled(client, other, cases.get_case(case.id), juvenile, doc.id)


def every_file(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())
