"""Search: names and aliases (accents, case, word starts), dates of birth, case and report numbers."""


import pytest

from store import CaseStore, Person
from store.models.visibility import Staff

ANA = Staff("ana", "social_worker")  # the assigned worker of the juvenile cases below
BO = Staff("bo", "social_worker")
SUPERVISOR = Staff("sue", "supervisor")


@pytest.fixture
def maria(cases: CaseStore) -> Person:
    return cases.add_person(first_name="María José", last_name="García-López", aliases=["Mary Lopes"],
                            date_of_birth="1988-04-12")


@pytest.fixture
def others(cases: CaseStore) -> list[Person]:
    return [
        cases.add_person(first_name="Marco", last_name="Polo", date_of_birth="1990-01-01"),
        cases.add_person(first_name="Seán", last_name="O'Brien", date_of_birth="1988-04-12"),
    ]


def found(cases: CaseStore, text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(hit.person.first_name, hit.matched) for hit in cases.search(text, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["maria", "MARÍA", "garcia lopez", "GARCÍA-LÓPEZ", "mar lop", "jos", "lópez maría"])
def test_names_ignore_accents_case_and_word_ends(cases: CaseStore, maria: Person, others: list[Person],
                                                 text: str) -> None:
    assert found(cases, text) == [("María José", "name")]


def test_partial_words_match_at_the_start_of_a_word(cases: CaseStore, maria: Person, others: list[Person]) -> None:
    assert found(cases, "mar") == [("María José", "name"), ("Marco", "name")]
    assert found(cases, "arco") == []  # inside a word: too loose for a name search
    assert found(cases, "obrien") == found(cases, "o'brien") == [("Seán", "name")]
    assert found(cases, "sean o") == [("Seán", "name")]


def test_aliases_are_searched_too(cases: CaseStore, maria: Person, others: list[Person]) -> None:
    assert found(cases, "mary") == [("María José", "alias")]
    assert found(cases, "lopes") == [("María José", "alias")]
    assert found(cases, "lopez") == [("María José", "name")]


@pytest.mark.parametrize("text", ["1988-04-12", "04/12/1988", "4/12/1988"])
def test_date_of_birth_in_either_spelling(cases: CaseStore, maria: Person, others: list[Person], text: str) -> None:
    assert found(cases, text) == [("María José", "date of birth"), ("Seán", "date of birth")]


def test_a_date_that_does_not_exist_finds_nobody(cases: CaseStore, maria: Person) -> None:
    assert found(cases, "13/45/1988") == []


def test_case_and_police_report_numbers(cases: CaseStore, maria: Person, others: list[Person]) -> None:
    case = cases.open_case(maria.id, "domestic_violence", created_by="ana", police_report_number="24-012345")
    cases.open_case(others[0].id, "homelessness", created_by="ana")
    for text in (case.id, case.id.lower(), "C-2026-1", " c-2026-00001 "):
        assert found(cases, text) == [("María José", "case number")]
    for text in ("24-012345", "24 012345", "24012345"):
        assert found(cases, text) == [("María José", "police report number")]
    assert found(cases, "C-2026-00009") == []
    assert found(cases, "24-999999") == []


def test_a_hit_carries_the_persons_cases_newest_first(cases: CaseStore, maria: Person) -> None:
    first = cases.open_case(maria.id, "domestic_violence", created_by="ana").id
    second = cases.open_case(maria.id, "homelessness", created_by="ana").id
    [hit] = cases.search("maria")
    assert hit.person.id == maria.id
    assert [c.id for c in hit.cases] == [second, first]


def test_juvenile_records_are_found_only_by_who_may_open_them(cases: CaseStore, maria: Person) -> None:
    teen = cases.add_person(first_name="Tomás", last_name="Reyes", date_of_birth="2011-02-03")
    juvenile = cases.open_case(teen.id, "juvenile_family", created_by="ana", assigned_to="ana",
                               police_report_number="J-77")
    mixed = cases.open_case(maria.id, "juvenile_family", created_by="ana", assigned_to="ana",
                            police_report_number="J-78")
    visible = cases.open_case(maria.id, "homelessness", created_by="ana")
    for text in ("tomas", "2011-02-03", juvenile.id, "J-77"):
        assert cases.search(text) == []
        assert cases.search(text, viewer=BO) == []
        for who in (ANA, SUPERVISOR):
            assert [h.person.id for h in cases.search(text, viewer=who)] == [teen.id]
    for who in (None, BO):
        [hit] = cases.search("maria", viewer=who)
        assert [c.id for c in hit.cases] == [visible.id]
        # She is seen through her open case, but the number alone would tie her to a juvenile record.
        assert cases.search(mixed.id, viewer=who) == []
        assert cases.search("J-78", viewer=who) == []
    [hit] = cases.search("maria", viewer=ANA)
    assert [c.id for c in hit.cases] == [visible.id, mixed.id]
    assert [h.matched for h in cases.search(mixed.id, viewer=ANA)] == ["case number"]


def test_empty_and_limited_searches(cases: CaseStore) -> None:
    for n in range(5):
        cases.add_person(first_name=f"Ana{n}", last_name="Smith")
    assert cases.search("") == cases.search("  ") == cases.search("--") == []
    assert len(cases.search("smith")) == 5
    assert len(cases.search("smith", limit=3)) == 3


def test_people_without_cases_are_found(cases: CaseStore, maria: Person) -> None:
    [hit] = cases.search("garcia")
    assert hit.cases == []

