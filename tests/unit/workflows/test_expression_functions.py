"""The expression language's whitelisted functions: counting yes answers, ages and days between
dates, today, length, min/max/sum, and what a wrong number of arguments gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.expressions import ev

from workflows.expressions import parse
from workflows.functions import age_on

# --- functions ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "expected"), [
    ([True, True, False], 2),
    ([None, None, None], 0),
    ([True, None, False, None], 1),
    (["yes", 1, "true"], 0),  # only a real yes counts
    ([], 0),
])
def test_count_yes_counts_only_yes_and_not_answered_is_not_yes(values: list[Any], expected: int) -> None:
    names = {("s", f"q{i}"): v for i, v in enumerate(values)}
    args = ", ".join(f"s.q{i}" for i in range(len(values)))
    assert parse(f"count_yes({args})").evaluate(names.get) == expected


def test_count_yes_also_counts_inside_a_list() -> None:
    assert ev("count_yes([about.partner, about.lives_with, true], about.partner)") == 3


@pytest.mark.parametrize(("born", "on", "expected"), [
    ("2008-03-14", "2026-03-13", 17),  # the day before the 18th birthday
    ("2008-03-14", "2026-03-14", 18),  # on the birthday
    ("2008-03-14", "2026-03-15", 18),
    ("2008-02-29", "2026-02-28", 17),  # born on a leap day: not 18 until 1 March
    ("2008-02-29", "2026-03-01", 18),
    ("2008-02-29", "2028-02-29", 20),
    ("2026-03-14", "2026-03-14", 0),
])
def test_age_on(born: str, on: str, expected: int) -> None:
    assert parse("age_on(p.born, p.on)").evaluate({("p", "born"): born, ("p", "on"): on}.get) == expected


@pytest.mark.parametrize(("born", "on"), [(None, "2026-03-14"), ("not a date", "2026-03-14"),
                                          ("2008-03-14", "14/03/2026")])
def test_age_on_a_missing_or_unreadable_date_is_null(born: Any, on: Any) -> None:
    assert parse("age_on(p.born, p.on)").evaluate({("p", "born"): born, ("p", "on"): on}.get) is None


def test_age_on_with_one_argument_is_age_today() -> None:
    today = dt.date.today()
    born = today.replace(year=today.year - 30) if not (today.month == 2 and today.day == 29) else dt.date(
        today.year - 30, 3, 1)
    assert ev(f"age_on('{born.isoformat()}')") == 30
    assert age_on(born.isoformat()) == 30


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2026-03-01", "2026-03-14", 13),
    ("2026-03-14", "2026-03-01", -13),
    ("2026-02-28", "2026-03-01", 1),
    ("2024-02-28", "2024-03-01", 2),  # leap year
    ("2026-03-14", "2026-03-14", 0),
    (None, "2026-03-14", None),
    ("2026-03-14", "", None),
])
def test_days_between(start: Any, end: Any, expected: int | None) -> None:
    assert parse("days_between(a.start, a.end)").evaluate({("a", "start"): start, ("a", "end"): end}.get) == expected


def test_today_is_an_iso_date_that_orders_with_answers() -> None:
    assert ev("today()") == dt.date.today().isoformat()
    assert ev("about.born < today()") is True


@pytest.mark.parametrize(("source", "expected"), [
    ("length(home.steps)", 2),
    ("length(about.name)", 5),
    ("length(about.unanswered)", 0),
    ("length(about.age)", 0),
    ("length([])", 0),
])
def test_length(source: str, expected: int) -> None:
    assert ev(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("min(about.age, about.children, 10)", 2),
    ("max(about.age, about.children, 10)", 34),
    ("min(about.unanswered, about.age)", 34),  # missing values are left out
    ("max([3, 9, 4])", 9),
    ("min(about.unanswered)", None),  # nothing left: null
    ("max()", None),
    ("min(about.name, about.age)", None),  # text with a number: null, not an exception
    ("sum(about.age, about.children, about.unanswered)", 36),
])
def test_min_max_and_sum(source: str, expected: Any) -> None:
    assert ev(source) == expected


def test_a_function_called_with_the_wrong_number_of_arguments_gives_null() -> None:
    assert ev("days_between(about.born)") is None
    assert ev("today(1)") is None
