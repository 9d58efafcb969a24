"""The shipped safety plan: the Lethality Screen's scoring protocol exactly as the Maryland Model
states it, the screener's override, and which steps a worker is shown.

Scoring: "yes" to any of questions 1–3 → high danger; otherwise "yes" to four or more of questions
4–11 → high danger; the screener may screen a victim in on their own judgement (with a reason);
"not answered" is not "yes"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from workflows.engine import evaluate, next_step
from workflows.loader import DEFINITIONS_DIR, parse_definition
from workflows.model import Definition

Answers = dict[str, Any]
HIGH_DANGER_FIXTURE = "safety_plan_high_danger.json"
CHILDREN_FIXTURE = "safety_plan_with_children.json"
QUESTIONS = [f"q{i}" for i in range(1, 12)]


def screen(yes: tuple[str, ...] = (), no: tuple[str, ...] = (), override: bool | None = None,
           reason: str | None = None) -> dict[str, Any]:
    """Lethality answers: the named questions yes or no, every other question not answered."""
    answers: dict[str, Any] = dict.fromkeys(QUESTIONS)
    answers.update(dict.fromkeys(yes, True))
    answers.update(dict.fromkeys(no, False))
    answers["screener_override"] = override
    if reason is not None:
        answers["override_reason"] = reason
    return answers


@pytest.fixture
def plan(answers: Callable[[str], Answers]) -> Answers:
    """A complete, not-high-danger plan (with children) whose lethality screen each test replaces."""
    return answers(CHILDREN_FIXTURE)


# --- the scoring protocol -------------------------------------------------------------------------

@pytest.mark.parametrize(("lethality", "high_danger"), [
    pytest.param(screen(yes=("q1",)), True, id="q1 alone"),
    pytest.param(screen(yes=("q2",)), True, id="q2 alone"),
    pytest.param(screen(yes=("q3",)), True, id="q3 alone"),
    pytest.param(screen(yes=("q1",), no=tuple(QUESTIONS[1:])), True, id="q1 yes, every other no"),
    pytest.param(screen(yes=("q4", "q5", "q6", "q7")), True, id="four of 4-11: q4-q7"),
    pytest.param(screen(yes=("q8", "q9", "q10", "q11")), True, id="four of 4-11: q8-q11"),
    pytest.param(screen(yes=("q4", "q7", "q9", "q11"), no=("q1", "q2", "q3")), True, id="four of 4-11, 1-3 no"),
    pytest.param(screen(yes=tuple(QUESTIONS[3:])), True, id="all eight of 4-11"),
    pytest.param(screen(yes=("q4", "q5", "q6")), False, id="three of 4-11"),
    pytest.param(screen(yes=("q9", "q10", "q11"), no=("q4", "q5", "q6", "q7", "q8")), False, id="three yes, five no"),
    pytest.param(screen(yes=("q4", "q5", "q6"), no=("q1", "q2", "q3")), False, id="three of 4-11, 1-3 no"),
    pytest.param(screen(), False, id="nothing answered"),
    pytest.param(screen(no=tuple(QUESTIONS)), False, id="every answer no"),
    pytest.param(screen(no=("q1", "q2", "q3")), False, id="1-3 no, 4-11 not answered"),
    pytest.param(screen(yes=("q4", "q5", "q6"), no=("q7",)), False, id="three yes, one no, rest not answered"),
])
def test_lethality_screen_scoring(safety_plan: Definition, plan: Answers, lethality: dict[str, Any],
                                  high_danger: bool) -> None:
    plan["lethality"] = lethality
    computed = evaluate(safety_plan, plan).computed
    assert computed["protocol_high_danger"] is high_danger
    assert computed["high_danger"] is high_danger


@pytest.mark.parametrize("not_yes", [None, "yes", "Yes", 1, "true"])
def test_not_answered_or_a_non_boolean_is_not_yes(safety_plan: Definition, plan: Answers, not_yes: Any) -> None:
    # Three real "yes" answers and a fourth that is anything but `true`: not high danger.
    plan["lethality"] = screen(yes=("q4", "q5", "q6")) | {"q7": not_yes, "q1": not_yes}
    result = evaluate(safety_plan, plan)
    assert result.computed["high_danger"] is False
    assert result.computed["screen_yes_count"] == 3


def test_the_yes_count_counts_every_question(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q2", "q5", "q11"), no=("q1", "q4"))
    assert evaluate(safety_plan, plan).computed["screen_yes_count"] == 3


def test_the_threshold_of_four_is_a_cited_constant(safety_plan: Definition) -> None:
    threshold = safety_plan.constants["high_danger_count"]
    assert threshold.value == 4
    assert "Lethality" in (threshold.cite or "")


def test_changing_the_threshold_in_the_yaml_changes_the_scoring(plan: Answers) -> None:
    # Low-code: the number lives in the definition, not in Python.
    text = (DEFINITIONS_DIR / "safety_plan.yaml").read_text(encoding="utf-8")
    assert text.count("value: 4\n") == 1
    three = parse_definition(text.replace("value: 4\n", "value: 3\n"), "safety_plan.yaml", templates_dir=None)
    plan["lethality"] = screen(yes=("q4", "q5", "q6"))
    assert evaluate(three, plan).computed["high_danger"] is True


# --- the screener's override ----------------------------------------------------------------------

def test_the_screener_can_screen_a_victim_in(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q4",), override=True, reason="She believes he will kill her when she leaves.")
    result = evaluate(safety_plan, plan)
    assert result.computed["protocol_high_danger"] is False
    assert result.computed["high_danger"] is True
    assert result.computed["screen_result"] == "High danger — screened in by the screener"
    assert "protocol" in result.visible_steps


def test_the_override_needs_a_reason(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(override=True)
    result = evaluate(safety_plan, plan)
    assert result.errors["lethality.override_reason"] == "Please answer this question."
    plan["lethality"]["override_reason"] = "   "
    assert evaluate(safety_plan, plan).errors["lethality.override_reason"] == "Please answer this question."


@pytest.mark.parametrize("override", [False, None])
def test_no_override_asks_no_reason_and_drops_a_stale_one(safety_plan: Definition, plan: Answers,
                                                          override: bool | None) -> None:
    plan["lethality"] = screen(override=override, reason="typed before the worker changed their mind")
    result = evaluate(safety_plan, plan)
    assert "lethality.override_reason" not in result.errors
    assert "override_reason" not in result.answers["lethality"]
    assert result.computed["high_danger"] is False


def test_the_protocol_result_wins_over_the_override_in_the_wording(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q2",), override=True, reason="Also her own belief.")
    computed = evaluate(safety_plan, plan).computed
    assert computed["protocol_high_danger"] is True
    assert computed["screen_result"] == "High danger — screened in by the protocol"


@pytest.mark.parametrize(("lethality", "wording"), [
    (screen(), "Not screened in"),
    (screen(yes=("q3",)), "High danger — screened in by the protocol"),
    (screen(override=True, reason="x"), "High danger — screened in by the screener"),
])
def test_screen_result_wording(safety_plan: Definition, plan: Answers, lethality: dict[str, Any],
                               wording: str) -> None:
    plan["lethality"] = lethality
    assert evaluate(safety_plan, plan).computed["screen_result"] == wording


# --- the high-danger protocol step ----------------------------------------------------------------

def test_the_protocol_step_appears_only_when_high_danger(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q4", "q5", "q6"))
    assert "protocol" not in evaluate(safety_plan, plan).visible_steps
    assert next_step(safety_plan, plan, "lethality") == "during_incident"
    plan["lethality"]["q7"] = True
    assert "protocol" in evaluate(safety_plan, plan).visible_steps
    assert next_step(safety_plan, plan, "lethality") == "protocol"


def test_the_protocol_steps_questions_are_required(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q1",))
    result = evaluate(safety_plan, plan)
    assert result.complete is False
    assert result.step_errors("protocol") == {
        "protocol.hotline_called": "Please answer yes or no.",
        "protocol.spoke_with_advocate": "Please answer yes or no.",
        "protocol.information_given": "Please answer this question.",
    }


def test_declining_the_advocate_asks_why(safety_plan: Definition, answers: Callable[[str], Answers]) -> None:
    plan = answers(HIGH_DANGER_FIXTURE)
    assert "declined_reason" in evaluate(safety_plan, plan).answers["protocol"]
    plan["protocol"]["spoke_with_advocate"] = True
    assert "declined_reason" not in evaluate(safety_plan, plan).answers["protocol"]


def test_answers_on_the_protocol_step_are_dropped_when_no_longer_high_danger(
        safety_plan: Definition, answers: Callable[[str], Answers]) -> None:
    plan = answers(HIGH_DANGER_FIXTURE)
    plan["lethality"] = screen(no=tuple(QUESTIONS))
    result = evaluate(safety_plan, plan)
    assert "protocol" not in result.visible_steps
    assert "protocol" not in result.answers
    assert result.complete is True


# --- who sees the screen at all -------------------------------------------------------------------

@pytest.mark.parametrize("intimate_partner", [False, None])
def test_the_screen_is_only_for_intimate_partner_abuse(safety_plan: Definition, plan: Answers,
                                                       intimate_partner: bool | None) -> None:
    plan["about"]["intimate_partner"] = intimate_partner
    plan["lethality"] = screen(yes=("q1", "q2", "q3"))
    result = evaluate(safety_plan, plan)
    assert "lethality" not in result.visible_steps
    assert "protocol" not in result.visible_steps
    assert next_step(safety_plan, plan, "about") == "during_incident"


def test_a_yes_on_a_screen_that_is_then_hidden_does_not_count(safety_plan: Definition, plan: Answers) -> None:
    plan["lethality"] = screen(yes=("q1",))
    assert evaluate(safety_plan, plan).computed["high_danger"] is True
    plan["about"]["intimate_partner"] = False
    result = evaluate(safety_plan, plan)
    assert "lethality" not in result.answers
    assert result.computed == {
        "protocol_high_danger": False,
        "high_danger": False,
        "screen_yes_count": 0,
        "screen_result": "Not screened (not intimate-partner abuse)",
    }


def test_whether_the_partner_question_is_answered_is_required(safety_plan: Definition, plan: Answers) -> None:
    plan["about"]["intimate_partner"] = None
    assert evaluate(safety_plan, plan).errors == {"about.intimate_partner": "Please answer yes or no."}


# --- children -------------------------------------------------------------------------------------

def test_the_children_step_shows_only_with_children(safety_plan: Definition, plan: Answers) -> None:
    assert "children" in evaluate(safety_plan, plan).visible_steps
    assert next_step(safety_plan, plan, "emotional_health") == "children"
    plan["about"]["has_children"] = False
    result = evaluate(safety_plan, plan)
    assert "children" not in result.visible_steps
    assert "children" not in result.answers
    assert "who_may_pick_up_children" not in result.answers["home"]
    assert next_step(safety_plan, plan, "emotional_health") == "technology"


def test_the_children_step_asks_how_they_call_for_help(safety_plan: Definition, plan: Answers) -> None:
    plan["children"]["call_for_help"] = ""
    assert evaluate(safety_plan, plan).errors == {"children.call_for_help": "Please answer this question."}


# --- the whole plan -------------------------------------------------------------------------------

def test_the_high_danger_fixture_is_a_complete_high_danger_plan(safety_plan: Definition,
                                                                answers: Callable[[str], Answers]) -> None:
    result = evaluate(safety_plan, answers(HIGH_DANGER_FIXTURE))
    assert result.errors == {}
    assert result.complete is True
    assert result.visible_steps == [
        "about", "lethality", "protocol", "during_incident", "leaving", "home", "protective_order", "work_public",
        "alcohol_drugs", "emotional_health", "technology", "items_to_take", "numbers",
    ]
    assert result.computed == {
        "protocol_high_danger": True,
        "high_danger": True,
        "screen_yes_count": 6,
        "screen_result": "High danger — screened in by the protocol",
    }


def test_the_children_fixture_is_a_complete_plan_that_does_not_screen_in(safety_plan: Definition,
                                                                          plan: Answers) -> None:
    result = evaluate(safety_plan, plan)
    assert result.errors == {}
    assert result.complete is True
    assert "children" in result.visible_steps
    assert "protocol" not in result.visible_steps
    assert result.computed["high_danger"] is False
    assert result.computed["screen_yes_count"] == 3  # three "yes" of 4–11: one short of screening in


def test_an_empty_plan_lists_what_must_be_answered(safety_plan: Definition) -> None:
    result = evaluate(safety_plan, {})
    assert result.visible_steps == [
        "about", "during_incident", "leaving", "home", "protective_order", "work_public", "alcohol_drugs",
        "emotional_health", "technology", "items_to_take", "numbers",
    ]
    assert result.errors == {
        "about.person_name": "Please answer this question.",
        "about.plan_date": "Please answer this question.",
        "about.intimate_partner": "Please answer yes or no.",
        "about.has_children": "Please answer yes or no.",
        "during_incident.safer_rooms": "Please answer this question.",
        "during_incident.where_to_go": "Please answer this question.",
        "protective_order.has_order": "Please answer yes or no.",
        "numbers.important_numbers": "Please add at least one.",
    }


def test_an_important_number_needs_who_and_a_phone(safety_plan: Definition, plan: Answers) -> None:
    plan["numbers"]["important_numbers"].append({"who": "", "kind": "shelter", "phone": "shelter"})
    assert evaluate(safety_plan, plan).errors == {
        "numbers.important_numbers[4].who": "Please answer this question.",
        "numbers.important_numbers[4].phone":
            "Please enter a phone number with its area code, for example 309-555-0100.",
    }


def test_the_plan_date_cannot_be_in_the_future(safety_plan: Definition, plan: Answers) -> None:
    plan["about"]["plan_date"] = "2999-01-01"
    assert evaluate(safety_plan, plan).errors == {"about.plan_date": "The date cannot be after today."}


def test_order_of_protection_details_only_when_there_is_one(safety_plan: Definition, plan: Answers) -> None:
    plan["protective_order"]["has_order"] = False
    kept = evaluate(safety_plan, plan).answers["protective_order"]
    assert kept == {"has_order": False}
