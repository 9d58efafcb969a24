"""CaseStore people: adding, changing, reading, safe-contact phrases and the duplicate check."""

from pathlib import Path

import pytest
from pydantic import ValidationError
from support.casework import Clock

from store import CaseStore, RecordNotFound, SafeContact
from store.models.search import normalise


def test_a_person_is_stored_whole_and_read_back(cases: CaseStore, root: Path) -> None:
    made = cases.add_person(
        first_name="María", last_name="López", aliases=["Mary Lopes"], date_of_birth="1988-04-12",
        phones=[{"number": "309-555-0100", "label": "cell"}], email="m@example.org",
        address={"line1": "1200 W Elm St", "city": "Peoria", "state": "IL", "zip": "61604"},
        safe_contact={"may_call": False, "may_text": True, "safe_times": "after 5 pm"},
        language="es", interpreter_needed=True, accessibility_needs="large print",
    )
    assert cases.get_person(made.id) == made
    assert made.full_name == "María López"
    assert made.created_at == made.updated_at
    assert made.address is not None and made.address.city == "Peoria"
    assert [p.name for p in (root / "people").iterdir()] == [f"{made.id}.json"]


@pytest.mark.parametrize(
    "fields",
    [
        {"first_name": "", "last_name": ""},
        {"first_name": "Ana", "date_of_birth": "04/12/1988"},  # stored dates are ISO only
        {"first_name": "Ana", "date_of_birth": "1988-02-30"},
        {"first_name": "Ana", "phones": [{"num": "1"}]},
    ],
)
def test_a_bad_person_is_refused_and_nothing_is_written(cases: CaseStore, root: Path, fields: dict) -> None:
    with pytest.raises(ValueError):
        cases.add_person(**fields)
    assert list((root / "people").iterdir()) == []


@pytest.mark.parametrize("field", ["id", "created_at", "nickname"])
def test_fields_the_store_owns_or_does_not_know_are_refused(cases: CaseStore, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        cases.add_person(first_name="Ana", **{field: "x"})


def test_update_person_changes_only_what_is_given(cases: CaseStore, clock: Clock) -> None:
    made = cases.add_person(first_name="Ana", last_name="Ruiz", language="es")
    changed = cases.update_person(made.id, last_name="Ruiz-Soto", aliases=["Annie"])
    assert (changed.first_name, changed.last_name, changed.aliases, changed.language) == (
        "Ana", "Ruiz-Soto", ["Annie"], "es")
    assert changed.created_at == made.created_at < changed.updated_at
    assert cases.get_person(made.id) == changed
    assert [hit.person.id for hit in cases.search("soto")] == [made.id]  # the index follows
    with pytest.raises(ValidationError):
        cases.update_person(made.id, interpreter_needed="maybe")
    with pytest.raises(ValueError):
        cases.update_person(made.id, id="other")


def test_unknown_people_are_key_errors(cases: CaseStore) -> None:
    for person_id in ("nosuchperson", "../../etc/passwd"):
        with pytest.raises(RecordNotFound) as caught:
            cases.get_person(person_id)
        assert isinstance(caught.value, KeyError)
        with pytest.raises(RecordNotFound):
            cases.update_person(person_id, first_name="x")


def test_people_survive_reopening(root: Path, clock: Clock) -> None:
    with CaseStore(root) as cases:
        made = cases.add_person(first_name="Ana", last_name="Ruiz")
    with CaseStore(root) as reopened:
        assert reopened.get_person(made.id) == made


# -- safe contact ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "phrases"),
    [
        ({}, ["safe contact not asked yet"]),
        ({"may_call": False, "may_text": True, "may_leave_voicemail": False, "may_send_mail": False,
          "safe_times": "after 5 pm"},
         ["text only", "no voicemail", "do not send mail", "safe times: after 5 pm"]),
        ({"may_call": True, "may_text": False, "may_leave_voicemail": True, "may_send_mail": True},
         ["calls only, no texts"]),
        ({"may_call": False, "may_text": False, "may_leave_voicemail": False, "may_send_mail": True,
          "safe_third_party": "sister Rosa, 309-555-0199"},
         ["do not call", "no texts", "no voicemail", "safe contact through: sister Rosa, 309-555-0199"]),
        ({"may_call": True, "may_text": True, "may_leave_voicemail": True, "may_send_mail": True},
         ["no limits on contact"]),
        ({"may_call": True, "notes": "He checks her phone at night."},
         ["He checks her phone at night.", "not asked yet: texts, voicemail, mail"]),
    ],
)
def test_safe_contact_summary_in_plain_phrases(answers: dict, phrases: list[str]) -> None:
    assert SafeContact.model_validate(answers).summary() == phrases


# -- duplicates -----------------------------------------------------------------------------


def test_possible_duplicates(cases: CaseStore) -> None:
    maria = cases.add_person(first_name="María", last_name="López", date_of_birth="1988-04-12")
    alias = cases.add_person(first_name="Rosa", last_name="Díaz", aliases=["Rosie Diaz"])
    jon = cases.add_person(first_name="Jonathan", last_name="Smith", date_of_birth="1990-01-01")
    cases.add_person(first_name="Zoe", last_name="Park", date_of_birth="1990-01-01")

    def found(first: str, last: str, dob: str | None = None) -> list[tuple[str, str]]:
        return [(d.person.id, d.reason) for d in cases.possible_duplicates(first, last, dob).found]

    assert found("maria", "LOPEZ") == [(maria.id, "same name")]
    assert found("López", "María") == [(maria.id, "same name")]  # first and last swapped
    assert found("Rosie", "Diaz") == [(alias.id, "same name as an alias")]
    assert found("Jon", "Smith", "1990-01-01") == [(jon.id, "same date of birth, similar name")]
    assert found("Jonathon", "Smyth", "1990-01-01") == [(jon.id, "same date of birth, similar name")]
    assert found("Jon", "Smith", "1991-01-01") == []  # similar name alone is not enough
    assert found("Bea", "Quinn", "1990-01-01") == []  # same birthday alone is not enough
    assert found("", "") == []


def test_names_are_normalised_for_comparison() -> None:
    assert normalise("  García-López, O'Brien ") == "garcia lopez obrien"
    assert normalise("ÉLODIE Ñúñez") == "elodie nunez"
