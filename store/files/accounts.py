"""Staff accounts: who may log in, with which role; argon2id password hashes; lockout after
repeated failures.

One small file, `accounts.json` (TinyDB's layout: {"accounts": {"1": {...}, ...}}), replaced
whole and atomically. The running app and `python -m store users` both change it, so every
read-modify-write holds an exclusive lock on `accounts/.lock` (flock, across processes) and reads
the file afresh inside it: neither can overwrite the other's change.

A damaged accounts file is set aside (`accounts/damaged/`) and reported, and then nobody can log
in until an administrator acts on the server (`python -m store users add NAME --role admin` starts
a new file with that administrator, or a backup is put back). The app never replaces it with an
empty file of its own: that would silently drop every account.

The answer to a log-in never tells whether a user name exists: an unknown name is checked against
a real hash, costs the same rewrite of the file as a real account's failure, and locks after the
same number of tries with the same message (its count is kept in memory, for a bounded number of
names).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ValidationError

from store.files.damage import DAMAGED_FOLDER, DamageReport, DamageReports, describe, set_aside
from store.files.folderlock import held
from store.files.storage import AtomicJSONStorage, Codec
from store.models.accounts import Account, AccountError, LoginResult, Role, is_username
from store.models.errors import CorruptFile, StoreError
from store.security.policy import MAX_PASSWORD_LENGTH, SecuritySettings


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


ACCOUNTS_FILE = "accounts.json"
ACCOUNTS_TABLE = "accounts"
UNKNOWN_NAMES_KEPT = 10_000  # failed names without an account whose tries are counted (oldest forgotten)
RECOVERY = ("Nobody can log in until an administrator acts on the server: `python -m store users add NAME "
            "--role admin` starts a new accounts file with that administrator, who then adds the other staff "
            "again under Users; or stop the app and put accounts/accounts.json back from a backup.")


class AccountsUnavailable(StoreError):
    """The accounts file cannot be read (it was damaged and set aside): nobody can log in."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return f"the staff accounts file {self.path} was damaged and set aside. {RECOVERY}"


class _Tries(BaseModel):
    failures: int = 0
    locked_until: str | None = None




