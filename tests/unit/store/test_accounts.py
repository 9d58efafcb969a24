"""Staff accounts: argon2id hashes, password length, lockout after five failures, and the
`python -m store users` command an administrator uses to create the first admin."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.files.accounts import AccountError, AccountStore
from store.security.policy import SecuritySettings

ROOT = Path(__file__).resolve().parents[3]
GOOD = "correct horse battery staple"


@pytest.fixture
def accounts(tmp_path: Path) -> AccountStore:
    return AccountStore(tmp_path / "accounts")


def test_passwords_are_stored_as_argon2id_hashes(accounts: AccountStore, tmp_path: Path) -> None:
    account = accounts.add("jrivera", "J. Rivera", "social_worker", GOOD)
    assert account.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert GOOD not in (tmp_path / "accounts" / "accounts.json").read_text()


def test_a_password_needs_twelve_characters(accounts: AccountStore) -> None:
    with pytest.raises(AccountError, match="at least 12 characters"):
        accounts.add("jrivera", "J. Rivera", "social_worker", "short pass")


def test_user_names_are_unique_and_plain(accounts: AccountStore) -> None:
    accounts.add("jrivera", "J. Rivera", "social_worker", GOOD)
    with pytest.raises(AccountError, match="taken"):
        accounts.add("JRivera", "Someone else", "intern", GOOD)
    with pytest.raises(AccountError, match="user name"):
        accounts.add("j rivera/../x", "Bad", "intern", GOOD)


def test_login_succeeds_with_the_right_password_only(accounts: AccountStore) -> None:
    accounts.add("jrivera", "J. Rivera", "supervisor", GOOD)
    assert accounts.verify("jrivera", GOOD).ok
    assert accounts.verify("JRIVERA ", GOOD).ok  # names are not case-sensitive
    assert accounts.verify("jrivera", GOOD + "x").reason == "bad_credentials"
    assert accounts.verify("nobody", GOOD).reason == "bad_credentials"


def test_five_failures_lock_the_account_for_ten_minutes(accounts: AccountStore) -> None:
    accounts.add("jrivera", "J. Rivera", "social_worker", GOOD)
    start = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    reasons = [accounts.verify("jrivera", "wrong password", now=start).reason for _ in range(5)]
    assert reasons == ["bad_credentials"] * 4 + ["locked"]
    assert accounts.verify("jrivera", GOOD, now=start + dt.timedelta(minutes=9, seconds=59)).reason == "locked"
    assert accounts.verify("jrivera", GOOD, now=start + dt.timedelta(minutes=10, seconds=1)).ok


def test_a_success_resets_the_failure_count(accounts: AccountStore) -> None:
    accounts.add("jrivera", "J. Rivera", "social_worker", GOOD)
    for _ in range(4):
        accounts.verify("jrivera", "wrong password")
    assert accounts.verify("jrivera", GOOD).ok
    for _ in range(4):
        assert accounts.verify("jrivera", "wrong password").reason == "bad_credentials"


def test_a_deactivated_account_cannot_log_in(accounts: AccountStore) -> None:
    accounts.add("jrivera", "J. Rivera", "social_worker", GOOD)
    accounts.set_active("jrivera", False)
    assert accounts.verify("jrivera", GOOD).reason == "inactive"


def test_policy_limits_cannot_be_loosened() -> None:
    with pytest.raises(ValueError, match="between 0 and 30 minutes"):
        SecuritySettings(idle_lock_minutes=45)
    with pytest.raises(ValueError):
        SecuritySettings(max_failed_logins=10)
    with pytest.raises(ValueError):
        SecuritySettings(lockout_minutes=5)


def test_the_first_admin_is_created_from_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "WRAPAROUND_DATA_DIR": str(tmp_path / "data"), "WRAPAROUND_CONFIG_DIR": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-m", "store", "users", "add", "ada", "--role", "admin",
                           "--name", "Ada Admin", "--password-stdin"], input=GOOD + "\n", text=True,
                          capture_output=True, cwd=ROOT, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "added ada (Administrator)" in done.stdout
    listed = subprocess.run([sys.executable, "-m", "store", "users", "list"], text=True, capture_output=True,
                            cwd=ROOT, env=env, check=True)
    assert "ada" in listed.stdout and "Administrator" in listed.stdout
    short = subprocess.run([sys.executable, "-m", "store", "users", "add", "bob", "--role", "intern",
                            "--password-stdin"], input="short\n", text=True, capture_output=True, cwd=ROOT,
                           env=env, check=False)
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
