"""Shared helpers for the workflow unit tests: the shipped safety plan, the answer fixtures in
tests/fixtures/, and a way to build a small definition from a YAML string."""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.casework import Clock, install_clock
from support.implementations import IMPLEMENTATIONS

from store import CaseStore
from workflows.loader import DEFINITIONS_DIR, load_file, parse_definition
from workflows.model import Definition

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"



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


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return install_clock(monkeypatch)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def cases(request: pytest.FixtureRequest, root: Path, clock: Clock) -> Iterator[CaseStore]:
    """A fresh casework store of each implementation (support.implementations) in turn."""
    with IMPLEMENTATIONS[request.param](root) as opened:
        yield opened
