"""The triage queue: order, reasons, filters and restricted (juvenile) cases."""

from datetime import date, timedelta, timezone

import pytest
from support.casework import Clock

from store import CaseStore, Person
from store.models.queue import RANK_HIGH_DANGER, RANK_NEW, RANK_OPEN, RANK_OVERDUE
from store.models.visibility import Staff

TODAY = date(2026, 11, 21)


@pytest.fixture
def client(cases: CaseStore) -> Person:
    return cases.add_person(first_name="María", last_name="López")


def at(clock: Clock, moment: str) -> Clock:
    clock.set(moment + "+00:00")
    return clock


def test_queue_order_and_reasons(cases: CaseStore, client: Person, clock: Clock) -> None:
    """One case per reason (two where the order inside a rank matters), opened in a jumbled order."""
    other = cases.add_person(first_name="Ana", last_name="Ruiz")
    at(clock, "2026-11-10T08:00:00")
    quiet = cases.open_case(client.id, "victim_of_crime", created_by="ana", assigned_to="ana").id
    busy = cases.open_case(other.id, "mental_health", created_by="ana", assigned_to="bo").id
    at(clock, "2026-11-19T09:30:00")
    new_older = cases.open_case(client.id, "homelessness", created_by="ana").id
    at(clock, "2026-11-20T14:05:00")
    new_newer = cases.open_case(other.id, "substance_use", created_by="ana").id
    late = cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana").id
    cases.add_follow_up(late, title="Visit", kind="home_visit", due_date="2026-11-18", created_by="ana")
    later = cases.open_case(other.id, "domestic_violence", created_by="ana", assigned_to="bo").id
    cases.add_follow_up(later, title="Call the court clerk", kind="other", due_date="2026-11-20", created_by="bo")
    cases.add_follow_up(later, title="Hearing", kind="court_date", due_date="2026-11-30", created_by="bo")
    at(clock, "2026-11-20T16:00:00")
    danger = cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana").id
    cases.add_follow_up(danger, title="Visit", kind="home_visit", due_date="2026-11-01", created_by="ana")
    cases.record_lethality(danger, True, "doc123456789")
    closed = cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana").id
    cases.record_lethality(closed, True, "doc123456780")
    cases.close_case(closed, reason="services_completed", by="ana")
    at(clock, "2026-11-21T07:00:00")
    cases.add_note(busy, author="bo", text="Called back.")

    entries = cases.queue(today=TODAY)
    assert [(e.case_id, e.rank, e.reason) for e in entries] == [
        (danger, RANK_HIGH_DANGER, "High danger on the lethality screen (2026-11-20)"),
        (late, RANK_OVERDUE, "Follow-up overdue since 2026-11-18: home visit"),
        (later, RANK_OVERDUE, "Follow-up overdue since 2026-11-20: Call the court clerk"),
        (new_older, RANK_NEW, "New intake waiting since 2026-11-19 09:30"),
        (new_newer, RANK_NEW, "New intake waiting since 2026-11-20 14:05"),
        (busy, RANK_OPEN, "Open case"),  # most recently active first
        (quiet, RANK_OPEN, "Open case"),
    ]
    first = entries[0]
    assert (first.client_name, first.case_type, first.status, first.assigned_to, first.restricted) == (
        "María López", "domestic_violence", "open", "ana", False)
    assert entries[3].waiting_since.startswith("2026-11-19T09:30")
    assert entries[1].waiting_since == "2026-11-18"


def test_a_follow_up_due_today_or_done_is_not_overdue(cases: CaseStore, client: Person) -> None:
    case_id = cases.open_case(client.id, "homelessness", created_by="ana", assigned_to="ana").id
    follow_up = cases.add_follow_up(case_id, title="Visit", kind="home_visit", due_date=TODAY.isoformat(),
                                    created_by="ana")
    assert cases.queue(today=TODAY)[0].rank == RANK_OPEN
    assert cases.queue(today=TODAY + timedelta(days=1))[0].rank == RANK_OVERDUE
    cases.complete_follow_up(case_id, follow_up.id, by="ana")
    assert cases.queue(today=TODAY + timedelta(days=1))[0].rank == RANK_OPEN


