"""The expression language's score and clock helpers: `number`, `count_answered`, `date_time`,
`add_hours`, `date_of`, `time_of` — what they compute, how they treat missing and unreadable values, and the
calls the parser refuses when a definition is checked."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.expressions import ExpressionError, parse
from workflows.functions import add_hours, count_answered, date_of, date_time, number, time_of

ANSWERS: dict[tuple[str, ...], Any] = {
    ("audit", "q1"): "2",
    ("audit", "q2"): "1",
    ("audit", "q3"): None,
    ("contact", "date"): "2026-03-14",
    ("contact", "time"): "21:30",
    ("contact", "unanswered"): None,
}


def ev(source: str) -> Any:
    return parse(source).evaluate(lambda name: ANSWERS.get(name))


# --- number: what a choice whose values are points is worth ---------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("4", 4), (" 3 ", 3), ("2.5", 2.5), ("-1", -1), (3, 3), (2.5, 2.5),
])
def test_number_reads_numbers_and_the_texts_that_spell_them(value: Any, expected: float) -> None:
    assert number(value) == expected
    assert not isinstance(number(value), bool)


@pytest.mark.parametrize("value", [None, "", "three", "3 drinks", "1e3", True, False, [], float("inf"), float("nan")])
def test_number_of_anything_else_is_null(value: Any) -> None:
    assert number(value) is None


def test_a_score_over_choices_leaves_out_what_is_not_answered() -> None:
    assert ev("sum(number(audit.q1), number(audit.q2), number(audit.q3))") == 3
    assert ev("sum(number(audit.q3), number(contact.unanswered))") is None


# --- count_answered --------------------------------------------------------------------------------

def test_count_answered_counts_answers_not_yes() -> None:
    # "No", zero and a chosen list are answers; null, blank text and an empty list are not.
    assert count_answered(False, 0, "no", ["a", "b"]) == 4
    assert count_answered(None, "", "   ", []) == 0
    assert ev("count_answered(audit.q1, audit.q2, audit.q3)") == 2


# --- date_time, add_hours, date_of: local clock times ---------------------------------------------

def test_date_time_joins_a_date_and_a_clock_time() -> None:
    assert date_time("2026-03-14", "21:30") == "2026-03-14T21:30"
    assert date_time("2026-03-14", "9:05") == "2026-03-14T09:05"
    assert date_time("2026-03-14", " 00:00 ") == "2026-03-14T00:00"
    assert ev("date_time(contact.date, contact.time)") == "2026-03-14T21:30"


@pytest.mark.parametrize(("date", "time"), [
    (None, "21:30"), ("2026-03-14", None), ("2026-03-14", "24:00"), ("2026-03-14", "9:60"),
    ("2026-03-14", "9.30"), ("2026-03-14", "930"), ("2026-02-30", "10:00"), ("14/03/2026", "10:00"),
    ("2026-03-14", 930),
])
def test_date_time_of_a_missing_or_unreadable_part_is_null(date: Any, time: Any) -> None:
    assert date_time(date, time) is None


def test_add_hours_counts_whole_hours_on_the_clock() -> None:
    assert add_hours("2026-03-14T21:30", 48) == "2026-03-16T21:30"
    assert add_hours("2026-12-31T23:30", 1) == "2027-01-01T00:30"  # over the end of a year
    assert add_hours("2028-02-28T12:00", 24) == "2028-02-29T12:00"  # a leap day
    assert add_hours("2026-03-14T10:00", -3) == "2026-03-14T07:00"
    assert add_hours("2026-03-14", 6) == "2026-03-14T06:00"  # a date alone is its midnight
    # Daylight saving time begins in the US on 8 March 2026: the same clock time two days on.
    assert add_hours("2026-03-07T10:00", 48) == "2026-03-09T10:00"


@pytest.mark.parametrize(("when", "hours"), [
    (None, 48), ("2026-03-14T21:30", None), ("2026-03-14T21:30", 1.5), ("2026-03-14T21:30", True),
    ("2026-03-14T21:30:00", 1), ("2026-03-14T21:30+00:00", 1), ("soon", 1), ("9999-12-31T23:00", 2),
])
def test_add_hours_of_a_missing_or_unreadable_value_is_null(when: Any, hours: Any) -> None:
    assert add_hours(when, hours) is None


def test_date_of_gives_the_calendar_day() -> None:
    assert date_of("2026-03-16T21:30") == "2026-03-16"
    assert date_of("2026-03-16") == "2026-03-16"
    assert date_of(None) is None
    assert date_of("16 March") is None
    assert ev("date_of(add_hours(date_time(contact.date, contact.time), 48))") == "2026-03-16"


def test_time_of_gives_the_clock_time() -> None:
    assert time_of("2026-03-16T21:30") == "21:30"
    assert time_of("2026-03-16T00:05") == "00:05"
    assert time_of("2026-03-16") is None  # a date alone has no time
    assert time_of(None) is None and time_of("21:30") is None
    assert ev("date_of(add_hours(date_time(contact.date, contact.time), 3)) + ' at ' "
              "+ time_of(add_hours(date_time(contact.date, contact.time), 3))") == "2026-03-15 at 00:30"


def test_date_times_order_as_the_moments_they_spell() -> None:
    assert ev("add_hours(date_time(contact.date, contact.time), 3) > '2026-03-15T00:00'") is True
    assert ev("add_hours(date_time(contact.date, contact.unanswered), 3) > '2026-03-15T00:00'") is False


# --- what the parser refuses ----------------------------------------------------------------------

@pytest.mark.parametrize(("source", "message"), [
    ("number(audit.q1, audit.q2)", "number() takes 1 argument, not 2"),
    ("number()", "number() takes 1 argument, not 0"),
    ("date_time(contact.date)", "date_time() takes 2 arguments, not 1"),
    ("add_hours(contact.date)", "add_hours() takes 2 arguments, not 1"),
    ("date_of(contact.date, 1)", "date_of() takes 1 argument, not 2"),
    ("time_of()", "time_of() takes 1 argument, not 0"),
])
def test_wrong_calls_are_refused_when_the_definition_is_checked(source: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(source)
