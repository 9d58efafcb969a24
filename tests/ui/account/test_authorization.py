"""The authorization matrix (pages.authz), checked against the running app: every page of the app
has a row, docs/authorization.md shows the same table, and every page refuses every role the
matrix refuses — and opens for every role it allows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from nicegui import app
from nicegui.testing import User
from starlette.routing import Route
from support.ui import login

from pages import authz
from pages.services import get

DOC = Path(__file__).resolve().parents[3] / "docs" / "authorization.md"
LOGIN_AS = {"intern": "intern", "social_worker": "worker", "supervisor": "super", "admin": "admin"}
ASSETS = {"/favicon.ico"}  # served to everyone, like NiceGUI's own /_nicegui assets
SAMPLE_VALUES = {"workflow_id": "safety_plan", "document_id": "take_home"}


def concrete(route: str) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: SAMPLE_VALUES.get(m.group(1), "doesnotexist"), route)


async def test_every_page_of_the_app_has_a_row(user: User) -> None:
    await user.open("/login")  # the app has registered its pages
    pages = {r.path for r in app.routes if isinstance(r, Route) and not r.path.startswith("/_nicegui")}
    missing = sorted(p for p in pages - ASSETS if p not in authz.PAGES)
    assert not missing, f"pages without a row in pages/authz.py: {missing}"


def test_the_documented_table_is_the_matrix() -> None:
    rows: dict[str, list[str]] = {}
    header: list[str] = []
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "page or action":
            header = cells[1:]
        elif header and len(cells) == len(header) + 1 and cells[0].startswith(("`", "action `")):
            rows[cells[0].removeprefix("action ").strip("`")] = cells[1:]
    assert header == list(authz.ROLES)
    expected = {**authz.PAGES, **authz.ACTIONS}
    assert set(rows) == set(expected), "docs/authorization.md and pages/authz.py list different rows"
    for name, allowed in expected.items():
        assert rows[name] == ["yes" if r in allowed else "—" for r in authz.ROLES], name


def test_a_kiosk_session_is_refused_every_staff_page() -> None:
    for route, allowed in authz.PAGES.items():
        if allowed != authz.EVERYONE:
            assert "kiosk" not in allowed, route


@pytest.mark.parametrize("role", ["anonymous", "intern", "social_worker", "supervisor", "admin"])
@pytest.mark.parametrize("route", sorted(authz.PAGES))
async def test_each_page_opens_only_for_the_roles_allowed(user: User, route: str, role: str) -> None:
    if role != "anonymous":
        await login(user, LOGIN_AS[role])
    response = await user.http_client.get(concrete(route))
    refused_to_login = response.status_code == 303 and response.headers["location"].startswith("/login")
    if authz.page_allows(route, role):
        assert response.status_code != 403 and not refused_to_login, f"{role} should open {route}"
    elif role == "anonymous":
        assert refused_to_login, f"{route} should ask an anonymous visitor to log in"
    else:
        assert response.status_code == 403, f"{role} should be refused {route}"
        assert "You do not have access to this page" in response.text


def _enrolled_tablet() -> tuple[str, str]:
    """A lobby tablet enrolled as an administrator would: (device id, the token its cookie holds)."""
    devices = get().kiosk_devices
    device, code = devices.start_enrolment("Lobby tablet", by="admin")
    token = devices.complete_enrolment(code)
    assert token is not None
    return device.id, token


@pytest.mark.parametrize("staff_session", [False, True], ids=["tablet", "tablet with a supervisor's session"])
async def test_the_kiosk_role_comes_from_the_tablet_cookie_and_opens_only_its_rows(
        user: User, staff_session: bool) -> None:
    if staff_session:
        await login(user, "super")  # a supervisor logged in on the lobby tablet changes nothing
    else:
        await user.open("/login")
    device_id, token = _enrolled_tablet()
    cookies = user.http_client.cookies
    cookies.set("wraparound_kiosk", token)  # as /kiosk/enrol leaves it in the tablet's browser
    # /lock and /logout open for everyone, and would lock or end the session looked at below.
    for route in sorted(set(authz.PAGES) - {"/lock", "/logout"}):
        response = await user.http_client.get(concrete(route))
        if authz.page_allows(route, "kiosk"):
            assert response.status_code != 403, f"the kiosk should open {route}"
        else:
            assert response.status_code == 403, f"the kiosk should be refused {route}"
            assert "This screen is for the lobby kiosk only" in response.text
    # A revoked tablet's cookie makes nobody a kiosk any more; a made-up one never did.
    get().kiosk_devices.revoke(device_id, by="admin")
    for cookie in (token, "made-up"):
        cookies.set("wraparound_kiosk", cookie)
        response = await user.http_client.get("/search")
        assert response.status_code == (200 if staff_session else 303), response.headers.get("location")
