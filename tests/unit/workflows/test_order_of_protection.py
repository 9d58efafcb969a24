"""The shipped order-of-protection workflow (Illinois Domestic Violence Act, 750 ILCS 60): who
qualifies, what is offered instead when the relationship does not, which details each remedy asks
for, and the petition PDF (numbered remedies, the "Additional Incidents of Abuse" attachment, the
confidential school/daycare page, and the plain statement that it is not legal advice and not filed).

Eligibility follows "family or household members", 750 ILCS 60/103(6): spouses and former spouses;
parents, children, stepchildren and other relatives by blood or by present or prior marriage;
persons who share or shared a common dwelling; persons with (or allegedly with) a child in common;
persons who have or had a dating or engagement relationship (a casual acquaintanceship or ordinary
fraternization in a business or social context is not one); persons with disabilities and their
personal assistants; and, for a high-risk adult with disabilities only, their caregivers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.order_of_protection import INELIGIBLE, PETITION_STEPS, REMEDIES, screening

from workflows.engine import evaluate, next_step
from workflows.model import Definition, FieldSpec, FieldType
from workflows.presentation import present_field

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]


# The details each remedy reveals, (required, optional), fields of the `remedies` step.
REMEDY_DETAILS: dict[str, tuple[list[str], list[str]]] = {
    "1": ([], []),
    "2": (["residence_address"], ["residence_right"]),
    "3": (["stay_away_places"], ["stay_away_distance", "additional_prohibitions"]),
    "4": ([], ["counseling"]),
    "5": (["physical_care_children"], []),
    "6": (["decision_making_children"], []),
    "7": (["parenting_time_children", "parenting_time_terms"], []),
    "8": (["removal_concealment"], []),
    "9": (["order_to_appear"], []),
    "10": (["personal_property"], []),
    "11": (["protected_property"], []),
    "11.5": (["animals"], []),
    "12": (["support"], []),
    "13": (["losses"], []),
    "14": ([], ["entry_prohibition"]),
    "14.5": (["firearms"], ["firearms_location", "firearms_foid"]),
    "15": (["records_children"], []),
    "16": (["shelter_services"], []),
    "17": (["injunctive_relief"], []),
    "18": (["telephone_number"], ["telephone_provider"]),
}








# --- eligibility: every relationship value, with the statute's reason ------------------------------

ELIGIBILITY = [
    ("spouse", True, "103(6): spouses"),
    ("former_spouse", True, "103(6): former spouses"),
    ("parent", True, "103(6): parents"),
    ("child", True, "103(6): children"),
    ("stepchild", True, "103(6): stepchildren"),
    ("other_blood_or_marriage_relative", True, "103(6): other persons related by blood or by marriage"),
    ("current_or_former_household_member", True, "103(6): persons who share or formerly shared a common dwelling"),
    ("child_in_common", True, "103(6): persons who have or allegedly have a child in common"),
    ("dating_or_engaged", True, "103(6): persons who have or have had a dating or engagement relationship"),
    ("personal_assistant", True, "103(6): persons with disabilities and their personal assistants"),
    ("caregiver_of_high_risk_adult", False, "103(6): a caregiver only for a high-risk adult with disabilities"),
    ("casual_acquaintance", False, "103(6): a casual acquaintanceship is not a dating relationship"),
    ("coworker", False, "103(6): ordinary fraternization in a business context is not a relationship the Act covers"),
    ("neighbor", False, "103(6): not a family or household member unless they shared a dwelling"),
    ("stranger", False, "103(6): not a family or household member"),
    ("other", False, "103(6): not one of the listed relationships"),
]


def test_every_relationship_value_is_decided_here(op: Definition) -> None:
    field = op.step("relationship").field("respondent_relationship")
    assert field is not None and field.choices
    assert [c.value for c in field.choices] == [value for value, _, _ in ELIGIBILITY]


@pytest.mark.parametrize(("relationship", "eligible", "reason"), ELIGIBILITY,
                         ids=[f"{v}-{'eligible' if e else 'not eligible'}" for v, e, _ in ELIGIBILITY])
def test_eligibility_by_relationship(op: Definition, relationship: str, eligible: bool, reason: str) -> None:
    result = evaluate(op, screening(relationship, ["physical_abuse"]))
    assert result.computed["op_eligible"] is eligible, reason
    assert ("order" in result.visible_steps) is eligible, reason
    assert ("alternative" in result.visible_steps) is (not eligible), reason


@pytest.mark.parametrize(("filing_for", "high_risk", "eligible"), [
    pytest.param("high_risk_adult", None, True, id="filed on behalf of a high-risk adult"),
    pytest.param("self", True, True, id="the abused person is a high-risk adult"),
    pytest.param("adult_unable_to_file", True, True, id="adult who cannot file, high-risk"),
    pytest.param("self", False, False, id="not a high-risk adult"),
    pytest.param("self", None, False, id="not answered"),
])
def test_a_caregiver_qualifies_only_for_a_high_risk_adult_with_disabilities(
        op: Definition, filing_for: str, high_risk: bool | None, eligible: bool) -> None:
    # 750 ILCS 60/103(6), last sentence; section 103 defines a high-risk adult with disabilities.
    answers = screening("caregiver_of_high_risk_adult", ["neglect_or_exploitation"], filing_for,
                        abused_is_high_risk_adult=high_risk)
    result = evaluate(op, answers)
    assert result.computed["op_eligible"] is eligible
    asked = "abused_is_high_risk_adult" in result.answers["relationship"]
    assert asked is (filing_for != "high_risk_adult")  # filing for one already says so
    if asked and high_risk is None:
        assert result.errors["relationship.abused_is_high_risk_adult"] == "Please answer yes or no."


def test_the_qualifying_relationships_are_a_cited_constant(op: Definition) -> None:
    constant = op.constants["family_or_household_relationships"]
    assert set(constant.value) == {v for v, eligible, _ in ELIGIBILITY if eligible}  # type: ignore[arg-type]
    assert "750 ILCS 60/103(6)" in (constant.cite or "")


def test_no_relationship_answered_shows_neither_path(op: Definition) -> None:
    result = evaluate(op, {})
    assert result.visible_steps == ["filing", "relationship", "conduct", "review_notes"]
    assert result.computed["op_eligible"] is False


# --- the alternative when the relationship does not qualify -----------------------------------------

@pytest.mark.parametrize(("relationship", "conduct", "alternative"), [
    pytest.param("former_spouse", ["sexual_conduct"], "none", id="eligible with sexual conduct"),
    pytest.param("dating_or_engaged", ["sexual_conduct", "stalking"], "none", id="eligible with both"),
    pytest.param("stranger", ["sexual_conduct"], "civil_no_contact", id="ineligible, sexual conduct"),
    pytest.param("coworker", ["stalking"], "stalking_no_contact", id="ineligible, stalking only"),
    pytest.param("neighbor", ["stalking", "threats"], "stalking_no_contact", id="ineligible, stalking and threats"),
    pytest.param("casual_acquaintance", ["stalking", "sexual_conduct"], "civil_no_contact", id="ineligible, both"),
    pytest.param("other", ["harassment", "threats"], "none", id="ineligible, neither"),
    pytest.param("neighbor", [], "none", id="ineligible, nothing ticked"),
])
def test_alternative_order(op: Definition, relationship: str, conduct: list[str], alternative: str) -> None:
    assert evaluate(op, screening(relationship, conduct)).computed["alternative_order"] == alternative


@pytest.mark.parametrize(("conduct", "shown"), [
    (["sexual_conduct"], "explain_civil_no_contact"),
    (["stalking"], "explain_stalking_no_contact"),
    (["threats"], "explain_none"),
])
def test_the_alternative_step_explains_only_the_alternative_that_applies(
        op: Definition, conduct: list[str], shown: str) -> None:
    fields = evaluate(op, screening("stranger", conduct)).visible_fields["alternative"]
    explanations = [f for f in fields if f.startswith("explain_")]
    assert explanations == [shown]
    assert {"why_not_op", "referrals", "next_action"} <= set(fields)


def test_continuing_with_the_alternative_opens_its_worksheet(op: Definition, answers: Callable[[str], Answers]) -> None:
    plan = answers(INELIGIBLE)
    result = evaluate(op, plan)
    assert result.complete, result.errors
    assert result.visible_steps == ["filing", "relationship", "conduct", "alternative", "alternative_worksheet",
                                    "review_notes"]
    assert not set(PETITION_STEPS) & set(result.visible_steps)
    assert result.computed["alternative_order"] == "stalking_no_contact"
    plan["alternative_worksheet"]["incidents"] = []
    assert evaluate(op, plan).errors == {"alternative_worksheet.incidents": "Please add at least one."}


@pytest.mark.parametrize("relationship", [v for v, eligible, _ in ELIGIBILITY if not eligible])
@pytest.mark.parametrize("conduct", [["sexual_conduct"], ["stalking"], ["harassment"]])
def test_closing_with_referrals_always_completes(op: Definition, relationship: str, conduct: list[str]) -> None:
    # Never a dead end: whatever the relationship and conduct, the worker can finish the workflow.
    plan = screening(relationship, conduct, abused_is_high_risk_adult=False)
    plan["alternative"] = {"next_action": "close_with_referrals"}
    result = evaluate(op, plan)
    assert result.complete, result.errors
    assert result.visible_steps == ["filing", "relationship", "conduct", "alternative", "review_notes"]


def test_no_worksheet_when_no_alternative_fits(op: Definition) -> None:
    plan = screening("neighbor", ["threats"])
    plan["alternative"] = {"next_action": "continue_alternative"}
    result = evaluate(op, plan)
    assert "alternative_worksheet" not in result.visible_steps
    assert result.errors == {"alternative.next_action": "No other order fits what was described, so there is no "
                                                        "worksheet to fill in. Choose \"Close with referrals\"."}
    assert next_step(op, plan, "alternative") == "review_notes"


def test_answers_of_the_other_path_do_not_count(op: Definition, petition: Answers,
                                                answers: Callable[[str], Answers]) -> None:
    petition.update({k: v for k, v in answers(INELIGIBLE).items() if k.startswith("alternative")})
    result = evaluate(op, petition)
    assert result.complete
    assert "alternative" not in result.answers and "alternative_worksheet" not in result.answers
    petition["relationship"]["respondent_relationship"] = "coworker"
    result = evaluate(op, petition)
    assert not set(PETITION_STEPS) & set(result.answers)
    assert result.computed["remedies_requested"] == []


# --- filing on someone's behalf -------------------------------------------------------------------

@pytest.mark.parametrize("filing_for", ["minor_child", "adult_unable_to_file", "high_risk_adult"])
def test_filing_on_someones_behalf_asks_who_and_why(op: Definition, petition: Answers, filing_for: str) -> None:
    petition["filing"]["filing_for"] = filing_for
    errors = evaluate(op, petition).errors
    assert errors == {"filing.on_behalf_of_name": "Please answer this question.",
                      "filing.cannot_file_reason": "Please choose an answer."}
    petition["filing"] |= {"on_behalf_of_name": "Sofia Alvarez", "cannot_file_reason": "age"}
    assert evaluate(op, petition).complete


def test_filing_for_oneself_asks_neither(op: Definition, petition: Answers) -> None:
    petition["filing"] |= {"on_behalf_of_name": "stale", "cannot_file_reason": "age"}
    assert evaluate(op, petition).answers["filing"] == {"county": "Peoria", "filing_for": "self"}


def test_a_petition_on_someones_behalf_must_protect_them(op: Definition, petition: Answers) -> None:
    petition["filing"] |= {"filing_for": "minor_child", "on_behalf_of_name": "Sofia", "cannot_file_reason": "age"}
    petition["protected"]["protected_persons"] = []
    assert evaluate(op, petition).errors == {"protected.protected_persons": "Add the person the petition is filed for."}


# --- order type -----------------------------------------------------------------------------------

def test_the_emergency_reason_is_required_only_for_an_emergency_order(op: Definition, petition: Answers) -> None:
    petition["order"]["emergency_reason"] = " "
    assert evaluate(op, petition).errors == {"order.emergency_reason": "Please answer this question."}
    petition["order"]["order_type"] = "non_emergency"
    result = evaluate(op, petition)
    assert result.complete
    assert "emergency_reason" not in result.answers["order"]


def test_durations_are_cited_constants_shown_through_computed_values(op: Definition, petition: Answers) -> None:
    computed = evaluate(op, petition).computed
    for name, constant, value, cite in [
        ("emergency_duration", "emergency_order_duration", "14 to 21 days", "220(a)(1)"),
        ("interim_duration", "interim_order_duration", "up to 30 days", "220(a)(2)"),
        ("plenary_duration", "plenary_order_duration", "up to 2 years", "220(b)"),
    ]:
        assert str(op.constants[constant].value).startswith(value)
        assert cite in (op.constants[constant].cite or "")
        assert computed[name] == op.constants[constant].value
        spec = op.computed_spec(name)
        assert spec.label is not None and cite in spec.label["en"]


def test_every_computed_value_cites_its_source(op: Definition) -> None:
    for name in op.computed:
        assert "ILCS" in (op.computed_spec(name).cite or ""), name


# --- parties --------------------------------------------------------------------------------------

def test_a_confidential_address_asks_for_an_address_for_notices_instead(op: Definition, petition: Answers) -> None:
    kept = evaluate(op, petition).answers["petitioner"]
    assert "alternate_address" in kept and "address" not in kept
    petition["petitioner"]["alternate_address"] = ""
    assert evaluate(op, petition).errors == {"petitioner.alternate_address": "Please answer this question."}
    petition["petitioner"]["keep_address_confidential"] = False
    assert evaluate(op, petition).errors == {"petitioner.address": "Please answer this question."}


def test_a_school_or_daycare_is_asked_only_for_a_child(op: Definition, petition: Answers) -> None:
    person = petition["protected"]["protected_persons"][0]
    assert "schools" in evaluate(op, petition).answers["protected"]["protected_persons"][0]
    person["category"] = "dependent_adult"
    kept = evaluate(op, petition).answers["protected"]["protected_persons"][0]
    assert "schools" not in kept
    person["category"] = "other_child"
    person["schools"] = [{"name": "", "address": "somewhere"}]
    assert evaluate(op, petition).errors == {
        "protected.protected_persons[0].schools[0].name": "Please answer this question."}


# --- incidents ------------------------------------------------------------------------------------

def test_at_least_one_incident(op: Definition, petition: Answers) -> None:
    petition["incidents"]["incidents"] = []
    assert evaluate(op, petition).errors == {"incidents.incidents": "Please add at least one."}


def test_an_incident_has_a_date_no_later_than_today_and_a_report_number_only_with_police(
        op: Definition, petition: Answers) -> None:
    incidents = petition["incidents"]["incidents"]
    incidents[0]["date"] = "2999-01-01"
    incidents[1]["report_number"] = "typed, then police changed to no"
    result = evaluate(op, petition)
    assert result.errors == {"incidents.incidents[0].date": "The date cannot be after today."}
    assert "report_number" not in result.answers["incidents"]["incidents"][1]
    assert result.answers["incidents"]["incidents"][0]["report_number"] == "25-004117"


def test_the_incidents_help_says_most_recent_first(op: Definition) -> None:
    assert "Most recent first" in (op.step("incidents").help or {}).get("en", "")


# --- remedies -------------------------------------------------------------------------------------

def test_the_twenty_remedies_are_numbered_as_the_statute_numbers_them(op: Definition) -> None:
    requested = op.step("remedies").field("requested")
    assert requested is not None and requested.choices
    assert [(c.value, c.label["en"]) for c in requested.choices] == [
        (number, f"Remedy {number} — {name}") for number, name in REMEDIES]


def test_remedies_requested_lists_the_statute_numbers(op: Definition, petition: Answers) -> None:
    assert evaluate(op, petition).computed["remedies_requested"] == ["1", "3", "5", "7", "10", "14.5"]
    petition["remedies"] = {"requested": ["1", "14.5"], "firearms": "A rifle"}
    assert evaluate(op, petition).computed["remedies_requested"] == ["1", "14.5"]


def test_every_detail_field_belongs_to_one_remedy(op: Definition) -> None:
    details = {f.id for f in op.step("remedies").fields if f.id != "requested"}
    listed = {f for required, optional in REMEDY_DETAILS.values() for f in required + optional}
    assert details == listed


@pytest.mark.parametrize("number", [number for number, _ in REMEDIES])
def test_a_remedys_details_show_only_when_it_is_requested(op: Definition, petition: Answers, number: str) -> None:
    required, optional = REMEDY_DETAILS[number]
    others = [f for n, (r, o) in REMEDY_DETAILS.items() if n != number for f in r + o]
    petition["remedies"] = {"requested": ["1", number] if number != "1" else ["1"]}
    result = evaluate(op, petition)
    shown = set(result.visible_fields["remedies"])
    assert set(required + optional) <= shown
    assert not set(others) & shown
    assert set(result.errors) == {f"remedies.{f}" for f in required}
    if number == "1":
        return
    # Not requested: not asked, not required, and an answer left from before does not count.
    petition["remedies"] = {"requested": ["1"]} | dict.fromkeys(required + optional, "typed before")
    result = evaluate(op, petition)
    assert result.answers["remedies"] == {"requested": ["1"]}
    assert result.complete


def test_at_least_one_remedy(op: Definition, petition: Answers) -> None:
    petition["remedies"] = {"requested": []}
    assert evaluate(op, petition).errors == {"remedies.requested": "Please choose an answer."}


# --- the fixtures ---------------------------------------------------------------------------------

def test_the_two_children_fixture_is_a_complete_petition(op: Definition, petition: Answers) -> None:
    result = evaluate(op, petition)
    assert result.errors == {}
    assert result.visible_steps == ["filing", "relationship", "conduct", *PETITION_STEPS, "review_notes"]
    assert len(result.answers["incidents"]["incidents"]) == 3
    people = result.answers["protected"]["protected_persons"]
    assert [p["category"] for p in people] == ["child_in_common", "child_in_common"]
    assert result.computed["op_eligible"] is True and result.computed["alternative_order"] == "none"


# --- presentation: the value behind each option ---------------------------------------------------

def test_presented_options_carry_their_stored_values(op: Definition) -> None:
    requested = op.step("remedies").field("requested")
    assert requested is not None
    shown = present_field(requested, ["2", "14.5"])
    assert shown.option_values == [number for number, _ in REMEDIES]
    ticked = [v for v, (_, t) in zip(shown.option_values, shown.options, strict=True) if t]
    assert ticked == ["2", "14.5"]
    yesno = present_field(FieldSpec(id="q", type=FieldType.yesno, label={"en": "Q"}), False)
    assert yesno.option_values == [True, False]
    assert present_field(FieldSpec(id="t", type=FieldType.text, label={"en": "T"}), "x").option_values == []


# --- the PDF --------------------------------------------------------------------------------------























