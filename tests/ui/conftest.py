"""User-fixture tests: NiceGUI's simulated browser runs app.py in this process. Each test gets its
own data folder and config folder (secrets), set before the `user` fixture runs app.py, and staff
accounts of every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.accounts import AccountStore

PASSWORD = "correct horse battery staple"
STAFF = {
    "worker": ("Jo Worker", "social_worker"),
    "worker2": ("Sam Second", "social_worker"),
    "super": ("Pat Supervisor", "supervisor"),
    "intern": ("Ira Intern", "intern"),
    "admin": ("Ada Admin", "admin"),
}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    monkeypatch.setenv("WRAPAROUND_DATA_DIR", str(folder))
    monkeypatch.setenv("WRAPAROUND_CONFIG_DIR", str(tmp_path / "config"))
    accounts = AccountStore(folder / "accounts")
    for username, (name, role) in STAFF.items():
        accounts.add(username, name, role, PASSWORD)
    accounts.close()
    yield folder
