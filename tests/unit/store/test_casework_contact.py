"""CaseStore: how to reach a client safely. Each phone keeps its own "may we call / text / leave a
voicemail" and safe times, the address whether mail may be sent; the contact edit replaces them."""

import pytest
from support.casework import Clock

from store import CaseStore, Person, RecordNotFound
from store.models.people import MAIL_CHANNELS, PHONE_CHANNELS, Phone


@pytest.fixture
def client(cases: CaseStore) -> Person:
    # As the new-client form and the kiosk store it: one set of answers for the whole person.
    return cases.add_person(
        first_name="Ana", last_name="Demo-Lopez", phones=[{"number": "309-555-0142", "label": "cell"}],
        address={"line1": "12 Elm St", "city": "Peoria", "state": "IL", "zip": "61603"},
        safe_contact={"may_call": False, "may_text": True, "may_send_mail": False, "safe_times": "after 5 pm",
                      "safe_third_party": "her sister Rosa"},
    )


def test_person_wide_answers_apply_to_every_phone_and_the_address_until_they_answer_for_themselves(
    client: Person,
) -> None:
    cell = client.phones[0]
    assert client.phone_contact(cell).summary(PHONE_CHANNELS, person_wide=False) == [
        "text only", "safe times: after 5 pm", "not asked yet: voicemail"]
    assert client.address_contact().summary(MAIL_CHANNELS, person_wide=False) == ["do not send mail"]
    own = Phone(number="309-555-0199", may_call=True, may_text=False, may_leave_voicemail=True, safe_times="mornings")
    assert client.phone_contact(own).summary(PHONE_CHANNELS, person_wide=False) == [
        "calls only, no texts", "safe times: mornings"]


def test_the_contact_edit_gives_each_phone_its_own_answers(cases: CaseStore, client: Person, clock: Clock) -> None:
    changed = cases.update_contact(
        client.id,
        phones=[{"number": " 309-555-0142 ", "label": "cell", "may_call": False, "may_text": True,
                 "may_leave_voicemail": False, "safe_times": "after 5 pm"},
                {"number": "(309) 555-0199", "label": "sister's phone", "may_call": True, "may_text": True,
                 "may_leave_voicemail": True}],
        address={"line1": "40 Oak Ave", "city": "Peoria", "state": "IL", "zip": "61604", "may_send_mail": True},
        email="ana@example.org", safe_third_party="her sister Rosa", notes="He checks her phone at night.",
    )
    assert cases.get_person(client.id) == changed
    assert changed.updated_at > client.updated_at and changed.created_at == client.created_at
    cell, sister = changed.phones
    assert cell.number == "309-555-0142"
    assert changed.phone_contact(cell).summary(PHONE_CHANNELS, person_wide=False) == [
        "text only", "no voicemail", "safe times: after 5 pm"]
    assert changed.phone_contact(sister).summary(PHONE_CHANNELS, person_wide=False) == ["no limits on contact"]
    assert changed.address is not None and changed.address.one_line == "40 Oak Ave, Peoria, IL, 61604"
    assert changed.address_contact().summary(MAIL_CHANNELS, person_wide=False) == ["mail is fine"]
    # The person-wide channel answers moved onto the phones and the address; what is about the
    # person (a safe third party, notes) stays with the person.
    general = changed.safe_contact
    assert (general.may_call, general.may_text, general.may_send_mail, general.safe_times) == (None, None, None, "")
    assert (general.safe_third_party, general.notes) == ("her sister Rosa", "He checks her phone at night.")
    assert changed.email == "ana@example.org"
    # The walk-in duplicate check follows the new number.
    assert [d.person.id for d in cases.walk_in_duplicates("Ana", "309.555.0199").found] == [client.id]


def test_not_asked_yet_on_an_edited_phone_means_not_asked_yet(cases: CaseStore, client: Person) -> None:
    changed = cases.update_contact(client.id, phones=[{"number": "309-555-0142"}], address=None)
    assert changed.phone_contact(changed.phones[0]).summary(PHONE_CHANNELS, person_wide=False) == [
        "safe contact not asked yet"]
    assert changed.address is None


def test_an_address_with_nothing_in_it_is_no_address(cases: CaseStore, client: Person) -> None:
    changed = cases.update_contact(client.id, phones=[], address={"line1": " ", "may_send_mail": True})
    assert changed.address is None and changed.phones == []


@pytest.mark.parametrize(
    ("phones", "problem"),
    [
        ([{"number": "call her sister"}], "phone 1: enter a phone number"),
        ([{"number": "555-01"}], "phone 1: enter a phone number"),
        ([{"number": "309-555-0142"}, {"number": "(309) 555-0142"}], "phone 2: this number is already listed"),
        ([{"number": "309-555-0142", "may_call": "sometimes"}], "may_call"),
        ([{"number": "309-555-0142", "fax": True}], "fax"),
    ],
)
def test_a_bad_contact_edit_is_refused_and_nothing_changes(
    cases: CaseStore, client: Person, phones: list, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        cases.update_contact(client.id, phones=phones, address=None)
    assert cases.get_person(client.id) == client


def test_a_new_person_with_an_unusable_phone_is_refused(cases: CaseStore) -> None:
    with pytest.raises(ValueError, match="phone 1"):
        cases.add_person(first_name="Ana", phones=[{"number": "n/a"}])
    assert cases.search("Ana") == []


def test_editing_an_unknown_person_is_a_key_error(cases: CaseStore) -> None:
    with pytest.raises(RecordNotFound):
        cases.update_contact("nosuchperson", phones=[], address=None)
