"""The functions an expression may call, and how their arguments are checked when a definition
loads. Each is pure and None-safe: a missing or wrong-kind argument gives null (or 0 for a count
of nothing), never an exception, so a half-filled form evaluates safely."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _flatten(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            out.extend(value)
        else:
            out.append(value)
    return out


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def count_yes(*values: Any) -> int:
    """How many of the values are exactly yes; "not answered" (null) is not yes."""
    return sum(1 for v in _flatten(values) if v is True)


def length(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple | str) else 0


def today() -> str:
    return dt.date.today().isoformat()


def days_between(start: Any, end: Any) -> int | None:
    """Whole days from `start` to `end` (negative when end is earlier); null if either is missing."""
    a, b = _as_date(start), _as_date(end)
    if a is None or b is None:
        return None
    return (b - a).days


def age_on(birth_date: Any, on_date: Any = None) -> int | None:
    """Age in completed years on a date (today when no date is given)."""
    born = _as_date(birth_date)
    on = _as_date(on_date) if on_date is not None else dt.date.today()
    if born is None or on is None:
        return None
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def _same(a: Any, b: Any) -> bool:
    """Equality as `==` in an expression means it for answers: yes/no is not the number 1 or 0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return bool(a == b)
    except TypeError:  # pragma: no cover - JSON values always compare
        return False


def _matches(item: Any, conditions: tuple[Any, ...]) -> bool:
    """`conditions` are (field, value) pairs; an item matches when each of its fields equals its value."""
    if not isinstance(item, dict):
        return False
    return all(_same(item.get(conditions[i]), conditions[i + 1]) for i in range(0, len(conditions), 2))


def _items(items: Any) -> list[Any]:
    return list(items) if isinstance(items, list | tuple) else []


def count_where(items: Any, *conditions: Any) -> int | None:
    """How many entries of a list (a repeating group) have every named sub-field equal to its value:
    `count_where(history.prior, 'type', 'formal', 'offense_class', 'felony')`. No conditions: how
    many entries there are. A missing list counts 0; an unpaired condition gives null."""
    if len(conditions) % 2:
        return None
    return sum(1 for item in _items(items) if _matches(item, conditions))


def count_where_between(items: Any, date_field: Any, start: Any, end: Any, *conditions: Any) -> int | None:
    """Like `count_where`, counting only entries whose date sub-field `date_field` lies from `start`
    to `end`, **both days included**. Null when `start` or `end` is not a date (a bound that is not
    answered yet is unknown, not open); an entry without a readable date is not counted."""
    first, last = _as_date(start), _as_date(end)
    if first is None or last is None or len(conditions) % 2 or not isinstance(date_field, str):
        return None
    count = 0
    for item in _items(items):
        when = _as_date(item.get(date_field)) if isinstance(item, dict) else None
        if when is not None and first <= when <= last and _matches(item, conditions):
            count += 1
    return count


def values_where(items: Any, value_field: Any, *conditions: Any) -> list[Any] | None:
    """The sub-field `value_field` of every entry of a list (a repeating group) that matches the
    (sub-field, value) conditions, each value once, in the order first met; unanswered ones are left
    out: `values_where(referrals.made, 'resource', 'kind', 'warm_handoff')`. A missing list gives
    an empty list; an unpaired condition gives null."""
    if len(conditions) % 2 or not isinstance(value_field, str):
        return None
    found: list[Any] = []
    for item in _items(items):
        if _matches(item, conditions):
            value = item.get(value_field)
            if value is not None and not any(_same(value, seen) for seen in found):
                found.append(value)
    return found


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    return int(value)


def years_before(date: Any, years: Any) -> str | None:
    """The same month and day `years` whole years earlier (29 February becomes 28 February in a
    year that is not a leap year); null if the date or the number is missing or unreadable."""
    on, n = _as_date(date), _whole_number(years)
    if on is None or n is None:
        return None
    year = on.year - n
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    day = on.day
    if (on.month, on.day) == (2, 29) and not _is_leap(year):
        day = 28
    return on.replace(year=year, day=day).isoformat()


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def add_days(date: Any, days: Any) -> str | None:
    """The date `days` whole days after `date` (before it when negative); null if either is missing."""
    on, n = _as_date(date), _whole_number(days)
    if on is None or n is None:
        return None
    try:
        return (on + dt.timedelta(days=n)).isoformat()
    except OverflowError:
        return None


