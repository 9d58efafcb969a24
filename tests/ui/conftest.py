"""User-fixture tests: NiceGUI's simulated browser runs app.py in this process. Each test gets its
own data folder and config folder (secrets), set before the `user` fixture runs app.py, and staff
accounts of every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.ui import PASSWORD, STAFF

from store.files.accounts import AccountStore
from store.security.crypto import open_codec


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    monkeypatch.setenv("WRAPAROUND_DATA_DIR", str(folder))
    monkeypatch.setenv("WRAPAROUND_CONFIG_DIR", str(tmp_path / "config"))
    accounts = AccountStore(folder / "accounts", open_codec(folder))
    for username, (name, role) in STAFF.items():
        accounts.add(username, name, role, PASSWORD)
    accounts.close()
    yield folder


@pytest.fixture(autouse=True)
def patient_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """NiceGUI's `should_see` gives up after 3 tries 0.1 s apart. Log-in hashes a password and
    saves go through a worker thread, so on a busy 2-core machine that is too short; wait up to
    5 s (a passing check still returns at once)."""
    from nicegui.testing import User

    for name in ("should_see", "should_not_see"):
        original = getattr(User, name)

        async def patient(self: User, *args: object, _original: object = original, retries: int = 50,
                          **kwargs: object) -> None:
            await _original(self, *args, retries=retries, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(User, name, patient)
