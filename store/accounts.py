"""Staff accounts: who may log in, with which role; argon2id password hashes; lockout after
repeated failures. One small TinyDB file (`accounts.json`) written atomically."""

from __future__ import annotations

import datetime as dt
import os
import threading
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel
from tinydb import Query, TinyDB

from store.security import MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, SecuritySettings
from store.storage import AtomicJSONStorage, Codec


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
    reason: str  # "ok", "bad_credentials", "locked", "inactive"
    account: Account | None = None
    locked_until: str | None = None


class AccountError(ValueError):
    """A request that breaks an account rule (short password, duplicate name…)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def is_username(text: str) -> bool:
    """Whether `text` (already lower-case) could be a user name at all."""
    return 0 < len(text) <= MAX_USERNAME_LENGTH and set(text) <= USERNAME_CHARS


class AccountStore:
    def __init__(self, root: Path, codec: Codec | None = None, settings: SecuritySettings | None = None) -> None:
        self.settings = settings or SecuritySettings()
        self._hasher = PasswordHasher(time_cost=self.settings.argon2_time_cost,
                                      memory_cost=self.settings.argon2_memory_kib,
                                      parallelism=self.settings.argon2_parallelism)
        root.mkdir(parents=True, exist_ok=True)
        self._path = root / "accounts.json"
        self._db = TinyDB(self._path, storage=AtomicJSONStorage, codec=codec)
        self._table = self._db.table("accounts", cache_size=0)
        self._lock = threading.Lock()
        # Verifying against a real hash when the user does not exist keeps the answer time the
        # same, so response times do not reveal which user names exist.
        self._dummy_hash = self._hasher.hash("not a real password, only for timing")

    def close(self) -> None:
        self._db.close()

    def _get(self, username: str) -> Account | None:
        row = self._table.get(Query().username == username)
        return Account.model_validate(row) if isinstance(row, dict) else None

    def _put(self, account: Account) -> None:
        self._table.upsert(account.model_dump(mode="json"), Query().username == account.username)

    def get(self, username: str) -> Account | None:
        with self._lock:
            return self._get(username)

    def revision(self) -> tuple[int, ...]:
        """Changes whenever the accounts file is replaced, by this process or another (the `users`
        command): a reader may keep what it read until then."""
        try:
            info = os.stat(self._path)
        except FileNotFoundError:
            return (0,)
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)

    def list(self) -> list[Account]:
        with self._lock:
            return sorted((Account.model_validate(r) for r in self._table.all()), key=lambda a: a.username)

    def _check_password(self, password: str) -> None:
        if len(password) < self.settings.min_password_length:
            raise AccountError(f"a password needs at least {self.settings.min_password_length} characters")
        if len(password) > MAX_PASSWORD_LENGTH:
            raise AccountError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")

    def add(self, username: str, display_name: str, role: Role | str, password: str, demo: bool = False) -> Account:
        username = username.strip().lower()
        if not is_username(username):
            raise AccountError("a user name is 1–64 lower-case letters, digits, '.', '_' or '-'")
        self._check_password(password)
        now = _iso(_now())
        account = Account(username=username, display_name=display_name.strip() or username, role=Role(role),
                          password_hash=self._hasher.hash(password), demo=demo, created_at=now,
                          password_changed_at=now)
        with self._lock:
            if self._get(username) is not None:
                raise AccountError(f"the user name {username!r} is taken")
            self._put(account)
        return account

    def set_password(self, username: str, password: str) -> None:
        self._check_password(password)
        with self._lock:
            account = self._require(username)
            self._put(account.model_copy(update={
                "password_hash": self._hasher.hash(password), "password_changed_at": _iso(_now()),
                "failed_logins": 0, "locked_until": None}))

    def set_role(self, username: str, role: Role | str) -> None:
        with self._lock:
            self._put(self._require(username).model_copy(update={"role": Role(role)}))

    def set_active(self, username: str, active: bool) -> None:
        with self._lock:
            self._put(self._require(username).model_copy(update={"active": active}))

    def unlock(self, username: str) -> None:
        with self._lock:
            self._put(self._require(username).model_copy(update={"failed_logins": 0, "locked_until": None}))

    def _require(self, username: str) -> Account:
        account = self._get(username)
        if account is None:
            raise AccountError(f"no user {username!r}")
        return account

    def verify(self, username: str, password: str, now: dt.datetime | None = None) -> LoginResult:
        """Check a login. Five failures in a row lock the account for ten minutes (settings)."""
        now = now or _now()
        username = username.strip().lower()
        with self._lock:
            account = self._get(username)
            if account is None:
                self._matches(self._dummy_hash, password)
                return LoginResult(ok=False, reason="bad_credentials")
            if account.locked_until and dt.datetime.fromisoformat(account.locked_until) > now:
                return LoginResult(ok=False, reason="locked", locked_until=account.locked_until)
            if not self._matches(account.password_hash, password):
                failures = account.failed_logins + 1
                locked_until = None
                if failures >= self.settings.max_failed_logins:
                    locked_until = _iso(now + dt.timedelta(minutes=self.settings.lockout_minutes))
                    failures = 0
                self._put(account.model_copy(update={"failed_logins": failures, "locked_until": locked_until}))
                if locked_until:
                    return LoginResult(ok=False, reason="locked", locked_until=locked_until)
                return LoginResult(ok=False, reason="bad_credentials")
            if not account.active:
                return LoginResult(ok=False, reason="inactive")
            updated = account.model_copy(update={"failed_logins": 0, "locked_until": None})
            if self._hasher.check_needs_rehash(account.password_hash):
                updated = updated.model_copy(update={"password_hash": self._hasher.hash(password)})
            self._put(updated)
            return LoginResult(ok=True, reason="ok", account=updated)

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
