"""The simulated browser's staff (one account per role, all with the same password), logging in,
answering questions the way the runner's widgets receive them, and the answer fixtures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.testing import User

from pages.account.sessions import page_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "correct horse battery staple"

STAFF = {
    "worker": ("Jo Worker", "social_worker"),
    "worker2": ("Sam Second", "social_worker"),
    "super": ("Pat Supervisor", "supervisor"),
    "intern": ("Ira Intern", "intern"),
    "admin": ("Ada Admin", "admin"),
}

YESNO = {True: "yes", False: "no", None: "unanswered"}


async def login(user: User, username: str = "worker", password: str = PASSWORD, then: str = "/") -> None:
    await user.open(f"/login?redirect_to={then}")
    user.find(marker="login:username").type(username)
    user.find(marker="login:password").type(password)
    user.find(marker="login:submit").click()
    await user.should_see("Log out")


def session_state(user: User) -> dict[str, Any]:
    """The server-side session of the page the user has open (log-in gives it a new id)."""
    assert user.client is not None
    page = page_session(user.client)
    assert page is not None and page.username is not None, "the open page is not a logged-in page"
    return page.state


def answer(user: User, key: str, value: Any) -> None:
    """Set the widget that holds `step.field` as a person would by typing, clicking or choosing."""
    elements = user.find(marker=key).elements
    assert elements, f"no widget for {key} on this screen"
    element = next(iter(elements))
    with user.client:  # type: ignore[union-attr]
        if isinstance(element, ui.radio) and isinstance(value, bool | None) and "yes" in element.options:
            element.value = YESNO[value]
        else:
            element.value = value


def tick(user: User, key: str, choice: str) -> None:
    element = next(iter(user.find(marker=f"{key}={choice}").elements))
    with user.client:  # type: ignore[union-attr]
        element.value = not element.value


def field_value(user: User, key: str) -> Any:
    return next(iter(user.find(marker=key).elements)).value  # type: ignore[attr-defined]


def fixture_answers(name: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / name).read_text()))
