"""Times as staff read them: stored times are UTC; every time shown is the unit's local time (the
server's time zone)."""

from __future__ import annotations

import datetime as dt


def local_time(iso: str) -> str:
    """"2026-11-21 10:30" for a stored UTC time."""
    return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
