"""Staff accounts as the app sees them: the roles, an account (never its password hash), the
result of a login, and what a username may be."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from store.security.policy import MAX_USERNAME_LENGTH


class Role(StrEnum):
    social_worker = "social_worker"
    supervisor = "supervisor"
    intern = "intern"
    admin = "admin"


ROLE_NAMES = {
    Role.social_worker: "Social worker",
    Role.supervisor: "Supervisor",
    Role.intern: "Intern",
    Role.admin: "Administrator",
}


class Account(BaseModel):
    username: str
    display_name: str
    role: Role
    password_hash: str
    active: bool = True
    failed_logins: int = 0
    locked_until: str | None = None
    demo: bool = False
    created_at: str
    password_changed_at: str


class LoginResult(BaseModel):
    ok: bool
    reason: str  # "ok", "bad_credentials", "locked", "inactive", "unavailable" (accounts file damaged)
    account: Account | None = None
    locked_until: str | None = None


class AccountError(ValueError):
    """A request that breaks an account rule (short password, duplicate name…)."""


USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def is_username(text: str) -> bool:
    """Whether `text` (already lower-case) could be a user name at all."""
    return 0 < len(text) <= MAX_USERNAME_LENGTH and set(text) <= USERNAME_CHARS
