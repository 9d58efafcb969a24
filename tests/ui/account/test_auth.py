"""Log in, lockout, safe redirects, log out and the idle lock."""

from __future__ import annotations

import asyncio

import pytest
from nicegui.testing import User
from support.ui import PASSWORD, login, session_state

from pages.services import get


async def test_every_staff_page_asks_for_a_login_first(user: User) -> None:
    await user.open("/")
    await user.should_see("Log in to Wraparound")
    response = await user.http_client.get("/workflow/safety_plan")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?redirect_to=/workflow/safety_plan"


async def test_a_wrong_password_is_refused_in_plain_words(user: User) -> None:
    await user.open("/login")
    user.find(marker="login:username").type("worker")
    user.find(marker="login:password").type("not the password")
    user.find(marker="login:submit").click()
    await user.should_see("That user name and password do not match an active account.")
    await user.should_not_see("Log out")


async def test_five_failures_lock_the_account_for_ten_minutes(user: User) -> None:
    await user.open("/login")
    user.find(marker="login:username").type("worker")
    for attempt in range(1, 6):
        user.find(marker="login:password").type("wrong password!!")
        user.find(marker="login:submit").click()
        for _ in range(50):  # wait until the attempt has been counted
            account = get().accounts.get("worker")
            assert account is not None
            if account.failed_logins == attempt % 5 and (attempt < 5 or account.locked_until):
                break
            await asyncio.sleep(0.05)
    await user.should_see("Too many failed attempts with this user name")
    # Even the right password is refused while the lock lasts.
    user.find(marker="login:password").type(PASSWORD)
    user.find(marker="login:submit").click()
    await user.should_see("Too many failed attempts with this user name")
    account = get().accounts.get("worker")
    assert account is not None and account.locked_until is not None


@pytest.mark.parametrize("target", ["//evil.example/steal", "https://evil.example/", "/\\evil.example"])
async def test_after_login_only_a_local_page_is_opened(user: User, target: str) -> None:
    await user.open(f"/login?redirect_to={target}")
    user.find(marker="login:username").type("worker")
    user.find(marker="login:password").type(PASSWORD)
    user.find(marker="login:submit").click()
    await user.should_see("Start a workflow")  # the home page


async def test_after_login_the_page_asked_for_opens(user: User) -> None:
    await login(user, then="/workflow/safety_plan")
    await user.should_see("Start a new personal safety plan")


async def test_log_out_ends_the_session(user: User) -> None:
    await login(user)
    await user.open("/logout")
    await user.open("/")
    await user.should_see("Log in to Wraparound")


async def test_an_idle_session_locks_and_the_password_unlocks_it(user: User) -> None:
    await login(user)
    assert get().security.idle_lock_minutes == 15  # the unit's default
    # Pretend the last input was 16 minutes ago.
    session_state(user)["last_active"] -= 16 * 60
    await user.open("/workflow/safety_plan")
    await user.should_see("Your session is locked")
    user.find(marker="lock:password").type(PASSWORD)
    user.find(marker="lock:submit").click()
    await user.should_see("Start a new personal safety plan")


async def test_the_session_cookie_is_httponly_and_samesite(user: User) -> None:
    response = await user.http_client.get("/login")
    cookie = response.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
