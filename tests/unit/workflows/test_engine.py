"""The engine on a small intake workflow: which steps show, which answers count, required and
required_if, rules, completeness and moving between steps (each field type: test_engine_fields.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from support.engine_intake import COMPLETE, INTAKE, errors_for, with_answers

from workflows.engine import Evaluation, evaluate, first_incomplete_step, next_step, previous_step, resolve_step
from workflows.model import Definition


@pytest.fixture(scope="module")
def intake(build: Callable[..., Definition]) -> Definition:
    return build(INTAKE, "intake.yaml")


# --- the baseline ---------------------------------------------------------------------------------

def test_complete_answers_have_no_errors(intake: Definition) -> None:
    result = evaluate(intake, COMPLETE)
    assert result.errors == {}
    assert result.complete is True
    assert result.visible_steps == ["person", "contact", "closing"]
    assert result.computed == {"is_adult": True, "risk_points": 0, "child_count": 0}


def test_empty_answers_list_every_required_question(intake: Definition) -> None:
    result = evaluate(intake, {})
    assert result.complete is False
    assert result.errors == {
        "person.name": "Please answer this question.",
        "person.partner": "Please answer yes or no.",
        "contact.email": "Please give a phone number or an email address.",
    }
    assert result.visible_steps == ["person", "contact", "closing"]


def test_as_json_has_exactly_the_cli_keys(intake: Definition) -> None:
    assert set(evaluate(intake, COMPLETE).as_json()) == {"visible_steps", "computed", "errors", "complete"}


# --- visibility and which answers count -----------------------------------------------------------

def test_steps_show_only_when_their_condition_holds(intake: Definition) -> None:
    answers = with_answers(person={"partner": True, "weapon": False}, contact={"children_count": 2},
                           partner_details={"partner_name": "Dan"},
                           children={"kids": [{"name": "Kai"}, {"name": "Mia"}]})
    assert evaluate(intake, answers).visible_steps == ["person", "contact", "partner_details", "children", "closing"]


def test_a_hidden_steps_answers_are_dropped(intake: Definition) -> None:
    answers = with_answers(partner_details={"partner_name": "Dan"}, children={"kids": [{"name": "Kai"}]})
    result = evaluate(intake, answers)
    assert "partner_details" not in result.visible_steps
    assert "partner_details" not in result.answers
    assert "children" not in result.answers
    assert result.computed["child_count"] == 0  # the hidden kids list is not counted


def test_a_hidden_fields_answer_is_dropped_and_does_not_count(intake: Definition) -> None:
    # `weapon` shows only for a partner; a stale "yes" left from before must not count.
    answers = with_answers(person={"partner": False, "weapon": True, "weapon_kind": "knife"})
    result = evaluate(intake, answers)
    assert "weapon" not in result.answers["person"]
    assert result.computed["risk_points"] == 0
    assert result.errors == {}


def test_the_same_answer_counts_when_its_field_shows(intake: Definition) -> None:
    answers = with_answers(person={"partner": True, "weapon": True, "weapon_kind": "knife"},
                           partner_details={"partner_name": "Dan"})
    result = evaluate(intake, answers)
    assert result.answers["person"]["weapon"] is True
    assert result.computed["risk_points"] == 2


def test_unknown_steps_and_fields_and_instructions_are_not_kept(intake: Definition) -> None:
    answers = with_answers(person={"nickname": "M", "intro": "typed into an instruction"}, extra={"x": 1})
    result = evaluate(intake, answers)
    assert "extra" not in result.answers
    assert "nickname" not in result.answers["person"]
    assert "intro" not in result.answers["person"]


def test_unanswered_visible_fields_are_kept_as_null(intake: Definition) -> None:
    assert evaluate(intake, COMPLETE).answers["person"]["case_number"] is None


def test_a_step_with_answers_that_are_not_a_mapping_is_an_error(intake: Definition) -> None:
    result = evaluate(intake, with_answers() | {"closing": ["notes"]})
    assert result.errors == {"closing.notes": "The answers to this step are not in the right form."}


@pytest.mark.parametrize("answers", [None, [], "text"])
def test_answers_that_are_not_a_mapping_at_all_count_as_empty(intake: Definition, answers: Any) -> None:
    # Regression: a non-mapping used to crash evaluate() after the walk.
    result = evaluate(intake, answers)
    assert result.visible_steps == ["person", "contact", "closing"]
    assert result.complete is False


def test_evaluate_does_not_change_the_answers_it_is_given(intake: Definition) -> None:
    answers = with_answers(person={"partner": False, "weapon": True})
    before = repr(answers)
    evaluate(intake, answers)
    assert repr(answers) == before


# --- required and required_if ---------------------------------------------------------------------

@pytest.mark.parametrize("blank", [None, "", "   ", ...])
def test_a_required_text_must_be_filled_in(intake: Definition, blank: Any) -> None:
    assert errors_for(intake, "person", name=blank) == {"person.name": "Please answer this question."}


def test_required_if_applies_only_when_its_condition_holds(intake: Definition) -> None:
    base = {"partner": True, "weapon": True}
    extra = {"partner_details": {"partner_name": "Dan"}}
    assert evaluate(intake, with_answers(person=base, **extra)).errors == {
        "person.weapon_kind": "Please answer this question."}
    assert evaluate(intake, with_answers(person={**base, "weapon": False}, **extra)).errors == {}
    assert evaluate(intake, with_answers(person={**base, "weapon": None}, **extra)).errors == {}


def test_a_required_yesno_is_answered_by_no_but_not_by_not_answered(intake: Definition) -> None:
    assert errors_for(intake, "person", partner=False) == {}
    assert errors_for(intake, "person", partner=True) == {
        "partner_details.partner_name": "Please answer this question."}
    assert errors_for(intake, "person", partner=None) == {"person.partner": "Please answer yes or no."}


def test_a_required_field_on_a_hidden_step_is_not_required(intake: Definition) -> None:
    assert "partner_details.partner_name" not in evaluate(intake, COMPLETE).errors


# --- rules ----------------------------------------------------------------------------------------

def test_a_failing_rule_shows_its_message_on_its_field(intake: Definition) -> None:
    assert errors_for(intake, "contact", phone=None) == {
        "contact.email": "Please give a phone number or an email address."}
    assert errors_for(intake, "contact", phone=None, email="maria@example.org") == {}


def test_a_rule_without_a_field_shows_on_the_first_field_of_its_step(intake: Definition) -> None:
    assert errors_for(intake, "contact", language="es") == {"contact.phone": "Rule without a field."}


def test_a_rule_does_not_hide_the_fields_own_problem(intake: Definition) -> None:
    assert errors_for(intake, "contact", phone=None, email="not an email") == {
        "contact.email": "Please enter an email address, for example name@example.org."}


def test_rules_speak_spanish(intake: Definition) -> None:
    result = evaluate(intake, with_answers(contact={"phone": None}), lang="es")
    assert result.errors == {"contact.email": "Dé un teléfono o un correo."}


def test_messages_speak_spanish(intake: Definition) -> None:
    result = evaluate(intake, with_answers(person={"partner": None, "case_number": "1"}), lang="es")
    assert result.errors == {
        "person.partner": "Por favor, responda sí o no.",
        "person.case_number": "Un número de caso se ve así: 26-0142.",
    }


# --- completeness and moving between steps --------------------------------------------------------

def test_complete_is_false_while_any_visible_step_has_a_problem(intake: Definition) -> None:
    result = evaluate(intake, with_answers(closing={"notes": "x" * 20_001}))
    assert result.complete is False
    assert first_incomplete_step(result) == "closing"
    assert first_incomplete_step(evaluate(intake, COMPLETE)) is None


def test_step_errors_are_only_that_steps(intake: Definition) -> None:
    result = evaluate(intake, {})
    assert result.step_errors("person") == {"person.name": "Please answer this question.",
                                            "person.partner": "Please answer yes or no."}
    assert result.step_errors("closing") == {}
    assert first_incomplete_step(result) == "person"


def test_complete_is_computed_when_the_evaluation_is_made() -> None:
    assert Evaluation(visible_steps=[], answers={}, computed={}, errors={}).complete is True
    assert Evaluation(visible_steps=[], answers={}, computed={}, errors={"a.b": "x"}).complete is False


PARTNER = {"person": {"partner": True}}
NO_PARTNER = {"person": {"partner": False}}
WITH_CHILDREN = {"person": {"partner": False}, "contact": {"children_count": 1}}


@pytest.mark.parametrize(("answers", "step", "expected"), [
    (NO_PARTNER, "person", "contact"),
    (NO_PARTNER, "contact", "closing"),  # partner_details and children are hidden
    (PARTNER, "contact", "partner_details"),
    (WITH_CHILDREN, "contact", "children"),
    (NO_PARTNER, "closing", None),  # after the last: the review screen
    (NO_PARTNER, "partner_details", "closing"),  # from a step that has just become hidden
])
def test_next_step_skips_hidden_steps(intake: Definition, answers: dict[str, Any], step: str,
                                      expected: str | None) -> None:
    assert next_step(intake, answers, step) == expected


@pytest.mark.parametrize(("answers", "step", "expected"), [
    (NO_PARTNER, "closing", "contact"),
    (PARTNER, "closing", "partner_details"),
    (WITH_CHILDREN, "closing", "children"),
    (NO_PARTNER, "person", None),
    (NO_PARTNER, "children", "contact"),
])
def test_previous_step_skips_hidden_steps(intake: Definition, answers: dict[str, Any], step: str,
                                          expected: str | None) -> None:
    assert previous_step(intake, answers, step) == expected


@pytest.mark.parametrize(("answers", "wanted", "expected"), [
    (PARTNER, "partner_details", "partner_details"),  # visible: itself
    (NO_PARTNER, "partner_details", "closing"),  # hidden now: the next visible step
    (NO_PARTNER, "children", "closing"),
    (NO_PARTNER, None, "person"),  # nothing asked for: the first step
    (NO_PARTNER, "no_such_step", "person"),
])
def test_resolve_step(intake: Definition, answers: dict[str, Any], wanted: str | None, expected: str) -> None:
    assert resolve_step(intake, answers, wanted) == expected


def test_resolve_step_to_a_hidden_last_step_goes_to_the_last_visible_one(build: Any) -> None:
    definition = build("""
        id: demo
        version: 1
        title: {en: Demo}
        steps:
          - {id: a, title: {en: A}, fields: [{id: more, type: yesno, label: {en: "More?"}}]}
          - {id: b, title: {en: B}, fields: [{id: x, type: text, label: {en: X}}]}
          - {id: c, title: {en: C}, show_if: "a.more == true", fields: [{id: y, type: text, label: {en: Y}}]}
    """)
    assert resolve_step(definition, {"a": {"more": False}}, "c") == "b"
    assert resolve_step(definition, {"a": {"more": True}}, "c") == "c"


def test_a_chain_of_computed_values_is_evaluated_once_each(build: Callable[..., Definition],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: computed values were recomputed on every lookup, so a chain where each value
    reads the one before twice cost 2**n evaluations."""
    chain = "\n".join(f"  c{i}: \"c{i - 1} + c{i - 1}\"" for i in range(1, 25))
    definition = build(f"""
id: chain
version: 1
title: {{en: Chain}}
computed:
  c0: "length(s.items)"
{chain}
steps:
  - id: s
    title: {{en: S}}
    fields:
      - {{id: items, type: multi_choice, label: {{en: Items}}, choices: [{{value: a, label: {{en: A}}}}]}}
""", "chain.yaml")
    from workflows import expressions

    calls = 0
    original = expressions.Expression.evaluate

    def counting(self: expressions.Expression, lookup: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, lookup)

    monkeypatch.setattr(expressions.Expression, "evaluate", counting)
    result = evaluate(definition, {"s": {"items": ["a"]}})
    assert result.computed["c24"] == 2**24
    assert calls < 100
