"""Security settings that are numbers from policy, each with where it comes from.

CJIS Security Policy 5.5.3 (unsuccessful logon attempts) and 5.5.5 (session lock), OWASP ASVS 4.0
2.1.1 (password length) and 2.4.1 (argon2id parameters): see ../shared/domain/confidentiality.md.
Each can be tightened through the environment; none can be loosened past the policy's limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

IDLE_LOCK_POLICY_MAX_MINUTES = 30  # CJIS 5.5.5: lock after at most 30 minutes of inactivity
MAX_PASSWORD_LENGTH = 128  # ASVS 2.1.2: passwords of at most 128 characters (anything longer is refused)
MAX_USERNAME_LENGTH = 64   # the longest user name an account can have


@dataclass(frozen=True)
class SecuritySettings:
    max_failed_logins: int = 5          # CJIS 5.5.3: at most 5 consecutive failed attempts …
    lockout_minutes: int = 10           # … then locked for at least 10 minutes
    idle_lock_minutes: float = 15       # the unit's default; at most 30 (CJIS 5.5.5)
    min_password_length: int = 12       # ASVS 2.1.1
    argon2_time_cost: int = 2           # ASVS 2.4.1 minimum for argon2id: t=2, m=19 MiB, p=1
    argon2_memory_kib: int = 19 * 1024
    argon2_parallelism: int = 1

    def __post_init__(self) -> None:
        if not 0 < self.idle_lock_minutes <= IDLE_LOCK_POLICY_MAX_MINUTES:
            raise ValueError(f"the idle lock must be between 0 and {IDLE_LOCK_POLICY_MAX_MINUTES} minutes")
        if not 0 < self.max_failed_logins <= 5:
            raise ValueError("at most 5 failed logins may be allowed before the account locks")
        if self.lockout_minutes < 10:
            raise ValueError("a locked account stays locked for at least 10 minutes")
        if self.min_password_length < 12:
            raise ValueError("passwords must be at least 12 characters")


def settings_from_environment() -> SecuritySettings:
    idle = os.environ.get("WRAPAROUND_IDLE_LOCK_MINUTES")
    return SecuritySettings(idle_lock_minutes=float(idle)) if idle else SecuritySettings()
