"""The app started as a server for Playwright: `app.py` in a subprocess on a free port, with its own
data folder and staff accounts made by `python -m store users add`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

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
