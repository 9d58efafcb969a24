"""The log-in page never tells which user names exist: five wrong tries with a name nobody has read
exactly as five wrong tries on a real account (the store does the same work for both, see
tests/unit/test_accounts_processes.py)."""

from __future__ import annotations

from nicegui.testing import User
from support.ui import PASSWORD


async def what_five_wrong_tries_say(user: User, username: str) -> list[str]:
    await user.open("/login")
    user.find(marker="login:username").type(username)
    said = []
    for attempt in range(6):
        password = PASSWORD if attempt == 5 else f"wrong password {attempt}!"
        user.find(marker="login:password").type(password)
        user.find(marker="login:submit").click()
        await user.should_see("That user name and password do not match" if attempt < 4 else "Too many failed")
        message = next(iter(user.find(marker="login:message").elements))
        said.append(message.text)  # type: ignore[attr-defined]
    return said


async def test_a_locked_account_and_an_unknown_name_read_the_same(user: User) -> None:
    real = await what_five_wrong_tries_say(user, "worker")
    unknown = await what_five_wrong_tries_say(user, "no.such.person")
    assert real == unknown
    assert real[4] == real[5] == ("Too many failed attempts with this user name: it cannot log in for 10 minutes. "
                                  "Try again then, or ask an administrator.")
    await user.should_not_see("Log out")  # even the right password, once locked
