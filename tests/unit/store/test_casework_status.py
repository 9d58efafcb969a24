"""CaseStore: closing and reopening a case with a reason, a worker taking an unassigned case, and
a second case for a client already on file (the person shared, not copied)."""

from datetime import date
from pathlib import Path

import pytest
from support.casework import Clock

from store import CaseChangeRefused, CaseStore, Person
from store.models.case_reasons import CaseReasons, load_case_reasons
from store.models.cases import Case

TODAY = date(2026, 11, 21)


@pytest.fixture
def client(cases: CaseStore) -> Person:
    return cases.add_person(first_name="Ana", last_name="Demo-Lopez", phones=[{"number": "309-555-0142"}])


def open_case(cases: CaseStore, client: Person, **kwargs: object) -> str:
    return cases.open_case(client.id, "domestic_violence", created_by="ana", **kwargs).id  # type: ignore[arg-type]


def queued(cases: CaseStore, **filters: object) -> list[str]:
    return [e.case_id for e in cases.queue(today=TODAY, **filters)]  # type: ignore[arg-type]


# -- the reasons list ---------------------------------------------------------------------------


def test_the_shipped_reasons_load_and_other_is_always_there_but_never_listed() -> None:
    reasons = load_case_reasons()
    assert "client_declined" in [r.id for r in reasons.close]
    assert "new_incident" in [r.id for r in reasons.reopen]
    assert "other" not in [r.id for r in reasons.close + reasons.reopen]
    assert reasons.label("closed", "client_declined") == "Client declined further services"
    assert reasons.label("closed", "other") == "Other"
    assert reasons.label("closed", "retired_reason") == "Retired reason"  # an id no longer listed


@pytest.mark.parametrize(
    "data",
    [
        {"close": [], "reopen": [{"id": "again", "label": "Again"}]},
        {"close": [{"id": "done", "label": "Done"}, {"id": "done", "label": "Done too"}],
         "reopen": [{"id": "again", "label": "Again"}]},
        {"close": [{"id": "other", "label": "Other"}], "reopen": [{"id": "again", "label": "Again"}]},
        {"close": [{"id": "Not An Id", "label": "x"}], "reopen": [{"id": "again", "label": "Again"}]},
    ],
)
def test_a_broken_reasons_list_is_refused(data: dict) -> None:
    with pytest.raises(ValueError):
        CaseReasons.model_validate(data)


def test_a_store_reads_the_reasons_file_it_is_given(root: Path, tmp_path: Path, clock: Clock) -> None:
    reasons = tmp_path / "reasons.yaml"
    reasons.write_text("close: [{id: done, label: All done}]\nreopen: [{id: again, label: Back again}]\n")
    with CaseStore(root, reasons_file=reasons) as cases:
        client = cases.add_person(first_name="Ana")
        case_id = open_case(cases, client, assigned_to="ana")
        with pytest.raises(ValueError, match="client_declined"):
            cases.close_case(case_id, reason="client_declined", by="ana")
        assert cases.close_case(case_id, reason="done", by="ana").status == "closed"


# -- closing and reopening ----------------------------------------------------------------------


def test_closing_records_who_when_and_why_and_takes_the_case_off_every_list(
    cases: CaseStore, client: Person, clock: Clock
) -> None:
    mine = open_case(cases, client, assigned_to="ana")
    other = open_case(cases, client)
    assert queued(cases) == [other, mine] and queued(cases, assigned_to="ana") == [mine]
    clock.set("2026-11-21T16:30:00+00:00")
    closed = cases.close_case(mine, reason="client_declined", by="ana", details="  Moving in with her mother. ")
    assert (closed.status, closed.assigned_to) == ("closed", "ana")
    assert closed.closed_at is not None and closed.closed_at.startswith("2026-11-21T16:30")
    change = closed.last_status_change
    assert change is not None
    assert (change.kind, change.reason, change.details, change.by) == (
        "closed", "client_declined", "Moving in with her mother.", "ana")
    assert change.at == closed.closed_at
    assert queued(cases) == [other] and queued(cases, assigned_to="ana") == []
    assert cases.get_case(mine) == closed  # stored, not just returned
    assert [c.status for c in cases.cases_of(client.id)] == ["new", "closed"]  # still on the client's page


def test_a_closed_case_cannot_be_closed_again(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client, assigned_to="ana")
    first = cases.close_case(case_id, reason="services_completed", by="ana")
    with pytest.raises(CaseChangeRefused, match="already closed"):
        cases.close_case(case_id, reason="duplicate", by="bo")
    assert cases.get_case(case_id) == first


@pytest.mark.parametrize(
    ("reason", "details", "problem"),
    [
        ("other", "", "own words"),
        ("other", "   ", "own words"),
        ("new_incident", "", "not a reason a case can be closed for"),  # a reopen reason
        ("", "", "not a reason"),
    ],
)
def test_closing_needs_a_listed_reason_or_other_with_words(
    cases: CaseStore, client: Person, reason: str, details: str, problem: str
) -> None:
    case_id = open_case(cases, client, assigned_to="ana")
    with pytest.raises(ValueError, match=problem):
        cases.close_case(case_id, reason=reason, by="ana", details=details)
    assert cases.get_case(case_id).status == "open"


