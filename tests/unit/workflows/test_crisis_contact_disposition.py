"""The shipped crisis contact workflow, what is decided at the end of a contact: alternatives to
arrest, the emergency admission petition worksheet (405 ILCS 5/3-601) and its elements, the follow-up
(its due time, police backup, the decision after unsuccessful attempts), referrals, and what a
submitted contact tells its case. The screens are tested in test_crisis_contact.py; the fixtures
are described there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from workflows.engine import Evaluation, evaluate
from workflows.loader import DEFINITIONS_DIR, load_file, parse_definition
from workflows.model import Definition
from workflows.prefill import case_updates

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]
HIGH_RISK = "crisis_contact_high_risk.json"
PETITION = "crisis_contact_petition.json"
SOURCE = (DEFINITIONS_DIR / "crisis_contact.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def contact() -> Definition:
    return load_file(DEFINITIONS_DIR / "crisis_contact.yaml", templates_dir=None)


@pytest.fixture
def high_risk(answers: Callable[[str], Answers]) -> Answers:
    return answers(HIGH_RISK)


@pytest.fixture
def petition(answers: Callable[[str], Answers]) -> Answers:
    return answers(PETITION)


def complete(definition: Definition, answers: Answers) -> Evaluation:
    result = evaluate(definition, answers)
    assert result.errors == {}
    return result


# --- the disposition: alternatives to arrest ----------------------------------------------------------

def arrest(answers: Answers, **fields: Any) -> Answers:
    answers["disposition"] = {"outcome": "arrest", **fields}
    return answers


def test_an_arrest_requires_the_alternatives_considered_and_why_not(contact: Definition, high_risk: Answers) -> None:
    errors = evaluate(contact, arrest(high_risk, charge="Criminal damage to property")).errors
    assert errors == {"disposition.arrest_alternatives": "Please choose an answer.",
                      "disposition.arrest_why_not": "Please answer this question."}
    complete(contact, arrest(high_risk, charge="Criminal damage", arrest_alternatives=["crisis_center"],
                             arrest_why_not="The crisis center was full."))


def test_no_alternative_was_safe_stands_alone(contact: Definition, high_risk: Answers) -> None:
    errors = evaluate(contact, arrest(high_risk, charge="Aggravated battery", arrest_why_not="He attacked an officer.",
                                      arrest_alternatives=["none_safe", "citation"])).errors
    assert errors == {"disposition.arrest_alternatives":
                      "“No alternative was safe” cannot go with an alternative that was considered."}
    complete(contact, arrest(high_risk, charge="Aggravated battery", arrest_why_not="He attacked an officer.",
                             arrest_alternatives=["none_safe"]))


def test_alternatives_to_arrest_count_only_for_an_arrest(contact: Definition, high_risk: Answers) -> None:
    high_risk["disposition"].update({"arrest_alternatives": ["none_safe"], "charge": "x"})
    result = complete(contact, high_risk)
    assert set(result.answers["disposition"]) == {"outcome", "transported_to", "reassessment"}


# --- the emergency admission petition worksheet (405 ILCS 5/3-601) ---------------------------------------

@pytest.mark.parametrize("outcome", ["resolved_on_scene", "information_referral", "voluntary_transport", "ems",
                                     "refused", "no_contact"])
def test_the_petition_step_shows_only_for_a_petition(contact: Definition, petition: Answers, outcome: str) -> None:
    petition["disposition"] = {"outcome": outcome, "transported_to": "crisis_center", "charge": "x"}
    result = complete(contact, petition)
    assert "petition" not in result.visible_steps and "petition" not in result.answers


def test_the_petition_step_needs_every_element(contact: Definition, petition: Answers) -> None:
    petition["petition"] = {}
    errors = evaluate(contact, petition).errors
    assert set(errors) == {f"petition.{f}" for f in (
        "criteria", "immediate_need", "signs_symptoms", "acts", "diligent_inquiry", "petitioner_kind",
        "petitioner_name", "petitioner_adult", "petitioner_relationship", "financial_interest", "litigation",
        "officer_custody", "facility", "examined")}


def test_each_act_needs_its_date_and_place(contact: Definition, petition: Answers) -> None:
    petition["petition"]["acts"] = [{"what": "Threatened a neighbor."}]
    assert evaluate(contact, petition).errors == {"petition.acts[0].date": "Please answer this question.",
                                                  "petition.acts[0].place": "Please answer this question."}


def test_no_relative_known_needs_the_diligent_inquiry(contact: Definition, petition: Answers) -> None:
    petition["petition"]["relatives"] = []
    assert evaluate(contact, petition).errors == {"petition.diligent_inquiry": "Please answer this question."}


@pytest.mark.parametrize(("field", "message"), [
    ("petitioner_adult", "The petitioner must be 18 or older (405 ILCS 5/3-601(a))."),
    ("immediate_need", "An emergency admission needs immediate hospitalization to protect from physical harm "
                       "(3-601(a)). Otherwise consider a voluntary admission (3-400) or another disposition."),
])
def test_the_petition_needs_an_adult_petitioner_and_an_immediate_need(contact: Definition, petition: Answers,
                                                                      field: str, message: str) -> None:
    petition["petition"][field] = False
    assert evaluate(contact, petition).errors == {f"petition.{field}": message}


def test_an_interested_petitioner_says_why_nobody_else(contact: Definition, petition: Answers) -> None:
    petition["petition"]["financial_interest"] = True
    assert evaluate(contact, petition).errors == {"petition.why_this_petitioner": "Please answer this question."}


def test_an_examiner_or_the_3_603_statements(contact: Definition, petition: Answers) -> None:
    petition["petition"]["examined"] = True
    result = evaluate(contact, petition)
    assert result.errors == {"petition.examiner": "Please answer this question."}
    assert "personal_observation" not in result.answers["petition"]  # 3-603 only without an examiner


def test_a_minor_is_told_the_emergency_petition_is_for_adults(contact: Definition, petition: Answers) -> None:
    assert "minor_note" not in evaluate(contact, petition).visible_fields["petition"]
    petition["person"]["date_of_birth"] = "2009-02-04"  # 16 on the day of the contact
    assert "minor_note" in evaluate(contact, petition).visible_fields["petition"]


def test_the_petition_cites_every_element_and_section(contact: Definition) -> None:
    labels = " ".join(f.label["en"] for f in contact.step("petition").fields if f.label)
    for cited in ("1-119", "3-601(a)", "3-601(b)(1)", "3-601(b)(2)", "3-601(b)(3)", "3-601(b)(4)", "3-606",
                  "3-602", "3-603"):
        assert cited in labels, cited
    constants = {name: c.cite for name, c in contact.constants.items()}
    assert constants["certificate_examination_hours"] == "405 ILCS 5/3-602"
    assert constants["filing_hours"] == constants["hearing_days"] == "405 ILCS 5/3-611"


# --- the follow-up ---------------------------------------------------------------------------------

def definition_with(old: str, new: str) -> Definition:
    assert old in SOURCE
    return parse_definition(SOURCE.replace(old, new, 1), "crisis_contact.yaml", templates_dir=None)


def test_the_first_follow_up_attempt_is_due_48_hours_after_the_contact(contact: Definition,
                                                                      high_risk: Answers) -> None:
    computed = complete(contact, high_risk).computed
    assert contact.constants["first_follow_up_due_hours"].value == 48
    assert (computed["follow_up_due_at"], computed["follow_up_due"]) == ("2026-03-16T21:30", "2026-03-16")
    assert computed["follow_up_due_summary"] == "2026-03-16 at 21:30"


def test_the_hours_are_the_definitions_to_change(high_risk: Answers) -> None:
    hours = "  first_follow_up_due_hours:\n    value: "
    changed = definition_with(hours + "48", hours + "24")
    assert evaluate(changed, high_risk).computed["follow_up_due_at"] == "2026-03-15T21:30"


@pytest.mark.parametrize(("date", "time", "due_at"), [
    ("2026-12-30", "23:15", "2027-01-01T23:15"),
    ("2028-02-27", "08:00", "2028-02-29T08:00"),
    ("2026-03-14", "0:05", "2026-03-16T00:05"),
])
def test_the_due_time_over_month_and_year_ends(contact: Definition, high_risk: Answers, date: str, time: str,
                                               due_at: str) -> None:
    high_risk["intake"].update({"contact_date": date, "contact_time": time})
    assert evaluate(contact, high_risk).computed["follow_up_due_at"] == due_at


def test_a_contact_time_must_be_a_24_hour_time(contact: Definition, high_risk: Answers) -> None:
    high_risk["intake"]["contact_time"] = "9:30pm"
    assert evaluate(contact, high_risk).errors == {"intake.contact_time": (
        "Please enter the time as hours and minutes on the 24-hour clock, for example 21:30.")}


def test_no_follow_up_planned_gives_no_due_time_and_says_why(contact: Definition, high_risk: Answers) -> None:
    high_risk["follow_up"] = {"needed": False, "not_needed_reason": "declined", "mode": "phone"}
    computed = complete(contact, high_risk).computed
    assert (computed["follow_up_due_at"], computed["follow_up_due"], computed["follow_up_ended"]) == (
        None, None, "declined")
    assert computed["follow_up_due_summary"] == "No follow-up planned"


def test_a_home_visit_with_weapons_on_record_asks_for_police_backup(contact: Definition, high_risk: Answers) -> None:
    del high_risk["follow_up"]["police_backup"]
    assert evaluate(contact, high_risk).errors == {"follow_up.police_backup": "Please answer yes or no."}
    high_risk["follow_up"]["police_backup"] = False
    assert evaluate(contact, high_risk).errors == {"follow_up.no_backup_reason": "Please answer this question."}
    high_risk["responder_safety"]["weapons"] = "none"  # nothing on record: backup is the worker's choice
    del high_risk["responder_safety"]["weapon_kind"]
    del high_risk["follow_up"]["police_backup"]
    assert complete(contact, high_risk).computed["follow_up_police_backup"] is False


def follow_up_attempt(answers: Answers, earlier: int, reached: bool) -> Answers:
    answers["intake"].update({"came_in": "follow_up", "attempt_mode": "phone",
                              "earlier_unsuccessful_attempts": earlier})
    if not reached:
        answers["disposition"] = {"outcome": "no_contact"}
    return answers


@pytest.mark.parametrize(("earlier", "reached", "attempts", "decision"), [
    (0, False, 1, False), (1, False, 2, False), (2, False, 3, True), (3, False, 4, True),
    (2, True, 2, False), (3, True, 3, True),
])
def test_after_three_unsuccessful_attempts_the_follow_up_asks_for_a_decision(
        contact: Definition, high_risk: Answers, earlier: int, reached: bool, attempts: int, decision: bool) -> None:
    result = evaluate(contact, follow_up_attempt(high_risk, earlier, reached))
    assert result.computed["unsuccessful_attempts"] == attempts
    assert result.computed["follow_up_decision_due"] is decision
    assert ("follow_up.attempts_decision" in result.errors) is decision


def test_closing_as_unable_to_locate_plans_no_further_attempt(contact: Definition, high_risk: Answers) -> None:
    follow_up_attempt(high_risk, 3, reached=False)
    high_risk["follow_up"]["attempts_decision"] = "close_unable_to_locate"
    result = complete(contact, high_risk)
    assert "needed" not in result.answers["follow_up"]
    assert (result.computed["follow_up_due"], result.computed["follow_up_ended"]) == (None, "unable_to_locate")


def test_continuing_needs_the_lead(contact: Definition, high_risk: Answers) -> None:
    follow_up_attempt(high_risk, 3, reached=False)
    high_risk["follow_up"]["attempts_decision"] = "continue"
    assert evaluate(contact, high_risk).errors == {"follow_up.continue_reason": "Please answer this question."}


def test_a_first_contact_with_no_one_there_is_not_a_follow_up_attempt(contact: Definition,
                                                                     high_risk: Answers) -> None:
    high_risk["disposition"] = {"outcome": "no_contact"}
    assert evaluate(contact, high_risk).computed["unsuccessful_attempts"] is None
    assert evaluate(contact, high_risk).computed["follow_up_decision_due"] is False


# --- referrals and what a submitted contact tells its case --------------------------------------------

def test_a_warm_hand_off_needs_the_persons_agreement(contact: Definition, high_risk: Answers) -> None:
    del high_risk["referrals"]["handoff_consent"]
    assert evaluate(contact, high_risk).errors == {"referrals.handoff_consent": "Please answer yes or no."}
    high_risk["referrals"]["handoff_consent"] = False
    assert evaluate(contact, high_risk).errors == {"referrals.handoff_consent": (
        "A warm hand-off shares the person's information: without their agreement, give the service's details "
        "instead (information only).")}
    high_risk["referrals"] = {"made": [{"resource": "988-lifeline", "kind": "information"}]}
    complete(contact, high_risk)


def test_the_case_updates_of_a_high_risk_contact(contact: Definition, high_risk: Answers) -> None:
    assert case_updates(contact, complete(contact, high_risk).computed) == {
        "suicide_high_risk": True,
        "follow_up_due": "2026-03-16",
        "follow_up_due_at": "2026-03-16T21:30",
        "follow_up_title": "Crisis follow-up: home visit",
        "follow_up_kind": "home_visit",
        "follow_up_police_backup": True,
        "follow_up_ended": None,
        "referral_resources": ["community-crisis-center", "988-lifeline", "home-for-all-coc"],
        "warm_handoff_resources": ["community-crisis-center"],
        "crisis_contact_on": "2026-03-14",
    }


def test_a_resource_referred_twice_is_one_referral(contact: Definition, high_risk: Answers) -> None:
    high_risk["referrals"]["made"].append({"resource": "community-crisis-center", "kind": "information"})
    assert complete(contact, high_risk).computed["referral_resources"] == [
        "community-crisis-center", "988-lifeline", "home-for-all-coc"]


def test_every_service_offered_is_in_the_resource_directory(contact: Definition) -> None:
    seeded = {r["id"] for r in yaml.safe_load((ROOT / "store" / "seed" / "resources.yaml").read_text("utf-8"))}
    made = contact.step("referrals").field("made")
    assert made is not None and made.fields is not None
    offered = {c.value for c in made.fields[0].choices or []}
    assert offered <= seeded and "home-for-all-coc" in seeded


def test_the_kinds_of_follow_up_are_the_stores(contact: Definition, high_risk: Answers) -> None:
    kinds = set()
    for mode in ("phone", "home_visit", "through_provider"):
        high_risk["follow_up"]["mode"] = mode
        kinds.add(evaluate(contact, high_risk).computed["follow_up_kind"])
    assert kinds == {"home_visit", "other"}
