"""The shipped safety plan, loaded once for the form tests."""

from __future__ import annotations

import pytest

from workflows.loader import load_directory
from workflows.model import Definition


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_directory().get("safety_plan")
