"""End-to-end fixtures: the real app in a subprocess on a free port (datasette style), driven by
Debian's Chromium through Playwright. Never `playwright install`: the machine has no internet."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from support.app_server import STAFF, RunningApp, add_account, start_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]




@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "accept_downloads": True, "viewport": {"width": 1280, "height": 900}}










@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    base = tmp_path_factory.mktemp("app")
    for username, role in STAFF.items():
        add_account(base / "data", base / "config", username, role)
    app = start_app(base / "data", base / "app.log", {"WRAPAROUND_CONFIG_DIR": str(base / "config")})
    yield app
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()
