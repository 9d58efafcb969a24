"""End-to-end fixtures: the real app in a subprocess on a free port (datasette style), driven by
Debian's Chromium through Playwright. Never `playwright install`: the machine has no internet."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "accept_downloads": True, "viewport": {"width": 1280, "height": 900}}


class RunningApp:
    def __init__(self, url: str, data_dir: Path, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.data_dir = data_dir
        self.process = process
        self.log = log


def start_app(data_dir: Path, log: Path, extra_env: dict[str, str] | None = None) -> RunningApp:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env.update({"WRAPAROUND_DATA_DIR": str(data_dir), "WRAPAROUND_PORT": str(port)}, **(extra_env or {}))
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return RunningApp(url, data_dir, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the app did not start within 60 s:\n{log.read_text()}")


PASSWORD = "correct horse battery staple"
STAFF = {"worker": "social_worker", "super": "supervisor", "intern": "intern", "admin": "admin"}


def add_account(data_dir: Path, config_dir: Path, username: str, role: str) -> None:
    """Through the command line an administrator would use: `python -m store users add`."""
    subprocess.run(
        [sys.executable, "-m", "store", "users", "add", username, "--role", role, "--name", username.title(),
         "--password-stdin"],
        input=PASSWORD + "\n", text=True, check=True, cwd=ROOT, capture_output=True,
        env={**os.environ, "WRAPAROUND_DATA_DIR": str(data_dir), "WRAPAROUND_CONFIG_DIR": str(config_dir)},
    )


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
