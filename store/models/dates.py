"""Dates in casework records: always stored as ISO `YYYY-MM-DD` strings, so they sort as text.

Times are ISO 8601 UTC strings from `store.models.ids.utc_now`; dates (a date of birth, a due date, a
consent's expiry) carry no time and no zone. People type US dates, so search also reads
`MM/DD/YYYY`, but nothing else is ever stored.
"""

import re
from datetime import date, datetime, tzinfo
from typing import Annotated

from pydantic import AfterValidator

US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def check_iso_date(value: str) -> str:
    # fromisoformat alone also takes "20261120" and week dates; only one spelling is stored.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date as YYYY-MM-DD")
    date.fromisoformat(value)  # rejects 2026-02-30
    return value


IsoDate = Annotated[str, AfterValidator(check_iso_date)]


def parse_typed_date(text: str) -> str | None:
    """A date as someone types it (YYYY-MM-DD or MM/DD/YYYY) in ISO form, or None if it is not one."""
    text = text.strip()
    try:
        if match := US_DATE.fullmatch(text):
            month, day, year = (int(part) for part in match.groups())
            return date(year, month, day).isoformat()
        return check_iso_date(text)
    except ValueError:
        return None


def local_date(timestamp: str, zone: tzinfo) -> str:
    return datetime.fromisoformat(timestamp).astimezone(zone).date().isoformat()


def local_minute(timestamp: str, zone: tzinfo) -> str:
    return datetime.fromisoformat(timestamp).astimezone(zone).strftime("%Y-%m-%d %H:%M")
