"""Grading an intern's answers against a scenario's key: what they see on the feedback page —
what matched, what was missed and why, in plain words, with a score."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from workflows.feedback import Feedback, FeedbackItem, grade
from workflows.loader import Catalogue, load_directory
from workflows.scenarios import ExpectedAnswer, Scenario, ScenarioLibrary, load_scenarios

HIGH_DANGER = "sp_high_danger_through_questions_4_to_11"
SPANISH = "ki_spanish_interpreter_no_voicemail"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_directory()


@pytest.fixture(scope="module")
def library(catalogue: Catalogue) -> ScenarioLibrary:
    return load_scenarios(catalogue=catalogue)


def graded(library: ScenarioLibrary, catalogue: Catalogue, scenario_id: str,
           change: dict[str, dict[str, Any]] | None = None, lang: str = "en",
           scenario: Scenario | None = None) -> Feedback:
    scenario = scenario or library.get(scenario_id)
    answers = copy.deepcopy(scenario.model_answers)
    for step_id, fields in (change or {}).items():
        answers.setdefault(step_id, {}).update(fields)
    return grade(scenario, catalogue.get(scenario.workflow), answers, lang)


def item(feedback: Feedback, key: str) -> FeedbackItem:
    return next(i for i in feedback.items if i.key == key)


def test_the_model_answers_score_100(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    feedback = graded(library, catalogue, HIGH_DANGER)
    assert (feedback.score, feedback.matched, feedback.missed) == (100, 9, 0)
    assert all(i.matched for i in feedback.items)


def test_one_deliberate_mistake_shows_as_missed_with_its_reason(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    # The intern hears "he didn't choke me" and answers question 5 "no".
    feedback = graded(library, catalogue, HIGH_DANGER, {"lethality": {"q5": False}})
    q5 = item(feedback, "lethality.q5")
    assert not q5.matched
    assert q5.label == "5. Has the partner ever tried to choke (strangle) you?"
    assert q5.step_id == "lethality"
    assert (q5.expected, q5.given) == ("Yes", "No")
    assert "even though she said “he didn’t choke me”" in q5.why
    # Three "yes" answers to 4–11 no longer screen her in, and the protocol step disappears.
    assert [i.key for i in feedback.items if not i.matched] == [
        "lethality.q5", "protocol.hotline_called", "protocol_high_danger"]
    assert item(feedback, "protocol_high_danger").given == "No"
    # Weights: 11 in all; q5 (2), the protocol call (1) and the result (2) missed: 6/11 = 54.5 → 55.
    assert (feedback.score, feedback.matched, feedback.missed) == (55, 6, 3)


def test_items_follow_the_workflow_with_computed_values_last(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    keys = [i.key for i in graded(library, catalogue, HIGH_DANGER).items]
    assert keys == ["about.intimate_partner", "lethality.q3", "lethality.q4", "lethality.q5", "lethality.q7",
                    "lethality.q8", "lethality.q9", "protocol.hotline_called", "protocol_high_danger"]
    computed = item(graded(library, catalogue, HIGH_DANGER), "protocol_high_danger")
    assert (computed.step_id, computed.label) == (None, "High danger by the screening protocol")


def test_an_answer_on_a_hidden_field_counts_as_not_answered(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    # Not an intimate partner: the screen and the protocol step are hidden, whatever was typed there.
    feedback = graded(library, catalogue, HIGH_DANGER, {"about": {"intimate_partner": False}})
    hotline = item(feedback, "protocol.hotline_called")
    assert (hotline.matched, hotline.given) == (False, "Not answered")
    assert item(feedback, "lethality.q4").given == "Not answered"


def test_not_answered_matches_an_expected_blank(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    q9 = item(graded(library, catalogue, HIGH_DANGER), "lethality.q9")
    assert (q9.matched, q9.expected, q9.given) == (True, "Not answered", "Not answered")
    guessed = item(graded(library, catalogue, HIGH_DANGER, {"lethality": {"q9": True}}), "lethality.q9")
    assert (guessed.matched, guessed.given) == (False, "Yes")


def test_a_checklist_compares_as_a_set(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    scenario_id = "sp_three_yes_is_not_four"
    reordered = graded(library, catalogue, scenario_id, {"protective_order": {"copies_given_to": ["work", "school"]}})
    assert item(reordered, "protective_order.copies_given_to").matched
    extra = graded(library, catalogue, scenario_id,
                   {"protective_order": {"copies_given_to": ["work", "school", "police"]}})
    copies = item(extra, "protective_order.copies_given_to")
    assert not copies.matched
    assert copies.expected == "Work; School or childcare"
    assert copies.given == "Police department; Work; School or childcare"


def test_includes_accepts_more_but_not_fewer(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    scenario_id = "op_party_acquaintance_civil_no_contact"
    more = graded(library, catalogue, scenario_id,
                  {"conduct": {"conduct_types": ["physical_abuse", "stalking", "sexual_conduct"]}})
    conduct = item(more, "conduct.conduct_types")
    assert conduct.matched
    assert conduct.expected == ("At least: Non-consensual sexual conduct or sexual penetration; Stalking "
                                "(following, watching, monitoring, threatening, or contacting again and again)")
    fewer = graded(library, catalogue, scenario_id, {"conduct": {"conduct_types": ["stalking"]}})
    assert not item(fewer, "conduct.conduct_types").matched
    # With stalking alone the alternative becomes the stalking order, which the key also catches.
    assert not item(fewer, "alternative_title").matched


def test_text_ignores_case_and_spacing_and_accepts_listed_alternatives(
        library: ScenarioLibrary, catalogue: Catalogue) -> None:
    name = graded(library, catalogue, "op_coworker_stalking_no_contact",
                  {"alternative_worksheet": {"respondent_name": "  glen   PARTRIDGE "}})
    assert item(name, "alternative_worksheet.respondent_name").matched
    for language in ("Español", "spanish"):
        feedback = graded(library, catalogue, SPANISH, {"needs": {"interpreter_language": language}})
        assert item(feedback, "needs.interpreter_language").matched, language
    wrong = graded(library, catalogue, SPANISH, {"needs": {"interpreter_language": "Portuguese"}})
    assert not item(wrong, "needs.interpreter_language").matched


def test_yes_is_not_the_number_one_and_numbers_compare_by_value(
        library: ScenarioLibrary, catalogue: Catalogue) -> None:
    assert not item(graded(library, catalogue, HIGH_DANGER, {"lethality": {"q4": 1}}), "lethality.q4").matched
    hours = graded(library, catalogue, "sa_two_priors_under_the_limit",
                   {"adjustment": {"community_service_hours": 10.0}})
    assert item(hours, "adjustment.community_service_hours").matched
    assert item(hours, "adjustment.community_service_hours").given == "10"


def test_choices_show_their_labels(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    feedback = graded(library, catalogue, "op_coworker_stalking_no_contact",
                      {"relationship": {"respondent_relationship": "neighbor"}})
    relationship = item(feedback, "relationship.respondent_relationship")
    assert (relationship.expected, relationship.given) == ("Co-worker", "Neighbour")
    assert not relationship.matched


def test_weights_decide_the_score(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    scenario = library.get("ki_information_only")
    # The same answers, graded by a key of eight equal entries with one missed: 7/8 = 87.5, shown as 88.
    keys = ["reason.reasons", "safety.safe_now", "urgent", "wants_contact", "contact.may_call", "contact.may_text",
            "contact.may_leave_voicemail", "needs.interpreter_needed"]
    answers = {"reason.reasons": ["information"], "safety.safe_now": "yes", "urgent": False, "wants_contact": True,
               "contact.may_call": True, "contact.may_text": False, "contact.may_leave_voicemail": True,
               "needs.interpreter_needed": False}
    equal = scenario.model_copy(update={"key": [
        ExpectedAnswer(key=k, value=answers[k], why={"en": "Because."}) for k in keys]})
    feedback = graded(library, catalogue, "ki_information_only", scenario=equal)
    assert (feedback.score, feedback.missed) == (88, 1)
    assert item(feedback, "contact.may_text").given == "Yes"
    # Weighted 3 instead of 1, the same miss costs more: 7/10.
    heavy = scenario.model_copy(update={"key": [
        ExpectedAnswer(key=k, value=answers[k], why={"en": "Because."}, weight=3 if k == "contact.may_text" else 1)
        for k in keys]})
    assert graded(library, catalogue, "ki_information_only", scenario=heavy).score == 70


def test_feedback_in_spanish_uses_spanish_labels_values_and_reasons(
        library: ScenarioLibrary, catalogue: Catalogue) -> None:
    feedback = graded(library, catalogue, SPANISH, {"contact": {"may_leave_voicemail": True}}, lang="es")
    voicemail = item(feedback, "contact.may_leave_voicemail")
    assert voicemail.label == "¿Le podemos dejar un mensaje de voz?"
    assert (voicemail.expected, voicemail.given, voicemail.matched) == ("No", "Sí", False)
    assert voicemail.why.startswith("Nunca un mensaje de voz: suena en el altavoz de la casa.")
    safe = item(feedback, "safety.safe_now")
    assert (safe.label, safe.given) == ("¿Está a salvo ahora mismo?", "Sí, estoy a salvo ahora mismo")
    assert item(feedback, "urgent").label == "No está a salvo ahora mismo (o no está seguro/a)"
    hidden = graded(library, catalogue, SPANISH, {"contact": {"phone": ""}}, lang="es")
    assert item(hidden, "contact.may_call").given == "Sin respuesta"


def test_a_missing_spanish_reason_falls_back_to_english(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    feedback = graded(library, catalogue, "op_coworker_stalking_no_contact", lang="es")
    assert item(feedback, "op_eligible").why.startswith("The relationship does not qualify")


def test_answers_that_are_not_a_mapping_grade_as_nothing_answered(
        library: ScenarioLibrary, catalogue: Catalogue) -> None:
    scenario = library.get("ki_information_only")
    feedback = grade(scenario, catalogue.get("kiosk_intake"), [], "en")  # type: ignore[arg-type]
    assert feedback.matched < len(feedback.items)
    assert item(feedback, "reason.reasons").given == "Not answered"
