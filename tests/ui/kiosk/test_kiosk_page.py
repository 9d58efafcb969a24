"""The kiosk page through the simulated browser, for what Chromium cannot see: the server side.
An urgent alert followed at once by Send stays one intake; nothing typed at the kiosk is put in
app.storage; a quick exit or idle wipe drops the visit on the server; a tablet that is not enrolled
asks nothing and can send nothing."""

from __future__ import annotations

import json

from nicegui import app
from nicegui.testing import User
from support.ui import answer, tick
from support.ui_kiosk import open_as_tablet

from pages.kiosk.style import QUICK_EXIT_EVENT
from pages.services import get


def emit(user: User, event: str) -> None:
    """A page-wide event as the browser's `emitEvent(event)` sends it."""
    assert user.client is not None
    layout = user.client.layout
    listener = next(item for item in layout._event_listeners.values() if item.type == event)
    user.client.handle_event({"id": layout.id, "listener_id": listener.id, "args": []})


def everything_stored() -> str:
    """All that NiceGUI keeps for browsers and tabs, as one text."""
    return json.dumps([dict(app.storage.general), {k: dict(v) for k, v in app.storage._users.items()}],
                      default=str)


async def test_an_urgent_alert_then_send_is_one_intake_and_nothing_is_put_in_storage(user: User) -> None:
    await open_as_tablet(user)
    user.find(marker="kiosk:language=en").click()
    await user.should_see("What brings you in today?")
    tick(user, "reason.reasons", "hurt_or_threatened")
    user.find(marker="kiosk:next").click()
    await user.should_see("Are you safe right now?")
    answer(user, "safety.safe_now", "no")
    await user.should_see("In danger right now? Call 911")
    # Straight on, without waiting for the alert to reach the queue.
    user.find(marker="kiosk:next").click()
    await user.should_see("What can we call you?")
    answer(user, "name.first_name", "Quetzali")
    for heading in ("How can we reach you safely?", "Language and access", "Anything else?", "Check your answers"):
        user.find(marker="kiosk:next").click()
        await user.should_see(heading)
    assert "Quetzali" not in everything_stored()
    user.find(marker="kiosk:send").click()
    await user.should_see("Thank you")
    intakes = get().cases.intakes.open_intakes()
    assert len(intakes) == 1
    (intake,) = intakes
    assert intake.urgent and intake.submitted and intake.urgent_at is not None
    assert intake.answers["name"] == {"first_name": "Quetzali"} and intake.language == "en"
    assert "Quetzali" not in everything_stored()


async def test_a_quick_exit_drops_the_visit_on_the_server(user: User) -> None:
    await open_as_tablet(user)
    user.find(marker="kiosk:language=es").click()
    await user.should_see("¿Por qué vino hoy?")
    tick(user, "reason.reasons", "information")
    user.find(marker="kiosk:next").click()
    await user.should_see("¿Está a salvo ahora mismo?")
    answer(user, "safety.safe_now", "yes")
    user.find(marker="kiosk:next").click()
    await user.should_see("¿Cómo le podemos llamar?")
    answer(user, "name.first_name", "Yolotzin")
    emit(user, QUICK_EXIT_EVENT)  # what the button's script sends as the browser leaves
    # The server is back at the start, with nothing of the visit left in its widgets.
    await user.should_see("Choose your language")
    await user.should_not_see("Yolotzin")
    assert get().cases.intakes.open_intakes() == []


async def test_a_tablet_that_is_not_enrolled_asks_nothing(user: User) -> None:
    await user.open("/kiosk")
    await user.should_see("This screen is not set up yet. Please ask at the front window.")
    await user.should_see("Esta pantalla todavía no está lista. Por favor, pregunte en la ventanilla.")
    await user.should_not_see("English")
