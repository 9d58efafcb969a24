"""The store implementations the store's contract tests run against, by name.

A test that takes the `cases` fixture (tests/unit/conftest.py) runs once per implementation here:
it may use only what `store.api.Casework` declares. The file store is the one there is; a database
store (issue 18) adds itself here and must pass the same tests. Tests that read or damage the files
themselves (index, recovery, crash, damaged files) are the file store's own and open it directly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store import CaseStore


def _file_store(root: Path) -> CaseStore:
    return CaseStore(root)


IMPLEMENTATIONS: dict[str, Callable[[Path], CaseStore]] = {"files": _file_store}
