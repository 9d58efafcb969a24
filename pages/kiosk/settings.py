"""The kiosk's timings, read from the environment once at start-up.

The numbers follow ../shared/domain/confidentiality.md ("The walk-in kiosk"): warn after about 60
seconds without input, wipe after about 90 more; the thank-you screen resets itself after 20 seconds.
A test (or a unit that wants a quicker reset) sets them through the environment:

  WRAPAROUND_KIOSK_IDLE_WARN_SECONDS   seconds without input before "Are you still there?" (default 60)
  WRAPAROUND_KIOSK_IDLE_WIPE_SECONDS   seconds after that warning before the answers are wiped (default 90)
  WRAPAROUND_KIOSK_THANKS_SECONDS      seconds the thank-you screen stays before it resets (default 20)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

# Longer than this and an unattended screen would show someone's answers to the next person for
# too long; the confidentiality notes ask for about 60 + 90 seconds.
MAX_IDLE_SECONDS = 10 * 60


@dataclass(frozen=True)
class KioskSettings:
    idle_warn_seconds: float = 60
    idle_wipe_seconds: float = 90
    thanks_seconds: float = 20

    def __post_init__(self) -> None:
        for name in ("idle_warn_seconds", "idle_wipe_seconds", "thanks_seconds"):
            value = getattr(self, name)
            if not 0 < value <= MAX_IDLE_SECONDS:
                raise ValueError(f"{name} must be more than 0 and at most {MAX_IDLE_SECONDS} seconds, not {value}")


ENVIRONMENT = {
    "idle_warn_seconds": "WRAPAROUND_KIOSK_IDLE_WARN_SECONDS",
    "idle_wipe_seconds": "WRAPAROUND_KIOSK_IDLE_WIPE_SECONDS",
    "thanks_seconds": "WRAPAROUND_KIOSK_THANKS_SECONDS",
}


def kiosk_settings_from_environment(environ: Mapping[str, str] | None = None) -> KioskSettings:
    """The settings, with each variable that is set (and not empty) replacing its default."""
    environ = os.environ if environ is None else environ
    values: dict[str, float] = {}
    for name, variable in ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if raw:
            try:
                values[name] = float(raw)
            except ValueError:
                raise ValueError(f"{variable} must be a number of seconds, not {raw!r}") from None
    return KioskSettings(**values)
