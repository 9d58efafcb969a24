"""The one visibility rule (store.models.visibility) and the store reads that apply it: a restricted
(juvenile) case for its assigned worker and supervisors only, a person seen through their cases,
and possible matches that are withheld without being described."""

from datetime import date

import pytest

from store import CaseStore, Person
from store.models.cases import CaseSummary
from store.models.visibility import Staff, case_filter, hides_cases, may_open, may_see_person, visible_cases

ANA = Staff("ana", "social_worker")  # assigned to the juvenile case below
BO = Staff("bo", "social_worker")
SUE = Staff("sue", "supervisor")
IRA = Staff("ira", "intern")
ADA = Staff("ada", "admin")


@pytest.fixture
def jenna(cases: CaseStore) -> Person:
    """A minor whose only case is a juvenile record assigned to ana."""
    person = cases.add_person(first_name="Jenna", last_name="Ward", date_of_birth="2010-06-15",
                              phones=[{"number": "309-555-0188"}])
    cases.open_case(person.id, "juvenile_family", created_by="ana", assigned_to="ana")
    return person


@pytest.mark.parametrize(
    ("viewer", "restricted", "assigned_to", "sees"),
    [
        (ANA, False, None, True),
        (BO, False, "ana", True),
        (SUE, False, None, True),
        (ANA, True, "ana", True),
        (BO, True, "ana", False),
        (BO, True, None, False),  # an unassigned juvenile case waits for a supervisor
        (SUE, True, "ana", True),
        (SUE, True, None, True),
        (IRA, False, None, False),  # interns never see a live case
        (IRA, True, "ira", False),
        (ADA, False, None, False),
        (None, False, None, True),  # a store call naming nobody: unrestricted records only
        (None, True, "ana", False),
    ],
)
def test_who_may_open_a_case(viewer: Staff | None, restricted: bool, assigned_to: str | None, sees: bool) -> None:
    assert may_open(viewer, restricted, assigned_to) is sees


def test_the_queue_filter_is_the_same_rule() -> None:
    for viewer in (ANA, BO, SUE, IRA, ADA, Staff("", "social_worker"), None):
        test = case_filter(viewer)
        for restricted in (False, True):
            for assigned_to in (None, "", "ana", "bo", "sue", "ira"):
                assert test(restricted, assigned_to) is may_open(viewer, restricted, assigned_to), (
                    viewer, restricted, assigned_to)


def _case(cases: CaseStore, person: Person, case_type: str, assigned_to: str | None) -> CaseSummary:
    opened = cases.open_case(person.id, case_type, created_by="ana", assigned_to=assigned_to)
    return next(c for c in cases.cases_of(person.id, viewer=SUE) if c.id == opened.id)


def test_a_person_is_seen_through_their_cases(cases: CaseStore) -> None:
    teen = cases.add_person(first_name="Tomás", last_name="Reyes")
    assert may_see_person(BO, []) and may_see_person(SUE, [])  # nobody's record yet
    assert not may_see_person(IRA, [])
    juvenile = _case(cases, teen, "juvenile_family", "ana")
    assert not may_see_person(BO, [juvenile])  # on file, she is part of a juvenile record
    assert may_see_person(ANA, [juvenile]) and may_see_person(SUE, [juvenile])
    adult = _case(cases, teen, "victim_of_crime", "bo")
    # Her open case shows her name and contact to every worker; the juvenile case stays hidden.
    assert may_see_person(BO, [juvenile, adult])
    assert visible_cases(BO, [juvenile, adult]) == [adult]
    assert hides_cases(BO, [juvenile, adult]) and not hides_cases(ANA, [juvenile, adult])


def test_the_store_answers_for_a_person_by_the_rule(cases: CaseStore, jenna: Person) -> None:
    assert not cases.may_see_person(jenna.id, BO)
    assert cases.may_see_person(jenna.id, ANA) and cases.may_see_person(jenna.id, SUE)
    assert not cases.may_see_person("P-nobody", SUE)
    assert cases.cases_of(jenna.id, viewer=BO) == []
    assert len(cases.cases_of(jenna.id, viewer=ANA)) == 1
    assert cases.hides_cases_of(jenna.id, BO) and not cases.hides_cases_of(jenna.id, SUE)
    adult = cases.open_case(jenna.id, "victim_of_crime", created_by="bo", assigned_to="bo")
    assert cases.may_see_person(jenna.id, BO)
    assert [c.id for c in cases.cases_of(jenna.id, viewer=BO)] == [adult.id]
    assert cases.hides_cases_of(jenna.id, BO) and not cases.hides_cases_of(jenna.id, ANA)


def test_a_duplicate_check_withholds_who_the_viewer_may_not_see(cases: CaseStore, jenna: Person) -> None:
    other = cases.add_person(first_name="Jenna", last_name="Ward", date_of_birth="1980-01-01")
    for who in (BO, None):
        check = cases.possible_duplicates("jenna", "ward", "2010-06-15", viewer=who)
        assert [d.person.id for d in check.found] == [other.id] and check.withheld
    for who in (ANA, SUE):
        check = cases.possible_duplicates("jenna", "ward", "2010-06-15", viewer=who)
        assert {d.person.id for d in check.found} == {jenna.id, other.id} and not check.withheld
    nobody = cases.possible_duplicates("Someone", "Else", viewer=BO)
    assert nobody.found == [] and not nobody.withheld


def test_a_walk_in_is_never_matched_to_a_hidden_record(cases: CaseStore, jenna: Person) -> None:
    for first, phone in (("Jenna", ""), ("", "(309) 555-0188"), ("jenna", "309.555.0188")):
        check = cases.walk_in_duplicates(first, phone, viewer=BO)
        assert check.found == [] and check.withheld
        shown = cases.walk_in_duplicates(first, phone, viewer=ANA)
        assert [d.person.id for d in shown.found] == [jenna.id] and not shown.withheld


def test_search_and_queue_follow_the_rule(cases: CaseStore, jenna: Person) -> None:
    [juvenile] = cases.cases_of(jenna.id, viewer=SUE)
    for text in ("Jenna", "2010-06-15", juvenile.id):
        assert cases.search(text, viewer=BO) == []
        assert [h.person.id for h in cases.search(text, viewer=ANA)] == [jenna.id]
    assert cases.queue(today=date(2026, 11, 27), viewer=BO) == []
    assert [e.case_id for e in cases.queue(today=date(2026, 11, 27), viewer=ANA)] == [juvenile.id]
