"""The engine on a small intake workflow: which steps show, which answers count, what each field
says when an answer is wrong, rules, completeness and moving between steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from workflows.engine import Evaluation, evaluate, first_incomplete_step, next_step, previous_step, resolve_step
from workflows.model import Definition

INTAKE = """
id: intake
version: 2
title: {en: Intake, es: Admisión}
constants:
  adult_age: {value: 18, cite: "Illinois: age of majority, 755 ILCS 5/11-1"}
computed:
  is_adult: "age_on(person.born, person.seen_on) >= adult_age"
  risk_points: "count_yes(person.partner, person.weapon)"
  child_count: "length(children.kids)"
steps:
  - id: person
    title: {en: Person}
    fields:
      - {id: intro, type: instructions, text: {en: Read this first.}}
      - {id: name, type: text, label: {en: Name}, required: true, max_length: 20}
      - id: case_number
        type: text
        label: {en: Case number}
        pattern: "[0-9]{2}-[0-9]{4}"
        pattern_message: {en: "A case number looks like 26-0142.", es: "Un número de caso se ve así: 26-0142."}
      - {id: report_number, type: text, label: {en: Report number}, pattern: "R[0-9]+"}
      - {id: born, type: date, label: {en: Date of birth}, max: today}
      - {id: seen_on, type: date, label: {en: Date seen}, min: "2020-01-01"}
      - {id: partner, type: yesno, label: {en: "Partner?"}, required: true}
      - {id: weapon, type: yesno, label: {en: "Weapon?"}, show_if: "person.partner == true"}
      - {id: weapon_kind, type: text, label: {en: Which weapon}, required_if: "person.weapon == true"}
  - id: contact
    title: {en: Contact}
    fields:
      - {id: phone, type: phone, label: {en: Phone}}
      - {id: email, type: email, label: {en: Email}}
      - {id: children_count, type: number, label: {en: Children}, min: 0, max: 20}
      - id: language
        type: choice
        label: {en: Language}
        choices: [{value: en, label: {en: English}}, {value: es, label: {en: Spanish}}]
      - id: needs
        type: multi_choice
        label: {en: Needs}
        min: 1
        max: 2
        choices:
          - {value: housing, label: {en: Housing}}
          - {value: food, label: {en: Food}}
          - {value: legal, label: {en: Legal help}}
    rules:
      - check: "contact.phone != null or contact.email != null"
        message: {en: Please give a phone number or an email address., es: Dé un teléfono o un correo.}
        field: email
      - check: "not (contact.language == 'es' and contact.children_count == 0)"
        message: {en: "Rule without a field."}
  - id: partner_details
    title: {en: Partner}
    show_if: "person.partner == true"
    fields:
      - {id: partner_name, type: text, label: {en: Partner's name}, required: true}
  - id: children
    title: {en: Children}
    show_if: "contact.children_count > 0"
    fields:
      - id: kids
        type: group
        label: {en: Children}
        min_items: 1
        max_items: 3
        fields:
          - {id: name, type: text, label: {en: Name}, required: true}
          - {id: born, type: date, label: {en: Born}}
          - {id: school, type: text, label: {en: School}, show_if: "age_on(item.born, '2026-09-01') >= 5"}
          - {id: school_phone, type: phone, label: {en: School phone}, required_if: "item.school != null"}
  - id: closing
    title: {en: Closing}
    fields:
      - {id: notes, type: long_text, label: {en: Notes}}
"""

COMPLETE: dict[str, Any] = {
    "person": {"name": "Maria", "born": "1990-04-02", "seen_on": "2026-03-14", "partner": False},
    "contact": {"phone": "309-555-0100", "children_count": 0, "language": "en", "needs": ["housing"]},
    "closing": {"notes": ""},
}


@pytest.fixture(scope="module")
def intake(build: Callable[..., Definition]) -> Definition:
    return build(INTAKE, "intake.yaml")


def with_answers(**steps: dict[str, Any]) -> dict[str, Any]:
    """COMPLETE with some fields of some steps changed (a value of `...` removes the field)."""
    answers = {k: dict(v) for k, v in COMPLETE.items()}
    for step_id, fields in steps.items():
        target = answers.setdefault(step_id, {})
        for field_id, value in fields.items():
            if value is ...:
                target.pop(field_id, None)
            else:
                target[field_id] = value
    return answers


def errors_for(intake: Definition, step_id: str, **fields: Any) -> dict[str, str]:
    return evaluate(intake, with_answers(**{step_id: fields})).errors


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


# --- each field type ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("M" * 20, None),
    ("M" * 21, "Please keep this to 20 characters or fewer."),
    (42, "Please type your answer as text."),
    (["Maria"], "Please type your answer as text."),
])
def test_text(intake: Definition, value: Any, message: str | None) -> None:
    assert errors_for(intake, "person", name=value).get("person.name") == message


def test_text_has_a_default_length_limit(intake: Definition) -> None:
    assert errors_for(intake, "person", weapon_kind="x" * 501) == {
        "person.weapon_kind": "Please keep this to 500 characters or fewer."}
    assert errors_for(intake, "closing", notes="x" * 20_001) == {
        "closing.notes": "Please keep this to 20000 characters or fewer."}


@pytest.mark.parametrize(("value", "message"), [
    ("26-0142", None),
    (" 26-0142 ", None),  # surrounding spaces are forgiven
    ("26-142", "A case number looks like 26-0142."),
    ("x26-0142", "A case number looks like 26-0142."),
    ("26-01423", "A case number looks like 26-0142."),  # the whole answer must match
])
def test_pattern_with_its_own_message(intake: Definition, value: str, message: str | None) -> None:
    assert errors_for(intake, "person", case_number=value).get("person.case_number") == message


def test_pattern_without_a_message_says_check_it_not_the_regex(intake: Definition) -> None:
    assert errors_for(intake, "person", report_number="X1") == {
        "person.report_number": "This does not look right. Please check it."}


@pytest.mark.parametrize(("value", "message"), [
    (0, None),
    (20, None),
    (2.0, None),
    (-1, "Please enter 0 or more."),
    (21, "Please enter 20 or less."),
    ("3", "Please enter a number."),
    (True, "Please enter a number."),  # yes is not 1
    (float("nan"), "Please enter a number."),
    (float("inf"), "Please enter a number."),
])
def test_number(intake: Definition, value: Any, message: str | None) -> None:
    assert errors_for(intake, "contact", children_count=value).get("contact.children_count") == message


@pytest.mark.parametrize(("value", "message"), [
    ("1990-04-02", None),
    ("2024-02-29", None),
    ("2026-02-29", "Please enter a date as year-month-day, for example 2026-03-14."),
    ("04/02/1990", "Please enter a date as year-month-day, for example 2026-03-14."),
    ("19900402", "Please enter a date as year-month-day, for example 2026-03-14."),
    ("1990-W14-1", "Please enter a date as year-month-day, for example 2026-03-14."),  # ISO week date
    ("1990-4-2", "Please enter a date as year-month-day, for example 2026-03-14."),
    (19900402, "Please enter a date as year-month-day, for example 2026-03-14."),
])
def test_date_format(intake: Definition, value: Any, message: str | None) -> None:
    assert errors_for(intake, "person", born=value).get("person.born") == message


def test_date_max_today(intake: Definition) -> None:
    today = dt.date.today()
    assert errors_for(intake, "person", born=today.isoformat()) == {}
    assert errors_for(intake, "person", born=(today + dt.timedelta(days=1)).isoformat()) == {
        "person.born": "The date cannot be after today."}


def test_date_min(intake: Definition) -> None:
    assert errors_for(intake, "person", seen_on="2020-01-01") == {}
    assert errors_for(intake, "person", seen_on="2019-12-31") == {
        "person.seen_on": "The date cannot be before 2020-01-01."}


@pytest.mark.parametrize(("value", "message"), [
    (True, None),
    (False, None),
    (None, "Please answer yes or no."),
    ("yes", "Please answer yes, no or not answered."),
    (1, "Please answer yes, no or not answered."),
])
def test_yesno(intake: Definition, value: Any, message: str | None) -> None:
    answers = with_answers(person={"partner": value}, partner_details={"partner_name": "Dan"})
    assert evaluate(intake, answers).errors.get("person.partner") == message


@pytest.mark.parametrize(("value", "message"), [
    ("es", None),
    (None, None),  # not required
    ("fr", "Please choose one of the options shown."),
    ("English", "Please choose one of the options shown."),  # the label is not the value
    (["en"], "Please choose one of the options shown."),
])
def test_choice(intake: Definition, value: Any, message: str | None) -> None:
    assert errors_for(intake, "contact", language=value).get("contact.language") == message


@pytest.mark.parametrize(("value", "message"), [
    (["housing"], None),
    (["housing", "legal"], None),
    ([], None),  # not required, so nothing chosen is fine; `min` counts only once something is
    (["housing", "food", "legal"], "Please choose no more than 2."),
    (["housing", "rent"], "Please choose one of the options shown."),
    ("housing", "Please choose one of the options shown."),
])
def test_multi_choice(intake: Definition, value: Any, message: str | None) -> None:
    assert errors_for(intake, "contact", needs=value).get("contact.needs") == message


def test_multi_choice_min(build: Any) -> None:
    definition = build("""
        id: demo
        version: 1
        title: {en: Demo}
        steps:
          - id: s
            title: {en: S}
            fields:
              - id: pick
                type: multi_choice
                label: {en: Pick}
                required: true
                min: 2
                choices: [{value: a, label: {en: A}}, {value: b, label: {en: B}}, {value: c, label: {en: C}}]
    """)
    assert evaluate(definition, {"s": {"pick": []}}).errors == {"s.pick": "Please choose an answer."}
    assert evaluate(definition, {"s": {"pick": ["a"]}}).errors == {"s.pick": "Please choose at least 2."}
    assert evaluate(definition, {"s": {"pick": ["a", "c"]}}).errors == {}


@pytest.mark.parametrize(("value", "message"), [
    ("309-555-0100", None),
    ("(309) 555-0100", None),
    ("+1 309 555 0100", None),
    ("555-0100", None),  # seven digits
    ("555-010", "Please enter a phone number with its area code, for example 309-555-0100."),
    ("call me", "Please enter a phone number with its area code, for example 309-555-0100."),
    ("309-555-0100 ext 2", "Please enter a phone number with its area code, for example 309-555-0100."),
    ("1234567890123456", "Please enter a phone number with its area code, for example 309-555-0100."),
])
def test_phone(intake: Definition, value: str, message: str | None) -> None:
    assert errors_for(intake, "contact", phone=value).get("contact.phone") == message


@pytest.mark.parametrize(("value", "message"), [
    ("maria@example.org", None),
    (" maria@example.org ", None),
    ("maria@example", "Please enter an email address, for example name@example.org."),
    ("maria example.org", "Please enter an email address, for example name@example.org."),
    ("a@b@c.org", "Please enter an email address, for example name@example.org."),
])
def test_email(intake: Definition, value: str, message: str | None) -> None:
    assert errors_for(intake, "contact", email=value).get("contact.email") == message


# --- repeating groups -----------------------------------------------------------------------------

def kids_errors(intake: Definition, kids: Any) -> dict[str, str]:
    answers = with_answers(contact={"children_count": 2}, children={"kids": kids})
    return evaluate(intake, answers).step_errors("children")


def test_group_min_items(intake: Definition) -> None:
    assert kids_errors(intake, []) == {"children.kids": "Please add at least one."}
    assert kids_errors(intake, None) == {"children.kids": "Please add at least one."}


def test_group_max_items(intake: Definition) -> None:
    assert kids_errors(intake, [{"name": n} for n in "ABCD"]) == {"children.kids": "Please add no more than 3."}


def test_group_entries_must_be_records(intake: Definition) -> None:
    assert kids_errors(intake, ["Kai"]) == {"children.kids": "Please add the entries as a list."}
    assert kids_errors(intake, {"name": "Kai"}) == {"children.kids": "Please add the entries as a list."}


def test_group_errors_are_keyed_by_item_and_sub_field(intake: Definition) -> None:
    kids = [{"name": "Kai", "born": "2017-01-05"}, {"name": "", "born": "5 Jan 2017"}]
    assert kids_errors(intake, kids) == {
        "children.kids[1].name": "Please answer this question.",
        "children.kids[1].born": "Please enter a date as year-month-day, for example 2026-03-14.",
    }


def test_group_sub_field_conditions_read_their_own_item(intake: Definition) -> None:
    kids = [
        {"name": "Kai", "born": "2017-01-05", "school": "Lincoln Elementary"},  # 9: school shows; phone required
        {"name": "Mia", "born": "2024-06-01", "school": "Sunshine Daycare"},  # 2: no school question
        {"name": "Leo", "born": "2018-02-02", "school": "Lincoln", "school_phone": "309-555-0123"},
    ]
    answers = with_answers(contact={"children_count": 3}, children={"kids": kids})
    result = evaluate(intake, answers)
    assert result.errors == {"children.kids[0].school_phone": "Please answer this question."}
    kept = result.answers["children"]["kids"]
    assert kept[0] == {"name": "Kai", "born": "2017-01-05", "school": "Lincoln Elementary", "school_phone": None}
    assert kept[1] == {"name": "Mia", "born": "2024-06-01", "school_phone": None}  # hidden school dropped
    assert kept[2]["school_phone"] == "309-555-0123"


def test_nested_groups_read_their_own_item(build: Any) -> None:
    definition = build("""
        id: demo
        version: 1
        title: {en: Demo}
        steps:
          - id: household
            title: {en: Household}
            fields:
              - id: people
                type: group
                label: {en: People}
                fields:
                  - {id: name, type: text, label: {en: Name}, required: true}
                  - {id: has_phone, type: yesno, label: {en: "Has a phone?"}}
                  - id: phones
                    type: group
                    label: {en: Phones}
                    show_if: "item.has_phone == true"
                    required_if: "item.has_phone == true"
                    fields:
                      - {id: number, type: phone, label: {en: Number}, required: true}
                      - {id: mobile, type: yesno, label: {en: "Mobile?"}}
                      - {id: texts_ok, type: yesno, label: {en: "Texts OK?"}, show_if: "item.mobile == true"}
    """)
    people = [
        {"name": "Ana", "has_phone": True, "phones": [
            {"number": "309-555-0100", "mobile": True, "texts_ok": False},
            {"number": "12", "mobile": False, "texts_ok": True},
        ]},
        {"name": "Ben", "has_phone": False, "phones": [{"number": "bad"}]},
        {"name": "Cy", "has_phone": True, "phones": []},
    ]
    result = evaluate(definition, {"household": {"people": people}})
    assert result.errors == {
        "household.people[0].phones[1].number":
            "Please enter a phone number with its area code, for example 309-555-0100.",
        "household.people[2].phones": "Please add at least one.",
    }
    kept = result.answers["household"]["people"]
    assert kept[0]["phones"][1] == {"number": "12", "mobile": False}  # texts_ok hidden: not a mobile
    assert "phones" not in kept[1]  # no phone: Ben's stale phone list is dropped, and not checked


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
