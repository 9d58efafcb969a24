"""Shared helpers for the workflow unit tests: the shipped safety plan, the answer fixtures in
tests/fixtures/, and a way to build a small definition from a YAML string."""

from __future__ import annotations

import copy
import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# The `pytest` script does not put the project folder on sys.path (`python -m pytest` does), and the
# project may not be pip-installed yet; make `import workflows` work either way.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workflows.loader import DEFINITIONS_DIR, load_file, parse_definition  # noqa: E402
from workflows.model import Definition  # noqa: E402


def build_definition(yaml_text: str, name: str = "demo.yaml") -> Definition:
    """A definition from an indented YAML string, checked as the loader checks a file (no templates)."""
    return parse_definition(textwrap.dedent(yaml_text), name, templates_dir=None)


def read_answers(file_name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / file_name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def _shipped_safety_plan() -> Definition:
    # Templates are checked by the CLI tests; here only the definition itself matters.
    return load_file(DEFINITIONS_DIR / "safety_plan.yaml", templates_dir=None)


@pytest.fixture
def safety_plan(_shipped_safety_plan: Definition) -> Definition:
    return _shipped_safety_plan  # frozen pydantic models: safe to share


@pytest.fixture(scope="session")
def build() -> Callable[..., Definition]:
    """`build(yaml_text)`: a small definition for one test; raises DefinitionError like the loader."""
    return build_definition


@pytest.fixture
def answers() -> Callable[[str], dict[str, Any]]:
    """`answers("safety_plan_high_danger.json")`: a fresh, freely changeable copy of a fixture."""
    return lambda file_name: copy.deepcopy(read_answers(file_name))


# --- the casework store's tests share a controllable clock and a fresh store -------------------
from test_casework_support import Clock, install_clock  # noqa: E402

from store import CaseStore  # noqa: E402


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return install_clock(monkeypatch)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cases(root: Path, clock: Clock) -> Iterator[CaseStore]:
    with CaseStore(root) as opened:
        yield opened