class AccountStore:
    def __init__(self, root: Path, codec: Codec | None = None, settings: SecuritySettings | None = None,
                 reports: DamageReports | None = None) -> None:
        self.settings = settings or SecuritySettings()
        self._hasher = PasswordHasher(time_cost=self.settings.argon2_time_cost,
                                      memory_cost=self.settings.argon2_memory_kib,
                                      parallelism=self.settings.argon2_parallelism)
        root.mkdir(parents=True, exist_ok=True)
        self._path = root / ACCOUNTS_FILE
        self._storage = AtomicJSONStorage(self._path, codec)
        self._lock_file = root / ".lock"
        self._lock = threading.Lock()
        self._reports = reports if reports is not None else DamageReports()
        self._unknown: dict[str, _Tries] = {}
        # Verifying against a real hash when the user does not exist keeps the answer time the
        # same, so response times do not reveal which user names exist.
        self._dummy_hash = self._hasher.hash("not a real password, only for timing")
        self.unavailable()  # a damaged file is set aside and reported now, not at the first log-in

    def close(self) -> None:
        """Nothing stays open between calls; kept so callers can close every store alike."""

    # -- the file --------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # Threads of this process, then other processes (the users command): in that order, so a
        # thread never waits on the file lock while holding it for another thread.
        with self._lock, held(self._lock_file):
            yield

    def needs_recovery(self) -> bool:
        """The file was set aside as damaged and nothing has taken its place yet."""
        folder = self._path.parent / DAMAGED_FOLDER
        return not self._path.exists() and folder.is_dir() and any(folder.glob(f"{self._path.stem}.*"))

    def _rows(self) -> dict[str, dict[str, Any]]:
        """The accounts table as it is on disk now. Call with `_locked()` held."""
        try:
            data = self._storage.read()
            if data is None:
                if self.needs_recovery():
                    raise AccountsUnavailable(self._path)
                return {}
            table = data.get(ACCOUNTS_TABLE, {})
            for row in table.values():
                Account.model_validate(row)
            return table
        except (CorruptFile, ValidationError, AttributeError, TypeError) as exc:
            self._set_aside(exc)
            raise AccountsUnavailable(self._path) from None

    def _set_aside(self, exc: Exception) -> None:
        moved = set_aside(self._path)
        self._reports.report(DamageReport(
            file=self._path, what="the staff accounts file", problem=describe(exc), set_aside_to=moved,
            done="It was set aside; the app did not make a new one, so every log-in is refused for now "
                 "(the log-in page says so).", todo=RECOVERY))

    def _write(self, rows: dict[str, dict[str, Any]]) -> None:
        self._storage.write({ACCOUNTS_TABLE: rows})

    @staticmethod
    def _find(rows: dict[str, dict[str, Any]], username: str) -> tuple[str | None, Account | None]:
        for key, row in rows.items():
            if row.get("username") == username:
                return key, Account.model_validate(row)
        return None, None

    def _put(self, rows: dict[str, dict[str, Any]], account: Account) -> None:
        key, _ = self._find(rows, account.username)
        # TinyDB's own rule for a new row's key, so the file stays a TinyDB file.
        key = key or str(max(map(int, rows), default=0) + 1)
        self._write({**rows, key: account.model_dump(mode="json")})

    def _require(self, rows: dict[str, dict[str, Any]], username: str) -> Account:
        _, account = self._find(rows, username)
        if account is None:
            raise AccountError(f"no user {username!r}")
        return account

    # -- reads -----------------------------------------------------------------------------

    def unavailable(self) -> bool:
        """True while the accounts file cannot be read (damaged): every log-in is refused."""
        with self._locked():
            try:
                self._rows()
            except AccountsUnavailable:
                return True
        return False

    def get(self, username: str) -> Account | None:
        """The account, or None (also while the accounts file cannot be read: fail closed)."""
        with self._locked():
            try:
                return self._find(self._rows(), username)[1]
            except AccountsUnavailable:
                return None

    def revision(self) -> tuple[int, ...]:
        """Changes whenever the accounts file is replaced, by this process or another (the `users`
        command): a reader may keep what it read until then."""
        try:
            info = os.stat(self._path)
        except FileNotFoundError:
            return (0,)
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)

    def list(self) -> list[Account]:
        with self._locked():
            rows = self._rows()
        return sorted((Account.model_validate(r) for r in rows.values()), key=lambda a: a.username)

    # -- changes ---------------------------------------------------------------------------

    def _check_password(self, password: str) -> None:
        if len(password) < self.settings.min_password_length:
            raise AccountError(f"a password needs at least {self.settings.min_password_length} characters")
        if len(password) > MAX_PASSWORD_LENGTH:
            raise AccountError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")

    def add(self, username: str, display_name: str, role: Role | str, password: str, demo: bool = False,
            *, recover: bool = False) -> Account:
        """A new account. With `recover`, a damaged accounts file is replaced by a new one that
        holds only this account (the administrator's way back in, from `python -m store users`)."""
        username = username.strip().lower()
        if not is_username(username):
            raise AccountError("a user name is 1–64 lower-case letters, digits, '.', '_' or '-'")
        self._check_password(password)
        now = _iso(_now())
        account = Account(username=username, display_name=display_name.strip() or username, role=Role(role),
                          password_hash=self._hasher.hash(password), demo=demo, created_at=now,
                          password_changed_at=now)
        with self._locked():
            try:
                rows = self._rows()
            except AccountsUnavailable:
                if not recover:
                    raise
                rows = {}
            if self._find(rows, username)[1] is not None:
                raise AccountError(f"the user name {username!r} is taken")
            self._put(rows, account)
        return account

    def set_password(self, username: str, password: str) -> None:
        self._check_password(password)
        password_hash = self._hasher.hash(password)
        with self._locked():
            rows = self._rows()
            self._put(rows, self._require(rows, username).model_copy(update={
                "password_hash": password_hash, "password_changed_at": _iso(_now()),
                "failed_logins": 0, "locked_until": None}))

    def set_role(self, username: str, role: Role | str) -> None:
        with self._locked():
            rows = self._rows()
            self._put(rows, self._require(rows, username).model_copy(update={"role": Role(role)}))

    def set_active(self, username: str, active: bool) -> None:
        with self._locked():
            rows = self._rows()
            self._put(rows, self._require(rows, username).model_copy(update={"active": active}))

    def unlock(self, username: str) -> None:
        with self._locked():
            rows = self._rows()
            self._put(rows, self._require(rows, username).model_copy(update={"failed_logins": 0,
                                                                              "locked_until": None}))

    # -- log-in ----------------------------------------------------------------------------

    def verify(self, username: str, password: str, now: dt.datetime | None = None) -> LoginResult:
        """Check a login. Five failures in a row lock the account for ten minutes (settings).

        A user name without an account goes through the same steps (a real hash, a rewrite of
        the file, a count of tries) and gets the same answers, so neither the message nor the time
        it takes says whether the name exists.
        """
        now = now or _now()
        username = username.strip().lower()
        with self._locked():
            try:
                _, account = self._find(self._rows(), username)
            except AccountsUnavailable:
                return LoginResult(ok=False, reason="unavailable")
            tries = self._tries(username, account)
        if tries.locked_until and dt.datetime.fromisoformat(tries.locked_until) > now:
            return LoginResult(ok=False, reason="locked", locked_until=tries.locked_until)
        # The slow part (tens of milliseconds) holds no lock: pages reading accounts meanwhile,
        # and the users command, do not wait for someone's log-in.
        checked = self._matches(self._dummy_hash if account is None else account.password_hash, password)
        with self._locked():
            try:
                rows = self._rows()
            except AccountsUnavailable:
                return LoginResult(ok=False, reason="unavailable")
            _, fresh = self._find(rows, username)
            # Only a match against the hash that is still the account's counts (not the stand-in
            # hash, and not a password changed or an account added while this one was checked).
            matched = checked and account is not None and fresh is not None \
                and fresh.password_hash == account.password_hash
            account = fresh
            if account is None or not matched:
                return self._failed(rows, username, account, self._tries(username, account), now)
            if not account.active:
                return LoginResult(ok=False, reason="inactive")
            updated = account.model_copy(update={"failed_logins": 0, "locked_until": None})
            if self._hasher.check_needs_rehash(account.password_hash):
                updated = updated.model_copy(update={"password_hash": self._hasher.hash(password)})
            self._put(rows, updated)
            return LoginResult(ok=True, reason="ok", account=updated)

    def _tries(self, username: str, account: Account | None) -> _Tries:
        if account is None:
            return self._unknown.get(username, _Tries())
        return _Tries(failures=account.failed_logins, locked_until=account.locked_until)

    def _failed(self, rows: dict[str, dict[str, Any]], username: str, account: Account | None, tries: _Tries,
                now: dt.datetime) -> LoginResult:
        """Count a failure, for an account or for a name without one, the same way."""
        failures = tries.failures + 1
        locked_until = None
        if failures >= self.settings.max_failed_logins:
            locked_until = _iso(now + dt.timedelta(minutes=self.settings.lockout_minutes))
            failures = 0
        if account is None:
            self._count_unknown(username, _Tries(failures=failures, locked_until=locked_until))
            self._write(rows)  # the same disk work as an account's failure: the time tells nothing
        else:
            self._put(rows, account.model_copy(update={"failed_logins": failures, "locked_until": locked_until}))
        if locked_until:
            return LoginResult(ok=False, reason="locked", locked_until=locked_until)
        return LoginResult(ok=False, reason="bad_credentials")

    def _count_unknown(self, username: str, tries: _Tries) -> None:
        if not is_username(username):
            return  # no account can have this name, so there is nothing to hide about it
        self._unknown.pop(username, None)
        self._unknown[username] = tries
        while len(self._unknown) > UNKNOWN_NAMES_KEPT:
            del self._unknown[next(iter(self._unknown))]

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
