"""The workflow definitions and fixture answers the per-workflow tests share."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.order_of_protection import TWO_CHILDREN
from support.station_adjustment import FORMAL, VIOLATION, pdf_text

from workflows.engine import evaluate
from workflows.loader import DEFINITIONS_DIR, load_file
from workflows.model import Definition

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def op() -> Definition:
    return load_file(DEFINITIONS_DIR / "order_of_protection.yaml", templates_dir=None)


@pytest.fixture
def petition(answers: Callable[[str], Answers]) -> Answers:
    """A complete, eligible petition: former spouse, two children, three incidents, six remedies."""
    return answers(TWO_CHILDREN)


@pytest.fixture(scope="module")
def sa() -> Definition:
    return load_file(DEFINITIONS_DIR / "station_adjustment.yaml", templates_dir=None)


@pytest.fixture(scope="module")
def violation_definition() -> Definition:
    return load_file(DEFINITIONS_DIR / "station_adjustment_violation.yaml", templates_dir=None)


@pytest.fixture
def formal(answers: Callable[[str], Answers]) -> Answers:
    return answers(FORMAL)


@pytest.fixture
def violation(answers: Callable[[str], Answers]) -> Answers:
    return answers(VIOLATION)


@pytest.fixture(scope="module")
def agreement(sa: Definition) -> str:
    data = json.loads((ROOT / "tests" / "fixtures" / FORMAL).read_text(encoding="utf-8"))
    return pdf_text(sa, evaluate(sa, data), "formal_agreement")
