"""User-fixture tests: NiceGUI's simulated browser runs app.py in this process. Each test gets its
own data folder, set before the `user` fixture runs app.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    monkeypatch.setenv("WRAPAROUND_DATA_DIR", str(folder))
    yield folder
