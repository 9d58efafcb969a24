"""The shipped crisis contact workflow (co-response), its screens: the C-SSRS screener's triage rule
at every risk level (hidden questions, unanswered ones, "within three months" unanswered), AUDIT-C
around both cut-offs, the drug screen, an overdose, and housing. The disposition, the petition
worksheet, the follow-up and the case updates are in test_crisis_contact_disposition.py.

The fixtures: tests/fixtures/crisis_contact_high_risk.json (a man found in his car with a knife: high
risk through recent behavior, AUDIT-C 6, literally homeless, a warm hand-off, a home visit with
backup) and crisis_contact_petition.json (a petition by an SRT sergeant, no examiner available)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from workflows.engine import Evaluation, evaluate
from workflows.loader import DEFINITIONS_DIR, load_file
from workflows.model import Definition

Answers = dict[str, Any]
HIGH_RISK = "crisis_contact_high_risk.json"
PETITION = "crisis_contact_petition.json"


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


# --- the fixtures ------------------------------------------------------------------------------

def test_the_high_risk_fixture_is_complete(contact: Definition, high_risk: Answers) -> None:
    result = complete(contact, high_risk)
    assert result.visible_steps == [
        "intake", "responders", "person", "concerns", "responder_safety", "suicide_screen", "suicide_protocol",
        "substance", "housing", "options", "disposition", "referrals", "follow_up"]
    assert result.computed["suicide_risk"] == "high"


def test_the_petition_fixture_is_complete_and_shows_the_worksheet(contact: Definition, petition: Answers) -> None:
    result = complete(contact, petition)
    assert "petition" in result.visible_steps and "suicide_protocol" not in result.visible_steps
    assert result.computed["suicide_risk"] == "not_screened"


def test_the_workflow_is_started_from_the_co_response_case_types(contact: Definition) -> None:
    assert contact.case_types == ["mental_health", "substance_use", "homelessness"]


# --- the suicide-risk screen: the C-SSRS screener's triage rule ----------------------------------------

NO = {"wish_dead": False, "suicidal_thoughts": False, "behavior": False}


@pytest.mark.parametrize(("screen", "risk"), [
    ({**NO}, "none"),
    ({}, "none"),  # asked, nothing answered: not answered is not yes
    ({**NO, "wish_dead": True}, "low"),
    ({**NO, "suicidal_thoughts": True, "method": False, "intent": False, "plan": False}, "low"),
    ({**NO, "suicidal_thoughts": True}, "low"),  # 3–5 left unanswered are not yes
    ({**NO, "suicidal_thoughts": True, "method": True, "intent": False, "plan": False}, "moderate"),
    ({**NO, "behavior": True, "behavior_recent": False}, "moderate"),  # more than three months ago
    ({**NO, "suicidal_thoughts": True, "method": True, "intent": True}, "high"),
    ({**NO, "suicidal_thoughts": True, "plan": True}, "high"),
    ({**NO, "behavior": True, "behavior_recent": True}, "high"),
    ({**NO, "behavior": True}, "high"),  # "within three months" unanswered: the safer reading
    ({**NO, "behavior": True, "behavior_recent": None}, "high"),
    ({"wish_dead": True, "suicidal_thoughts": True, "method": True, "behavior": True, "behavior_recent": False},
     "moderate"),
])
def test_the_triage_rule_gives_each_risk_level(contact: Definition, high_risk: Answers, screen: Answers,
                                               risk: str) -> None:
    high_risk["suicide_screen"] = {"asked": True, **screen}
    result = evaluate(contact, high_risk)
    assert result.computed["suicide_risk"] == risk
    assert result.computed["suicide_high_risk"] is (risk == "high")
    assert ("suicide_protocol" in result.visible_steps) is (risk == "high")


@pytest.mark.parametrize("asked", [False, None])
def test_a_screen_not_asked_is_not_screened_whatever_else_was_typed(contact: Definition, high_risk: Answers,
                                                                    asked: bool | None) -> None:
    high_risk["suicide_screen"] = {"asked": asked, "not_asked_reason": "refused", "wish_dead": True,
                                   "suicidal_thoughts": True, "intent": True, "behavior": True}
    result = evaluate(contact, high_risk)
    assert result.computed["suicide_risk"] == "not_screened"
    assert result.computed["suicide_risk_result"] == "Not screened"
    assert "intent" not in result.answers["suicide_screen"]  # the questions are not shown, so do not count


def test_questions_3_to_5_count_only_after_a_yes_to_2(contact: Definition, high_risk: Answers) -> None:
    # A worker answered 4 and 5, then changed 2 to "no": 4 and 5 are hidden again and do not count.
    high_risk["suicide_screen"] = {"asked": True, "wish_dead": True, "suicidal_thoughts": False,
                                   "method": True, "intent": True, "plan": True, "behavior": False}
    result = evaluate(contact, high_risk)
    assert result.computed["suicide_risk"] == "low"
    assert set(result.answers["suicide_screen"]) == {"asked", "wish_dead", "suicidal_thoughts", "behavior"}


def test_within_three_months_counts_only_after_a_yes_to_6(contact: Definition, high_risk: Answers) -> None:
    high_risk["suicide_screen"] = {"asked": True, **NO, "behavior_recent": True}
    assert evaluate(contact, high_risk).computed["suicide_risk"] == "none"


def test_the_questions_keep_the_screeners_wording(contact: Definition) -> None:
    labels = {f.id: f.label["en"] for f in contact.step("suicide_screen").fields if f.label}
    assert labels["wish_dead"] == ("1. Have you wished you were dead or wished you could go to sleep and not "
                                   "wake up?")
    assert labels["intent"] == ("4. Have you had any intention of acting on these thoughts of killing yourself, "
                                "as opposed to you have the thoughts but you definitely would not act on them?")
    assert labels["behavior"] == ("6. Have you done anything, started to do anything, or prepared to do anything "
                                  "to end your life?")
    assert "Columbia" in (contact.computed_spec("suicide_risk").cite or "")


def test_high_risk_asks_who_evaluated_the_person_and_where(contact: Definition, high_risk: Answers) -> None:
    del high_risk["suicide_protocol"]
    errors = evaluate(contact, high_risk).errors
    assert errors == {"suicide_protocol.not_left_alone": "Please answer yes or no.",
                      "suicide_protocol.evaluated_by": "Please choose an answer.",
                      "suicide_protocol.evaluated_where": "Please choose an answer."}


# --- AUDIT-C and the single-question drug screen --------------------------------------------------------

def audit(contact: Definition, answers: Answers, sex: str | None, *points: str | None) -> dict[str, Any]:
    answers["person"]["sex"] = sex
    answers["substance"].update({"audit_asked": True, "audit_q1": points[0], "audit_q2": points[1],
                                 "audit_q3": points[2]})
    computed = evaluate(contact, answers).computed
    return {k: computed[k] for k in ("audit_c_score", "audit_c_result", "audit_c_positive")}


@pytest.mark.parametrize(("sex", "points", "score", "result"), [
    ("male", ("1", "1", "1"), 3, "negative"),
    ("male", ("2", "1", "1"), 4, "positive"),  # men: positive at 4
    ("male", ("2", "2", "1"), 5, "positive"),
    ("female", ("1", "1", "0"), 2, "negative"),
    ("female", ("1", "1", "1"), 3, "positive"),  # women: positive at 3
    ("female", ("2", "1", "1"), 4, "positive"),
    ("other", ("1", "1", "1"), 3, "positive"),  # not recorded as male or female: the lower cut-off
    (None, ("1", "1", "0"), 2, "negative"),
    (None, ("1", "1", "1"), 3, "positive"),
    ("male", ("4", "4", "4"), 12, "positive"),
])
def test_audit_c_positive_at_the_cut_off_for_each_sex(contact: Definition, high_risk: Answers, sex: str | None,
                                                      points: tuple[str, ...], score: int, result: str) -> None:
    assert audit(contact, high_risk, sex, *points) == {"audit_c_score": score, "audit_c_result": result,
                                              "audit_c_positive": result == "positive"}


def test_audit_c_never_drinking_ends_the_screen_at_zero(contact: Definition, high_risk: Answers) -> None:
    assert audit(contact, high_risk, "male", "0", "4", "4") == {  # 2 and 3 are hidden: their answers do not count
        "audit_c_score": 0, "audit_c_result": "negative", "audit_c_positive": False}


@pytest.mark.parametrize(("sex", "points", "result"), [
    ("male", ("2", "1", None), "incomplete"),  # 3 so far, under 4: could still go either way
    ("female", ("2", None, None), "incomplete"),
    ("female", ("2", "1", None), "positive"),  # 3 so far: a missing answer can only add points
    ("male", ("4", None, None), "positive"),
    ("male", (None, None, None), "not_screened"),  # asked, nothing answered
])
def test_audit_c_with_a_question_not_answered(contact: Definition, high_risk: Answers, sex: str,
                                              points: tuple[str | None, ...], result: str) -> None:
    assert audit(contact, high_risk, sex, *points) == {"audit_c_score": None, "audit_c_result": result,
                                              "audit_c_positive": result == "positive"}


def test_audit_c_not_asked_is_not_screened(contact: Definition, high_risk: Answers) -> None:
    high_risk["substance"]["audit_asked"] = False  # the answers below it are hidden and do not count
    computed = evaluate(contact, high_risk).computed
    assert (computed["audit_c_result"], computed["audit_c_score"], computed["audit_c_result_text"]) == (
        "not_screened", None, "Not screened")


@pytest.mark.parametrize(("asked", "times", "result"), [
    (True, 0, "negative"), (True, 1, "positive"), (True, 12, "positive"), (True, None, "not_screened"),
    (False, 5, "not_screened"),
])
def test_the_drug_screen_is_positive_from_once_a_year(contact: Definition, high_risk: Answers, asked: bool,
                                                      times: int | None, result: str) -> None:
    high_risk["substance"].update({"drug_screen_asked": asked, "drug_screen_times": times})
    assert evaluate(contact, high_risk).computed["drug_screen_result"] == result


def test_an_overdose_asks_about_naloxone(contact: Definition, high_risk: Answers) -> None:
    high_risk["substance"]["suspected_overdose"] = True
    errors = evaluate(contact, high_risk).errors
    assert set(errors) == {"substance.naloxone_given", "substance.leave_behind"}
    high_risk["substance"].update({"naloxone_given": True, "leave_behind": "accepted"})
    assert evaluate(contact, high_risk).errors == {"substance.naloxone_by": "Please choose an answer."}


# --- housing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slept", "category", "sound"), [
    ("vehicle", "literally_homeless", True), ("shelter", "fleeing_dv", True), ("street", "imminent_risk", False),
    ("abandoned_building", "other_federal", False), ("family_friends", "imminent_risk", True),
])
def test_a_night_without_shelter_is_hud_category_1_or_4(contact: Definition, high_risk: Answers, slept: str,
                                                        category: str, sound: bool) -> None:
    high_risk["housing"].update({"slept_last_night": slept, "hud_category": category})
    assert (evaluate(contact, high_risk).errors == {}) is sound


def test_a_housed_person_is_not_asked_where_they_slept(contact: Definition, high_risk: Answers) -> None:
    high_risk["housing"] = {"status": "housed", "slept_last_night": "street"}
    result = complete(contact, high_risk)
    assert result.answers["housing"] == {"status": "housed"}
    assert "home-for-all-coc" not in result.computed["referral_resources"]


