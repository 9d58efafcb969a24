"""The expression language's list and date helpers: `count_where`, `count_where_between`,
`values_where`, `years_before`, `add_days` — what they compute, how they treat missing values, and what the parser
and the definition checker refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from workflows.expressions import ExpressionError, parse
from workflows.functions import add_days, count_where, count_where_between, values_where, years_before
from workflows.loader import DefinitionError
from workflows.model import Definition

PRIORS: list[Any] = [
    {"type": "informal", "offense_class": "misdemeanor", "date": "2023-03-14"},
    {"type": "informal", "offense_class": "felony", "date": "2023-03-13"},
    {"type": "formal", "offense_class": "felony", "date": "2025-01-02"},
    {"type": "formal", "offense_class": "felony", "date": "2026-03-14"},
    {"type": "formal", "offense_class": None, "date": None},
    "not a record",
    None,
]

ANSWERS: dict[tuple[str, ...], Any] = {
    ("history", "priors"): PRIORS,
    ("incident", "date"): "2026-03-14",
    ("incident", "offense_class"): "felony",
    ("incident", "unanswered"): None,
}


def ev(source: str) -> Any:
    return parse(source).evaluate(lambda name: ANSWERS.get(name))


# --- count_where ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("count_where(history.priors)", 5),  # every record; text and null entries are not records
    ("count_where(history.priors, 'type', 'formal')", 3),
    ("count_where(history.priors, 'type', 'formal', 'offense_class', 'felony')", 2),
    ("count_where(history.priors, 'type', 'formal', 'offense_class', incident.offense_class)", 2),
    ("count_where(history.priors, 'type', 'formal', 'offense_class', null)", 1),
    ("count_where(history.priors, 'type', 'other')", 0),
    ("count_where(history.priors, 'colour', 'red')", 0),
    ("count_where(incident.unanswered, 'type', 'formal')", 0),
    ("count_where(incident.date, 'type', 'formal')", 0),
    ("count_where([], 'type', 'formal')", 0),
])
def test_count_where(source: str, expected: int) -> None:
    assert ev(source) == expected


def test_count_where_does_not_take_yes_for_one() -> None:
    items = [{"n": 1}, {"n": True}, {"n": 1.0}, {"n": False}, {"n": 0}]
    assert count_where(items, "n", 1) == 2
    assert count_where(items, "n", True) == 1
    assert count_where(items, "n", False) == 1
    assert count_where(items, "n", 0) == 1


def test_count_where_with_an_unpaired_condition_is_null_when_called_directly() -> None:
    assert count_where(PRIORS, "type") is None


# --- count_where_between ------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2023-03-14", "2026-03-14", 3),  # both ends included
    ("2023-03-15", "2026-03-14", 2),  # the first day left out
    ("2023-03-14", "2026-03-13", 2),  # the last day left out
    ("2023-03-13", "2026-03-14", 4),
    ("2026-03-15", "2026-03-14", 0),  # an empty range
])
def test_count_where_between_includes_both_days(start: str, end: str, expected: int) -> None:
    assert count_where_between(PRIORS, "date", start, end) == expected


def test_count_where_between_with_conditions() -> None:
    assert count_where_between(PRIORS, "date", "2023-03-14", "2026-03-14", "type", "formal",
                               "offense_class", "felony") == 2
    assert count_where_between(PRIORS, "date", "2023-03-14", "2026-03-13", "type", "formal",
                               "offense_class", "felony") == 1
    assert count_where_between(PRIORS, "date", "2023-03-13", "2023-03-14", "type", "informal") == 2


def test_count_where_between_without_conditions_counts_every_dated_record() -> None:
    assert count_where_between(PRIORS, "date", "2023-03-13", "2026-03-14") == 4


@pytest.mark.parametrize(("start", "end"), [(None, "2026-03-14"), ("2023-03-14", None), ("soon", "2026-03-14"),
                                            (3, "2026-03-14")])
def test_count_where_between_an_unknown_bound_is_null_not_open(start: Any, end: Any) -> None:
    assert count_where_between(PRIORS, "date", start, end) is None


def test_count_where_between_a_missing_list_counts_zero() -> None:
    assert count_where_between(None, "date", "2023-03-14", "2026-03-14") == 0


def test_count_where_between_in_an_expression() -> None:
    assert ev("count_where_between(history.priors, 'date', years_before(incident.date, 3), incident.date, "
              "'type', 'formal')") == 2
    assert ev("count_where_between(history.priors, 'date', years_before(incident.unanswered, 3), "
              "incident.date) >= 0") is False


# --- values_where ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("values_where(history.priors, 'type')", ["informal", "formal"]),  # each value once, in order
    ("values_where(history.priors, 'date', 'type', 'formal')", ["2025-01-02", "2026-03-14"]),  # null left out
    ("values_where(history.priors, 'date', 'type', 'formal', 'offense_class', incident.offense_class)",
     ["2025-01-02", "2026-03-14"]),
    ("values_where(history.priors, 'date', 'type', 'other')", []),
    ("values_where(incident.unanswered, 'type')", []),
    ("values_where(history.priors, 'colour')", []),
    ("values_where(history.priors, 'type') + ['extra']", ["informal", "formal", "extra"]),
])
def test_values_where(source: str, expected: list[Any]) -> None:
    assert ev(source) == expected


def test_values_where_keeps_yes_and_one_apart_and_refuses_an_unpaired_condition() -> None:
    assert values_where([{"n": 1}, {"n": True}, {"n": 1}], "n") == [1, True]
    assert values_where(PRIORS, "date", "type") is None


# --- years_before, add_days ----------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "years", "expected"), [
    ("2026-03-14", 3, "2023-03-14"),
    ("2024-02-29", 3, "2021-02-28"),  # 29 February in a year that is not a leap year
    ("2024-02-29", 4, "2020-02-29"),
    ("2024-02-29", 100, "1924-02-29"),
    ("2028-02-29", 128, "1900-02-28"),  # 1900 was not a leap year
    ("2026-03-14", 0, "2026-03-14"),
    ("2026-03-14", -1, "2027-03-14"),
    ("2026-03-14", 3.0, "2023-03-14"),
])
def test_years_before(date: str, years: Any, expected: str) -> None:
    assert years_before(date, years) == expected


@pytest.mark.parametrize(("date", "years"), [(None, 3), ("2026-03-14", None), ("2026-13-01", 3),
                                             ("2026-03-14", 2.5), ("2026-03-14", True), ("2026-03-14", "3"),
                                             ("2026-03-14", 5000)])
def test_years_before_missing_or_unreadable_is_null(date: Any, years: Any) -> None:
    assert years_before(date, years) is None


@pytest.mark.parametrize(("date", "days", "expected"), [
    ("2026-03-14", 1, "2026-03-15"),
    ("2026-02-28", 1, "2026-03-01"),
    ("2024-02-28", 1, "2024-02-29"),
    ("2026-03-14", -14, "2026-02-28"),
    ("2026-03-14", 119, "2026-07-11"),
])
def test_add_days(date: str, days: int, expected: str) -> None:
    assert add_days(date, days) == expected


@pytest.mark.parametrize(("date", "days"), [(None, 1), ("2026-03-14", None), ("x", 1), ("2026-03-14", 1.5),
                                            ("9999-12-31", 1), ("2026-03-14", 10**12)])
def test_add_days_missing_or_impossible_is_null(date: Any, days: Any) -> None:
    assert add_days(date, days) is None


# --- refused when parsed --------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "reason"), [
    ("count_where()", "takes at least 1 argument, not 0"),
    ("count_where(history.priors, 'type')", "come in pairs"),
    ("count_where(history.priors, type, 'formal')", "must be written as text in quotes"),
    ("count_where(history.priors, incident.offense_class, 'felony')", "must be written as text in quotes"),
    ("count_where(history.priors, '', 'felony')", "must be written as text in quotes"),
    ("count_where_between(history.priors, 'date', incident.date)", "takes at least 4 arguments, not 3"),
    ("count_where_between(history.priors, date, '2023-01-01', incident.date)", "argument 2 names a sub-field"),
    ("count_where_between(history.priors, 'date', '2023-01-01', incident.date, 'type')", "come in pairs"),
    ("years_before(incident.date)", "takes 2 arguments, not 1"),
    ("years_before(incident.date, 3, 4)", "takes 2 arguments, not 3"),
    ("add_days(incident.date)", "takes 2 arguments, not 1"),
    ("values_where(history.priors)", "takes at least 2 arguments, not 1"),
    ("values_where(history.priors, type)", "argument 2 names a sub-field"),
    ("values_where(history.priors, 'date', 'type')", "come in pairs"),
])
def test_wrong_calls_are_refused_when_parsed(source: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        parse(source)


def test_the_sub_field_names_are_collected_with_their_list() -> None:
    expr = parse("count_where_between(history.priors, 'date', incident.date, incident.date, 'type', 'formal') "
                 "+ count_where([1], 'x', 1)")
    assert expr.field_refs == frozenset({(("history", "priors"), "date"), (("history", "priors"), "type")})
    assert ("history", "priors") in expr.names


# --- checked against the definition -----------------------------------------------------------------------

DEMO = """
    id: demo
    version: 1
    title: {en: Demo}
    computed:
      formal: count_where(history.priors, 'type', 'formal')
    steps:
      - id: history
        title: {en: History}
        fields:
          - id: priors
            type: group
            label: {en: Priors}
            fields:
              - {id: type, type: text, label: {en: Type}}
              - {id: date, type: date, label: {en: Date}}
              - id: victims
                type: group
                label: {en: Victims}
                fields:
                  - {id: age, type: number, label: {en: Age}}
              - {id: note, type: text, label: {en: Note}, show_if: "count_where(item.victims, 'age', 3) > 0"}
          - {id: kinds, type: multi_choice, label: {en: Kinds}, choices: [{value: a, label: {en: A}}]}
          - {id: note, type: text, label: {en: Note}, show_if: "count_where(history.priors, 'type', 'x') > 0"}
