"""Times as staff read them: stored in UTC, shown in the unit's time zone (the server's), one way
everywhere (pages.formatting)."""

import os
import time
from collections.abc import Iterator

import pytest

from pages.formatting import clock_time, clock_time_or, local_moment, local_time, local_time_or, local_timestamp


@pytest.fixture(autouse=True)
def peoria_time() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Chicago"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_stored_utc_time_is_shown_in_the_units_time_zone() -> None:
    assert local_time("2026-11-21T16:30:05+00:00") == "2026-11-21 10:30"
    assert local_timestamp("2026-11-21T16:30:05+00:00") == "2026-11-21 10:30:05"
    # Past midnight in UTC is still the evening before in Peoria.
    assert local_time("2026-11-22T02:15:00+00:00") == "2026-11-21 20:15"
    moment = local_moment("2026-07-01T12:00:00+00:00")
    assert moment is not None and moment.hour == 7  # daylight saving time: UTC-5


def test_no_time_is_shown_as_the_blank_asked_for() -> None:
    assert local_time_or(None) == ""
    assert local_time_or(None, "—") == "—"
    assert clock_time_or(None, "—") == "—"
    assert local_moment(None) is None


def test_the_clock_says_the_day_only_when_it_is_not_today() -> None:
    assert clock_time("2026-11-20T20:02:00+00:00") == "Nov 20, 14:02"
