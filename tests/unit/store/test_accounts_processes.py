"""The accounts file is changed by two processes, the running app and `python -m store users`:
each read-modify-write holds the accounts lock across processes, so neither overwrites the other.
Also: a failed log-in never tells whether the user name exists, by its message or its work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from store.files.accounts import AccountStore
from store.files.storage import AtomicJSONStorage
from store.security.policy import SecuritySettings

ROOT = Path(__file__).resolve().parents[3]
GOOD = "correct horse battery staple"
# Cheap hashing, so the processes spend their time in the read-modify-write the lock must guard.
FAST = SecuritySettings(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)

CHILD = """
import sys, time
from pathlib import Path
from store.files.accounts import AccountStore
from store.security.policy import SecuritySettings

root, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
accounts = AccountStore(root, settings=SecuritySettings(argon2_time_cost=1, argon2_memory_kib=8,
                                                        argon2_parallelism=1))
print("ready", flush=True)
while not (root.parent / "go").exists():
    time.sleep(0.001)
for n in range(count):
    accounts.add(f"{prefix}{n}", f"{prefix} {n}", "social_worker", "correct horse battery staple")
    accounts.verify("shared", "a wrong password, counted")
"""


def test_two_processes_adding_accounts_at_once_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    AccountStore(root, settings=FAST).add("shared", "Shared", "social_worker", GOOD)
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(root), prefix, "40"], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
                for prefix in ("app", "cli")]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    (tmp_path / "go").touch()
    for child in children:
        _, errors = child.communicate(timeout=300)
        assert child.returncode == 0, errors
    names = {a.username for a in AccountStore(root, settings=FAST).list()}
    assert names == {"shared"} | {f"{p}{n}" for p in ("app", "cli") for n in range(40)}


def test_an_update_waits_for_the_other_process_to_finish_its_own(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    accounts = AccountStore(root, settings=FAST)
    accounts.add("ana", "Ana", "social_worker", GOOD)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('holding', flush=True)\n"
        "time.sleep(1.0)\n"), str(root / ".lock")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    accounts.set_role("ana", "supervisor")  # waits until the other process lets go
    assert holder.poll() is not None  # it had finished before the change went through
    holder.wait()
    assert accounts.get("ana") is not None and accounts.get("ana").role == "supervisor"  # type: ignore[union-attr]


# -- what a failed log-in tells --------------------------------------------------------------------


@pytest.fixture
def accounts(tmp_path: Path) -> AccountStore:
    store = AccountStore(tmp_path / "accounts", settings=FAST)
    store.add("jrivera", "J. Rivera", "social_worker", GOOD)
    return store


def test_an_unknown_name_locks_after_five_tries_like_an_account(accounts: AccountStore) -> None:
    answers = {}
    for name in ("jrivera", "nobody.here"):
        answers[name] = [accounts.verify(name, "wrong password!!").reason for _ in range(6)]
    assert answers["jrivera"] == answers["nobody.here"] == ["bad_credentials"] * 4 + ["locked", "locked"]
    assert accounts.verify("nobody.here", GOOD).reason == accounts.verify("jrivera", GOOD).reason == "locked"


def test_an_unknown_name_costs_the_same_hash_and_disk_work_as_an_account(
        accounts: AccountStore, monkeypatch: pytest.MonkeyPatch) -> None:
    work: list[str] = []
    original_write, original_verify = AtomicJSONStorage.write, PasswordHasher.verify
    monkeypatch.setattr(AtomicJSONStorage, "write",
                        lambda self, data: (work.append("write"), original_write(self, data))[1])
    monkeypatch.setattr(PasswordHasher, "verify",
                        lambda self, h, p: (work.append("hash"), original_verify(self, h, p))[1])
    done = {}
    for name in ("jrivera", "nobody.here"):
        work.clear()
        for _ in range(5):
            accounts.verify(name, "wrong password!!")
        done[name] = list(work)
    assert done["jrivera"] == done["nobody.here"] == ["hash", "write"] * 5


def test_unknown_names_counted_are_bounded(accounts: AccountStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.files.accounts.UNKNOWN_NAMES_KEPT", 3)
    monkeypatch.setattr(AtomicJSONStorage, "write", lambda self, data: None)
    for n in range(10):
        accounts.verify(f"guess{n}", "wrong")
    assert list(accounts._unknown) == ["guess7", "guess8", "guess9"]  # the oldest are forgotten