def test_a_later_screen_without_high_danger_lowers_the_case(cases: CaseStore, client: Person) -> None:
    case_id = cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana").id
    cases.record_lethality(case_id, True, "doc123456789")
    assert cases.queue(today=TODAY)[0].rank == RANK_HIGH_DANGER
    cases.record_lethality(case_id, False, "doc223456789")
    assert cases.queue(today=TODAY)[0].rank == RANK_OPEN


def test_queue_filters(cases: CaseStore, client: Person) -> None:
    mine = cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana").id
    theirs = cases.open_case(client.id, "mental_health", created_by="ana", assigned_to="bo").id
    nobody = cases.open_case(client.id, "mental_health", created_by="ana").id

    def ids(**filters: object) -> set[str]:
        return {e.case_id for e in cases.queue(today=TODAY, **filters)}  # type: ignore[arg-type]

    assert ids() == {mine, theirs, nobody}
    assert ids(assigned_to="ana") == {mine}
    assert ids(unassigned=True) == {nobody}
    assert ids(case_type="mental_health") == {theirs, nobody}
    assert ids(case_type="mental_health", assigned_to="bo") == {theirs}
    assert len(cases.queue(today=TODAY, limit=2)) == 2


def test_juvenile_cases_only_for_their_worker_and_supervisors(cases: CaseStore, client: Person) -> None:
    open_one = cases.open_case(client.id, "homelessness", created_by="ana", assigned_to="ana").id
    juvenile = cases.open_case(client.id, "juvenile_family", created_by="ana", assigned_to="ana").id
    assert [e.case_id for e in cases.queue(today=TODAY)] == [open_one]
    assert [e.case_id for e in cases.queue(today=TODAY, assigned_to="ana")] == [open_one]
    assert [e.case_id for e in cases.queue(today=TODAY, viewer=Staff("bo", "social_worker"))] == [open_one]
    assert cases.queue(today=TODAY, viewer=Staff("ira", "intern")) == []
    for who in (Staff("ana", "social_worker"), Staff("sue", "supervisor")):
        shown = cases.queue(today=TODAY, viewer=who)
        assert {e.case_id: e.restricted for e in shown} == {open_one: False, juvenile: True}


def test_the_client_name_follows_changes_and_times_can_be_local(
    cases: CaseStore, client: Person, clock: Clock
) -> None:
    at(clock, "2026-11-19T15:30:00")
    cases.open_case(client.id, "homelessness", created_by="ana")
    cases.update_person(client.id, last_name="López-Ruiz")
    entry = cases.queue(today=TODAY, zone=timezone(timedelta(hours=-6)))[0]
    assert entry.client_name == "María López-Ruiz"
    assert entry.reason == "New intake waiting since 2026-11-19 09:30"  # Peoria in November is UTC-6


def test_entries_are_reused_until_what_they_show_changes(cases: CaseStore, client: Person) -> None:
    first_id = cases.open_case(client.id, "homelessness", created_by="ana", assigned_to="ana").id
    second_id = cases.open_case(client.id, "mental_health", created_by="ana", assigned_to="ana").id
    before = {e.case_id: e for e in cases.queue(today=TODAY)}
    again = {e.case_id: e for e in cases.queue(today=TODAY)}
    assert all(again[case_id] is before[case_id] for case_id in before)  # no new objects per call
    cases.add_note(first_id, author="ana", text="Called.")
    after = {e.case_id: e for e in cases.queue(today=TODAY)}
    assert after[second_id] is before[second_id]
    assert after[first_id] is not before[first_id] and after[first_id].waiting_since > before[first_id].waiting_since
    other_zone = cases.queue(today=TODAY, zone=timezone(timedelta(hours=-6)))
    assert all(entry is not after[entry.case_id] for entry in other_zone)