def test_reopening_needs_a_reason_and_puts_the_case_back_with_its_worker(
    cases: CaseStore, client: Person, clock: Clock
) -> None:
    case_id = open_case(cases, client, assigned_to="ana")
    cases.close_case(case_id, reason="unable_to_contact", by="ana")
    for reason, details in (("", ""), ("other", ""), ("client_declined", "")):  # the last is a close reason
        with pytest.raises(ValueError):
            cases.reopen_case(case_id, reason=reason, by="ana", details=details)
    assert cases.get_case(case_id).status == "closed"
    reopened = cases.reopen_case(case_id, reason="other", by="bo", details="Her sister called for her.")
    assert (reopened.status, reopened.assigned_to, reopened.closed_at) == ("open", "ana", None)
    assert [(c.kind, c.reason, c.by) for c in reopened.status_changes] == [
        ("closed", "unable_to_contact", "ana"), ("reopened", "other", "bo")]
    assert queued(cases, assigned_to="ana") == [case_id]
    with pytest.raises(CaseChangeRefused, match="not closed"):
        cases.reopen_case(case_id, reason="new_incident", by="ana")
    again = cases.close_case(case_id, reason="services_completed", by="ana")
    assert [c.kind for c in again.status_changes] == ["closed", "reopened", "closed"]


def test_an_unassigned_case_reopens_open_and_unassigned(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    cases.close_case(case_id, reason="duplicate", by="ana")
    reopened = cases.reopen_case(case_id, reason="closed_in_error", by="ana")
    assert (reopened.status, reopened.assigned_to) == ("open", None)
    assert queued(cases, unassigned=True) == [case_id]


def test_a_case_record_must_agree_with_its_status_changes(cases: CaseStore, client: Person) -> None:
    closed = cases.close_case(open_case(cases, client, assigned_to="ana"), reason="duplicate", by="ana")
    fields = closed.model_dump()
    with pytest.raises(ValueError, match="last status change"):
        Case.model_validate({**fields, "status": "open", "closed_at": None})
    twice = [*fields["status_changes"], fields["status_changes"][0]]
    with pytest.raises(ValueError, match="in turn"):
        Case.model_validate({**fields, "status_changes": twice})


def test_status_changes_survive_reopening_the_store(root: Path, clock: Clock) -> None:
    with CaseStore(root) as cases:
        client = cases.add_person(first_name="Ana")
        case_id = open_case(cases, client, assigned_to="ana")
        closed = cases.close_case(case_id, reason="moved_away", by="ana")
    with CaseStore(root) as reopened:
        assert reopened.get_case(case_id) == closed
        assert reopened.queue(today=TODAY) == []


# -- taking an unassigned case --------------------------------------------------------------------


def test_a_worker_takes_an_unassigned_case(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    assert queued(cases, unassigned=True) == [case_id]
    taken = cases.take_case(case_id, "ana")
    assert (taken.status, taken.assigned_to) == ("open", "ana")
    assert queued(cases, unassigned=True) == [] and queued(cases, assigned_to="ana") == [case_id]
    assert cases.take_case(case_id, "ana") == taken  # pressing it twice changes nothing


def test_nobody_takes_a_case_someone_else_has_but_a_supervisor_still_reassigns(
    cases: CaseStore, client: Person
) -> None:
    case_id = open_case(cases, client)
    cases.take_case(case_id, "ana")
    with pytest.raises(CaseChangeRefused, match="already taken by ana"):
        cases.take_case(case_id, "bo")
    assert cases.get_case(case_id).assigned_to == "ana"
    assert cases.assign(case_id, "bo").assigned_to == "bo"


def test_a_closed_case_cannot_be_taken(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    cases.close_case(case_id, reason="duplicate", by="ana")
    with pytest.raises(CaseChangeRefused, match="reopen it first"):
        cases.take_case(case_id, "ana")
    assert cases.get_case(case_id).assigned_to is None


# -- a second case for the same client ------------------------------------------------------------


def test_a_second_case_shares_the_client_and_sees_every_change_to_them(
    cases: CaseStore, client: Person, root: Path
) -> None:
    first = open_case(cases, client, assigned_to="ana")
    second = cases.open_case(client.id, "mental_health", created_by="bo", assigned_to="bo").id
    assert first != second
    assert [c.id for c in cases.cases_of(client.id)] == [second, first]
    assert cases.get_case(second).client_id == cases.get_case(first).client_id == client.id
    cases.update_contact(client.id, phones=[{"number": "309-555-0199", "may_call": False}], address=None)
    assert len(list((root / "people").iterdir())) == 1  # one person file, not a copy
    for case_id in (first, second):
        person = cases.get_person(cases.get_case(case_id).client_id)
        assert [p.number for p in person.phones] == ["309-555-0199"]
    hits = cases.search("Demo-Lopez")
    assert [h.person.id for h in hits] == [client.id] and [c.id for c in hits[0].cases] == [second, first]


def test_case_clients_name_each_case_from_memory(cases: CaseStore, client: Person) -> None:
    first = open_case(cases, client)
    other = cases.add_person(first_name="Tom", last_name="Young")
    juvenile = cases.open_case(other.id, "juvenile_family", created_by="ana", assigned_to="ana").id
    named = cases.case_clients([first, juvenile, "C-2026-99999"])
    assert set(named) == {first, juvenile}
    assert (named[first].client_name, named[first].case.case_type) == ("Ana Demo-Lopez", "domestic_violence")
    assert named[juvenile].case.restricted  # the caller decides whether to show it
