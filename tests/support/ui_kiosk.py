"""The simulated browser as an enrolled lobby tablet."""

from __future__ import annotations

from nicegui.testing import User

from pages.services import get


async def open_as_tablet(user: User) -> None:
    await user.open("/welcome")  # the app has started and its services are installed
    devices = get().kiosk_devices
    _, code = devices.start_enrolment("Lobby tablet", by="admin")
    token = devices.complete_enrolment(code)
    assert token is not None
    user.http_client.cookies.set("wraparound_kiosk", token)
    await user.open("/kiosk")
    await user.should_see("Choose your language")
