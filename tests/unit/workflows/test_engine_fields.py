"""The engine on the small intake workflow, one field type at a time: what each says when an answer
is wrong, and repeating groups (their counts, entries, and conditions that read their own item)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from support.engine_intake import INTAKE, errors_for, with_answers

from workflows.engine import evaluate
from workflows.model import Definition


@pytest.fixture(scope="module")
def intake(build: Callable[..., Definition]) -> Definition:
    return build(INTAKE, "intake.yaml")


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