def number(value: Any) -> int | float | None:
    """A number, or the number a text spells (`'3'` is 3, `'2.5'` is 2.5): what a choice whose values
    are points (`{value: "3", ...}`) is worth in a score. Null for anything else, yes/no included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        parsed = float(value)
        return int(parsed) if parsed.is_integer() and "." not in value else parsed
    return None


def count_answered(*values: Any) -> int:
    """How many of the values are answered: not null, not an empty or blank text, not an empty list.
    A list (a checklist, a group) is one answer, however many entries it has."""
    return sum(1 for v in values if not (v is None or v == [] or (isinstance(v, str) and not v.strip())))


def _as_date_time(value: Any) -> dt.datetime | None:
    """`2026-03-14T21:30` (a date alone is its midnight); seconds and time zones are not accepted:
    these are the unit's local clock times as a worker types them."""
    if not isinstance(value, str):
        return None
    if _ISO_DAY.fullmatch(value):
        day = _as_date(value)
        return dt.datetime(day.year, day.month, day.day) if day else None
    if not _ISO_MINUTE.fullmatch(value):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def date_time(date: Any, time: Any) -> str | None:
    """A date and a clock time (`'21:30'` or `'9:05'`, 24-hour) as one local date-time,
    `2026-03-14T21:30`; null if either is missing or unreadable."""
    day = _as_date(date) if isinstance(date, str) and _ISO_DAY.fullmatch(date) else None
    match = _CLOCK.fullmatch(time.strip()) if isinstance(time, str) else None
    if day is None or match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return dt.datetime(day.year, day.month, day.day, hour, minute).isoformat(timespec="minutes")


def add_hours(when: Any, hours: Any) -> str | None:
    """The local date-time `hours` whole hours after `when` (a date-time, or a date: its midnight),
    counted on the clock: across a change to or from daylight saving time the result is the same
    clock time, an hour more or less of real time. Null if either is missing."""
    start, n = _as_date_time(when), _whole_number(hours)
    if start is None or n is None:
        return None
    try:
        return (start + dt.timedelta(hours=n)).isoformat(timespec="minutes")
    except OverflowError:
        return None


def date_of(when: Any) -> str | None:
    """The calendar date of a date-time (`2026-03-16T21:30` gives `2026-03-16`); a date stays itself."""
    moment = _as_date_time(when)
    return moment.date().isoformat() if moment else None


def time_of(when: Any) -> str | None:
    """The clock time of a date-time (`2026-03-16T21:30` gives `21:30`); null for a date alone."""
    moment = _as_date_time(when) if isinstance(when, str) and _ISO_MINUTE.fullmatch(when) else None
    return moment.strftime("%H:%M") if moment else None


def _nullable(fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any) -> Any:
        present = [a for a in _flatten(args) if a is not None]
        return fn(present) if present else None

    return wrapped


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "count_yes": count_yes,
    "length": length,
    "today": today,
    "days_between": days_between,
    "age_on": age_on,
    "min": _nullable(min),
    "max": _nullable(max),
    "sum": _nullable(lambda xs: sum(x for x in xs if isinstance(x, int | float))),
    "count_where": count_where,
    "count_where_between": count_where_between,
    "values_where": values_where,
    "years_before": years_before,
    "add_days": add_days,
    "number": number,
    "count_answered": count_answered,
    "date_time": date_time,
    "add_hours": add_hours,
    "date_of": date_of,
    "time_of": time_of,
}


@dataclass(frozen=True)
class _Signature:
    """How a function's arguments are checked when an expression is parsed (functions not listed
    here are checked only when called: a wrong call gives null)."""

    least: int
    most: int | None = None  # None: any number
    paired_from: int | None = None  # arguments from here on come in (sub-field name, value) pairs
    field_names: tuple[int, ...] = ()  # positions (besides the pairs') that name a sub-field


SIGNATURES: dict[str, _Signature] = {
    "count_where": _Signature(least=1, paired_from=1),
    "count_where_between": _Signature(least=4, paired_from=4, field_names=(1,)),
    "values_where": _Signature(least=2, paired_from=2, field_names=(1,)),
    "years_before": _Signature(least=2, most=2),
    "add_days": _Signature(least=2, most=2),
    "number": _Signature(least=1, most=1),
    "date_time": _Signature(least=2, most=2),
    "add_hours": _Signature(least=2, most=2),
    "date_of": _Signature(least=1, most=1),
    "time_of": _Signature(least=1, most=1),
}
