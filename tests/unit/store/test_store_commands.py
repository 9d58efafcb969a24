"""`python -m store verify` (every audit log's hash chain) and `python -m store users` over a
damaged accounts file, run as an administrator runs them: in a shell, against a data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.files.accounts import AccountStore
from store.files.casework import CaseStore
from store.files.sandboxes import Sandboxes
from store.files.training import TrainingRecords
from store.security.crypto import open_codec

ROOT = Path(__file__).resolve().parents[3]
GOOD = "correct horse battery staple"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("WRAPAROUND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WRAPAROUND_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("WRAPAROUND_DATA_KEY", raising=False)
    monkeypatch.delenv("WRAPAROUND_KEY_FILE", raising=False)
    return dict(os.environ)


def store_command(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "store", *args], input=stdin, text=True, capture_output=True,
                          cwd=ROOT, env=env, timeout=120, check=False)


@pytest.fixture
def data(env: dict[str, str]) -> Path:
    """A data folder with events in the live log, a practice sandbox's log and the training records'."""
    data_dir = Path(env["WRAPAROUND_DATA_DIR"])
    codec = open_codec(data_dir)
    with CaseStore(data_dir / "live", codec) as live:
        for n in range(4):
            live.audit.record("worker", "social_worker", "read", "case", f"C-2026-0000{n}")
    sandboxes = Sandboxes(data_dir / "training", codec)
    sandboxes.get("ira").audit.record("ira", "intern", "write", "document", "doc000000001", mode="training")
    sandboxes.close()
    records = TrainingRecords(data_dir / "training_records", codec)
    records.audit.record("super", "supervisor", "write", "attempt", "a1", mode="training")
    records.close()
    return data_dir


def test_verify_passes_a_whole_chain_and_names_every_log(env: dict[str, str], data: Path) -> None:
    done = store_command(env, "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok      live/audit", "ok      training/user-ira/audit", "ok      training_records/audit"]
    assert lines[0].startswith("ok      live/audit: 4 events, newest ")
    assert "3 audit log(s) checked, 0 broken" in done.stderr


def test_verify_exits_1_and_says_where_the_chain_breaks(env: dict[str, str], data: Path) -> None:
    [month] = (data / "training" / "user-ira" / "audit").glob("*.jsonl")
    [live_month] = (data / "live" / "audit").glob("*.jsonl")
    lines = live_month.read_bytes().splitlines(keepends=True)
    live_month.write_bytes(b"".join([lines[0], lines[2], lines[1], lines[3]]))  # two events swapped
    done = store_command(env, "verify")
    assert done.returncode == 1
    assert f"BROKEN  live/audit/{live_month.name}, line 2: expected event 2, found 3" in done.stdout
    assert "ok      training/user-ira/audit: 1 events" in done.stdout  # the other logs are still checked
    assert "3 audit log(s) checked, 1 broken" in done.stderr
    assert month.exists() and live_month.read_bytes().count(b"\n") == 4  # verify changes nothing


def test_verify_refuses_a_key_that_does_not_open_the_folder(env: dict[str, str], data: Path) -> None:
    wrong = {**env, "WRAPAROUND_DATA_KEY": "A" * 43 + "="}
    done = store_command(wrong, "verify")
    assert done.returncode == 1
    assert "encrypted with a different key" in done.stderr
    assert "BROKEN" not in done.stdout


# -- users, over a damaged accounts file -------------------------------------------------------------


@pytest.fixture
def damaged_accounts(env: dict[str, str], data: Path) -> Path:
    accounts = AccountStore(data / "accounts", open_codec(data))
    accounts.add("ada", "Ada Admin", "admin", GOOD)
    path = data / "accounts" / "accounts.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    return data / "accounts"


def test_users_list_on_a_damaged_accounts_file_says_what_to_do(env: dict[str, str], damaged_accounts: Path) -> None:
    done = store_command(env, "users", "list")
    assert done.returncode == 1
    assert "was damaged and set aside" in done.stderr
    assert "python -m store users add NAME --role admin" in done.stderr
    assert not (damaged_accounts / "accounts.json").exists()
    assert [p.name.split(".")[0] for p in (damaged_accounts / "damaged").iterdir()] == ["accounts"]


def test_users_add_starts_a_new_accounts_file_after_damage(env: dict[str, str], damaged_accounts: Path) -> None:
    done = store_command(env, "users", "add", "bea", "--role", "admin", "--password-stdin", stdin=GOOD + "\n")
    assert done.returncode == 0, done.stderr
    assert "added bea (Administrator)" in done.stdout
    assert "started a new one that holds only bea" in done.stdout
    listed = store_command(env, "users", "list")
    assert listed.returncode == 0 and [line.split()[0] for line in listed.stdout.splitlines()] == ["bea"]
    assert len(list((damaged_accounts / "damaged").iterdir())) == 1  # the damaged one is kept


def test_users_refuses_a_wrong_key_before_touching_the_accounts(env: dict[str, str], data: Path) -> None:
    AccountStore(data / "accounts", open_codec(data)).add("ada", "Ada Admin", "admin", GOOD)
    before = (data / "accounts" / "accounts.json").read_bytes()
    done = store_command({**env, "WRAPAROUND_DATA_KEY": "A" * 43 + "="}, "users", "list")
    assert done.returncode == 1 and "encrypted with a different key" in done.stderr
    assert (data / "accounts" / "accounts.json").read_bytes() == before  # not taken for damaged
    assert not (data / "accounts" / "damaged").exists()
