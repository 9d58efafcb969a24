"""Nothing anonymous grows without bound: a huge user name at log-in adds a few hundred bytes to
the audit log, control characters in a path cannot forge a server log line, and a browser's log
messages reach the server log only from the page's own socket, one short line each, a few a
minute."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from nicegui import core
from nicegui.testing import User
from support.ui import PASSWORD, login

from pages.account import socket_guard
from pages.account.auth import NOT_A_USER_NAME
from pages.services import get


def audit_bytes(data_dir: Path) -> int:
    return sum(path.stat().st_size for path in (data_dir / "live" / "audit").glob("*.jsonl"))


async def test_a_huge_user_name_adds_only_a_short_line_to_the_audit_log(user: User, data_dir: Path) -> None:
    await user.open("/login")
    before = audit_bytes(data_dir)
    for attempt in range(1, 6):
        user.find(marker="login:username").clear().type("x" * 300_000)
        user.find(marker="login:password").type("whatever it is")
        user.find(marker="login:submit").click()
        await user.should_see("That user name and password do not match an active account.")
        for _ in range(50):  # until this attempt is in the audit log
            if len(get().cases.audit.for_user(NOT_A_USER_NAME)) == attempt:
                break
            await asyncio.sleep(0.05)
    assert audit_bytes(data_dir) - before < 5 * 1500  # the 300,000 characters went nowhere
    failures = get().cases.audit.for_user(NOT_A_USER_NAME)
    assert [(e.action, e.record_id) for e in failures] == [("login_failed", NOT_A_USER_NAME)] * 5


async def test_a_huge_password_is_refused_without_being_hashed(user: User) -> None:
    await user.open("/login")
    user.find(marker="login:username").type("worker")
    user.find(marker="login:password").type(PASSWORD + "x" * 300_000)
    user.find(marker="login:submit").click()
    await user.should_see("That user name and password do not match an active account.")
    await user.should_not_see("Log out")


async def test_control_characters_in_a_path_do_not_forge_a_log_line(user: User,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    forged = "2026-01-01 12:00:00 ERROR admin logged in"
    response = await user.http_client.get(f"/no-such-page%0A{forged}%1b[2J" + "z" * 50_000)
    assert response.status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("http://test/no-such-page\\n" + forged) for message in messages)
    for line in caplog.text.splitlines():
        assert not line.startswith(forged) and "\x1b" not in line and len(line) < 2300


async def test_browser_log_lines_are_one_short_line_a_few_a_minute(user: User,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    await login(user)
    assert user.client is not None
    caplog.set_level(logging.INFO)
    for _ in range(30):
        socket_guard.log_from_browser(user.client, "critical\nFORGED", "oops\nFORGED line\x1b[2J" + "z" * 100_000)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("browser on /")]
    assert len(lines) == socket_guard.BROWSER_LOG_PER_MINUTE
    assert all("\n" not in line and "\x1b" not in line and len(line) < 700 for line in lines)
    assert {r.levelname for r in caplog.records if r.getMessage().startswith("browser on /")} == {"WARNING"}


async def test_a_socket_that_did_not_pass_the_handshake_cannot_write_to_the_log(
        user: User, caplog: pytest.LogCaptureFixture) -> None:
    await login(user)
    assert user.client is not None
    caplog.set_level(logging.DEBUG)
    core.sio.handlers["/"]["log"]("forged-socket", {"client_id": user.client.id, "level": "warning",
                                                    "message": "FORGED"})
    assert not [r for r in caplog.records if "FORGED" in r.getMessage()]
