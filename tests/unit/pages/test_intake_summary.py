"""What a kiosk intake means for staff: its line on the queue, the case type its reasons suggest,
what the person typed in their own words (flagged when in Spanish, never translated), and what
carries over to a person already on file (only what is empty there)."""

from datetime import UTC
from typing import Any

import pytest

from pages.intake.summary import (
    WRITTEN_IN_SPANISH,
    carry_over,
    new_person_fields,
    own_words,
    own_words_note,
    queue_reason,
    suggested_case_type,
)
from store.files.intakes import KioskIntake
from store.models.people import Person
from workflows.loader import DEFINITIONS_DIR, load_file
from workflows.model import Definition


@pytest.fixture(scope="module")
def kiosk() -> Definition:
    return load_file(DEFINITIONS_DIR / "kiosk_intake.yaml", templates_dir=None)


def intake(urgent: bool = False, language: str = "en", **sections: dict[str, Any]) -> KioskIntake:
    answers: dict[str, Any] = {"reason": {"reasons": ["basic_needs"]}, "name": {"first_name": "Ana"},
                               "contact": {"phone": "309-555-0101", "may_call": False, "may_text": True,
                                           "may_leave_voicemail": False, "safe_times": "mornings"},
                               "needs": {"interpreter_needed": False, "accessibility": ["wheelchair"]}}
    answers.update(sections)
    return KioskIntake(id="K-2026-00001", submitted=True, urgent=urgent,
                       urgent_at="2026-11-20T14:02:00+00:00" if urgent else None, language=language,  # type: ignore[arg-type]
                       answers=answers, definition_key="k", device_id="d",
                       created_at="2026-11-20T13:50:00+00:00", updated_at="2026-11-20T14:02:00+00:00")


def person(**fields: Any) -> Person:
    return Person.model_validate({"id": "p1", "first_name": "Ana", "created_at": "x", "updated_at": "x", **fields})


def test_the_queue_says_why_in_plain_words(kiosk: Definition) -> None:
    urgent = queue_reason(kiosk, intake(urgent=True), UTC)
    assert urgent == "Not safe right now — at the lobby kiosk since Nov 20, 14:02"
    taken = intake(urgent=True).model_copy(update={"responder": "jo", "responder_name": "Jo Worker"})
    assert queue_reason(kiosk, taken, UTC) == ("Not safe right now — at the lobby kiosk since Nov 20, 14:02; "
                                               "Jo Worker is responding")
    calm = queue_reason(kiosk, intake(), UTC)
    assert calm.startswith("Walk-in at the kiosk: Housing, food or other basic needs, waiting since ")
    # Another day than today, so the date is part of it.
    assert calm.endswith("waiting since Nov 20, 13:50.")


def test_the_reasons_suggest_a_case_type() -> None:
    assert suggested_case_type(intake(reason={"reasons": ["basic_needs", "hurt_or_threatened"]})) == \
        "domestic_violence"
    assert suggested_case_type(intake(reason={"reasons": ["child_or_teen"]})) == "juvenile_family"
    assert suggested_case_type(intake(reason={"reasons": ["information"]})) is None


def test_a_new_client_gets_contact_language_and_access(kiosk: Definition) -> None:
    fields = new_person_fields(kiosk, intake(language="es", needs={"interpreter_needed": True,
                                                                   "interpreter_language": "Español"}))
    assert fields["phones"] == [{"number": "309-555-0101", "label": "given at the kiosk"}]
    assert fields["safe_contact"]["may_call"] is False and fields["safe_contact"]["may_text"] is True
    assert fields["language"] == "es" and fields["interpreter_needed"] is True


def test_only_what_is_empty_on_file_is_filled(kiosk: Definition) -> None:
    on_file = person(phones=[{"number": "309-555-0199"}], safe_contact={"may_call": True},
                     accessibility_needs="Large print", language="es")
    result = carry_over(kiosk, intake(), on_file)
    assert "phones" not in result.changes and result.changes["safe_contact"]["may_call"] is True
    assert result.changes["safe_contact"]["may_text"] is True
    assert result.changes["safe_contact"]["safe_times"] == "mornings"
    assert "accessibility_needs" not in result.changes and "language" not in result.changes
    assert "Safe contact: may text — yes" in result.carried
    kept = " | ".join(result.kept)
    assert "the kiosk number 309-555-0101 is not on file" in kept
    assert "may call — on file yes, at the kiosk no" in kept
    assert "Language: on file Spanish, at the kiosk English" in kept


def test_an_empty_record_takes_everything(kiosk: Definition) -> None:
    result = carry_over(kiosk, intake(language="es"), person())
    assert result.changes["phones"][0]["number"] == "309-555-0101"
    assert result.changes["language"] == "es"
    assert result.changes["accessibility_needs"] == "Wheelchair access"
    assert not result.kept


def test_what_a_walk_in_typed_in_spanish_is_flagged_and_kept_as_typed(kiosk: Definition) -> None:
    typed = intake(language="es", name={"first_name": "Rosa"},
                   needs={"interpreter_needed": True, "interpreter_language": "español"},
                   anything_else={"note": "Necesito ayuda con la renta."})
    words = own_words(kiosk, typed)
    assert [(w.question, w.text, w.flag) for w in words] == [
        ("When is it safe to contact you? (optional)", "mornings", WRITTEN_IN_SPANISH),
        ("Which language?", "español", WRITTEN_IN_SPANISH),
        ("Anything else you want us to know (optional)", "Necesito ayuda con la renta.", WRITTEN_IN_SPANISH),
    ]  # the name is not anybody's language, so it is not listed
    assert own_words_note(kiosk, typed) == (
        "Typed at the kiosk (written in Spanish, as typed — not translated): When is it safe to contact you? "
        "(optional): \u201cmornings\u201d; Which language?: \u201cespañol\u201d; Anything else you want us to "
        "know (optional): \u201cNecesito ayuda con la renta.\u201d")


def test_english_free_text_is_carried_without_a_flag(kiosk: Definition) -> None:
    typed = intake(anything_else={"note": "I need help with rent."})
    assert [w.flag for w in own_words(kiosk, typed)] == [None, None]
    assert own_words_note(kiosk, typed).startswith("Typed at the kiosk: When is it safe")
    assert own_words_note(kiosk, intake(contact={"phone": ""})) == ""
