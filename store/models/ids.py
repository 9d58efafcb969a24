"""Document ids and timestamps.

Ids are short, random and unguessable (they appear in URLs), built from `secrets`. Timestamps are
ISO 8601 UTC strings of one fixed width, so sorting the strings sorts the times; within a process
they strictly increase, so "newest first" never depends on two saves landing in the same
microsecond.
"""

import secrets
import threading
from datetime import UTC, datetime, timedelta

# Lowercase RFC 4648 base32: no look-alike 0/1/8/9, safe in file names and URLs.
ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
ID_LENGTH = 12  # 60 random bits


def new_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


class _MonotonicUtcClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = datetime.min.replace(tzinfo=UTC)

    def now(self) -> str:
        with self._lock:
            now = datetime.now(UTC)
            if now <= self._last:
                now = self._last + timedelta(microseconds=1)
            self._last = now
        return now.isoformat(timespec="microseconds")


_clock = _MonotonicUtcClock()


def utc_now() -> str:
    """Now as e.g. '2025-01-31T09:15:02.123456+00:00', strictly later than the previous call."""
    return _clock.now()
