"""A station adjustment's conditions within their caps (705 ILCS 405/5-301), and the minor: an adult
is not a juvenile matter, a minor living elsewhere names the place."""

from __future__ import annotations

from typing import Any

import pytest
from support.station_adjustment import (
    informal,
)

from workflows.engine import evaluate
from workflows.model import Definition

Answers = dict[str, Any]


@pytest.mark.parametrize(("days", "ok"), [(119, True), (120, True), (121, False)])
def test_the_formal_term_is_at_most_120_days(sa: Definition, formal: Answers, days: int, ok: bool) -> None:
    formal["adjustment"]["term_days"] = days
    errors = evaluate(sa, formal).errors
    assert errors == ({} if ok else {"adjustment.term_days": "The term of a formal station adjustment may not be "
                                                             "longer than 120 days."})

def test_the_formal_end_date_counts_the_start_day(sa: Definition, formal: Answers) -> None:
    formal["adjustment"].update(start_date="2026-03-16", term_days=120)
    assert evaluate(sa, formal).computed["formal_end_date"] == "2026-07-13"

@pytest.mark.parametrize("kind", ["informal", "formal"])
@pytest.mark.parametrize(("hours", "ok"), [(24, True), (25, True), (26, False)])
def test_community_service_is_at_most_25_hours(sa: Definition, formal: Answers, kind: str, hours: int,
                                               ok: bool) -> None:
    if kind == "informal":
        informal(formal)["adjustment"]["informal_conditions"] = ["community_service"]
    formal["adjustment"]["community_service_hours"] = hours
    result = evaluate(sa, formal)
    assert result.errors == ({} if ok else {"adjustment.community_service_hours":
                                            "A station adjustment may require at most 25 hours of community service."})
    assert result.computed["community_service_hours"] == hours

@pytest.mark.parametrize(("due", "ok"), [("2026-06-13", True), ("2026-06-14", True), ("2026-06-15", False),
                                         ("2026-03-15", False)])
def test_informal_restitution_within_90_days(sa: Definition, formal: Answers, due: str, ok: bool) -> None:
    informal(formal)["adjustment"].update(informal_conditions=["restitution"], restitution_details="$40 to the store",
                                          restitution_due_date=due)  # start 2026-03-16; +90 days = 2026-06-14
    errors = evaluate(sa, formal).errors
    assert errors == ({} if ok else {"adjustment.restitution_due_date": "Restitution in an informal adjustment must "
                                                                        "be completed within 90 days of its start."})

def test_the_90_day_restitution_limit_is_for_informal_adjustments(sa: Definition, formal: Answers) -> None:
    formal["adjustment"].update(term_days=120, restitution_due_date="2026-07-13")
    assert evaluate(sa, formal).errors == {}

@pytest.mark.parametrize(("condition", "detail"), [
    ("curfew", "curfew_hours"), ("stay_out_of_areas", "designated_areas"), ("no_contact", "no_contact_persons"),
    ("community_service", "community_service_hours"), ("restitution", "restitution_details"),
    ("report_to_officer", "report_schedule"),
])
def test_each_condition_asks_for_its_details(sa: Definition, formal: Answers, condition: str, detail: str) -> None:
    formal["adjustment"]["formal_conditions"] = [condition]
    formal["adjustment"].pop(detail, None)
    result = evaluate(sa, formal)
    assert result.errors == {f"adjustment.{detail}": "Please answer this question."}
    formal["adjustment"]["formal_conditions"] = []
    result = evaluate(sa, formal)
    assert detail not in result.visible_fields["adjustment"]
    assert result.errors == {}

@pytest.mark.parametrize(("born", "age", "adult"), [("2008-03-15", 17, False), ("2008-03-14", 18, True)])
def test_18_on_the_incident_date_is_not_a_juvenile_matter(sa: Definition, formal: Answers, born: str, age: int,
                                                          adult: bool) -> None:
    formal["minor"]["date_of_birth"] = born
    result = evaluate(sa, formal)
    assert (result.computed["age_at_incident"], result.computed["adult_at_incident"]) == (age, adult)
    assert ("adult_note" in result.visible_fields["incident"]) is adult
    if adult:
        assert result.visible_steps == ["minor", "incident"]
        assert set(result.answers["incident"]) == {"date", "description"}
    else:
        assert result.visible_steps[-3:] == ["history", "adjustment", "family_services"]
    assert result.errors == {}

def test_an_adult_completes_with_a_short_record(sa: Definition) -> None:
    short = {"minor": {"name": "Sam Doe", "date_of_birth": "2007-01-01", "lives_in_jurisdiction": True},
             "incident": {"date": "2026-03-14", "description": "Shoplifting."}}
    result = evaluate(sa, short)
    assert result.complete and result.visible_steps == ["minor", "incident"]

def test_a_minor_living_elsewhere_names_the_place_and_is_told_about_transfer(sa: Definition,
                                                                            formal: Answers) -> None:
    formal["minor"]["lives_in_jurisdiction"] = False
    result = evaluate(sa, formal)
    assert result.errors == {"minor.other_jurisdiction": "Please answer this question."}
    assert "transfer_note" in result.visible_fields["minor"]
    note = sa.step("minor").field("transfer_note")
    assert note is not None and note.text is not None and "written agreement" in note.text["en"]

def test_the_family_services_field_ids_the_case_wiring_reads(sa: Definition) -> None:
    step = sa.step("family_services")
    for field_id in ("referrals_wanted", "follow_up_date", "follow_up_kind"):
        assert step.field(field_id) is not None
    referrals = step.field("referrals_wanted")
    assert referrals is not None and "ccbys" in [c.value for c in referrals.choices or []]