"""


def problems_of(build: Callable[..., Definition], text: str) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        build(text)
    return exc.value.problems


def test_a_sound_definition_using_list_functions_loads(build: Callable[..., Definition]) -> None:
    assert build(DEMO).id == "demo"


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("count_where(history.priors, 'type', 'formal')", "count_where(history.priors, 'typ', 'formal')",
     "demo.yaml: computed.formal: unknown sub-field 'typ': the group 'history.priors' has no field 'typ'"),
    ("count_where(history.priors, 'type', 'x')", "count_where(history.kinds, 'type', 'x')",
     "demo.yaml: steps[history].fields[note].show_if: 'history.kinds' is not a repeating group, "
     "so it has no sub-field 'type'"),
    ("count_where(item.victims, 'age', 3)", "count_where(item.victims, 'years', 3)",
     "demo.yaml: steps[history].fields[priors].fields[note].show_if: unknown sub-field 'years': "
     "the group 'item.victims' has no field 'years'"),
    ("count_where(history.priors, 'type', 'formal')", "count_where(history.priors, 'type')",
     "demo.yaml: computed.formal: count_where(): the conditions come in pairs, a sub-field name and its value"),
    ("count_where(history.priors, 'type', 'formal')", "values_where(history.priors, 'dates', 'type', 'formal')",
     "demo.yaml: computed.formal: unknown sub-field 'dates': the group 'history.priors' has no field 'dates'"),
])
def test_the_checker_names_a_wrong_sub_field(build: Callable[..., Definition], old: str, new: str,
                                             problem: str) -> None:
    assert old in DEMO
    assert problems_of(build, DEMO.replace(old, new)) == [problem]


def test_an_unknown_list_is_reported_once_as_an_unknown_name(build: Callable[..., Definition]) -> None:
    problems = problems_of(build, DEMO.replace("count_where(history.priors, 'type', 'formal')",
                                               "count_where(history.prior, 'type', 'formal')"))
    assert problems == ["demo.yaml: computed.formal: unknown name 'history.prior': step 'history' has no field 'prior'"]
